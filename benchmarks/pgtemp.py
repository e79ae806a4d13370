"""A throwaway PostgreSQL server for benchmarks (the tests have their own fixture):
``with temp_postgres() as url: ...`` runs initdb into a temporary folder, starts the server on
a free port of 127.0.0.1 with default durability (fsync on), and stops and removes it."""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path


def _bindir() -> Path:
    for d in sorted(Path("/usr/lib/postgresql").glob("*/bin"), reverse=True):
        if (d / "initdb").exists():
            return d
    raise SystemExit("PostgreSQL binaries not found: apt-get install postgresql")


@contextlib.contextmanager
def temp_postgres(fsync: bool = True) -> Iterator[str]:
    bindir = _bindir()
    prefix = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
    tmp = Path(tempfile.mkdtemp(prefix="tomtat-bench-pg-"))
    if prefix:
        shutil.chown(tmp, "postgres")
    tmp.chmod(0o700)
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    subprocess.run([*prefix, str(bindir / "initdb"), "-D", str(tmp / "data"), "-A", "trust",
                    "-U", "tomtat", "-E", "UTF8"], check=True, capture_output=True)  # fmt: skip
    opts = f"-p {port} -k {tmp} -c listen_addresses=127.0.0.1"
    if not fsync:
        opts += " -c fsync=off -c synchronous_commit=off"
    subprocess.run([*prefix, str(bindir / "pg_ctl"), "-D", str(tmp / "data"), "-o", opts,
                    "-l", str(tmp / "log"), "-w", "start"], check=True, capture_output=True)  # fmt: skip
    try:
        yield f"postgresql://tomtat@127.0.0.1:{port}"
    finally:
        subprocess.run([*prefix, str(bindir / "pg_ctl"), "-D", str(tmp / "data"), "-m", "fast",
                        "-w", "stop"], capture_output=True)  # fmt: skip
        shutil.rmtree(tmp, ignore_errors=True)


def create_db(server: str, name: str) -> str:
    import psycopg

    with psycopg.connect(server + "/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"')
    return f"{server}/{name}"
