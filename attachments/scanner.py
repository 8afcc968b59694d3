"""The virus scan: ClamAV's daemon (clamd), over its socket, with its INSTREAM command.

A small client of our own rather than the `clamd` package: that package's last release is from
2014, and the protocol we need is one command (send the file in length-prefixed chunks, read
one reply line), which is easier to read here than to audit there.

Fail closed: anything but clamd's clean answer (unreachable, timed out, an error reply, a size
limit hit) is ScannerUnavailable, and the upload is refused.
"""

from __future__ import annotations

import socket
import struct
from dataclasses import dataclass
from typing import BinaryIO
from urllib.parse import urlsplit

from django.conf import settings

_CHUNK = 64 * 1024


class ScannerUnavailable(Exception):
    """clamd could not give a verdict: the file is not kept."""


@dataclass(frozen=True)
class Verdict:
    clean: bool
    signature: str = ""  # the name of what clamd found (never case content)


def _connect() -> socket.socket:
    address = urlsplit(settings.CLAMD_ADDRESS)
    timeout = settings.CLAMD_TIMEOUT_SECONDS
    if address.scheme == "unix":
        sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        sock.settimeout(timeout)
        sock.connect(address.path)
        return sock
    if address.scheme == "tcp" and address.hostname and address.port:
        return socket.create_connection((address.hostname, address.port), timeout=timeout)
    raise ScannerUnavailable("CLAMD_ADDRESS is not unix:///path or tcp://host:port")


def _reply(sock: socket.socket) -> str:
    data = b""
    while not data.endswith(b"\0"):
        chunk = sock.recv(4096)
        if not chunk:
            break
        data += chunk
        if len(data) > 64 * 1024:
            break
    return data.rstrip(b"\0").decode("utf-8", "replace").strip()


def scan(stream: BinaryIO) -> Verdict:
    """Send the whole file to clamd and return its verdict."""
    stream.seek(0)
    try:
        with _connect() as sock:
            sock.sendall(b"zINSTREAM\0")
            while chunk := stream.read(_CHUNK):
                sock.sendall(struct.pack("!L", len(chunk)) + chunk)
            sock.sendall(struct.pack("!L", 0))
            answer = _reply(sock)
    except OSError as error:  # refused, no such socket, timed out, reset mid-stream
        raise ScannerUnavailable(
            f"clamd could not be reached: {error.__class__.__name__}"
        ) from None
    finally:
        stream.seek(0)
    # "stream: OK", "stream: Eicar-Signature FOUND", "INSTREAM size limit exceeded. ERROR"
    if answer.endswith(" OK"):
        return Verdict(clean=True)
    if answer.endswith(" FOUND"):
        signature = answer.removeprefix("stream:").removesuffix("FOUND").strip()
        return Verdict(clean=False, signature=signature[:200])
    raise ScannerUnavailable("clamd gave no verdict")


def ping() -> bool:
    """Whether clamd answers (the deployment check, manage.py check_scanner)."""
    try:
        with _connect() as sock:
            sock.sendall(b"zPING\0")
            return _reply(sock) == "PONG"
    except (OSError, ScannerUnavailable):
        return False
