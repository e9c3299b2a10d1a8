"""The PDF follows the official format, measured (issue 4).

Checked on the seed and on a long generated announcement of at least four
pages. Every failure message gives the measured figure.
"""

from __future__ import annotations

import re

import pytest

from generator import build
from generator import content
from generator import thai
from generator.format.profile import OFFICIAL as P
from longdoc import long_content
from pdfmeasure import read

TOL = 0.5  # mm
LINE_MM = P.font_size_pt * P.line_height * 25.4 / 72
ASCENT_MM = 0.844 * P.font_size_pt * 25.4 / 72  # TH Sarabun New: hhea ascender 844/1000
PAGE_NUMBER = re.compile(r"^-\s*([๐-๙]+)\s*-$")
HEADING = re.compile(r"^[๐-๙]+\.\s")


@pytest.fixture(scope="module", params=["seed", "long"])
def pages(request, seed_build):
    if request.param == "seed":
        return read(str(seed_build["pdf"]))
    announcement = content.loads(long_content(), "long.toml")
    return read(build.render_outputs(announcement, ("pdf",))["pdf"])


def body_lines(page):
    return [line for line in page.lines if not PAGE_NUMBER.match(line.text.strip())]


def continued(page):
    """(line, next line) pairs inside one paragraph or item: the first is justified."""
    lines = body_lines(page)
    for line, after in zip(lines, lines[1:]):
        start = after.x0 - P.margin_left_mm
        if (abs(after.baseline - line.baseline - LINE_MM) < 0.3
                and (abs(start) < TOL or abs(start - P.item_indent_mm - P.item_hang_mm) < TOL)):
            yield line, after


MARKER = re.compile(r"^-\s*[๐-๙]+\)")


def test_a4(pages):
    for page in pages:
        assert abs(page.width - 210) < TOL and abs(page.height - 297) < TOL, (page.width, page.height)


def test_long_announcement_is_long_enough():
    announcement = content.loads(long_content(), "long.toml")
    assert len(read(build.render_outputs(announcement, ("pdf",))["pdf"])) >= 4


def test_left_and_right_margins(pages):
    for page in pages:
        lines = body_lines(page)
        left = min(line.x0 for line in lines)
        right = max(line.x1 for line in lines)
        assert abs(left - P.margin_left_mm) < TOL, f"page {page.number}: text starts at {left:.2f} mm"
        assert right <= P.page_width_mm - P.margin_right_mm + TOL, f"page {page.number}: text ends at {right:.2f} mm"
    justified = [(line.x1, line.text[-20:]) for page in pages for line, _ in continued(page)]
    assert len(justified) > 5, "too few justified lines"
    worst = min(justified)
    assert worst[0] > P.page_width_mm - P.margin_right_mm - TOL, f"a justified line ends at {worst[0]:.2f} mm: {worst[1]}"


def test_bottom_margin(pages):
    limit = P.page_height_mm - P.margin_bottom_mm
    for page in pages:
        lowest = max(line.baseline for line in page.lines) + 0.457 * P.font_size_pt * 25.4 / 72
        assert lowest <= limit + TOL, f"page {page.number}: text reaches {lowest:.2f} mm"


def test_top_of_text_on_later_pages(pages):
    for page in pages[1:]:
        first = body_lines(page)[0]
        top = first.baseline - ASCENT_MM
        assert abs(top - P.margin_top_mm) < TOL, f"page {page.number}: first line top at {top:.2f} mm"


def test_emblem_size_and_place(pages):
    images = pages[0].images
    assert len(images) == 1, images
    x0, top, width, height = images[0]
    assert abs(height - P.emblem_height_mm) < TOL, f"emblem {height:.2f} mm high"
    assert abs(top - P.margin_top_first_mm) < TOL, f"emblem top at {top:.2f} mm"
    centre = x0 + width / 2
    page_centre = P.margin_left_mm + P.text_width_mm / 2
    assert abs(centre - page_centre) < TOL, f"emblem centred at {centre:.2f} mm"
    assert all(not page.images for page in pages[1:])


def test_body_font_size(pages):
    sizes = {round(c.size, 2) for page in pages for line in page.lines for c in line.chars}
    assert sizes == {P.font_size_pt}, sizes
    fonts = {c.font.split("+")[-1] for page in pages for line in page.lines for c in line.chars}
    assert fonts <= {"TH-Sarabun-New", "TH-Sarabun-New-Bold"}, fonts


