"""Review drafts (``prakat build --draft``) and certified copies (``prakat copy``),
issue 13: read back from the PDF (text and positions), the DOCX (text and
header XML) and the HTML."""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import io
import shutil
import subprocess
import unicodedata
import zipfile

import docx
import lxml.html
import pdfplumber
import pytest

import pdfmeasure
from conftest import ROOT, SEED_CONTENT, run_prakat
from generator import build as builder
from generator import content, render
from generator.commands import batch
from generator.commands import state as states
from generator.commands import copy as copies
from generator.document.digest import content_digest, short_digest
from generator.document.model import Node
from generator.errors import BuildError, Refused
from generator.messages import M
from generator.format import versions
from generator.render import marks
from generator.render.marks import Certification, Marks

EXAMPLE_V2 = ROOT / "content" / "examples" / "04_caat-airport-hours-annex-2563.toml"
NAME = "นางสาวสมใจ ใจดี"
POSITION = "นักจัดการงานทั่วไปชำนาญการ"
DATE = dt.date(2024, 3, 20)
DATE_THAI = "๒๐ มีนาคม ๒๕๖๗"
#: The largest size of the document's text; the watermark is far larger.
TEXT_PT = 30


def fold(text: str) -> str:
    """What pdfminer gives back for ``text`` (NFKC: ำ is ํ + า), spaces folded."""
    return " ".join(unicodedata.normalize("NFKC", text).split())


def seed():
    return content.load(SEED_CONTENT)


def profile_of(announcement):
    return versions.with_content_digits(versions.profile_for(announcement), announcement)


def top_margin(page_number: int, profile) -> float:
    return profile.margin_top_first_mm if page_number == 1 else profile.margin_top_mm


def watermark_chars(page) -> list[dict]:
    return [c for c in page.chars if c["size"] > TEXT_PT]


def read(data: bytes) -> list[pdfmeasure.Page]:
    """The pages' lines of text as :func:`pdfmeasure.read` gives them, without
    the watermark's glyphs (each turned glyph has a baseline of its own)."""
    pages = []
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        for number, page in enumerate(pdf.pages, start=1):
            lines: list[pdfmeasure.Line] = []
            for c in page.chars:
                if c["size"] > TEXT_PT:
                    continue
                baseline = (page.height - c["matrix"][5]) * pdfmeasure.MM
                char = pdfmeasure.Char(c["text"], c["x0"] * pdfmeasure.MM, c["x1"] * pdfmeasure.MM,
                                       c["size"], c["fontname"])
                for line in lines:
                    if abs(line.baseline - baseline) < 0.5:
                        line.chars.append(char)
                        break
                else:
                    lines.append(pdfmeasure.Line(number, baseline, [char]))
            lines = sorted((line for line in lines if line.text.strip()), key=lambda l: l.baseline)
            pages.append(pdfmeasure.Page(number, page.width * pdfmeasure.MM,
                                         page.height * pdfmeasure.MM, lines, []))
    return pages


def thai_digits(text: str) -> str:
    return text.translate(str.maketrans("0123456789", "๐๑๒๓๔๕๖๗๘๙"))


# --- drafts -----------------------------------------------------------------------

@pytest.fixture(scope="module")
def draft_build(tmp_path_factory):
    """The seed built with --draft by the real command, and its final build."""
    out = tmp_path_factory.mktemp("draft")
    result = run_prakat("build", str(SEED_CONTENT), "--output", str(out), "--draft")
    assert result.returncode == 0, result.stderr
    folder = out / "khon-kaen" / "2567"
    drafts = {fmt: folder / f"khon-kaen-2567.draft.{fmt}" for fmt in ("html", "pdf", "docx")}
    finals = builder.render_outputs(seed(), builder.FORMATS)
    return out, folder, result, drafts, finals


@pytest.fixture(scope="module")
def draft_v2():
    """A template-version-2 edition with an annex, as a draft (PDF, DOCX) and final."""
    announcement = content.load(EXAMPLE_V2)
    return (announcement, builder.render_outputs(announcement, ("pdf", "docx"), marks=Marks(draft=True)),
            builder.render_outputs(announcement, ("pdf", "docx")))


