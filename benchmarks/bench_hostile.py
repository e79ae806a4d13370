"""Hostile inputs of issue 19: time and peak memory, before and after, side by side.

    nice python benchmarks/bench_hostile.py                       # this checkout only
    nice python benchmarks/bench_hostile.py --base /tmp/base/src  # and a reference checkout's src
    nice python benchmarks/bench_hostile.py --service             # the HTTP service part only

Input cases (each in its own process, killed after ``--timeout`` seconds; a killed case shows
"> N s"): the sentence splitter on one 40 KB token "a.a.a…", 80 KB of "aa.Bb…" and 2 MB of
"TP. TP. …"; the analysis report (``build_report``) on 100 KB and 1 MB of "sáng sáng …" and of
"1/1/2020 …"; summarizing 10,000 and 25,000 one-sentence documents (peak memory); the HTML
reader on 300,000 ``<p>``. "s" is the time of the step itself, "MB" the peak RSS of the process.

Service part: ``tomtat serve --concurrency 2 --request-timeout 5`` with worker processes and
with threads; two heavy requests (five 190 KB articles each, past the deadline) are sent at
once while ``/healthz`` is polled every 0.1 s; then, after 5 s, a small request. Prints the
/healthz latencies, what the heavy requests got and when, the CPU the server's processes used
in the 5 s after the 503s (with threads the work goes on after its 503, outside the
concurrency limit), and how long the small request took. Also the mean latency of 20 small
summaries, for the cost of a process round trip.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

_WORD_TEXT = (
    "người dân tỉnh thành phố nước mưa lũ cầu đường xã huyện chính quyền công an bệnh viện "
    "trường học giáo viên học sinh nông dân lúa gạo cá tôm biển đảo tàu thuyền xe máy điện "
    "giá vàng đồng tiền ngân hàng doanh nghiệp sản xuất khẩu hàng hóa chợ siêu thị"
)
WORDS = _WORD_TEXT.split()

# name -> Python code run in a fresh process; it sets `work` to a function of no arguments
CASES: dict[str, str] = {
    "split a.a.a 40 KB": 'text = "a." * 20_000\n'
    "from tomtat.text.sentences import split_sentences\n"
    "work = lambda: split_sentences(text)",
    "split aa.Bb 80 KB": 'text = "aa.Bb" * 16_000\n'
    "from tomtat.text.sentences import split_sentences\n"
    "work = lambda: split_sentences(text)",
    "split TP. 2 MB": 'text = "TP. " * 500_000\n'
    "from tomtat.text.sentences import split_sentences\n"
    "work = lambda: split_sentences(text)",
    **{
        f"report {label} {size // 1000} KB": f"text = ({word!r} * {size})[:{size}]\n"
        "from tomtat.model import Document\n"
        "from tomtat.pipeline import build_cluster\n"
        "from tomtat.analyze.report import build_report\n"
        'cluster = build_cluster([Document(id="x", text=text)], "h")\n'
        'work = lambda: build_report(cluster, summary=None, method="default", max_words=10**7)'
        for label, word in (("sáng", "sáng "), ("1/1/2020", "1/1/2020 "))
        for size in (100_000, 1_000_000)
    },
    **{
        f"summarize {n:,} one-sentence docs": "import random\n"
        "from tomtat.model import Document\n"
        "from tomtat.pipeline import build_cluster\n"
        "from tomtat.engine import summarize\n"
        f"words = {WORDS!r}\n"
        "rnd = random.Random(1)\n"
        "docs = [Document(id=f'd{i}', title=' '.join(rnd.choices(words, k=6)) + f' {i}',\n"
        "        text=' '.join(rnd.choices(words, k=15)).capitalize() + f' số {i}.')\n"
        f"        for i in range({n})]\n"
        'cluster = build_cluster(docs, "many")\n'
        "work = lambda: summarize(cluster, max_words=100)"
        for n in (10_000, 25_000)
    },
    "html 300,000 <p>": 'html = "<html><body>" + "<p>Mưa lớn ở Huế.</p>" * 300_000\n'
    "from tomtat.io.read import parse_html\n"
    "def work():\n"
    "    try:\n"
    '        return parse_html(html, "x")\n'
    "    except Exception as exc:  # the new reader refuses it\n"
    "        return type(exc).__name__",
}

_RUNNER = """
import json, resource, sys, time
{setup}
t = time.perf_counter()
out = work()
took = time.perf_counter() - t
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
note = out if isinstance(out, str) else ""
print(json.dumps({{"s": took, "mb": peak, "note": note}}))
"""


def run_case(name: str, src: Path, timeout: float) -> str:
    env = {**os.environ, "PYTHONPATH": str(src), "TOMTAT_MAX_REPORT_SENTENCES": "0"}
    env["TOMTAT_MAX_CLUSTER_CHARS"] = "0"
    code = _RUNNER.format(setup=CASES[name])
    try:
        done = subprocess.run(
            [sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=timeout
        )
    except subprocess.TimeoutExpired:
        return f"> {timeout:g} s | —"
    if done.returncode != 0:
        last = (done.stderr.strip().splitlines() or ["?"])[-1]
        return f"error: {last[:60]} | —"
    r = json.loads(done.stdout.strip().splitlines()[-1])
    note = f" ({r['note']})" if r["note"] else ""
    return f"{r['s']:.2f}{note} | {r['mb']:.0f}"


def bench_inputs(base: Path | None, timeout: float, only: str | None) -> None:
    new = ROOT / "src"
    head = "| case | after s | after MB |"
    if base:
        head = "| case | before s | before MB | after s | after MB |"
    print(head)
    print("|---" * (head.count("|") - 1) + "|")
    for name in CASES:
        if only and only not in name:
            continue
        cells = [run_case(name, base, timeout)] if base else []
        cells.append(run_case(name, new, timeout))
        print(f"| {name} | " + " | ".join(cells) + " |", flush=True)


# ------------------------------------------------------------------------------- service


def _heavy(seed: int) -> dict:
    rnd = random.Random(seed)
    docs = []
    for d in range(5):
        text = " ".join(
            " ".join(rnd.choices(WORDS, k=rnd.randint(12, 25))).capitalize() + f" {i}."
            for i in range(9_000)
        )[:190_000]
        docs.append({"id": f"d{d}", "title": f"Bài {d}", "text": text})
    return {"id": f"nang-{seed}", "documents": docs, "max_words": 100}


def _tree_cpu(pid: int) -> float:
    """CPU seconds used so far by ``pid`` and its live descendants (Linux /proc)."""
    total, todo = 0.0, [pid]
    tick = os.sysconf("SC_CLK_TCK")
    while todo:
        p = todo.pop()
        try:
            fields = Path(f"/proc/{p}/stat").read_text().rsplit(")", 1)[1].split()
            total += (int(fields[11]) + int(fields[12])) / tick  # utime, stime
            for task in os.listdir(f"/proc/{p}/task"):
                todo += [
                    int(c) for c in Path(f"/proc/{p}/task/{task}/children").read_text().split()
                ]
        except (OSError, ValueError, IndexError):
            continue
    return total


def bench_service(timeout: float) -> None:
    import httpx

    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from load_test import request_bodies, serve

    small = request_bodies(20)
    heavy = [_heavy(1), _heavy(2)]
    print("| isolation | /healthz p50 ms | /healthz max ms | heavy requests got | "
          "CPU s of the server in the 5 s after | small request after s | "
          "20 small requests, mean ms |")  # fmt: skip
    print("|---|---|---|---|---|---|---|")
    for isolation in ("process", "thread"):
        flags = ("--concurrency", "2", "--request-timeout", f"{timeout:g}")
        with serve(*flags, "--isolation", isolation) as server:
            for body in small[:3]:  # warm every worker
                httpx.post(server.url + "/v1/summarize", json=body, timeout=60)
            t = time.perf_counter()
            for body in small:
                httpx.post(server.url + "/v1/summarize", json=body, timeout=60)
            mean_small = (time.perf_counter() - t) / len(small) * 1000
            got: list[str] = []
            start = time.monotonic()

            def post(body: dict, got: list[str] = got, start: float = start) -> None:
                r = httpx.post(server.url + "/v1/summarize", json=body, timeout=120)
                code = r.json().get("error", {}).get("code", "") if r.status_code != 200 else ""
                got.append(f"{r.status_code} {code} at {time.monotonic() - start:.1f} s")

            senders = [threading.Thread(target=post, args=(b,)) for b in heavy]
            for s in senders:
                s.start()
            lat: list[float] = []
            while any(s.is_alive() for s in senders):
                t = time.perf_counter()
                httpx.get(server.url + "/healthz", timeout=30)
                lat.append((time.perf_counter() - t) * 1000)
                time.sleep(0.1)
            cpu = _tree_cpu(server.process.pid)
            time.sleep(5)  # work nobody waits for any more: is it still running?
            cpu = _tree_cpu(server.process.pid) - cpu
            t = time.perf_counter()
            httpx.post(server.url + "/v1/summarize", json=small[0], timeout=300)
            after = time.perf_counter() - t
            lat.sort()
            print(
                f"| {isolation} | {lat[len(lat) // 2]:.0f} | {lat[-1]:.0f} | {'; '.join(got)} | "
                f"{cpu:.1f} | {after:.1f} | {mean_small:.0f} |",
                flush=True,
            )


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--base", type=Path, help="a reference checkout's src/ (the 'before' column)")
    ap.add_argument("--timeout", type=float, default=60.0, help="seconds per case (default 60)")
    ap.add_argument("--case", help="only the cases whose name contains this")
    ap.add_argument("--service", action="store_true", help="only the service part")
    ap.add_argument("--no-service", action="store_true", help="skip the service part")
    ap.add_argument("--request-timeout", type=float, default=5.0, help="service deadline")
    args = ap.parse_args()
    print(f"load: {os.getloadavg()[0]:.2f} {os.getloadavg()[1]:.2f} {os.getloadavg()[2]:.2f}")
    if not args.service:
        bench_inputs(args.base, args.timeout, args.case)
    if not args.no_service and not args.case:
        print()
        bench_service(args.request_timeout)
    return 0


if __name__ == "__main__":
    sys.exit(main())
