"""Check that the text front end gives byte-identical output to a reference checkout.

    git worktree add --detach /tmp/tomtat-frontend-base <commit>   # the reference code, once
    python benchmarks/check_frontend_equivalence.py          # dump both, compare, exit 1 if not equal
    python benchmarks/check_frontend_equivalence.py --dump out.jsonl   # dump the importable tomtat

What is dumped (every value as JSON, one line per item, in a fixed order):

* every cluster of AbMuSu train and validation (``--data``): the documents read, then
  ``build_cluster`` with and without boilerplate cleaning: each cleaned text, every field of
  every ``Sentence``, the removals, the heading positions, and ``key_syllables`` of each key;
* ``examples/`` (each example directory as one cluster) and the seed articles (``--seeds``,
  read only, as input: each alone and all together);
* ``normalize``, ``match_key``, ``key_of_normalized(normalize(x))``, ``canonical_tones``,
  ``syllables``, ``split_sentences``, ``clean`` and ``repair`` on a few thousand random lines
  and slices of the data, on the hardening tests' quirky generator, on mojibake and
  TCVN3/VNI/VISCII text seen through cp1252, and on random garbage (controls, combining marks,
  eth look-alikes, odd spaces and line breaks, Greek/Turkish case traps, ...).

The reference dump runs in a subprocess with ``PYTHONPATH=<base>/src`` (``--base``), the new
one with this checkout's ``src``; the two files are compared line by line.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import random
import subprocess
import sys
import unicodedata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BASE = "/tmp/tomtat-frontend-base"  # a name of its own: /tmp is shared with other benchmarks
DATA = ("/work/shared/data/abmusu-train.jsonl", "/work/shared/data/abmusu-validation.jsonl")
SEEDS = "/work/shared/seeds"

# Characters that exercise every branch of the normalizer and the key.
_GARBAGE = (
    "aăâbcdđeêghiklmnoôơpqrstuưvxyAĂÂĐÊÔƠƯ"
    "àáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ"
    "ÀÁẢÃẠỲÝỶỸỴ"
    "\u0300\u0301\u0303\u0309\u0323\u0302\u0306\u031b"  # combining marks
    "ÐðƉɖ"  # eth look-alikes
    "\u00ad\u200b\u200c\u200d\u200e\u2060\ufeff\u180e"  # invisible
    "\x00\x01\x07\x0b\x0c\x1c\x1f\x7f\x85\x9f"  # controls
    "\r\n\u2028\u2029"  # line breaks
    " \t\u00a0\u2003\u202f\u3000"  # spaces
    "„‟〝〞〟＂‚‛＇‐‑‒―−﹘﹣－“”«»″‘’‹›′`´–—…"  # quotes and dashes
    "ÖÎÃÂÊÔöîãâêôùøûõïñ¾½¼µ¶·¸¹º»¿×÷ß"  # cp1252 views of legacy bytes
    "ΣσςΑΒİıǅﬁẞ\u212a\u212b"  # case traps (final sigma, Kelvin sign lowers to ASCII)
    "0123456789.,!?;:%/()[]\"'-_@#"
)


def _rng_garbage(rng: random.Random) -> str:
    n = rng.randint(0, 60)
    return "".join(rng.choice(_GARBAGE) for _ in range(n))


def _legacy_view(text: str, encoding: str) -> str:
    from tomtat.text.encoding import encode_legacy

    return "".join(
        bytes([b]).decode("cp1252", errors="ignore") or chr(b)
        for b in encode_legacy(text, encoding)
    )


def _inputs(lines: list[str], seed: int, n: int) -> list[tuple[str, str]]:
    """(label, text) pairs: random lines and slices of the data, mutated, and garbage."""
    sys.path.insert(0, str(ROOT / "tests" / "hardening"))
    from hardening_gen import quirky_text  # plain random.Random generator

    rng = random.Random(seed)
    out: list[tuple[str, str]] = []
    for i in range(n):
        line = rng.choice(lines)
        out.append((f"line{i}", line))
        a = rng.randrange(len(line) + 1)
        b = rng.randrange(a, len(line) + 1)
        out.append((f"slice{i}", line[a:b]))
        pick = rng.random()
        if pick < 0.15:
            out.append((f"nfd{i}", unicodedata.normalize("NFD", line)))
        elif pick < 0.3:
            out.append((f"upper{i}", line.upper()))
        elif pick < 0.4:
            out.append((f"moji{i}", line.encode("utf-8").decode("cp1252", errors="replace")))
        elif pick < 0.5:
            out.append((f"latin1{i}", line.encode("utf-8").decode("latin-1")))
        elif pick < 0.7:
            enc = rng.choice(("tcvn3", "vni", "viscii"))
            out.append((f"{enc}{i}", _legacy_view(line, enc)))
        elif pick < 0.85:
            # splice garbage into the line
            at = rng.randrange(len(line) + 1)
            out.append((f"splice{i}", line[:at] + _rng_garbage(rng) + line[at:]))
        out.append((f"garbage{i}", _rng_garbage(rng)))
        if i % 4 == 0:
            out.append((f"quirky{i}", quirky_text(rng, rng.randint(1, 4), rng.randint(1, 4))))
    return out


def _sentence_row(s) -> list:
    return [
        s.doc_id,
        s.doc_index,
        s.index,
        s.paragraph,
        s.start,
        s.end,
        s.text,
        s.key,
        s.position,
        s.n_syllables,
    ]


def _cluster_rows(label: str, docs, emit) -> None:
    from tomtat.errors import InputError
    from tomtat.pipeline import build_cluster
    from tomtat.text.tokens import key_syllables

    for clean in (True, False):
        try:
            c = build_cluster(docs, label, clean_boilerplate=clean)
        except InputError as exc:
            emit(f"{label}/clean={clean}", ["error", type(exc).__name__, str(exc)])
            continue
        emit(f"{label}/clean={clean}/texts", list(c.texts))
        emit(f"{label}/clean={clean}/removed", [[r.doc_id, r.text, r.reason] for r in c.removed])
        emit(f"{label}/clean={clean}/meta", {k: list(v) for k, v in c.meta.items()})
        for s in c.sentences:
            emit(f"{label}/clean={clean}/s{s.position}", _sentence_row(s))
            emit(f"{label}/clean={clean}/t{s.position}", key_syllables(s.key))


def _doc_row(d) -> list:
    return [d.id, d.title, d.text, d.source, d.date, d.url, repr(sorted(d.meta.items()))]


def dump(out_path: str, data: list[str], seeds: str, n_random: int) -> None:
    from tomtat.eval.datasets import read_records
    from tomtat.io.read import read_paths
    from tomtat.model import Document
    from tomtat.text.clean import clean
    from tomtat.text.encoding import repair
    from tomtat.text.normalize import canonical_tones, key_of_normalized, match_key, normalize
    from tomtat.text.sentences import split_sentences
    from tomtat.text.tokens import syllables

    digest = hashlib.sha256()
    with open(out_path, "w", encoding="utf-8") as fh:

        def emit(label: str, value) -> None:
            line = json.dumps([label, value], ensure_ascii=False)
            digest.update(line.encode("utf-8", "surrogatepass"))
            fh.write(line + "\n")

        lines: list[str] = []
        for path in data:
            for rec in read_records(path):
                docs = rec.record.documents
                emit(f"{rec.id}/read", [_doc_row(d) for d in docs])
                emit(f"{rec.id}/refs", list(rec.references))
                _cluster_rows(rec.id, docs, emit)
                for d in docs:
                    lines.extend(x for x in d.text.split("\n") if x.strip())
                    lines.append(d.title)
        for example in sorted((ROOT / "examples").iterdir()):
            if example.is_dir():
                docs = read_paths([example])
                emit(f"example/{example.name}/read", [_doc_row(d) for d in docs])
                _cluster_rows(f"example/{example.name}", docs, emit)
        seed_files = sorted(Path(seeds).glob("*.txt")) if Path(seeds).is_dir() else []
        seed_docs = read_paths(seed_files) if seed_files else []
        for d in seed_docs:
            emit(f"seed/{d.id}/read", _doc_row(d))
            _cluster_rows(f"seed/{d.id}", [d], emit)
            lines.extend(x for x in d.text.split("\n") if x.strip())
        if seed_docs:
            _cluster_rows("seed/all", seed_docs, emit)

        for label, text in _inputs(lines, 20240618, n_random):
            norm = normalize(text)
            row = [
                norm,
                match_key(text),
                key_of_normalized(norm),
                key_of_normalized(text),
                canonical_tones(text),
                canonical_tones(norm),
                syllables(text),
                [list(s) for s in split_sentences(norm)],
                [list(s) for s in split_sentences(text)],
                repair(text),
            ]
            for cleaned, gone in (clean(norm, "d"), clean(text, "d")):
                row += [cleaned, [[r.doc_id, r.text, r.reason] for r in gone]]
            emit(label, row)
            # The same text as a one-document cluster with the text as title too.
            if label.startswith(("line", "quirky", "splice")) and len(text) > 20:
                doc = Document(id="x", text=text, title=text.split(".")[0])
                _cluster_rows(f"{label}/cluster", [doc], emit)
    print(digest.hexdigest())


def compare(base_dump: str, new_dump: str, show: int = 5) -> int:
    """Number of differing lines (prints the first ``show``)."""
    bad = 0
    with open(base_dump, encoding="utf-8") as a, open(new_dump, encoding="utf-8") as b:
        n = 0
        for n, (x, y) in enumerate(zip(a, b, strict=False), start=1):
            if x != y:
                bad += 1
                if bad <= show:
                    print(f"DIFF line {n}:\n  base: {x[:600]}\n  new:  {y[:600]}")
        rest_a, rest_b = sum(1 for _ in a), sum(1 for _ in b)
    if rest_a or rest_b:
        print(f"DIFF lengths: base has {rest_a} more lines, new has {rest_b} more")
        bad += rest_a + rest_b
    print(f"{n} lines compared, {bad} differ")
    return bad


def _run_dump(src: str, out: str, args: argparse.Namespace) -> None:
    env = dict(os.environ, PYTHONPATH=src, PYTHONHASHSEED="0")
    cmd = [sys.executable, __file__, "--dump", out, "--random", str(args.random)]
    cmd += ["--seeds", args.seeds, "--data", *args.data]
    subprocess.run(cmd, env=env, check=True)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--dump", help="write the dump of the importable tomtat here and stop")
    ap.add_argument("--base", default=BASE, help="reference checkout (a git worktree)")
    ap.add_argument("--base-dump", help="reuse this reference dump instead of making one")
    ap.add_argument("--out-dir", default="/tmp/tomtat-frontend-equiv")
    ap.add_argument("--data", nargs="+", default=list(DATA))
    ap.add_argument("--seeds", default=SEEDS)
    ap.add_argument("--random", type=int, default=4000, help="random lines to derive inputs from")
    args = ap.parse_args()
    if args.dump:
        dump(args.dump, args.data, args.seeds, args.random)
        return 0
    out = Path(args.out_dir)
    out.mkdir(parents=True, exist_ok=True)
    base_dump = args.base_dump
    if base_dump is None:
        base_dump = str(out / "base.jsonl")
        _run_dump(str(Path(args.base) / "src"), base_dump, args)
    new_dump = str(out / "new.jsonl")
    _run_dump(str(ROOT / "src"), new_dump, args)
    return 1 if compare(base_dump, new_dump) else 0


if __name__ == "__main__":
    sys.exit(main())
