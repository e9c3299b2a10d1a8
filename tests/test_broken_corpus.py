"""The corpus of broken content files (issue 5): each is refused cleanly.

Every file in ``tests/broken/`` is given to the real ``prakat build`` command
in a new process, once in Thai (the default) and once with ``--lang en``. It
must end with exit code 2, a message naming the file, the line (where the file
has lines) and the field, holding the Thai words listed for it in
``tests/broken/expected.toml`` (the English words with ``--lang en``, and
never the other language's words), no traceback, and no file written.
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest

from conftest import run_prakat

BROKEN = Path(__file__).resolve().parent / "broken"
EXPECTED = tomllib.loads((BROKEN / "expected.toml").read_text(encoding="utf-8"))
#: Letters that make words Thai, or English.
THAI = "[\u0e01-\u0e4f]"
ENGLISH = "[a-z]{2}"


def test_every_broken_file_has_an_expectation():
    files = {p.name for p in BROKEN.iterdir() if p.name != "expected.toml"}
    assert files == set(EXPECTED)
    assert len(files) >= 30


def refused(tmp_path: Path, name: str, *lang: str):
    """The command's output for the broken file ``name``, checked for what
    both languages share: exit code 2, the place first, nothing written."""
    want = EXPECTED[name]
    source = BROKEN / name
    output = tmp_path / "output"
    result = run_prakat("build", str(source), "--output", str(output), *lang)
    message = result.stderr
    assert result.returncode == 2, message
    assert "Traceback" not in message + result.stdout, message + result.stdout
    first = message.splitlines()[0]
    if want["line"]:
        assert first.startswith(f"{source}:{want['line']}:"), message
    else:
        assert first.startswith(f"{source}:"), message
    assert not output.exists() or not any(output.rglob("*")), sorted(output.rglob("*"))
    return result


def of_one_language(name: str, words: str, letters: str) -> bool:
    """Whether ``words`` belong to one language (they hold its ``letters``,
    unlike a code such as ``U+0007``), not to both, and do not stand in the
    broken file itself (which a message may quote back in either language)."""
    want = EXPECTED[name]
    source = BROKEN / name
    quoted = source.is_file() and words.encode("utf-8") in source.read_bytes()
    return bool(re.search(letters, words)) and want["message"] != want["english"] and not quoted


def said(result, name: str) -> str:
    """What the command said, without the file's name (which holds English words)."""
    return result.stderr.replace(str(BROKEN / name), "<file>")


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_broken_file_is_refused_with_a_clear_message_in_thai(tmp_path, name):
    want = EXPECTED[name]
    message = said(refused(tmp_path, name), name)
    if want["field"]:
        assert f"ช่อง {want['field']}:" in message, message
        assert f"field {want['field']}:" not in message, message
    assert want["message"] in message, message
    if of_one_language(name, want["english"], ENGLISH):
        assert want["english"] not in message, message       # one language, not two


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_broken_file_is_refused_with_a_clear_message_in_english(tmp_path, name):
    want = EXPECTED[name]
    result = refused(tmp_path, name, "--lang", "en")
    message = said(result, name)
    if want["field"]:
        assert f"field {want['field']}:" in message, message
        assert f"ช่อง {want['field']}:" not in message, message
    assert want["english"] in message, message
    if of_one_language(name, want["message"], THAI):
        assert want["message"] not in message, message
    assert "built 0" in result.stdout, result.stdout
