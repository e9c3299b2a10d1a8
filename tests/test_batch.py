"""Batch builds (issue 7): parallel, plain progress off a terminal, failure
isolation, incremental skip and --force. All content is generated in a
temporary folder from the seed."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT, SEED_CONTENT, run_prakat
from generator.commands import batch
from generator.commands import state as states
from generator.format.profile import OFFICIAL

SEED = SEED_CONTENT.read_text(encoding="utf-8")
FORMATS = ("html", "pdf", "docx")


def make_editions(folder: Path, count: int, prefix: str = "test") -> list[Path]:
    """``count`` valid editions, ``folder/<prefix>-NN/2567.toml``."""
    paths = []
    for index in range(1, count + 1):
        province = f"{prefix}-{index:02d}"
        path = folder / province / "2567.toml"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(SEED.replace('province = "khon-kaen"', f'province = "{province}"'),
                        encoding="utf-8")
        paths.append(path)
    return paths


def outputs(output: Path, province: str) -> dict[str, Path]:
    folder = output / province / "2567"
    return {fmt: folder / f"{province}-2567.{fmt}" for fmt in FORMATS}


def stamps(output: Path) -> dict[Path, int]:
    """Every output file → its modification time."""
    return {p: p.stat().st_mtime_ns for p in sorted(output.rglob("*-2567.*"))}


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """Three editions built once with --jobs 2, off a terminal."""
    root = tmp_path_factory.mktemp("batch")
    make_editions(root / "content", 3)
    output = root / "output"
    result = run_prakat("build", str(root / "content"), "--output", str(output), "--jobs", "2")
    return root, output, result


def test_parallel_build_writes_every_edition(built):
    root, output, result = built
    assert result.returncode == 0, result.stderr
    for index in (1, 2, 3):
        for fmt, path in outputs(output, f"test-{index:02d}").items():
            assert path.is_file() and path.stat().st_size > 1000, path
        state = json.loads((path.parent / states.STATE_NAME).read_text(encoding="utf-8"))
        assert sorted(state["outputs"]) == sorted(FORMATS)
    assert (output / "fonts" / "THSarabunNew-Regular.ttf").is_file()


def test_parallel_build_gives_the_same_bytes_as_one_job(built, tmp_path):
    root, output, _ = built
    single = tmp_path / "single"
    result = run_prakat("build", str(root / "content" / "test-02"), "--output", str(single),
                        "--jobs", "1")
    assert result.returncode == 0, result.stderr
    for fmt, path in outputs(single, "test-02").items():
        assert path.read_bytes() == outputs(output, "test-02")[fmt].read_bytes(), fmt


def test_progress_off_a_terminal_is_one_plain_line_per_edition(built):
    _, _, result = built
    lines = result.stdout.splitlines()
    edition_lines = [line for line in lines if line.startswith("[")]
    assert len(edition_lines) == 3, result.stdout
    for index in (1, 2, 3):
        assert sum(f"] สร้างแล้ว test-{index:02d}/2567" in line for line in edition_lines) == 1
    assert "\r" not in result.stdout and "\033[" not in result.stdout
    assert "สรุป: สร้าง 3 ไม่เปลี่ยน 0 ไม่สำเร็จ 0 ใช้เวลา" in result.stdout, result.stdout
    assert "built" not in result.stdout and "summary" not in result.stdout  # one language


def test_progress_on_a_terminal_is_a_bar():
    stream = io.StringIO()
    reporter = batch.Reporter(stream=stream, errors=io.StringIO(), lang="en", tty=True)
    reporter.start(2)
    for name in ("a/1", "b/1"):
        reporter.done(batch.Outcome(Path(name), batch.UNCHANGED, name))
    reporter.finish(batch.Summary([], 0.1))
    text = stream.getvalue()
    assert "\r[" in text and "█" in text and "2/2" in text
    assert "\n[" not in text  # no per-edition lines
    assert text.rstrip().endswith("summary: built 0, unchanged 0, failed 0, 0.1 s")


def test_incremental_skip_edit_and_force(tmp_path):
    content = tmp_path / "content"
    paths = make_editions(content, 2)
    output = tmp_path / "output"
    assert run_prakat("build", str(content), "-o", str(output), "-j", "1").returncode == 0
    first = stamps(output)

    again = run_prakat("build", str(content), "-o", str(output), "-j", "1", "--lang", "en")
    assert again.returncode == 0, again.stderr
    assert "summary: built 0, unchanged 2, failed 0" in again.stdout
    assert stamps(output) == first

    # An edit to one edition's content rebuilds that edition only.
    paths[1].write_text(paths[1].read_text(encoding="utf-8").replace(
        "มหานครน่าอยู่", "มหานครน่าอยู่ยิ่ง"), encoding="utf-8")
    edited = run_prakat("build", str(content), "-o", str(output), "--lang", "en")
    assert "summary: built 1, unchanged 1, failed 0" in edited.stdout, edited.stdout
    assert "built test-02/2567" in edited.stdout and "unchanged test-01/2567" in edited.stdout
    now = stamps(output)
    assert all(now[p] == first[p] for p in outputs(output, "test-01").values())
    assert all(now[p] != first[p] for p in outputs(output, "test-02").values())

    # A deleted output is rebuilt; --force rebuilds everything.
    outputs(output, "test-01")["docx"].unlink()
    missing = run_prakat("build", str(content), "-o", str(output), "--lang", "en")
    assert "summary: built 1, unchanged 1, failed 0" in missing.stdout, missing.stdout
    forced = run_prakat("build", str(content), "-o", str(output), "--force", "--lang", "en")
    assert "summary: built 2, unchanged 0, failed 0" in forced.stdout, forced.stdout


def test_a_format_not_built_before_is_not_unchanged(tmp_path):
    content = tmp_path / "content"
    make_editions(content, 1)
    output = tmp_path / "output"
    assert run_prakat("build", str(content), "-o", str(output), "--format", "html").returncode == 0
    result = run_prakat("build", str(content), "-o", str(output), "--format", "html,docx",
                        "--lang", "en")
    assert "summary: built 1, unchanged 0" in result.stdout, result.stdout
    state = json.loads((output / "test-01" / "2567" / states.STATE_NAME).read_text())
    assert sorted(state["outputs"]) == ["docx", "html"]
    assert not outputs(output, "test-01")["pdf"].exists()


def test_a_render_failure_does_not_stop_the_others(tmp_path):
    content = tmp_path / "content"
    make_editions(content, 3)
    output = tmp_path / "output"
    # The second edition cannot be written: a file stands where its folder goes.
    (output / "test-02").mkdir(parents=True)
    (output / "test-02" / "2567").write_text("in the way")
    result = run_prakat("build", str(content), "-o", str(output), "-j", "2", "--lang", "en")
    assert result.returncode == 1, result.stderr
    assert "test-02/2567" in result.stderr
    assert "Traceback" not in result.stderr
    assert "summary: built 2, unchanged 0, failed 1" in result.stdout
    failed = result.stdout.split("failed:\n")[1]
    assert str(content / "test-02" / "2567.toml") in failed
    for province in ("test-01", "test-03"):
        assert all(p.is_file() for p in outputs(output, province).values())


def test_invalid_and_duplicate_editions_are_left_out(tmp_path):
    content = tmp_path / "content"
    make_editions(content, 2)
    broken = content / "broken" / "2567.toml"
    broken.parent.mkdir()
    broken.write_text(SEED.replace("date = 2023-03-31", 'date = "31 มีนาคม 2566"'),
                      encoding="utf-8")
    twin = content / "test-02" / "copy.toml"
    twin.write_text((content / "test-02" / "2567.toml").read_text(encoding="utf-8"),
                    encoding="utf-8")
    output = tmp_path / "output"
    result = run_prakat("build", str(content), "-o", str(output), "-j", "2", "--lang", "en")
    assert result.returncode == 2
    assert f"{broken}:16" in result.stderr, result.stderr
    assert "edition test-02/2567 is also defined by" in result.stderr
    assert "summary: built 1, unchanged 0, failed 3" in result.stdout, result.stdout
    assert all(p.is_file() for p in outputs(output, "test-01").values())
    assert not (output / "test-02").exists()


def test_a_no_op_check_does_not_load_weasyprint(tmp_path):
    content = tmp_path / "content"
    make_editions(content, 2)
    output = tmp_path / "output"
    assert run_prakat("build", str(content), "-o", str(output)).returncode == 0
    script = (
        "import sys\n"
        "from generator import cli\n"
        "try:\n"
        f"    cli.main(['build', {str(content)!r}, '-o', {str(output)!r}, '--lang', 'en'])\n"
        "except SystemExit as stop:\n"
        "    assert stop.code == 0, stop.code\n"
        "print('weasyprint loaded' if 'weasyprint' in sys.modules else 'weasyprint not loaded')\n")
    result = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True,
                            text=True, timeout=120)
    assert "unchanged 2" in result.stdout, result.stdout + result.stderr
    assert "weasyprint not loaded" in result.stdout


def test_input_key_follows_content_and_environment():
    from generator import content

    seed = content.load(SEED_CONTENT)
    other = content.loads(SEED.replace("gini_target = 0.41", "gini_target = 0.40"), "x.toml")
    moved = content.loads(SEED, "elsewhere/2567.toml")
    environment = batch.environment_digest(OFFICIAL)
    assert batch.input_key(seed, environment) == batch.input_key(moved, environment)
    assert batch.input_key(seed, environment) != batch.input_key(other, environment)
    wider = OFFICIAL.__class__(margin_left_mm=25.0)
    assert batch.environment_digest(wider) != environment
    assert batch.input_key(seed, batch.environment_digest(wider)) != batch.input_key(seed, environment)


def test_per_process_caches_give_the_bytes_of_a_fresh_render():
    import weasyprint
    from weasyprint.text.fonts import FontConfiguration

    from generator import content
    from generator import render
    from generator.render.assets import VIRTUAL_BASE, AssetFetcher
    from generator.engine.stylesheets import STYLESHEETS
    from generator.writers import pdf

    html = render.render(content.load(SEED_CONTENT))
    identifier = b"0" * 32
    pdf.write(html, identifier)                 # fills the caches
    cached = pdf.write(html, identifier)
    assert STYLESHEETS, "the stylesheet cache was not used"
    fresh = weasyprint.HTML(string=html, base_url=VIRTUAL_BASE, url_fetcher=AssetFetcher()
                            ).write_pdf(pdf_variant=pdf.PDF_VARIANT, pdf_identifier=identifier,
                                        font_config=FontConfiguration())
    assert cached == fresh


def test_an_edit_under_prakat_templates_is_not_unchanged(tmp_path, monkeypatch):
    import shutil

    content = tmp_path / "content"
    make_editions(content, 1)
    output = tmp_path / "output"
    templates = tmp_path / "templates"
    shutil.copytree(ROOT / "templates", templates)
    monkeypatch.setenv("PRAKAT_TEMPLATES", str(templates))
    first = run_prakat("build", str(content), "-o", str(output), "--format", "html", "--lang", "en")
    assert "summary: built 1, unchanged 0" in first.stdout, first.stdout + first.stderr
    css = templates / "v1" / "prakat.css.j2"
    css.write_text(css.read_text(encoding="utf-8") + "\n/* edited */\n", encoding="utf-8")
    again = run_prakat("build", str(content), "-o", str(output), "--format", "html", "--lang", "en")
    assert "summary: built 1, unchanged 0" in again.stdout, again.stdout + again.stderr


# --- issue 12: hand-edited outputs, one build per folder, workers end with the batch ---

def test_an_output_edited_by_hand_is_kept_beside_not_overwritten(tmp_path):
    content = tmp_path / "content"
    make_editions(content, 1)
    output = tmp_path / "output"
    args = ("build", str(content), "-o", str(output), "--format", "html,docx", "-j", "1")
    assert run_prakat(*args).returncode == 0
    docx = outputs(output, "test-01")["docx"]
    original = docx.read_bytes()
    kept = [docx.with_name(f"test-01-2567.edited-{n}.docx") for n in (1, 2)]

    docx.write_bytes(original + b"first edit")     # someone edits the DOCX in Word
    result = run_prakat(*args, "--lang", "th")
    assert result.returncode == 0, result.stderr
    assert kept[0].read_bytes() == original + b"first edit"
    assert docx.read_bytes() == original           # prakat's own file is back
    assert "test-01-2567.docx ถูกแก้ไขด้วยมือหลังการสร้างครั้งก่อน เก็บฉบับที่แก้ไว้เป็น" in result.stdout, result.stdout
    assert "was edited by hand" not in result.stdout
    assert str(kept[0].name) in result.stdout

    docx.write_bytes(original + b"second edit")    # an earlier kept copy is never replaced
    result = run_prakat(*args, "--lang", "en")
    assert kept[0].read_bytes() == original + b"first edit"
    assert kept[1].read_bytes() == original + b"second edit"
    assert "was edited by hand after the last build; the edited copy is kept as" in result.stdout
    assert kept[1].name in result.stdout and "ถูกแก้ไข" not in result.stdout

    # An untouched output is rebuilt (--force) without a kept copy.
    result = run_prakat(*args, "--force", "--lang", "en")
    assert "kept as" not in result.stdout, result.stdout
    assert sorted(p.name for p in docx.parent.glob("*.edited-*")) == [p.name for p in kept]


def test_a_second_build_of_one_output_folder_stops_with_a_clear_message(tmp_path):
    """Decision: the second build does not wait; it stops at once (exit 1),
    writes nothing and names the build that holds the folder."""
    import fcntl
    import os

    content = tmp_path / "content"
    make_editions(content, 1)
    output = tmp_path / "output"
    output.mkdir()
    with open(output / batch.LOCK_NAME, "w") as held:
        fcntl.flock(held, fcntl.LOCK_EX)
        held.write(f"{os.getpid()}\n")
        held.flush()
        for lang, words, other in (("en", "another build (process", "มีการสร้าง"),
                                   ("th", "มีการสร้างเอกสารอีกชุดหนึ่ง (กระบวนการ", "another build")):
            result = run_prakat("build", str(content), "-o", str(output), "--format", "html",
                                "--lang", lang)
            assert result.returncode == 1, result.stdout + result.stderr
            assert words in result.stderr and str(os.getpid()) in result.stderr, result.stderr
            assert other not in result.stderr, result.stderr
            assert "Traceback" not in result.stderr
            assert not (output / "test-01").exists()
    result = run_prakat("build", str(content), "-o", str(output), "--format", "html")
    assert result.returncode == 0, result.stderr     # the lock is free again


def _children(parent: int) -> set[int]:
    found = set()
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue
        if int(fields[1]) == parent:
            found.add(int(stat.parent.name))
    return found


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return False
    return state != "Z"  # a zombie has ended; only its parent has not read its status yet


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_a_killed_build_leaves_no_worker_process_running(tmp_path):
    import os
    import signal
    import time

    content = tmp_path / "content"
    make_editions(content, 6)
    parent = subprocess.Popen(
        [sys.executable, "-m", "generator", "build", str(content), "-o", str(tmp_path / "output"),
         "-j", "2", "--lang", "en"],
        cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    try:
        line = parent.stdout.readline()   # one edition done: the batch is under way
        assert line.startswith("[1/6] built"), line
        workers = _children(parent.pid)
        assert len(workers) >= 2, workers
        os.kill(parent.pid, signal.SIGKILL)
        parent.wait(timeout=30)
        deadline = time.monotonic() + 20
        while any(_alive(pid) for pid in workers) and time.monotonic() < deadline:
            time.sleep(0.2)
        survivors = [pid for pid in workers if _alive(pid)]
    finally:
        parent.kill()
        parent.stdout.close()
    for pid in survivors:  # do not leave them behind either way
        os.kill(pid, signal.SIGKILL)
    assert not survivors, f"worker processes {survivors} outlived the killed build"


@pytest.mark.parametrize("argv, started", [
    (["build", "content/khon-kaen/2567.toml"], True),
    (["build", "content/khon-kaen/2567.toml", "--format", "pdf,docx", "-o", "/tmp/x"], True),
    (["build", "content/khon-kaen/2567.toml", "--format=pdf"], False),     # one format: no gain
    (["build", "content/khon-kaen/2567.toml", "--format", "html,docx"], False),
    (["build", "content/"], False),                                        # a folder: a batch
    (["build", "a.toml", "b.toml"], False),
    (["build", "--help"], False),
    (["diff", "a.toml", "b.toml"], False),
])
def test_the_pdf_process_starts_with_the_command_only_for_one_edition(argv, started, monkeypatch):
    from generator.commands import aside as asides

    made = []
    monkeypatch.setattr(asides, "PdfAside", lambda: made.append(1) or "second")
    monkeypatch.setattr(asides, "worth_it", lambda formats, count: "pdf" in formats and len(formats) > 1)
    monkeypatch.setattr(asides, "_early", None)
    asides.start_early(argv)
    assert bool(made) == started
    assert asides.take_early() == ("second" if started else None)
    assert asides.take_early() is None  # taken once
