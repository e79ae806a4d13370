"""Do summary sentences read on their own? Headings and dangling references in summaries.

    nice python benchmarks/readability.py [--method default] \
        /work/shared/data/abmusu-validation.jsonl:200 /work/shared/data/vims-dev.jsonl:220 \
        /work/shared/data/vmds-dev.jsonl:180 [--show 5] [--seeds /work/shared/seeds]

Summarizes every cluster with the tree on PYTHONPATH (run it once per tree to compare: the
rules below are written here, independent of the engine's own filter, and only the public
API is used) and counts, over all summary sentences (their article text, date anchors
removed):

heading
    the sentence ends without sentence punctuation (. ! ? … ; : or a closing quote/bracket),
    or ends with a question mark, or is a list number ("1.", "II."), or repeats a title of the
    cluster (case, tones and final punctuation folded), or has at most 3 syllables.
dangling
    the sentence opens on a connector, pronoun or demonstrative that needs the sentence before
    it (list ``OPENERS``; "X này/ấy/đó/nói trên" within the first six words of the first
    clause, time words such as "tháng này" excepted; the same, or "đây/đó/họ/nó", opening the
    second clause after a lead-in of at most four words, "Theo CNN, đây là ..."; "Ông/Bà/Chị/
    Cô" not followed by a capitalised name), and the summary sentence just before it is not the sentence before it
    in its article (or it opens its article).

With ``--seeds DIR`` it also summarizes the seed articles as one cluster and lists every
day/month date without a written year, with the year the summary gives it (or "NO YEAR").
Prints a table; ``--show N`` prints N flagged sentences of each kind for reading.
"""

from __future__ import annotations

import argparse
import re
import sys
import time
import unicodedata

OPENERS = re.compile(
    r"^[\"“‘'(\[]?\s*(?:tuy nhiên|trong khi đó|ngoài ra|bên cạnh đó|do đó|vì vậy|vì thế|"
    r"thế nhưng|mặt khác|theo đó|cùng với đó|đồng thời|hơn nữa|thêm vào đó|"
    r"cụ thể|và|nhưng|tuy vậy|dù vậy|do vậy|bởi vậy|thậm chí|cũng theo|sau đó|trước đó|"
    r"đây|đó|điều đó|việc đó|trong đó|khi đó|lúc đó|họ|nó|chúng(?!\s+(?:tôi|ta|mình)))(?!\w)"
)
NP = re.compile(r"^[\"“‘'(\[]?\s*(?:\S+\s+){1,6}?(này|ấy|đó|nói trên|kể trên)(?!\w)")
TIME_NP = re.compile(r"(?:tháng|tuần|năm|hôm|sáng|chiều|tối|đêm|mùa|lúc|giờ|thời điểm|hiện)\s+này$")
BARE = re.compile(r"^[\"“‘'(\[]?\s*(?:Ông|Bà|Chị|Cô|Cậu)\s+(\S)")
FINAL = ".!?…;:\"”’')»]"
LIST_NUMBER = re.compile(r"^\s*(?:\d{1,3}|[IVXLC]{1,5}|[a-z])\s*[.)]\s*$")


def fold(text: str) -> str:
    text = unicodedata.normalize("NFD", text.lower())
    text = "".join(c for c in text if unicodedata.category(c) != "Mn").replace("đ", "d")
    return " ".join(text.split()).rstrip(" .:!?…")


def is_heading(text: str, titles: set[str]) -> bool:
    t = text.strip()
    return (
        not t
        or t[-1] not in FINAL
        or t.rstrip("\"”’')»").endswith("?")
        or bool(LIST_NUMBER.match(t))
        or fold(t) in titles
        or len(t.split()) <= 3
    )


def opens_dangling(text: str) -> bool:
    head = text.lstrip()
    low = head[:80].lower()
    if OPENERS.match(low):
        return True
    close, opening = head.find("”"), head.find("“")
    if close >= 0 and (opening < 0 or close < opening):
        return True  # closes a quotation opened earlier
    clauses = low.split(",", 2)
    for i, clause in enumerate(clauses[:2]):
        if i == 1 and (len(clauses[0].split()) > 4 or not clause.strip()):
            break  # a second clause counts after a short lead-in ("Theo CNN, đây là ...")
        clause = clause.strip()
        if i == 1 and re.match(r"(?:đây|đó|điều đó|điều này|việc này|việc đó|họ|nó)(?!\w)", clause):
            return True
        m = NP.match(clause)
        if m and not TIME_NP.search(m.group().strip()):
            return True
    b = BARE.match(head)
    return bool(b and b.group(1).islower())


