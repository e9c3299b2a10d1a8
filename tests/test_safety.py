"""Nothing leaks (issue 5): content is text, never code; rendering reads only
prakat's own assets; output and asset paths stay inside their folders."""

from __future__ import annotations

import dataclasses
import http.server
import os
import threading
from pathlib import Path

import docx
import lxml.html
import pytest

from conftest import SEED_CONTENT, run_prakat
from generator import content
from generator import thai
from generator.content.files import UnsafePath, safe_asset_path
from generator.render.assets import AssetFetcher, asset_files
from generator.build import edition_dir
from generator.errors import ContentError
from test_outputs_text import pdf_pages_pdftotext
from textcompare import fold

SEED = SEED_CONTENT.read_text(encoding="utf-8")

# --- content is text, never code ---------------------------------------------

#: Each is put into a different part of the announcement.
INJECTIONS = {
    "subject": '<script>alert("x")</script>',
    "heading": "{{ 7*7 }} และ {{ config }}",
    "quote": '{% include "/etc/passwd" %}',
    "item": '</li></ol><img src="http://127.0.0.1:9/x.png" onerror="alert(1)">',
    "paragraph": "&amp; &lt;b&gt; <!-- หมายเหตุ --> ${7*7} #{7*7}",
    "signer": "<b>นาย</b>{% raw %}ก{% endraw %}",
}


@pytest.fixture(scope="module")
def injected_build(tmp_path_factory):
    folder = tmp_path_factory.mktemp("injected")
    text = (SEED
            .replace('subject = "ประกาศใช้{plan} และ{action_plan}"',
                     f"subject = '''{INJECTIONS['subject']}'''")
            .replace('heading = "พันธกิจ"', f"heading = '''{INJECTIONS['heading']}'''")
            .replace('quote = "มหานครน่าอยู่ ศูนย์กลางเศรษฐกิจเชื่อมโยงภูมิภาค"',
                     f"quote = '''{INJECTIONS['quote']}'''")
            .replace('  "การพัฒนาสังคมสุขภาวะให้น่าอยู่อย่างยั่งยืน",',
                     f"  '''{INJECTIONS['item']}''',")
            .replace('text = "เพื่อให้เป็นไปตามมาตรา', f"text = '''{INJECTIONS['paragraph']}'''\n"
                     '[[body]]\ntext = "เพื่อให้เป็นไปตามมาตรา')
            .replace('name = "นายไกรสร กองฉลาด"', f"name = '''{INJECTIONS['signer']}'''"))
    assert text.count("'''") == 2 * len(INJECTIONS)
    source = folder / "2567.toml"
    source.write_text(text, encoding="utf-8")
    out = folder / "output"
    result = run_prakat("build", str(source), "--output", str(out))
    assert result.returncode == 0, result.stderr
    edition = out / "khon-kaen" / "2567"
    return {fmt: edition / f"khon-kaen-2567.{fmt}" for fmt in ("html", "pdf", "docx")}


def _expected(piece: str) -> str:
    # Digits typed in text come out in Thai digits; nothing else changes.
    return fold(thai.digits(piece))


def _texts(build) -> dict[str, str]:
    tree = lxml.html.fromstring(build["html"].read_bytes())
    return {
        "html": fold(tree.find("body").text_content()),
        "docx": fold("\n".join(p.text for p in docx.Document(str(build["docx"])).paragraphs)),
        "pdf": fold("\n".join(pdf_pages_pdftotext(build["pdf"]))),
    }


@pytest.mark.parametrize("fmt", ["html", "docx", "pdf"])
def test_markup_and_template_syntax_in_content_come_out_as_typed(injected_build, fmt):
    text = _texts(injected_build)[fmt]
    for where, piece in INJECTIONS.items():
        if fmt == "pdf":
            # The PDF breaks lines: compare without white space.
            assert "".join(_expected(piece).split()) in "".join(text.split()), (where, piece)
        else:
            assert _expected(piece) in text, (where, piece, text[:200])
    # Jinja never evaluated anything: 7*7 was not computed, no file was included.
    assert thai.digits("49") not in text and "49" not in text
    assert "root:" not in text


