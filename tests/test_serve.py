"""``prakat serve`` (issue 14): a live preview on 127.0.0.1.

A real browser (Debian's Chromium, headless, driven with the DevTools protocol
over a WebSocket) opens the preview, sees a saved change, then a broken file:
the error with its file and line above the last good render. The rest are unit
tests of the server: 127.0.0.1 only, no path outside what it serves, the error
page, the comparison with the edition a file extends.
"""

from __future__ import annotations

import base64
import html
import http.client
import json
import os
import re
import shutil
import socket
import struct
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from conftest import ROOT, SEED_CONTENT, SYNTHETIC
from generator import content
from generator.commands import serve
from generator.errors import ContentError, Refused
from generator.format.fonts import verified_fonts

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")

#: The line of the synthetic FY 2568 edition that the tests change.
PERCENT = "gpp_growth_percent = 3"


@pytest.fixture
def editions(tmp_path) -> Path:
    """A folder with the seed (FY 2567) and the synthetic FY 2568 edition that extends it."""
    folder = tmp_path / "khon-kaen"
    folder.mkdir()
    shutil.copy(SEED_CONTENT, folder / "2567.toml")
    shutil.copy(SYNTHETIC, folder / "2568.toml")
    return folder


def save(path: Path, text: str) -> None:
    """Save as an editor does; the time moves on even on a coarse file system clock."""
    before = path.stat().st_mtime_ns if path.exists() else 0
    path.write_text(text, encoding="utf-8")
    if path.stat().st_mtime_ns == before:
        os.utime(path, ns=(before + 1_000_000, before + 1_000_000))


def break_year(path: Path) -> str:
    """Make ``fiscal_year`` text instead of a number; the text of the file."""
    text = path.read_text(encoding="utf-8").replace("fiscal_year = 2568", 'fiscal_year = "<b>สองห้าหกแปด</b>"')
    save(path, text)
    return text


def cli_message(path: Path, lang: str = "th") -> str:
    """What the command line says of ``path``'s problem."""
    with pytest.raises(ContentError) as caught:
        content.load(path)
    return caught.value.format(lang)


# --- a server in this process -------------------------------------------------------------

class Running:
    """A preview server on a free port, serving in a thread."""

    def __init__(self, path: Path, lang: str = "th"):
        self.preview = serve.Preview(path, lang)
        self.preview.refresh()  # as prakat serve does before it serves
        self.server = serve.open_server(self.preview, 0)
        self.port = self.server.server_address[1]
        self.thread = threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.05},
                                       daemon=True)
        self.thread.start()

    def get(self, target: str, host: str | None = None) -> tuple[int, dict, bytes]:
        """GET ``target`` exactly as written (no normalising of ``..``)."""
        connection = http.client.HTTPConnection(serve.LOOPBACK, self.port, timeout=30)
        connection.putrequest("GET", target, skip_host=True)
        connection.putheader("Host", host or f"{serve.LOOPBACK}:{self.port}")
        connection.endheaders()
        response = connection.getresponse()
        body = response.read()
        connection.close()
        return response.status, dict(response.getheaders()), body

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def running(editions):
    servers = []

    def start(path: Path, lang: str = "th") -> Running:
        servers.append(Running(path, lang))
        return servers[-1]

    yield start
    for server in servers:
        server.close()


def test_listens_on_127_0_0_1_only(editions, running):
    server = running(editions / "2568.toml")
    assert server.server.server_address[0] == "127.0.0.1"
    for host in ("0.0.0.0", "", "::", "192.168.1.10", "localhost"):
        with pytest.raises(Refused) as refused:
            serve.open_server(serve.Preview(editions / "2568.toml"), 0, host=host)
        assert "127.0.0.1" in refused.value.format("en") and "127.0.0.1" in refused.value.format("th")
        assert "only (this computer)" in refused.value.format("en")
        assert "เครื่องนี้เท่านั้น" in refused.value.format("th")
    # Another name for the address (a web site pointing its name at 127.0.0.1) is refused.
    status, _, body = server.get("/", host=f"attacker.example:{server.port}")
    assert status == 403 and b"127.0.0.1" in body
    assert server.get("/", host=f"localhost:{server.port}")[0] == 200
    # The command has no option to choose another address.
    from generator.cli import main
    params = {p.name: p for p in main.commands["serve"].params}
    assert "host" not in params and params["port"].default == serve.DEFAULT_PORT


