"""A real uvicorn server for an app on a free 127.0.0.1 port, in a thread (the browser,
four-doors and deadline tests share it), and the headless Chromium the browser tests drive
(Debian's, through Playwright: nothing is downloaded)."""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = os.environ.get("TOMTAT_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                 "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]  # fmt: skip


def has_chromium() -> bool:
    return Path(CHROMIUM).exists() or shutil.which(CHROMIUM) is not None


def require_browser() -> None:
    """Skip the calling test module (at import) without Chromium, Playwright or uvicorn."""
    if not has_chromium():
        pytest.skip(
            f"no Chromium at {CHROMIUM}: install Debian's browser (apt-get install -y chromium) "
            "or set TOMTAT_CHROMIUM",
            allow_module_level=True,
        )
    pytest.importorskip("playwright.sync_api", reason="needs the playwright python package")
    pytest.importorskip("uvicorn", reason="the service needs: pip install 'tomtat[serve]'")


@contextlib.contextmanager
def chromium() -> Iterator[Any]:
    """Headless Chromium (a Playwright ``Browser``) until the block ends."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        try:
            yield browser
        finally:
            browser.close()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextlib.contextmanager
def serving(app: Any) -> Iterator[str]:
    """Serve ``app`` until the block ends; yields its base URL. Fails the test when the server
    has not started within 30 s."""
    import uvicorn

    port = free_port()
    srv = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not srv.started:
        if time.monotonic() > deadline or not thread.is_alive():
            pytest.fail("the server did not start within 30 s")
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        srv.should_exit = True
        thread.join(10)
