"""``prakat archive`` and ``prakat verify``, and builds that would differ from the archive (issue 6)."""

from __future__ import annotations

import hashlib
import io
import json
import os
import shutil
import subprocess
import sys

import pytest
from pdfminer.pdfdocument import PDFDocument
from pdfminer.pdfparser import PDFParser
from pdfminer.pdftypes import resolve1

from conftest import DATA, ROOT, SEED_CONTENT
from generator import archive
from generator.archive import store

EXIT_DIFFERS = 3


def prakat(*args, env=None):
    environ = {k: v for k, v in os.environ.items() if k != "SOURCE_DATE_EPOCH"}
    environ.update(env or {})
    return subprocess.run([sys.executable, "-m", "generator", *args], cwd=ROOT, env=environ,
                          capture_output=True, text=True, timeout=300)


@pytest.fixture(scope="module")
def pristine(tmp_path_factory):
    """The real FY 2567 edition and the synthetic FY 2568 one, archived once for the module."""
    base = tmp_path_factory.mktemp("archived")
    folder = base / "content" / "khon-kaen"
    folder.mkdir(parents=True)
    shutil.copy(SEED_CONTENT, folder / "2567.toml")
    shutil.copy(DATA / "editions" / "2568.toml", folder / "2568.toml")
    root = base / "archive"
    for year in ("2567", "2568"):
        result = prakat("archive", str(folder / f"{year}.toml"), "--archive", str(root))
        assert result.returncode == 0, result.stderr
    return folder, root


@pytest.fixture
def editions(pristine):
    """The content folder; a test that changes a file gets it back as it was."""
    folder = pristine[0]
    saved = {p: p.read_bytes() for p in folder.iterdir()}
    yield folder
    for path, data in saved.items():
        path.write_bytes(data)


@pytest.fixture
def archived(pristine, editions, tmp_path, monkeypatch):
    """A copy of the archive folder for one test (its manifests name the module's content)."""
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    root = tmp_path / "archive"
    shutil.copytree(pristine[1], root)
    return root


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _attachments(pdf: bytes) -> dict[str, tuple[str, bytes]]:
    """Name → (AFRelationship, bytes) of every file in the catalog's /AF."""
    document = PDFDocument(PDFParser(io.BytesIO(pdf)))
    out = {}
    for reference in resolve1(document.catalog["AF"]):
        spec = resolve1(reference)
        stream = resolve1(resolve1(spec["EF"])["F"])
        out[spec["UF"].decode()] = (spec["AFRelationship"].name, stream.get_data())
    return out


def test_the_archive_of_the_real_edition(archived, editions):
    folder = archived / "khon-kaen" / "2567"
    names = sorted(p.name for p in folder.iterdir())
    assert names == ["khon-kaen-2567.docx", "khon-kaen-2567.html", "khon-kaen-2567.pdf",
                     "khon-kaen-2567.toml", "manifest.json"]
    pdf = (folder / "khon-kaen-2567.pdf").read_bytes()
    document = PDFDocument(PDFParser(io.BytesIO(pdf)))
    metadata = resolve1(document.catalog["Metadata"]).get_data()
    assert b'pdfaid:part="3"' in metadata and b'pdfaid:conformance="B"' in metadata
    seed = (editions / "2567.toml").read_bytes()
    assert _attachments(pdf) == {"khon-kaen-2567.toml": ("Source", seed)}
    assert (folder / "khon-kaen-2567.toml").read_bytes() == seed

    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    for name, entry in manifest["files"].items():
        assert entry["sha256"] == _sha((folder / name).read_bytes()), name
    inputs = manifest["inputs"]
    assert inputs["content"] == [{"path": (editions / "2567.toml").resolve().as_posix(), "sha256": _sha(seed)}]
    assert inputs["template"]["version"] == 1
    assert inputs["template"]["files"]["prakat.css.j2"] == _sha((ROOT / "templates/v1/prakat.css.j2").read_bytes())
    assert inputs["profile"]["sha256"] == _sha((ROOT / "templates/profiles/versions/official-v1.toml").read_bytes())
    assert inputs["fonts"]["THSarabunNew-Regular.ttf"] == _sha((ROOT / "fonts/THSarabunNew-Regular.ttf").read_bytes())
    assert inputs["tools"]["weasyprint"] == "70.0" and inputs["tools"]["prakat"]


