"""Fixtures of the newsroom tests: a throwaway PostgreSQL server started by the tests themselves
(the articles are in newsroom_data.py)."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path

import pytest

pytest.importorskip("sqlalchemy", reason="newsroom tests need tomtat[newsroom]")


# ---- a throwaway PostgreSQL server ------------------------------------------------------------

PG_BIN_DIRS = sorted(Path("/usr/lib/postgresql").glob("*/bin"), reverse=True)


def _pg_bin() -> Path | None:
    for d in PG_BIN_DIRS:
        if (d / "initdb").exists() and (d / "pg_ctl").exists():
            return d
    found = shutil.which("pg_ctl")
    return Path(found).parent if found and shutil.which("initdb") else None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _as_user() -> list[str]:
    """PostgreSQL refuses to run as root: run its programs as an unprivileged user."""
    if os.geteuid() != 0:
        return []
    for user in ("postgres", "nobody"):
        try:
            import pwd

            pwd.getpwnam(user)
        except KeyError:
            continue
        return ["runuser", "-u", user, "--"]
    pytest.skip("running as root and no unprivileged user (postgres, nobody) to run PostgreSQL")


@pytest.fixture(scope="session")
def pg_server():
    """``postgresql://tomtat@127.0.0.1:PORT/`` of a server in a temporary folder (stopped and
    removed at the end); skipped when PostgreSQL's binaries are not installed."""
    pytest.importorskip("psycopg", reason="PostgreSQL tests need psycopg (tomtat[newsroom])")
    bindir = _pg_bin()
    if bindir is None:
        pytest.skip(
            "PostgreSQL binaries (initdb, pg_ctl) not installed: apt-get install postgresql"
        )
    prefix = _as_user()
    tmp = Path(tempfile.mkdtemp(prefix="tomtat-pg-"))
    data = tmp / "data"
    if prefix:
        user = prefix[2]
        shutil.chown(tmp, user)
    tmp.chmod(0o700)
    port = _free_port()
    subprocess.run(
        [*prefix, str(bindir / "initdb"), "-D", str(data), "-A", "trust", "-U", "tomtat",
         "-E", "UTF8", "--no-sync"],
        check=True, capture_output=True,
    )  # fmt: skip
    opts = f"-p {port} -k {tmp} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=50"
    subprocess.run(
        [*prefix, str(bindir / "pg_ctl"), "-D", str(data), "-o", opts, "-l", str(tmp / "log"),
         "-w", "-t", "60", "start"],
        check=True, capture_output=True,
    )  # fmt: skip
    try:
        yield {"url": f"postgresql://tomtat@127.0.0.1:{port}", "bindir": bindir}
    finally:
        subprocess.run(
            [*prefix, str(bindir / "pg_ctl"), "-D", str(data), "-m", "immediate", "-w", "stop"],
            capture_output=True,
        )
        shutil.rmtree(tmp, ignore_errors=True)


_db_counter = iter(range(10**6))


@pytest.fixture
def pg_url(pg_server) -> str:
    """A new, empty database on the throwaway server."""
    import psycopg

    name = f"t{os.getpid()}_{next(_db_counter)}_{int(time.time() * 1000) % 100000}"
    with psycopg.connect(pg_server["url"] + "/postgres", autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    return f"{pg_server['url']}/{name}"
