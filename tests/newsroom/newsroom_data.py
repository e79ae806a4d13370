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


PLACES = ["Hà Giang", "Lào Cai", "Yên Bái", "Nghệ An", "Quảng Bình", "Huế", "Đà Nẵng",
          "Quảng Nam", "Bình Định", "Phú Yên", "Khánh Hòa", "Đắk Lắk", "Lâm Đồng", "Bến Tre",
          "Trà Vinh", "Sóc Trăng", "Cà Mau", "Kiên Giang", "An Giang", "Đồng Tháp"]  # fmt: skip
TOPICS = [
    ("khởi công tuyến đường", "km", "tỷ đồng vốn đầu tư", "nhà thầu thi công"),
    ("hội chợ nông sản", "gian hàng", "lượt khách tham quan", "sản phẩm OCOP"),
    ("sạt lở bờ sông", "mét bờ sông", "hộ dân phải di dời", "kè chống sạt lở"),
    ("lễ hội văn hóa", "đoàn nghệ thuật", "nghìn du khách", "nghi lễ truyền thống"),
    ("tiêm vắc xin cho trẻ", "điểm tiêm", "trẻ em được tiêm", "cán bộ y tế"),
]


def synthetic_articles(n: int, seed: int = 0, prefix: str = "s") -> list[dict]:
    """``n`` distinct articles about ``n // 4`` made-up local events (place x topic x figure),
    each event told by several articles that reorder and reword its facts."""
    import random

    rng = random.Random(seed)
    out = []
    n_events = max(1, n // 4)
    for k in range(n):
        ev = k % n_events
        place = PLACES[ev % len(PLACES)]
        what, unit, count_of, who = TOPICS[(ev // len(PLACES)) % len(TOPICS)]
        a, b = 10 + ev * 7, 100 + ev * 13
        facts = [
            f"Tỉnh {place} tổ chức {what} với {a} {unit}.",
            f"Theo ban tổ chức, có khoảng {b} {count_of} trong đợt này.",
            f"Lãnh đạo tỉnh {place} đánh giá cao sự phối hợp của {who}.",
            f"Sự kiện số {ev} tại {place} được người dân địa phương hưởng ứng.",
            f"Ông Nguyễn Văn {chr(65 + ev % 26)} cho biết {what} sẽ tiếp tục vào năm sau.",
        ]
        rng.shuffle(facts)
        text = " ".join(facts[: 3 + rng.randrange(3)]) + f" Bài viết số {k}."
        out.append(
            {
                "id": f"{prefix}{k}",
                "title": f"{place}: {what} ({a} {unit})",
                "text": text,
                "date": f"2025-09-{1 + (ev * 28) // n_events:02d}",
                "url": f"https://bao{k % 7}.example/{prefix}/{k}.html",
                "event": f"e{ev}",
            }
        )
    out.sort(key=lambda r: r["date"])
    return out


def write_records(path: Path, records: list[dict]) -> Path:
    with path.open("w", encoding="utf-8") as fh:
        for r in records:
            fh.write(json.dumps(r, ensure_ascii=False) + "\n")
    return path
