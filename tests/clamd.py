"""A real ClamAV daemon for the tests: Debian's clamd, started in a temporary folder with a tiny
signature database of our own (the EICAR test file's signature), listening on a unix socket.
Signature downloads are not possible here, and not wanted in tests: the scan is real, the
database is small and fixed."""

from __future__ import annotations

import shutil
import socket
import subprocess
import time
from pathlib import Path

# The EICAR anti-virus test file: harmless, and detected by every scanner by agreement.
EICAR = rb"X5O!P%@AP[4\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*"
CLAMD = shutil.which("clamd") or "/usr/sbin/clamd"


class Clamd:
    def __init__(self, folder: Path):
        self.folder = folder
        self.socket = folder / "clamd.sock"
        self.process: subprocess.Popen | None = None

    @property
    def address(self) -> str:
        return f"unix://{self.socket}"

    def start(self) -> Clamd:
        if not Path(CLAMD).exists():
            raise RuntimeError(
                "clamd is not installed: `apt-get install clamav-daemon` (scripts/test and "
                ".ci/run install it)"
            )
        database = self.folder / "db"
        database.mkdir(parents=True, exist_ok=True)
        # A body signature (.ndb, any file type, anywhere in the file).
        (database / "edgecare-test.ndb").write_text(f"Edgecare-Test-EICAR:0:*:{EICAR.hex()}\n")
        config = self.folder / "clamd.conf"
        config.write_text(
            f"LocalSocket {self.socket}\n"
            f"DatabaseDirectory {database}\n"
            f"LogFile {self.folder / 'clamd.log'}\n"
            "Foreground yes\n"
            "StreamMaxLength 40M\n"
        )
        self.process = subprocess.Popen(  # noqa: S603 - our own config, Debian's binary
            [CLAMD, "-c", str(config)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                log = (self.folder / "clamd.log").read_text(errors="replace")
                raise RuntimeError(f"clamd stopped while starting:\n{log}")
            if self.answers():
                return self
            time.sleep(0.1)
        self.stop()
        raise RuntimeError("clamd did not start within 60 seconds")

    def answers(self) -> bool:
        if not self.socket.exists():
            return False
        try:
            with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as sock:
                sock.settimeout(2)
                sock.connect(str(self.socket))
                sock.sendall(b"zPING\0")
                return sock.recv(16).startswith(b"PONG")
        except OSError:
            return False

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