def source_text(s) -> str:
    return getattr(s, "source_text", s.text)


def measure(clusters, method: str, max_words: int, show: int):
    from tomtat.engine import summarize

    n = headings = dangling = 0
    examples: dict[str, list[str]] = {"heading": [], "dangling": []}
    for cluster in clusters:
        summary = summarize(cluster, method=method, max_words=max_words)
        titles = {fold(d.title) for d in cluster.documents if d.title.strip()}
        prev = None
        for s in summary.sentences:
            n += 1
            text = source_text(s)
            sent = cluster.sentences[s.position]
            if is_heading(text, titles):
                headings += 1
                examples["heading"].append(f"{cluster.id}: {text}")
            if opens_dangling(text):
                before = cluster.sentences[s.position - 1] if s.position > 0 else None
                ok = (
                    sent.index > 0
                    and before is not None
                    and before.doc_index == sent.doc_index
                    and prev == s.position - 1
                )
                if not ok:
                    dangling += 1
                    examples["dangling"].append(f"{cluster.id}: {text}")
            prev = s.position
    return n, headings, dangling, {k: v[:show] for k, v in examples.items()}


def seeds_check(path: str, method: str) -> list[str]:
    from tomtat.engine import summarize
    from tomtat.io.read import read_input
    from tomtat.pipeline import build_cluster
    from tomtat.text.dates import find_dates

    record = read_input([path])
    cluster = build_cluster(record.documents, "seeds")
    summary = summarize(cluster, method=method)
    out = []
    for s in summary.sentences:
        for e in find_dates(source_text(s)):
            if e.pattern in ("dm", "dm_dash", "day_range", "from_to", "night_range", "month_rel"):
                if any(g and len(g) == 4 for g in e.groups):
                    continue
                after = s.text[s.text.find(e.text) + len(e.text) :].lstrip()
                year = re.match(r"\[([^\]]*\d{4})\]", after)
                out.append(f"{e.text!r} -> {year.group(1) if year else 'NO YEAR'}")
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("data", nargs="*", help="DATA.jsonl:BUDGET")
    ap.add_argument("--method", default="default")
    ap.add_argument("--show", type=int, default=0)
    ap.add_argument("--seeds", help="a directory of articles summarized as one cluster")
    args = ap.parse_args(argv)
    from tomtat.eval.datasets import load_clusters

    print(f"{'data':28} {'budget':>6} {'sentences':>9} {'headings':>9} {'%':>6} "
          f"{'dangling':>9} {'%':>6} {'s':>6}")  # fmt: skip
    total = [0, 0, 0]
    for spec in args.data:
        path, _, budget = spec.rpartition(":")
        clusters = list(load_clusters(path))
        t = time.perf_counter()
        n, h, d, ex = measure(clusters, args.method, int(budget), args.show)
        name = path.rsplit("/", 1)[-1]
        print(
            f"{name:28} {budget:>6} {n:9d} {h:9d} {100 * h / max(n, 1):6.2f} {d:9d} "
            f"{100 * d / max(n, 1):6.2f} {time.perf_counter() - t:6.1f}"
        )
        total = [total[0] + n, total[1] + h, total[2] + d]
        for kind, lines in ex.items():
            for line in lines:
                print(f"    {kind}: {line}")
    if len(args.data) > 1:
        n, h, d = total
        print(f"{'all':28} {'':>6} {n:9d} {h:9d} {100 * h / max(n, 1):6.2f} {d:9d} "
              f"{100 * d / max(n, 1):6.2f}")  # fmt: skip
    if args.seeds:
        print("seeds: day/month dates in the summary and their year")
        for line in seeds_check(args.seeds, args.method) or ["(none)"]:
            print("   ", line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
