"""A real LibreOffice for the tests that make PDFs (issue 21): one unoserver per test session (per
xdist worker), started from ``.venv-uno`` (``make libreoffice``; ``make test`` depends on it).

``ANLIEGEN_TEST_UNOSERVER_PORT`` fixes its XML-RPC port (the next one is LibreOffice's own; each
xdist worker two further); otherwise two free ports are taken.
"""

from __future__ import annotations

import os
import socket
import subprocess
import time
import xmlrpc.client
from collections.abc import Iterator
from pathlib import Path

import pytest

from anliegen.letters.pdf import forget_availability

ROOT = Path(__file__).resolve().parents[1]
UNOSERVER = Path(os.environ.get("ANLIEGEN_TEST_UNOSERVER_BIN", ROOT / ".venv-uno/bin/unoserver"))
#: LibreOffice needs a few seconds to start on a busy machine; give up after this long.
START_LIMIT_SECONDS = 180


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _ports() -> tuple[int, int]:
    fixed = os.environ.get("ANLIEGEN_TEST_UNOSERVER_PORT")
    if fixed:  # two ports per xdist worker (gw0, gw1, …)
        port = int(fixed) + 2 * int(os.environ.get("PYTEST_XDIST_WORKER", "gw0")[2:] or 0)
        return port, port + 1
    return free_port(), free_port()


#: unoserver gives LibreOffice a fixed few seconds to come up and exits if it was slower (on a
#: busy machine); it is started again this many times.
START_ATTEMPTS = 3


def _ready(process: subprocess.Popen[bytes], port: int) -> bool:
    """Whether the unoserver answers; False if it exited while starting."""
    proxy = xmlrpc.client.ServerProxy(f"http://127.0.0.1:{port}", allow_none=True)
    deadline = time.monotonic() + START_LIMIT_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            return False
        try:
            proxy.info()
            return True
        except OSError:
            time.sleep(0.5)
    process.terminate()
    pytest.fail("unoserver did not answer in time")


def _start(profile: Path) -> tuple[subprocess.Popen[bytes], int]:
    for _attempt in range(START_ATTEMPTS):
        port, uno_port = _ports()  # new free ports for each attempt unless fixed
        process = subprocess.Popen(
            [
                str(UNOSERVER), "--interface", "127.0.0.1", "--port", str(port),
                "--uno-port", str(uno_port), "--user-installation", str(profile),
                "--conversion-timeout", "120", "--quiet",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )  # fmt: skip
        if _ready(process, port):
            return process, port
    pytest.fail(f"unoserver exited while starting, {START_ATTEMPTS} times")


@pytest.fixture(scope="session")
def unoserver_address(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """``host:port`` of a unoserver with its own LibreOffice, for the whole session."""
    if not UNOSERVER.exists():
        pytest.fail(f"{UNOSERVER} is missing: run `make libreoffice` (make test does)")
    process, port = _start(tmp_path_factory.mktemp("libreoffice-profile"))
    try:
        yield f"127.0.0.1:{port}"
    finally:
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()


@pytest.fixture
def unoserver(unoserver_address: str, settings) -> Iterator[str]:  # type: ignore[no-untyped-def]
    """Letters are converted by the session's unoserver in this test."""
    settings.ANLIEGEN_UNOSERVER = unoserver_address
    forget_availability()
    yield unoserver_address
    forget_availability()


@pytest.fixture
def no_libreoffice(settings) -> Iterator[None]:  # type: ignore[no-untyped-def]
    """An installation without LibreOffice: no soffice, nobody listening for unoserver."""
    settings.ANLIEGEN_SOFFICE = "/nonexistent/soffice"
    settings.ANLIEGEN_UNOSERVER = f"127.0.0.1:{free_port()}"
    forget_availability()
    yield
    forget_availability()