def test_html_holds_no_element_from_content(injected_build):
    raw = injected_build["html"].read_text(encoding="utf-8")
    tree = lxml.html.fromstring(raw)
    assert tree.findall(".//script") == []
    assert [img.get("src") for img in tree.iter("img")] == ["../../assets/emblem-placeholder.png"]
    assert not tree.xpath("//@onerror")
    assert tree.findall(".//b") == []
    assert "&lt;script&gt;" in raw


# --- the PDF renderer reads only prakat's assets -------------------------------

FONT_URL = "file:///prakat/fonts/THSarabunNew-Regular.ttf"


def test_fetcher_serves_the_fonts():
    response = AssetFetcher().fetch(FONT_URL)
    assert response.read() == asset_files()["fonts/THSarabunNew-Regular.ttf"]


@pytest.mark.parametrize("url", [
    "http://127.0.0.1/fonts/THSarabunNew-Regular.ttf",
    "https://example.org/x.css",
    "ftp://example.org/x",
    "data:text/css,body{}",
    "file:///etc/passwd",
    "file:///prakat/fonts/../../etc/passwd",
    "file:///prakat/fonts/%2e%2e/%2e%2e/etc/passwd",
    "file:///prakat/../etc/passwd",
    "file://evil.example/prakat/fonts/THSarabunNew-Regular.ttf",
    "file:///prakat/fonts/",
    "file:///prakat/content/khon-kaen/2567.toml",
    f"file://{SEED_CONTENT}",
])
def test_fetcher_refuses_everything_else(url):
    with pytest.raises(PermissionError):
        AssetFetcher().fetch(url)


class _Recorder(http.server.BaseHTTPRequestHandler):
    hits: list[str] = []

    def do_GET(self):  # noqa: N802 (http.server's name)
        _Recorder.hits.append(self.path)
        self.send_response(200)
        self.send_header("Content-Type", "text/css")
        self.end_headers()
        self.wfile.write(b"body { color: red }")

    def log_message(self, *args):
        pass


@pytest.mark.parametrize("link", [
    '<link rel="stylesheet" href="{base}/a.css">',
    '<img src="{base}/b.png">',
    '<p style="background: url({base}/c.png)">ก</p>',
    '<link rel="stylesheet" href="file://{secret}">',
    '<link rel="stylesheet" href="../../../../{secret}">',
])
def test_pdf_writer_makes_no_network_request_and_reads_no_other_file(tmp_path, link):
    """Even a document that links outside (prakat's template never does) gets
    nothing: the render stops on the refused URL and a local server sees no
    request."""
    from weasyprint.urls import FatalURLFetchingError

    from generator.writers import pdf as pdf_writer

    _Recorder.hits = []
    server = http.server.HTTPServer(("127.0.0.1", 0), _Recorder)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    secret = tmp_path / "secret.css"
    secret.write_text("body { color: red }")
    base = f"http://127.0.0.1:{server.server_port}"
    html = f"<html><head></head><body>{link.format(base=base, secret=secret)}<p>ก</p></body></html>"
    try:
        with pytest.raises(FatalURLFetchingError) as refused:
            pdf_writer.write(html)
    finally:
        server.shutdown()
        server.server_close()
    assert isinstance(refused.value.__cause__, PermissionError)
    assert _Recorder.hits == []


# --- asset paths named in content (for the emblem, later) -----------------------

