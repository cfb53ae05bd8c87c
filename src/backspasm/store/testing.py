"""A throwaway PostgreSQL cluster for tests and benchmarks (not used by the application).

:class:`PgCluster` runs ``initdb`` into a temporary folder and starts ``postgres`` on a free
loopback port, as the ``postgres`` system user when run as root (PostgreSQL refuses to run
as root). The server runs in its own process group, so :meth:`PgCluster.kill` can SIGKILL
the postmaster and every backend at once, like a crash, and :meth:`PgCluster.start` brings
it back on the same data and port.
"""

from __future__ import annotations

import glob
import os
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from pathlib import Path
from typing import Any


class PgUnavailable(RuntimeError):
    """PostgreSQL is not installed or cannot be started here."""


def find_bindir() -> Path:
    env = os.environ.get("BACKSPASM_PG_BINDIR")
    if env:
        return Path(env)
    found = sorted(
        glob.glob("/usr/lib/postgresql/*/bin/initdb"),
        key=lambda p: int(Path(p).parts[-3]) if Path(p).parts[-3].isdigit() else 0,
    )
    if found:
        return Path(found[-1]).parent
    which = shutil.which("initdb")
    if which:
        return Path(which).resolve().parent
    raise PgUnavailable(
        "PostgreSQL is not installed (no initdb found); install the postgresql package."
    )


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class PgCluster:
    def __init__(self, max_connections: int = 300, fsync: bool = True) -> None:
        self.bindir = find_bindir()
        self.port = free_port()
        self.max_connections = max_connections
        self.fsync = fsync
        self._as_root = os.geteuid() == 0
        # as root the server runs as 'postgres', which must be able to reach the folder: use
        # /tmp rather than a TMPDIR that may sit under /root
        base = os.environ.get("BACKSPASM_PG_TMP") or ("/tmp" if self._as_root else None)
        self.root = Path(tempfile.mkdtemp(prefix="backspasm-pg-", dir=base))
        self.data = self.root / "data"
        self.proc: subprocess.Popen[bytes] | None = None
        self._user_kw: dict[str, Any] = {"user": "postgres", "group": "postgres"} if (
            self._as_root
        ) else {}
        try:
            if self._as_root:
                import pwd

                try:
                    pw = pwd.getpwnam("postgres")
                except KeyError:
                    raise PgUnavailable("there is no postgres user to run the server as.") from None
                os.chown(self.root, pw.pw_uid, pw.pw_gid)
                os.chmod(self.root, 0o700)
            self._initdb()
        except BaseException:
            shutil.rmtree(self.root, ignore_errors=True)
            raise

    @property
    def url(self) -> str:
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/postgres"

    def _run(self, *args: str) -> None:
        try:
            res = subprocess.run(
                args, capture_output=True, text=True, check=False, cwd=self.root, **self._user_kw
            )
        except OSError as exc:
            raise PgUnavailable(f"cannot run {args[0]}: {exc}") from exc
        if res.returncode != 0:
            raise PgUnavailable(f"{Path(args[0]).name} failed: {res.stderr.strip()[-500:]}")

    def _initdb(self) -> None:
        self._run(
            str(self.bindir / "initdb"), "-D", str(self.data), "-U", "postgres",
            "--auth=trust", "--encoding=UTF8", "--no-locale",
        )

    def start(self, timeout: float = 30.0) -> None:
        log = open(self.root / "server.log", "ab")  # noqa: SIM115 - kept open for the server
        try:
            self.proc = self._spawn(log)
        except OSError as exc:
            raise PgUnavailable(f"cannot start postgres: {exc}") from exc
        finally:
            log.close()
        self._wait_ready(timeout)

    def _spawn(self, log: Any) -> subprocess.Popen[bytes]:
        return subprocess.Popen(
            [
                str(self.bindir / "postgres"), "-D", str(self.data), "-p", str(self.port),
                "-c", "listen_addresses=127.0.0.1", "-c", f"unix_socket_directories={self.root}",
                "-c", f"max_connections={self.max_connections}",
                "-c", f"fsync={'on' if self.fsync else 'off'}",
                "-c", "synchronous_commit=on", "-c", "shared_buffers=32MB",
            ],
            stdout=log, stderr=log, cwd=self.root, start_new_session=True, **self._user_kw,
        )

    def _wait_ready(self, timeout: float) -> None:
        import psycopg

        deadline = time.monotonic() + timeout
        last = ""
        while time.monotonic() < deadline:
            if self.proc is not None and self.proc.poll() is not None:
                break
            try:
                with psycopg.connect(
                    host="127.0.0.1", port=self.port, user="postgres", dbname="postgres",
                    connect_timeout=2,
                ):
                    return
            except psycopg.OperationalError as exc:
                last = str(exc)
                time.sleep(0.1)
        tail = (self.root / "server.log").read_text(errors="replace")[-800:]
        raise PgUnavailable(f"PostgreSQL did not start: {last} {tail}")

    def kill(self) -> None:
        """SIGKILL the server and all its backends at once (a crash, not a shutdown)."""
        assert self.proc is not None
        os.killpg(self.proc.pid, signal.SIGKILL)
        self.proc.wait()
        # backends die with the group; wait until none is left holding shared memory
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                os.killpg(self.proc.pid, 0)
            except ProcessLookupError:
                break
            time.sleep(0.05)
        self.proc = None

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGINT)  # fast shutdown
            try:
                self.proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait()
        self.proc = None

    def destroy(self) -> None:
        """Stop at once (immediate shutdown: the data is about to be deleted) and clean up."""
        if self.proc is not None and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGQUIT)
            try:
                self.proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait()
        self.proc = None
        shutil.rmtree(self.root, ignore_errors=True)

    def __enter__(self) -> PgCluster:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.destroy()
