"""Letters as PDF: the filled Word document converted by LibreOffice (issue 21; KRM-05, KON-06,
SOC-05, QS-04).

LibreOffice lays the letter out exactly as Word files are laid out, with the template's fonts,
images and every character a customer's name can hold, and writes PDF/A-2b with embedded fonts
and a structure tree (tagged PDF): the export filter ``writer_pdf_Export`` with
``SelectPdfVersion=2`` and ``UseTaggedPDF=true``.

Two ways to LibreOffice, tried in this order:

1. **Warm**: a running ``unoserver`` (``ANLIEGEN_UNOSERVER``, ``host:port``, default
   ``127.0.0.1:2003``). unoserver keeps one LibreOffice loaded and answers over XML-RPC; it runs
   under the system Python that has LibreOffice's ``uno`` module (Debian ``python3-uno``), in
   its own virtual environment ``.venv-uno`` made by ``make libreoffice`` (``docs/operations.md``).
   This process only speaks XML-RPC to it: the call is the one of unoserver's own client
   (API version checked once per address), with a socket timeout, which that client lacks.
2. **Cold**: ``soffice --headless --convert-to pdf`` (``ANLIEGEN_SOFFICE``, default ``soffice``
   on the ``PATH``) with the same filter options, in a throw-away profile, when no unoserver
   answers. Slower (a LibreOffice start per letter, ``docs/benchmarks.md``) but the same PDF.

Neither there: :class:`PdfUnavailable`, a German message; the ``.docx`` always works, and pages
say beforehand that PDFs are not available (:func:`pdf_available`).
"""

from __future__ import annotations

import http.client
import json
import logging
import shutil
import socket
import subprocess
import tempfile
import time
import xmlrpc.client
from pathlib import Path

from django.conf import settings
from django.utils.translation import gettext as _

from anliegen.core.errors import ServiceUnavailable

logger = logging.getLogger("anliegen.letters")

PDF_CONTENT_TYPE = "application/pdf"
EXPORT_FILTER = "writer_pdf_Export"
#: PDF/A-2b (fonts embedded, XMP ``pdfaid:part`` 2) with a structure tree (tagged PDF).
EXPORT_OPTIONS: dict[str, int | bool] = {"SelectPdfVersion": 2, "UseTaggedPDF": True}
#: The XML-RPC API of unoserver 3 (``unoserver.client.API_VERSION``).
UNOSERVER_API = "3"
#: How long :func:`pdf_available` trusts its last look.
AVAILABILITY_TTL_SECONDS = 30.0

_checked_servers: set[str] = set()
_availability: tuple[float, bool] | None = None


class PdfUnavailable(ServiceUnavailable):
    """No PDF could be made: LibreOffice is missing, failed, or did not finish in time."""


class _NoServer(Exception):
    """No unoserver listens at the configured address (fall back to a cold start)."""


def unavailable_message() -> str:
    return _(
        "PDF letters are not available on this installation (LibreOffice is not installed). "
        "Please use the Word document (.docx)."
    )


def timeout_message(seconds: float) -> str:
    return _(
        "The PDF could not be produced within %(seconds)d seconds. Please try again later or "
        "use the Word document (.docx)."
    ) % {"seconds": round(seconds)}


def failed_message() -> str:
    return _(
        "LibreOffice could not convert the letter into a PDF. Please use the Word document "
        "(.docx) and tell your administrator."
    )


def filter_options() -> list[str]:
    """The export options as unoserver takes them (``Name=value``)."""
    return [f"{name}={str(value).lower()}" for name, value in EXPORT_OPTIONS.items()]


def filter_json() -> str:
    """The export options as ``soffice --convert-to`` takes them (LibreOffice ≥ 7.4)."""
    typed = {
        name: {"type": "boolean", "value": str(value).lower()}
        if isinstance(value, bool)
        else {"type": "long", "value": str(value)}
        for name, value in EXPORT_OPTIONS.items()
    }
    return json.dumps(typed, separators=(",", ":"))


# --- Warm: unoserver ------------------------------------------------------------------------


def unoserver_address() -> tuple[str, int]:
    host, _sep, port = str(settings.ANLIEGEN_UNOSERVER).rpartition(":")
    return host or "127.0.0.1", int(port)


class _TimeoutTransport(xmlrpc.client.Transport):
    def __init__(self, timeout: float) -> None:
        super().__init__()
        self._timeout = timeout

    def make_connection(self, host: str | tuple[str, dict[str, str]]) -> http.client.HTTPConnection:
        connection = super().make_connection(host)
        connection.timeout = self._timeout
        return connection


