"""Boilerplate cleaning: every rule, with what must never be removed."""

from __future__ import annotations

import pytest

from tomtat.text.clean import clean, is_heading
from tomtat.text.normalize import normalize

ARTICLE = """ date 2025-03 (Báo Sông Hồng) -

Sáng 12/3, cầu Nhật Tân được đóng cửa tạm thời để kiểm tra định kỳ.
Công nhân kiểm tra dây văng của cầu Nhật Tân trong đêm 11/3. Ảnh: TTXVN |
Theo Sở Giao thông, việc kiểm tra kéo dài khoảng sáu giờ.
Xem thêm: Hà Nội phân luồng giao thông dịp cuối tuần
Ảnh hưởng của việc đóng cầu tới giao thông là không lớn, ông Hải cho biết.
(Ảnh minh họa)
Chia sẻ
Minh Anh (tổng hợp)
Theo Reuters
Diễn đàn"""


def _reasons(text: str) -> dict[str, str]:
    _, removed = clean(normalize(text), "d1")
    return {r.text: r.reason for r in removed}


def test_article_cleaning_reports_every_removal():
    cleaned, removed = clean(normalize(ARTICLE), "d1")
    assert cleaned.split("\n") == [
        "Sáng 12/3, cầu Nhật Tân được đóng cửa tạm thời để kiểm tra định kỳ.",
        "Theo Sở Giao thông, việc kiểm tra kéo dài khoảng sáu giờ.",
        "Ảnh hưởng của việc đóng cầu tới giao thông là không lớn, ông Hải cho biết.",
    ]
    reasons = {r.text: r.reason for r in removed}
    assert reasons == {
        "date 2025-03 (Báo Sông Hồng) -": "dateline",
        "Công nhân kiểm tra dây văng của cầu Nhật Tân trong đêm 11/3. Ảnh: TTXVN |": "photo-caption",
        "Xem thêm: Hà Nội phân luồng giao thông dịp cuối tuần": "related-link",
        "(Ảnh minh họa)": "photo-caption",
        "Chia sẻ": "share-prompt",
        "Minh Anh (tổng hợp)": "byline",
        "Theo Reuters": "source-footer",
        "Diễn đàn": "source-footer",
    }
    assert all(r.doc_id == "d1" for r in removed)


@pytest.mark.parametrize(
    "caption",
    [
        "Người dân xếp hàng chờ mua vé tại ga Hà Nội. Ảnh: Hoàng Hà/TTXVN",
        "Thủ tướng phát biểu tại hội nghị, ngày 5/3. (Ảnh: VGP)",
        "Đoàn xe cứu trợ lên đường sáng 20/9. Ảnh: Reuters. |",
        "Ảnh: Reuters",
        "(Ảnh minh hoạ)",
        "Ảnh minh họa: Internet",
        "Khói bốc lên từ nhà máy. Nguồn ảnh: AFP",
    ],
)
def test_photo_captions(caption):
    text = "Đoạn thân bài đầu tiên của bài báo.\n" + caption + "\nĐoạn thân bài thứ hai."
    cleaned, removed = clean(normalize(text))
    assert cleaned == "Đoạn thân bài đầu tiên của bài báo.\nĐoạn thân bài thứ hai."
    assert [r.reason for r in removed] == ["photo-caption"]


def test_long_body_paragraph_keeps_text_and_loses_only_the_credit():
    body = " ".join(["Người dân địa phương cho biết nước lũ dâng rất nhanh trong đêm."] * 5)
    cleaned, removed = clean(body + " (Ảnh: TTXVN)")
    assert cleaned == body
    assert [(r.reason, r.text) for r in removed] == [("photo-credit", "(Ảnh: TTXVN)")]