def test_draft_goes_beside_the_edition_and_says_so(draft_build):
    out, folder, result, drafts, _ = draft_build
    assert all(path.is_file() for path in drafts.values())
    # The edition's own files are not written (nor replaced) by a draft build.
    assert not (folder / "khon-kaen-2567.pdf").exists()
    # Said in Thai by default (English only with --lang en).
    said = M("the review drafts are the NAME.draft.* files in each edition's folder: not the"
             " issued edition, and never archived").text("th")
    assert "NAME.draft" in said and "ร่าง" in said
    assert said in result.stdout and "never archived" not in result.stdout


def check_draft_pdf(data: bytes, announcement) -> None:
    profile = profile_of(announcement)
    ident = f"{announcement.issuer_id}/{announcement.edition}"
    digest = short_digest(announcement)
    assert digest == content_digest(announcement)[:8]
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        pages = list(pdf.pages)
        assert pages
        for page in pages:
            width, height = page.width * pdfmeasure.MM, page.height * pdfmeasure.MM
            mark = watermark_chars(page)
            assert fold("".join(c["text"] for c in mark)) == fold("ร่าง"), page.page_number
            # Drawn first: behind the text of the page.
            assert page.chars[:len(mark)] == mark
            for char in mark:
                colour = char["non_stroking_color"]
                assert len(colour) == 3 and len(set(colour)) == 1, colour  # grey
                assert 0.8 <= colour[0] < 0.95, colour                     # light, not white
                a, b, c, d, _, _ = char["matrix"]
                assert a == pytest.approx(d) and b == pytest.approx(a) and c == pytest.approx(-a)  # 45°
            x0 = min(c["x0"] for c in mark) * pdfmeasure.MM
            x1 = max(c["x1"] for c in mark) * pdfmeasure.MM
            top = min(c["top"] for c in mark) * pdfmeasure.MM
            bottom = max(c["bottom"] for c in mark) * pdfmeasure.MM
            # The glyphs' boxes (ascent to descent, wider than the ink) hold the page's middle.
            assert x0 < width / 2 < x1 and top < height / 2 < bottom
            assert abs((x0 + x1) / 2 - width / 2) < 20 and abs((top + bottom) / 2 - height / 2) < 25
    for page in read(data):
        footer = [line for line in page.lines if line.baseline > page.height - profile.margin_bottom_mm]
        assert len(footer) == 1, (page.number, [line.text for line in footer])
        words = fold(footer[0].text)
        assert ident in words and digest in words and fold("ร่าง") in words
        # Centred under the text, as the page number is over it.
        assert abs(footer[0].centre - (profile.margin_left_mm + profile.text_width_mm / 2)) < 2
        assert footer[0].baseline < page.height - 2


def test_every_draft_pdf_page_has_the_watermark_and_the_footer_line(draft_build):
    _, _, _, drafts, _ = draft_build
    check_draft_pdf(drafts["pdf"].read_bytes(), seed())


def test_draft_marks_in_a_version_2_document(draft_v2):
    announcement, draft, _ = draft_v2
    assert announcement.template_version != 1
    check_draft_pdf(draft["pdf"], announcement)
    check_draft_docx(draft["docx"], announcement)


def body_lines(data: bytes, leave_out: tuple[str, ...] = ()) -> list[tuple[int, float, float, str]]:
    """Every line of the document's text above the bottom margin (no
    watermark, no footer line), with the texts ``leave_out`` taken out."""
    out = []
    for page in read(data):
        for line in page.lines:
            text = fold(line.text)
            for words in leave_out:
                text = text.replace(fold(words), "").strip()
            if text and line.baseline < page.height - 20:
                out.append((page.number, round(line.baseline, 2), round(line.x0, 2), text))
    return out


def copy_marks(number: int, total: int) -> tuple[str, ...]:
    """The texts a certified copy adds to the edition's pages."""
    return (thai_digits(f"สำเนาที่ {number}/{total}"), "สำเนาถูกต้อง", f"({NAME})", POSITION, DATE_THAI)


def test_a_draft_breaks_its_pages_exactly_as_the_edition(draft_build, draft_v2):
    _, _, _, drafts, finals = draft_build
    assert body_lines(drafts["pdf"].read_bytes()) == body_lines(finals["pdf"])
    _, draft, final = draft_v2
    assert body_lines(draft["pdf"]) == body_lines(final["pdf"])


