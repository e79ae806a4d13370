"""Scale limits: time and peak memory of tomtat on very large inputs (synthetic Vietnamese).

Cases (the text is generated here: Zipf-distributed Vietnamese syllables built from onsets,
rhymes and tones, capitalised names, dates such as "ngày 13/9/2023", numbers such as "20.000";
articles of one cluster share some sentences, as reports of one event do):

* ``cluster-500``: a 500-article cluster (25 sentences each, ~12,500 sentences, ~3 MB);
* ``article-2mb``: one 2 MB article (one document, ~16,000 sentences);
* ``sentences-20k``: one document of 20,000 sentences;
* ``jsonl-10mb``: one 10 MB JSONL line (a cluster of 100 articles of 100 KB), read with
  ``read_clusters_jsonl``;
* ``normal``: a 10-article cluster, the everyday size, for comparison.

Each case runs in its own process (clean peak RSS) through the stages a user pays for:
read (from a file, through tomtat.io.read), build (normalize, clean, split), features
(TF-IDF + similarity), summarize (method ``default``, 200 syllables, with the features given),
report (tomtat.analyze: entities, aliases, timeline, sources). Prints one table; run with::

    nice python benchmarks/bench_limits.py                 # all cases
    nice python benchmarks/bench_limits.py --case cluster-500 --no-report
    nice python benchmarks/bench_limits.py --scale 0.25    # quicker, smaller inputs

The limits that tomtat enforces are documented in docs/limits.md with these figures.

``--endless`` measures the command line on input that never ends or is not a file (issue 19):
a ``.txt`` link to ``/dev/zero`` named or in a folder, ``/dev/zero`` and ``/dev/urandom`` on
standard input, a FIFO in a folder, a 100 MB JSONL line, and a text file just under the input
bound. Each ``tomtat`` run is its own process (peak RSS from ``wait4``), capped at ``--cap-mb``
of address space and ``--endless-timeout`` seconds so that an unbounded version (``--src`` of
an older checkout, for the "before" column) cannot take the machine down::

    nice python benchmarks/bench_limits.py --endless
    nice python benchmarks/bench_limits.py --endless --src /tmp/before/src   # an old checkout
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ONSETS = [
    "b",
    "c",
    "ch",
    "d",
    "đ",
    "g",
    "gh",
    "gi",
    "h",
    "k",
    "kh",
    "l",
    "m",
    "n",
    "ng",
    "ngh",
    "nh",
    "p",
    "ph",
    "qu",
    "r",
    "s",
    "t",
    "th",
    "tr",
    "v",
    "x",
    "",
]
RHYMES = [
    "a",
    "ai",
    "am",
    "an",
    "ang",
    "anh",
    "ao",
    "au",
    "ay",
    "ăm",
    "ăn",
    "ăng",
    "âm",
    "ân",
    "âng",
    "âu",
    "ây",
    "e",
    "em",
    "en",
    "eo",
    "ê",
    "êm",
    "ên",
    "êu",
    "i",
    "ia",
    "im",
    "in",
    "inh",
    "iu",
    "iêm",
    "iên",
    "iêu",
    "o",
    "oa",
    "oai",
    "oan",
    "oang",
    "oanh",
    "oe",
    "oi",
    "om",
    "on",
    "ong",
    "ô",
    "ôi",
    "ôm",
    "ôn",
    "ông",
    "ơ",
    "ơi",
    "ơm",
    "ơn",
    "u",
    "ua",
    "uân",
    "uât",
    "ui",
    "um",
    "un",
    "ung",
    "uy",
    "uyên",
    "uôi",
    "uôn",
    "uông",
    "ư",
    "ưa",
    "ưi",
    "ưng",
    "ươi",
    "ươn",
    "ương",
    "ươu",
]
TONES = ["", "\u0300", "\u0301", "\u0309", "\u0303", "\u0323"]  # ngang huyền sắc hỏi ngã nặng
FAMILY = [
    "Nguyễn",
    "Trần",
    "Lê",
    "Phạm",
    "Hoàng",
    "Huỳnh",
    "Phan",
    "Vũ",
    "Võ",
    "Đặng",
    "Bùi",
    "Đỗ",
    "Hồ",
    "Ngô",
    "Dương",
    "Lý",
]
PLACES = ["Hà Nội", "Đà Nẵng", "Cần Thơ", "Quảng Ninh", "Thừa Thiên Huế", "Bình Định", "Nghệ An"]
FUNCTION = [
    "của",
    "và",
    "là",
    "có",
    "được",
    "trong",
    "cho",
    "với",
    "đã",
    "các",
    "những",
    "một",
    "này",
    "không",
    "người",
    "khi",
    "về",
    "ở",
    "sẽ",
]


def _syllable(rng: random.Random) -> str:
    import unicodedata

    rhyme = rng.choice(RHYMES)
    tone = rng.choice(TONES)
    # the tone goes on the first vowel letter of the rhyme (good enough for synthetic text)
    word = rng.choice(ONSETS) + rhyme[0] + tone + rhyme[1:]
    return unicodedata.normalize("NFC", word)


class Generator:
    """Synthetic Vietnamese news text; the same seed gives the same text."""

    def __init__(self, seed: int = 2024, vocabulary: int = 6000) -> None:
        self.rng = random.Random(seed)
        words = dict.fromkeys(_syllable(self.rng) for _ in range(vocabulary * 2))
        self.vocab = list(words)[:vocabulary]
        # Zipf weights: rank r has weight 1/r
        self.weights = [1.0 / (r + 1) for r in range(len(self.vocab))]
        self.cum = []
        total = 0.0
        for w in self.weights:
            total += w
            self.cum.append(total)
        given = ["Minh", "Anh", "Hùng", "Lan", "Tuấn", "Đức", "Hà", "Thu", "Bình", "Nam"]
        self.names = [f"{f} {m} {g}" for f in FAMILY for m in ("Văn", "Thị", "Minh") for g in given]

    def word(self) -> str:
        r = self.rng.random()
        if r < 0.25:
            return self.rng.choice(FUNCTION)
        if r < 0.27:
            return self.rng.choice(("20.000", "1,5", "3.000", "126", "11,000", "50%"))
        return self.rng.choices(self.vocab, cum_weights=self.cum)[0]

    def sentence(self) -> str:
        n = self.rng.randint(12, 32)
        words = [self.word() for _ in range(n)]
        r = self.rng.random()
        if r < 0.3:
            words.insert(self.rng.randint(0, n), self.rng.choice(self.names))
        elif r < 0.45:
            words.insert(self.rng.randint(0, n), self.rng.choice(PLACES))
        if self.rng.random() < 0.15:
            d, m = self.rng.randint(1, 28), self.rng.randint(1, 12)
            words.insert(self.rng.randint(0, n), f"ngày {d}/{m}/2024")
        text = " ".join(words)
        return text[0].upper() + text[1:] + self.rng.choice(".....?!")

    def article(self, n_sentences: int, shared: list[str] | None = None) -> str:
        sentences = [self.sentence() for _ in range(n_sentences)]
        if shared:
            for s in self.rng.sample(shared, min(len(shared), 3)):
                sentences.insert(self.rng.randint(0, len(sentences)), s)
        paragraphs = [" ".join(sentences[i : i + 3]) for i in range(0, len(sentences), 3)]
        return "\n".join(paragraphs)

    def article_of_size(self, n_chars: int) -> str:
        parts, size = [], 0
        while size < n_chars:
            p = " ".join(self.sentence() for _ in range(3))
            parts.append(p)
            size += len(p) + 1
        return "\n".join(parts)[:n_chars].rsplit(" ", 1)[0] + "."

    def cluster(self, n_docs: int, sentences: int) -> list[dict]:
        shared = [self.sentence() for _ in range(12)]
        return [
            {
                "id": f"bai-{i + 1:04d}",
                "title": self.sentence().rstrip(".?!"),
                "source": f"Báo {self.rng.choice(FAMILY)}",
                "date": f"2024-06-{self.rng.randint(1, 28):02d}",
                "text": self.article(sentences, shared),
            }
            for i in range(n_docs)
        ]


# --------------------------------------------------------------------------- cases


def make_input(case: str, scale: float, folder: Path) -> tuple[str, Path]:
    """Write the case's input file; returns (kind, path)."""
    g = Generator()
    if case == "normal":
        path = folder / "normal.json"
        path.write_text(json.dumps({"id": "normal", "documents": g.cluster(10, 20)}), "utf-8")
        return "json", path
    if case == "cluster-500":
        docs = g.cluster(max(2, int(500 * scale)), 25)
        path = folder / "cluster500.json"
        path.write_text(json.dumps({"id": "c500", "documents": docs}, ensure_ascii=False), "utf-8")
        return "json", path
    if case == "article-2mb":
        path = folder / "article.txt"
        text = g.article_of_size(int(2_000_000 * scale))
        path.write_bytes(
            ("Một bài báo rất dài về mưa lũ\n" + text).encode("utf-8")[: int(2e6 * scale)]
        )
        return "text", path
    if case == "sentences-20k":
        path = folder / "sentences.txt"
        path.write_text(g.article(int(20_000 * scale)), "utf-8")
        return "text", path
    if case == "jsonl-10mb":
        n_docs = 100
        per_doc = int(10_000_000 * scale) // n_docs
        docs = [
            {"id": f"d{i}", "title": g.sentence(), "text": g.article_of_size(per_doc)}
            for i in range(n_docs)
        ]
        path = folder / "big.jsonl"
        path.write_text(
            json.dumps({"id": "big", "documents": docs}, ensure_ascii=False) + "\n", "utf-8"
        )
        return "jsonl", path
    raise SystemExit(f"unknown case {case!r}; choose from: {', '.join(CASES)}")