def test_serves_only_its_own_files(editions, running):
    server = running(editions / "2568.toml")
    fonts = verified_fonts()
    name = sorted(fonts)[0]
    status, headers, body = server.get(f"/fonts/{name}")
    assert status == 200 and body == fonts[name].read_bytes()
    assert server.get("/assets/emblem-placeholder.png")[0] == 200
    secret = (ROOT / "pyproject.toml").read_bytes()
    for target in ["/../pyproject.toml", "/../../etc/passwd", "/fonts/../../pyproject.toml",
                   "/fonts/..%2f..%2fpyproject.toml", "/fonts/%2e%2e/%2e%2e/etc/passwd",
                   "/view/edition/../../2567.toml", "/2567.toml", "/2568.toml", "//etc/passwd",
                   f"/{ROOT}/pyproject.toml", "/fonts/", "/fonts", "/assets/../fonts/" + name,
                   "/fonts/..\\..\\pyproject.toml", "/view/edition/", "/generator/cli.py",
                   "http://127.0.0.1/../pyproject.toml"]:
        status, _, body = server.get(target)
        assert status == 404, target
        assert secret not in body and b"[announcement]" not in body and b"root:" not in body, target


def test_a_content_error_shows_in_the_page_above_the_last_good_render(editions, running):
    path = editions / "2568.toml"
    server = running(path)
    good = server.preview.good
    assert good is not None and not server.preview.problems
    version = json.loads(server.get(serve.VERSION)[2])["version"]
    break_year(path)
    answer = json.loads(server.get(serve.VERSION)[2])
    assert answer["version"] != version and answer["ok"] is False
    page = server.get("/")[2].decode("utf-8")
    message = cli_message(path)
    # The same words as the command line, escaped: the content's markup is text.
    assert html.escape(message) in page
    assert "<b>สองห้าหกแปด" not in page and "&lt;b&gt;สองห้าหกแปด" in page
    problems = page[page.index('id="problems"'):page.index("</section>")]
    # Thai by default: the labels, the messages, and the page's language.
    assert f"ไฟล์ {html.escape(str(path))}" in problems
    assert "บรรทัด 8" in problems and "ช่อง announcement.fiscal_year" in problems
    assert f"{path}:8:" in problems
    assert '<html lang="th">' in page and "เนื้อหามีปัญหา" in page
    assert "(file)" not in page and "the content has a problem" not in page and "web page" not in page
    # The last good render stays: the page still has it, unchanged.
    assert server.preview.good is good
    assert server.get(serve.PAGE)[2] == good.page and serve.PAGE in page
    # English only with --lang en.
    in_english = running(path, lang="en")
    english = in_english.get("/")[2].decode("utf-8")
    assert html.escape(cli_message(path, "en")) in english and "ไฟล์" not in english
    assert '<html lang="en">' in english and "the content has a problem" in english
    assert f"file {html.escape(str(path))}" in english and "line 8" in english
    assert "field announcement.fiscal_year" in english
    # Nothing rendered yet (the file was broken from the start): said in the command's language.
    notice = in_english.get(serve.PAGE)[2].decode("utf-8")
    assert '<html lang="en">' in notice and "nothing rendered yet" in notice
    thai_notice = running(path).get(serve.PAGE)[2].decode("utf-8")
    assert '<html lang="th">' in thai_notice and "ยังไม่มีผลที่แสดงได้" in thai_notice
    assert "nothing rendered" not in thai_notice
    assert in_english.get("/no-such-page")[2] == b"not found\n"
    assert server.get("/no-such-page")[2] == "ไม่มีหน้านี้\n".encode()


