"""The same content, templates and fonts give the same bytes (issue 3).

Two builds of everything under ``content/`` in two new processes, with
different hash seeds, must agree byte for byte in every file; and no output
carries the time it was built.
"""

from __future__ import annotations

import datetime as dt
import io
import os
import subprocess
import sys
import time
import zipfile

import docx
import pypdfium2
import pytest

from conftest import ROOT, SEED_CONTENT
from generator import build
from generator import content
from generator.errors import BuildError
from generator.document.stamps import stamps


def build_everything(output, hash_seed: str) -> dict[str, bytes]:
    """Relative path → bytes of every file ``prakat build`` writes, from a new
    process; the incremental-build state file (it records file times) is not an output."""
    environ = {k: v for k, v in os.environ.items() if k != "SOURCE_DATE_EPOCH"}
    environ["PYTHONHASHSEED"] = hash_seed
    result = subprocess.run([sys.executable, "-m", "generator", "build", "--output", str(output)],
                            cwd=ROOT, env=environ, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    return {p.relative_to(output).as_posix(): p.read_bytes()
            for p in sorted(output.rglob("*")) if p.is_file() and p.name != ".prakat-build.json"}


def test_two_builds_in_new_processes_give_the_same_bytes(tmp_path):
    first = build_everything(tmp_path / "first", "1")
    second = build_everything(tmp_path / "second", "2")
    outputs = [name for name in first if name.endswith((".html", ".pdf", ".docx"))]
    assert {name.rsplit(".", 1)[1] for name in outputs} == set(build.FORMATS)
    assert sorted(first) == sorted(second)
    differing = [name for name in first if first[name] != second[name]]
    assert differing == [], f"these files differ between two builds: {differing}"


def _pdf_dates(data: bytes) -> tuple[str, str]:
    document = pypdfium2.PdfDocument(data)
    try:
        metadata = document.get_metadata_dict()
    finally:
        document.close()
    return metadata["CreationDate"], metadata["ModDate"]


def _pdf_date(moment: dt.datetime) -> str:
    return moment.strftime("D:%Y%m%d%H%M%SZ")


@pytest.mark.parametrize("epoch", [None, "1700000000"])
def test_dates_come_from_the_content_or_source_date_epoch(monkeypatch, epoch):
    if epoch is None:
        monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    else:
        monkeypatch.setenv("SOURCE_DATE_EPOCH", epoch)
    announcement = content.load(SEED_CONTENT)
    utc = dt.timezone.utc
    created = dt.datetime.combine(announcement.date, dt.time(0, 0), tzinfo=utc)
    modified = dt.datetime.fromtimestamp(int(epoch), utc) if epoch else created
    outputs = build.render_outputs(announcement, ("pdf", "docx"))

    assert _pdf_dates(outputs["pdf"]) == (_pdf_date(created), _pdf_date(modified))
    core = docx.Document(io.BytesIO(outputs["docx"])).core_properties
    assert (core.created, core.modified) == (created, modified)
    with zipfile.ZipFile(io.BytesIO(outputs["docx"])) as archive:
        times = {info.date_time for info in archive.infolist()}
    # Zip times have a two-second resolution.
    assert times == {modified.replace(second=modified.second // 2 * 2).timetuple()[:6]}


def test_a_malformed_source_date_epoch_is_refused(monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "yesterday")
    with pytest.raises(BuildError, match="SOURCE_DATE_EPOCH"):
        stamps(content.load(SEED_CONTENT))


def test_a_pdf_laid_out_aside_is_the_same_bytes():
    """One edition's PDF may be laid out by a second process (commands/aside.py):
    the same bytes, the outputs in the same order."""
    from generator.commands import aside as asides

    announcement = content.load(SEED_CONTENT)
    plain = build.render_outputs(announcement)
    aside = asides.PdfAside()
    try:
        other = build.render_outputs(announcement, aside=aside)
    finally:
        aside.close()
    assert list(other) == list(plain)
    assert all(other[fmt] == plain[fmt] for fmt in plain)


ASIDE_IN_A_FORK = """
import sys
import time
from generator import build, content
from generator.commands import aside as asides
from generator.errors import BuildError
from generator.messages import M

announcement = content.load(sys.argv[1])
aside = asides.PdfAside()                     # WeasyPrint not loaded here: a fork
try:
    forked = build.render_outputs(announcement, aside=aside)
finally:
    aside.close()
print("same bytes:", forked == build.render_outputs(announcement))

def broken(*args, **kwargs):
    raise BuildError(M("the PDF could not be written"))

build.plain_pdf = broken                      # the fork has it too
asides.process_context = lambda: __import__("multiprocessing").get_context("fork")
aside = asides.PdfAside()
try:
    build.render_outputs(announcement, aside=aside)
except BuildError as error:
    print("failed:", error.format("en"))
finally:
    aside.close()
"""


def test_a_forked_aside_gives_the_same_bytes_and_the_same_failure():
    result = subprocess.run([sys.executable, "-c", ASIDE_IN_A_FORK, str(SEED_CONTENT)], cwd=ROOT,
                            capture_output=True, text=True, timeout=300)
    assert result.stdout.splitlines() == ["same bytes: True", "failed: the PDF could not be written"], \
        result.stdout + result.stderr


ASIDE_ORPHANED = """
import os, signal, sys, time
from generator import content
from generator.commands import aside as asides

from generator import render
from generator.document.stamps import stamps
from generator.format import versions

announcement = content.load(sys.argv[1])
aside = asides.PdfAside()
print(aside._process.pid, flush=True)
profile = versions.with_content_digits(versions.profile_for(announcement), announcement)
aside.pdf(render.render(announcement, profile), profile, stamps(announcement), announcement)
time.sleep(3)                     # the PDF is ready, more than a pipe holds, and never read
os.kill(os.getpid(), signal.SIGKILL)
"""


def test_a_pdf_process_ends_when_the_first_dies_unread():
    """The second process must not wait for ever on a first process that is
    gone (killed before it read the PDF)."""
    child = subprocess.Popen([sys.executable, "-c", ASIDE_ORPHANED, str(SEED_CONTENT)], cwd=ROOT,
                             stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    pid = int(child.stdout.readline())
    child.wait(timeout=120)
    child.stdout.close()
    for _ in range(100):
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return
        time.sleep(0.1)
    os.kill(pid, 9)
    pytest.fail("the PDF process outlived the process that asked for it")
