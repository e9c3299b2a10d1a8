"""Every content file, in every format, matches its golden files (issue 3).

The goldens live in ``tests/golden/<province>/<edition>/``; ``make golden``
writes them, this test only reads them.
"""

from __future__ import annotations

import pytest

import golden

EDITIONS = golden.content_files()


def test_there_is_content():
    assert EDITIONS, f"no content file under {golden.CONTENT}"


@pytest.mark.parametrize("fmt", golden.FORMATS)
@pytest.mark.parametrize("path", EDITIONS, ids=golden.edition_key)
def test_output_matches_its_golden(golden_artifacts, path, fmt):
    key = golden.edition_key(path)
    artifacts = {name: a for name, a in golden_artifacts(path).items() if name.startswith(f"{fmt}/")}
    assert artifacts, f"{key}: no {fmt} output"
    mismatches = golden.compare(golden.GOLDEN / key, artifacts, formats=(fmt,))
    assert not mismatches, golden.report(key, mismatches)


def test_every_golden_folder_has_its_content_file():
    live = {golden.edition_key(path) for path in EDITIONS}
    stored = {folder.relative_to(golden.GOLDEN).as_posix()
              for folder in golden.GOLDEN.glob("*/*") if folder.is_dir()}
    assert stored - live == set(), "goldens without a content file: git rm them"
