"""Turn the rendered document into a DOCX that staff can edit in Word.

The writer walks the same HTML the other writers use: each block element
becomes one paragraph with a named style (so staff restyle in Word, not run
by run), and every run carries TH Sarabun New in the complex-script slots.
"""

from __future__ import annotations

import copy
import datetime as dt
import io
import re
import zipfile
from functools import lru_cache

import docx
import lxml.html
from docx.enum.section import WD_SECTION
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.opc.pkgwriter import PackageWriter
from docx.oxml import OxmlElement
from docx.shared import Mm, Pt

from .. import docx_xml, thai
from ..profile import OFFICIAL, Profile

#: style id → (name shown in Word, alignment, first-line indent?, bold).
STYLES = {
    "PrakatEmblem": ("ประกาศ-ตราครุฑ", WD_ALIGN_PARAGRAPH.CENTER, False, False),
    "PrakatTitle": ("ประกาศ-ชื่อประกาศ", WD_ALIGN_PARAGRAPH.CENTER, False, True),
    "PrakatSubject": ("ประกาศ-เรื่อง", WD_ALIGN_PARAGRAPH.CENTER, False, True),
    "PrakatRule": ("ประกาศ-เส้นคั่น", WD_ALIGN_PARAGRAPH.CENTER, False, False),
    "PrakatBody": ("ประกาศ-เนื้อความ", WD_ALIGN_PARAGRAPH.THAI_JUSTIFY, True, False),
    "PrakatHeading": ("ประกาศ-หัวข้อ", WD_ALIGN_PARAGRAPH.LEFT, True, False),
    "PrakatQuote": ("ประกาศ-ข้อความยกมา", WD_ALIGN_PARAGRAPH.LEFT, True, False),
    "PrakatItem": ("ประกาศ-ข้อย่อย", WD_ALIGN_PARAGRAPH.THAI_JUSTIFY, False, False),
    "PrakatDate": ("ประกาศ-วันที่", WD_ALIGN_PARAGRAPH.CENTER, False, False),
    "PrakatSignature": ("ประกาศ-ผู้ลงนาม", WD_ALIGN_PARAGRAPH.CENTER, False, False),
    "PrakatPageNumber": ("ประกาศ-เลขหน้า", WD_ALIGN_PARAGRAPH.CENTER, False, False),
}

#: HTML element (tag.class) → paragraph style id.
BLOCKS = {
    "img.emblem": "PrakatEmblem",
    "h1.title": "PrakatTitle",
    "p.subject": "PrakatSubject",
    "hr.rule": "PrakatRule",
    "p.paragraph": "PrakatBody",
    "p.closing": "PrakatBody",
    "h2.heading": "PrakatHeading",
    "blockquote.quote": "PrakatQuote",
    "li.item": "PrakatItem",
    "p.date": "PrakatDate",
    "p.signer-name": "PrakatSignature",
    "p.signer-position": "PrakatSignature",
}

_SPACE = re.compile(r"\s+")


#: Dates when none are given: the earliest a zip entry can carry.
EPOCH = dt.datetime(1980, 1, 1)


def write(html: str, profile: Profile = OFFICIAL, *, title: str = "", author: str = "",
          created: dt.datetime | None = None, modified: dt.datetime | None = None,
          images: dict[str, bytes] | None = None) -> bytes:
    """The DOCX bytes of the rendered document ``html``.

    ``created`` and ``modified`` (UTC) are the core properties' dates;
    ``modified`` is also every zip entry's time, so the bytes never depend on
    when the document was built. ``images`` maps the document's image links
    (``../../assets/x.png``) to bytes.
    """
    created = (created or EPOCH).replace(tzinfo=None)
    modified = (modified or created).replace(tzinfo=None)
    # The page set-up and the styles depend only on the profile: they are built
    # once per process (see _base) and each document starts from a copy.
    document = docx.Document(io.BytesIO(_base(profile)))
    _core_properties(document, title, author, created, modified)
    tree = lxml.html.fromstring(html)
    body = document._body
    for element in tree.iter():
        classes = element.get("class", "").split()
        key = f"{element.tag}.{classes[0] if classes else ''}"
        style = BLOCKS.get(key)
        if style is None:
            continue
        paragraph = body.add_paragraph()
        # Set the style id directly: python-docx's lookup by name scans every style.
        paragraph._p.get_or_add_pPr().style = style
        if "lead" in classes:  # a paragraph that introduces a list stays with it
            paragraph.paragraph_format.keep_with_next = True
        if key == "img.emblem":
            data = (images or {})[element.get("src")]
            run = paragraph.add_run()
            run.add_picture(io.BytesIO(data), height=Mm(profile.emblem_height_mm))
            continue
        if key == "p.signer-name":
            # Room for the handwritten signature.
            line = profile.font_size_pt * profile.line_height
            paragraph.paragraph_format.space_before = Pt(line * profile.signature_space_lines)
        if key == "p.date":
            paragraph.paragraph_format.space_before = Pt(profile.block_space_pt * 3)
        _fill(paragraph, element, style, _run_properties(profile, STYLES[style][3]))
    # A zip entry's time can only say 1980 to 2107.
    when = min(max(modified, EPOCH), dt.datetime(2107, 12, 31, 23, 59, 58))
    return _save(document, when.timetuple()[:6])


