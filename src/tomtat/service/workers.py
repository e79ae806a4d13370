"""Summaries and reports computed in worker processes that the service can stop.

A request's work runs in one of ``size`` long-lived worker processes (forked from the batch
forkserver, :func:`tomtat.batch.pool_context`, with the engine already imported, and warmed
once on start). The event loop waits for the answer on the worker's pipe, and meanwhile
watches two things every :data:`POLL_SECONDS`:

* the request's deadline (``--request-timeout``): past it the worker is killed and the client
  gets ``503 compute_timeout``;
* the client: when it has gone, the worker is killed too, so nobody's CPU is spent on an
  answer nobody will read.

A killed worker is replaced by a fresh one at once (a fork from the forkserver takes
milliseconds; its warm-up runs before it reads its first job). A worker that dies by itself
(out of memory, a crash in a C library) is replaced the same way and the request gets a 500.

Why processes, not threads: a Python thread cannot be stopped from outside, so a thread pool
can only answer 503 at the deadline while the work goes on holding a slot and a core; and
cooperative deadline checks would have to be threaded through every loop of the pipeline,
numpy and the HTML extractor included. Measured costs are in docs/service.md ("Compute
deadline").
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import signal
import time
import traceback
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

import anyio
import anyio.to_thread

from ..errors import TomtatError

log = logging.getLogger("tomtat.service")

#: How often a waiting request checks its deadline and its client, in seconds.
POLL_SECONDS = 0.1
#: Added to the workers' nice value: the server process, which answers /healthz and enforces
#: the deadlines, keeps priority over the summaries when every core is busy.
WORKER_NICENESS = 5


class ComputeTimeout(TomtatError):
    """The work of a request did not finish before the service's deadline (HTTP 503)."""

    http_status = 503


class ServerBusy(TomtatError):
    """No worker became free before the request's deadline (HTTP 503)."""

    http_status = 503


class ClientGone(Exception):
    """The client disconnected while its work ran; the work was stopped."""


class WorkerCrashed(Exception):
    """A worker process died while computing (out of memory, a crash in a C library)."""


#: What a worker sends once warmed up, before its first answer.
_READY = "tomtat-worker-ready"


@dataclass(frozen=True, slots=True)
class _Failure:
    error: BaseException
    trace: str


