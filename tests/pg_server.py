"""A throwaway PostgreSQL server for the tests and benchmarks.

`$CASEBOARD_TEST_POSTGRES` (a SQLAlchemy URL of a database the tests may fill
and empty) wins. Otherwise a server is created with the installed PostgreSQL's
`initdb` and `pg_ctl` in a temporary directory, on a free port, listening on
localhost only, and removed afterwards. As root, PostgreSQL refuses to run, so
the server runs as the `postgres` user (Debian's package creates it).
When neither works, `Unavailable` says why, and the tests skip.
"""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

ENV_URL = "CASEBOARD_TEST_POSTGRES"
# Durability is worthless for a test server; without it CREATE DATABASE and commits are fast.
SPEED_SETTINGS = ("fsync=off", "synchronous_commit=off", "full_page_writes=off")


class Unavailable(RuntimeError):
    """No PostgreSQL server can be used here."""


def _binary(name: str) -> str:
    found = shutil.which(name) or next(iter(sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"), reverse=True)), None)
    if not found:
        raise Unavailable(f"PostgreSQL's {name} is not installed (Debian: apt-get install postgresql)")
    return found


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _as_server_user() -> tuple[list[str], int | None, int | None]:
    """Command prefix and owner ids for running the server (root is refused by PostgreSQL)."""
    if os.geteuid() != 0:
        return [], None, None
    try:
        user = pwd.getpwnam("postgres")
    except KeyError as exc:
        raise Unavailable("running as root and there is no `postgres` user to run the server") from exc
    runuser = shutil.which("runuser")
    if not runuser:
        raise Unavailable("running as root without `runuser` to start the server as `postgres`")
    return [runuser, "-u", "postgres", "--"], user.pw_uid, user.pw_gid


@contextmanager
def server() -> Iterator[str]:
    """The URL of a fresh server's `postgres` database, for as long as the context lasts."""
    if os.environ.get(ENV_URL):
        yield os.environ[ENV_URL]
        return
    initdb, pg_ctl = _binary("initdb"), _binary("pg_ctl")
    prefix, uid, gid = _as_server_user()
    root = Path(tempfile.mkdtemp(prefix="caseboard-pg-"))
    data = root / "data"
    if uid is not None:
        os.chown(root, uid, gid)
    port = _free_port()
    started = False
    try:
        _run([*prefix, initdb, "-D", str(data), "-U", "postgres", "--auth=trust", "-E", "UTF8", "--locale=C.UTF-8"])
        options = " ".join(
            [f"-p {port}", "-c listen_addresses=127.0.0.1", f"-c unix_socket_directories={root}"]
            + [f"-c {setting}" for setting in SPEED_SETTINGS]
        )
        _run([*prefix, pg_ctl, "-D", str(data), "-l", str(root / "log"), "-o", options, "-w", "-t", "60", "start"])
        started = True
        yield f"postgresql+psycopg://postgres@127.0.0.1:{port}/postgres"
    finally:
        if started:
            subprocess.run([*prefix, pg_ctl, "-D", str(data), "-m", "immediate", "-w", "stop"], capture_output=True)
        shutil.rmtree(root, ignore_errors=True)


def _run(command: list[str]) -> None:
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=120)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise Unavailable(f"{Path(command[0]).name} failed: {exc}") from exc
    if done.returncode != 0:
        tail = " ".join((done.stderr or done.stdout).split())[-300:]
        raise Unavailable(f"{' '.join(command[-2:])} failed: {tail}")


@contextmanager
def fresh_database(server_url: str) -> Iterator[str]:
    """A new empty database on the server at `server_url`, dropped afterwards."""
    name = f"caseboard_{uuid.uuid4().hex[:12]}"
    admin = create_engine(server_url, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
        yield make_url(server_url).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()