def test_the_diff_against_the_edition_it_extends(editions, running):
    server = running(editions / "2568.toml")
    status, headers, body = server.get(serve.DIFF)
    assert status == 200
    diff = body.decode("utf-8")
    assert "<ins>๓</ins>" in diff and "<del>๒</del>" in diff  # gpp_growth_percent 2 → 3
    assert "2567.toml" in diff and "2568.toml" in diff
    assert "script-src" not in headers["Content-Security-Policy"]
    page = server.get("/")[2].decode("utf-8")
    assert 'href="#diff"' in page and "เทียบกับ 2567.toml" in page
    # An edition that extends nothing has no comparison.
    alone = running(editions / "2567.toml")
    assert alone.get(serve.DIFF)[0] == 404
    assert 'href="#diff"' not in alone.get("/")[2].decode("utf-8")


def test_the_pdf_is_made_once_per_version(editions, running):
    server = running(editions / "2568.toml")
    status, headers, first = server.get(serve.PDF)
    assert status == 200 and headers["Content-Type"] == "application/pdf" and first.startswith(b"%PDF")
    made = server.preview.good.pdf
    assert server.get(serve.PDF)[2] == first and server.preview.good.pdf is made


def test_rendered_pages_run_no_script(editions, running):
    path = editions / "2568.toml"
    text = path.read_text(encoding="utf-8").replace(
        "[announcement]", '[announcement]\nsubject = "<script>alert(1)</script> เรื่องทดลอง {plan}"')
    save(path, text)
    server = running(path)
    status, headers, body = server.get(serve.PAGE)
    assert status == 200 and b"<script>alert" not in body and b"&lt;script&gt;" in body
    policy = headers["Content-Security-Policy"]
    assert "default-src 'none'" in policy and "script-src" not in policy


def test_which_file_by_default(tmp_path):
    with pytest.raises(ContentError) as none:
        serve.choose(None, here=tmp_path)
    assert "no .toml content file" in none.value.format("en")
    shutil.copy(SEED_CONTENT, tmp_path / "2567.toml")
    assert serve.choose(None, here=tmp_path) == tmp_path / "2567.toml"
    assert serve.choose(tmp_path) == tmp_path / "2567.toml"
    shutil.copy(SYNTHETIC, tmp_path / "2568.toml")
    with pytest.raises(ContentError) as several:
        serve.choose(tmp_path)
    assert "2567.toml, 2568.toml" in several.value.format("en")
    assert "มีไฟล์ .toml หลายไฟล์ (2567.toml, 2568.toml)" in several.value.format("th")
    assert serve.choose(tmp_path / "2568.toml") == tmp_path / "2568.toml"


def test_a_port_in_use_is_a_plain_message(editions):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result, english = (subprocess.run([sys.executable, "-m", "generator", "serve", str(editions / "2568.toml"),
                                           "--port", str(port), *lang], cwd=ROOT, capture_output=True, text=True,
                                          timeout=60) for lang in ([], ["--lang", "en"]))
    assert result.returncode == 1, result.stderr
    assert english.returncode == 1, english.stderr
    assert "Traceback" not in result.stderr
    # Thai by default, English with --lang en: one language at a time.
    assert f"พอร์ต {port} มีโปรแกรมอื่นใช้อยู่" in result.stderr and f"port {port} is in use" not in result.stderr
    assert f"port {port} is in use" in english.stderr and "พอร์ต" not in english.stderr


# --- a real browser -----------------------------------------------------------------------