@lru_cache(maxsize=4)
def _base(profile: Profile) -> bytes:
    """An empty document with the page, styles and header of ``profile``."""
    document = docx.Document()
    _setup(document, profile)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


@lru_cache(maxsize=8)
def _run_properties(profile: Profile, bold: bool):
    """The ``w:rPr`` of a Thai run, built once and copied into every run."""
    rpr = OxmlElement("w:rPr")
    docx_xml.thai_run_properties(rpr, profile.font_family, profile.font_size_pt, bold=bold)
    return rpr


class _ZipWriter:
    """python-docx's package writer target, with fixed entry headers."""

    def __init__(self, target: zipfile.ZipFile, when: tuple):
        self.target, self.when = target, when

    def write(self, pack_uri, blob: bytes) -> None:
        self.target.writestr(docx_xml.zip_entry(pack_uri.membername, self.when), blob)


def _save(document, when: tuple) -> bytes:
    """The package as zip bytes in one pass, every entry dated ``when``."""
    package = document.part.package
    parts = list(package.parts)
    for part in parts:
        part.before_marshal()
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        writer = _ZipWriter(target, when)
        PackageWriter._write_content_types_stream(writer, parts)
        PackageWriter._write_pkg_rels(writer, package.rels)
        PackageWriter._write_parts(writer, parts)
    return buffer.getvalue()


def _name(style_id: str) -> str:
    return STYLES[style_id][0]


def _fill(paragraph, element, style: str, rpr) -> None:
    """Add the element's text as Thai runs; a list marker is followed by a tab."""
    marker = element.find(".//span[@class='marker']")
    text = _SPACE.sub(" ", element.text_content()).strip()
    if marker is not None:
        mark = _SPACE.sub(" ", marker.text_content()).strip()
        rest = text[len(mark):].strip() if text.startswith(mark) else text
        # An item's text starts at the hanging indent's tab stop; a heading's
        # number is followed by a plain space, as in the HTML.
        gap = "\t" if style == "PrakatItem" else " "
        _run(paragraph, mark, rpr)
        _run(paragraph, gap + rest, rpr)
    elif text:
        _run(paragraph, text, rpr)


def _run(paragraph, text: str, rpr):
    run = paragraph.add_run(text)
    run._r.insert(0, copy.deepcopy(rpr))  # w:rPr comes first in w:r
    return run


