"""The corpus of broken content files (issue 5): each is refused cleanly.

Every file in ``tests/broken/`` is given to the real ``prakat build`` command
in a new process. It must end with exit code 2, a message naming the file, the
line (where the file has lines) and the field, holding the Thai and English
words listed for it in ``tests/broken/expected.toml``, no traceback, and no
file written.
"""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from conftest import run_prakat

BROKEN = Path(__file__).resolve().parent / "broken"
EXPECTED = tomllib.loads((BROKEN / "expected.toml").read_text(encoding="utf-8"))


def test_every_broken_file_has_an_expectation():
    files = {p.name for p in BROKEN.iterdir() if p.name != "expected.toml"}
    assert files == set(EXPECTED)
    assert len(files) >= 30


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_broken_file_is_refused_with_a_clear_message(tmp_path, name):
    want = EXPECTED[name]
    source = BROKEN / name
    output = tmp_path / "output"
    result = run_prakat("build", str(source), "--output", str(output))
    message = result.stderr
    assert result.returncode == 2, message
    assert "Traceback" not in message, message
    first = message.splitlines()[0]
    if want["line"]:
        assert first.startswith(f"{source}:{want['line']}:"), message
    else:
        assert first.startswith(f"{source}:"), message
    if want["field"]:
        assert f"ช่อง {want['field']}:" in message, message
        assert f"field {want['field']}:" in message, message
    assert want["message"] in message, message
    assert want["english"] in message, message
    assert not output.exists() or not any(output.rglob("*")), sorted(output.rglob("*"))
    assert "Traceback" not in result.stdout and "built 0" in result.stdout