def test_ink_of_the_watermark_is_centred_on_every_page(tmp_path):
    """Rendered to pixels with the document's text hidden: the ink's middle
    is the page's (the first page's top margin differs from the others')."""
    if shutil.which("pdftoppm") is None:
        pytest.skip("pdftoppm (poppler) is not installed")
    from PIL import Image

    from generator.writers import pdf

    announcement = seed()
    profile = profile_of(announcement)
    html = render.render(announcement, profile, marks=Marks(draft=True))
    html = html.replace("</style>", f".prakat, .{marks.FOOTER} {{ visibility: hidden; }}</style>", 1)
    (tmp_path / "draft.pdf").write_bytes(pdf.write(html, b"0" * 32, profile, announcement=announcement))
    subprocess.run(["pdftoppm", "-r", "40", "-gray", "-png", str(tmp_path / "draft.pdf"),
                    str(tmp_path / "page")], check=True)
    images = [Image.open(path) for path in sorted(tmp_path.glob("page-*.png"))]
    assert len(images) == 2
    for number, image in enumerate(images, start=1):
        pixels = image.convert("L").load()
        width, height = image.size
        top_cut = round(height * 30 / 297)  # the page number
        ink = [(x, y) for y in range(top_cut, height) for x in range(width) if pixels[x, y] < 250]
        scale = 210 / width
        cx = sum(x for x, _ in ink) / len(ink) * scale
        cy = sum(y for _, y in ink) / len(ink) * scale
        assert abs(cx - 105) < 4 and abs(cy - 148.5) < 5, (number, cx, cy)
        assert len(ink) * scale * scale > 1000  # large: over 10 cm² of ink


def test_draft_html_has_a_banner(draft_build):
    _, _, _, drafts, finals = draft_build
    announcement = seed()
    tree = lxml.html.fromstring(drafts["html"].read_bytes())
    notes = tree.xpath('//*[@role="note"]')
    assert len(notes) == 1
    banner = notes[0]
    assert banner.get("lang") == "th"
    assert banner.getparent().tag == "body" and not banner.xpath("ancestor::article")
    text = " ".join(banner.text_content().split())
    assert "ร่าง" in text and "khon-kaen/2567" in text and short_digest(announcement) in text
    # Shown on screen, not printed (the print has the watermark and the footer line).
    page = drafts["html"].read_text(encoding="utf-8")
    assert f".{marks.BANNER} {{ display: none; }}" in page
    assert f".{marks.BANNER} {{\n    position: sticky" in page
    # The article itself is the edition's.
    final = lxml.html.fromstring(finals["html"])
    assert (lxml.html.tostring(tree.find(".//article"))
            == lxml.html.tostring(final.find(".//article")))


def check_draft_docx(data: bytes, announcement) -> None:
    document = docx.Document(io.BytesIO(data))
    section = document.sections[0]
    assert section.different_first_page_header_footer
    line = f"{announcement.issuer_id}/{announcement.edition}"
    digest = short_digest(announcement)
    for header in (section.first_page_header, section.header):
        xml = header._element.xml
        assert 'string="ร่าง"' in xml and "v:textpath" in xml
        assert 'fillcolor="#d9d9d9"' in xml and "rotation:315" in xml
        assert "mso-position-horizontal:center" in xml and "mso-position-vertical:center" in xml
    for footer in (section.first_page_footer, section.footer):
        text = " ".join(p.text for p in footer.paragraphs)
        assert line in text and digest in text and "ร่าง" in text
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        headers = [n for n in package.namelist() if n.startswith("word/header")]
        footers = [n for n in package.namelist() if n.startswith("word/footer")]
        assert len(headers) == 2 and len(footers) == 2
        for name in headers:
            assert "ร่าง".encode() in package.read(name)


def test_draft_docx_has_the_watermark_in_its_headers_and_the_footer_line(draft_build):
    _, _, _, drafts, finals = draft_build
    data = drafts["docx"].read_bytes()
    check_draft_docx(data, seed())
    # The document's text is the edition's, paragraph for paragraph.
    draft = docx.Document(io.BytesIO(data))
    final = docx.Document(io.BytesIO(finals["docx"]))
    assert [p.text for p in draft.paragraphs] == [p.text for p in final.paragraphs]
    # Page 1's header holds nothing that could push its text down.
    first = draft.sections[0].first_page_header.paragraphs
    assert len(first) == 1 and first[0].text == ""
    assert first[0].paragraph_format.line_spacing.pt == 1


def test_without_marks_the_page_is_the_templates():
    announcement = seed()
    profile = profile_of(announcement)
    plain = render.render(announcement, profile)
    assert render.render(announcement, profile, marks=None) == plain
    assert render.render(announcement, profile, marks=Marks()) == plain
    assert "prakat-draft" not in plain and "prakat-copy" not in plain
    marked = render.render(announcement, profile, marks=Marks(draft=True))
    assert marked != plain


