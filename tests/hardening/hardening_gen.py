"""Generators of Vietnamese-looking news text for the hardening tests and benchmarks.

Two flavours of the same vocabulary (written for these tests, not copied from any article):

* hypothesis strategies (``vi_text``, ``vi_document_text``, ``vi_cluster_docs``) that shrink
  well and mix in the quirks real input has: decomposed (NFD) diacritics, both tone
  placements ("hoà"/"hòa"), non-breaking and zero-width spaces, CRLF, numbers such as
  "20.000", "1,5", "13/9/2023", abbreviations ("TP.HCM", "PGS.TS.", "v.v."), quotes and
  brackets, ellipses;
* :func:`random_documents` / :func:`random_text`, plain ``random.Random`` generators that give
  the same text for the same seed in any process (used by the fresh-process determinism test
  and by ``benchmarks/bench_limits.py``).
"""

from __future__ import annotations

import random
import unicodedata

from hypothesis import strategies as st

from tomtat.model import Document

# Common syllables, both tone placements of "oa"/"uy" words, and some English/loan words.
SYLLABLES = (  # noqa: SIM905 (a readable word list)
    "người dân chính quyền tỉnh thành phố huyện xã cho biết hôm nay sáng chiều tối qua "
    "đã đang sẽ được bị khi trong ngoài trên dưới với về của và hoặc nhưng vì nên để "
    "mưa lũ bão gió nước sông cầu đường tàu xe máy bay cảng chợ trường bệnh viện "
    "tổng thống thủ tướng bộ trưởng ngoại giao hội nghị thượng đỉnh thỏa thuận thoả "
    "hòa hoà bình an ninh kinh tế xã hội quốc hội luật mới cũ năm tháng ngày giờ "
    "triệu tỷ đồng lượt khách hộ gia đình sơ tán cứu hộ thiệt hại nặng nề khẩn cấp "
    "thủy thuỷ lợi điện lực nông nghiệp công nghiệp doanh nghiệp ngân hàng lãi suất "
    "phát biểu nhấn mạnh khẳng định tuyên bố họp báo điều tra nguyên nhân ban đầu "
    "Hà Nội Huế Đà Nẵng Cần Thơ Quảng Ninh Moskva Bình Nhưỡng Nguyễn Trần Lê Phạm "
    "Văn Thị Minh Anh Hùng Lan Tuấn Đức COVID ASEAN WHO online smartphone"
).split()
NUMBERS = (
    "20.000", "1,5", "11,000", "3.000", "126", "48", "2024", "13/9/2023", "18/06", "21h",
    "50%", "4,5", "20.000 - 50.000", "1.200 tỷ", "10-12",
)  # fmt: skip
ABBREVIATIONS = ("TP.HCM", "ThS.", "PGS.TS.", "TS.", "Q.1", "v.v.", "Mr.", "U.S.", "TP. Huế")
OPENERS = ("“", '"', "(", "«", "‘")
CLOSERS = ("”", '"', ")", "»", "’")
ENDS = (".", ".", ".", "!", "?", "…", "...", ".”", "?”", ").")
ODD_SPACES = (" ", " ", " ", " ", "\u00a0", "\u200b", "  ", "\t")
URLS = ("https://vi.example.vn/tin-tuc?id=20.000", "ban.doc@example.vn")

# --------------------------------------------------------------------------- hypothesis
# Each example is drawn as a few integers (a seed and sizes) and built with random.Random:
# hypothesis stays fast (a handful of draws per example instead of one per word) and every
# example is still reproducible from the fixed-seed run; the failing text is printed in full.


def quirky_word(rng: random.Random) -> str:
    r = rng.random()
    if r < 0.70:
        word = rng.choice(SYLLABLES)
        if rng.random() < 0.1:
            word = word.capitalize()
    elif r < 0.80:
        word = rng.choice(NUMBERS)
    elif r < 0.88:
        word = rng.choice(ABBREVIATIONS)
    elif r < 0.94:
        word = rng.choice(OPENERS) + rng.choice(SYLLABLES)
    else:
        word = rng.choice(SYLLABLES) + rng.choice((*CLOSERS, ",", ":", ";"))
    if rng.random() < 0.07:
        word = unicodedata.normalize("NFD", word)
    return word


def quirky_sentence(rng: random.Random, max_words: int = 30) -> str:
    words = [quirky_word(rng) for _ in range(rng.randint(1, max_words))]
    out = words[0][:1].upper() + words[0][1:]
    for w in words[1:]:
        out += rng.choice(ODD_SPACES) + w
    if rng.random() < 0.06:
        out += " " + rng.choice(URLS)
    return out + rng.choice(ENDS)