def _proxy(timeout: float) -> xmlrpc.client.ServerProxy:
    host, port = unoserver_address()
    return xmlrpc.client.ServerProxy(
        f"http://{host}:{port}", allow_none=True, transport=_TimeoutTransport(timeout)
    )


def _check_api(proxy: xmlrpc.client.ServerProxy) -> None:
    address = str(settings.ANLIEGEN_UNOSERVER)
    if address in _checked_servers:
        return
    info = proxy.info()
    api = info.get("api") if isinstance(info, dict) else None
    if api != UNOSERVER_API:
        logger.error("unoserver at %s speaks API %r, expected %s", address, api, UNOSERVER_API)
        raise PdfUnavailable(failed_message())
    _checked_servers.add(address)


def convert_warm(docx: bytes, timeout: float) -> bytes:
    """``docx`` converted by the running unoserver; :class:`_NoServer` if none listens."""
    proxy = _proxy(timeout)
    try:
        _check_api(proxy)
        result = proxy.convert(
            None, xmlrpc.client.Binary(docx), None, "pdf", EXPORT_FILTER, filter_options(),
            False, None, None,
        )  # fmt: skip
    except ConnectionRefusedError as exc:
        raise _NoServer from exc
    except TimeoutError as exc:
        logger.error("unoserver did not answer within %s s", timeout)
        raise PdfUnavailable(timeout_message(timeout)) from exc
    except (xmlrpc.client.Error, OSError) as exc:
        logger.exception("unoserver failed to convert a letter")
        raise PdfUnavailable(failed_message()) from exc
    if not isinstance(result, xmlrpc.client.Binary):
        raise PdfUnavailable(failed_message())
    return bytes(result.data)


def unoserver_listening(timeout: float = 0.5) -> bool:
    try:
        with socket.create_connection(unoserver_address(), timeout=timeout):
            return True
    except OSError:
        return False


# --- Cold: soffice per letter ----------------------------------------------------------------


def soffice() -> str | None:
    """The LibreOffice executable, or None if it is not installed."""
    configured = str(settings.ANLIEGEN_SOFFICE or "")
    return shutil.which(configured) if configured else None


def convert_cold(docx: bytes, timeout: float) -> bytes:
    """``docx`` converted by a LibreOffice started for it (own profile, killed on timeout)."""
    executable = soffice()
    if executable is None:
        raise PdfUnavailable(unavailable_message())
    with tempfile.TemporaryDirectory(prefix="anliegen-pdf-") as work:
        folder = Path(work)
        source = folder / "letter.docx"
        source.write_bytes(docx)
        command = [
            executable,
            f"-env:UserInstallation={(folder / 'profile').as_uri()}",
            "--headless",
            "--norestore",
            "--nologo",
            "--convert-to",
            f"pdf:{EXPORT_FILTER}:{filter_json()}",
            "--outdir",
            str(folder),
            str(source),
        ]
        try:
            subprocess.run(command, capture_output=True, timeout=timeout, check=False)
        except subprocess.TimeoutExpired as exc:
            logger.error("soffice did not convert a letter within %s s", timeout)
            raise PdfUnavailable(timeout_message(timeout)) from exc
        target = folder / "letter.pdf"
        if not target.exists():
            logger.error("soffice produced no PDF")
            raise PdfUnavailable(failed_message())
        return target.read_bytes()


# --- The seam -------------------------------------------------------------------------------


def docx_to_pdf(docx: bytes, *, timeout: float | None = None) -> bytes:
    """The PDF/A-2b of a Word document: warm through unoserver, else a cold LibreOffice start.
    Raises :class:`PdfUnavailable` (German message) when neither can make it in ``timeout``
    seconds (default ``ANLIEGEN_PDF_TIMEOUT``)."""
    seconds = float(timeout if timeout is not None else settings.ANLIEGEN_PDF_TIMEOUT)
    try:
        return convert_warm(docx, seconds)
    except _NoServer:
        logger.info("no unoserver at %s; starting LibreOffice for this letter", unoserver_address())
    return convert_cold(docx, seconds)


def pdf_available() -> bool:
    """Whether PDFs can be made here (a unoserver answers or LibreOffice is installed); looked
    up at most every :data:`AVAILABILITY_TTL_SECONDS`."""
    global _availability
    now = time.monotonic()
    if _availability is not None and now - _availability[0] < AVAILABILITY_TTL_SECONDS:
        return _availability[1]
    available = soffice() is not None or unoserver_listening()
    _availability = (now, available)
    return available


def forget_availability() -> None:
    """Look again at the next :func:`pdf_available` (settings changed, e.g. in tests)."""
    global _availability
    _availability = None
