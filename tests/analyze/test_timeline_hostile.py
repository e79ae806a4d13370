"""The timeline on hostile text (issue 19): work linear in the text, results unchanged.

``/v1/report`` took 26 s on 100 KB of "sáng sáng …" (the "cùng ngày" pattern re-scanned the
run of cue words from each of them) and 37 s on 100 KB of "1/1/2020 …" (each date compared
with every earlier one, every mention with every member of every event, and each mention's
sentence split again to shorten it). No timing here: the tests count the work.
"""

from __future__ import annotations

from tomtat.analyze import timeline
from tomtat.analyze.timeline import build_timeline
from tomtat.analyze.view import shorten
from tomtat.model import Document
from tomtat.pipeline import build_cluster
from tomtat.text.dates import find_dates


def test_a_megabyte_of_cue_words_has_no_date_and_keeps_the_same_day_rule():
    assert find_dates("sáng " * 200_000) == []  # 1 MB: one pass
    text = "Lũ về. " + "sáng " * 50_000 + "cùng ngày, nước rút."
    (found,) = find_dates(text)
    assert found.pattern == "same_day" and found.span == (7, len(text) - len(", nước rút."))
    # the written forms the regex accepted, case and spacing included
    assert [r.text for r in find_dates("Tối  cùng ngày, SÁNG trong cùng ngày")] == [
        "Tối  cùng ngày",
        "SÁNG trong cùng ngày",
    ]


def test_many_dates_in_one_sentence_are_found_once_each():
    text = "ngày 1/1/2020 " * 20_000
    found = find_dates(text)
    assert len(found) == 20_000
    assert {r.pattern for r in found} == {"dm"} or {r.pattern for r in found} == {"dmy"}


def test_merging_compares_each_mention_with_few_events(monkeypatch):
    compared = {"events": 0}
    real = timeline._EventIndex.overlapping

    def counting(self, m, events):
        found = real(self, m, events)
        compared["events"] += len(found)
        return found

    monkeypatch.setattr(timeline._EventIndex, "overlapping", counting)

    def run(n: int) -> tuple[int, int]:
        compared["events"] = 0
        days = " ".join(f"ngày {1 + i % 28}/{1 + i // 28 % 12}/{2000 + i // 336}" for i in range(n))
        docs = [
            Document(id="a", title="Lịch sự kiện", text=f"Các mốc: {days}."),
            Document(id="b", title="Nhắc lại", text="Hôm ấy, ngày 1/1/2000, trời mưa."),
        ]
        entries = build_timeline(build_cluster(docs, "lich"))
        return len(entries), compared["events"]

    small, large = run(500), run(2_000)
    assert small[0] == 500 and large[0] == 2_000  # each day its own event
    # about one comparison per mention (the same day), not one per earlier event
    assert large[1] <= 5 * small[1] and large[1] <= 3 * 2_001


def test_shorten_counts_words_as_split_does():
    # odd spaces (em space, no-break space) count as str.split counts them
    text = "Một\u2003hai ba\u00a0bốn " + " ".join(["từ"] * 40) + " ngày 1/1/2020 rồi hết."
    at = text.index("ngày")
    words = text.split()
    pos = len(text[:at].split())  # what shorten computed by splitting the prefix each time
    lo = max(0, min(pos - 10, len(words) - 30))
    expected = "… " + " ".join(words[lo : lo + 30]) + (" …" if lo + 30 < len(words) else "")
    assert shorten(text, (at, at + 4)) == expected
    assert shorten(text, (at + 2, at + 4)) == expected  # a span starting inside a word