CASES = ("normal", "cluster-500", "article-2mb", "sentences-20k", "jsonl-10mb")


def _rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


def run_child(kind: str, path: Path, report: bool) -> dict:
    """Run the stages in this process; return timings (s), sizes and peak RSS (MB)."""
    out: dict = {"bytes": path.stat().st_size}
    base = _rss_mb()
    t = time.perf_counter()
    import tomtat.engine.api  # noqa: F401  (imports are not part of the measured stages)
    from tomtat.engine import summarize
    from tomtat.engine.features import compute_features
    from tomtat.errors import TomtatError
    from tomtat.io.read import read_clusters_jsonl, read_input
    from tomtat.model import Document
    from tomtat.pipeline import build_cluster

    # load the segmenter and the learned model once, outside the measured stages
    warm = [Document(id="w", text="Mưa lớn ở Hà Nội. Hơn 3.000 hộ dân được sơ tán.")]
    summarize(build_cluster(warm, "warm"), "default", 40)
    out["import_s"] = time.perf_counter() - t
    base = _rss_mb()
    try:
        t = time.perf_counter()
        if kind == "jsonl":
            (line,) = list(read_clusters_jsonl(path))
            if line.error:
                raise line.error
            cid, docs, refs = line.record
        else:
            record = read_input([path], on_warning=lambda m: None)
            cid, docs, refs = record
        out["read_s"] = time.perf_counter() - t
        out["read_rss_mb"] = _rss_mb()
        t = time.perf_counter()
        cluster = build_cluster(docs, cid or "bench", refs)
        out["build_s"] = time.perf_counter() - t
        out["build_rss_mb"] = _rss_mb()
        out["docs"] = len(cluster.documents)
        out["sentences"] = len(cluster.sentences)
        out["chars"] = sum(len(x) for x in cluster.texts)
        t = time.perf_counter()
        feats = compute_features(cluster)
        out["features_s"] = time.perf_counter() - t
        out["features_rss_mb"] = _rss_mb()
        sim = feats.similarity
        out["sim_nnz"] = int(sim.nnz) if hasattr(sim, "nnz") else int(sim.size)
        t = time.perf_counter()
        summary = summarize(cluster, "default", 200, features=feats)
        out["summarize_s"] = time.perf_counter() - t
        out["summarize_rss_mb"] = _rss_mb()
        out["summary_words"] = summary.n_syllables
        if report:
            from tomtat.analyze.report import build_report

            t = time.perf_counter()
            build_report(cluster, summary=summary)
            out["report_s"] = time.perf_counter() - t
        out["report_rss_mb"] = _rss_mb()
    except TomtatError as exc:
        out["error"] = f"{type(exc).__name__}: {exc}"
    out["peak_mb"] = _rss_mb()
    out["peak_over_import_mb"] = _rss_mb() - base
    return out


