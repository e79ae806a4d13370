"""Check tomtat.analyze on the five seed articles (read from ../shared/seeds at run time).

Prints tables and exits non-zero if a check fails:
  1. the name variants of the issue are grouped (Kim Jong Un / Kim Jong-un / ông Kim,
     Shoigu / Shogu, Vladimir Putin / ông Putin, Bắc Hàn / Triều Tiên, Moscow / Moskva,
     Liên Hiệp Quốc / Liên Hợp Quốc, phi đạn / tên lửa, chế tài / lệnh trừng phạt,
     Hoa Thịnh Đốn = Washington, Tòa Bạch Ốc = Nhà Trắng);
  2. the Vostochny summit (13/9/2023) and the Pyongyang visit (18-19/6/2024) are merged
     timeline entries with several sources;
  3. no two different people are merged (Kim Jong Un / Kim Jong Il / Kim Yo Jong, ...).

    nice python benchmarks/check_seeds_analysis.py [SEEDS_DIR]
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from tomtat.analyze.evaluate import fold
from tomtat.analyze.report import build_report, report_to_dict
from tomtat.io.read import read_cluster
from tomtat.pipeline import build_cluster

SEEDS = Path(__file__).resolve().parents[1] / ".." / "shared" / "seeds"

SAME = [
    ("Kim Jong Un", "Kim Jong-un", "Kim"),
    ("Sergei Shoigu", "Shoigu", "Shogu", "Sergei Shogu"),
    ("Vladimir Putin", "Putin"),
    ("Triều Tiên", "Bắc Hàn"),
    ("Moscow", "Moskva"),
    ("Liên Hiệp Quốc", "Liên hợp quốc", "Liên Hợp Quốc", "Liên hiệp quốc"),
    ("tên lửa", "phi đạn"),
    ("lệnh trừng phạt", "chế tài"),
    ("Washington", "Hoa Thịnh Đốn"),
    ("Nhà Trắng", "Tòa Bạch Ốc"),
]
PEOPLE = ["Kim Jong Un", "Kim Jong Il", "Vladimir Putin", "Sergei Shoigu", "Sergei Lavrov",
          "Andrei Belousov", "Yury Ushakov", "Choe Son Hui", "Jake Sullivan", "Artyom Lukin",
          "Alexey Muraviev", "Xiao Bin", "Denis Manturov", "Matthew Miller", "Jo Chol-su"]  # fmt: skip
EVENTS = [
    ("Vostochny summit", "2023-09-13", "vostochny"),
    ("Pyongyang visit", "2024-06-18", "binh nhuong"),
]


def main() -> int:
    seeds = Path(sys.argv[1]) if len(sys.argv) > 1 else SEEDS
    paths = sorted(seeds.glob("*.txt"))
    if not paths:
        print(f"no seed articles in {seeds}")
        return 2
    t = time.perf_counter()
    cluster = build_cluster(read_cluster(paths), "seeds")
    report = report_to_dict(build_report(cluster))
    elapsed = time.perf_counter() - t
    groups: dict[str, set[str]] = {}
    canon: dict[str, str] = {}
    for item in report["entities"] + report["aliases"]:
        gid = item.get("alias_group") or item["id"]
        canon[gid] = item.get("name") or item.get("canonical")
        for v in [*(x["text"] for x in item["variants"]), canon[gid]]:
            groups.setdefault(fold(v), set()).add(gid)
    failures = 0
    print(f"{len(paths)} seed articles, report in {elapsed:.2f} s\n")
    print(f"{'variants that must be one group':60} result")
    for forms in SAME:
        present = [f for f in forms if fold(f) in groups]
        ids = set.intersection(*(groups[fold(f)] for f in present)) if present else set()
        # one form only in the seeds: it must sit under the lexicon's canonical name
        ok = bool(ids) and (len(present) >= 2 or any(canon[g] == forms[0] for g in ids))
        failures += not ok
        print(f"{' / '.join(present):60} {'ok' if ok else 'FAIL'}")
    print(f"\n{'people that must stay apart':60} result")
    seen: dict[str, str] = {}
    for person in PEOPLE:
        ids = groups.get(fold(person), set())
        if not ids:
            print(f"{person:60} (not found)")
            continue
        gid = sorted(ids)[0]
        clash = seen.get(gid)
        failures += clash is not None
        print(f"{person:60} {'FAIL: merged with ' + clash if clash else 'ok'}")
        seen[gid] = person
    print(f"\n{'merged timeline entry':22} {'date':24} {'sources':8} result")
    for label, day, keyword in EVENTS:
        hits = [
            e
            for e in report["timeline"]
            if e["start"] <= day <= e["end"]
            and e["precision"] in ("day", "range")
            and any(keyword.replace(" ", "") in fold(m["text"]) for m in e["mentions"])
        ]
        best = max(hits, key=lambda e: len(e["sources"]), default=None)
        ok = best is not None and len(best["sources"]) >= 2
        failures += not ok
        date = best["date"] if best else "-"
        n = len(best["sources"]) if best else 0
        print(f"{label:22} {date:24} {n:<8} {'ok' if ok else 'FAIL'}")
        if best:
            for m in best["mentions"]:
                print(f"{'':4}{m['doc_id'][:3]} {m['date_text']!r:28} {m['text'][:70]}")
    print(f"\n{len(report['timeline'])} timeline entries, {len(report['entities'])} entities, "
          f"{len(report['aliases'])} alias groups; failures: {failures}")  # fmt: skip
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
