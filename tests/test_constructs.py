"""Every construct of content format 2, rendered and measured (HTML and PDF).

Each test document is built once per module, in this process
(``build.render_outputs``: nothing is written); the command itself runs only
for exit codes and messages. The content files are under
``tests/data/format2/``; the repetitive documents (a grid of every numbering
scheme four levels deep, a 60-row table, pages of headings, …) are generated
below. Positions are read back from the PDF with :mod:`pdfmeasure` (mm).
"""

from __future__ import annotations

import re
import subprocess
import tomllib
import unicodedata
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

import lxml.html
import pytest

from conftest import ROOT, run_prakat
from generator import build
from generator import content
from generator.format.profile import OFFICIAL as P
from pdfmeasure import read
from textcompare import PAGE_NUMBER

DATA = Path(__file__).resolve().parent / "data" / "format2"
KINDS = tomllib.loads((ROOT / "templates" / "v2" / "kinds.toml").read_text(encoding="utf-8"))
TOL = 0.5  # mm
RIGHT_EDGE = P.page_width_mm - P.margin_right_mm  # 190 mm
THAI_DIGIT = re.compile("[๐-๙]")
ARABIC_DIGIT = re.compile("[0-9]")
PAGE_NUMBER_LINE = re.compile(r"^-\s*([๐-๙0-9]+)\s*-$")


def squeeze(text: str) -> str:
    """NFKC, without any white space (no-break spaces included)."""
    return "".join(unicodedata.normalize("NFKC", text).split())


@dataclass
class Doc:
    html: str
    pdf: bytes

    @cached_property
    def tree(self):
        return lxml.html.fromstring(self.html.encode())

    @cached_property
    def pages(self):
        return read(self.pdf)

    def body_lines(self, page):
        return [line for line in page.lines if not PAGE_NUMBER_LINE.match(line.text.strip())]

    @property
    def lines(self):
        return [line for page in self.pages for line in self.body_lines(page)]

    @cached_property
    def html_text(self) -> str:
        return self.tree.find("body").text_content()

    @cached_property
    def pdf_text(self) -> str:
        """poppler in content-stream order, pages joined, page numbers dropped."""
        text = subprocess.run(["pdftotext", "-raw", "-enc", "UTF-8", "-", "-"], input=self.pdf,
                              capture_output=True, check=True).stdout.decode()
        return "\n".join(PAGE_NUMBER.sub("", page) for page in text.split("\f"))

    def nums(self):
        """(label, text after it, level) of every numbered clause and heading, in order."""
        out = []
        for span in self.tree.find_class("num"):
            owner = span.getparent()
            level = int(re.search(r"level-(\d+)", owner.get("class")).group(1))
            label, full = span.text_content(), owner.text_content()
            rest = full[full.index(label) + len(label):]
            out.append((label, rest.strip().rstrip("”"), level))
        return out


def render(source: str | Path, name: str = "doc.toml", formats=("html", "pdf")) -> Doc:
    document = content.load(source) if isinstance(source, Path) else content.loads(source, name)
    out = build.render_outputs(document, formats)
    return Doc(out["html"].decode(), out.get("pdf", b""))


HEAD = """format = 2
kind = "{kind}"

[document]
issuer_id = "prakat-test"
edition = "{edition}"
issuer = "กรมทดสอบระบบเอกสาร"
subject = "{subject}"
date = 2024-03-15
{extra}
"""
SIGNOFF = """
[[signoff.signer]]
name = "นายทดสอบ ระบบดี"
position = "อธิบดีกรมทดสอบระบบเอกสาร"
"""


def document(body: str, edition: str = "generated", kind: str = "ประกาศ", extra: str = "",
             subject: str = "การทดสอบ", signoff: str = SIGNOFF) -> str:
    if kind == "คำสั่ง" and "number" not in extra:
        extra = 'number = "1/2567"\n' + extra
    return HEAD.format(kind=kind, edition=edition, subject=subject, extra=extra) + body + signoff


# --- 1. numbering --------------------------------------------------------------------

SCHEMES = ["ข้อ ๑", "๑.", "๑)", "(๑)", "(ก)", "ก.", "ก)", "- ๑)", "-", "•"]
N = "๑๒๓๔๕"
LETTERS = "กขคงจ"  # ฆ is skipped, as in the Royal Gazette
PRINTED = {
    "ข้อ ๑": [f"ข้อ {d}" for d in N], "๑.": [f"{d}." for d in N], "๑)": [f"{d})" for d in N],
    "(๑)": [f"({d})" for d in N], "(ก)": [f"({a})" for a in LETTERS], "ก.": [f"{a}." for a in LETTERS],
    "ก)": [f"{a})" for a in LETTERS], "- ๑)": [f"- {d})" for d in N], "-": ["-"] * 5, "•": ["•"] * 5,
}


