"""Abuse of a real ``tomtat serve`` on 127.0.0.1 (bounded: about 30 s in all).

Runs the abuse cases of ``benchmarks/load_test.py`` (malformed JSON, wrong types, 100,000
levels of nesting, oversized bodies declared and chunked, a lying Content-Length, a slow body,
slow headers, a crowd of idle connections) against a server started with 3-second body and
header deadlines, plus a 3-second load at concurrency 4: every case is handled with a 4xx or a
clean timeout, no request gets a 5xx, and the server is up at the end.
"""

from __future__ import annotations

import asyncio
import importlib.util
import sys
from pathlib import Path

import pytest

pytest.importorskip("uvicorn", reason="the service needs: pip install 'tomtat[serve]'")
pytest.importorskip("httpx")

SCRIPT = Path(__file__).resolve().parents[2] / "benchmarks" / "load_test.py"


def _load_test_module():
    spec = importlib.util.spec_from_file_location("tomtat_load_test", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    assert spec.loader is not None
    sys.modules[spec.name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


@pytest.mark.slow
def test_abuse_and_short_load_on_loopback(tmp_path) -> None:
    lt = _load_test_module()
    flags = ("--body-timeout", "3", "--header-timeout", "3", "--max-body-bytes", "300000",
             "--concurrency", "2")  # fmt: skip
    with lt.serve(*flags, log_dir=tmp_path) as server:
        checks = lt.abuse_checks(
            server, body_timeout=3, header_timeout=3, max_body=300_000, idle=50
        )
        failed = [f"{c.name}: {c.detail}" for c in checks if not c.ok]
        assert not failed, failed
        result = asyncio.run(lt._load(server.url, lt.request_bodies(6), 4, 3.0))
        assert result.requests > 0
        assert result.server_errors == 0 and result.transport_errors == 0, result.status
        assert set(result.status) == {200}, result.status
        assert server.alive()
        log = server.log.read_text(errors="replace")
        assert "Traceback" not in log, log[-2000:]
