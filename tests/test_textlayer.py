"""The PDF text layer gives back Thai text that WeasyPrint alone garbles."""

from __future__ import annotations

import unicodedata

import pypdfium2
import pytest

from generator import build
from generator import content
from generator.engine import textlayer
from generator.format.fonts import verified_fonts

TRAPS = ["พัฒนา", "ทำ", "ต่ำกว่า", "น้ำ", "ที่", "ญี่ปุ่น", "ปั้น", "ฐาน", "กล้ำกลืน"]


@pytest.fixture(scope="module")
def trap_pdf(tmp_path_factory):
    text = " ".join(TRAPS)
    toml = f'''format = 1
[announcement]
province = "test"
fiscal_year = 2567
issuer = "จังหวัดทดสอบ"
subject = "{text}"
date = 2023-03-31
[signer]
name = "นายทดสอบ"
position = "ผู้ว่าราชการจังหวัดทดสอบ"
[[body]]
text = "{text}"
'''
    announcement = content.loads(toml, "traps.toml")
    return build.render_outputs(announcement, ("pdf",))["pdf"]


def _pdf_text(data: bytes) -> str:
    document = pypdfium2.PdfDocument(data)
    try:
        return "".join(page.get_textpage().get_text_range() for page in document)
    finally:
        document.close()


def test_traps_come_back_as_written(trap_pdf):
    got = unicodedata.normalize("NFKC", _pdf_text(trap_pdf))
    for word in TRAPS:
        assert unicodedata.normalize("NFKC", word) in got, word


def test_glyph_map_reads_variants_and_pua():
    regular = verified_fonts()["THSarabunNew-Regular.ttf"].read_bytes()
    known = textlayer.glyph_text(regular)
    values = set(known.values())
    assert "\u0E33" in values and "\u0E32" in values  # ำ and า are different glyphs
    assert not any(0xF700 <= ord(c) <= 0xF8FF for v in values for c in v), "PUA left in map"


def test_logical_order_of_nikhahit():
    assert textlayer._logical("\u0E4D\u0E48\u0E32") == "\u0E48\u0E4D\u0E32"
    assert textlayer._logical("\u0E32") == "\u0E32"