def _key(scheme: int, level: int, item: int) -> str:
    return "k" + "abcdefghij"[scheme] + "abcd"[level - 1] + "abcde"[item - 1]


def numbering_grid() -> tuple[str, dict[str, tuple[str, int]]]:
    """Per scheme: two level-1 blocks; the first has five items in the same
    scheme, the fifth of them five more, and so on to level 4. Returns the
    content and key → (expected label, level)."""
    expected = {}
    body = []

    def items(s: int, level: int) -> str:
        entries = []
        for i in range(1, 6):
            key = _key(s, level, i)
            expected[key] = (PRINTED[SCHEMES[s]][i - 1], level)
            if i == 5 and level < 4:
                entries.append(f'{{ text = "{key}", numbering = "{SCHEMES[s]}", items = [{items(s, level + 1)}] }}')
            else:
                entries.append(f'"{key}"')
        return ", ".join(entries)

    for s, scheme in enumerate(SCHEMES):
        first, second = _key(s, 1, 1), _key(s, 1, 2)
        expected[first] = (PRINTED[scheme][0], 1)
        expected[second] = (PRINTED[scheme][1], 1)
        body.append(f'[[body]]\nnumber = "{scheme}"\ntext = "{first}"\nnumbering = "{scheme}"\n'
                    f'items = [{items(s, 2)}]\n')
        body.append(f'[[body]]\nnumber = "{scheme}"\ntext = "{second}"\n')
    body.append('[[body]]\ntext = "รายการไม่มีเลข"\nnumbering = "none"\nitems = ["nonea", "noneb"]\n')
    return document("\n".join(body), "numbering"), expected


@pytest.fixture(scope="module")
def grid():
    text, expected = numbering_grid()
    return render(text, "numbering.toml"), expected


@pytest.fixture(scope="module")
def every():
    return render(DATA / "every.toml")


def test_every_scheme_four_levels_deep_in_html(grid):
    doc, expected = grid
    found = {rest: (label, level) for label, rest, level in doc.nums()}
    assert {k: v for k, v in found.items() if k in expected} == expected
    assert "nonea" not in found and "noneb" not in found
    assert "nonea" in doc.html_text


def test_every_scheme_four_levels_deep_in_pdf(grid):
    """Each item's line starts with its label; a level-N number starts at
    indent + (N - 1) × step from the margin."""
    doc, expected = grid
    lines = {}
    for line in doc.lines:
        match = re.search(r"k[a-j][a-d][a-e]", line.text)
        if match:
            lines[match.group(0)] = line
    assert set(lines) == set(expected)
    for key, (label, level) in expected.items():
        line = lines[key]
        assert squeeze(line.text) == squeeze(label) + key, (key, line.text)
        at = P.margin_left_mm + P.level_indent_mm + (level - 1) * P.level_step_mm
        assert abs(line.x0 - at) < TOL, f"{key} ({label}, level {level}) starts at {line.x0:.2f} mm, not {at:.2f}"


def test_thai_letters_skip_kho_rakhang(grid):
    doc, _ = grid
    for prefix in ("keb", "kec", "ked"):  # (ก) at levels 2, 3 and 4
        assert [label for label, rest, _ in doc.nums() if rest[:3] == prefix] == ["(ก)", "(ข)", "(ค)", "(ง)", "(จ)"]
    assert [label for label, rest, _ in doc.nums() if rest[:3] == "kfb"] == ["ก.", "ข.", "ค.", "ง.", "จ."]
    assert "ฆ" not in doc.html_text and "ฆ" not in doc.pdf_text


def test_counting_start_restart_and_continuing(every):
    """A list continues past a paragraph and a heading; counts are per scheme;
    ``restart`` and ``start`` set the number, the next one follows it."""
    top = [(label, rest[:12]) for label, rest, level in every.nums() if level == 1]
    assert [label for label, _ in top] == ["ข้อ ๑", "ข้อ ๒", "๑.", "ข้อ ๓", "ข้อ ๑", "ข้อ ๑๐", "ข้อ ๑๑",
                                        "๑."], top  # the last: the annex's own list
    items = [label for label, _, level in every.nums() if level == 2]
    assert items == ["(๑)", "(๒)", "ข้อ ๔", "•", "•"], items  # the unnumbered วรรค between them does not count
    quoted = [label for label, rest, _ in every.nums() if rest.startswith("ให้ผู้อำนวยการ")]
    assert quoted == ["ข้อ ๔"]  # start = 4 inside a quote


