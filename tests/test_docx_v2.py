"""Template version 2 in DOCX: every element of the HTML becomes Word structure
with the same text, and an element the writer does not know stops the build."""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

import docx
import lxml.html
import pytest
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from docx.text.paragraph import Paragraph

from generator import content
from generator.render import emblem
from generator import render
from generator.format import versions
from generator.errors import BuildError
from generator.writers import docx as docx_writer

CONSTRUCTS = Path(__file__).resolve().parent / "data" / "constructs" / "every-construct.toml"
V1_CONTENT = Path(__file__).resolve().parent.parent / "content" / "khon-kaen" / "2567.toml"
_SPACE = re.compile(r"\s+")


def fold(text: str) -> str:
    return _SPACE.sub(" ", text).strip()


def _render(announcement):
    profile = versions.profile_for(announcement)
    html = render.render(announcement, profile)
    name, data = emblem.asset(announcement, profile)
    images = {f"{render.ASSET_PREFIX}assets/{name}": data}
    layout = versions.template_dir(versions.template_version_for(announcement))
    return html, profile, images, layout


def _write(html, profile, images, layout) -> bytes:
    return docx_writer.write(html, profile, title="t", author="a", images=images, layout=layout)


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    announcement = content.load(CONSTRUCTS)
    html, profile, images, layout = _render(announcement)
    data = _write(html, profile, images, layout)
    path = tmp_path_factory.mktemp("docx") / "every.docx"
    path.write_bytes(data)
    return {"announcement": announcement, "html": html, "profile": profile, "images": images,
            "layout": layout, "bytes": data, "document": docx.Document(str(path))}


def _docx_blocks(document):
    """("p", text) per non-empty paragraph and ("table", rows of cell texts), in order."""
    out = []
    for child in document.element.body:
        if child.tag == qn("w:p"):
            text = fold(Paragraph(child, document._body).text)
            if text:
                out.append(("p", text))
        elif child.tag == qn("w:tbl"):
            rows = [[fold("".join(t.text for t in tc.iter(qn("w:t")))) for tc in tr.iter(qn("w:tc"))]
                    for tr in child.iter(qn("w:tr"))]
            out.append(("table", rows))
    return out


def _html_blocks(html: str):
    """The same from the HTML: each text block's text, each table's rows."""
    article = next(lxml.html.fromstring(html).iter("article"))
    out = []
    for element in article.iterdescendants():
        if not isinstance(element.tag, str):
            continue
        classes = (element.get("class") or "").split()
        parent = element.getparent()
        parent_classes = (parent.get("class") or "").split()
        if element.tag == "h1" and "one-line" in classes:
            out.append(("p", fold(element.text_content())))
        elif element.tag == "span" and "line" in classes and "one-line" not in parent_classes:
            out.append(("p", fold(element.text_content())))
        elif element.tag in ("p", "h2") and fold(element.text_content()):
            out.append(("p", fold(element.text_content())))
        elif element.tag == "table":
            for caption in element.iter("caption"):  # the caption stands above the table
                out.append(("p", fold(caption.text_content())))
            rows = [[fold(cell.text_content()) for cell in tr if cell.tag in ("th", "td")]
                    for tr in element.iter("tr")]
            out.append(("table", rows))
    return out


def _paragraph(document, starts: str):
    found = [p for p in document.paragraphs if fold(p.text).startswith(starts)]
    assert len(found) == 1, (starts, [p.text for p in found])
    return found[0]


def _twips(value) -> int:
    return round(value / 635)


# --- text ---------------------------------------------------------------------------

def test_docx_text_equals_html_text_block_by_block(built):
    html_blocks = _html_blocks(built["html"])
    docx_blocks = _docx_blocks(built["document"])
    assert len(html_blocks) > 30
    assert docx_blocks == html_blocks


def test_every_construct_is_in_the_test_document(built):
    html = built["html"]
    for needle in ('class="line number"', 'class="amendment"', 'class="year"', 'class="heading',
                   'class="quote', 'class="items', "hanging", '<table class="table"', "<caption>",
                   'class="fill"', 'class="closing"', 'class="signer-name"', 'class="signer-space"',
                   'class="signer-acting"', 'class="annex"', 'class="annex-title"', "align-right",
                   "align-justify", "level-4"):
        assert needle in html, needle