@pytest.fixture
def asset_root(tmp_path):
    root = tmp_path / "assets"
    (root / "emblems").mkdir(parents=True)
    (root / "emblems" / "khon-kaen.svg").write_text("<svg/>")
    outside = tmp_path / "outside.txt"
    outside.write_text("secret")
    (root / "emblems" / "link-out.svg").symlink_to(outside)
    (root / "emblems" / "link-in.svg").symlink_to(root / "emblems" / "khon-kaen.svg")
    (root / "folder-link").symlink_to(tmp_path)
    return root


def test_a_plain_relative_path_is_found(asset_root):
    assert safe_asset_path("emblems/khon-kaen.svg", [asset_root]) == \
        (asset_root / "emblems" / "khon-kaen.svg").resolve()
    assert safe_asset_path("emblems\\khon-kaen.svg", [asset_root]).name == "khon-kaen.svg"
    assert safe_asset_path("emblems/link-in.svg", [asset_root]).name == "khon-kaen.svg"


def test_the_second_root_is_searched(asset_root, tmp_path):
    other = tmp_path / "other"
    other.mkdir()
    (other / "x.svg").write_text("<svg/>")
    assert safe_asset_path("x.svg", [asset_root, other]) == (other / "x.svg").resolve()


@pytest.mark.parametrize("name, words", [
    ("../../etc/passwd", ".."),
    ("emblems/../../outside.txt", ".."),
    ("..\\..\\etc\\passwd", ".."),
    ("/etc/passwd", "absolute"),
    ("C:\\Windows\\win.ini", "absolute"),
    ("\\\\server\\share\\x.svg", "absolute"),
    ("~/.ssh/id_rsa", "absolute"),
    ("emblems/link-out.svg", "symbolic link"),
    ("folder-link/outside.txt", "symbolic link"),
    ("emblems/missing.svg", "no file"),
    ("emblems", "no file"),
    ("", "file name is needed"),
    ("emblems/\x00.svg", "control character"),
])
def test_paths_that_leave_the_asset_folder_are_refused(asset_root, name, words):
    with pytest.raises(UnsafePath) as refused:
        safe_asset_path(name, [asset_root])
    english, thai = refused.value.message.text("en"), refused.value.message.text("th")
    assert words in english
    if words != "..":  # (the path itself, shown in both, holds the ..)
        assert words not in thai
    # The same message in Thai, from the catalog: one language each.
    assert any("\u0e00" <= c <= "\u0e7f" for c in thai) and thai != english
    assert str(refused.value) == english


# --- output paths ---------------------------------------------------------------

@pytest.fixture(scope="module")
def seed_announcement():
    return content.loads(SEED, SEED_CONTENT)


@pytest.mark.parametrize("field, name", [
    ("province", ".."), ("province", "../../etc"), ("province", "/etc"), ("province", "."),
    ("province", "a/b"), ("province", "khon-kaen\n"), ("province", "Khon-Kaen"), ("province", "-x"),
    ("edition", ".."), ("edition", "2567/../../x"), ("edition", "..\\..\\x"), ("edition", "2567 "),
])
def test_unsafe_folder_names_are_refused_by_the_validator(field, name):
    text = SEED.replace('province = "khon-kaen"\n',
                        'province = "khon-kaen"\nedition = "2567"\n')
    old = f'{field} = "{"khon-kaen" if field == "province" else "2567"}"'
    assert old in text
    text = text.replace(old, f"{field} = '''{name}'''" if "\n" not in name else f'{field} = "khon-kaen\\n"')
    with pytest.raises(ContentError) as refused:
        content.loads(text, "x.toml")
    assert f"announcement.{field}" in str(refused.value)


@pytest.mark.parametrize("province, edition", [
    ("..", "2567"), ("../..", "x"), ("khon-kaen", "../../.."), ("/etc", "x"), ("khon-kaen", "/tmp"),
])
def test_output_folder_is_never_left_even_without_validation(tmp_path, seed_announcement,
                                                             province, edition):
    announcement = dataclasses.replace(seed_announcement, province=province, edition=edition)
    with pytest.raises(ContentError) as refused:
        edition_dir(tmp_path / "output", announcement)
    assert "inside" in refused.value.format("en")