def test_unnumbered_heading(every):
    headings = {h.text_content().strip(): h for h in every.tree.find_class("heading")}
    for title in ("หมวดทั่วไป", "หมวดสอง"):
        assert title in headings, sorted(headings)
        assert not headings[title].find_class("num")
    assert "๑. การแก้ไขเพิ่มเติม" in headings  # a numbered one keeps its number


def test_references_print_the_generated_number(every):
    text = " ".join(every.html_text.split())
    assert "ได้รับยกเว้นตามข้อ ๑" in text
    assert "ผู้ยื่นคำขอตาม(๒)แห่งข้อ ๒" in text
    assert "{ref" not in text and "{ref" not in every.pdf_text
    assert squeeze("ผู้ยื่นคำขอตาม(๒)แห่งข้อ ๒") in squeeze(every.pdf_text)


def _clauses(insert: bool) -> str:
    body = ['[[body]]\nnumber = "ข้อ ๑"\ntext = "ข้อแรก"\n']
    if insert:
        body.append('[[body]]\nnumber = "ข้อ ๑"\ntext = "ข้อที่แทรกเข้ามา"\n')
    body += ['[[body]]\nnumber = "ข้อ ๑"\ntext = "ข้อที่สอง"\n',
             '[[body]]\nnumber = "ข้อ ๑"\nid = "target"\ntext = "ข้อเป้าหมาย"\nnumbering = "(๑)"\n'
             'items = ["ก่อน", { id = "sub", text = "รายการอ้างถึง" }]\n',
             '[[body]]\nnumber = "ข้อ ๑"\ntext = "ให้เป็นไปตาม{ref:target} และ{ref:sub}"\n']
    return document("\n".join(body), "refs")


def test_inserting_a_clause_renumbers_clause_and_reference():
    before, after = (render(_clauses(insert), formats=("html",)) for insert in (False, True))
    for doc, target, last in ((before, "ข้อ ๓", "ข้อ ๔"), (after, "ข้อ ๔", "ข้อ ๕")):
        labels = {rest: label for label, rest, _ in doc.nums()}
        assert labels["ข้อเป้าหมาย"] == target
        assert labels["รายการอ้างถึง"] == "(๒)"
        assert labels[f"ให้เป็นไปตาม{target} และ(๒)"] == last, labels


# --- 2. digits -----------------------------------------------------------------------

@pytest.fixture(scope="module")
def arabic():
    return render(DATA / "arabic.toml")


def test_arabic_digits_everywhere(arabic):
    for where, text in (("html", arabic.html_text), ("pdf", arabic.pdf_text),
                        ("pdf lines", "".join(l.text for p in arabic.pages for l in p.lines))):
        assert not THAI_DIGIT.search(text), (where, THAI_DIGIT.findall(text), text[:300])
    text = " ".join(arabic.pdf_text.split()).replace("\xa0", " ")
    for phrase in ("ที่ 45/2567", "(ฉบับที่ 3)", "พ.ศ. 2561", "วันที่ 1 กุมภาพันธ์ พ.ศ. 2567",
                   "วงเงิน 2500 บาท", "ร้อยละ 25", "ข้อ 1 ข้อแรก", "(2) รายการที่สอง",
                   "ข้อ 2 ข้อที่สองอ้างถึงข้อ 1", "9 ค่าวัสดุ 120", "10 ค่าจ้าง 340",
                   "สั่ง ณ วันที่ 15 มีนาคม พ.ศ. 2567", "1. รายการที่ 1"):
        assert phrase in text, phrase
    numbers = [line.text.strip() for page in arabic.pages for line in page.lines
               if PAGE_NUMBER_LINE.match(line.text.strip())]
    assert numbers == ["- 2 -"], numbers


def test_thai_digits_by_default(every):
    url = "https://www.example.go.th/doc/2567/123"
    pdf = squeeze(every.pdf_text)
    assert url in pdf  # the digits of a web address stay as typed
    assert not ARABIC_DIGIT.search(pdf.replace(url, "")), ARABIC_DIGIT.findall(pdf.replace(url, ""))
    html = squeeze(every.html_text)
    assert not ARABIC_DIGIT.search(html.replace(url, ""))
    for phrase in ("ที่๑๒๓/๒๕๖๗", "วงเงิน๑๕๐๐๐๐๐บาท", "วันที่๑กุมภาพันธ์๒๕๖๗", "ภายใน๓๐วัน"):
        assert phrase in pdf, phrase


