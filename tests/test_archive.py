"""``prakat archive`` and ``prakat verify``, and builds that would differ from the archive (issue 6)."""

from __future__ import annotations

import hashlib
import io
import json
import os
import re
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
    assert manifest["prakat_manifest"] == 2
    assert manifest["edition"] == {"issuer_id": "khon-kaen", "edition": "2567", "issuer": "จังหวัดขอนแก่น",
                                   "date": "2023-03-31", "slug": "khon-kaen-2567", "fiscal_year": 2567,
                                   "content_sha256": _sha(seed), "resolved_sha256": None}
    index = [json.loads(line) for line in (archived / "index.jsonl").read_text(encoding="utf-8").splitlines()]
    assert [(e["edition"], e["manifest_sha256"]) for e in index if e["edition"] == "khon-kaen/2567"] \
        == [("khon-kaen/2567", manifest["manifest_sha256"])]


def _pages(pdf: bytes) -> list[tuple[str, bytes]]:
    import pypdfium2

    return [(page.get_textpage().get_text_range(), page.render(scale=40 / 72).to_pil().tobytes())
            for page in pypdfium2.PdfDocument(pdf)]


def test_the_archived_pdf_shows_the_pages_build_makes(archived, editions):
    """The archival PDF is the same layout written again with the content
    attached: every line as justified, and its text layer in the same order,
    as in the PDF ``prakat build`` makes (drawn a second time, it once lost
    its Thai distributed spacing, and NIKHAHIT went back before the tone marks)."""
    from pdfminer.high_level import extract_text

    from generator import build, content

    archived_pdf = (archived / "khon-kaen" / "2567" / "khon-kaen-2567.pdf").read_bytes()
    built = build.render_outputs(content.load(editions / "2567.toml"), ("pdf",))["pdf"]
    assert archived_pdf != built  # it has the content attached
    assert _pages(archived_pdf) == _pages(built)
    # the text as the glyphs give it (ToUnicode, in drawing order), not /ActualText
    assert extract_text(io.BytesIO(archived_pdf)) == extract_text(io.BytesIO(built))


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
        assert ": เหมือนเดิมทุกไบต์" in result.stdout and ": identical" not in result.stdout, result.stdout
    everything = prakat("verify", "--archive", str(archived))
    assert everything.returncode == 0 and everything.stdout.count(": เหมือนเดิมทุกไบต์") == 2
    english = prakat("verify", "--archive", str(archived), "--lang", "en")
    assert english.returncode == 0 and english.stdout.count(": identical") == 2, english.stdout
    assert "เหมือนเดิม" not in english.stdout


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
    assert "ไม่ตรงกับฉบับในคลัง (เนื้อหา)" in result.stdout, result.stdout
    assert "2567.toml ถูกแก้ไขหลังเก็บเข้าคลัง" in result.stdout and "was changed" not in result.stdout
    result = prakat("verify", str(editions / "2568.toml"), "--archive", str(archived), "--lang", "en")
    assert result.returncode == EXIT_DIFFERS, result.stdout + result.stderr
    assert "differs: content" in result.stdout and "2567.toml was changed after it was archived" in result.stdout
    assert "ถูกแก้ไข" not in result.stdout


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
    result = prakat("verify", folder, "--lang", "en", env={"PRAKAT_TEMPLATES": str(templates)})
    assert result.returncode == EXIT_DIFFERS
    assert "differs: template, output" in result.stdout, result.stdout
    assert "templates/v1/prakat.css.j2 differs" in result.stdout
    result = prakat("verify", folder, env={"PRAKAT_FONTS": str(fonts)})
    assert result.returncode == EXIT_DIFFERS
    assert "ไม่ตรงกับฉบับในคลัง (ฟอนต์" in result.stdout, result.stdout
    assert "THSarabunNew-Italic.ttf ไม่ใช่ไฟล์เดียวกับที่ใช้ตอนเก็บเข้าคลัง" in result.stdout, result.stdout
    assert "is not the file used" not in result.stdout


def test_every_library_that_writes_the_bytes_is_recorded(archived):
    """The Python packages and the C libraries WeasyPrint uses (issue 12)."""
    manifest = json.loads((archived / "khon-kaen" / "2567" / "manifest.json").read_text(encoding="utf-8"))
    tools = manifest["inputs"]["tools"]
    for name in ("weasyprint", "pydyf", "fonttools", "python-docx", "lxml", "Jinja2", "pillow", "pythainlp",
                 "pango", "harfbuzz", "fontconfig", "freetype"):
        assert re.fullmatch(r"\d+(\.\d+)+", tools.get(name, "")), (name, tools.get(name))
    from weasyprint.text.ffi import pango
    number = pango.pango_version()
    assert tools["pango"] == f"{number // 10000}.{number // 100 % 100}.{number % 100}"


