"""A real PostgreSQL/PostGIS server for the tests and benches: Debian's packages
(`postgresql`, `postgresql-15-postgis-3`, installed by scripts/test.sh), a throwaway
cluster in a temporary folder (on /dev/shm for the tests), on a free port of 127.0.0.1.
Each pytest-xdist worker starts its own.

    server = PGServer.start()            # initdb + pg_ctl start; raises PGServerError with the reason
    url = server.create_database()       # a fresh database with the postgis extension (a copy of a
                                         # template made once: CREATE EXTENSION postgis takes ~1 s)
    ...
    server.stop()                        # pg_ctl stop, the folder removed

PostgreSQL refuses to run as root: as root, the cluster belongs to the `postgres`
user the Debian package creates, and the server commands run as it (`runuser`).
No test skips when this fails: `PGServerError` names the step and its output, so a
machine without the server fails the PostGIS tests with the reason.
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
from dataclasses import dataclass

#: Debian's server binaries, newest version first (/usr/lib/postgresql/<version>/bin).
BIN_GLOB = "/usr/lib/postgresql/*/bin"
_NAMES = itertools.count()
#: The database `create_database` copies: empty but for the postgis extension.
TEMPLATE = "cm_postgis_template"


class PGServerError(RuntimeError):
    """The test server could not be set up; the message says which step and why."""


def server_bin() -> str:
    """The folder of Debian's `initdb`/`pg_ctl`/`postgres` (they are not on PATH)."""
    found = sorted((d for d in glob.glob(BIN_GLOB) if os.path.isfile(os.path.join(d, "initdb"))),
                   key=lambda d: int(d.split("/")[-2]) if d.split("/")[-2].isdigit() else 0, reverse=True)
    if not found:
        raise PGServerError(f"no PostgreSQL server binaries under {BIN_GLOB}: install Debian's `postgresql` "
                            "(scripts/test.sh does)")
    return found[0]


def postgis_installed(bindir: str) -> bool:
    version = bindir.rstrip("/").split("/")[-2]
    return os.path.isfile(f"/usr/share/postgresql/{version}/extension/postgis.control")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class PGServer:
    bindir: str
    root: str        # temporary folder: data/, the socket and the log
    port: int
    user: str | None  # the OS user the server runs as (None: this one)
    _template: bool = False   # the postgis template database exists

    @property
    def data(self) -> str:
        return os.path.join(self.root, "data")

    @property
    def log(self) -> str:
        return os.path.join(self.root, "server.log")

    @property
    def major(self) -> int:
        """The server's major version (from /usr/lib/postgresql/<version>/bin)."""
        version = self.bindir.rstrip("/").split("/")[-2]
        return int(version) if version.isdigit() else 0

    def url(self, dbname: str = "postgres") -> str:
        return f"postgresql://postgres@127.0.0.1:{self.port}/{dbname}"

    @classmethod
    def start(cls, *, fsync: bool = False, in_memory: bool | None = None) -> PGServer:
        """initdb a new cluster and start it; `fsync=False` (tests): no durability, faster.
        `in_memory` (the default when `fsync=False`): the cluster's folder is on /dev/shm when
        the machine has one, so the tests' databases (~30 MB each) never wait for a busy disk."""
        bindir = server_bin()
        if not postgis_installed(bindir):
            raise PGServerError("PostGIS is not installed for this PostgreSQL: "
                                "apt-get install postgresql-15-postgis-3 (scripts/test.sh does)")
        user = "postgres" if os.geteuid() == 0 else None
        if in_memory is None:
            in_memory = not fsync
        shm = "/dev/shm"
        base = shm if in_memory and os.path.isdir(shm) and os.access(shm, os.W_OK) else None
        root = tempfile.mkdtemp(prefix="conflictmap-pg-", dir=base)
        os.chmod(root, 0o755)
        if user:
            try:
                pw = pwd.getpwnam(user)
            except KeyError:
                raise PGServerError("running as root and there is no `postgres` user to run the server as "
                                    "(Debian's postgresql package creates it)") from None
            os.chown(root, pw.pw_uid, pw.pw_gid)
        server = cls(bindir, root, free_port(), user)
        try:
            server._run("initdb", "-D", server.data, "-U", "postgres", "-A", "trust", "-E", "UTF8",
                        "--locale=C.UTF-8", "--no-sync")
            opts = (f"-p {server.port} -k {root} -c listen_addresses=127.0.0.1 -c max_connections=60"
                    + ("" if fsync else " -c fsync=off -c synchronous_commit=off -c full_page_writes=off"))
            server._run("pg_ctl", "-D", server.data, "-l", server.log, "-o", opts, "-w", "-t", "60", "start")
        except PGServerError:
            server.stop()
            raise
        return server

    def _run(self, tool: str, *args: str) -> None:
        cmd = [os.path.join(self.bindir, tool), *args]
        if self.user:
            cmd = ["runuser", "-u", self.user, "--", *cmd]
        done = subprocess.run(cmd, capture_output=True, text=True, cwd=self.root)
        if done.returncode != 0:
            log = ""
            if os.path.exists(self.log):
                with open(self.log, errors="replace") as f:
                    log = f.read()[-2000:]
            raise PGServerError(f"{tool} failed ({done.returncode}): {done.stderr.strip() or done.stdout.strip()}"
                                + (f"\nserver log:\n{log}" if log else ""))

    def create_database(self, name: str | None = None, *, postgis: bool = True) -> str:
        """A new empty database (with the postgis extension unless `postgis=False`); its URL.

        A postgis database is a file copy of a template database in which the extension was
        created once (nothing ever connects to the template after that)."""
        import psycopg

        name = name or f"cm_{os.getpid()}_{next(_NAMES)}"
        with psycopg.connect(self.url(), autocommit=True) as db:
            if postgis and not self._template:
                db.execute(f'CREATE DATABASE "{TEMPLATE}"')
                with psycopg.connect(self.url(TEMPLATE), autocommit=True) as tpl:
                    tpl.execute("CREATE EXTENSION postgis")
                self._template = True
            # FILE_COPY (PostgreSQL 15+; older servers only copy files): no WAL of the copy
            strategy = " STRATEGY FILE_COPY" if self.major >= 15 else ""
            template = f' TEMPLATE "{TEMPLATE}"{strategy}' if postgis else ""
            db.execute(f'CREATE DATABASE "{name}"{template}')
        return self.url(name)

    def stop(self) -> None:
        if os.path.isfile(os.path.join(self.data, "postmaster.pid")):
            try:
                self._run("pg_ctl", "-D", self.data, "-m", "fast", "-w", "stop")
            except PGServerError:
                pass
        shutil.rmtree(self.root, ignore_errors=True)