def test_title_and_subject_centred(pages):
    title, subject = body_lines(pages[0])[:2]
    centre = P.margin_left_mm + P.text_width_mm / 2
    for line in (title, subject):
        assert abs(line.centre - centre) < 1.0, f"{line.text[:20]} centred at {line.centre:.2f} mm"


def test_first_line_indent_and_hanging_items(pages):
    starts = {}
    for page in pages:
        for line in body_lines(page)[2:]:
            starts.setdefault(round(line.x0 - P.margin_left_mm, 1), line.text[:20])
    indent = P.first_line_indent_mm
    assert any(abs(x - indent) < TOL for x in starts), starts
    hang = P.item_indent_mm + P.item_hang_mm
    assert any(abs(x - hang) < TOL for x in starts), starts


def test_page_numbers_from_page_two(pages):
    assert not any(PAGE_NUMBER.match(line.text.strip()) for line in pages[0].lines)
    centre = P.margin_left_mm + P.text_width_mm / 2
    for page in pages[1:]:
        numbers = [line for line in page.lines if PAGE_NUMBER.match(line.text.strip())]
        assert len(numbers) == 1, f"page {page.number}: {[l.text for l in page.lines[:2]]}"
        line = numbers[0]
        assert PAGE_NUMBER.match(line.text.strip()).group(1) == thai.digits(str(page.number))
        assert abs(line.centre - centre) < 1.0, f"page number centred at {line.centre:.2f} mm"
        top = line.baseline - ASCENT_MM
        assert abs(top - P.page_number_top_mm) < TOL, f"page number top at {top:.2f} mm"


def test_no_line_ends_inside_a_word(pages):
    checked = 0
    for page in pages:
        for line, after in continued(page):
            tail, head = line.text.rstrip()[-20:], after.text.lstrip()[:20]
            if line.text.endswith(" ") or not (thai.has_thai(tail[-1:]) and thai.has_thai(head[:1])):
                continue
            words = thai.words(tail + head)
            ends = {sum(len(w) for w in words[:i]) for i in range(len(words) + 1)}
            assert len(tail) in ends, f"page {page.number}: line ends inside a word: …{tail}|{head}…"
            checked += 1
    assert checked > 3


def test_justified_lines_have_no_holes(pages):
    em_mm = P.font_size_pt * 25.4 / 72
    # An item's marker is followed by its hanging indent, not a hole.
    worst = max((line.largest_gap(skip=len(m.group(0)) if (m := MARKER.match(line.text)) else 0),
                 line.text[:30]) for page in pages for line, _ in continued(page))
    # About one Thai letter (~0.4 em) is the most a gap may be.
    assert worst[0] < 0.4 * em_mm, f"gap of {worst[0]:.2f} mm on: {worst[1]}"


def test_date_and_signature_stay_together(pages):
    date = [line for page in pages for line in page.lines if line.text.startswith("ประกาศ ณ วันที่")]
    name = [line for page in pages for line in page.lines if line.text.startswith("(")
            and line.text.rstrip().endswith(")") and line.x0 > 100]
    assert date and name and date[0].page == name[0].page, (date, name)


def test_no_heading_left_at_page_foot(pages):
    for page in pages[:-1]:
        last = body_lines(page)[-1]
        assert not HEADING.match(last.text), f"page {page.number} ends with heading {last.text[:30]}"


def test_a_variant_is_a_setting(tmp_path):
    """Another agency's figures: Arabic digits, a 1.5 cm emblem, 25 mm left margin."""
    from generator.format.profile import PROFILES, parse

    source = PROFILES / "official.toml"
    text = (source.read_text(encoding="utf-8")
            .replace('digits = "thai"', 'digits = "arabic"')
            .replace("height_mm = 30.0", "height_mm = 15.0")
            .replace("margin_left_mm = 30.0", "margin_left_mm = 25.0"))
    (tmp_path / "agency.toml").write_text(text, encoding="utf-8")
    variant = parse(tmp_path / "agency.toml")
    from conftest import SEED_CONTENT
    announcement = content.load(SEED_CONTENT)
    pages = read(build.render_outputs(announcement, ("pdf",), variant)["pdf"])
    assert abs(pages[0].images[0][3] - 15.0) < TOL, pages[0].images
    left = min(line.x0 for page in pages for line in body_lines(page))
    assert abs(left - 25.0) < TOL, left
    every = "".join(line.text for page in pages for line in page.lines)
    assert not re.search("[๐-๙]", every) and "2567" in every and "- 2 -" in every
