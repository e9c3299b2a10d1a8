"""The output folder's index (issue 15): a run with nothing to do reads no
content file it has seen unchanged, and "unchanged" stays true: any change of
a file an edition was read from, of an output, of the environment, or a second
file naming the same edition, goes the whole way again."""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

import pytest

from conftest import SEED_CONTENT
from generator import content
from generator.commands import batch
from generator.commands import state as states

SEED = SEED_CONTENT.read_text(encoding="utf-8")
HOUR_AGO = time.time() - 3600


def _age(*paths: Path) -> None:
    """Files written an hour ago: not "racily clean" (see state.RACY_NS)."""
    for path in paths:
        os.utime(path, (HOUR_AGO, HOUR_AGO))


def _edition(folder: Path, province: str, text: str = SEED) -> Path:
    path = folder / province / "2567.toml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text.replace('province = "khon-kaen"', f'province = "{province}"'), encoding="utf-8")
    _age(path)
    return path


@pytest.fixture
def reads(monkeypatch):
    """The content files the run reads."""
    seen: list[Path] = []
    real = content.load

    def load(path, *args, **kwargs):
        seen.append(Path(path))
        return real(path, *args, **kwargs)

    monkeypatch.setattr(content, "load", load)
    return seen


def _run(paths, output):
    summary = batch.run(paths, output, ("html",), jobs=1)
    return {o.status for o in summary.outcomes if o.label != "fonts/, assets/"}, summary


def test_a_no_op_run_reads_no_content_file(tmp_path, reads):
    paths = [_edition(tmp_path / "content", f"p-{i}") for i in range(3)]
    output = tmp_path / "out"
    assert _run(paths, output)[0] == {batch.BUILT}
    assert len(set(reads)) == 3  # (planned twice: once more under the new folder's lock)
    index = json.loads((output / states.INDEX_NAME).read_text())
    assert sorted(index["editions"]) == sorted(str(p.resolve()) for p in paths)
    reads.clear()
    before = (output / states.INDEX_NAME).stat().st_mtime_ns
    statuses, summary = _run(paths, output)
    assert statuses == {batch.UNCHANGED} and reads == []
    assert all(o.files and all(f.is_file() for f in o.files) for o in summary.outcomes)
    assert (output / states.INDEX_NAME).stat().st_mtime_ns == before  # nothing new: not rewritten


def test_a_changed_content_file_is_read_and_rebuilt(tmp_path, reads):
    path = _edition(tmp_path / "content", "p-1")
    output = tmp_path / "out"
    _run([path], output)
    path.write_text(path.read_text(encoding="utf-8").replace("ได้จัดทำ", "ได้จัดทำใหม่", 1), encoding="utf-8")
    _age(path)  # even with an old time: the size differs
    reads.clear()
    assert _run([path], output)[0] == {batch.BUILT} and reads == [path]


def test_a_changed_parent_is_read_and_rebuilt(tmp_path, reads):
    parent = _edition(tmp_path / "content", "p-1")
    child = parent.parent / "2568.toml"
    child.write_text('extends = "2567.toml"\n\n[announcement]\nfiscal_year = 2568\nedition = "2568"\n'
                     'date = 2025-03-20\n', encoding="utf-8")
    _age(child)
    output = tmp_path / "out"
    _run([child], output)
    reads.clear()
    assert _run([child], output)[0] == {batch.UNCHANGED} and reads == []
    parent.write_text(parent.read_text(encoding="utf-8") + "\n# a comment\n", encoding="utf-8")
    _age(parent)
    assert _run([child], output)[0] == {batch.UNCHANGED}  # a comment changes no output...
    assert reads == [child]                                 # ...but the file was read to know it


def test_a_touched_output_is_rebuilt(tmp_path, reads):
    path = _edition(tmp_path / "content", "p-1")
    output = tmp_path / "out"
    _, summary = _run([path], output)
    html = summary.outcomes[0].files[0]
    html.write_bytes(html.read_bytes() + b" ")
    reads.clear()
    statuses, _ = _run([path], output)
    assert statuses == {batch.BUILT} and reads == [path]


def test_a_second_file_naming_an_indexed_edition_refuses_both(tmp_path, reads):
    first = _edition(tmp_path / "a", "p-1")
    output = tmp_path / "out"
    _run([first], output)
    second = _edition(tmp_path / "b", "p-1")
    statuses, summary = _run([first, second], output)
    assert statuses == {batch.INVALID}, [(o.source, o.status) for o in summary.outcomes]
    assert sorted(reads[-2:]) == sorted([first, second])


def test_a_file_changed_during_the_run_is_not_indexed(tmp_path):
    path = _edition(tmp_path / "content", "p-1")
    os.utime(path)  # now: it may still change within the same time stamp
    output = tmp_path / "out"
    _run([path], output)
    assert not (output / states.INDEX_NAME).exists() or \
        str(path.resolve()) not in json.loads((output / states.INDEX_NAME).read_text())["editions"]


def test_an_edition_with_warnings_is_read_every_time(tmp_path, reads):
    text = SEED.replace("date = 2023-03-31", "date = 2019-03-31")  # outside the fiscal year
    path = _edition(tmp_path / "content", "p-1", text)
    output = tmp_path / "out"
    _, summary = _run([path], output)
    assert summary.outcomes[0].warnings
    reads.clear()
    _, again = _run([path], output)
    assert reads == [path] and again.outcomes[0].warnings


@pytest.mark.parametrize("index", [
    "not json",
    json.dumps({"version": 1, "environment": "x", "editions": {}}),
    "ENTRY:" + json.dumps({"stamps": "x", "folder": "../../etc", "key": 1, "label": 2, "outputs": 3}),
    "ENTRY:" + json.dumps({"stamps": [], "folder": "/etc", "key": "k", "label": "l", "outputs": {}}),
])
def test_a_broken_or_hostile_index_is_ignored(tmp_path, reads, index):
    path = _edition(tmp_path / "content", "p-1")
    output = tmp_path / "out"
    _run([path], output)
    written = json.loads((output / states.INDEX_NAME).read_text())
    if index.startswith("ENTRY:"):
        written["editions"][str(path.resolve())] = json.loads(index[6:])
        index = json.dumps(written)
    (output / states.INDEX_NAME).write_text(index)
    reads.clear()
    statuses, _ = _run([path], output)
    assert statuses == {batch.UNCHANGED} and reads == [path]


def test_another_environment_ignores_the_index(tmp_path, reads, monkeypatch):
    path = _edition(tmp_path / "content", "p-1")
    output = tmp_path / "out"
    _run([path], output)
    monkeypatch.setattr(batch, "shared_environment", lambda: "another")
    reads.clear()
    statuses, _ = _run([path], output)
    assert statuses == {batch.BUILT} and reads == [path]