def test_one_line_title_is_one_paragraph():
    announcement = dataclasses.replace(content.load(CONSTRUCTS), title_lines="one-line")
    html, profile, images, layout = _render(announcement)
    document = docx.Document(__import__("io").BytesIO(_write(html, profile, images, layout)))
    assert _docx_blocks(document) == _html_blocks(html)
    title = [p for p in document.paragraphs if p.style.style_id == "DocTitle"]
    assert len(title) == 1
    assert "คำสั่งกรมทดสอบระบบ ที่ ๑๒/๒๕๖๗ เรื่อง" in fold(title[0].text)


def test_title_lines_are_centred_bold_paragraphs(built):
    document = built["document"]
    title = [p for p in document.paragraphs if p.style.style_id == "DocTitle"]
    assert [fold(p.text) for p in title] == [
        "คำสั่งกรมทดสอบระบบ", "ที่ ๑๒/๒๕๖๗", "เรื่อง การทดสอบการแปลงเอกสารทุกแบบ (ฉบับที่ ๒) พ.ศ. ๒๕๖๗"]
    style = document.styles.element.get_by_id("DocTitle")
    assert style.pPr.find(qn("w:jc")).get(qn("w:val")) == "center"
    for p in title:
        for run in p.runs:
            assert run._r.rPr.find(qn("w:bCs")) is not None
    # the lines of one title have no space between them
    assert title[1].paragraph_format.space_before == Pt(0)


# --- numbering ----------------------------------------------------------------------

def test_levels_indent_like_the_css(built):
    document, profile = built["document"], built["profile"]

    def start(paragraph):  # where the number starts, from the margin (twips)
        fmt = paragraph.paragraph_format
        style = paragraph.style.paragraph_format
        left = fmt.left_indent if fmt.left_indent is not None else (style.left_indent or 0)
        first = fmt.first_line_indent if fmt.first_line_indent is not None else (style.first_line_indent or 0)
        return _twips(left + first)

    levels = [_paragraph(document, "ข้อ ๒ ให้ผู้มีหน้าที่"), _paragraph(document, "(๒) ตรวจสอบ"),
              _paragraph(document, "(ข) ความทันเวลา"), _paragraph(document, "- รายงานประจำปี")]
    starts = [start(p) for p in levels]
    assert starts == sorted(starts) and len(set(starts)) == 4, starts
    for level, paragraph in enumerate(levels, 1):
        at = profile.level_indent_mm + (level - 1) * profile.level_step_mm
        assert abs(starts[level - 1] - _twips(Mm(at))) <= 1, (level, starts)
    # a non-hanging clause wraps to the margin
    assert not levels[1].paragraph_format.left_indent
    # a hanging item: wrapped lines at the number's end, a tab after the number
    hanging = levels[3]
    at = profile.level_indent_mm + 3 * profile.level_step_mm
    assert abs(_twips(hanging.paragraph_format.left_indent) - _twips(Mm(at + profile.level_hang_mm))) <= 1
    assert abs(_twips(hanging.paragraph_format.first_line_indent) + _twips(Mm(profile.level_hang_mm))) <= 1
    assert hanging.text.startswith("-\t")
    assert _paragraph(document, "- ๑) ทางไปรษณีย์").text.startswith("- ๑)\t")
    assert len(hanging.paragraph_format.tab_stops) == 1


def test_body_is_thai_distributed_and_headings_keep_with_next(built):
    document = built["document"]
    for style_id in ("DocClause", "DocParagraph", "DocClosing"):
        style = document.styles.element.get_by_id(style_id)
        assert style.pPr.find(qn("w:jc")).get(qn("w:val")) == "thaiDistribute", style_id
    heading = _paragraph(document, "ข้อ ๓ การแก้ไขเพิ่มเติม")
    assert heading.style.style_id == "DocHeading"
    assert heading.style.paragraph_format.keep_with_next


# --- tables -------------------------------------------------------------------------

