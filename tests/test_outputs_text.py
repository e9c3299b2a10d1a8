"""Each output gives back the seed announcement, word for word (issue 2)."""

from __future__ import annotations

import re
import subprocess

import docx
import lxml.html
import pypdfium2
import pytest

from textcompare import PAGE_NUMBER, fold, wrapped_difference

ARABIC_DIGIT = re.compile(r"[0-9]")


def html_text(path) -> str:
    tree = lxml.html.fromstring(path.read_bytes())
    return tree.find("body").text_content()


def docx_text(path) -> str:
    return "\n".join(p.text for p in docx.Document(str(path)).paragraphs)


def _pdftotext(path, *mode: str) -> list[str]:
    text = subprocess.run(["pdftotext", *mode, "-enc", "UTF-8", str(path), "-"],
                          capture_output=True, text=True, check=True).stdout
    return text.split("\f")[:-1]


def pdf_pages_pdftotext(path) -> list[str]:
    """poppler in content-stream order."""
    return _pdftotext(path, "-raw")


def pdf_pages_reading_order(path) -> list[str]:
    """poppler's reading order: what Evince and Okular copy."""
    return _pdftotext(path)


def pdf_pages_pdfium(path) -> list[str]:
    document = pypdfium2.PdfDocument(str(path))
    try:
        return [page.get_textpage().get_text_range() for page in document]
    finally:
        document.close()


def without_page_numbers(pages: list[str]) -> str:
    return "\n".join(PAGE_NUMBER.sub("", page) for page in pages)


def test_html_gives_back_the_seed(seed_build, seed_text):
    assert fold(html_text(seed_build["html"])) == fold(seed_text)


def test_docx_gives_back_the_seed(seed_build, seed_text):
    assert fold(docx_text(seed_build["docx"])) == fold(seed_text)


# poppler's reading order is left out here: on a page of list items only, it
# takes the column of markers ("- ๒)" … "- ๖)") for a column of its own.
@pytest.mark.parametrize("reader", [pdf_pages_pdftotext, pdf_pages_pdfium])
def test_pdf_gives_back_the_seed(seed_build, seed_text, reader):
    pages = reader(seed_build["pdf"])
    assert len(pages) >= 2
    problem = wrapped_difference(seed_text, without_page_numbers(pages))
    assert problem is None, problem


@pytest.mark.parametrize("reader", [pdf_pages_reading_order, pdf_pages_pdfium])
def test_pdf_text_is_exact_where_actual_text_is_read(seed_build, seed_text, reader):
    """Readers that honour the lines' ActualText get the text as written, not
    only its NFKC form: ``ำ`` stays one character, words stay whole."""
    text = " ".join(without_page_numbers(reader(seed_build["pdf"])).replace("\xa0", " ").split())
    for phrase in ("ต่ำกว่า ๐.๔๑", "มีสาระสำคัญ ดังนี้", "ประจำปีงบประมาณ พ.ศ. ๒๕๖๗",
                   "“มหานครน่าอยู่ ศูนย์กลางเศรษฐกิจเชื่อมโยงภูมิภาค”"):
        assert phrase in text, phrase


def test_pdf_numbers_later_pages_only(seed_build):
    pages = pdf_pages_pdfium(seed_build["pdf"])
    assert not PAGE_NUMBER.search(pages[0])
    for number, page in enumerate(pages[1:], start=2):
        thai = str(number).translate(str.maketrans("0123456789", "๐๑๒๓๔๕๖๗๘๙"))
        assert re.search(rf"^- {thai} -\r?$", page, re.MULTILINE), page[:80]


@pytest.mark.parametrize("fmt", ["html", "pdf", "docx"])
def test_no_arabic_digit_in_any_output(seed_build, fmt):
    if fmt == "html":
        text = html_text(seed_build["html"])
    elif fmt == "docx":
        text = docx_text(seed_build["docx"])
    else:
        text = without_page_numbers(pdf_pages_pdftotext(seed_build["pdf"])) + "".join(
            pdf_pages_pdftotext(seed_build["pdf"]))
    found = ARABIC_DIGIT.findall(text)
    assert not found, f"Arabic digits in the {fmt}: {found[:10]}"


def test_the_comparison_catches_a_changed_word(seed_text):
    # The PDF comparison must be able to fail: a changed word and a lost space.
    assert wrapped_difference(seed_text, seed_text.replace("พันธกิจ", "พันธกิจใหม่"))
    assert wrapped_difference(seed_text, seed_text.replace("มหานครน่าอยู่ ศูนย์", "มหานครน่าอยู่ศูนย์"))
    assert wrapped_difference(seed_text, seed_text.replace("ขอนแก่น", "ขอน แก่น", 1))
    assert wrapped_difference(seed_text, seed_text.replace("ประจำปีงบ", "ประจำปี\nงบ")) is None
