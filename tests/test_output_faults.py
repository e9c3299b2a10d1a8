"""No silent wrong output from the writers (issue 12): every character the
content has reaches the DOCX, a date stays on one line in every format, a long
issuer or subject does not crash the DOCX, a character the font cannot draw is
refused with its name and place, and a word wider than the line breaks inside
the margin."""

from __future__ import annotations

import io
import re

import docx
import lxml.html
import pytest

from conftest import ROOT, run_prakat
from generator import build, content
from generator.engine import glyphs
from generator.errors import ContentError
from generator.writers import docx as docx_writer
from test_constructs import RIGHT_EDGE, TOL, Doc, document, squeeze

NBSP = "\u00a0"
#: White space as HTML folds it: nothing else may change between HTML and DOCX.
HTML_SPACE = re.compile(r"[ \t\n\r\f]+")


def outputs(text: str, name: str = "doc.toml", formats=build.FORMATS) -> dict[str, bytes]:
    return build.render_outputs(content.loads(text, name), formats)


def docx_text(data: bytes) -> list[str]:
    return [p.text for p in docx.Document(io.BytesIO(data)).paragraphs]


def html_article(data: bytes):
    return lxml.html.fromstring(data).find(".//article")


# --- 1. every character of the content reaches the DOCX; dates stay together ----------

SPACES = "ก\u00a0ข ค\u202fง\u2003จ\u200bฉ\u2060ช"


@pytest.fixture(scope="module")
def spaced(tmp_path_factory):
    folder = tmp_path_factory.mktemp("spaced")
    official = (ROOT / "templates" / "profiles" / "official.toml").read_text(encoding="utf-8")
    # A narrow date column: the sign-off line must wrap, the date itself must not.
    narrow = official.replace("left_ratio = 0.5 ", "left_ratio = 0.72")
    assert narrow != official
    (folder / "narrow.toml").write_text(narrow, encoding="utf-8")
    escaped = "".join(c if "\u0e00" <= c <= "\u0e7f" or c == " " else f"\\u{ord(c):04X}" for c in SPACES)
    body = (f'[[body]]\ntext = "{escaped}"\n\n'
            '[[body]]\ntext = "เมื่อ วันที่ 15 มีนาคม พ.ศ. 2567 ได้รับเงิน 500 บาท"\n')
    source = folder / "spaced.toml"
    source.write_text(document(body, "spaced", extra='profile = "narrow.toml"'), encoding="utf-8")
    out = build.render_outputs(content.load(source), build.FORMATS)
    return out


def test_docx_keeps_no_break_spaces_and_every_other_character(spaced):
    article = html_article(spaced["html"])
    html_paragraphs = [HTML_SPACE.sub(" ", p.text_content()).strip() for p in article.iter("p")]
    words = docx_text(spaced["docx"])
    assert SPACES in html_paragraphs  # the content's characters, as written
    assert SPACES in words, [w for w in words if "ก" in w]
    kept = next(p for p in html_paragraphs if p.startswith("เมื่อ"))
    assert "๕๐๐\u00a0บาท" in kept and kept in words
    for char in (NBSP, "\u202f", "\u2003", "\u200b", "\u2060"):
        assert "".join(words).count(char) == "".join(html_paragraphs).count(char), f"U+{ord(char):04X}"


DATE = "๑๕\u00a0มีนาคม\u00a0พ.ศ.\u00a0๒๕๖๗"


def test_signoff_date_is_kept_together_in_html_pdf_and_docx(spaced):
    article = html_article(spaced["html"])
    assert article.find(".//time").text_content() == DATE
    assert any(p.endswith(DATE) and p.startswith("ประกาศ") for p in docx_text(spaced["docx"]))
    doc = Doc(spaced["html"].decode(), spaced["pdf"])
    lines = [squeeze(line.text) for line in doc.lines]
    start = next(i for i, line in enumerate(lines) if line.startswith("ประกาศณ"))
    # The narrow column wraps the sign-off line; the date moves down whole.
    assert lines[start:start + 2] == ["ประกาศณวันที่", squeeze(DATE)], lines[start:start + 2]


# --- 2. document properties of Word's 255-character limit --------------------------------

LONG_SUBJECT = ("การกำหนดหลักเกณฑ์และวิธีการบริหารจัดการทรัพยากรของหน่วยงาน " * 8)[:400].strip()
LONG_ISSUER = ("กรมทดสอบระบบเอกสารอิเล็กทรอนิกส์และการบริหารราชการแผ่นดิน" * 8)[:400]


@pytest.fixture(scope="module")
def long_names():
    text = document('[[body]]\ntext = "ข้อความ"\n', "long", subject=LONG_SUBJECT)
    text = text.replace('issuer = "กรมทดสอบระบบเอกสาร"', f'issuer = "{LONG_ISSUER}"')
    assert LONG_ISSUER in text and len(LONG_SUBJECT) >= 390
    return outputs(text, "long.toml")


def test_long_issuer_and_subject_in_every_format(long_names):
    html = lxml.html.fromstring(long_names["html"]).find("body").text_content()
    pdf = Doc(long_names["html"].decode(), long_names["pdf"]).pdf_text
    words = "".join(docx_text(long_names["docx"]))
    for text in (LONG_SUBJECT, LONG_ISSUER):
        for name, got in (("html", html), ("pdf", pdf), ("docx", words)):
            assert squeeze(text) in squeeze(got), name
    props = docx.Document(io.BytesIO(long_names["docx"])).core_properties
    for value in (props.title, props.author, props.last_modified_by):
        assert len(value) <= 255 and value.endswith("…"), value
        assert ("ประกาศ" + LONG_ISSUER).startswith(value[:-1]) or LONG_ISSUER.startswith(value[:-1])