@pytest.mark.parametrize(
    "sentence",
    [
        "Theo Bộ Y tế, số ca mắc tăng 20%.",
        "Ảnh hưởng của bão số 3 rất nghiêm trọng.",
        "Họ chụp ảnh kỷ niệm cùng nhau.",
        "Theo kế hoạch, cầu sẽ thông xe vào tháng 9.",
        "Bức ảnh cho thấy ông Nam đứng trước cửa nhà.",
        "Triển lãm ảnh: hơn 200 tác phẩm được trưng bày tại Hà Nội trong tháng này, thu hút đông đảo khách tham quan.",
        "Nguồn nước ở đây bị ô nhiễm nặng.",
        "Bình luận viên nói trận đấu rất hay.",
        "Chia sẻ với báo chí, ông Hùng cho biết công ty sẽ mở rộng sản xuất.",
    ],
)
def test_body_sentences_are_never_dropped(sentence):
    text = "Mở đầu bài viết.\n" + sentence + "\nKết thúc bài viết với một câu đầy đủ."
    cleaned, removed = clean(text)
    assert sentence in cleaned
    assert removed == []


@pytest.mark.parametrize(
    "line",
    [
        "Tin liên quan: Giá vàng tăng mạnh",
        "Đọc thêm: Những điều cần biết về thuế thu nhập",
        ">> Hà Nội mưa lớn, nhiều tuyến phố ngập",
        "Bài liên quan",
    ],
)
def test_related_links(line):
    cleaned, removed = clean("Thân bài.\n" + line + "\nThân bài tiếp.")
    assert cleaned == "Thân bài.\nThân bài tiếp."
    assert [r.reason for r in removed] == ["related-link"]


@pytest.mark.parametrize(
    "line",
    [
        "Bình luận",
        "Like fanpage Báo Sông Hồng để cập nhật tin mới",
        "Theo dõi chúng tôi trên Google News",
        "Chia sẻ | Bình luận",
    ],
)
def test_share_prompts(line):
    cleaned, removed = clean("Thân bài.\n" + line + "\nThân bài tiếp.")
    assert cleaned == "Thân bài.\nThân bài tiếp."
    assert [r.reason for r in removed] == ["share-prompt"]


@pytest.mark.parametrize(
    ("footer", "reason"),
    [
        ("Theo VnExpress", "source-footer"),
        ("(Theo CNN)", "source-footer"),
        ("Nguồn: Reuters, AFP", "source-footer"),
        ("Thu Hà", "byline"),
        ("Hoàng Nam (theo AP)", "byline"),
        ("PV/VOV", "byline"),
    ],
)
def test_footers(footer, reason):
    cleaned, removed = clean("Thân bài có một câu đầy đủ.\n" + footer)
    assert cleaned == "Thân bài có một câu đầy đủ."
    assert [r.reason for r in removed] == [reason]


def test_footer_words_in_the_middle_are_body():
    text = "Theo Reuters, hai bên đã đạt thỏa thuận.\nCâu cuối cùng của bài."
    assert clean(text) == (text, [])


def test_is_heading():
    assert is_heading("Lịch sử quan hệ hai nước")
    assert is_heading("Giá xăng giảm lần thứ ba liên tiếp")
    assert not is_heading("Giá xăng giảm lần thứ ba liên tiếp.")
    assert not is_heading("“Chúng tôi sẽ trở lại”")
    assert is_heading(" ".join(["Một"] * 15)) and not is_heading(" ".join(["Một"] * 16))
    # the limit counts white-space separated syllables, as the summary budget does
    assert is_heading("Ngày 13/9/2023, giá 20.000 đồng " + " ".join(["Một"] * 10))
    assert not is_heading("Ngày 13/9/2023, giá 20.000 đồng " + " ".join(["Một"] * 11))
    assert not is_heading("")


def test_headings_are_the_engine_heading_feature():
    from tomtat.engine.features import compute_features
    from tomtat.model import Document
    from tomtat.pipeline import build_cluster

    text = (
        "Kết quả kiểm tra\n\nCầu Nhật Tân được đóng cửa tạm thời.\n\n"
        "Thông tin thêm sẽ được công bố sau khi các chuyên gia hoàn tất đánh giá và gửi báo cáo\n\n"
        "Lịch trình mới\n\nÔng Minh nói: “Chúng tôi làm việc suốt đêm.”"
    )
    cluster = build_cluster(
        [Document("a", text, title="Cầu Nhật Tân tạm đóng")]
    )  # first line stays
    column = compute_features(cluster).column("heading")
    assert [i for i, v in enumerate(column) if v] == list(cluster.meta["headings"])
    assert [cluster.sentences[i].text for i in cluster.meta["headings"]] == [
        "Kết quả kiểm tra",
        "Lịch trình mới",
    ]


