"""A missing or altered font stops the build with a clear message."""

from __future__ import annotations

import shutil

from conftest import SEED_CONTENT, run_prakat
from generator.format.fonts import verified_fonts


def _copy_fonts(tmp_path):
    folder = tmp_path / "fonts"
    folder.mkdir()
    for name, path in verified_fonts().items():
        shutil.copy(path, folder / name)
    return folder


def test_altered_font_is_refused(tmp_path, monkeypatch):
    folder = _copy_fonts(tmp_path)
    with open(folder / "THSarabunNew-Bold.ttf", "r+b") as stream:
        stream.seek(1000)
        stream.write(b"\0")
    monkeypatch.setenv("PRAKAT_FONTS", str(folder))
    result = run_prakat("build", str(SEED_CONTENT), "--output", str(tmp_path / "out"))
    assert result.returncode == 1
    assert "THSarabunNew-Bold.ttf" in result.stderr and "SHA256SUMS" in result.stderr
    assert "ไม่ตรงกับรุ่นที่กำหนด" in result.stderr and "does not match" not in result.stderr, result.stderr
    assert "Traceback" not in result.stderr
    assert not any((tmp_path / "out").rglob("*.pdf"))
    english = run_prakat("build", str(SEED_CONTENT), "--output", str(tmp_path / "out"), "--lang", "en")
    assert english.returncode == 1
    assert "font altered:" in english.stderr and "THSarabunNew-Bold.ttf" in english.stderr, english.stderr
    assert "ฟอนต์" not in english.stderr


def test_missing_font_is_refused(tmp_path, monkeypatch):
    folder = _copy_fonts(tmp_path)
    (folder / "THSarabunNew-Italic.ttf").unlink()
    monkeypatch.setenv("PRAKAT_FONTS", str(folder))
    result = run_prakat("build", str(SEED_CONTENT), "--output", str(tmp_path / "out"))
    assert result.returncode == 1
    assert "make fonts" in result.stderr and "ไม่พบฟอนต์" in result.stderr, result.stderr
    assert "font missing" not in result.stderr
    english = run_prakat("build", str(SEED_CONTENT), "--output", str(tmp_path / "out"), "--lang", "en")
    assert english.returncode == 1
    assert "font missing:" in english.stderr and "make fonts" in english.stderr, english.stderr
    assert "ฟอนต์" not in english.stderr