def test_the_batch_key_follows_every_library(monkeypatch):
    from generator.commands import batch
    from generator.engine import libraries as engine_libraries
    from generator.format.profile import OFFICIAL

    libraries = store.library_versions()
    assert engine_libraries.library_versions is store.library_versions  # one reading for both
    before = batch.environment_digest(OFFICIAL)
    for name in ("harfbuzz", "fontconfig", "pango", "pillow"):
        with monkeypatch.context() as patch:
            patch.setattr(engine_libraries, "library_versions",
                          lambda: {**libraries, name: "99.0.0"})
            assert batch.environment_digest(OFFICIAL) != before, name
    assert batch.environment_digest(OFFICIAL) == before


def _render_with_changed_html(monkeypatch):
    """Make every render give other HTML bytes, as a new library might."""
    from generator import build

    render = build.render_outputs

    def changed(*args, **kwargs):
        out = render(*args, **kwargs)
        out["html"] = out["html"].replace(b"<article", b"<article data-x=\"1\"")
        return out
    monkeypatch.setattr(build, "render_outputs", changed)


def test_verify_names_what_changed_a_library_or_the_output_only(archived, monkeypatch):
    folder = archived / "khon-kaen" / "2567"
    tools = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))["inputs"]["tools"]
    newer = {**tools, "weasyprint": "71.0", "harfbuzz": "99.1.0"}
    # A newer library that makes the same bytes: identical, and said.
    with monkeypatch.context() as patch:
        patch.setattr(store, "_tool_versions", lambda: newer)
        report = archive.verify(folder)
    assert report.identical, report.format()
    assert "weasyprint 70.0 → 71.0" in report.format() and "harfbuzz" in report.format()
    assert "แต่ผลเหมือนเดิมทุกไบต์" in report.format() and "the outputs are the same" in report.format("en")
    with monkeypatch.context() as patch:
        patch.setattr(store, "_tool_versions", lambda: {**tools, "prakat-source": "0" * 64})
        report = archive.verify(folder)
    assert report.identical and "prakat's code changed" in report.format("en")
    assert "โค้ดของ prakat เปลี่ยนไป" in report.format() and "code changed" not in report.format()

    # Inputs identical, a library changed, the outputs differ: its own verdict.
    with monkeypatch.context() as patch:
        patch.setattr(store, "_tool_versions", lambda: newer)
        _render_with_changed_html(patch)
        report = archive.verify(folder)
    assert report.verdict == "library", report.format()
    assert {d.kind for d in report.differences} == {"tool", "output"}
    english = report.format("en")
    assert "inputs identical; changed: harfbuzz" in english and "the outputs differ" in english
    assert "differs: content" not in english
    assert "เปลี่ยนเฉพาะรุ่นโปรแกรมหรือไลบรารี (harfbuzz" in report.format()

    # Nothing recorded changed, yet the bytes do: output only.
    with monkeypatch.context() as patch:
        patch.setattr(store, "_tool_versions", lambda: tools)
        _render_with_changed_html(patch)
        report = archive.verify(folder)
    assert [d.kind for d in report.differences] == ["output"], report.format()
    assert report.verdict == "output-only" and "output only" in report.format("en")
    assert "ต่างเฉพาะผลลัพธ์" in report.format() and "output only" not in report.format()


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
    assert "templates/v1/prakat.css.j2 เปลี่ยนไปจากที่บันทึกไว้" in changed.stderr, changed.stderr
    assert "differs from the recorded one" not in changed.stderr
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
    assert again.returncode == 0 and "เหมือนเดิมทุกไบต์" in again.stdout

    path = editions / "2568.toml"
    path.write_text(path.read_text(encoding="utf-8").replace("gpp_growth_percent = 3", "gpp_growth_percent = 4"),
                    encoding="utf-8")
    refused = prakat("archive", str(path), "--archive", str(archived))
    assert refused.returncode == EXIT_DIFFERS, refused.stderr
    assert "--force" in refused.stderr and "2568.toml ถูกแก้ไขหลังเก็บเข้าคลัง" in refused.stderr, refused.stderr
    assert "was changed" not in refused.stderr
    english = prakat("archive", str(path), "--archive", str(archived), "--lang", "en")
    assert english.returncode == EXIT_DIFFERS, english.stderr
    assert "2568.toml was changed after it was archived" in english.stderr and "--force" in english.stderr
    assert "ถูกแก้ไข" not in english.stderr
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