def _serve(conn: Any, warm: Callable[[], None] | None) -> None:
    """The worker's loop: warm up, then run ``(fn, args)`` jobs until told to stop."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C stops the server; it stops us
    # the event loop (health checks, deadlines, new requests) goes first on a busy machine
    with contextlib.suppress(OSError):
        os.nice(WORKER_NICENESS)
    # parallelism comes from the workers: one native thread each (as batch workers do)
    with contextlib.suppress(ImportError):
        from threadpoolctl import threadpool_limits

        threadpool_limits(1)
    if warm is not None:
        try:
            warm()
        except Exception:  # a broken warm-up must not kill the worker: the job will say why
            traceback.print_exc()
    conn.send(_READY)
    while True:
        try:
            job = conn.recv()
        except (EOFError, OSError):
            return
        if job is None:
            return
        fn, args = job
        try:
            reply: Any = fn(*args)
        except BaseException as exc:  # sent to the parent, which raises it
            reply = _Failure(exc, traceback.format_exc())
        try:
            conn.send(reply)
        except Exception as exc:  # an unpicklable result or error: say so instead
            conn.send(_Failure(RuntimeError(f"worker could not send its answer: {exc}"), ""))


class _Worker:
    def __init__(self, ctx: Any, warm: Callable[[], None] | None) -> None:
        parent, child = ctx.Pipe()
        self.process = ctx.Process(target=_serve, args=(child, warm), daemon=True)
        self.process.start()
        child.close()
        self.conn = parent
        self.ready = False

    def wait_ready(self, timeout: float) -> bool:
        """Block until the worker has warmed up (at most ``timeout`` seconds)."""
        if not self.ready and self.conn.poll(timeout):
            self.ready = self.conn.recv() == _READY
        return self.ready

    def kill(self) -> None:
        self.process.kill()
        self.process.join(5)
        self.conn.close()

    def stop(self) -> None:
        with contextlib.suppress(OSError):
            self.conn.send(None)
        self.process.join(2)
        if self.process.is_alive():
            self.kill()
        else:
            self.conn.close()


async def _readable(conn: Any, timeout: float) -> bool:
    """Wait until ``conn`` has data (or EOF), at most ``timeout`` seconds."""
    loop = asyncio.get_running_loop()
    ready = loop.create_future()
    fd = conn.fileno()

    def wake() -> None:
        if not ready.done():
            ready.set_result(True)

    loop.add_reader(fd, wake)
    try:
        return await asyncio.wait_for(ready, timeout)
    except TimeoutError:
        return False
    finally:
        loop.remove_reader(fd)


class WorkerPool:
    """``size`` worker processes; :meth:`run` gives one job to a free worker, with a deadline.

    Create it inside the running event loop (the app's lifespan) and :meth:`close` it there.
    """

    def __init__(self, size: int, warm: Callable[[], None] | None = None) -> None:
        from ..batch import pool_context

        self.size = size
        self._warm = warm
        self._ctx = pool_context()
        self._idle: list[_Worker] = []
        self._slots = anyio.Semaphore(size)
        # workers killed, by reason: "deadline", "client" (gone), "crash" (for logs and tests)
        self.killed: dict[str, int] = {"deadline": 0, "client": 0, "crash": 0}

    async def start(self, timeout: float = 120.0) -> None:
        """Start every worker now and wait until each has warmed up (they warm up at the same
        time); a worker still warming after ``timeout`` seconds is used anyway."""
        started = [await self._new_worker() for _ in range(self.size - len(self._idle))]
        for worker in started:
            if not await anyio.to_thread.run_sync(worker.wait_ready, timeout):
                log.warning("worker %s is not warmed up yet", worker.process.pid)
        self._idle.extend(started)

    async def close(self) -> None:
        idle, self._idle = self._idle, []
        for worker in idle:
            await anyio.to_thread.run_sync(worker.stop)

    async def run(
        self,
        fn: Callable[..., Any],
        args: tuple[Any, ...],
        *,
        deadline: float,
        client_gone: Callable[[], Awaitable[bool]],
        timeout_message: str,
    ) -> Any:
        """``fn(*args)`` in a worker; raises what it raised, :class:`ComputeTimeout` past
        ``deadline`` (a ``time.monotonic()`` value), :class:`ServerBusy` when no worker got
        free in time, :class:`ClientGone` when ``client_gone()`` turned true."""
        try:
            with anyio.fail_after(max(0.0, deadline - time.monotonic())):
                await self._slots.acquire()
        except TimeoutError:
            raise ServerBusy(
                f"all {self.size} workers stayed busy until this request's deadline; "
                "try again later"
            ) from None
        try:
            worker = self._idle.pop() if self._idle else await self._new_worker()
            try:
                reply = await self._wait(worker, fn, args, deadline, client_gone, timeout_message)
            except BaseException as exc:
                reason = {ComputeTimeout: "deadline", ClientGone: "client"}.get(type(exc), "crash")
                await self._replace(worker, reason)
                raise
            self._idle.append(worker)
        finally:
            self._slots.release()
        if isinstance(reply, _Failure):
            if not isinstance(reply.error, TomtatError) and reply.trace:
                log.error("worker failed:\n%s", reply.trace.rstrip())
            raise reply.error
        return reply

    async def _wait(
        self,
        worker: _Worker,
        fn: Callable[..., Any],
        args: tuple[Any, ...],
        deadline: float,
        client_gone: Callable[[], Awaitable[bool]],
        timeout_message: str,
    ) -> Any:
        await anyio.to_thread.run_sync(worker.conn.send, (fn, args))
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                raise ComputeTimeout(timeout_message)
            if await _readable(worker.conn, min(POLL_SECONDS, left)):
                try:
                    reply = await anyio.to_thread.run_sync(worker.conn.recv)
                except (EOFError, OSError):
                    raise WorkerCrashed(
                        f"worker process {worker.process.pid} died "
                        f"(exit code {worker.process.exitcode})"
                    ) from None
                if not worker.ready and reply == _READY:  # a fresh worker finished warming
                    worker.ready = True
                    continue
                return reply
            if await client_gone():
                raise ClientGone()

    async def _new_worker(self) -> _Worker:
        return await anyio.to_thread.run_sync(_Worker, self._ctx, self._warm)

    async def _replace(self, worker: _Worker, reason: str) -> None:
        """Kill ``worker`` (busy with work nobody wants) and put a fresh one in its place."""
        self.killed[reason] += 1
        log.info("stopped worker %s (%s)", worker.process.pid, reason)
        with anyio.CancelScope(shield=True):
            await anyio.to_thread.run_sync(worker.kill)
            self._idle.append(await self._new_worker())