def test_table_is_a_word_table(built):
    document, profile = built["document"], built["profile"]
    tables = document.element.body.findall(qn("w:tbl"))
    assert len(tables) == 1
    tbl = tables[0]
    rows = tbl.findall(qn("w:tr"))
    assert len(rows) == 3
    assert rows[0].find(qn("w:trPr")).find(qn("w:tblHeader")) is not None
    for row in rows[1:]:
        assert row.find(qn("w:trPr")).find(qn("w:tblHeader")) is None
    for row in rows:
        assert row.find(qn("w:trPr")).find(qn("w:cantSplit")) is not None
    widths = [int(c.get(qn("w:w"))) for c in tbl.find(qn("w:tblGrid")).findall(qn("w:gridCol"))]
    total = round(profile.text_width_mm / 25.4 * 1440)
    assert sum(widths) == total
    for width, share in zip(widths, (1, 4, 4, 2)):
        assert abs(width - total * share / 11) <= 2
    borders = tbl.find(qn("w:tblPr")).find(qn("w:tblBorders"))
    for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
        border = borders.find(qn(f"w:{side}"))
        assert border.get(qn("w:val")) == "single"
        assert int(border.get(qn("w:sz"))) == round(profile.table_rule_pt * 8)
    margin = tbl.find(qn("w:tblPr")).find(qn("w:tblCellMar")).find(qn("w:left"))
    assert int(margin.get(qn("w:w"))) == round(profile.table_padding_mm / 25.4 * 1440)


def test_table_cells_align_bold_header_and_thai_runs(built):
    tbl = built["document"].element.body.find(qn("w:tbl"))
    rows = tbl.findall(qn("w:tr"))

    def jc(tc):
        p = tc.find(qn("w:p"))
        own = p.pPr.find(qn("w:jc"))
        return own.get(qn("w:val")) if own is not None else None

    header_cells = rows[0].findall(qn("w:tc"))
    assert {jc(tc) for tc in header_cells} == {"center"}
    body = rows[1].findall(qn("w:tc"))
    assert [jc(tc) for tc in body] == ["center", "left", "thaiDistribute", "right"]
    for tc in header_cells:
        for r in tc.iter(qn("w:r")):
            assert r.find(qn("w:rPr")).find(qn("w:b")) is not None
    for r in tbl.iter(qn("w:r")):
        rpr = r.find(qn("w:rPr"))
        assert rpr.find(qn("w:rFonts")).get(qn("w:cs")) == "TH Sarabun New"
        assert rpr.find(qn("w:szCs")).get(qn("w:val")) == "32"
        assert rpr.find(qn("w:cs")) is not None
        assert rpr.find(qn("w:lang")).get(qn("w:bidi")) == "th-TH"


# --- fill-in lines, sign-off, annex -------------------------------------------------

def test_fill_in_lines_are_dotted_underlined_spaces(built):
    document = built["document"]
    paragraph = _paragraph(document, "ข้อ ๔ ผู้ยื่นคำขอ")
    fills = [r for r in paragraph.runs if r._r.rPr.find(qn("w:u")) is not None]
    assert len(fills) == 2
    space_mm = 0.216 * 16 * 25.4 / 72
    for run, mm in zip(fills, (60, 40)):
        assert run._r.rPr.find(qn("w:u")).get(qn("w:val")) == "dotted"
        assert run.text.isspace() and "\u00a0" in run.text  # no visible character
        assert abs(len(run.text) * space_mm - mm) < 2 * space_mm


def test_signoff_stays_together_with_room_to_sign(built):
    document, profile = built["document"], built["profile"]
    paragraphs = document.paragraphs
    date = _paragraph(document, "สั่ง ณ วันที่")
    start = paragraphs.index(next(p for p in paragraphs if p._p is date._p))
    signoff = paragraphs[start:start + 6]
    assert [fold(p.text) for p in signoff] == [
        "สั่ง ณ วันที่ ๑๕ มีนาคม พ.ศ. ๒๕๖๗", "(นายทดสอบ ระบบดี)", "ผู้อำนวยการกองทดสอบ",
        "ปฏิบัติราชการแทน", "อธิบดีกรมทดสอบระบบ", "กรมทดสอบระบบ"]
    for p in signoff:
        assert p.paragraph_format.keep_with_next or p.style.paragraph_format.keep_with_next
    room = Pt(profile.font_size_pt * profile.line_height * profile.signature_space_lines)
    assert signoff[1].paragraph_format.space_before == room   # above the name
    assert signoff[5].paragraph_format.space_before == room   # no name: room, nothing printed
    assert signoff[2].paragraph_format.space_before is None
    # the end of the text keeps with the sign-off
    assert _paragraph(document, "ทั้งนี้ ตั้งแต่บัดนี้").paragraph_format.keep_with_next