# --- issue 12: verify never says "identical" when it is not ---------------------------------

def _manifest(folder):
    return json.loads((folder / "manifest.json").read_text(encoding="utf-8"))


def _reseal(folder, manifest, index=False):
    """Rewrite a manifest with a correct seal, as anyone can; ``index``: and add
    it to the index too, as someone who can rewrite both could."""
    sealed = store._seal(manifest)
    (folder / "manifest.json").write_bytes(archive.manifest_bytes(sealed))
    if index:
        store.append_index(folder.parent.parent, f"{folder.parent.name}/{folder.name}", sealed["manifest_sha256"])
    return sealed


def _kinds(report):
    return {d.kind for d in report.differences}


def test_swapped_archive_folders_are_not_identical(archived, editions):
    first, second = archived / "khon-kaen" / "2567", archived / "khon-kaen" / "2568"
    aside = archived / "aside"
    first.rename(aside)
    second.rename(first)
    aside.rename(second)
    for folder in (first, second):
        report = archive.verify(folder)
        assert not report.identical and report.verdict == "archive", report.format()
        assert "holds the manifest of khon-kaen/" in report.format("en")
        assert "index.jsonl records this manifest for khon-kaen/" in report.format("en")
        assert "ดัชนี index.jsonl บันทึกบัญชีนี้ไว้ให้ฉบับ khon-kaen/" in report.format()
    result = prakat("verify", "--archive", str(archived))
    assert result.returncode == EXIT_DIFFERS and "เหมือนเดิมทุกไบต์" not in result.stdout, result.stdout
    assert "คลังไม่ใช่ชุดที่เก็บไว้" in result.stdout
    # Asked for by its content file, the 2567 edition is not the one in its folder.
    assert archive.verify(editions / "2567.toml", archived).verdict == "archive"


def test_an_emptied_folder_with_a_resealed_manifest_is_not_identical(archived):
    folder = archived / "khon-kaen" / "2567"
    manifest = _manifest(folder)
    for path in folder.iterdir():
        if path.name != "manifest.json":
            path.unlink()
    manifest["files"] = {}
    _reseal(folder, manifest)
    report = archive.verify(folder)
    assert not report.identical, report.format()
    assert "not in index.jsonl" in report.format("en") and "resealed" in report.format("en")
    assert "no copy of the content khon-kaen-2567.toml" in report.format("en")
    assert "ไม่มีสำเนาเนื้อหา khon-kaen-2567.toml ในคลัง" in report.format()
    _reseal(folder, manifest, index=True)  # even with the index rewritten too
    report = archive.verify(folder)
    assert not report.identical and "no copy of the content" in report.format("en"), report.format("en")


def test_a_file_removed_with_its_manifest_entry_is_not_identical(archived):
    folder = archived / "khon-kaen" / "2568"
    for name in ("khon-kaen-2568.docx", "khon-kaen-2568.resolved.toml"):
        saved = {p.name: p.read_bytes() for p in folder.iterdir()}
        manifest = _manifest(folder)
        (folder / name).unlink()
        del manifest["files"][name]
        _reseal(folder, manifest)
        report = archive.verify(folder)
        assert not report.identical and "not in index.jsonl" in report.format("en"), report.format("en")
        _reseal(folder, manifest, index=True)
        report = archive.verify(folder)
        assert not report.identical, f"{name}: {report.format()}"
        assert name in report.format()
        for path in folder.iterdir():
            path.unlink()
        for file, data in saved.items():
            (folder / file).write_bytes(data)


def test_an_extra_file_in_the_folder_is_named(archived):
    folder = archived / "khon-kaen" / "2567"
    (folder / "notes.txt").write_text("x", encoding="utf-8")
    report = archive.verify(folder)
    assert report.verdict == "archive" and "notes.txt is in the folder but not in the manifest" in report.format("en")
    assert "notes.txt อยู่ในโฟลเดอร์แต่ไม่อยู่ในบัญชี" in report.format()


@pytest.mark.parametrize("field, value", [("slug", "khon-kaen-2599"), ("date", "2023-04-01"),
                                          ("issuer", "จังหวัดอุดรธานี"), ("edition", "2599")])
def test_an_edited_edition_in_the_manifest_is_not_identical(archived, field, value):
    folder = archived / "khon-kaen" / "2567"
    manifest = _manifest(folder)
    manifest["edition"][field] = value
    for index in (False, True):  # and even with the index rewritten too
        _reseal(folder, manifest, index=index)
        report = archive.verify(folder)
        assert not report.identical and report.verdict == "archive", report.format()
        assert value in report.format(), report.format()


