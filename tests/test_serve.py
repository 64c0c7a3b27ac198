"""`mkdocs serve` while an editor works: errors show in the preview, the server keeps
running, and the site comes back as soon as the file is fixed."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

from .conftest import site_config


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def fetch(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8")
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return ""


def wait_for(url: str, needle: str, seconds: float = 90) -> str:
    deadline = time.monotonic() + seconds
    body = ""
    while time.monotonic() < deadline:
        body = fetch(url)
        if needle in body:
            return body
        time.sleep(0.5)
    raise AssertionError(f"{needle!r} not served at {url} within {seconds} s; last body: {body[:500]}")


def test_serve_shows_errors_and_recovers_when_the_file_is_fixed(tmp_path: Path, sample_copy: Path):
    config = site_config(tmp_path, sample_copy)
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", "-f", str(config), "-a", f"127.0.0.1:{port}"],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, cwd=tmp_path,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
    )
    process_file = sample_copy / "processer" / "behov.yml"
    original = process_file.read_text(encoding="utf-8")
    try:
        home = f"http://127.0.0.1:{port}/kunskapsstod/"  # site_url's path
        wait_for(home, "Från behov till insats")

        process_file.write_text(original.replace("nästa: besluta", "nästa: beslutaa"), encoding="utf-8")
        page = wait_for(home, "Innehållet har fel")
        assert "beslutaa" in page and "Menade du" in page, page[page.find("<article"):][:1500]
        assert server.poll() is None, "the server keeps running"

        process_file.write_text(original, encoding="utf-8")
        wait_for(home, "Från behov till insats")
        assert server.poll() is None
    finally:
        server.terminate()
        output, _ = server.communicate(timeout=30)
    assert "Traceback" not in output, output
    assert "behov.yml:25:12: fel: steget \"beslutaa\" finns inte" in output, output
