"""``tomtat serve`` as a user starts it: a real process on 127.0.0.1."""

from __future__ import annotations

import json
import signal
import socket
import subprocess
import sys
import time
import urllib.request

import pytest

pytest.importorskip("uvicorn", reason="the service needs: pip install 'tomtat[serve]'")


def _serve(*args: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "tomtat", "serve", "--host", "127.0.0.1", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def test_busy_port_is_one_line_and_a_non_zero_exit_before_serving_on():
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        proc = _serve("--port", str(port))
        out, err = proc.communicate(timeout=120)
    assert proc.returncode == 2
    assert "serving on" not in out
    assert err.strip().splitlines() == [
        f"tomtat: error: port {port} on 127.0.0.1 is already in use (another server?); "
        "stop it or choose another port with --port"
    ]


def test_unknown_host_is_one_line():
    proc = subprocess.run(
        [sys.executable, "-m", "tomtat", "serve", "--host", "khong-co.invalid", "--port", "8765"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 2
    assert proc.stderr.startswith("tomtat: error: --host khong-co.invalid: cannot resolve")
    assert "Traceback" not in proc.stderr and "serving on" not in proc.stdout


def test_serves_on_the_socket_it_bound():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    proc = _serve("--port", str(port), "--log-level", "warning")
    try:
        assert proc.stdout is not None
        line = proc.stdout.readline()
        assert line.startswith(f"tomtat: serving on http://127.0.0.1:{port}/")
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=5) as r:
                    assert json.loads(r.read())["status"] == "ok"
                    break
            except OSError:
                assert time.monotonic() < deadline and proc.poll() is None
                time.sleep(0.2)
    finally:
        proc.send_signal(signal.SIGINT)
        proc.communicate(timeout=30)