def quirky_text(rng: random.Random, paragraphs: int, sentences: int) -> str:
    sep = rng.choice(("\n", "\n\n", "\r\n", "\n \n"))
    return sep.join(
        " ".join(quirky_sentence(rng) for _ in range(rng.randint(1, sentences)))
        for _ in range(paragraphs)
    )


_SEED = st.integers(0, 2**32 - 1)


def vi_sentence(max_words: int = 30) -> st.SearchStrategy[str]:
    return st.builds(lambda seed: quirky_sentence(random.Random(seed), max_words), _SEED)


def vi_document_text(max_paragraphs: int = 6, max_sentences: int = 5) -> st.SearchStrategy[str]:
    return st.builds(
        lambda seed, p, n: quirky_text(random.Random(seed), p, n),
        _SEED,
        st.integers(1, max_paragraphs),
        st.integers(1, max_sentences),
    )


#: Vietnamese-looking text, sometimes with arbitrary Unicode spliced in.
vi_text = st.one_of(
    vi_document_text(),
    st.builds(lambda a, b, c: a + b + c, vi_sentence(), st.text(max_size=40), vi_sentence()),
)


def quirky_documents(rng: random.Random, n_docs: int) -> list[Document]:
    """Documents about one "event": each has its own sentences and some shared ones."""
    shared = [quirky_sentence(rng) for _ in range(rng.randint(1, 4))]
    docs = []
    for i in range(n_docs):
        sentences = [quirky_sentence(rng) for _ in range(rng.randint(1, 8))]
        sentences += [rng.choice(shared) for _ in range(rng.randint(0, 3))]
        rng.shuffle(sentences)
        docs.append(
            Document(
                id=f"d{i + 1}",
                text=rng.choice(("\n", "\n\n", " ")).join(sentences),
                title=rng.choice(("", quirky_sentence(rng, 10))),
                source=rng.choice(("", "Báo Mẫu", "Tin Nhanh", "Đài <b>Thử</b> *x*")),
                date=rng.choice((None, "2024-06-18", "2023-09-13", "2024-06")),
            )
        )
    return docs


def vi_cluster_docs(max_docs: int = 5) -> st.SearchStrategy[list[Document]]:
    """2-``max_docs`` documents; some share sentences (as articles about one event do)."""
    return st.builds(
        lambda seed, n: quirky_documents(random.Random(seed), n), _SEED, st.integers(2, max_docs)
    )


# --------------------------------------------------------------------------- plain random


def random_sentence(rng: random.Random, min_words: int = 6, max_words: int = 28) -> str:
    words = []
    for _ in range(rng.randint(min_words, max_words)):
        r = rng.random()
        if r < 0.82:
            words.append(rng.choice(SYLLABLES))
        elif r < 0.92:
            words.append(rng.choice(NUMBERS))
        else:
            words.append(rng.choice(ABBREVIATIONS))
    words[0] = words[0][:1].upper() + words[0][1:]
    return " ".join(words) + rng.choice((".", ".", ".", "!", "?", ".”"))


def random_text(rng: random.Random, n_sentences: int, per_paragraph: int = 4) -> str:
    """``n_sentences`` random sentences, ``per_paragraph`` to a line."""
    lines, line = [], []
    for _ in range(n_sentences):
        line.append(random_sentence(rng))
        if len(line) >= per_paragraph:
            lines.append(" ".join(line))
            line = []
    if line:
        lines.append(" ".join(line))
    return "\n".join(lines)


def random_documents(seed: int, n_docs: int = 4, sentences: int = 12) -> list[Document]:
    """A cluster-like set of documents; the same ``seed`` gives the same text everywhere."""
    rng = random.Random(seed)
    shared = [random_sentence(rng) for _ in range(4)]
    docs = []
    for i in range(n_docs):
        own = [random_sentence(rng) for _ in range(rng.randint(2, sentences))]
        own += rng.sample(shared, 2)
        rng.shuffle(own)
        docs.append(
            Document(
                id=f"s{seed}-{i + 1}",
                title=random_sentence(rng, 4, 10).rstrip(".!?”"),
                text="\n".join(own),
                source=rng.choice(["Báo Mẫu", "Tin Nhanh", ""]),
                date=rng.choice([None, "2024-06-18", "2024-06-19"]),
            )
        )
    return docs
