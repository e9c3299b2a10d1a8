"""Template versions 5 and 6: the tagged PDF. Version 5 is version 4 (format
1) and version 6 is version 2 (format 2), with ``pdf.toml`` saying
``tagged = true``: the same pages, text layer, HTML and DOCX, and the
document's structure in the PDF. Versions 1 to 4 write no structure."""

from __future__ import annotations

import io
import re

import pypdfium2
import pytest
from pdfminer.pdfdocument import PDFDocument
from pdfminer.pdfparser import PDFParser
from pdfminer.pdftypes import resolve1

from conftest import ROOT, SEED_CONTENT
from generator import build, content
from generator.errors import BuildError
from generator.format import versions

EXAMPLE = ROOT / "content" / "examples" / "06_moph-poe-no3-2567.toml"
#: (content file, its pinned version, the tagged version of the same layout)
PAIRS = [(SEED_CONTENT, 1, 4, 5), (EXAMPLE, 2, 2, 6)]


def _pinned(tmp_path, source, was: int, version: int):
    text = source.read_text(encoding="utf-8")
    pin = f"\ntemplate_version = {was}\n"
    assert pin in text
    path = tmp_path / f"v{version}" / source.name
    path.parent.mkdir(parents=True)
    path.write_text(text.replace(pin, f"\ntemplate_version = {version}\n"), encoding="utf-8")
    edition = content.load(path)
    assert versions.template_version_for(edition) == version
    return edition


@pytest.fixture(scope="module", params=PAIRS, ids=["format1-v4-v5", "format2-v2-v6"])
def pair(request, tmp_path_factory):
    source, was, plain, tagged = request.param
    folder = tmp_path_factory.mktemp("tagged")
    return {version: build.render_outputs(_pinned(folder, source, was, version))
            for version in (plain, tagged)}, plain, tagged


def _catalog(pdf: bytes):
    return PDFDocument(PDFParser(io.BytesIO(pdf))).catalog


def _elements(pdf: bytes) -> list[dict]:
    """The elements of the PDF's structure tree, depth first."""
    found = []

    def walk(node):
        node = resolve1(node)
        if isinstance(node, list):
            for child in node:
                walk(child)
        elif isinstance(node, dict):
            if "S" in node:
                found.append(node)
            walk(node.get("K"))
    walk(_catalog(pdf).get("StructTreeRoot"))
    return found


def _roles(pdf: bytes) -> list[str]:
    return [element["S"].name for element in _elements(pdf)]


def _pages(pdf: bytes) -> list[tuple[str, bytes]]:
    """Each page's text and its pixels (at 30 dpi)."""
    document = pypdfium2.PdfDocument(pdf)
    return [(page.get_textpage().get_text_range(),
             bytes(page.render(scale=30 / 72).to_pil().tobytes())) for page in document]


def test_the_tagged_version_changes_only_the_pdfs_structure(pair):
    outputs, plain, tagged = pair
    assert outputs[tagged]["html"] == outputs[plain]["html"]
    assert outputs[tagged]["docx"] == outputs[plain]["docx"]
    assert outputs[tagged]["pdf"] != outputs[plain]["pdf"]
    # the same pages, pixel for pixel, and the same Thai text layer
    assert _pages(outputs[tagged]["pdf"]) == _pages(outputs[plain]["pdf"])


def test_only_the_tagged_version_has_a_structure(pair):
    outputs, plain, tagged = pair
    untagged = _catalog(outputs[plain]["pdf"])
    assert "StructTreeRoot" not in untagged and "MarkInfo" not in untagged
    catalog = _catalog(outputs[tagged]["pdf"])
    assert resolve1(catalog["MarkInfo"]) == {"Marked": True}
    assert catalog["Lang"] == b"th"
    roles = _roles(outputs[tagged]["pdf"])
    assert roles[0] == "Document" and {"H1", "P", "Figure"} <= set(roles), roles
    # the emblem is a figure with its alternative text (the HTML's alt)
    figures = [e for e in _elements(outputs[tagged]["pdf"]) if e["S"].name == "Figure"]
    assert [f["Alt"].decode("utf-16") for f in figures] == ["ตราครุฑ"]
    # still PDF/A-3 level B
    metadata = resolve1(catalog["Metadata"]).get_data().decode()
    assert re.search(r'pdfaid:part="3"', metadata) and re.search(r'pdfaid:conformance="B"', metadata)


def test_lists_and_tables_are_tagged_as_such(pair):
    outputs, plain, tagged = pair
    roles = set(_roles(outputs[tagged]["pdf"]))
    if tagged == 5:     # the plan: its strategies and items are lists
        assert {"L", "LI", "LBody"} <= roles, roles
    else:               # example 06: its numbered table
        assert {"Table", "TR", "TD"} <= roles, roles


def test_the_archival_pdf_is_tagged_too(tmp_path):
    edition = _pinned(tmp_path, SEED_CONTENT, 1, 5)
    sources = {"2567.toml": (edition.source.read_bytes(), "the content file")}
    out = build.render_outputs(edition, ("pdf",), sources=sources)
    archival = _catalog(out[build.ARCHIVAL_PDF])
    assert "StructTreeRoot" in archival and "Names" in archival
    assert _pages(out[build.ARCHIVAL_PDF]) == _pages(out["pdf"])


@pytest.mark.parametrize("text, error", [
    ('tagged = "yes"', "expected true/false, found 'yes'"),
    ("tags = true", 'unknown key "tags" (known keys: tagged)'),
    ("tagged = ", "cannot read the PDF options"),
])
def test_a_wrong_pdf_toml_is_refused_naming_it(tmp_path, text, error):
    (tmp_path / versions.PDF_OPTIONS_FILE).write_text(text, encoding="utf-8")
    with pytest.raises(BuildError) as refused:
        versions.pdf_options(tmp_path)
    message = refused.value.message.text("en")
    assert message.startswith(str(tmp_path / versions.PDF_OPTIONS_FILE)) and error in message, message


def test_versions_without_pdf_toml_write_no_structure():
    for version in versions.template_versions():
        folder = versions.template_dir(version)
        assert versions.pdf_options(folder).tagged == (version >= 5), version
