"""A throw-away PostgreSQL server for the tests (a pytest plugin, loaded by conftest.py).

Once per session: `initdb` into a temporary folder, `pg_ctl start` on a free loopback port
with its socket in that folder, as a non-root user (PostgreSQL refuses to run as root: under
root the folder is given to `postgres` and the commands run through `runuser`). Each test
gets a database of its own; the server is stopped and its folder removed at the end. Tests
skip, saying why, only where no PostgreSQL server binaries exist (CI installs them: .ci/run).
"""

from __future__ import annotations

import glob
import itertools
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest

SERVER_USER = "postgres"  # who runs the server when the tests run as root
SUPERUSER = "tl_admin"  # the cluster's superuser (the tests connect as it)


def bin_dir() -> Path | None:
    """The folder of initdb and pg_ctl: pg_config's, else Debian's newest."""
    candidates = []
    if pg_config := shutil.which("pg_config"):
        out = subprocess.run([pg_config, "--bindir"], capture_output=True, text=True)
        candidates.append(out.stdout.strip())
    candidates += sorted(glob.glob("/usr/lib/postgresql/*/bin"), reverse=True)
    for folder in candidates:
        if folder and all((Path(folder) / b).is_file() for b in ("initdb", "pg_ctl", "postgres")):
            return Path(folder)
    return None


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class PgServer:
    port: int
    folder: Path
    _names = itertools.count(1)

    def url(self, db: str = "postgres", user: str = SUPERUSER) -> str:
        return f"postgresql://{user}@127.0.0.1:{self.port}/{db}"

    def admin(self, sql: str, db: str = "postgres") -> None:
        """Run statements as the superuser, outside a transaction (CREATE DATABASE)."""
        import psycopg

        with psycopg.connect(self.url(db), autocommit=True) as conn:
            conn.execute(sql)

    def new_database(self) -> str:
        name = f"test_{os.getpid()}_{next(self._names)}"
        self.admin(f'CREATE DATABASE "{name}" TEMPLATE template0')
        return name


def _run(cmd: list[str], as_user: str | None) -> subprocess.CompletedProcess:
    if as_user:
        cmd = ["runuser", "-u", as_user, "--", *cmd]
    return subprocess.run(cmd, capture_output=True, text=True, timeout=120)


class NoServer(Exception):
    """No PostgreSQL server can be started here (the message says why)."""


@contextmanager
def throwaway_server() -> Iterator[PgServer]:
    """A new PostgreSQL cluster in a temporary folder, started; stopped and removed after.
    Also used by benchmarks/pg_import.py."""
    folder_bin = bin_dir()
    if folder_bin is None:
        raise NoServer("no PostgreSQL server binaries (initdb, pg_ctl): apt-get install postgresql")
    as_user = None
    folder = Path(tempfile.mkdtemp(prefix="tl-pg-"))
    if os.geteuid() == 0:
        as_user = SERVER_USER
        try:
            entry = pwd.getpwnam(SERVER_USER)
        except KeyError:
            shutil.rmtree(folder, ignore_errors=True)
            raise RuntimeError(
                f"PostgreSQL refuses to run as root, and there is no user '{SERVER_USER}' to "
                "run it (Debian's postgresql package makes it)"
            ) from None
        os.chown(folder, entry.pw_uid, entry.pw_gid)
    data, log = folder / "data", folder / "server.log"
    done = _run([str(folder_bin / "initdb"), "-D", str(data), "-U", SUPERUSER, "--auth=trust",
                 "-E", "UTF8", "--locale=C.UTF-8", "--no-sync"], as_user)  # fmt: skip
    if done.returncode:
        shutil.rmtree(folder, ignore_errors=True)
        raise RuntimeError(f"initdb failed: {done.stderr}")
    port = free_port()
    options = (f"-p {port} -k {folder} -c listen_addresses=127.0.0.1 -c fsync=off "
               "-c synchronous_commit=off -c full_page_writes=off")  # fmt: skip
    start = [str(folder_bin / "pg_ctl"), "-D", str(data), "-l", str(log), "-o", options, "-w",
             "start"]  # fmt: skip
    done = _run(start, as_user)
    if done.returncode:
        text = log.read_text(errors="replace") if log.exists() else ""
        shutil.rmtree(folder, ignore_errors=True)
        raise RuntimeError(f"the throw-away PostgreSQL server did not start: {done.stderr}\n{text}")
    try:
        yield PgServer(port, folder)
    finally:
        _run([str(folder_bin / "pg_ctl"), "-D", str(data), "-m", "immediate", "stop"], as_user)
        shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture(scope="session")
def pg_server():
    pytest.importorskip("psycopg", reason="psycopg is not installed (pip install '.[team]')")
    try:
        with throwaway_server() as server:
            yield server
    except NoServer as exc:
        pytest.skip(str(exc))


@pytest.fixture
def pg_url(pg_server) -> str:
    """A new, empty database of the test server."""
    return pg_server.url(pg_server.new_database())