@pytest.fixture(scope="module")
def agency(tmp_path_factory):
    """A content file naming a profile file beside it: 40 mm left margin, Arabic digits."""
    folder = tmp_path_factory.mktemp("agency")
    official = (ROOT / "templates" / "profiles" / "official.toml").read_text(encoding="utf-8")
    changed = (official.replace("margin_left_mm = 30.0", "margin_left_mm = 40.0")
               .replace('digits = "thai"', 'digits = "arabic"'))
    assert changed.count("40.0") > official.count("40.0") and 'digits = "arabic"' in changed
    (folder / "agency.toml").write_text(changed, encoding="utf-8")
    source = folder / "agency-doc.toml"
    source.write_text(document('[[body]]\nnumber = "ข้อ ๑"\ntext = "ข้อความทดสอบ ' + "ทดสอบระบบ " * 30
                               + '"\n', "agency", extra='profile = "agency.toml"'), encoding="utf-8")
    return render(source)


def test_profile_file_beside_the_content(agency, every):
    left = min(line.x0 for line in agency.lines)
    assert abs(left - 40.0) < TOL, f"text starts at {left:.2f} mm"
    assert abs(min(line.x0 for line in every.lines) - P.margin_left_mm) < TOL
    assert "15 มีนาคม พ.ศ. 2567" in agency.pdf_text.replace("\xa0", " ")
    assert not THAI_DIGIT.search(agency.pdf_text)


# --- 3. tables -----------------------------------------------------------------------

