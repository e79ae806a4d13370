"""Resumable, parallel batch summarization of a JSONL file of clusters.

``run_batch(IN, OUT)`` reads clusters in the data schema (one JSON object per line,
``{"id", "documents": [...], ...}``) and appends one JSON line per cluster to ``OUT`` with the
fields of ``tomtat summarize --format json`` (:func:`tomtat.io.write.summary_to_dict`).

Durability contract
    Each result line is written with a single ``write`` of ``line + "\\n"`` and flushed at
    once; the file is fsync'd every :data:`FSYNC_EVERY` lines or :data:`FSYNC_SECONDS`
    seconds and at the end. A run killed at any moment loses at most the clusters in flight
    (and, on power loss, the lines written since the last fsync). The only damage a kill can
    leave is a torn last line (no trailing newline); ``resume=True`` detects it and truncates
    the file to the end of the last complete line before going on.

Resume
    ``resume=True`` skips every cluster id already present in ``OUT``. Without it, an
    existing non-empty ``OUT`` is an error (a :class:`~tomtat.errors.UsageError` telling the
    user to pass ``--resume`` or remove the file): silently overwriting hours of work, or
    silently appending duplicates, are both worse than asking. The settings a run was made
    with are recorded in its own lines (every result line carries ``method`` and
    ``max_words``; ``OUT`` stays a plain JSONL of results, no header, no sidecar file): a
    resume asking for another method or budget is refused (:func:`check_settings`).

One run per output
    The run holds an exclusive ``flock`` on ``OUT`` itself from before it reads ``OUT`` until
    it ends (:func:`open_output_locked`); a second run on the same ``OUT`` stops at once with
    :class:`OutputLockedError` naming the process that holds it. (Before, two runs both
    exited 0 and wrote every id twice.) The lock dies with its process: a killed run leaves
    nothing to clean up.

Order
    Results are written as they complete. With one worker that is input order; with several
    workers (processes or Dask) it is not: use the ``id`` field to join, never the line number.

Errors
    A line that is not JSON, a record that is not a cluster, a duplicate id, or a cluster that
    fails to summarize each give one :class:`BatchError` (line number and id when known); the
    run goes on and :attr:`BatchStats.failed` counts them.
"""

from __future__ import annotations

import contextlib
import json
import os
import sys
import time
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path
from typing import Any, BinaryIO, NamedTuple, TextIO

from .errors import InputError, TomtatError, UsageError
from .io.safe import clean_json
from .limits import DEFAULT_MAX_WORDS

FSYNC_EVERY = 64  # lines between fsyncs
FSYNC_SECONDS = 2.0  # ... or seconds, whichever comes first
INFLIGHT_PER_WORKER = 4  # bounded queue: at most workers * this many clusters in flight
# The process pool sends clusters in chunks of CHUNK (one round trip per chunk: with the engine
# at ~5 ms a cluster, per-task messaging was a visible share of a worker's time), at most
# CHUNKS_PER_WORKER chunks per worker in flight.
CHUNK = 4
CHUNKS_PER_WORKER = 2


@dataclass(frozen=True, slots=True)
class BatchError:
    """One failed input line: ``line`` is 1-based; ``cluster_id`` is None when unknown."""

    line: int
    cluster_id: str | None
    message: str
    kind: str = "error"  # "json", "schema", "duplicate", "summarize", "worker"

    def to_dict(self) -> dict[str, Any]:
        return {"line": self.line, "id": self.cluster_id, "kind": self.kind, "error": self.message}

    def __str__(self) -> str:
        where = f"line {self.line}"
        if self.cluster_id is not None:
            where += f" (id {self.cluster_id})"
        return f"{where}: {self.message}"