def test_each_annex_starts_a_page_in_the_same_section(built):
    document = built["document"]
    breaks = [fold(p.text) for p in document.paragraphs if p.paragraph_format.page_break_before]
    assert breaks == ["แบบคำขอ", "ภาคผนวกที่ไม่มีชื่อ"]
    title = _paragraph(document, "แบบคำขอ")
    assert title.style.style_id == "DocAnnexTitle"
    style = document.styles.element.get_by_id("DocAnnexTitle")
    assert style.pPr.find(qn("w:jc")).get(qn("w:val")) == "center"
    assert style.rPr.find(qn("w:b")) is not None
    assert len(document.element.body.findall(".//" + qn("w:sectPr"))) == 1


# --- the writer refuses what it does not know -------------------------------------------

@pytest.mark.parametrize("where, snippet", [
    ('<div class="content">', "<marquee>ข้อความเลื่อน</marquee>"),
    ('<p class="closing">', "<marquee>ข้อความเลื่อน</marquee>"),
    ('<div class="content">', '<p class="unknown-block">ข้อความ</p>'),
    ('<footer class="signoff">', "ข้อความหลุด"),
])
def test_unknown_element_stops_the_build(built, where, snippet):
    html = built["html"]
    assert where in html
    broken = html.replace(where, where + snippet, 1)
    with pytest.raises(BuildError) as error:
        _write(broken, built["profile"], built["images"], built["layout"])
    thai, english = error.value.format("th"), error.value.format("en")
    assert "ไม่เขียน DOCX" in thai and "writes no DOCX" not in thai        # one language each
    assert "writes no DOCX" in english and "ไม่เขียน" not in english
    assert str(error.value) == english
    name = re.search(r"<(\w+)|(ข้อความหลุด)", snippet)
    assert (name.group(1) or name.group(2)) in thai and (name.group(1) or name.group(2)) in english


def test_unknown_element_in_a_table_cell_stops_the_build(built):
    html = built["html"].replace("<td class=\"align-right\">", '<td class="align-right"><b>x</b>', 1)
    with pytest.raises(BuildError, match="<b>"):
        _write(html, built["profile"], built["images"], built["layout"])


def test_unknown_element_in_a_version_1_document_stops_the_build():
    announcement = content.load(V1_CONTENT)
    html, profile, images, layout = _render(announcement)
    assert not (layout / docx_writer.LAYOUT_FILE).exists()
    _write(html, profile, images, layout)  # the real document is fine
    broken = html.replace('<div class="content">', '<div class="content"><marquee>x</marquee>', 1)
    with pytest.raises(BuildError, match="marquee"):
        _write(broken, profile, images, layout)


# --- layout file, determinism, the build path ---------------------------------------

def test_styles_come_from_the_template_folder(built, tmp_path):
    folder = tmp_path / "v9"
    folder.mkdir()
    text = (built["layout"] / docx_writer.LAYOUT_FILE).read_text(encoding="utf-8")
    (folder / docx_writer.LAYOUT_FILE).write_text(
        text.replace('name = "เอกสาร-ข้อ"', 'name = "ข้อทดลอง"'), encoding="utf-8")
    data = _write(built["html"], built["profile"], built["images"], folder)
    document = docx.Document(__import__("io").BytesIO(data))
    assert document.styles.element.get_by_id("DocClause").name_val == "ข้อทดลอง"
    # a template folder with neither layout is refused
    empty = tmp_path / "v8"
    empty.mkdir()
    with pytest.raises(BuildError, match="docx.toml"):
        _write(built["html"], built["profile"], built["images"], empty)


def test_same_bytes_twice(built):
    assert _write(built["html"], built["profile"], built["images"], built["layout"]) == built["bytes"]


def test_without_layout_a_version_2_document_still_uses_the_v2_layout(built):
    data = docx_writer.write(built["html"], built["profile"], title="t", author="a",
                             images=built["images"])
    assert data == built["bytes"]


def test_build_passes_the_template_folder(built):
    from generator import build
    out = build.render_outputs(built["announcement"], formats=("docx",))
    document = docx.Document(__import__("io").BytesIO(out["docx"]))
    assert _docx_blocks(document) == _html_blocks(built["html"])
