"""Nothing half-written (issue 5): a build that fails or is killed part-way
leaves every output either as it was or complete, and no temporary file."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import docx
import lxml.html
import pypdfium2
import pytest
from click.testing import CliRunner

from conftest import ROOT, SEED_CONTENT
from generator import build as builder
from generator.cli import main

FORMATS = ("html", "pdf", "docx")

#: Runs the real command in a child process whose writes pause half-way
#: through the PDF, announced by a line "PAUSED" on stderr, so a test can
#: signal it at a known point. Only the child's ``os.fdopen`` is slowed.
SLOW_CHILD = textwrap.dedent('''
    import os, sys, time
    if os.environ.get("NO_TMPFILE"):
        del os.O_TMPFILE                   # the named-temporary-file way
    real_fdopen = os.fdopen

    class Slow:
        def __init__(self, stream):
            self.stream = stream
        def write(self, data):
            if bytes(data[:4]) == b"%PDF":
                self.stream.write(data[:len(data) // 2])
                self.stream.flush()
                print("PAUSED", file=sys.stderr, flush=True)
                time.sleep(120)
            return self.stream.write(data)
        def __getattr__(self, name):
            return getattr(self.stream, name)
        def __enter__(self):
            return self
        def __exit__(self, *exc):
            return self.stream.__exit__(*exc)

    os.fdopen = lambda *args, **kwargs: Slow(real_fdopen(*args, **kwargs))
    sys.argv = ["prakat", *sys.argv[1:]]
    from generator.cli import main
    main()
''')


@pytest.fixture
def previous(tmp_path, seed_build) -> tuple[Path, Path, dict[str, bytes]]:
    """An output folder holding a complete earlier build, and content that
    gives different files now: (content, output, format → earlier bytes)."""
    output = tmp_path / "output"
    folder = output / "khon-kaen" / "2567"
    folder.mkdir(parents=True)
    before = {}
    for fmt, path in seed_build.items():
        shutil.copy(path, folder / path.name)
        before[fmt] = path.read_bytes()
    source = tmp_path / "2567.toml"
    source.write_text(SEED_CONTENT.read_text(encoding="utf-8").replace(
        "จึงประกาศให้ทราบโดยทั่วกัน", "จึงประกาศมาเพื่อทราบโดยทั่วกัน"), encoding="utf-8")
    return source, output, before


def _files(output: Path) -> dict[str, Path]:
    folder = output / "khon-kaen" / "2567"
    return {p.name: p for p in folder.iterdir()}


def assert_complete(output: Path) -> dict[str, bytes]:
    """Exactly the three outputs, nothing else (no temporary file), each one
    readable to its end; returns their bytes."""
    files = _files(output)
    assert sorted(files) == sorted(f"khon-kaen-2567.{fmt}" for fmt in FORMATS), sorted(files)
    paths = {fmt: files[f"khon-kaen-2567.{fmt}"] for fmt in FORMATS}
    assert lxml.html.fromstring(paths["html"].read_bytes()).find("body") is not None
    assert paths["html"].read_bytes().rstrip().endswith(b"</html>")
    assert len(pypdfium2.PdfDocument(str(paths["pdf"]))) >= 2
    assert docx.Document(str(paths["docx"])).paragraphs
    return {fmt: path.read_bytes() for fmt, path in paths.items()}


def _start_slow_build(source: Path, output: Path, **env) -> subprocess.Popen:
    child = subprocess.Popen(
        [sys.executable, "-c", SLOW_CHILD, "build", str(source), "--output", str(output)],
        cwd=ROOT, stderr=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
        env={**os.environ, **env})
    deadline = time.monotonic() + 240
    line = ""
    while "PAUSED" not in line:
        line = child.stderr.readline()
        if not line and child.poll() is not None or time.monotonic() > deadline:
            child.kill()
            pytest.fail(f"the build did not reach the PDF: {child.stderr.read()}")
    return child


def test_a_build_killed_while_writing_leaves_only_complete_files(previous):
    """SIGKILL half-way through the PDF: the HTML is already the new one, the
    PDF and DOCX are still the earlier ones, and no partial file is anywhere."""
    source, output, before = previous
    child = _start_slow_build(source, output)
    try:
        # Half the new PDF is written by now, yet nothing named shows it.
        assert assert_complete(output)["pdf"] == before["pdf"]
    finally:
        child.send_signal(signal.SIGKILL)
        child.wait(timeout=30)
        child.stderr.close()
        child.stdout.close()
    assert child.returncode == -signal.SIGKILL
    after = assert_complete(output)
    assert after["html"] != before["html"]
    assert "จึงประกาศมาเพื่อทราบโดยทั่วกัน" in lxml.html.fromstring(after["html"]).text_content()
    assert after["pdf"] == before["pdf"]
    assert after["docx"] == before["docx"]


def test_a_build_stopped_with_sigterm_removes_its_named_temporary_file(previous):
    """Where unnamed files are not available, a hidden ``.name.XXXX.tmp`` holds
    the data; SIGTERM (as from a service manager or ``kill``) removes it."""
    source, output, before = previous
    child = _start_slow_build(source, output, NO_TMPFILE="1")
    try:
        hidden = [name for name in _files(output) if name.endswith(".tmp")]
        assert len(hidden) == 1 and hidden[0].startswith(".khon-kaen-2567.pdf."), hidden
    finally:
        child.send_signal(signal.SIGTERM)
        child.wait(timeout=30)
        child.stderr.close()
        child.stdout.close()
    assert child.returncode == 128 + signal.SIGTERM
    after = assert_complete(output)
    assert after["pdf"] == before["pdf"] and after["docx"] == before["docx"]


@pytest.fixture
def runner():
    handler = signal.getsignal(signal.SIGTERM)
    yield CliRunner()
    signal.signal(signal.SIGTERM, handler)  # the build command sets its own


def test_a_format_that_fails_to_render_leaves_every_earlier_file(previous, runner, monkeypatch):
    from generator.writers import pdf as pdf_writer

    source, output, before = previous

    def broken(*args, **kwargs):
        raise RuntimeError("cairo ran out of memory")

    monkeypatch.setattr(pdf_writer, "write", broken)
    result = runner.invoke(main, ["build", str(source), "--output", str(output)])
    assert result.exit_code == 1, result.output
    assert "cairo ran out of memory" in result.output
    assert "Traceback" not in result.output
    assert assert_complete(output) == before


def test_a_write_that_fails_leaves_no_partial_file(previous, runner, monkeypatch):
    """The disk fills up at the DOCX: HTML and PDF are new and complete, the
    DOCX is the earlier one, no temporary file is left."""
    source, output, before = previous
    real_replace = os.replace

    def full_disk(src, dst, *args, **kwargs):
        if str(dst).endswith(".docx"):
            raise OSError(28, "No space left on device")
        return real_replace(src, dst, *args, **kwargs)

    monkeypatch.setattr(builder.os, "replace", full_disk)
    result = runner.invoke(main, ["build", str(source), "--output", str(output)])
    assert result.exit_code == 1, result.output
    assert "เขียนไฟล์ไม่สำเร็จ: พื้นที่ดิสก์เต็ม" in result.output, result.output
    assert "no space left" not in result.output  # Thai only, by default
    assert "Traceback" not in result.output and "unexpected" not in result.output
    after = assert_complete(output)
    assert after["docx"] == before["docx"]
    assert after["pdf"] != before["pdf"] and after["html"] != before["html"]
    english = runner.invoke(main, ["build", str(source), "--output", str(output), "--lang", "en"])
    assert english.exit_code == 1, english.output
    assert "could not write the files: no space left on the disk" in english.output, english.output
    assert "พื้นที่" not in english.output
    assert assert_complete(output)["docx"] == before["docx"]


def test_write_atomic_replaces_in_one_step(tmp_path):
    target = tmp_path / "a" / "file.bin"
    builder.write_atomic(target, b"first")
    inode = target.stat().st_ino
    builder.write_atomic(target, b"second")
    assert target.read_bytes() == b"second"
    assert target.stat().st_ino != inode      # a new file renamed in, not rewritten
    assert sorted(p.name for p in target.parent.iterdir()) == ["file.bin"]
    assert oct(target.stat().st_mode & 0o777) == oct(0o644)