def test_a_resealed_manifest_is_caught_by_the_index(archived):
    folder = archived / "khon-kaen" / "2567"
    manifest = _manifest(folder)
    manifest["files"]["khon-kaen-2567.html"]["role"] = "edited"
    _reseal(folder, manifest)
    report = archive.verify(folder)
    assert [d.kind for d in report.differences] == ["manifest"], report.format()
    assert "not in index.jsonl" in report.format("en")
    (archived / "index.jsonl").unlink()
    report = archive.verify(folder)
    assert "there is no index.jsonl beside the archives" in report.format("en"), report.format("en")


def test_an_earlier_archiving_is_not_the_archive(archived, editions):
    folder = archived / "khon-kaen" / "2568"
    before = {p.name: p.read_bytes() for p in folder.iterdir()}
    path = editions / "2568.toml"
    path.write_text(path.read_text(encoding="utf-8").replace("gpp_growth_percent = 3", "gpp_growth_percent = 4"),
                    encoding="utf-8")
    assert archive.archive(path, archived, force=True).files
    for name, data in before.items():  # the earlier archiving put back
        (folder / name).write_bytes(data)
    report = archive.verify(folder)
    assert report.verdict == "archive" and "an earlier archiving's" in report.format("en"), report.format("en")
    assert [d.kind for d in report.differences if d.kind != "content"] == ["manifest"], report.format()


def test_verify_regenerates_from_the_archive_alone(archived, editions):
    aside = editions.parent / "elsewhere"
    editions.rename(aside)
    try:
        for year in ("2567", "2568"):
            result = prakat("verify", str(archived / "khon-kaen" / year))
            assert result.returncode == 0, result.stdout + result.stderr
            assert ": เหมือนเดิมทุกไบต์" in result.stdout, result.stdout
            assert "สร้างใหม่จากคลังอย่างเดียว" in result.stdout and "from the archive alone" not in result.stdout
    finally:
        aside.rename(editions)


def _png(path, colour):
    from PIL import Image

    path.parent.mkdir(parents=True, exist_ok=True)
    Image.new("RGB", (48, 48), colour).save(path, format="PNG")


@pytest.mark.parametrize("kind", ["format1", "format2"])
def test_an_edition_with_its_own_emblem_is_archived_and_verified(tmp_path, kind):
    content_dir = tmp_path / "content"
    if kind == "format1":
        name, path = "crest.png", content_dir / "2567.toml"
        text = SEED_CONTENT.read_text(encoding="utf-8").replace(
            'province = "khon-kaen"\n', 'province = "khon-kaen"\nemblem = "crest.png"\n', 1)
        folder = tmp_path / "archive" / "khon-kaen" / "2567"
    else:
        name, path = "emblems/crest.png", content_dir / "06.toml"
        text = (ROOT / "content/examples/06_moph-poe-no3-2567.toml").read_text(encoding="utf-8").replace(
            "date = 2024-10-25\n", 'date = 2024-10-25\nemblem = "emblems/crest.png"\n', 1)
        folder = tmp_path / "archive" / "moph" / "2567-poe-no3"
    assert "crest.png" in text
    _png(content_dir / name, (170, 20, 20))
    content_dir.mkdir(exist_ok=True)
    path.write_text(text, encoding="utf-8")
    result = prakat("archive", str(path), "--archive", str(tmp_path / "archive"))
    assert result.returncode == 0, result.stdout + result.stderr
    assert (folder / name).read_bytes() == (content_dir / name).read_bytes()
    manifest = _manifest(folder)
    assert manifest["files"][name]["sha256"] == _sha((content_dir / name).read_bytes())
    assert manifest["inputs"]["beside"] == {name: _sha((content_dir / name).read_bytes())}
    html = next(folder.glob("*.html")).read_bytes()
    assert b"emblem-" + _sha((content_dir / name).read_bytes())[:12].encode() in html

    shutil.rmtree(content_dir)  # regenerated from the archive alone, emblem included
    report = archive.verify(folder)
    assert report.identical, report.format()
    _png(folder / name, (20, 20, 170))
    report = archive.verify(folder)
    assert not report.identical and f"the archived {name} was altered" in report.format("en")


# --- a malformed manifest: plain words, exit 2 or 3, never a traceback ---------------------

def _bad_json(manifest):
    return b'{"prakat_manifest": 2, "files": '


def _edit(change):
    def make(manifest):
        change(manifest)
        return archive.manifest_bytes(store._seal(manifest))
    return make