def test_property_text_cuts_between_characters():
    assert docx_writer.property_text("สั้น") == "สั้น"
    cut = docx_writer.property_text("กี่" * 200)
    assert len(cut) <= 255 and cut.endswith("…") and cut[:-1] == "กี่" * ((len(cut) - 1) // 3)
    wide = docx_writer.property_text("\U0001d400" * 200)  # two UTF-16 units each
    assert len(wide.encode("utf-16-le")) // 2 <= 255 and wide.endswith("…")


# --- 3. a character the font has no glyph for --------------------------------------------

@pytest.mark.parametrize("fmt", build.FORMATS)
@pytest.mark.parametrize("char, name", [("\uff11", "U+FF11 FULLWIDTH DIGIT ONE"),
                                        ("\U0001f600", "U+1F600 GRINNING FACE"),
                                        ("\u2010", "U+2010 HYPHEN")])
def test_character_without_glyph_is_refused(tmp_path, fmt, char, name):
    body = f'[[body]]\ntext = "ข้อความ"\n\n[[body]]\ntext = "ลำดับที่ {char} ของปี"\n'
    source = tmp_path / "glyph.toml"
    source.write_text(document(body, "glyph"), encoding="utf-8")
    line = next(i for i, text in enumerate(source.read_text(encoding="utf-8").splitlines(), 1) if char in text)
    with pytest.raises(ContentError) as caught:
        build.render_outputs(content.load(source), (fmt,))
    message = caught.value.format("en")
    assert name in message and "TH Sarabun New" in message, message
    assert f"{source}:{line}:" in message and "body[1].text" in message, message


def test_character_written_as_an_escape_is_found_on_its_line(tmp_path):
    source = tmp_path / "escaped.toml"
    source.write_text(document('[[body]]\ntext = "ปี \\uFF12\\uFF15\\uFF16\\uFF17"\n', "escaped"),
                      encoding="utf-8")
    line = next(i for i, text in enumerate(source.read_text(encoding="utf-8").splitlines(), 1) if "FF12" in text)
    with pytest.raises(ContentError) as caught:
        build.render_outputs(content.load(source), ("html",))
    problems = caught.value.problems
    assert [p.line for p in problems] == [line] * 4, caught.value.format("en")
    assert "U+FF12 FULLWIDTH DIGIT TWO" in caught.value.format("en")
    assert "“2”" in caught.value.format("en")  # the plain character is suggested


def test_build_refuses_a_missing_glyph_without_writing(tmp_path):
    source = tmp_path / "glyph.toml"
    source.write_text(document('[[body]]\ntext = "ยิ้ม \U0001f600"\n', "glyph"), encoding="utf-8")
    output = tmp_path / "output"
    result = run_prakat("build", str(source), "--output", str(output), "--lang", "en")
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr
    assert "U+1F600 GRINNING FACE" in result.stderr and f"{source}:" in result.stderr, result.stderr
    assert not output.exists() or not any(output.rglob("*.pdf")), list(output.rglob("*"))


def test_spaces_and_invisible_characters_need_no_glyph():
    for char in (NBSP, "\u202f", "\u2003", "\u3000", "\u200b", "\u200c", "\u2060", "\ufeff", "\t"):
        assert not glyphs.missing(f"ก{char}ข"), f"U+{ord(char):04X}"
    assert set(glyphs.missing("ก１😀‐ข")) == {"１", "😀", "‐"}


# --- 4. a word wider than the line --------------------------------------------------------

LATIN = "A" * 120
DIGITS = "๑๒๓๔๕๖๗๘๙๐" * 12
ABBREVIATION = "ก." * 60
LEAD = "ข้อความนำ"


@pytest.fixture(scope="module")
def long_words():
    body = (f'[[body]]\ntext = "{LEAD} {LATIN} ต่อท้าย"\n\n'
            f'[[body]]\ntext = "{LEAD} {DIGITS} ต่อท้าย"\n\n'
            f'[[body]]\ntext = "{LEAD} {ABBREVIATION} ต่อท้าย"\n\n'
            f'[[body]]\ntext = "รายการ"\nnumbering = "- ๑)"\nitems = ["{LATIN}", "สั้น"]\n\n'
            f'[[body]]\n[body.table]\ncolumns = ["ก", "ข"]\nrows = [["{LATIN}", "สั้น"]]\n')
    signoff = f'\n[[signoff.signer]]\nname = "นาย{LATIN[:70]}"\nposition = "อธิบดี"\n'
    text = document(body, "long-words", subject=f"ทดสอบ {LATIN}", signoff=signoff)
    text = text.replace('issuer = "กรมทดสอบระบบเอกสาร"', f'issuer = "กรม{LATIN}"')
    out = outputs(text, "long-words.toml", ("html", "pdf"))
    return Doc(out["html"].decode(), out["pdf"])


def test_word_wider_than_the_line_breaks_inside_the_margin(long_words):
    for line in long_words.lines:
        assert line.x1 <= RIGHT_EDGE + TOL, f"page {line.page}: {line.text[:40]} ends at {line.x1:.2f} mm"
    text = squeeze(long_words.pdf_text)
    for word in (LATIN, DIGITS, ABBREVIATION):
        assert squeeze(LEAD + word + "ต่อท้าย") in text, word[:10]
    assert text.count(LATIN) == 5  # issuer, subject, paragraph, item, table cell


def test_only_a_word_wider_than_the_line_is_broken(long_words):
    """The word before the long one is not pulled apart: the long word starts a line."""
    lead = squeeze(LEAD)
    lines = [squeeze(line.text) for line in long_words.lines]
    assert sum(line == lead for line in lines) == 3, [l for l in lines if lead in l]
