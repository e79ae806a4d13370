"""Compute deadlines, gone clients and host names on a real server on 127.0.0.1 (issue 19).

The server runs in worker-process mode (what ``tomtat serve`` uses): work past
``request_timeout`` is killed and answered with 503, work whose client disconnected is killed,
and ``/healthz`` answers while a worker is busy with a heavy request.
"""

from __future__ import annotations

import json
import random
import socket
import threading
import time
from collections.abc import Iterator

import pytest
from served_app import serving

pytest.importorskip("uvicorn", reason="the service needs: pip install 'tomtat[serve]'")
httpx = pytest.importorskip("httpx")

_WORDS = (
    "người dân tỉnh thành phố nước mưa lũ cầu đường xã huyện chính quyền công an bệnh viện "
    "trường học giáo viên học sinh nông dân lúa gạo cá tôm biển đảo tàu thuyền xe máy điện "
    "giá vàng đồng tiền ngân hàng doanh nghiệp sản xuất xuất khẩu hàng hóa chợ siêu thị"
)
SYLLABLES = _WORDS.split()


def _heavy_cluster(documents: int = 5, chars: int = 190_000, seed: int = 7) -> dict:
    """Long articles of distinct Vietnamese-looking sentences: many seconds of work."""
    rnd = random.Random(seed)
    docs = []
    for d in range(documents):
        parts: list[str] = []
        size = 0
        while size < chars:
            words = rnd.choices(SYLLABLES, k=rnd.randint(12, 25))
            sentence = " ".join(words).capitalize() + f" {rnd.randint(1, 999)}."
            parts.append(sentence)
            size += len(sentence) + 1
        docs.append({"id": f"d{d}", "title": f"Bài {d}", "text": " ".join(parts)[:chars]})
    return {"id": "nang", "documents": docs, "max_words": 100}


@pytest.fixture(scope="module")
def served() -> Iterator[tuple[str, object]]:
    from tomtat.service.app import create_app
    from tomtat.service.config import ServiceConfig

    app = create_app(ServiceConfig(concurrency=1, request_timeout=1.0, warm_up=False))
    with serving(app) as url:
        yield url, app


def _worker_pids(app) -> set[int]:
    return {w.process.pid for w in app.state.pool._idle}


def _wait_for(condition, seconds: float = 20.0) -> bool:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        if condition():
            return True
        time.sleep(0.05)
    return False


def test_work_past_the_deadline_is_stopped_with_a_503(served):
    url, app = served
    before = _worker_pids(app)
    killed = app.state.pool.killed["deadline"]
    health: list[int] = []

    def probe() -> None:
        time.sleep(0.3)  # the heavy request holds the only worker by now
        health.append(httpx.get(url + "/healthz", timeout=5).status_code)

    prober = threading.Thread(target=probe)
    prober.start()
    r = httpx.post(url + "/v1/summarize", json=_heavy_cluster(), timeout=60)
    prober.join(10)
    assert r.status_code == 503
    error = r.json()["error"]
    assert error["code"] == "compute_timeout" and "limit of 1 seconds" in error["message"]
    assert "--" not in error["message"]  # an HTTP client is never told a server flag
    assert health == [200]  # answered while the worker was busy
    assert app.state.pool.killed["deadline"] == killed + 1
    # the killed worker was replaced by a fresh one, which serves the next request
    assert _wait_for(lambda: len(_worker_pids(app)) == 1)
    assert _worker_pids(app) != before
    small = {"documents": [{"text": "Mưa lớn ở Huế. Nước sông dâng cao."}], "max_words": 20}
    r = httpx.post(url + "/v1/summarize", json=small, timeout=30)
    assert r.status_code in (200, 503)  # a cold worker may need its warm-up first
    if r.status_code == 503:
        assert r.json()["error"]["code"] == "compute_timeout"


def test_work_of_a_client_that_left_is_stopped(served):
    url, app = served
    killed = app.state.pool.killed["client"]
    body = json.dumps(_heavy_cluster(seed=8)).encode()
    port = int(url.rsplit(":", 1)[1])
    _wait_for(lambda: len(_worker_pids(app)) == 1)  # the worker is free
    with socket.create_connection(("127.0.0.1", port)) as conn:
        conn.sendall(
            b"POST /v1/summarize HTTP/1.1\r\nHost: 127.0.0.1\r\n"
            b"Content-Type: application/json\r\nContent-Length: "
            + str(len(body)).encode()
            + b"\r\n\r\n"
            + body
        )
        time.sleep(0.3)  # the client leaves before the 1-second deadline
    assert _wait_for(lambda: app.state.pool.killed["client"] == killed + 1)


def test_other_host_names_are_refused(served):
    url, _ = served
    r = httpx.get(url + "/healthz", headers={"Host": "evil.example:8000"})
    assert r.status_code == 400
    assert r.json()["error"]["code"] == "invalid_host"
    assert "--" not in r.json()["error"]["message"]
    for host in ("localhost", "127.0.0.1:1234", "[::1]:80", "LOCALHOST."):
        assert httpx.get(url + "/healthz", headers={"Host": host}).status_code == 200, host


def test_pool_kills_work_past_its_deadline_and_reports_errors():
    import anyio

    from tomtat.errors import InputError
    from tomtat.service.workers import ComputeTimeout, WorkerPool

    async def scenario() -> None:
        pool = WorkerPool(1)
        await pool.start()

        async def never() -> bool:
            return False

        try:
            with pytest.raises(ComputeTimeout, match="too slow"):
                await pool.run(
                    time.sleep,
                    (60,),
                    deadline=time.monotonic() + 0.5,
                    client_gone=never,
                    timeout_message="too slow",
                )
            assert pool.killed["deadline"] == 1
            # the user's error travels back as itself, and the worker is kept
            with pytest.raises(InputError, match="không hợp lệ"):
                await pool.run(
                    _raise_input_error,
                    (),
                    deadline=time.monotonic() + 30,
                    client_gone=never,
                    timeout_message="",
                )
            assert pool.killed == {"deadline": 1, "client": 0, "crash": 0}
            assert await pool.run(
                sum, ([1, 2, 3],), deadline=time.monotonic() + 30, client_gone=never,
                timeout_message="",
            ) == 6  # fmt: skip
        finally:
            await pool.close()

    anyio.run(scenario)


def _raise_input_error() -> None:
    from tomtat.errors import InputError

    raise InputError("dữ liệu không hợp lệ")
