"""The web page keeps Thai words whole in a real browser (headless Chromium).

Chromium lays the page out at three window widths; a script reports where
each line of each text block starts, and every start must fall between two
words of PyThaiNLP's segmentation (or after a space).
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from html import unescape

import pytest

from conftest import DATA
from generator import thai

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def line_starts(page, width: int, profile_dir) -> list[dict]:
    result = subprocess.run([CHROMIUM, *FLAGS, f"--user-data-dir={profile_dir}",
                             f"--window-size={width},1400", "--dump-dom", page.as_uri()],
                            capture_output=True, text=True, timeout=120)
    found = re.search(r'<pre id="probe">(.*?)</pre>', result.stdout, re.S)
    assert found, result.stderr[-500:]
    return json.loads(unescape(found.group(1)))


@pytest.mark.skipif(CHROMIUM is None, reason="Chromium is installed by `make` (Debian package chromium)")
@pytest.mark.parametrize("width", [1000, 700, 480])
def test_browser_breaks_lines_between_words(seed_build, tmp_path_factory, width):
    source = seed_build["html"]
    page = source.with_name("probe.html")
    script = (DATA / "linebreak-probe.js").read_text(encoding="utf-8")
    page.write_text(source.read_text(encoding="utf-8").replace(
        "</head>", f"<script>{script}</script></head>"), encoding="utf-8")
    try:
        blocks = line_starts(page, width, tmp_path_factory.mktemp("chromium"))
    finally:
        page.unlink()
    checked = 0
    for block in blocks:
        text = block["text"]
        words = thai.words(text)
        ends = {sum(len(w) for w in words[:i]) for i in range(len(words) + 1)}
        for start in block["starts"]:
            checked += 1
            assert start in ends or text[start - 1].isspace(), (
                f"line starts inside a word: …{text[max(0, start - 15):start]}|{text[start:start + 15]}…")
    assert checked >= 10, checked