ENDLESS_CASES = (
    "link-to-dev-zero",
    "dev-zero-link-in-folder",
    "fifo-in-folder",
    "stdin-dev-zero",
    "stdin-dev-urandom",
    "batch-100mb-line",
    "text-30mb",
)


def _endless_input(case: str, folder: Path) -> tuple[list[str], str | None]:
    """(tomtat arguments, file for standard input) of one ``--endless`` case."""
    article = Generator(1).article(20)
    good = folder / "tot.txt"
    good.write_text(article, encoding="utf-8")
    if case == "link-to-dev-zero":
        (folder / "zero.txt").symlink_to("/dev/zero")
        return ["summarize", str(folder / "zero.txt")], None
    if case in ("dev-zero-link-in-folder", "fifo-in-folder"):
        sub = folder / "bai"
        sub.mkdir()
        (sub / "tot.txt").write_text(article, encoding="utf-8")
        if case == "fifo-in-folder":
            os.mkfifo(sub / "ong.txt")
        else:
            (sub / "zero.txt").symlink_to("/dev/zero")
        return ["summarize", str(sub)], None
    if case.startswith("stdin-"):
        return ["summarize", "-"], "/dev/" + case.removeprefix("stdin-dev-")
    if case == "batch-100mb-line":
        path = folder / "in.jsonl"
        with open(path, "w", encoding="utf-8") as fh:
            fh.write('{"id": "dai", "documents": [{"text": "')
            chunk = (article.replace("\n", " ") + " ") * 8
            for _ in range(100_000_000 // len(chunk.encode("utf-8"))):
                fh.write(chunk)
            fh.write('"}]}\n')
            fh.write(json.dumps({"id": "ngan", "documents": [{"text": article}]}) + "\n")
        return ["batch", str(path), "-o", str(folder / "out.jsonl"), "--no-progress"], None
    if case == "text-30mb":
        path = folder / "lon.txt"
        with open(path, "w", encoding="utf-8") as fh:
            while fh.tell() < 30_000_000:
                fh.write(article + "\n")
        return ["summarize", str(path)], None
    raise SystemExit(f"unknown case {case!r}")


def run_endless(src: str | None, cap_mb: int, timeout: float) -> list[dict]:
    import resource as res

    def cap() -> None:
        res.setrlimit(res.RLIMIT_AS, (cap_mb << 20, cap_mb << 20))

    env = dict(os.environ)
    if src:
        env["PYTHONPATH"] = src
    rows = []
    for case in ENDLESS_CASES:
        with tempfile.TemporaryDirectory(prefix="tomtat-endless-") as tmp:
            argv, stdin_path = _endless_input(case, Path(tmp))
            stdin = open(stdin_path, "rb") if stdin_path else subprocess.DEVNULL  # noqa: SIM115
            t = time.perf_counter()
            proc = subprocess.Popen(
                [sys.executable, "-m", "tomtat", *argv],
                stdin=stdin,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.PIPE,
                env=env,
                preexec_fn=cap,
            )
            timer = __import__("threading").Timer(timeout, proc.kill)
            timer.start()
            err = proc.stderr.read().decode("utf-8", "replace") if proc.stderr else ""
            _, status, usage = os.wait4(proc.pid, 0)
            timer.cancel()
            proc.returncode = os.waitstatus_to_exitcode(status)
            if stdin_path:
                stdin.close()
            wall = time.perf_counter() - t
            lines = [x for x in err.strip().splitlines() if x.strip()]
            if proc.returncode == -9 and wall >= timeout:
                answer = f"killed after {timeout:g} s"
            elif "MemoryError" in err:
                answer = f"MemoryError at the {cap_mb:,} MB cap"
            elif "Traceback" in err:
                answer = "traceback: " + (lines[-1] if lines else "?")
            else:
                answer = f"exit {proc.returncode}: " + (lines[0] if lines else "")
            rows.append(
                {"case": case, "seconds": wall, "peak_mb": usage.ru_maxrss / 1024, "answer": answer}
            )
    return rows


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--case", action="append", choices=CASES, help="case(s) to run (default all)")
    ap.add_argument("--scale", type=float, default=1.0, help="input size factor (default 1)")
    ap.add_argument("--no-report", action="store_true", help="skip the analysis report stage")
    ap.add_argument("--timeout", type=float, default=1800, help="seconds per case (default 1800)")
    ap.add_argument("--child", nargs=2, metavar=("KIND", "PATH"), help=argparse.SUPPRESS)
    ap.add_argument("--json", action="store_true", help="print JSON lines, not a table")
    ap.add_argument("--endless", action="store_true", help="the endless/special input cases")
    ap.add_argument("--src", help="with --endless: PYTHONPATH of the tomtat to measure")
    ap.add_argument("--cap-mb", type=int, default=3000, help="with --endless: address space cap")
    ap.add_argument("--endless-timeout", type=float, default=30, help="with --endless: seconds")
    args = ap.parse_args()
    if args.endless:
        print("| case | seconds | peak RSS MB | answer |\n|---|---|---|---|")
        for row in run_endless(args.src, args.cap_mb, args.endless_timeout):
            answer = row["answer"][:150].replace("|", "\\|")
            print(f"| {row['case']} | {row['seconds']:.1f} | {row['peak_mb']:.0f} | {answer} |")
        return
    if args.child:
        print(json.dumps(run_child(args.child[0], Path(args.child[1]), not args.no_report)))
        return
    rows = []
    with tempfile.TemporaryDirectory(prefix="tomtat-limits-") as tmp:
        for case in args.case or CASES:
            kind, path = make_input(case, args.scale, Path(tmp))
            cmd = [sys.executable, __file__, "--child", kind, str(path)]
            if args.no_report:
                cmd.append("--no-report")
            t = time.perf_counter()
            try:
                done = subprocess.run(
                    cmd, capture_output=True, text=True, timeout=args.timeout, env=os.environ
                )
            except subprocess.TimeoutExpired:
                rows.append({"case": case, "error": f"timeout after {args.timeout:g} s"})
                continue
            wall = time.perf_counter() - t
            if done.returncode != 0:
                tail = done.stderr.strip().splitlines()[-1:] or ["?"]
                rows.append({"case": case, "error": f"crashed (rc {done.returncode}): {tail[0]}"})
                continue
            row = {"case": case, "wall_s": wall, **json.loads(done.stdout.strip().splitlines()[-1])}
            rows.append(row)
            if args.json:
                print(json.dumps(row, ensure_ascii=False), flush=True)
    if not args.json:
        print_table(rows)


def print_table(rows: list[dict]) -> None:
    cols = [
        ("case", "case", "{}"),
        ("bytes", "MB", "{:.1f}"),
        ("docs", "docs", "{}"),
        ("sentences", "sentences", "{:,}"),
        ("read_s", "read s", "{:.2f}"),
        ("build_s", "build s", "{:.2f}"),
        ("features_s", "features s", "{:.2f}"),
        ("sim_nnz", "sim nnz", "{:,}"),
        ("summarize_s", "summarize s", "{:.2f}"),
        ("report_s", "report s", "{:.2f}"),
        ("peak_mb", "peak RSS MB", "{:.0f}"),
    ]
    print("| " + " | ".join(h for _, h, _ in cols) + " |")
    print("|" + "|".join("---" for _ in cols) + "|")
    for row in rows:
        cells = []
        for key, _, fmt in cols:
            v = row.get(key)
            if key == "bytes" and v is not None:
                v = v / 1e6
            cells.append("—" if v is None else fmt.format(v))
        print("| " + " | ".join(cells) + " |")
        if row.get("error"):
            print(f"|   ↳ {row['case']}: {row['error']} |")


if __name__ == "__main__":
    main()