class DevTools:
    """The Chrome DevTools protocol over a WebSocket (RFC 6455), just enough
    of it to evaluate JavaScript in a page: the standard library only."""

    def __init__(self, address: str):
        parts = urlsplit(address)
        self.socket = socket.create_connection((parts.hostname, parts.port), timeout=30)
        key = base64.b64encode(os.urandom(16)).decode()
        self.socket.sendall((f"GET {parts.path} HTTP/1.1\r\nHost: {parts.hostname}:{parts.port}\r\n"
                             f"Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: {key}\r\n"
                             "Sec-WebSocket-Version: 13\r\n\r\n").encode())
        reply = b""
        while b"\r\n\r\n" not in reply:
            chunk = self.socket.recv(4096)
            assert chunk, reply
            reply += chunk
        assert reply.startswith(b"HTTP/1.1 101"), reply
        self.buffer = reply.split(b"\r\n\r\n", 1)[1]
        self.counter = 0

    def _exactly(self, count: int) -> bytes:
        while len(self.buffer) < count:
            chunk = self.socket.recv(65536)
            if not chunk:
                raise ConnectionError("the browser closed the connection")
            self.buffer += chunk
        data, self.buffer = self.buffer[:count], self.buffer[count:]
        return data

    def _send(self, opcode: int, payload: bytes) -> None:
        size = len(payload)
        if size < 126:
            header = struct.pack("!BB", 0x80 | opcode, 0x80 | size)
        elif size < 65536:
            header = struct.pack("!BBH", 0x80 | opcode, 0x80 | 126, size)
        else:
            header = struct.pack("!BBQ", 0x80 | opcode, 0x80 | 127, size)
        mask = os.urandom(4)
        self.socket.sendall(header + mask + bytes(b ^ mask[i % 4] for i, b in enumerate(payload)))

    def _message(self) -> dict:
        data = b""
        while True:
            first, second = self._exactly(2)
            size = second & 0x7F
            if size == 126:
                size = struct.unpack("!H", self._exactly(2))[0]
            elif size == 127:
                size = struct.unpack("!Q", self._exactly(8))[0]
            mask = self._exactly(4) if second & 0x80 else None
            payload = self._exactly(size)
            if mask:
                payload = bytes(b ^ mask[i % 4] for i, b in enumerate(payload))
            opcode = first & 0x0F
            if opcode == 0x9:  # ping
                self._send(0xA, payload)
                continue
            if opcode == 0x8:
                raise ConnectionError("the browser closed the connection")
            data += payload
            if first & 0x80:
                return json.loads(data)

    def call(self, method: str, **params) -> dict:
        self.counter += 1
        self._send(0x1, json.dumps({"id": self.counter, "method": method, "params": params}).encode())
        while True:
            message = self._message()
            if message.get("id") == self.counter:
                if "error" in message:
                    raise RuntimeError(message["error"])
                return message["result"]

    def evaluate(self, expression: str):
        result = self.call("Runtime.evaluate", expression=expression, returnByValue=True)
        return result["result"].get("value")

    def wait_for(self, expression: str, timeout: float = 10.0):
        """Evaluate ``expression`` until it is true; its value and how long it took."""
        start = time.monotonic()
        while True:
            try:
                value = self.evaluate(expression)
            except RuntimeError:  # the page was reloading under the question
                value = None
            if value:
                return value, time.monotonic() - start
            if time.monotonic() - start > timeout:
                raise AssertionError(f"{expression} stayed false for {timeout} s")
            time.sleep(0.05)

    def close(self) -> None:
        self.socket.close()


