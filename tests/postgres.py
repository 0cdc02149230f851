"""A throwaway PostgreSQL cluster for the tests: Debian's ``postgresql`` server binaries, a data
directory in a temporary folder, reached only through a Unix socket in that folder.

``initdb`` refuses to run as root, so under root (CI) every server command runs as the
``postgres`` user the Debian package creates (``runuser``), and the folder is handed to it. The
cluster trusts local connections: its socket folder is private (mode 0700) and no TCP port is
opened. ``stop`` ends the server through its own data directory (``pg_ctl stop``), never by name.

Without the server binaries the tests that need them fail and say what to install; set
``HANDOFF_SKIP_POSTGRES=1`` to skip them on a machine without PostgreSQL (never in CI).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import tempfile
import uuid
from dataclasses import dataclass
from pathlib import Path

import psycopg

BIN_GLOB = "/usr/lib/postgresql/*/bin"
SKIP_VARIABLE = "HANDOFF_SKIP_POSTGRES"
SERVER_USER = "postgres"  # created by Debian's postgresql package; initdb refuses root
START_TIMEOUT_S = 60  # pg_ctl -w waits at most this long for the server to accept connections
# Durability off: the cluster lives for one test session, and fsyncs on a busy 2-core machine
# would cost seconds per test. A clean stop still writes everything to its files.
SERVER_OPTIONS = (
    "fsync=off",
    "synchronous_commit=off",
    "full_page_writes=off",
    "listen_addresses=''",  # the socket in the private folder only
    "max_connections=200",  # two app replicas plus the pools of the store tests
)


class PostgresMissing(RuntimeError):
    """Debian's PostgreSQL server is not installed."""


def bin_dir() -> Path:
    """The newest installed server's ``bin`` folder; ``PostgresMissing`` if there is none."""
    found = sorted(Path("/").glob(BIN_GLOB.lstrip("/")), key=lambda path: _version(path.parent.name))
    found = [path for path in found if (path / "initdb").is_file()]
    if not found:
        raise PostgresMissing(
            "PostgreSQL is not installed, so the store cannot be tested against it. Install Debian's "
            "`postgresql` package (scripts/ensure-system-deps.sh browser does, as root; `make test` "
            f"runs it), or set {SKIP_VARIABLE}=1 to skip these tests on this machine."
        )
    return found[-1]


def _version(name: str) -> tuple[int, ...]:
    return tuple(int(part) for part in re.findall(r"\d+", name))


@dataclass
class Cluster:
    """A running throwaway cluster; ``url(database)`` is a SQLAlchemy URL for one of its databases."""

    root: Path
    bin: Path

    @property
    def data(self) -> Path:
        return self.root / "data"

    @property
    def socket_dir(self) -> Path:
        return self.root

    def url(self, database: str) -> str:
        return f"postgresql+psycopg://{SERVER_USER}@/{database}?host={self.socket_dir}"

    def start(self) -> None:
        options = " ".join(f"-c {option}" for option in SERVER_OPTIONS)
        self._run(
            "pg_ctl", "-D", str(self.data), "-l", str(self.root / "server.log"), "-w",
            "-t", str(START_TIMEOUT_S), "-o", f"-k {self.socket_dir} {options}", "start",
        )  # fmt: skip

    def stop(self) -> None:
        """A fast stop: open sessions are ended, committed data is written out."""
        if (self.data / "postmaster.pid").exists():
            self._run("pg_ctl", "-D", str(self.data), "-m", "fast", "-w", "stop")

    def create_database(self) -> str:
        """A new empty database; its name."""
        name = f"t_{uuid.uuid4().hex[:16]}"
        with self._admin() as connection:
            connection.execute(f'CREATE DATABASE "{name}" TEMPLATE template0 STRATEGY WAL_LOG')
        return name

    def drop_database(self, name: str) -> None:
        with self._admin() as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    def empty_tables(self, name: str) -> None:
        """Delete every row of database ``name``'s tables but ``schema_version`` (a store's schema
        stays, ready for the next test: quicker than a new database)."""
        with self._admin(name) as connection:
            tables = connection.execute(
                "SELECT tablename FROM pg_tables"
                " WHERE schemaname = 'public' AND tablename <> 'schema_version'"
            ).fetchall()
            if tables:
                names = ", ".join(f'"{row[0]}"' for row in tables)
                connection.execute(f"TRUNCATE {names} RESTART IDENTITY CASCADE")

    def _admin(self, database: str = "postgres") -> psycopg.Connection[tuple[object, ...]]:
        socket = str(self.socket_dir)
        return psycopg.connect(host=socket, user=SERVER_USER, dbname=database, autocommit=True)

    def _run(self, program: str, *args: str) -> None:
        command = [str(self.bin / program), *args]
        if os.geteuid() == 0:
            command = ["runuser", "-u", SERVER_USER, "--", *command]
        result = subprocess.run(command, capture_output=True, text=True, check=False)
        if result.returncode != 0:
            log = self.root / "server.log"
            tail = log.read_text(errors="replace")[-2000:] if log.exists() else ""
            raise RuntimeError(f"{' '.join(command)} failed:\n{result.stdout}{result.stderr}\n{tail}")


def start_cluster() -> Cluster:
    """``initdb`` a cluster in a new temporary folder and start it."""
    binaries = bin_dir()
    # Short path: a Unix socket's path is limited to about 100 bytes.
    root = Path(tempfile.mkdtemp(prefix="handoff-pg-"))
    cluster = Cluster(root=root, bin=binaries)
    if os.geteuid() == 0:
        shutil.chown(root, user=SERVER_USER, group=SERVER_USER)
    cluster._run(
        "initdb", "-D", str(cluster.data), "-U", SERVER_USER, "--auth=trust",
        "--encoding=UTF8", "--no-locale", "--no-sync",
    )  # fmt: skip
    cluster.start()
    return cluster


def remove_cluster(cluster: Cluster) -> None:
    try:
        cluster.stop()
    finally:
        shutil.rmtree(cluster.root, ignore_errors=True)