MALFORMED = {
    "not JSON": _bad_json,
    "not UTF-8": lambda m: b"\xff\xfe{}",
    "a list": lambda m: b"[1, 2]",
    "no files": _edit(lambda m: m.pop("files")),
    "files a list": _edit(lambda m: m.update(files=["khon-kaen-2567.pdf"])),
    "inputs.template a number": _edit(lambda m: m["inputs"].update(template=5)),
    "date a number": _edit(lambda m: m["edition"].update(date=20230331)),
    "build_outputs a list": _edit(lambda m: m.update(build_outputs=[])),
    "a file outside": _edit(lambda m: m["files"].update({"../../etc/passwd": {"sha256": "0" * 64, "role": ""}})),
    "format 1": _edit(lambda m: m.update(prakat_manifest=1)),
    "format 9": _edit(lambda m: m.update(prakat_manifest=9)),
}


@pytest.mark.parametrize("case", sorted(MALFORMED))
def test_verify_reads_a_malformed_manifest_in_plain_words(archived, case):
    folder = archived / "khon-kaen" / "2567"
    (folder / "manifest.json").write_bytes(MALFORMED[case](_manifest(folder)))
    report = archive.verify(folder)
    assert [d.kind for d in report.differences] == ["manifest"], report.format()
    thai, english = report.format(), report.format("en")
    assert "บัญชีคลัง" in thai and "the manifest" not in thai and "manifest.json" in thai, thai
    assert "the manifest" in english and "บัญชี" not in english and "manifest.json" in english, english
    if case == "format 1":
        assert "prakat archive" in english and "format 1" in english
        assert "prakat archive" in thai and "รูปแบบที่ 1" in thai


@pytest.mark.parametrize("case", ["not JSON", "inputs.template a number", "build_outputs a list"])
def test_a_malformed_manifest_never_gives_a_traceback(archived, editions, tmp_path, case):
    folder = archived / "khon-kaen" / "2567"
    (folder / "manifest.json").write_bytes(MALFORMED[case](_manifest(folder)))
    content = str(editions / "2567.toml")
    runs = {"verify": prakat("verify", str(folder)),
            "archive": prakat("archive", content, "--archive", str(archived)),
            "build": prakat("build", content, "--output", str(tmp_path / "out"),
                            env={"PRAKAT_ARCHIVE": str(archived)})}
    for command, result in runs.items():
        said = result.stdout + result.stderr
        assert result.returncode in (2, EXIT_DIFFERS), f"{command}: {result.returncode}\n{said}"
        assert "Traceback" not in said and "unexpected" not in said, f"{command}: {said}"
        assert "บัญชีคลัง" in said and "the manifest" not in said, f"{command}: {said}"
    english = prakat("verify", str(folder), "--lang", "en")
    assert english.returncode == EXIT_DIFFERS and "บัญชี" not in english.stdout, english.stdout


def test_an_old_manifest_is_refused_then_archived_again(archived, editions):
    folder = archived / "khon-kaen" / "2567"
    manifest = _manifest(folder)
    _reseal(folder, {**manifest, "prakat_manifest": 1})
    report = archive.verify(folder)
    assert [d.kind for d in report.differences] == ["manifest"] and "archive again" in report.format("en")
    again = archive.archive(editions / "2567.toml", archived)  # the files are the same: no --force
    assert again.files == [folder / "manifest.json"] and _manifest(folder)["prakat_manifest"] == 2
    assert archive.verify(folder).identical


def test_verify_all_names_an_indexed_edition_whose_folder_is_gone(archived):
    shutil.rmtree(archived / "khon-kaen" / "2568")
    reports = archive.verify_all(archived)
    assert [r.identical for r in reports] == [True, False]
    assert "index.jsonl records khon-kaen/2568, but its folder or manifest is gone" in reports[1].format("en")
    # the command without a target says the same (it no longer only scans for manifests)
    result = prakat("verify", "--archive", str(archived), "--lang", "en")
    assert result.returncode == 3, result.stdout + result.stderr
    assert "records khon-kaen/2568, but its folder or manifest is gone" in result.stdout


def test_a_build_looks_for_the_manifest_where_the_archive_keeps_it(tmp_path, monkeypatch):
    """The build loads the archive's code only for an edition the archive may
    hold; it looks where the archive keeps the manifest."""
    from generator import build, content

    announcement = content.load(SEED_CONTENT)
    monkeypatch.setenv("PRAKAT_ARCHIVE", str(tmp_path))
    assert not build.archived(announcement)
    manifest = store.edition_folder(announcement) / store.MANIFEST
    manifest.parent.mkdir(parents=True)
    manifest.symlink_to(tmp_path / "nowhere")
    assert build.archived(announcement)
    manifest.unlink()
    manifest.write_text("{}", encoding="utf-8")
    assert build.archived(announcement)
