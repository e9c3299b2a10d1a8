"""The DOCX is editable in Word: named styles, Thai font in the complex-script slots."""

from __future__ import annotations

import docx
from docx.oxml.ns import qn

from generator import thai
from generator.writers.docx import STYLES

PRAKAT_STYLES = {name for name, *_ in STYLES.values()}


def _runs_with_thai(document):
    for paragraph in document.paragraphs:
        for run in paragraph.runs:
            if thai.has_thai(run.text):
                yield paragraph, run


def test_every_paragraph_has_a_prakat_style(seed_build):
    document = docx.Document(str(seed_build["docx"]))
    assert document.paragraphs
    for paragraph in document.paragraphs:
        assert paragraph.style.name in PRAKAT_STYLES, (paragraph.style.name, paragraph.text[:40])


def test_every_thai_run_has_the_complex_script_font_and_size(seed_build):
    document = docx.Document(str(seed_build["docx"]))
    runs = list(_runs_with_thai(document))
    assert len(runs) > 20
    for paragraph, run in runs:
        rpr = run._r.rPr
        assert rpr is not None, run.text
        fonts = rpr.find(qn("w:rFonts"))
        assert fonts is not None and fonts.get(qn("w:cs")) == "TH Sarabun New", run.text[:30]
        size = rpr.find(qn("w:szCs"))
        assert size is not None and size.get(qn("w:val")) == "32", run.text[:30]
        assert rpr.find(qn("w:cs")) is not None, run.text[:30]
        lang = rpr.find(qn("w:lang"))
        assert lang is not None and lang.get(qn("w:bidi")) == "th-TH", run.text[:30]


def test_run_properties_follow_schema_order(seed_build):
    from generator.writers.docx_xml import RPR_ORDER
    document = docx.Document(str(seed_build["docx"]))
    for _, run in _runs_with_thai(document):
        names = [child.tag.rsplit("}", 1)[1] for child in run._r.rPr]
        assert names == sorted(names, key=RPR_ORDER.index), names


def test_body_paragraphs_use_thai_distributed(seed_build):
    document = docx.Document(str(seed_build["docx"]))
    body = document.styles["ประกาศ-เนื้อความ"]
    jc = body.element.pPr.find(qn("w:jc"))
    assert jc is not None and jc.get(qn("w:val")) == "thaiDistribute"
    assert sum(p.style.name == "ประกาศ-เนื้อความ" for p in document.paragraphs) == 4


def test_core_properties_are_ours(seed_build):
    props = docx.Document(str(seed_build["docx"])).core_properties
    assert props.author == "จังหวัดขอนแก่น"
    assert props.title == "ประกาศจังหวัดขอนแก่น"
    assert props.created.date().isoformat() == "2023-03-31"


def test_page_numbers_from_page_two_in_thai_digits(seed_build):
    document = docx.Document(str(seed_build["docx"]))
    section = document.sections[0]
    assert section.different_first_page_header_footer
    assert not "".join(p.text for p in section.first_page_header.paragraphs).strip()
    header = section.header._element
    instructions = "".join(t.text for t in header.iter(qn("w:instrText")))
    assert instructions.split() == ["PAGE"], instructions
    assert "".join(t.text for t in header.iter(qn("w:t"))).replace(" ", "") == "-๒-"
    number_type = section._sectPr.find(qn("w:pgNumType"))
    assert number_type is not None and number_type.get(qn("w:fmt")) == "thaiNumbers"