@dataclass(slots=True)
class BatchStats:
    """Counts of one run. ``done`` + ``skipped`` + ``failed`` = input lines that held a record."""

    done: int = 0
    skipped: int = 0
    failed: int = 0
    seconds: float = 0.0
    articles: int = 0  # documents in the clusters summarized by this run
    repaired_bytes: int = 0  # torn tail removed from the output on resume
    worker_peak_rss_mb: float = 0.0  # largest peak RSS reported by a worker process
    first_result_seconds: float = 0.0  # start-up latency: from the start to the first result
    errors: list[BatchError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.failed == 0

    def line(self) -> str:
        rate = self.done / self.seconds if self.seconds > 0 else 0.0
        return (
            f"{self.done} done, {self.skipped} skipped, {self.failed} failed "
            f"in {self.seconds:.1f} s ({rate:.1f} clusters/s)"
        )


# ---------------------------------------------------------------------------------------------
# output file: what is already there, and repair of a torn tail


def scan_output(
    path: str | os.PathLike[str], repair: bool = True
) -> tuple[set[str], int, dict[tuple[str, int], int]]:
    """Ids already written to ``path``, the number of torn bytes removed, and the settings
    the lines were made with: ``{(method, max_words): first line number}`` (every result line
    carries its ``method`` and ``max_words``; lines without them are not counted).

    A last line without its newline (a kill during ``write``) and trailing complete lines that
    are not valid JSON (garbage after a crash) are cut off when ``repair`` is true. An invalid
    line *followed by* valid ones is not something tomtat writes: that raises InputError
    rather than guessing.
    """
    p = Path(path)
    if not p.exists():
        return set(), 0, {}
    data = p.read_bytes()
    ids: set[str] = set()
    settings: dict[tuple[str, int], int] = {}
    good_end = 0  # byte offset just after the last valid, newline-terminated line
    bad_line: int | None = None
    pos = 0
    lineno = 0
    while pos < len(data):
        nl = data.find(b"\n", pos)
        if nl < 0:
            break  # torn tail
        lineno += 1
        raw = data[pos:nl]
        pos = nl + 1
        if not raw.strip():
            if bad_line is None:
                good_end = pos
            continue
        try:
            obj = json.loads(raw)
            cid = obj["id"]
        except (ValueError, TypeError, KeyError):
            bad_line = bad_line or lineno
            continue
        if bad_line is not None:
            raise InputError(
                f"{p}: line {bad_line} is not a tomtat result line but later lines are; "
                f"fix or remove that line, then run with --resume again"
            )
        ids.add(str(cid))
        if isinstance(obj.get("method"), str) and isinstance(obj.get("max_words"), int):
            settings.setdefault((obj["method"], obj["max_words"]), lineno)
        good_end = pos
    torn = len(data) - good_end
    if torn and repair:
        with open(p, "r+b") as fh:
            fh.truncate(good_end)
            fh.flush()
            os.fsync(fh.fileno())
    return ids, torn, settings


# ---------------------------------------------------------------------------------------------
# one run per output: an exclusive lock on the output file itself


class OutputLockedError(TomtatError):
    """Another process holds the lock of the output file (another ``tomtat batch`` run)."""

    http_status = 409


def _lock_holder(fd: int) -> int | None:
    """The process holding a ``flock`` on the file of ``fd``, from ``/proc/locks`` (Linux);
    None when it cannot be told."""
    try:
        st = os.fstat(fd)
        key = f"{os.major(st.st_dev):02x}:{os.minor(st.st_dev):02x}:{st.st_ino}"
        with open("/proc/locks", encoding="ascii", errors="replace") as fh:
            for line in fh:
                fields = line.split()
                # "1: FLOCK  ADVISORY  WRITE 1234 00:2f:5678 0 EOF" (waiters have "->")
                if len(fields) >= 6 and fields[1] == "FLOCK" and fields[5] == key:
                    pid = int(fields[4])
                    if pid > 0 and pid != os.getpid():
                        return pid
    except (OSError, ValueError):
        pass
    return None


def open_output_locked(out: Path) -> tuple[int, bool]:
    """Open ``out`` for appending (created when missing) and lock it for this run.

    Returns ``(fd, created)``. The lock is an exclusive ``flock`` on the output file itself,
    taken without waiting and held until the descriptor is closed (the end of the run, or
    the process's death: a killed run leaves no stale lock). A second run on the same output
    gets :class:`OutputLockedError` naming the process that holds it, before it reads or
    writes anything. Without ``fcntl`` (Windows) no lock is taken.
    """
    flags = os.O_WRONLY | os.O_APPEND | getattr(os, "O_CLOEXEC", 0)
    try:
        fd = os.open(out, flags | os.O_CREAT | os.O_EXCL, 0o666)
        created = True
    except FileExistsError:
        fd = os.open(out, flags)
        created = False
    try:
        import fcntl
    except ImportError:  # pragma: no cover - Windows
        return fd, created
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        holder = _lock_holder(fd)
        os.close(fd)
        who = f"process {holder}" if holder else "another process"
        raise OutputLockedError(
            f"{out} is being written by {who} (another tomtat batch run); wait for it to "
            f"finish, or choose another -o"
        ) from None
    except OSError:  # a file system without locks (some network mounts): go on unlocked
        pass
    return fd, created


def check_settings(
    out: Path, found: Mapping[tuple[str, int], int], method: str, max_words: int
) -> None:
    """Refuse to resume ``out`` with other settings than its lines were made with: a file
    mixing two methods or budgets looks complete and is wrong."""
    other = {k: line for k, line in found.items() if k != (method, max_words)}
    if not other:
        return
    (m, w), line = min(other.items(), key=lambda kv: kv[1])
    raise UsageError(
        f"{out} was written with --method {m} --max-words {w} (line {line}); this run asks "
        f"for --method {method} --max-words {max_words}: resume with the same settings, or "
        f"choose another -o"
    )


class _Appender:
    """Append lines durably: flush per line, fsync every N lines / T seconds and on close.
    Standard output (``owned=False``) is flushed, never closed; what cannot be synced
    (``/dev/null``, a pipe) is not."""

    def __init__(self, fh: BinaryIO, owned: bool = True) -> None:
        self._fh = fh
        self._owned = owned
        self._pending = 0
        self._last_sync = time.monotonic()

    def write(self, line: str) -> None:
        """Append ``line``; a line that cannot be encoded raises before anything is written."""
        data = (line + "\n").encode("utf-8")
        self._fh.write(data)  # one write: a kill leaves at most a torn last line
        self._fh.flush()
        self._pending += 1
        if self._pending >= FSYNC_EVERY or time.monotonic() - self._last_sync >= FSYNC_SECONDS:
            self.sync()

    def sync(self) -> None:
        from .io.output import sync_quietly

        if self._pending and self._owned:
            sync_quietly(self._fh.fileno())
        self._pending = 0
        self._last_sync = time.monotonic()

    def close(self) -> None:
        if not self._fh.closed:
            self.sync()
            if self._owned:
                self._fh.close()


def _open_stream(output_path: str | os.PathLike[str]) -> tuple[BinaryIO, bool]:
    """``-`` (standard output, not ours to close) or a device/FIFO opened for appending."""
    from .io.output import is_stdout

    if is_stdout(output_path):
        sys.stdout.flush()
        return sys.stdout.buffer, False
    fd = os.open(output_path, os.O_WRONLY | os.O_APPEND | getattr(os, "O_CLOEXEC", 0))
    return os.fdopen(fd, "ab"), True


# ---------------------------------------------------------------------------------------------
# input and the work of one cluster (runs in a worker)


def count_lines(path: str | os.PathLike[str]) -> int | None:
    """Number of non-blank lines (for the progress total); None for stdin."""
    if str(path) == "-":
        return None
    from .io.limited import bounded_lines, open_input
    from .limits import max_input_bytes

    with open_input(Path(path), allow_pipe=False) as fh:  # a pipe cannot be read twice
        lines = bounded_lines(fh, max_input_bytes())  # an endless line is not kept
        return sum(1 for raw in lines if not isinstance(raw, bytes) or raw.strip())


def summarize_record(record: Any, method: str = "default", max_words: int = DEFAULT_MAX_WORDS):
    """One cluster -> its result line (compact JSON, no newline) and its article count.

    ``record`` is a :class:`tomtat.io.read.ClusterRecord` or a parsed JSON object in the data
    schema.
    """
    from .engine import summarize
    from .io.read import load_cluster_record
    from .io.write import summary_to_dict
    from .pipeline import build_cluster

    if isinstance(record, Mapping):
        record = load_cluster_record(dict(record), name="cluster")
    cid, documents, references = record
    cluster = build_cluster(documents, cid, references)
    summary = summarize(cluster, method=method, max_words=max_words)
    line = json.dumps(summary_to_dict(summary), ensure_ascii=False, separators=(",", ":"))
    return line, len(cluster.documents)


# A tiny Vietnamese cluster used to warm a worker (batch, and the HTTP service's): imports the
# engine, the method and whatever it loads lazily (segmenter, model) once, before the first
# real cluster arrives.
_WARM_DOCS = (
    ("w1", "Mưa lớn kéo dài gây ngập nhiều tuyến phố ở Hà Nội. Giao thông ùn tắc nhiều giờ."),
    ("w2", "Hà Nội ngập sâu sau trận mưa lớn chiều thứ Hai. Nhiều xe chết máy giữa đường."),
)
WARM_CLUSTER = {"id": "warm", "documents": [{"id": i, "text": t} for i, t in _WARM_DOCS]}


def warm_engine(method: str = "default", max_words: int = 200) -> None:
    """Load the engine and ``method`` once in this process (worker initializer)."""
    from .engine import get_method

    get_method(method)  # unknown method: raise here, once, not per cluster
    with contextlib.suppress(TomtatError):
        summarize_record(WARM_CLUSTER, method, max_words)


def init_worker(method: str = "default", max_words: int = 200) -> None:
    """Initializer of a worker process (process pool or Dask): one thread per native pool,
    then :func:`warm_engine`.

    Parallelism comes from the processes: NumPy/SciPy's OpenBLAS and OpenMP (scikit-learn,
    LightGBM) start one thread per core in *every* process by default, so N workers on N
    cores would run N x N threads that spin and steal each other's cores.
    """
    exit_with_parent()
    with contextlib.suppress(ImportError):
        from threadpoolctl import threadpool_limits

        threadpool_limits(1)
    warm_engine(method, max_words)


def exit_with_parent() -> None:
    """In a pool worker: exit as soon as the process that started the pool is gone.

    A worker blocks reading its next task from a pipe whose write end it also holds, so a
    parent killed with SIGKILL (no clean-up runs) would leave it waiting for ever, and the
    forkserver with it (the forkserver stops only when every process holding its "alive"
    pipe has exited). :func:`multiprocessing.parent_process`'s sentinel becomes readable when
    the parent dies; a daemon thread waits on it and ends the worker at once. With the
    workers gone the forkserver and the resource tracker see end-of-file and exit too.
    """
    import multiprocessing
    import threading
    from multiprocessing.connection import wait

    parent = multiprocessing.parent_process()
    sentinel = getattr(parent, "sentinel", None)
    if sentinel is None:  # not a multiprocessing child (Dask, serial)
        return

    def watch() -> None:
        with contextlib.suppress(OSError, ValueError):
            wait([sentinel])
            os._exit(1)

    threading.Thread(target=watch, name="tomtat-exit-with-parent", daemon=True).start()


def _peak_rss_mb() -> float:
    try:
        import resource

        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0  # KiB on Linux
    except (ImportError, OSError):  # pragma: no cover - non-Unix
        return 0.0


class Task(NamedTuple):
    """One cluster to summarize: its input line, id and record."""

    line: int
    cluster_id: str
    record: Any  # a ClusterRecord, or a parsed JSON object in the data schema


class Result(NamedTuple):
    """What a worker returns for one task: the summary JSON line, or the error message."""

    line: int
    cluster_id: str
    ok: bool
    payload: str  # the JSON line when ok, else the error message
    n_docs: int
    peak_rss_mb: float  # the worker's peak resident memory so far

    @classmethod
    def failed(cls, task: Task, message: str, peak_rss_mb: float = 0.0) -> Result:
        return cls(task.line, task.cluster_id, False, message, 0, peak_rss_mb)


def run_tasks(tasks: list[Task], method: str, max_words: int) -> list[Result]:
    """Summarize a chunk of tasks in one worker call (fewer round trips to the parent)."""
    return [run_task(task, method, max_words) for task in tasks]


def run_task(task: Task, method: str, max_words: int) -> Result:
    """Summarize one task; never raises (a failure becomes ``ok=False`` with the message)."""
    try:
        out, n_docs = summarize_record(task.record, method, max_words)
        return Result(task.line, task.cluster_id, True, out, n_docs, _peak_rss_mb())
    except TomtatError as exc:
        return Result.failed(task, str(exc), _peak_rss_mb())
    except Exception as exc:  # a bug or a pathological input: report it, keep going
        return Result.failed(task, f"{type(exc).__name__}: {exc}", _peak_rss_mb())


# ---------------------------------------------------------------------------------------------
# executors: each takes an iterator of tasks and yields results as they complete, with at
# most `inflight` tasks submitted and not yet collected (memory stays flat on huge inputs)


def _serial(tasks: Iterator[Task], method: str, max_words: int) -> Iterator[Result]:
    warm_engine(method, max_words)
    for task in tasks:
        yield run_task(task, method, max_words)


# Modules a worker needs, imported once by the forkserver (see :func:`pool_context`): most of
# a worker's start-up. (LightGBM and the scikit-learn it imports are no longer among them: the
# ranker's trees are read from the model file, tomtat.engine.trees.)
PRELOAD = (
    "numpy",
    "scipy.sparse",
    "tomtat.engine",
    "tomtat.engine.learned",
    "tomtat.pipeline",
    "tomtat.io.read",
    "tomtat.io.write",
    "tomtat.batch",
    "tomtat.engine._forkserver_warm",  # common words analysed once, inherited by every worker
)


def pool_context() -> Any:
    """The multiprocessing context of the local worker pool: ``forkserver`` with
    :data:`PRELOAD`, where the platform has it (Linux, macOS); else the platform default.

    With plain ``fork`` (the Linux default before Python 3.14) every worker imported the engine
    itself: N workers paid the import N times, and on a shared machine the copies competed for
    the cores at the start of the run. The forkserver is a small process started once per
    parent; it imports :data:`PRELOAD` once and forks each worker from that state, so a worker
    starts in milliseconds with the libraries already loaded (pages shared copy-on-write).
    The forkserver only *imports*: it never runs a model, so no OpenMP or BLAS thread pool
    exists when it forks (forking a process whose OpenMP runtime has started can hang the
    child). Forking from the parent instead would inherit whatever the caller did before
    (a warmed engine, running threads), which is neither safe nor reproducible.
    """
    import multiprocessing as mp

    if "forkserver" not in mp.get_all_start_methods():  # pragma: no cover - Windows
        return mp.get_context()
    ctx = mp.get_context("forkserver")
    # only takes effect if this process's forkserver has not started yet (it is per process
    # and lives until the process exits); a module missing here is skipped by the forkserver
    ctx.set_forkserver_preload(list(PRELOAD))
    return ctx


def start_pool_server() -> Any:
    """Start this process's forkserver now (it imports :data:`PRELOAD` in the background)
    and return the pool context. ``run_batch`` calls it first thing, so the server's imports
    overlap the parent's own set-up (checking the method imports the engine: ~0.3 s) instead
    of following it."""
    ctx = pool_context()
    if ctx.get_start_method() == "forkserver":
        from multiprocessing import forkserver

        forkserver.ensure_running()
    return ctx


def _process_pool(
    tasks: Iterator[Task], method: str, max_words: int, workers: int, ctx: Any = None
) -> Iterator[Result]:
    from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
    from concurrent.futures.process import BrokenProcessPool

    inflight = workers * CHUNKS_PER_WORKER

    ctx = ctx or pool_context()
    delivered = False  # a worker has returned a result: start-up works

    def new_pool() -> ProcessPoolExecutor:
        return ProcessPoolExecutor(
            max_workers=workers,
            mp_context=ctx,
            initializer=init_worker,
            initargs=(method, max_words),
        )

    pool = new_pool()
    pending: dict[Any, list[Task]] = {}
    exhausted = False
    try:
        while True:
            while not exhausted and len(pending) < inflight:
                chunk = list(islice(tasks, CHUNK))
                if not chunk:
                    exhausted = True
                    break
                try:
                    fut = pool.submit(run_tasks, chunk, method, max_words)
                except BrokenProcessPool as exc:
                    # the workers die before running anything (e.g. the caller's main module
                    # cannot be re-imported by a forkserver/spawn child): give up, clearly
                    raise TomtatError(
                        f"the worker processes could not start ({exc}); run with --workers 1, "
                        f"or call run_batch from a module guarded by "
                        f"'if __name__ == \"__main__\":'"
                    ) from None
                pending[fut] = chunk
            if not pending:
                return
            done, _ = wait(pending, return_when=FIRST_COMPLETED)
            broken = False
            for fut in done:
                chunk = pending.pop(fut)
                try:
                    results = fut.result()
                except BrokenProcessPool:
                    if not delivered:
                        raise TomtatError(
                            "the worker processes died before returning any result; run with "
                            "--workers 1, or call run_batch from a module guarded by "
                            "'if __name__ == \"__main__\":'"
                        ) from None
                    broken = True
                    for task in chunk:
                        yield Result.failed(task, "worker process died")
                else:
                    delivered = True
                    yield from results
            if broken:  # a worker was killed (OOM?): fail what it held, start a new pool
                for chunk in pending.values():
                    for task in chunk:
                        yield Result.failed(task, "worker process died")
                pending.clear()
                pool.shutdown(wait=False, cancel_futures=True)
                pool = new_pool()
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def _make_warm_plugin(method: str, max_words: int):
    from distributed.diagnostics.plugin import WorkerPlugin

    class TomtatWarmEngine(WorkerPlugin):
        """Loads the engine and method once per Dask worker, when the worker joins."""

        name = f"tomtat-warm-{method}-{max_words}"

        def __init__(self) -> None:
            self.method = method
            self.max_words = max_words

        def setup(self, worker) -> None:
            init_worker(self.method, self.max_words)

    return TomtatWarmEngine()


@contextlib.contextmanager
def dask_client(address: str, workers: int) -> Iterator[Any]:
    """A Dask client of the scheduler at ``address``, or of a local cluster of ``workers``
    processes (one thread each) for ``"local"``; closed (and the local cluster with it) on
    exit. An unreachable scheduler is a :class:`UsageError` saying what to do."""
    from .errors import require

    require("distributed", "dist")
    from distributed import Client, LocalCluster

    cluster = None
    if address == "local":
        cluster = LocalCluster(
            n_workers=max(1, workers),
            threads_per_worker=1,
            processes=True,
            dashboard_address=None,
            silence_logs=40,
        )
        client = Client(cluster)
    else:
        try:
            client = Client(address, timeout="20s")
        except OSError as exc:
            raise UsageError(
                f"cannot reach the Dask scheduler at {address!r} ({exc}); "
                f"check the address, or use --dask local"
            ) from None
    try:
        yield client
    finally:
        client.close()
        if cluster is not None:
            cluster.close()


def _dask(
    tasks: Iterator[Task], method: str, max_words: int, workers: int, address: str
) -> Iterator[Result]:
    with dask_client(address, workers) as client:  # checks that distributed is installed
        from distributed import as_completed

        client.register_plugin(_make_warm_plugin(method, max_words))
        n_workers = max(1, len(client.scheduler_info().get("workers", {})) or workers)
        inflight = n_workers * INFLIGHT_PER_WORKER
        ac = as_completed()
        held: dict[Any, Task] = {}

        def submit(task: Task) -> None:
            fut = client.submit(run_task, task, method, max_words, pure=False)
            held[fut] = task
            ac.add(fut)

        for task in tasks:
            submit(task)
            if len(held) >= inflight:
                break
        for fut in ac:
            task = held.pop(fut)
            try:
                result = fut.result()
            except Exception as exc:  # the worker died with the task, or lost it
                result = Result.failed(task, f"dask: {type(exc).__name__}: {exc}")
            fut.release()
            yield result
            nxt = next(tasks, None)
            if nxt is not None:
                submit(nxt)


# ---------------------------------------------------------------------------------------------
# the run


def _progress(total: int | None, enabled: bool):
    if not enabled:
        return None
    from tqdm import tqdm

    return tqdm(total=total, unit="cluster", file=sys.stderr, dynamic_ncols=True, smoothing=0.1)


def run_batch(
    input_path: str | os.PathLike[str],
    output_path: str | os.PathLike[str],
    *,
    method: str = "default",
    max_words: int = 200,
    workers: int = 1,
    resume: bool = False,
    dask: str | None = None,
    errors_path: str | os.PathLike[str] | None = None,
    progress: bool | None = None,
    on_error: Callable[[BatchError], None] | None = None,
    on_warning: Callable[[str], None] | None = None,
) -> BatchStats:
    """Summarize every cluster of ``input_path`` into ``output_path``; see the module doc.

    ``progress=None`` shows a bar only when stderr is a terminal. ``on_error`` is called once
    per failed line (the CLI prints it); ``errors_path`` also gets one JSON line per error;
    ``on_warning`` gets the reader's warnings (an empty document skipped, ...).
    """
    if max_words <= 0:
        raise UsageError(
            f"max_words must be a positive number of syllables, got {max_words}", "max_words"
        )
    if workers < 1:
        raise UsageError(f"workers must be at least 1, got {workers}", "workers")
    ctx = start_pool_server() if workers > 1 and not dask else None
    from .engine import get_method

    get_method(method)  # unknown method: one clear error before any work
    from .io.output import check_output, is_stdout, is_stream

    out = Path(output_path)
    if str(input_path) != "-" and not Path(input_path).is_file():
        raise InputError(f"no such input file: {input_path}")
    stream = is_stream(output_path)  # "-", /dev/null, a FIFO: written to, never read back
    if stream and resume:
        raise UsageError(
            f"--resume reads back what -o holds, and {output_path} "
            f"{'is standard output' if is_stdout(output_path) else 'is not a regular file'}; "
            "write to a file to resume"
        )
    if not stream and str(input_path) != "-" and Path(input_path).resolve() == out.resolve():
        raise UsageError(f"input and output are the same file ({out}); choose another output path")
    if not stream and not out.parent.exists():
        raise InputError(f"output directory does not exist: {out.parent}")
    check_output(output_path)
    stats = BatchStats()
    t0 = time.perf_counter()
    total = count_lines(input_path)
    err_fh: TextIO | None = None
    if stream:  # nothing to lock, resume or remove
        fh, owned = _open_stream(output_path)
        fd, created = -1, False
    else:
        fd, created = open_output_locked(out)  # held until the writer closes it
    try:
        done_ids: set[str] = set()
        if not stream and os.fstat(fd).st_size > 0:
            if not resume:
                raise UsageError(
                    f"{out} already exists and is not empty: pass --resume to continue it, "
                    f"or remove it to start over"
                )
            done_ids, torn, settings = scan_output(out, repair=False)
            check_settings(out, settings, method, max_words)
            if torn:
                stats.repaired_bytes = scan_output(out, repair=True)[1]
        if errors_path is not None:  # opened (truncated) only by the run that holds the lock
            err_fh = open(errors_path, "w", encoding="utf-8")  # noqa: SIM115
        writer = _Appender(fh, owned) if stream else _Appender(os.fdopen(fd, "ab"))
    except BaseException:
        if err_fh is not None:
            err_fh.close()
        if stream:
            if owned:
                fh.close()
        else:
            os.close(fd)
        if created:
            out.unlink(missing_ok=True)
        raise
    bar = _progress(total, sys.stderr.isatty() if progress is None else progress)

    def fail(err: BatchError) -> None:
        stats.failed += 1
        stats.errors.append(err)
        if err_fh is not None:
            err_fh.write(json.dumps(clean_json(err.to_dict()), ensure_ascii=False) + "\n")
            err_fh.flush()
        if on_error is not None:
            if bar is not None:
                bar.clear()
            on_error(err)
            if bar is not None:
                bar.refresh()
        if bar is not None:
            bar.update(1)

    seen: dict[str, int] = {}

    def tasks() -> Iterator[Task]:
        from .io.read import read_clusters_jsonl

        prefix = f"{'<stdin>' if str(input_path) == '-' else input_path}:"
        for item in read_clusters_jsonl(input_path, on_warning=on_warning):
            cid = item.id or None
            if item.error is not None or item.record is None:
                msg = str(item.error).removeprefix(f"{prefix}{item.line_no}: ")
                fail(BatchError(item.line_no, cid, msg, "input"))
                continue
            cid = item.record.id
            if cid in seen:
                msg = f"duplicate id (first seen on line {seen[cid]})"
                fail(BatchError(item.line_no, cid, msg, "duplicate"))
                continue
            seen[cid] = item.line_no
            if cid in done_ids:
                stats.skipped += 1
                if bar is not None:
                    bar.update(1)
                continue
            yield Task(item.line_no, cid, item.record)

    if dask:
        results = _dask(tasks(), method, max_words, workers, dask)
    elif workers > 1:
        results = _process_pool(tasks(), method, max_words, workers, ctx)
    else:
        results = _serial(tasks(), method, max_words)

    try:
        for res in results:
            if not stats.first_result_seconds:
                stats.first_result_seconds = time.perf_counter() - t0
            stats.worker_peak_rss_mb = max(stats.worker_peak_rss_mb, res.peak_rss_mb)
            if res.ok:
                try:
                    writer.write(res.payload)
                except UnicodeEncodeError as exc:  # the readers clean strings: a bug, kept local
                    fail(BatchError(res.line, res.cluster_id, f"cannot write: {exc}", "write"))
                    continue
                stats.done += 1
                stats.articles += res.n_docs
                if bar is not None:
                    bar.update(1)
            else:
                fail(BatchError(res.line, res.cluster_id, res.payload, "summarize"))
    finally:
        writer.close()
        with contextlib.suppress(Exception):
            results.close()  # type: ignore[attr-defined]
        if err_fh is not None:
            err_fh.close()
        if bar is not None:
            bar.close()
        stats.seconds = time.perf_counter() - t0
    return stats