def test_a_draft_is_never_archived():
    announcement = seed()
    with pytest.raises(Refused):
        builder.render_outputs(announcement, ("pdf",), sources={"a.toml": (b"x", "content")},
                               marks=Marks(draft=True))


def test_the_batch_keeps_drafts_and_editions_apart(tmp_path):
    """A draft after a final build is built (never "unchanged"); the edition's
    files and records stay as they were; each is unchanged only against itself."""
    path = tmp_path / "khon-kaen" / "2567.toml"
    path.parent.mkdir()
    path.write_text(SEED_CONTENT.read_text(encoding="utf-8"), encoding="utf-8")
    output = tmp_path / "output"

    def run(draft: bool) -> str:
        summary = batch.run([path], output, ("pdf",), jobs=1, draft=draft)
        assert summary.exit_code == 0
        return summary.outcomes[0].status

    folder = output / "khon-kaen" / "2567"
    assert run(False) == batch.BUILT
    final_bytes = (folder / "khon-kaen-2567.pdf").read_bytes()
    state = states.read_state(folder)["outputs"]
    assert run(True) == batch.BUILT
    assert run(True) == batch.UNCHANGED
    after = states.read_state(folder)["outputs"]
    assert after["pdf"] == state["pdf"]                       # the edition's record untouched
    assert after["draft.pdf"]["key"] != after["pdf"]["key"]   # a draft's key is never a final's
    assert after["draft.pdf"]["file"] == "khon-kaen-2567.draft.pdf"
    assert (folder / "khon-kaen-2567.pdf").read_bytes() == final_bytes
    assert run(False) == batch.UNCHANGED                      # the edition's file is still right
    # A draft where the edition's file should be is rebuilt, never taken as the edition.
    (folder / "khon-kaen-2567.pdf").write_bytes((folder / "khon-kaen-2567.draft.pdf").read_bytes())
    assert run(False) == batch.BUILT
    assert (folder / "khon-kaen-2567.pdf").read_bytes() == final_bytes
    keys = {batch.input_key(content.load(path), "env"), batch.input_key(content.load(path), "env", True)}
    assert len(keys) == 2


# --- certified copies -------------------------------------------------------------

@pytest.fixture(scope="module")
def copied(tmp_path_factory):
    folder = tmp_path_factory.mktemp("copies")
    result = run_prakat("copy", str(SEED_CONTENT), "--copies", "3", "--certified-by", NAME,
                        "--position", POSITION, "--date", DATE.isoformat(), "--output", str(folder))
    assert result.returncode == 0, result.stderr
    return folder, result


def certification_lines(page) -> list:
    """The lines of the certification block on ``page``, title first (empty if none)."""
    titles = [line for line in page.lines if fold(line.text) == fold("สำเนาถูกต้อง")]
    if not titles:
        return []
    assert len(titles) == 1
    return [line for line in page.lines if line.baseline >= titles[0].baseline - 0.5]


def check_certified(data: bytes, announcement, number: int, total: int) -> list:
    """Check one copy's marks; returns its pages (pdfmeasure)."""
    profile = profile_of(announcement)
    pages = read(data)
    label = fold(thai_digits(f"สำเนาที่ {number}/{total}"))
    for page in pages:
        labels = [line for line in page.lines if label in fold(line.text)]
        assert len(labels) == 1, (page.number, [line.text for line in page.lines[:3]])
        line = labels[0]
        assert line.baseline < top_margin(page.number, profile)      # in the top margin
        mine = [c for c in line.chars if c.x0 >= line.x1 - 25]       # the label: at the right
        assert min(c.x0 for c in mine) > page.width / 2
        assert line.x1 <= page.width - profile.margin_right_mm + 0.5
    for page in pages[:-1]:
        assert not certification_lines(page), f"a certification on page {page.number}"
    last = pages[-1]
    block = certification_lines(last)
    texts = [fold(line.text) for line in block]
    assert texts == [fold("สำเนาถูกต้อง"), fold(f"({NAME})"), fold(POSITION), fold(DATE_THAI)]
    left, right = profile.margin_left_mm, last.width - profile.margin_right_mm
    for line in block:
        assert line.centre > last.width / 2                          # right of the page's middle
        assert left - 0.5 <= line.x0 and line.x1 <= right + 0.5       # inside the margins
        assert line.baseline <= last.height - profile.margin_bottom_mm + 0.5
    # At the bottom of the page area: the date's line ends at the bottom margin.
    assert block[-1].baseline > last.height - profile.margin_bottom_mm - 8
    # Below the last line of text, never on it: at least a line's height clear.
    pitch = profile.font_size_pt * profile.line_height * 25.4 / 72
    text = [line for line in last.lines
            if line not in block and line.baseline > top_margin(last.number, profile)]
    if text:
        assert block[0].baseline - max(line.baseline for line in text) >= pitch
    # The signature line: a dotted rule between the title and the name.
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        page = pdf.pages[-1]
        rules = [e for e in page.rects + page.lines + page.curves
                 if block[0].baseline < e["bottom"] * pdfmeasure.MM < block[1].baseline
                 and abs((e["x1"] - e["x0"]) * pdfmeasure.MM - marks.SIGN_LINE_MM) < 1
                 and e["x0"] * pdfmeasure.MM > last.width / 2 - 30]
        assert rules, "no signature line under สำเนาถูกต้อง"
    return pages