def test_a_province_folder_linked_outside_is_refused(tmp_path, seed_announcement):
    output = tmp_path / "output"
    output.mkdir()
    (output / "khon-kaen").symlink_to(tmp_path)
    with pytest.raises(ContentError):
        edition_dir(output, seed_announcement)


def test_normal_names_give_a_folder_inside_the_output(tmp_path, seed_announcement):
    assert edition_dir(tmp_path, seed_announcement) == (tmp_path / "khon-kaen" / "2567").resolve()


# --- files that cannot be read ---------------------------------------------------

@pytest.mark.skipif(os.geteuid() == 0, reason="root reads files whatever their mode; "
                    "test_unreadable_file_simulated covers this case")
def test_unreadable_file(tmp_path):
    source = tmp_path / "2567.toml"
    source.write_text(SEED, encoding="utf-8")
    source.chmod(0)
    result = run_prakat("build", str(source), "--output", str(tmp_path / "out"))
    assert result.returncode == 2
    assert "ไม่มีสิทธิ์อ่านไฟล์นี้" in result.stderr and "no permission" not in result.stderr
    assert not (tmp_path / "out").exists()


def test_unreadable_file_simulated(tmp_path, monkeypatch):
    source = tmp_path / "2567.toml"
    source.write_text(SEED, encoding="utf-8")
    real_open = Path.open

    def refuse(self, *args, **kwargs):
        if self == source:
            raise PermissionError(13, "Permission denied", str(self))
        return real_open(self, *args, **kwargs)

    real_os_open = os.open

    def refuse_os(path, *args, **kwargs):
        if Path(path) == source:
            raise PermissionError(13, "Permission denied", str(path))
        return real_os_open(path, *args, **kwargs)

    monkeypatch.setattr(Path, "open", refuse)
    monkeypatch.setattr(os, "open", refuse_os)  # the reader may open with os.open
    with pytest.raises(ContentError) as refused:
        content.load(source)
    assert refused.value.problems[0].path == source
    assert "ไม่มีสิทธิ์อ่านไฟล์นี้" in str(refused.value) and "no permission" not in str(refused.value)
    assert "no permission to read" in refused.value.format("en")
    assert "ไม่มีสิทธิ์" not in refused.value.format("en")


def test_english_only_messages(tmp_path):
    source = tmp_path / "2567.toml"
    source.write_text(SEED.replace("date = 2023-03-31", "date = 2023-02-30"), encoding="utf-8")
    result = run_prakat("build", str(source), "--output", str(tmp_path / "out"), "--lang", "en")
    assert result.returncode == 2
    assert f"{source}:16:8: field announcement.date:" in result.stderr
    assert "30 February 2023 does not exist" in result.stderr
    assert not any("\u0e00" <= c <= "\u0e7f" for c in result.stderr.replace(
        "date = 2023-02-30", ""))


# --- issue 12: writes stay inside the output folder; names print safely ---------

@pytest.mark.parametrize("linked", ["assets", "fonts"])
def test_a_folder_linked_outside_the_output_is_refused_not_written_through(tmp_path, linked):
    outside = tmp_path / "outside"
    outside.mkdir()
    output = tmp_path / "output"
    output.mkdir()
    (output / linked).symlink_to(outside)
    result = run_prakat("build", str(SEED_CONTENT), "--output", str(output), "--format", "html",
                        "--lang", "en")
    assert result.returncode == 1, result.stdout + result.stderr
    assert "outside the output folder" in result.stderr, result.stderr
    assert "Traceback" not in result.stderr
    assert list(outside.iterdir()) == []


