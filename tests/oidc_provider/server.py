"""Starts the test OpenID Provider (provider.mjs, npm's `oidc-provider`) on 127.0.0.1 and stops it.

Used by the `oidc_provider` fixtures (tests/foundation/test_provider_sign_in.py and the browser
test). `npm ci` runs the first time (node_modules is git-ignored); Node.js comes from the
machine (.ci/run installs Debian's nodejs and npm where they are missing).
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import requests

HERE = Path(__file__).resolve().parent
CLIENT_ID = "edgecare-test"
CLIENT_SECRET = "edgecare-test-client-secret-not-used-anywhere-else"
PASSWORD = "provider-password-1"

# The people the provider knows, by their stable subject (what Entra ID calls the object id).
# The app's own staff records are made by each test: knowing someone at the provider is not
# enough to get in.
ACCOUNTS = {
    "0f1c2d3e-worker": {"email": "casey.worker@fernbridge.example", "name": "Casey Worker"},
    "1a2b3c4d-manager-mfa": {
        "email": "morgan.manager@fernbridge.example",
        "name": "Morgan Manager",
        "mfa": True,
    },
    "2b3c4d5e-manager": {"email": "riley.manager@fernbridge.example", "name": "Riley Manager"},
    "3c4d5e6f-stranger": {"email": "sam.stranger@elsewhere.example", "name": "Sam Stranger"},
    "4d5e6f70-leaver": {
        "email": "lee.leaver@fernbridge.example",
        "name": "Lee Leaver",
        "disabled": True,
    },
    "5e6f7081-mapped": {
        "email": "jo.mapped@fernbridge.example",
        "name": "Jo Mapped",
        "roles": ["EdgeCare.TeamManager"],
        "groups": ["team-north-group"],
    },
}


@dataclass(frozen=True)
class RunningProvider:
    issuer: str
    client_id: str = CLIENT_ID
    client_secret: str = CLIENT_SECRET

    def settings(self) -> dict[str, object]:
        """The application's settings that point it at this provider."""
        return {
            "OIDC_ISSUER": self.issuer,
            "OIDC_RP_CLIENT_ID": self.client_id,
            "OIDC_RP_CLIENT_SECRET": self.client_secret,
            "OIDC_RP_SCOPES": "openid email profile roles groups",
            "OIDC_PROVIDER_NAME": "Fernbridge account",
        }


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _node() -> str:
    node = shutil.which("node")
    if node is None:
        raise RuntimeError(
            "Node.js is needed for the test OpenID Provider: .ci/run installs Debian's nodejs"
        )
    if not (HERE / "node_modules" / "oidc-provider").is_dir():
        npm = shutil.which("npm")
        if npm is None:
            raise RuntimeError("npm is needed to install the test OpenID Provider")
        subprocess.run(  # noqa: S603 - fixed arguments
            [npm, "ci", "--no-audit", "--no-fund", "--silent"], cwd=HERE, check=True
        )
    return node


@contextmanager
def running_provider(redirect_bases: list[str]) -> Iterator[RunningProvider]:
    node = _node()
    port = _free_port()
    issuer = f"http://127.0.0.1:{port}"
    with tempfile.TemporaryDirectory() as scratch:
        accounts_file = Path(scratch) / "accounts.json"
        accounts_file.write_text(
            json.dumps({s: {"password": PASSWORD, **a} for s, a in ACCOUNTS.items()})
        )
        env = {
            **os.environ,
            "PORT": str(port),
            "ACCOUNTS_FILE": str(accounts_file),
            "REDIRECT_BASES": ",".join(redirect_bases),
            "CLIENT_ID": CLIENT_ID,
            "CLIENT_SECRET": CLIENT_SECRET,
            "NODE_ENV": "test",
        }
        output = (Path(scratch) / "provider.log").open("wb")
        process = subprocess.Popen(  # noqa: S603 - fixed arguments
            [node, str(HERE / "provider.mjs")],
            cwd=HERE,
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT,
        )
        try:
            _wait_for_discovery(issuer, process, Path(output.name))
            yield RunningProvider(issuer=issuer)
        finally:
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
            output.close()


def _wait_for_discovery(issuer: str, process: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if process.poll() is not None:
            output = log.read_text(errors="replace")
            raise RuntimeError(f"the test OpenID Provider stopped: {output[-2000:]}")
        try:
            if requests.get(f"{issuer}/.well-known/openid-configuration", timeout=1).ok:
                return
        except requests.RequestException:
            pass
        time.sleep(0.2)
    raise RuntimeError("the test OpenID Provider did not start within 30 seconds")