def test_copy_writes_n_numbered_certified_pdfs_and_a_register(copied):
    folder, result = copied
    announcement = seed()
    files = sorted(folder.glob("*.pdf"))
    assert [p.name for p in files] == [f"khon-kaen-2567.copy-{k}-of-3.pdf" for k in (1, 2, 3)]
    register = copies.read_register(folder / "khon-kaen-2567.copies.tsv")
    assert [row["copy"] for row in register] == ["1", "2", "3"]
    final_pages = len(read(builder.render_outputs(announcement, ("pdf",))["pdf"]))
    for number, (path, row) in enumerate(zip(files, register), start=1):
        data = path.read_bytes()
        assert row["file"] == path.name and row["of"] == "3"
        assert row["sha256"] == hashlib.sha256(data).hexdigest()
        assert (row["certified_by"], row["position"], row["date"]) == (NAME, POSITION, "2024-03-20")
        assert row["edition"] == "khon-kaen/2567"
        assert row["content_sha256"] == content_digest(announcement)
        pages = check_certified(data, announcement, number, 3)
        assert len(pages) == final_pages  # the seed's last page has room for the block
    assert len({row["sha256"] for row in register}) == 3
    assert "Traceback" not in result.stderr


def test_copy_text_is_the_editions(copied):
    folder, _ = copied
    final = body_lines(builder.render_outputs(seed(), ("pdf",))["pdf"])
    copy = body_lines((folder / "khon-kaen-2567.copy-2-of-3.pdf").read_bytes(), copy_marks(2, 3))
    assert copy == final


def with_paragraphs(announcement, count: int):
    extra = tuple(Node(text=f"ย่อหน้าทดสอบที่ {n + 1} ข้อความสั้นหนึ่งบรรทัด") for n in range(count))
    return dataclasses.replace(announcement, body=announcement.body + extra)


def free_space(data: bytes, profile) -> tuple[int, float]:
    """Pages, and the room (mm) under the last page's last line of text."""
    pages = read(data)
    last = pages[-1]
    lowest = max(line.baseline for line in last.lines)
    return len(pages), last.height - profile.margin_bottom_mm - lowest


def test_certification_goes_to_a_new_page_when_the_last_has_no_room():
    announcement = seed()
    profile = profile_of(announcement)
    certification = Certification(NAME, POSITION, DATE, 1, 1)
    copy = builder.render_outputs(announcement, ("pdf",), marks=Marks(copy=certification))["pdf"]
    block = certification_lines(read(copy)[-1])
    needed = block[-1].baseline - block[0].baseline + 15  # the block, its top space, a line
    pages, free = free_space(builder.render_outputs(announcement, ("pdf",))["pdf"], profile)
    one, _ = free_space(builder.render_outputs(with_paragraphs(announcement, 1), ("pdf",))["pdf"],
                        profile)
    pitch = profile.font_size_pt * profile.line_height * 25.4 / 72 + profile.block_space_pt * 25.4 / 72
    count = max(1, int((free - needed / 2) / pitch))
    for _ in range(12):  # the text's last page filled to less than the block needs
        tight = with_paragraphs(announcement, count)
        final = builder.render_outputs(tight, ("pdf",))["pdf"]
        final_pages, room = free_space(final, profile)
        if final_pages == pages and 0 < room < needed - 10:
            break
        count += 1 if final_pages == pages else -1
    else:
        pytest.fail("could not fill the last page")
    data = builder.render_outputs(tight, ("pdf",), marks=Marks(copy=certification))["pdf"]
    result = check_certified(data, tight, 1, 1)
    assert len(result) == final_pages + 1        # a page of its own
    # The edition's pages are as they were; the new page holds the block alone
    # (and its page number).
    lines = body_lines(data, copy_marks(1, 1))
    assert body_lines(final) == [line for line in lines if line[0] <= final_pages]
    assert [line[3] for line in lines if line[0] > final_pages] == [
        fold(thai_digits(f"- {final_pages + 1} -"))]