def _open_browser(url: str, profile: Path) -> tuple[subprocess.Popen, DevTools]:
    browser = subprocess.Popen(
        [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
         "--no-default-browser-check", "--disable-extensions", "--remote-debugging-address=127.0.0.1",
         "--remote-debugging-port=0", f"--user-data-dir={profile}", "--window-size=1200,900", url],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 30
    endpoint = None
    while endpoint is None and time.monotonic() < deadline:
        line = browser.stderr.readline()
        if not line and browser.poll() is not None:
            break
        found = re.search(r"DevTools listening on ws://([\d.]+:\d+)/", line)
        if found:
            endpoint = found.group(1)
    assert endpoint, "Chromium did not start its DevTools endpoint"
    threading.Thread(target=browser.stderr.read, daemon=True).start()  # never let the pipe fill
    while True:
        with urllib.request.urlopen(f"http://{endpoint}/json/list", timeout=10) as reply:
            pages = [t for t in json.load(reply) if t["type"] == "page" and t["url"].startswith(url)]
        if pages:
            return browser, DevTools(pages[0]["webSocketDebuggerUrl"])
        assert time.monotonic() < deadline, "Chromium did not open the preview"
        time.sleep(0.1)


def _start_prakat(path: Path) -> tuple[subprocess.Popen, str]:
    """``prakat serve`` as a user runs it, on a free port; the process and its address."""
    command = subprocess.Popen([sys.executable, "-m", "generator", "serve", path.name, "--port", "0"],
                               cwd=path.parent, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        line = command.stdout.readline()
        if not line:
            raise AssertionError(f"prakat serve stopped: {command.stderr.read()}")
        found = re.search(r"http://127\.0\.0\.1:\d+/", line)
        if found:
            for stream in (command.stdout, command.stderr):
                threading.Thread(target=stream.read, daemon=True).start()
            return command, found.group(0)
    raise AssertionError("prakat serve printed no address")


#: The text of the rendered page, no-break spaces as spaces.
FRAME_TEXT = "document.getElementById('frame-page').contentDocument.body.innerText.replace(/\\s+/g, ' ')"
PROBLEMS = "(document.getElementById('problems') || {}).innerText"


@pytest.mark.skipif(CHROMIUM is None, reason="Chromium is not installed (make system)")
def test_in_a_browser_a_saved_change_shows_and_a_broken_file_shows_its_error(editions, tmp_path, monkeypatch):
    path = editions / "2568.toml"
    monkeypatch.chdir(editions)  # prakat serve runs there, and names the file 2568.toml
    command, url = _start_prakat(path)
    browser = devtools = None
    try:
        browser, devtools = _open_browser(url, tmp_path / "chromium")
        # The page, rendered: FY 2568, and a growth target of 3 per cent.
        devtools.wait_for(f"document.readyState === 'complete' && {FRAME_TEXT}.includes('ร้อยละ ๓')")
        assert "๒๕๖๘" in devtools.evaluate(FRAME_TEXT)
        assert devtools.evaluate("document.getElementById('problems')") is None
        # Its fonts load (from the server, not the machine).
        devtools.wait_for("document.getElementById('frame-page').contentDocument.fonts.status === 'loaded'")
        assert devtools.evaluate("[...document.getElementById('frame-page').contentDocument.fonts]"
                                 ".some(f => f.family.includes('Sarabun') && f.status === 'loaded')")

        # Save a change: the open page shows it within a second.
        save(path, path.read_text(encoding="utf-8").replace(PERCENT, "gpp_growth_percent = 7"))
        _, took = devtools.wait_for(f"document.readyState === 'complete' && {FRAME_TEXT}.includes('ร้อยละ ๗')")
        assert took < 1.5, f"the page followed the file after {took:.2f} s"
        print(f"the page followed the saved file after {took:.2f} s")
        assert devtools.evaluate("performance.getEntriesByType('navigation')[0].type") == "reload"
        devtools.wait_for("(document.getElementById('frame-diff').contentDocument.body || {}).innerHTML"
                          "?.includes('<ins>๗</ins>')")

        # Break the file: the error, with file and line as on the command line,
        # above the last good render.
        break_year(path)
        shown, _ = devtools.wait_for(PROBLEMS)
        message = cli_message(Path(path.name))
        assert message.startswith("2568.toml:8:") and "2568.toml:8:" in shown and "announcement.fiscal_year" in shown
        for line in message.split("\n"):
            assert line.strip() in shown
        assert "<b>สองห้าหกแปด</b>" in shown  # the content's markup, shown as text
        assert devtools.evaluate("document.querySelector('#problems b')") is None
        assert "ร้อยละ ๗" in devtools.evaluate(FRAME_TEXT)

        # Fix it again: the error goes.
        save(path, path.read_text(encoding="utf-8").replace('"<b>สองห้าหกแปด</b>"', "2569"))
        devtools.wait_for(f"document.readyState === 'complete' && !document.getElementById('problems')"
                          f" && {FRAME_TEXT}.includes('๒๕๖๙')")
    finally:
        if devtools is not None:
            devtools.close()
        for process in (browser, command):
            if process is not None:
                process.terminate()
                try:
                    process.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    process.kill()
                    process.wait()