def _setup(document, profile: Profile) -> None:
    """Page, default fonts, named styles and page numbers from page 2."""
    section = document.sections[0]
    section.start_type = WD_SECTION.NEW_PAGE
    section.page_width = Mm(profile.page_width_mm)
    section.page_height = Mm(profile.page_height_mm)
    section.left_margin = Mm(profile.margin_left_mm)
    section.right_margin = Mm(profile.margin_right_mm)
    # Word has one top margin per section: it is page 1's (the emblem's top);
    # on later pages the page-number header, padded below, pushes the text
    # down to the later pages' margin.
    section.top_margin = Mm(profile.margin_top_first_mm)
    section.bottom_margin = Mm(profile.margin_bottom_mm)
    section.header_distance = Mm(profile.page_number_top_mm)
    section.footer_distance = Mm(profile.margin_bottom_mm / 2)

    styles = document.styles
    # Defaults, so that text staff type later is Thai 16 pt as well.
    defaults = styles.element.find(docx_xml.qn("w:docDefaults"))
    rpr = defaults.find(docx_xml.qn("w:rPrDefault")).find(docx_xml.qn("w:rPr"))
    docx_xml.thai_run_properties(rpr, profile.font_family, profile.font_size_pt)
    normal = styles["Normal"]
    normal.paragraph_format.space_after = Pt(0)
    normal.paragraph_format.space_before = Pt(0)
    normal.paragraph_format.line_spacing = 1.0
    docx_xml.thai_run_properties(normal.element.get_or_add_rPr(), profile.font_family,
                                 profile.font_size_pt)

    text_width = Mm(profile.text_width_mm)
    for style_id, (name, align, indent, bold) in STYLES.items():
        style = styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        style.style_id = style_id
        style.base_style = normal
        style.quick_style = True
        fmt = style.paragraph_format
        fmt.alignment = align
        fmt.space_before = Pt(profile.block_space_pt)
        fmt.space_after = Pt(0)
        fmt.line_spacing = 1.0
        fmt.widow_control = True
        if indent:
            fmt.first_line_indent = Mm(profile.first_line_indent_mm)
        docx_xml.thai_run_properties(style.element.get_or_add_rPr(), profile.font_family,
                                     profile.font_size_pt, bold=bold)
    styles[_name("PrakatTitle")].paragraph_format.keep_with_next = True
    styles[_name("PrakatHeading")].paragraph_format.keep_with_next = True
    styles[_name("PrakatSubject")].paragraph_format.space_before = Pt(0)
    number_style = styles[_name("PrakatPageNumber")].paragraph_format
    number_style.space_before = Pt(0)
    line_mm = profile.font_size_pt * profile.line_height * 25.4 / 72
    number_style.space_after = Mm(profile.margin_top_mm - profile.page_number_top_mm - line_mm)
    emblem = styles[_name("PrakatEmblem")].paragraph_format
    emblem.space_before = Pt(0)
    emblem.line_spacing = 1.0
    rule = styles[_name("PrakatRule")]
    side = Mm((profile.text_width_mm - profile.rule_width_mm) / 2)
    rule.paragraph_format.left_indent = side
    rule.paragraph_format.right_indent = side
    rule.paragraph_format.space_before = Pt(0)
    rule.paragraph_format.space_after = Pt(profile.block_space_pt)
    rule_rpr = rule.element.get_or_add_rPr()
    docx_xml._put(rule_rpr, "sz", docx_xml.RPR_ORDER, val=8)
    docx_xml._put(rule_rpr, "szCs", docx_xml.RPR_ORDER, val=8)
    docx_xml.bottom_border(rule.element.get_or_add_pPr())
    item = styles[_name("PrakatItem")].paragraph_format
    item.left_indent = Mm(profile.item_indent_mm + profile.item_hang_mm)
    item.first_line_indent = -Mm(profile.item_hang_mm)
    item.space_before = Pt(0)
    item.tab_stops.add_tab_stop(Mm(profile.item_indent_mm + profile.item_hang_mm))
    for style_id in ("PrakatDate", "PrakatSignature"):
        fmt = styles[_name(style_id)].paragraph_format
        fmt.left_indent = int(text_width * profile.signature_left_ratio)
        fmt.keep_with_next = True
    styles[_name("PrakatSignature")].paragraph_format.space_before = Pt(0)
    styles[_name("PrakatDate")].paragraph_format.keep_with_next = True

    # Page numbers "- ๒ -" at the top centre, from page 2 on.
    section.different_first_page_header_footer = True
    header = section.header.paragraphs[0]
    header.style = styles[_name("PrakatPageNumber")]

    def style_run(run):
        docx_xml.thai_run_properties(run._r.get_or_add_rPr(), profile.font_family,
                                     profile.font_size_pt)

    first = header.add_run("- ")
    style_run(first)
    # The digits come from the section's page-number format (LibreOffice reads
    # a field's "\* ThaiArabic" switch as Thai letters, ข for 2).
    docx_xml.page_number_format(section._sectPr,
                                "thaiNumbers" if profile.digits == "thai" else "decimal")
    docx_xml.field_runs(header, "PAGE", thai.digits("2", profile.digits), style_run)
    last = header.add_run(" -")
    style_run(last)


def _core_properties(document, title: str, author: str, created: dt.datetime,
                     modified: dt.datetime) -> None:
    """Our own core properties, not python-docx's template defaults."""
    props = document.core_properties
    props.title = title
    props.author = author
    props.last_modified_by = author
    props.comments = ""
    props.keywords = ""
    props.subject = ""
    props.category = ""
    props.revision = 1
    props.language = "th-TH"
    props.created = created
    props.modified = modified
    props.last_printed = created