@pytest.mark.parametrize("args, option", [
    (["--copies", "0"], "--copies"),
    (["--copies", "100000"], "--copies"),
    (["--copies", "three"], "--copies"),
    (["--copies", "2", "--date", "2024-02-30"], "--date"),
    (["--copies", "2", "--certified-by", "   "], "--certified-by"),
])
def test_bad_copy_arguments_are_refused_plainly(tmp_path, args, option):
    base = {"--certified-by": NAME, "--position": POSITION}
    for key, value in zip(args[::2], args[1::2]):
        base[key] = value
    argv = [x for pair in base.items() for x in pair]
    result = run_prakat("copy", str(SEED_CONTENT), *argv, "--output", str(tmp_path / "c"))
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr and option in result.stderr
    assert not (tmp_path / "c").exists()


def test_missing_certifier_is_refused_plainly_in_thai(tmp_path):
    result = run_prakat("copy", str(SEED_CONTENT), "--copies", "1000", "--position", POSITION,
                        "--output", str(tmp_path / "c"))
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert "ต้องบอกชื่อผู้รับรองสำเนา (--certified-by)" in result.stderr
    assert "จำนวนสำเนาต้องเป็นจำนวนเต็ม ๑ ถึง ๙๙๙ แต่ได้ 1000" in result.stderr
    assert "is needed" not in result.stderr and "whole number" not in result.stderr
    assert not (tmp_path / "c").exists()


def test_missing_certifier_is_refused_plainly_in_english(tmp_path):
    result = run_prakat("copy", str(SEED_CONTENT), "--copies", "2", "--position", POSITION,
                        "--output", str(tmp_path / "c"), "--lang", "en")
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert "--certified-by is needed" in result.stderr
    assert not any("\u0e00" <= c <= "\u0e7f" for c in result.stderr.replace(POSITION, ""))
    assert not (tmp_path / "c").exists()


def test_certified_copies_are_pdf_only():
    certification = Certification(NAME, POSITION, DATE, 1, 2)
    with pytest.raises(BuildError):
        builder.render_outputs(seed(), ("docx",), marks=Marks(copy=certification))
    with pytest.raises(ValueError):
        Certification(NAME, POSITION, DATE, 3, 2)
    with pytest.raises(ValueError):
        Certification(NAME, POSITION, DATE, 1, 1000)


def test_a_certifier_name_the_font_cannot_draw_is_refused():
    with pytest.raises(Exception) as caught:
        copies.check("2", "นาย\U0001F600", POSITION, None)
    assert "--certified-by" in str(caught.value)


def test_copies_of_an_archived_edition_whose_text_changed_are_refused(tmp_path, monkeypatch):
    folder = tmp_path / "khon-kaen"
    folder.mkdir()
    edition = folder / "2567.toml"
    shutil.copy(SEED_CONTENT, edition)
    monkeypatch.setenv("PRAKAT_ARCHIVE", str(tmp_path / "archive"))
    assert run_prakat("archive", str(edition)).returncode == 0
    out = tmp_path / "copies"
    arguments = ("copy", str(edition), "--copies", "2", "--certified-by", "นายทดสอบ ระบบดี",
                 "--position", "ปลัดจังหวัด", "--output", str(out), "--lang", "en")
    same = run_prakat(*arguments)
    assert same.returncode == 0, same.stderr
    shutil.rmtree(out)
    edition.write_text(edition.read_text(encoding="utf-8").replace("มหานครน่าอยู่", "มหานครน่าอยู่ยิ่ง"),
                       encoding="utf-8")
    changed = run_prakat(*arguments)
    assert changed.returncode == 3, changed.stdout + changed.stderr
    assert "Traceback" not in changed.stderr and not out.exists()