# --- credits glued to a sentence inside a line (paragraphs run together by the page) ---------

_BODY = "Mực nước sông Lam dâng cao suốt đêm qua khiến nhiều xã ven sông bị cô lập."


@pytest.mark.parametrize(
    ("glued", "kept", "gone"),
    [
        # an acronym credit, then a sentence that opens on a connector
        (
            "Ảnh: TTXVN Tuy nhiên, đến sáng nay nước đã bắt đầu rút.",
            "Tuy nhiên, đến sáng nay nước đã bắt đầu rút.",
            [("photo-credit", "Ảnh: TTXVN")],
        ),
        # initials ("H.Giang"), then a sentence that opens on a common noun
        (
            "Ảnh: H.Giang Bộ đội biên phòng đã đưa 40 hộ dân đến nơi an toàn.",
            "Bộ đội biên phòng đã đưa 40 hộ dân đến nơi an toàn.",
            [("photo-credit", "Ảnh: H.Giang")],
        ),
        # a reporter's name, then a function word: the name is the credit
        (
            "Ảnh: Thanh Tùng Theo Ban chỉ huy phòng chống thiên tai, 12 nhà bị ngập.",
            "Theo Ban chỉ huy phòng chống thiên tai, 12 nhà bị ngập.",
            [("photo-credit", "Ảnh: Thanh Tùng")],
        ),
        # a caption run into its credit, no sentence end between them: both go
        (
            "Xe cứu hộ tiếp cận khu dân cư - Ảnh: Minh Quân Tại xã Hưng Lợi, nước vẫn còn sâu.",
            "Tại xã Hưng Lợi, nước vẫn còn sâu.",
            [("photo-caption", "Xe cứu hộ tiếp cận khu dân cư - Ảnh: Minh Quân")],
        ),
        # a bracketed credit ends where the bracket closes
        (
            "Người dân chèo thuyền đi chợ (Ảnh: Hải Yến) Ông Nguyễn Văn Lộc cho biết nước lên rất nhanh.",
            "Ông Nguyễn Văn Lộc cho biết nước lên rất nhanh.",
            [("photo-caption", "Người dân chèo thuyền đi chợ (Ảnh: Hải Yến)")],
        ),
        # a source in brackets without a colon, after a caption: both go
        (
            "Đê bao bị vỡ một đoạn dài (Ảnh AP) Khoảng 50 hộ dân phải sơ tán trong đêm.",
            "Khoảng 50 hộ dân phải sơ tán trong đêm.",
            [("photo-caption", "Đê bao bị vỡ một đoạn dài (Ảnh AP)")],
        ),
        # "Ảnh minh họa." and "(Nguồn: ...)" between two sentences
        (
            "Ảnh minh họa. (Nguồn: TTXVN) Lượng mưa đo được tại Vinh là 300 mm.",
            "Lượng mưa đo được tại Vinh là 300 mm.",
            [("photo-credit", "(Nguồn: TTXVN)"), ("photo-credit", "Ảnh minh họa.")],
        ),
        # a caption and its credit run into a quotation that opens the next sentence
        (
            "Nông dân dọn bùn trên cánh đồng - Ảnh: Reuters “Chúng tôi mất trắng vụ lúa”, "
            "một người nói.",
            "“Chúng tôi mất trắng vụ lúa”, một người nói.",
            [("photo-caption", "Nông dân dọn bùn trên cánh đồng - Ảnh: Reuters")],
        ),
        (
            'Ảnh: Xuân Hòa "Nước lên nhanh quá", bà Năm kể lại.',
            '"Nước lên nhanh quá", bà Năm kể lại.',
            [("photo-credit", "Ảnh: Xuân Hòa")],
        ),
        # an acronym, then a sentence that opens on a name
        (
            "Ảnh: VOV Ông Trần Văn Hải, Chủ tịch UBND huyện, cho biết sẽ hỗ trợ gạo.",
            "Ông Trần Văn Hải, Chủ tịch UBND huyện, cho biết sẽ hỗ trợ gạo.",
            [("photo-credit", "Ảnh: VOV")],
        ),
    ],
)
def test_credit_glued_to_a_sentence_goes(glued, kept, gone):
    cleaned, removed = clean(normalize(f"{_BODY} {glued} Nước rút chậm."))
    assert cleaned == f"{_BODY} {kept} Nước rút chậm."
    assert [(r.reason, r.text) for r in removed] == gone


