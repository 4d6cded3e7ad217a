"""Benchmark of letters as PDF (issue 21): a weekly plan of 60 invitation letters, warm and cold.

Run: ``.venv/bin/python bench/bench_letters_pdf.py [--letters 60] [--cold-letters 60]
[--port 8520]`` (needs ``make libreoffice``).

Fills the shipped contact-invitation template 60 times (docxtpl), then converts the letters one
by one to PDF/A as the background worker does (``anliegen.letters.batches``): **warm** through a
unoserver started here, **cold** with ``soffice --convert-to`` per letter (no unoserver
listening). Joins the PDFs into the printing file. Prints letters per minute and writes
``bench/results/letters_pdf.json``. No database is touched.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
import xmlrpc.client
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "anliegen.settings")

import django

django.setup()

from django.conf import settings  # noqa: E402

from anliegen.contacts.invitations import KIND, sample_context  # noqa: E402
from anliegen.letters.batches import join_pdfs  # noqa: E402
from anliegen.letters.pdf import docx_to_pdf  # noqa: E402
from anliegen.letters.render import default_template, fill  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "bench" / "results" / "letters_pdf.json"
UNOSERVER = ROOT / ".venv-uno" / "bin" / "unoserver"
NAMES = ["Şükrü Ağaoğlu-Łukasiewicz", "Jürgen Weiß", "Zoë Ørsted", "Đorđe Petrović"]


def letters(count: int) -> list[bytes]:
    template = default_template(KIND)
    return [
        fill(template, {**sample_context(), "customer_name": f"{NAMES[n % len(NAMES)]} {n}"})
        for n in range(count)
    ]


def convert_all(documents: list[bytes]) -> tuple[float, int]:
    start = time.perf_counter()
    joined = join_pdfs([docx_to_pdf(document, timeout=300) for document in documents])
    return time.perf_counter() - start, len(joined)


def start_unoserver(port: int, profile: str) -> subprocess.Popen[bytes]:
    process = subprocess.Popen(
        [str(UNOSERVER), "--port", str(port), "--uno-port", str(port + 1),
         "--user-installation", profile, "--quiet"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    proxy = xmlrpc.client.ServerProxy(f"http://127.0.0.1:{port}")
    while True:
        try:
            proxy.info()
            return process
        except OSError:
            time.sleep(0.5)


def rate(count: int, seconds: float) -> dict[str, float]:
    return {
        "letters": count,
        "seconds": round(seconds, 1),
        "seconds_per_letter": round(seconds / count, 2),
        "letters_per_minute": round(60 * count / seconds, 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--letters", type=int, default=60)
    parser.add_argument("--cold-letters", type=int, default=60)
    parser.add_argument("--port", type=int, default=8520)
    args = parser.parse_args()

    start = time.perf_counter()
    documents = letters(args.letters)
    fill_seconds = time.perf_counter() - start
    result: dict[str, Any] = {
        "machine": f"{platform.node()} {os.cpu_count()} cores, load {os.getloadavg()[0]:.1f}",
        "fill_docx": rate(args.letters, fill_seconds),
    }
    with tempfile.TemporaryDirectory() as profile:
        server = start_unoserver(args.port, profile)
        try:
            settings.ANLIEGEN_UNOSERVER = f"127.0.0.1:{args.port}"
            docx_to_pdf(documents[0])  # the first conversion loads Writer
            seconds, size = convert_all(documents)
            result["warm"] = {**rate(args.letters, seconds), "pdf_bytes": size}
        finally:
            server.terminate()
            server.wait()
    settings.ANLIEGEN_UNOSERVER = f"127.0.0.1:{args.port}"  # nobody listens now: cold
    cold = documents[: args.cold_letters]
    seconds, size = convert_all(cold)
    result["cold"] = {**rate(len(cold), seconds), "pdf_bytes": size}
    result["load_after"] = round(os.getloadavg()[0], 1)
    RESULTS.parent.mkdir(exist_ok=True)
    RESULTS.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(json.dumps(result, indent=2, ensure_ascii=False))


if __name__ == "__main__":
    main()
