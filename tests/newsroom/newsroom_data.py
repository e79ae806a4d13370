"""Hand-written Vietnamese articles for the newsroom tests: three events, dated, each article
from its own outlet with its own URL."""

from __future__ import annotations

import json
from pathlib import Path

from tomtat.model import Document

# event -> [(outlet, date, title, text)]
EVENTS = {
    "lu": [
        (
            "Báo Hà Tĩnh",
            "2025-10-02",
            "Lũ dâng cao, hàng nghìn hộ dân Hương Khê bị cô lập",
            "Mưa lớn kéo dài khiến nước sông Ngàn Sâu dâng cao, hơn 3.000 hộ dân ở huyện Hương Khê "
            "bị cô lập. Chính quyền huyện Hương Khê đã điều xuồng máy tiếp tế mì tôm, nước uống cho "
            "người dân vùng lũ. Nhiều tuyến đường liên xã bị ngập sâu hơn một mét.",
        ),
        (
            "Tin Miền Trung",
            "2025-10-02",
            "Hà Tĩnh: nước sông Ngàn Sâu vượt báo động 3",
            "Nước sông Ngàn Sâu tại trạm Hòa Duyệt vượt báo động 3, hơn 3.000 hộ dân huyện Hương Khê "
            "bị cô lập. Lực lượng cứu hộ dùng xuồng máy đưa mì tôm, nước uống vào vùng lũ Hương Khê. "
            "Nhiều trường học cho học sinh nghỉ học.",
        ),
        (
            "Nông Thôn Mới",
            "2025-10-03",
            "Hương Khê khắc phục hậu quả lũ trên sông Ngàn Sâu",
            "Nước sông Ngàn Sâu bắt đầu rút, huyện Hương Khê huy động bộ đội giúp dân dọn bùn đất. "
            "Trận lũ làm hơn 3.000 hộ dân Hương Khê bị cô lập nhiều ngày, nhiều tuyến đường bị sạt lở. "
            "Tỉnh Hà Tĩnh hỗ trợ mì tôm, nước uống và thuốc men cho người dân.",
        ),
    ],
    "cau": [
        (
            "Báo Cần Thơ",
            "2025-10-02",
            "Khánh thành cầu Phong Điền bắc qua sông Cần Thơ",
            "Sáng nay, thành phố Cần Thơ khánh thành cầu Phong Điền dài 480 mét bắc qua sông Cần Thơ, "
            "tổng vốn đầu tư 620 tỷ đồng. Cây cầu rút ngắn thời gian đi lại từ huyện Phong Điền vào "
            "trung tâm thành phố còn 15 phút.",
        ),
        (
            "Miền Tây Online",
            "2025-10-02",
            "Cầu Phong Điền 620 tỷ đồng chính thức thông xe",
            "Cầu Phong Điền bắc qua sông Cần Thơ với tổng vốn 620 tỷ đồng đã thông xe sáng nay. "
            "Cầu dài 480 mét, giúp người dân huyện Phong Điền vào trung tâm thành phố Cần Thơ chỉ "
            "mất 15 phút thay vì 40 phút như trước.",
        ),
        (
            "Giao Thông Vận Tải",
            "2025-10-03",
            "Người dân Phong Điền vui mừng đi trên cầu mới",
            "Một ngày sau lễ khánh thành, hàng nghìn lượt xe đã qua cầu Phong Điền bắc qua sông Cần "
            "Thơ. Cây cầu dài 480 mét, vốn 620 tỷ đồng, giúp nông sản của huyện Phong Điền đến chợ "
            "đầu mối nhanh hơn.",
        ),
    ],
    "lua": [
        (
            "Kinh Tế Nông Nghiệp",
            "2025-10-04",
            "Giá lúa gạo xuất khẩu tăng mạnh, nông dân An Giang phấn khởi",
            "Giá gạo xuất khẩu 5% tấm của Việt Nam tăng lên 640 USD mỗi tấn, cao nhất trong năm. "
            "Nông dân An Giang bán lúa tươi với giá 8.200 đồng mỗi ký, lãi gần 30 triệu đồng mỗi "
            "hecta. Các doanh nghiệp xuất khẩu gạo tăng thu mua cho đơn hàng Philippines.",
        ),
        (
            "Thời Báo Gạo",
            "2025-10-04",
            "Gạo Việt Nam xuất khẩu đạt 640 USD mỗi tấn",
            "Gạo 5% tấm của Việt Nam được chào bán 640 USD mỗi tấn, mức cao nhất năm nay nhờ đơn "
            "hàng từ Philippines. Tại An Giang, thương lái mua lúa tươi 8.200 đồng mỗi ký, nông dân "
            "lãi khoảng 30 triệu đồng mỗi hecta.",
        ),
    ],
}


def make_documents(prefix: str = "a") -> list[Document]:
    """The fixture articles in arrival order (dated), each with its own URL and outlet."""
    docs = []
    for event, items in EVENTS.items():
        for k, (outlet, date, title, text) in enumerate(items, 1):
            docs.append(
                Document(
                    id=f"{prefix}-{event}-{k}",
                    text=text,
                    title=title,
                    source=outlet,
                    date=date,
                    url=f"https://{event}.tin.example/bai-{k}.html",
                    meta={"event": event},
                )
            )
    docs.sort(key=lambda d: (d.date, d.id))
    return docs


def write_jsonl(path: Path, docs: list[Document]) -> Path:
    with path.open("w", encoding="utf-8") as fh:
        for d in docs:
            rec = {"id": d.id, "title": d.title, "text": d.text, "source": d.source,
                   "date": d.date, "url": d.url, **dict(d.meta)}  # fmt: skip
            fh.write(json.dumps(rec, ensure_ascii=False) + "\n")
    return path
