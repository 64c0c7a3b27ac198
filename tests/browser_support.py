"""Helpers for the browser tests and the page-weight benchmark.

A built site is served on 127.0.0.1 by Python's http.server in a thread (a free port,
chosen by the OS), and Debian's Chromium is driven by Playwright's sync API. Playwright
cannot download browsers here, so a missing /usr/bin/chromium is an error, never a skip.
"""

from __future__ import annotations

import functools
import http.server
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, ClassVar
from urllib.parse import urlsplit

from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

CHROMIUM = Path("/usr/bin/chromium")
LAUNCH_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

# Mermaid runs as an ES module: the server must send .mjs as JavaScript, or Chromium
# refuses to run it (Python's mimetypes does not know .mjs on every version).
_TYPES = {
    ".mjs": "text/javascript",
    ".js": "text/javascript",
    ".json": "application/json",
    ".svg": "image/svg+xml",
    ".woff2": "font/woff2",
}


class _QuietServer(http.server.ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: Any, client_address: Any) -> None:
        pass  # a page closed mid-download (broken pipe) is not the site's fault


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    extensions_map: ClassVar[dict[str, str]] = {**http.server.SimpleHTTPRequestHandler.extensions_map, **_TYPES}

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def end_headers(self) -> None:
        # Every test sees the files as they are now, never a cached copy.
        self.send_header("Cache-Control", "no-store")
        super().end_headers()


@dataclass
class Server:
    root: Path
    port: int

    @property
    def origin(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def host(self) -> str:
        return f"127.0.0.1:{self.port}"

    def url(self, path: str = "") -> str:
        """`path` relative to the site root, e.g. "processer/behov/" ."""
        return f"{self.origin}/{path.lstrip('/')}"

    def is_own(self, url: str) -> bool:
        parts = urlsplit(url)
        if parts.scheme in ("data", "blob", "about"):
            return True  # no host: nothing leaves the browser
        return parts.scheme == "http" and parts.netloc == self.host


@contextmanager
def serve(root: Path) -> Iterator[Server]:
    """Serve `root` on 127.0.0.1 on a free port until the block ends."""
    handler = functools.partial(_QuietHandler, directory=str(root))
    httpd = _QuietServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, name="site-server", daemon=True)
    thread.start()
    try:
        yield Server(root, httpd.server_address[1])
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join(timeout=10)


def require_chromium() -> str:
    """The Chromium binary, or an AssertionError that says how to get it."""
    if not CHROMIUM.is_file():
        raise AssertionError(
            f"{CHROMIUM} finns inte: webbläsartesterna kräver Debians Chromium "
            "(`apt-get install chromium`; .ci/run installerar det). Playwright kan inte "
            "ladda ner någon egen webbläsare här, så testerna hoppas inte över."
        )
    return str(CHROMIUM)


def launch(playwright: Any) -> Any:
    return playwright.chromium.launch(executable_path=require_chromium(), args=LAUNCH_ARGS)


def new_context(browser: Any, server: Server) -> Any:
    """A context that can only reach the site: any other request is recorded by the
    page watchers and aborted here, so a test never waits on the network."""
    context = browser.new_context(locale="sv-SE", viewport={"width": 1280, "height": 900})
    context.set_default_timeout(15_000)

    def only_own(route: Any) -> None:
        if server.is_own(route.request.url):
            route.continue_()
        else:
            route.abort()

    context.route("**/*", only_own)
    return context


@dataclass
class Watch:
    """Everything a page did that a test may want to complain about."""

    server: Server
    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)

    @property
    def foreign_requests(self) -> list[str]:
        return [url for url in self.requests if not self.server.is_own(url)]

    def problems(self) -> list[str]:
        out = [f"console error: {m}" for m in self.console_errors]
        out += [f"uncaught exception: {m}" for m in self.page_errors]
        out += [f"request to another host: {u}" for u in self.foreign_requests]
        out += [f"failed request: {u}" for u in self.failed]
        out += [f"dialog opened: {d}" for d in self.dialogs]
        return out


def watch(page: Any, server: Server) -> Watch:
    w = Watch(server)

    def on_console(message: Any) -> None:
        if message.type == "error":
            location = message.location or {}
            where = location.get("url", "")
            w.console_errors.append(f"{message.text} ({where})" if where else message.text)

    def on_dialog(dialog: Any) -> None:
        w.dialogs.append(f"{dialog.type}: {dialog.message}")
        dialog.dismiss()

    def on_failed(request: Any) -> None:
        # ERR_ABORTED: the page navigated away (or closed) before a download ended.
        if server.is_own(request.url) and "ERR_ABORTED" not in (request.failure or ""):
            w.failed.append(f"{request.url} ({request.failure})")

    def on_response(response: Any) -> None:
        if response.status >= 400:
            w.failed.append(f"{response.url} (HTTP {response.status})")

    page.on("console", on_console)
    page.on("pageerror", lambda error: w.page_errors.append(str(error)))
    page.on("request", lambda request: w.requests.append(request.url))
    page.on("requestfailed", on_failed)
    page.on("response", on_response)
    page.on("dialog", on_dialog)
    return w


def site_pages(site: Path) -> list[str]:
    """Every page of a built site as a URL path ("", "processer/", …), sorted:
    site/**/index.html except the 404 page and the assets."""
    pages = []
    for index in site.rglob("index.html"):
        relative = index.relative_to(site).parent.as_posix()
        if relative.split("/")[0] in ("assets", "404"):
            continue
        pages.append("" if relative == "." else relative + "/")
    return sorted(pages)


MAP_SVG = "div.ks-karta div.mermaid > svg"


def wait_for_maps(page: Any, timeout: float = 20_000) -> None:
    """Wait until every map on the page is drawn (an SVG directly in div.mermaid: Mermaid
    draws in a temporary inner element first) and, where it worked, kunskapsstod.js has
    turned its step nodes into links. A map that never links is left to the assertions."""
    page.wait_for_function(
        """() => [...document.querySelectorAll("div.ks-karta div.mermaid")].every(
            m => [...m.children].some(c => c.localName === "svg"))""",
        timeout=timeout,
    )
    try:
        page.wait_for_function(
            """() => [...document.querySelectorAll("div.ks-karta div.mermaid > svg")].every(
                svg => svg.getAttribute("data-ks-lankad") === "ja" || !svg.querySelector("g.node"))""",
            timeout=3_000,
        )
    except PlaywrightTimeoutError:
        pass
