"""The golden check catches a changed margin, font size, word or digit (issue 3).

Each test renders the seed with one deliberate change and expects the
comparison with the committed goldens to fail, naming the golden file and
the page or part that changed. The unchanged seed passing is
``test_golden.py``'s job.
"""

from __future__ import annotations

import dataclasses
import re

import pytest

import golden
from conftest import SEED_CONTENT
from generator import content
from generator import render
from generator import thai
from generator.format.profile import OFFICIAL

KEY = golden.edition_key(SEED_CONTENT)
FOLDER = golden.GOLDEN / KEY
#: The word changed in the content, and what it becomes.
WORD, OTHER_WORD = "เป้าหมาย", "วิสัยทัศน์"


def check(outputs, tmp_path) -> dict[str, str]:
    """Golden file → where it differs, for the mutated ``outputs``."""
    mismatches = golden.compare(FOLDER, golden.goldens(outputs), formats=tuple(outputs),
                                results=tmp_path / "results")
    return {m.file: m.where for m in mismatches}


def pages_with(layout: str, pattern: str) -> list[str]:
    """The pages of a golden layout whose text (after ``|``) matches ``pattern``."""
    pages, page = [], None
    for line in layout.splitlines():
        if line.startswith("page "):
            page = line.split()[1]
        elif " | " in line and re.search(pattern, line.split(" | ", 1)[1]) and page not in pages:
            pages.append(f"page {page}")
    return pages


def assert_caught(found: dict[str, str], expected: dict[str, list[str]]) -> None:
    """Each golden file in ``expected`` differs, at least at the places listed."""
    for name, places in expected.items():
        assert name in found, f"{name} was not reported; reported: {found}"
        for place in places:
            assert place in found[name].split(", "), f"{name}: {place} not in {found[name]!r}"


@pytest.fixture(scope="module")
def golden_layout() -> str:
    return (FOLDER / "pdf" / "layout.txt").read_text(encoding="utf-8")


def test_a_margin_one_millimetre_wider_is_caught(tmp_path, golden_layout):
    profile = dataclasses.replace(OFFICIAL, margin_left_mm=OFFICIAL.margin_left_mm + 1)
    found = check(golden.render(SEED_CONTENT, profile=profile), tmp_path)
    count = int(re.search(r"^pages (\d+)$", golden_layout, re.MULTILINE).group(1))
    every_page = [f"page {n}" for n in range(1, count + 1)]
    assert_caught(found, {"pdf/layout.txt": every_page, "pdf/page-1.png": ["page 1"],
                          "html/document.html": [], "docx/word/document.xml": []})
    # The failure points at the images to look at, and they exist.
    obtained = tmp_path / "results" / "pdf" / "page-1.obtained.png"
    assert obtained.is_file() and obtained.with_name("page-1.diff.png").is_file()


def test_half_a_point_larger_type_is_caught(tmp_path):
    profile = dataclasses.replace(OFFICIAL, font_size_pt=OFFICIAL.font_size_pt + 0.5)
    found = check(golden.render(SEED_CONTENT, profile=profile), tmp_path)
    assert_caught(found, {"pdf/layout.txt": ["page 1"], "pdf/page-1.png": ["page 1"],
                          "html/document.html": [], "docx/word/styles.xml": [],
                          "docx/word/document.xml": []})


def test_one_changed_word_is_caught(tmp_path, golden_layout):
    source = SEED_CONTENT.read_text(encoding="utf-8")
    at = source.index(f'"{WORD}')  # in a text value, not a comment
    mutated = source[:at + 1] + OTHER_WORD + source[at + 1 + len(WORD):]
    announcement = content.loads(mutated, SEED_CONTENT)
    found = check(golden.render(announcement), tmp_path)
    pages = pages_with(golden_layout, WORD)[:1]
    assert pages, f"{WORD} is not in the golden layout"
    assert_caught(found, {"pdf/layout.txt": pages, "html/document.html": [],
                          "docx/word/document.xml": []})


def test_an_arabic_digit_among_thai_ones_is_caught(tmp_path, monkeypatch):
    original = render.render

    def one_arabic_digit(*args, **kwargs):
        html = original(*args, **kwargs)
        body = html.index('<div class="content">')
        match = re.compile("[๐-๙]").search(html, body)
        assert match, "no Thai digit in the body"
        arabic = str(thai.THAI_DIGITS.index(match.group()))
        return html[:match.start()] + arabic + html[match.end():]

    monkeypatch.setattr(render, "render", one_arabic_digit)
    outputs = golden.render(SEED_CONTENT)
    obtained_layout = golden.goldens({"pdf": outputs["pdf"]})["pdf/layout.txt"]
    pages = pages_with(obtained_layout, "[0-9]")
    assert len(pages) == 1, pages
    found = check(outputs, tmp_path)
    assert_caught(found, {"pdf/layout.txt": pages, "html/document.html": [],
                          "docx/word/document.xml": []})


# --- the comparison itself ---------------------------------------------------------

def test_a_small_mark_on_a_page_image_is_caught_and_noise_is_not(tmp_path):
    from PIL import Image, ImageDraw

    with Image.open(FOLDER / "pdf" / "page-1.png") as stored:
        page = stored.convert("L")
    marked = page.copy()
    side = 4  # 16 pixels, twice the tolerance
    ImageDraw.Draw(marked).rectangle([5, 5, 5 + side - 1, 5 + side - 1], fill=0)
    found = golden.compare_image("pdf/page-1.png", page, marked, tmp_path)
    assert found is not None and found.where == "page 1"
    assert (tmp_path / "pdf" / "page-1.obtained.png").is_file()
    assert (tmp_path / "pdf" / "page-1.diff.png").is_file()
    assert "page-1.obtained.png" in found.detail and "page-1.diff.png" in found.detail
    # Anti-aliasing noise: every pixel a little off, none by more than the levels allowed.
    noisy = page.point(lambda v: v + golden.PIXEL_LEVELS // 2 if v < 128 else v - golden.PIXEL_LEVELS // 2)
    assert golden.compare_image("pdf/page-1.png", page, noisy, tmp_path) is None


def test_a_missing_golden_fails(tmp_path, golden_artifacts):
    artifacts = golden_artifacts(SEED_CONTENT)
    found = golden.compare(tmp_path / "golden", artifacts, results=tmp_path / "results")
    assert {m.file: m.where for m in found} == {name: "missing" for name in artifacts}


def test_a_golden_page_no_longer_produced_fails(tmp_path, golden_artifacts):
    artifacts = {n: a for n, a in golden_artifacts(SEED_CONTENT).items() if n.startswith("pdf/")}
    folder = tmp_path / "golden"
    golden.bless(folder, artifacts, formats=("pdf",))
    extra = len([n for n in artifacts if n.endswith(".png")]) + 1
    artifacts["pdf/page-1.png"].save(folder / "pdf" / f"page-{extra}.png")
    found = golden.compare(folder, artifacts, formats=("pdf",), results=tmp_path / "results")
    assert [(m.file, m.where) for m in found] == [
        (f"pdf/page-{extra}.png", f"page {extra} no longer produced")]


def test_blessing_writes_every_golden_once(tmp_path, golden_artifacts):
    artifacts = golden_artifacts(SEED_CONTENT)
    folder = tmp_path / "golden"
    written = golden.bless(folder, artifacts)
    assert sorted(p.relative_to(folder).as_posix() for _, p in written) == sorted(artifacts)
    assert {status for status, _ in written} == {"new"}
    assert golden.compare(folder, artifacts, results=tmp_path / "results") == []
    assert golden.bless(folder, artifacts) == []