def test_the_archive_of_an_extending_edition_holds_the_resolved_content(archived, editions):
    folder = archived / "khon-kaen" / "2568"
    attached = _attachments((folder / "khon-kaen-2568.pdf").read_bytes())
    assert set(attached) == {"khon-kaen-2568.toml", "khon-kaen-2568.resolved.toml"}
    assert {rel for rel, _ in attached.values()} == {"Source"}
    assert attached["khon-kaen-2568.toml"][1] == (editions / "2568.toml").read_bytes()
    resolved = attached["khon-kaen-2568.resolved.toml"][1].decode()
    assert "extends" not in resolved and "fiscal_year = 2568" in resolved and "gini_target = 0.41" in resolved
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    assert [c["path"].rsplit("/", 1)[1] for c in manifest["inputs"]["content"]] == ["2568.toml", "2567.toml"]


def test_verify_says_identical(archived, editions):
    for target in (editions / "2567.toml", archived / "khon-kaen" / "2568" / "manifest.json"):
        result = prakat("verify", str(target), "--archive", str(archived))
        assert result.returncode == 0, result.stdout + result.stderr
        assert "(identical)" in result.stdout
    everything = prakat("verify", "--archive", str(archived))
    assert everything.returncode == 0 and everything.stdout.count("(identical)") == 2