def _row_key(i: int) -> str:
    return "t" + "abcdefghij"[i // 10] + "abcdefghij"[i % 10]


TABLE_ROWS = 60


@pytest.fixture(scope="module")
def table():
    rows = []
    for i in range(TABLE_ROWS):
        key = _row_key(i)
        long = " ".join(["ด่านตรวจคนเข้าเมืองชายแดน"] * (1 + i % 4))  # one to three lines
        rows.append(f'["{key}s {long} {key}e", "จังหวัด {key}p"]')
    body = ('[[body]]\ntext = "รายชื่อด่านตามบัญชีต่อไปนี้"\n\n[[body]]\n[body.table]\nnumbered = true\n'
            'start = 70\ncolumns = [{ title = "ลำดับ", width = 1, align = "center" }, '
            '{ title = "ชื่อด่าน", width = 4 }, "จังหวัด"]\n'
            'rows = [\n' + ",\n".join(rows) + '\n]\n')
    return render(document(body, "table"), "table.toml")


def test_table_html(table):
    tables = table.tree.findall(".//table")
    assert len(tables) == 1
    headers = tables[0].findall(".//thead/tr/th")
    assert [th.get("scope") for th in headers] == ["col"] * 3
    assert [th.text_content() for th in headers] == ["ลำดับ", "ชื่อด่าน", "จังหวัด"]
    rows = tables[0].findall(".//tbody/tr")
    assert len(rows) == TABLE_ROWS
    assert rows[0].findall("td")[0].text_content() == "๗๐"
    assert rows[-1].findall("td")[0].text_content() == "๑๒๙"


def test_table_header_on_every_page_and_rows_whole(table):
    pages_of = {}
    for page in table.pages:
        for line in table.body_lines(page):
            for match in re.finditer(r"t[a-j][a-j][sep]", line.text):
                pages_of.setdefault(match.group(0)[:3], set()).add(page.number)
    assert len(pages_of) == TABLE_ROWS
    spanned = sorted({p for pages in pages_of.values() for p in pages})
    assert len(spanned) >= 2, "the table should run over two pages at least"
    split = {key: pages for key, pages in pages_of.items() if len(pages) > 1}
    assert not split, f"rows split across pages: {split}"
    for number in spanned:
        lines = table.body_lines(table.pages[number - 1])
        first_row = next(i for i, line in enumerate(lines) if re.search(r"t[a-j][a-j][sep]", line.text))
        assert first_row > 0 and squeeze(lines[first_row - 1].text) == squeeze("ลำดับชื่อด่านจังหวัด"), \
            f"page {number}: {[l.text for l in lines[max(0, first_row - 2):first_row + 1]]}"
    # the generated numbers, 70 to 129
    numbers = [squeeze(line.text).split("t")[0] for line in table.lines
               if re.search(r"t[a-j][a-j]s", line.text)]
    assert numbers[0] == "๗๐" and numbers[-1] == "๑๒๙", numbers


# --- 4. annexes ----------------------------------------------------------------------

def test_annexes_start_new_pages_and_page_numbers_continue(every):
    titles = [squeeze("บัญชีแนบท้ายคำสั่ง"), squeeze("แบบคำขอ")]
    firsts = [squeeze(every.body_lines(page)[0].text) for page in every.pages]
    starts = [firsts.index(title) + 1 for title in titles]
    assert starts[0] > 1 and starts[1] > starts[0], firsts
    # the sign-off is before the first annex
    signoff = next(l.page for l in every.lines if l.text.startswith("สั่ง ณ วันที่"))
    assert signoff < starts[0]
    thai = "๐๑๒๓๔๕๖๗๘๙"
    for page in every.pages:
        numbers = [l for l in page.lines if PAGE_NUMBER_LINE.match(l.text.strip())]
        if page.number == 1:
            assert not numbers
            continue
        assert len(numbers) == 1, page.number
        expected = "".join(thai[int(d)] for d in str(page.number))
        assert PAGE_NUMBER_LINE.match(numbers[0].text.strip()).group(1) == expected
        assert numbers[0].baseline < P.margin_top_mm, "the page number is in the top margin"


# --- 5. sign-off ---------------------------------------------------------------------

@pytest.fixture(scope="module")
def agency_only():
    return render(DATA / "agency-only.toml")


def _signoff_lines(doc: Doc, first: str) -> list:
    lines = doc.lines
    start = next(i for i, line in enumerate(lines) if line.text.startswith(first))
    out = []
    for line in lines[start:]:
        if line.x0 < 100:  # the sign-off sits in the right half
            break
        out.append(line)
    return out


def test_signoff_of_an_order(every):
    lines = [squeeze(l.text) for l in _signoff_lines(every, "สั่ง ณ วันที่")]
    assert lines == [squeeze(t) for t in (
        "สั่ง ณ วันที่ ๑๕ มีนาคม พุทธศักราช ๒๕๖๗", "(นายทดสอบ ระบบดี)", "รองอธิบดีกรมทดสอบระบบเอกสาร",
        "รักษาราชการแทน", "ปฏิบัติราชการแทนอธิบดีกรมทดสอบระบบเอกสาร", "กรมทดสอบระบบเอกสาร")], lines
    closing = [l for l in every.lines if l.text.startswith("ทั้งนี้ ตั้งแต่บัดนี้")]
    assert closing and every.tree.find_class("closing")
    assert len(every.tree.find_class("signature")) == 2


def test_signoff_of_an_announcement_by_an_agency(agency_only):
    lines = _signoff_lines(agency_only, "ประกาศ ณ วันที่")
    assert [squeeze(l.text) for l in lines] == [squeeze(t) for t in (
        "ประกาศ ณ วันที่ ๕ มกราคม พ.ศ. ๒๕๖๗", "สำนักงานทดสอบระบบ", "กรมทดสอบระบบเอกสาร")]
    signoff = agency_only.tree.find_class("signoff")[0].text_content()
    assert "(" not in signoff and "-" not in signoff
    assert "(" not in agency_only.pdf_text and "-" not in agency_only.pdf_text.replace("- ๒ -", "")
    assert not agency_only.tree.find_class("closing")
    # the position stands below the date, with room for the signature between
    assert lines[1].baseline - lines[0].baseline > 2 * P.font_size_pt * P.line_height * 25.4 / 72


def _widow_doc(paragraphs: int, ending: str) -> str:
    """Five-line paragraphs, then: nothing, a closing line, or a one-line paragraph."""
    body = "".join(f'[[body]]\ntext = "ย่อหน้าที่ {i + 1} ' + "ข้อความสำหรับทดสอบการจัดหน้า " * 12 + '"\n\n'
                   for i in range(paragraphs))
    if ending == "short paragraph":
        body += '[[body]]\ntext = "ย่อหน้าสุดท้ายมีบรรทัดเดียว"\n\n'
    signoff = ('[signoff]\nclosing = "จึงประกาศให้ทราบโดยทั่วกัน"\n' if ending == "closing" else "") + SIGNOFF
    return document(body, "widow", signoff=signoff)


@pytest.fixture(scope="module")
def widows():
    """Four and five paragraphs fill page 1 almost exactly: the sign-off
    does not fit after them and goes to page 2 with some of the text."""
    return {(ending, n): render(_widow_doc(n, ending))
            for ending in ("long paragraph", "closing", "short paragraph") for n in CASES[ending]}


#: How many five-line paragraphs fill page 1 almost exactly, for each ending.
CASES = {"long paragraph": (5, 6), "closing": (4, 5), "short paragraph": (4, 5)}


def _text_with_signoff(doc: Doc) -> list:
    date = next(l for l in doc.lines if l.text.startswith("ประกาศ ณ วันที่"))
    name = next(l for l in doc.lines if l.text.startswith("(นายทดสอบ"))
    assert name.page == date.page
    assert date.page == 2, "the sign-off should not fit on page 1"
    return [l for l in doc.body_lines(doc.pages[date.page - 1]) if l.baseline < date.baseline]


@pytest.mark.parametrize("ending", ["long paragraph", "closing", "short paragraph"])
def test_date_and_signature_keep_two_lines_of_text(widows, ending):
    for n in CASES[ending]:
        text = _text_with_signoff(widows[ending, n])
        assert len(text) >= 2, f"{n} paragraphs, {ending}: only {[l.text for l in text]} above the date"


# --- 6. title block ------------------------------------------------------------------

def test_title_block_of_an_order(every):
    first = [squeeze(l.text) for l in every.pages[0].lines[:3]]
    assert first == [squeeze(t) for t in ("คำสั่งกรมทดสอบระบบเอกสาร", "ที่ ๑๒๓/๒๕๖๗",
                                          "เรื่อง การทดสอบเอกสารทุกส่วน (ฉบับที่ ๒) พ.ศ. ๒๕๖๗")], first


@pytest.fixture(scope="module")
def titles():
    return {layout: render(document('[[body]]\ntext = "ข้อความ"\n', "title", subject="การเปิดทำการ",
                                    extra=f'title = "{layout}"'))
            for layout in ("lines", "one-line")}


def test_title_on_one_line_or_two(titles):
    def baselines(doc):
        lines = doc.pages[0].lines
        title = next(l for l in lines if "ประกาศกรมทดสอบ" in l.text)
        subject = next(l for l in lines if "เรื่อง" in l.text)
        return title.baseline, subject.baseline

    title, subject = baselines(titles["one-line"])
    assert abs(title - subject) < 0.1
    title, subject = baselines(titles["lines"])
    assert subject - title > 5


# --- 7. kinds ------------------------------------------------------------------------

def test_title_word_comes_from_kinds_file(every, agency_only):
    assert set(KINDS) >= {"ประกาศ", "คำสั่ง"}
    for doc, kind in ((every, "คำสั่ง"), (agency_only, "ประกาศ")):
        title = doc.tree.find_class("issuer")[0].text_content()
        assert title.startswith(KINDS[kind]["title"] + "กรมทดสอบ") or title.startswith(KINDS[kind]["title"] + "สำนักงาน"), title
        assert squeeze(doc.pages[0].lines[0].text).startswith(squeeze(KINDS[kind]["title"]))
        assert doc.tree.find_class("date")[0].text_content().startswith(KINDS[kind]["signoff"])


def _refused(tmp_path, text: str, name: str = "doc.toml", *args: str, lang: str | None = "en"):
    """Build ``text``, expecting a refusal (exit 2, nothing written); its
    messages in English, or with ``lang=None`` in the default language, Thai."""
    source = tmp_path / name
    source.write_text(text, encoding="utf-8")
    output = tmp_path / "output"
    chosen = ("--lang", lang) if lang else ()
    result = run_prakat("build", str(source), "--output", str(output), *chosen, *args)
    assert result.returncode == 2, (result.returncode, result.stderr)
    assert "Traceback" not in result.stderr
    assert not output.exists() or not any(output.rglob("*")), list(output.rglob("*"))
    return source, result.stderr


def _line(text: str, needle: str) -> int:
    return next(i for i, line in enumerate(text.splitlines(), 1) if needle in line)


#: The words of a message in each language: (Thai, English). Thai by default,
#: English with ``--lang en``, never both.
SAID = {
    "no number": ("คำสั่งต้องมีเลขที่ เช่น", "a คำสั่ง needs its number, e.g."),
    "unknown kind": ("ไม่รู้จักชนิดเอกสาร", "unknown document kind"),
}


def _said_in(stderr: str, lang: str | None, said: tuple[str, str]) -> None:
    """``stderr`` holds the message in the language asked for and not in the other."""
    thai, english = said
    wanted, other = (english, thai) if lang == "en" else (thai, english)
    assert wanted in stderr, stderr
    assert other not in stderr, stderr


@pytest.mark.parametrize("lang", [None, "en"])
def test_order_without_number_is_refused(tmp_path, lang):
    text = document('[[body]]\ntext = "ข้อความ"\n', kind="คำสั่ง", extra='number = "1/2567"')
    text = text.replace('number = "1/2567"\n', "")
    source, stderr = _refused(tmp_path, text, lang=lang)
    assert f"{source}:{_line(text, '[document]')}" in stderr, stderr
    assert "document" in stderr and "number" in stderr, stderr
    _said_in(stderr, lang, SAID["no number"])


@pytest.mark.parametrize("lang", [None, "en"])
def test_unknown_kind_is_refused(tmp_path, lang):
    text = document('[[body]]\ntext = "ข้อความ"\n', kind="ระเบียบ")
    source, stderr = _refused(tmp_path, text, lang=lang)
    assert f"{source}:{_line(text, 'kind =')}" in stderr, stderr
    for name in KINDS:
        assert name in stderr, stderr
    _said_in(stderr, lang, SAID["unknown kind"])


# --- 8. identity ---------------------------------------------------------------------

def test_two_files_naming_one_edition_are_both_refused(tmp_path):
    text = document('[[body]]\ntext = "ข้อความ"\n', "same")
    a, b = tmp_path / "a.toml", tmp_path / "b.toml"
    a.write_text(text, encoding="utf-8")
    b.write_text(text.replace("ข้อความ", "ข้อความอื่น"), encoding="utf-8")
    output = tmp_path / "output"
    result = run_prakat("build", str(a), str(b), "--output", str(output), "--format", "html", "--lang", "en")
    assert result.returncode == 2, result.stderr
    assert not (output / "prakat-test").exists()
    assert f"{a}" in result.stderr and f"{b}" in result.stderr, result.stderr
    assert result.stderr.count("prakat-test/same") >= 2, result.stderr


def test_a_second_file_for_a_built_edition_is_refused(tmp_path):
    text = document('[[body]]\ntext = "ข้อความ"\n', "same")
    a, b = tmp_path / "a.toml", tmp_path / "b.toml"
    a.write_text(text, encoding="utf-8")
    b.write_text(text.replace("ข้อความ", "ข้อความอื่น"), encoding="utf-8")
    output = tmp_path / "output"
    first = run_prakat("build", str(a), "--output", str(output), "--format", "html")
    assert first.returncode == 0, first.stderr
    built = (output / "prakat-test" / "same" / "prakat-test-same.html").read_bytes()
    second = run_prakat("build", str(b), "--output", str(output), "--format", "html", "--lang", "en")
    assert second.returncode == 2, second.stderr
    assert str(b) in second.stderr and str(a) in second.stderr.split(str(b), 1)[1], second.stderr
    assert (output / "prakat-test" / "same" / "prakat-test-same.html").read_bytes() == built


# --- 9. layout rules -----------------------------------------------------------------

HEADING_KEY = re.compile(r"hd[a-z][a-z]")


@pytest.fixture(scope="module")
def headings():
    """Pages of headings, each followed by a paragraph of 1 to 4 lines: some
    heading falls on the last line of a page unless it is kept with its text."""
    body = []
    for i in range(45):
        key = "hd" + "abcdefghij"[i // 10] + "abcdefghij"[i % 10]
        body.append(f'[[body]]\nheading = "หัวข้อ {key}"\n')
        body.append('[[body]]\ntext = "' + "เนื้อความของหัวข้อนี้เพื่อทดสอบ " * (1 + 5 * (i % 4)) + '"\n')
    return render(document("\n".join(body), "headings"), "headings.toml")


def test_heading_never_ends_a_page(headings):
    assert len(headings.pages) >= 4
    for page in headings.pages[:-1]:
        last = headings.body_lines(page)[-1]
        assert not HEADING_KEY.search(last.text), f"page {page.number} ends with {last.text}"
    found = {m.group(0) for line in headings.lines for m in [HEADING_KEY.search(line.text)] if m}
    assert len(found) == 45


FILLER = ["การ", "ประชุม", "คณะกรรมการ", "พิจารณา", "แผนงาน", "ประจำปี", "งบประมาณ", "ของ", "หน่วยงาน"]


@pytest.fixture(scope="module")
def breaks():
    """Paragraphs where ``ที่ ๑๒๓/๒๕๖๗`` and ``พ.ศ. ๒๕๖๗`` fall at every place of a line."""
    body = []
    for i in range(40):
        words = "".join(FILLER[(i + j) % len(FILLER)] for j in range(i % 9 + 1))
        body.append(f'[[body]]\ntext = "{words}ตามคำสั่งที่ 123/2567 ลงวันที่ {i % 28 + 1} มีนาคม พ.ศ. 2567 '
                    f'{words}ตามประกาศ พ.ศ. 2567 และคำสั่งที่ 123/2567 {words}ให้ดำเนินการต่อไป"\n')
    return render(document("\n".join(body), "breaks"), "breaks.toml")


def test_numbers_and_years_stay_on_one_line(breaks):
    lines = [squeeze(line.text) for line in breaks.lines if line.x0 < 100]  # not the sign-off
    assert sum(line.count("พ.ศ.๒๕๖๗") for line in lines) == 80
    assert sum(line.count("๑๒๓/๒๕๖๗") for line in lines) == 80
    for line in lines:
        assert not line.endswith(("พ.ศ.", "๑๒๓/", "๑๒๓")), line
    # the rule was put to work: lines do end just before the phrases
    assert sum(line.startswith("พ.ศ.") for line in lines) >= 3
    assert sum(line.startswith(("ที่๑๒๓/", "๑๒๓/")) for line in lines) >= 3


URL = ("https://www.example.go.th/announcements/2567/department-of-testing/"
       "very-long-folder-name-for-documents/attachment_number_0123456789.pdf?download=1&lang=th")


@pytest.fixture(scope="module")
def url():
    return render(document(f'[[body]]\ntext = "ดูรายละเอียดได้ที่ {URL} หรือสอบถามทางโทรศัพท์"\n', "url"),
                  "url.toml")


def test_long_url_breaks_inside_the_margin(url):
    holding = [line for line in url.lines if any(part in line.text for part in ("https://", "attachment", "lang=th"))]
    assert len({line.baseline for line in holding}) >= 2, [l.text for l in holding]
    assert URL in squeeze(url.pdf_text)
    for line in url.lines:
        assert line.x1 <= RIGHT_EDGE + TOL, f"{line.text} ends at {line.x1:.2f} mm"


@pytest.mark.parametrize("name", ["grid", "every", "arabic", "table", "agency_only", "headings", "breaks",
                                  "url"])
def test_no_line_runs_past_the_right_margin(request, name):
    doc = request.getfixturevalue(name)
    doc = doc[0] if isinstance(doc, tuple) else doc
    for line in doc.lines:
        assert line.x1 <= RIGHT_EDGE + TOL, f"page {line.page}: {line.text[:40]} ends at {line.x1:.2f} mm"


# --- 10. validation messages ---------------------------------------------------------

VALID = document('[[body]]\nnumber = "ข้อ ๑"\nid = "first"\ntext = "ข้อแรก"\n\n'
                 '[[body]]\nnumber = "ข้อ ๑"\nid = "second"\ntext = "ตาม{ref:first}"\n', "valid")

MISTAKES = {
    # name: (replace, with, line holding, (message in Thai, in English))
    "unknown key": ('subject = "การทดสอบ"', 'subjct = "การทดสอบ"', "subjct",
                    ('หมายถึง "subject" หรือไม่', 'Did you mean "subject"')),
    "unknown scheme": ('number = "ข้อ ๑"\nid = "second"', 'number = "[๑]"\nid = "second"', "[๑]",
                       ("ไม่รู้จักแบบเลขลำดับ", "unknown numbering")),
    "unknown reference": ("{ref:first}", "{ref:firts}", "{ref:firts}",
                          ('หมายถึง "{ref:first}" หรือไม่', 'Did you mean "{ref:first}"')),
    "duplicate id": ('id = "second"', 'id = "first"', 'id = "first"\ntext = "ตาม',
                     ('id "first" ซ้ำกับที่อื่น', 'the id "first" is used twice')),
}


def test_the_valid_content_builds():
    assert content.loads(VALID, "valid.toml").body[1].number == 2


@pytest.mark.parametrize("lang", [None, "en"])
@pytest.mark.parametrize("case", sorted(MISTAKES))
def test_format2_mistakes_are_refused_with_file_and_line(tmp_path, case, lang):
    """The file and line, and the message in one language: Thai by default,
    English with ``--lang en``."""
    old, new, holding, message = MISTAKES[case]
    assert old in VALID
    text = VALID.replace(old, new, 1) if case != "duplicate id" else VALID.replace(old, new)
    source, stderr = _refused(tmp_path, text, lang=lang)
    if "\n" in holding:
        line = text.index(holding)
        line = text.count("\n", 0, line) + 1
    else:
        line = _line(text, holding)
    assert f"{source}:{line}" in stderr, stderr
    _said_in(stderr, lang, message)


# --- 11. the same text in HTML and PDF -----------------------------------------------

def test_html_and_pdf_hold_the_same_text(every):
    html, pdf = squeeze(every.html_text), squeeze(every.pdf_text)
    if html != pdf:
        at = next((i for i, (a, b) in enumerate(zip(html, pdf)) if a != b), min(len(html), len(pdf)))
        pytest.fail(f"differ at {at}:\n  html …{html[max(0, at - 40):at + 40]}…\n  pdf  …{pdf[max(0, at - 40):at + 40]}…")