@pytest.mark.parametrize(
    "glued",
    [
        # where does the name end: "Lan Hương" and "Cô Lê Thị Hoa", or "Lan Hương Cô Lê"?
        "Ảnh: Lan Hương Cô Lê Thị Hoa, hiệu trưởng nhà trường, cho biết học sinh đã an toàn.",
        # a name of three words before a name-like word: "Quốc Bảo Ngọc" could be the sentence
        "Ảnh: Minh Quân Quốc Bảo Ngọc vẫn ở lại trạm bơm suốt đêm.",
        # the credit has lower-case words ("Thể thao Văn hóa"): where the sentence starts is unclear
        "Ảnh: Thể thao Văn hóa Dự án kè sông dài 3 km sẽ khởi công trong tháng tới.",
        # a bracket that starts with "ảnh" but is no credit ("ảnh hưởng"), a source of data
        "Giá cá tăng (ảnh hưởng của lũ) Nhiều chợ thiếu hàng, nhất là rau xanh và thịt.",
        "Lượng mưa (nguồn: Đài khí tượng) vượt mức trung bình nhiều năm, gây ngập nhiều nơi.",
        # a credit in capitals only: "THE" is not the whole credit
        "Ảnh: THE NEW YORK TIMES Nước lũ đã rút, người dân trở về nhà.",
    ],
)
def test_ambiguous_glued_credit_leaves_the_line(glued):
    text = f"{_BODY} {glued} Nước rút chậm."
    cleaned, removed = clean(normalize(text))
    assert cleaned == normalize(text)
    assert removed == []


def test_credit_after_a_sentence_end_keeps_that_sentence():
    # the sentence before the credit may be a caption, but it cannot be told from the body
    text = "Nhà văn hóa xã được dùng làm nơi tránh lũ. (Ảnh: TTXVN) Hơn 200 người đã đến đây."
    cleaned, removed = clean(normalize(text))
    assert cleaned == "Nhà văn hóa xã được dùng làm nơi tránh lũ. Hơn 200 người đã đến đây."
    assert [(r.reason, r.text) for r in removed] == [("photo-credit", "(Ảnh: TTXVN)")]


def test_headline_run_into_the_first_sentence_goes():
    text = (
        "Lũ sông Lam lên nhanh trong đêm Sau hai ngày mưa lớn, nước sông Lam đã vượt báo động 3.\n"
        "Chính quyền đã sơ tán 300 hộ dân."
    )
    cleaned, removed = clean(normalize(text))
    assert cleaned.split("\n")[0] == "Sau hai ngày mưa lớn, nước sông Lam đã vượt báo động 3."
    assert [(r.reason, r.text) for r in removed] == [
        ("headline", "Lũ sông Lam lên nhanh trong đêm")
    ]


@pytest.mark.parametrize(
    "first",
    [
        # a connector after punctuation: a sentence, not a glued headline
        "Nước đã rút. Sau hai ngày, người dân trở về nhà.",
        # "Tuy" opens sentences but is also a given name ("Lê Đức Tuy"): not a headline's end
        "Phó chủ tịch huyện Lê Đức Tuy đã ký quyết định hỗ trợ 300 hộ dân.",
        # a capital after the connector: a title or a name ("Theo Dòng Lịch Sử")
        "Chương trình Theo Dòng Lịch Sử sẽ phát sóng tối nay.",
    ],
)
def test_first_sentences_without_a_glued_headline_stay(first):
    cleaned, removed = clean(normalize(first + "\nCâu thứ hai."))
    assert cleaned == normalize(first + "\nCâu thứ hai.")
    assert removed == []