def test_one_changed_byte_in_any_archived_file_is_found(archived):
    folder = archived / "khon-kaen" / "2568"
    for path in sorted(folder.iterdir()):
        original = path.read_bytes()
        for position in (len(original) // 2, len(original) - 2):
            tampered = bytearray(original)
            tampered[position] ^= 0x01
            path.write_bytes(bytes(tampered))
            report = archive.verify(folder)
            path.write_bytes(original)
            assert not report.identical, f"{path.name}: byte {position} changed, not noticed"
            assert path.name in report.format(), report.format()
    assert archive.verify(folder).identical


def test_verify_names_a_changed_content_file(archived, editions):
    parent = editions / "2567.toml"
    parent.write_text(parent.read_text(encoding="utf-8").replace("gini_target = 0.41", "gini_target = 0.40"),
                      encoding="utf-8")
    result = prakat("verify", str(editions / "2568.toml"), "--archive", str(archived))
    assert result.returncode == EXIT_DIFFERS, result.stdout + result.stderr
    assert "differs: content)" in result.stdout and "2567.toml was changed after it was archived" in result.stdout


def test_verify_names_a_changed_template_and_font(archived, tmp_path):
    templates = tmp_path / "templates"
    shutil.copytree(ROOT / "templates", templates)
    css = templates / "v1" / "prakat.css.j2"
    css.write_text(css.read_text(encoding="utf-8").replace("#e8e8e8", "#e8e8e9"), encoding="utf-8")
    fonts = tmp_path / "fonts"
    shutil.copytree(ROOT / "fonts", fonts, ignore=shutil.ignore_patterns(".download"))
    font = fonts / "THSarabunNew-Italic.ttf"
    data = bytearray(font.read_bytes())
    data[-1] ^= 0x01
    font.write_bytes(bytes(data))
    folder = str(archived / "khon-kaen" / "2567")
    result = prakat("verify", folder, env={"PRAKAT_TEMPLATES": str(templates)})
    assert result.returncode == EXIT_DIFFERS
    assert "differs: template, output)" in result.stdout, result.stdout
    assert "templates/v1/prakat.css.j2 differs" in result.stdout
    result = prakat("verify", folder, env={"PRAKAT_FONTS": str(fonts)})
    assert result.returncode == EXIT_DIFFERS
    assert "THSarabunNew-Italic.ttf is not the file used when archiving" in result.stdout, result.stdout


def test_verify_names_a_tool_version_and_output_only(archived, monkeypatch):
    folder = archived / "khon-kaen" / "2567"
    tools = store._tool_versions()
    with monkeypatch.context() as patch:
        patch.setattr(store, "_tool_versions", lambda: {**tools, "weasyprint": "71.0"})
        report = archive.verify(folder)
    assert [d.kind for d in report.differences] == ["tool"] and "weasyprint 70.0 → 71.0" in report.format()
    with monkeypatch.context() as patch:
        patch.setattr(store, "_tool_versions", lambda: {**tools, "prakat-source": "0" * 64})
        report = archive.verify(folder)
    assert report.identical and "prakat's code changed" in report.format()

    # An output stored (and recorded) differently from what the same inputs give.
    html = folder / "khon-kaen-2567.html"
    html.write_bytes(html.read_bytes().replace(b"<article", b"<article data-x=\"1\""))
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    manifest["files"][html.name]["sha256"] = _sha(html.read_bytes())
    (folder / "manifest.json").write_bytes(archive.manifest_bytes(archive._seal(manifest)))
    report = archive.verify(folder)
    assert [d.kind for d in report.differences] == ["output"], report.format()
    assert "output only" in report.format()


def test_a_build_that_differs_from_the_archive_stops_unless_forced(archived, editions, tmp_path):
    templates = tmp_path / "templates"
    shutil.copytree(ROOT / "templates", templates)
    css = templates / "v1" / "prakat.css.j2"
    css.write_text(css.read_text(encoding="utf-8").replace("#e8e8e8", "#e8e8e9"), encoding="utf-8")
    env = {"PRAKAT_ARCHIVE": str(archived)}
    out = tmp_path / "out"
    same = prakat("build", str(editions / "2567.toml"), "--output", str(out), env=env)
    assert same.returncode == 0, same.stderr

    shutil.rmtree(out)
    changed = prakat("build", str(editions / "2567.toml"), "--output", str(out),
                     env={**env, "PRAKAT_TEMPLATES": str(templates)})
    assert changed.returncode == EXIT_DIFFERS, changed.stderr
    assert "khon-kaen-2567.html" in changed.stderr and "--force" in changed.stderr
    assert "templates/v1/prakat.css.j2 differs" in changed.stderr
    assert not (out / "khon-kaen" / "2567").exists()

    forced = prakat("build", str(editions / "2567.toml"), "--output", str(out), "--force",
                    env={**env, "PRAKAT_TEMPLATES": str(templates)})
    assert forced.returncode == 0, forced.stderr
    assert b"#e8e8e9" in (out / "khon-kaen" / "2567" / "khon-kaen-2567.html").read_bytes()
    assert prakat("verify", str(archived / "khon-kaen" / "2567")).returncode == 0  # archive untouched


def test_archive_never_silently_replaces_an_archived_edition(archived, editions):
    folder = archived / "khon-kaen" / "2568"
    before = {p.name: p.read_bytes() for p in folder.iterdir()}
    again = prakat("archive", str(editions / "2568.toml"), "--archive", str(archived))
    assert again.returncode == 0 and "identical" in again.stdout

    path = editions / "2568.toml"
    path.write_text(path.read_text(encoding="utf-8").replace("gpp_growth_percent = 3", "gpp_growth_percent = 4"),
                    encoding="utf-8")
    refused = prakat("archive", str(path), "--archive", str(archived))
    assert refused.returncode == EXIT_DIFFERS, refused.stderr
    assert "--force" in refused.stderr and "2568.toml was changed after it was archived" in refused.stderr
    assert {p.name: p.read_bytes() for p in folder.iterdir()} == before

    forced = prakat("archive", str(path), "--archive", str(archived), "--force")
    assert forced.returncode == 0, forced.stderr
    assert (folder / "khon-kaen-2568.toml").read_bytes() == path.read_bytes()
    assert prakat("verify", str(folder)).returncode == 0


def test_an_unpinned_edition_is_not_archived(tmp_path):
    text = SEED_CONTENT.read_text(encoding="utf-8")
    path = tmp_path / "2567.toml"
    path.write_text(text[:text.index("[issued]")], encoding="utf-8")
    result = prakat("archive", str(path), "--archive", str(tmp_path / "archive"))
    assert result.returncode == 2
    assert "template_version = 1" in result.stderr and not (tmp_path / "archive").exists()