def test_write_atomic_stays_inside(tmp_path):
    from generator.build import write_atomic
    from generator.errors import Refused

    outside = tmp_path / "outside"
    outside.mkdir()
    output = tmp_path / "output"
    (output / "a").mkdir(parents=True)
    (output / "a" / "link").symlink_to(outside)
    with pytest.raises(Refused) as refused:
        write_atomic(output / "a" / "link" / "sub" / "x.pdf", b"data", inside=output)
    english, thai = refused.value.format("en"), refused.value.format("th")
    assert "outside the output folder" in english and "outside the output folder" not in thai
    assert any("\u0e00" <= c <= "\u0e7f" for c in thai)
    assert list(outside.iterdir()) == []
    write_atomic(output / "a" / "b" / "x.pdf", b"data", inside=output)
    assert (output / "a" / "b" / "x.pdf").read_bytes() == b"data"


def test_diff_never_writes_over_a_content_file(tmp_path):
    old = tmp_path / "2567.toml"
    old.write_text(SEED, encoding="utf-8")
    new = tmp_path / "2568.toml"
    new.write_text('extends = "2567.toml"\n', encoding="utf-8")
    other = tmp_path / "notes.toml"
    other.write_text("x = 1\n", encoding="utf-8")
    link = tmp_path / "link-to-old.txt"
    link.symlink_to(old)
    for target in (old, new, other, link, tmp_path / "." / "2567.toml"):
        before = {p: p.read_bytes() for p in (old, new, other)}
        result = run_prakat("diff", str(old), str(new), "-o", str(target), "--lang", "en")
        assert result.returncode == 2, (target, result.stdout, result.stderr)
        assert "never written over a content file" in result.stderr
        assert {p: p.read_bytes() for p in (old, new, other)} == before


def test_a_file_name_that_is_not_utf8_builds_and_prints_escaped(tmp_path):
    import subprocess
    import sys

    from conftest import ROOT

    source = tmp_path / os.fsdecode(b"bad\xff\x1b[2J.toml")
    source.write_text(SEED, encoding="utf-8")
    output = tmp_path / "out"
    command = [sys.executable, "-m", "generator", "build", str(source), "-o", str(output),
               "--format", "html", "--lang", "en"]
    for summary in (b"built 1, unchanged 0", b"built 0, unchanged 1"):  # the state file works
        result = subprocess.run(command, cwd=ROOT, capture_output=True, timeout=300)
        assert result.returncode == 0, result.stdout + result.stderr
        assert summary in result.stdout, result.stdout
        assert b"\xff" not in result.stdout + result.stderr
        assert b"\x1b" not in result.stdout + result.stderr
    assert (output / "khon-kaen" / "2567" / "khon-kaen-2567.html").is_file()
    broken = tmp_path / os.fsdecode(b"broken\xfe\x1b]0;owned\x07.toml")
    broken.write_text(SEED.replace("date = 2023-03-31", "date = 2023-02-30"), encoding="utf-8")
    result = subprocess.run([*command[:4], str(broken), *command[5:]], cwd=ROOT,
                            capture_output=True, timeout=300)
    assert result.returncode == 2
    assert b"\\udcfe\\u001b]0;owned\\u0007.toml" in result.stderr, result.stderr
    assert b"\xfe" not in result.stdout + result.stderr
    assert b"\x1b" not in result.stdout + result.stderr and b"\x07" not in result.stdout + result.stderr


def test_escape_sequences_in_names_stay_escaped_in_batch_and_diff(tmp_path):
    evil = tmp_path / "a\x1b[31mred\x1b[0m"
    evil.mkdir()
    source = evil / "2567.toml"
    source.write_text(SEED, encoding="utf-8")
    output = tmp_path / "out\x1b]0;title\x07"
    built = run_prakat("build", str(source), "-o", str(output), "--format", "html")
    diffed = run_prakat("diff", str(source), str(source), "--color", "never")
    for result in (built, diffed):
        assert result.returncode == 0, result.stderr
        text = result.stdout + result.stderr
        assert "\x1b" not in text and "\x07" not in text, text
        assert "\\u001b" in text
