"""Turn the rendered document into a DOCX that staff can edit in Word.

The writer walks the same HTML the other writers use: each block element
becomes one paragraph with a named style (so staff restyle in Word, not run
by run), and every run carries TH Sarabun New in the complex-script slots.
"""

from __future__ import annotations

from generator import ROOT
import copy
import datetime as dt
import io
import re
import unicodedata
import zipfile
from functools import lru_cache
from pathlib import Path

import docx
import lxml.html
from docx.enum.section import WD_SECTION
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.pkgwriter import PackageWriter
from docx.oxml import OxmlElement
from docx.shared import Mm, Pt
from docx.text.paragraph import Paragraph

from generator.writers import docx_fonts, docx_xml
from generator import thai
from generator.errors import BuildError
from generator.messages import M, Message
from generator.format.profile import OFFICIAL, Profile
from generator.format.versions import read_template_file, template_file_error

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
#: ASCII white space: what HTML folds (a no-break space is not folded).
_ASCII_SPACE = re.compile(r"[ \t\n\r\f]+")


def _fold_unicode(text: str) -> str:
    """The version-1 folding (frozen): every Unicode white space run, the
    no-break space included, becomes one space; the ends are stripped."""
    return _SPACE.sub(" ", text).strip()


def _fold_ascii(text: str) -> str:
    """HTML's folding: each run of ASCII white space becomes one space and
    the ends lose theirs; no-break spaces and every other character stay."""
    return _ASCII_SPACE.sub(" ", text).strip(" ")


#: The options file of the version-1 layout in a template folder that uses
#: that layout with fixes (version 3 on; version 1 has none and is frozen):
#: ``whitespace = "ascii"`` folds only ASCII white space (space, tab, CR, LF,
#: FF), keeping every no-break space; ``"unicode"`` (the default, version 1's
#: way) folds every Unicode white space into a plain space.
V1_OPTIONS_FILE = "docx-v1.toml"
WHITESPACE = {"unicode": _fold_unicode, "ascii": _fold_ascii}

#: Every element the version-1 template puts inside <article> (tag.firstclass):
#: the blocks above, the containers they sit in, and the inline parts of their text.
V1_ELEMENTS = frozenset(BLOCKS) | {
    "article.prakat", "header.masthead", "div.content", "section.section", "span.marker",
    "p.", "ol.items", "footer.signoff", "div.signature", "time.",
}


#: Dates when none are given: the earliest a zip entry can carry.
EPOCH = dt.datetime(1980, 1, 1)


def write(html: str, profile: Profile = OFFICIAL, *, title: str = "", author: str = "",
          created: dt.datetime | None = None, modified: dt.datetime | None = None,
          images: dict[str, bytes] | None = None, layout: Path | None = None,
          subject: str = "") -> bytes:
    """The DOCX bytes of the rendered document ``html``.

    ``title`` (ประกาศจังหวัดขอนแก่น), ``subject`` and ``author`` (the issuer)
    name the document in its properties. ``created`` and ``modified`` (UTC)
    are the core properties' dates; ``modified`` is also every zip entry's
    time, so the bytes never depend on when the document was built.
    ``images`` maps the document's image links (``../../assets/x.png``) to
    bytes. ``layout`` is the template folder the HTML was rendered with: its
    ``docx.toml`` says how each element becomes Word structure (template
    version 2); a folder without one, or no folder and a version-1 document,
    is the frozen version-1 layout of this module, with the options of the
    folder's ``docx-v1.toml`` if it has one (version 3).

    Every layout but frozen version 1 carries its fonts (:mod:`docx_fonts`)
    and names the document in its properties (:func:`_properties`); version
    1 stays byte for byte as it was archived (:func:`_core_properties`, no
    embedded fonts).

    Every element inside ``<article>`` must be one the layout knows: any
    other raises :class:`~generator.errors.BuildError` (no text is dropped).
    """
    created = (created or EPOCH).replace(tzinfo=None)
    modified = (modified or created).replace(tzinfo=None)
    tree = lxml.html.fromstring(html)
    spec = _layout_file(tree, layout)
    if spec is not None:
        stat = spec.stat()
        document = docx.Document(io.BytesIO(_base_v2(profile, str(spec),
                                                     (stat.st_size, stat.st_mtime_ns))))
        _properties(document, title, subject, author, created, modified)
        _marks(document, tree, profile)
        _Writer(document, profile, _load_layout(str(spec), (stat.st_size, stat.st_mtime_ns)),
                images or {}).document(tree)
        docx_fonts.embed(document, profile.font_family)
        when = min(max(modified, EPOCH), dt.datetime(2107, 12, 31, 23, 59, 58))
        return _save(document, when.timetuple()[:6])
    _check_v1(tree)
    fold = _v1_fold(layout)
    # Version 1 (no docx-v1.toml) is frozen: its archived editions must
    # regenerate byte for byte, so it gets neither the embedded fonts nor the
    # properties that name the document; version 3 (the same layout with its
    # options) gets both, like version 2.
    frozen = _v1_options(layout) is None
    # The page set-up and the styles depend only on the profile: they are built
    # once per process (see _base) and each document starts from a copy.
    document = docx.Document(io.BytesIO(_base(profile)))
    if frozen:
        _core_properties(document, title, author, created, modified)
    else:
        _properties(document, title, subject, author, created, modified)
        docx_fonts.embed(document, profile.font_family)
    _marks(document, tree, profile, fold)
    body = document._body
    for element in tree.iter():
        classes = element.get("class", "").split()
        key = f"{element.tag}.{classes[0] if classes else ''}"
        style = BLOCKS.get(key)
        if style is None:
            continue
        paragraph = docx_xml.add_paragraph(body)
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
        _fill(paragraph, element, style, _run_properties(profile, STYLES[style][3]), fold)
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


def _fill(paragraph, element, style: str, rpr, fold=_fold_unicode) -> None:
    """Add the element's text as Thai runs, its white space folded by ``fold``;
    a list marker is followed by a tab."""
    marker = element.find(".//span[@class='marker']")
    text = fold(element.text_content())
    if marker is not None:
        mark = fold(marker.text_content())
        rest = fold(text[len(mark):]) if text.startswith(mark) else text
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
    section = _page_setup(document, profile)
    styles = document.styles
    normal = styles["Normal"]

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

    _page_numbers(section, styles[_name("PrakatPageNumber")], profile)


def _page_setup(document, profile: Profile):
    """The page of ``profile`` and the default Thai font; the section."""
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
    return section


def _page_numbers(section, style, profile: Profile) -> None:
    """Page numbers "- ๒ -" at the top centre, from page 2 on."""
    section.different_first_page_header_footer = True
    header = section.header.paragraphs[0]
    header.style = style

    def style_run(run):
        docx_xml.thai_run_properties(run._r.get_or_add_rPr(), profile.font_family,
                                     profile.font_size_pt)

    first = header.add_run("- ")
    style_run(first)
    # The digits come from the section's page-number format: Word numbers the
    # pages ๑ ๒ ๓ (thaiNumbers). LibreOffice has no Thai digits for any DOCX
    # page-number format (thaiNumbers falls back to 2, and a field's
    # "\* ThaiArabic" switch becomes Thai letters, ข for 2): it shows 2.
    docx_xml.page_number_format(section._sectPr,
                                "thaiNumbers" if profile.digits == "thai" else "decimal")
    docx_xml.field_runs(header, "PAGE", thai.digits("2", profile.digits), style_run)
    last = header.add_run(" -")
    style_run(last)


#: Word keeps at most 255 characters (UTF-16 code units) in a document property.
PROPERTY_LIMIT = 255
ELLIPSIS = "…"


def property_text(text: str, limit: int = PROPERTY_LIMIT) -> str:
    """``text`` as a document property: whole if it fits in ``limit`` UTF-16
    code units, else cut where a character (with its marks) ends and closed
    with "…". The document itself keeps the whole text."""
    if _utf16_length(text) <= limit:
        return text
    room = limit - _utf16_length(ELLIPSIS)
    cut = 0
    used = 0
    for index, char in enumerate(text):
        used += _utf16_length(char)
        if used > room:
            break
        # A cut may fall only before a character that is not a mark on the one before it.
        following = text[index + 1] if index + 1 < len(text) else ""
        if not following or unicodedata.category(following) not in ("Mn", "Mc", "Me"):
            cut = index + 1
    return text[:cut].rstrip() + ELLIPSIS


def _utf16_length(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def _core_properties(document, title: str, author: str, created: dt.datetime,
                     modified: dt.datetime) -> None:
    """Our own core properties, not python-docx's template defaults."""
    props = document.core_properties
    props.title = property_text(title)
    props.author = property_text(author)
    props.last_modified_by = property_text(author)
    props.comments = ""
    props.keywords = ""
    props.subject = ""
    props.category = ""
    props.revision = 1
    props.language = "th-TH"
    props.created = created
    props.modified = modified
    props.last_printed = created


#: The program ``docProps/app.xml`` names (python-docx's template says "Microsoft Macintosh Word").
APPLICATION = "prakat"
#: Core properties that python-docx's template leaves behind and prakat has no value for.
_UNUSED_CORE = ("keywords", "description", "category", "lastPrinted")


def _properties(document, title: str, subject: str, author: str, created: dt.datetime,
                modified: dt.datetime) -> None:
    """Name the document in its properties (template version 2 and 3 on):
    the title (ประกาศจังหวัดขอนแก่น, คำสั่ง…), the subject, the issuer as
    author and company, the announcement date; nothing left of python-docx's
    template (its program name, its keywords and category, a blank preview
    picture of a letter-size page)."""
    props = document.core_properties
    props.title = property_text(_plain(title))
    props.subject = property_text(_plain(subject))
    props.author = property_text(_plain(author))
    props.last_modified_by = property_text(_plain(author))
    props.revision = 1
    props.language = "th-TH"
    props.created = created
    props.modified = modified
    core = props._element
    for child in list(core):
        if isinstance(child.tag, str) and child.tag.rsplit("}", 1)[-1] in _UNUSED_CORE:
            core.remove(child)
    package = document.part.package
    for rid, rel in list(package.rels.items()):
        if rel.reltype == RT.THUMBNAIL:
            del package.rels[rid]
            package.rels.related_parts.pop(rid, None)
        elif rel.reltype == RT.EXTENDED_PROPERTIES:
            # A plain part: python-docx keeps its bytes as they are.
            rel.target_part._blob = docx_xml.app_properties(APPLICATION, property_text(_plain(author)))


def _plain(text: str) -> str:
    """``text`` on one line: each run of white space (no-break spaces too) one space."""
    return " ".join(text.split())


# --- marks outside <article>: a review draft's (generator.render.marks) ---

#: The draft watermark's shape in Word, in points (the text path fills it).
WATERMARK_PT = (230.0, 150.0)


def _marks(document, tree, profile: Profile, fold=_fold_unicode) -> None:
    """A review draft's marks, read from the elements the renderer put
    outside ``<article>``: the watermark in every page's header, drawn as
    Word draws its own (a text path behind the text), and the footer line in
    every page's footer, their white space folded by ``fold``. A certified
    copy's marks are refused: certified copies are PDFs. Called before the
    walk of the article."""
    from generator.render import marks

    body = tree.find("body")
    if body is None:
        return
    found: dict[str, str] = {}
    for element in body:
        if not isinstance(element.tag, str):
            continue
        classes = (element.get("class") or "").split()
        if marks.COPY_NUMBER in classes or marks.CERTIFIED in classes:
            raise BuildError(M("certified copies are PDFs only: the DOCX writer writes none"))
        for name in (marks.WATERMARK, marks.FOOTER):
            if name in classes:
                found[name] = fold(element.text_content())
    if not found:
        return
    section = document.sections[0]
    # Page 1 has a header and a footer of its own (the page number starts on page 2).
    headers = (section.first_page_header, section.header)
    footers = (section.first_page_footer, section.footer)
    if found.get(marks.WATERMARK):
        for number, header in enumerate(headers, start=1):
            paragraph = header.paragraphs[0]
            if not paragraph.runs:
                # An empty header paragraph of 1 pt: page 1's text stays where it is.
                paragraph.paragraph_format.line_spacing = Pt(1)
                paragraph.paragraph_format.space_before = Pt(0)
                paragraph.paragraph_format.space_after = Pt(0)
            paragraph._p.append(docx_xml.watermark_run(
                found[marks.WATERMARK], number, profile.font_family, marks.WATERMARK_COLOUR,
                *WATERMARK_PT))
    if found.get(marks.FOOTER):
        rpr = OxmlElement("w:rPr")
        docx_xml.thai_run_properties(rpr, profile.font_family, marks.FOOTER_SIZE_PT)
        for footer in footers:
            paragraph = footer.paragraphs[0]
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
            _run(paragraph, found[marks.FOOTER], rpr)


# --- template version 2 on: the layout comes from the template folder's docx.toml ---

#: The DOCX layout file of a template folder (version 2 on).
LAYOUT_FILE = "docx.toml"
#: The template folder of version 2, for a version-2 document written without ``layout``.
_V2_FOLDER = ROOT / "templates" / "v2"
#: Whitespace as HTML folds it (a no-break space is not folded).
_FOLD = re.compile(r"[ \t\n\r\f]+")
_LEVEL = re.compile(r"^level-([0-9]+)$")
_WIDTH_PERCENT = re.compile(r"width:\s*([0-9]+(?:\.[0-9]+)?)%")
_WIDTH_MM = re.compile(r"width:\s*([0-9]+(?:\.[0-9]+)?)mm")
ALIGNMENTS = {
    "left": WD_ALIGN_PARAGRAPH.LEFT,
    "center": WD_ALIGN_PARAGRAPH.CENTER,
    "right": WD_ALIGN_PARAGRAPH.RIGHT,
    "justify": WD_ALIGN_PARAGRAPH.THAI_JUSTIFY,
}
INDENTS = ("none", "first-line", "level", "signature", "rule")
STYLE_KEYS = {"name": str, "align": str, "bold": bool, "indent": str, "space_before": (int, float),
              "space_after": (int, float), "keep_with_next": bool, "border": str,
              "size_pt": (int, float), "page_number": bool}
LIST_KEYS = ("containers", "page_break_before", "signature_room", "keep_end_with_next",
             "inline", "spacers")
NAME_KEYS = ("fill", "title", "title_line", "title_one_line", "emblem", "number", "hanging")
TABLE_KEYS = ("element", "caption", "header", "cell", "align_prefix")


def _key(element) -> str:
    classes = (element.get("class") or "").split()
    return f"{element.tag}.{classes[0] if classes else ''}"


def _shown(element) -> str:
    """``<p class="x">`` as the message names it."""
    classes = element.get("class")
    return f'<{element.tag} class="{classes}">' if classes else f"<{element.tag}>"


def _unknown(element) -> BuildError:
    parent = element.getparent()
    where = _shown(parent) if parent is not None else "-"
    return BuildError(M("the DOCX writer does not know the element {element} inside {where}; "
                        "it writes no DOCX rather than drop its text", element=_shown(element), where=where))


def _article(tree):
    article = next((e for e in tree.iter("article")), None)
    if article is None:
        raise BuildError(M("the HTML document has no <article>"))
    return article


def _check_v1(tree) -> None:
    """Refuse a version-1 document with an element the version-1 writer does not know."""
    for element in _article(tree).iterdescendants():
        if isinstance(element.tag, str) and _key(element) not in V1_ELEMENTS:
            raise _unknown(element)


def _layout_file(tree, layout: Path | None) -> Path | None:
    """The ``docx.toml`` to write with, or ``None`` for the version-1 layout."""
    if layout is not None:
        spec = Path(layout) / LAYOUT_FILE
        if spec.is_file():
            return spec
        if (Path(layout) / "announcement.html.j2").is_file():
            return None
        raise BuildError(M("the template {layout} has no {file} for the DOCX", layout=layout, file=LAYOUT_FILE))
    # No folder given: a title made of lines is template version 2.
    for h1 in tree.iter("h1"):
        if any(isinstance(c.tag, str) and _key(c) == "span.line" for c in h1):
            return _V2_FOLDER / LAYOUT_FILE
    return None


def _v1_options(layout: Path | None) -> Path | None:
    """The ``docx-v1.toml`` of the template folder ``layout``, or ``None``:
    then the version-1 layout is the frozen one of version 1 itself."""
    options = Path(layout) / V1_OPTIONS_FILE if layout is not None else None
    return options if options is not None and options.is_file() else None


def _v1_fold(layout: Path | None):
    """How the version-1 layout folds white space for the template folder
    ``layout``: as its ``docx-v1.toml`` says, else the frozen version-1 way."""
    options = _v1_options(layout)
    if options is None:
        return _fold_unicode
    stat = options.stat()
    return _v1_whitespace(str(options), (stat.st_size, stat.st_mtime_ns))


@lru_cache(maxsize=8)
def _v1_whitespace(path: str, stamp: tuple):
    """The white-space folding a ``docx-v1.toml`` names, checked."""
    def fail(message: Message) -> BuildError:
        return template_file_error(path, message)

    data = read_template_file(path, M("the DOCX options"))
    for key in data:
        if key != "whitespace":
            raise fail(M('unknown key "{key}" (known keys: whitespace)', key=key))
    value = data.get("whitespace", "unicode")
    if not isinstance(value, str) or value not in WHITESPACE:
        known = ", ".join(f'"{name}"' for name in WHITESPACE)
        raise fail(M("whitespace is one of {known}, found {value}", known=known, value=repr(value)))
    return WHITESPACE[value]


class _Layout:
    """A template folder's ``docx.toml``, checked."""

    def __init__(self, path: str):
        def fail(message: Message) -> BuildError:
            return template_file_error(path, message)

        data = read_template_file(path, M("the DOCX layout"))
        known = {"version", "fill_space_em", "fill_underline", "fill_edge", "blocks", "table", "styles",
                 *LIST_KEYS, *NAME_KEYS}
        for key in data:
            if key not in known:
                raise fail(M('unknown key "{key}"', key=key))
        try:
            self.sets = {key: frozenset(data[key]) for key in LIST_KEYS}
            self.names = {key: str(data[key]) for key in NAME_KEYS}
            self.fill_space_em = float(data["fill_space_em"])
            self.fill_underline = str(data["fill_underline"])
            self.fill_edge = str(data.get("fill_edge", ""))
            if _FOLD.sub("", self.fill_edge) and not self.fill_edge.isspace():
                raise fail(M("fill_edge must be a space character"))
            self.blocks = dict(data["blocks"])
            self.table = {key: str(data["table"][key]) for key in TABLE_KEYS}
            styles = data["styles"]
        except (KeyError, TypeError, ValueError) as error:
            raise fail(M("a key is missing or of the wrong type: {error}", error=error))
        self.styles = {}
        for style_id, entry in styles.items():
            for key, value in entry.items():
                kind = STYLE_KEYS.get(key)
                if kind is None or not isinstance(value, kind) or (kind != bool and isinstance(value, bool)):
                    raise fail(M("styles.{style}.{key} is wrong", style=style_id, key=key))
            if entry.get("align", "left") not in ALIGNMENTS or entry.get("indent", "none") not in INDENTS:
                raise fail(M("styles.{style}: align must be one of {aligns} and indent one of {indents}",
                             style=style_id, aligns=", ".join(ALIGNMENTS), indents=", ".join(INDENTS)))
            if "name" not in entry:
                raise fail(M("styles.{style} needs a name", style=style_id))
            self.styles[style_id] = entry
        used = [*self.blocks.values(), *(self.table[k] for k in ("caption", "header", "cell"))]
        for style_id in used:
            if style_id not in self.styles:
                raise fail(M("no style {style} in [styles]", style=style_id))
        numbers = [s for s, e in self.styles.items() if e.get("page_number")]
        if len(numbers) != 1:
            raise fail(M("exactly one style needs page_number = true"))
        self.page_number = numbers[0]
        # Every element the writer handles, for the "unknown element" check.
        self.known = (set().union(*self.sets.values()) | set(self.blocks)
                      | {self.table["element"], self.names["fill"]})

    def bold(self, style_id: str) -> bool:
        return bool(self.styles[style_id].get("bold", False))


@lru_cache(maxsize=8)
def _load_layout(path: str, stamp: tuple) -> _Layout:
    return _Layout(path)


@lru_cache(maxsize=8)
def _base_v2(profile: Profile, path: str, stamp: tuple) -> bytes:
    """An empty document with the page, the styles of ``docx.toml`` and the header."""
    layout = _load_layout(path, stamp)
    document = docx.Document()
    section = _page_setup(document, profile)
    styles = document.styles
    normal = styles["Normal"]
    text_width = Mm(profile.text_width_mm)
    for style_id, entry in layout.styles.items():
        style = styles.add_style(entry["name"], WD_STYLE_TYPE.PARAGRAPH)
        style.style_id = style_id
        style.base_style = normal
        style.quick_style = True
        fmt = style.paragraph_format
        fmt.alignment = ALIGNMENTS[entry.get("align", "left")]
        fmt.space_before = Pt(profile.block_space_pt * entry.get("space_before", 0))
        fmt.space_after = Pt(profile.block_space_pt * entry.get("space_after", 0))
        fmt.line_spacing = 1.0
        fmt.widow_control = True
        if entry.get("keep_with_next"):
            fmt.keep_with_next = True
        indent = entry.get("indent", "none")
        if indent == "first-line":
            fmt.first_line_indent = Mm(profile.first_line_indent_mm)
        elif indent == "level":  # level 1; each paragraph sets its own level's
            fmt.first_line_indent = Mm(profile.level_indent_mm)
        elif indent == "signature":
            fmt.left_indent = int(text_width * profile.signature_left_ratio)
        elif indent == "rule":
            side = Mm((profile.text_width_mm - profile.rule_width_mm) / 2)
            fmt.left_indent = side
            fmt.right_indent = side
        rpr = style.element.get_or_add_rPr()
        docx_xml.thai_run_properties(rpr, profile.font_family,
                                     entry.get("size_pt", profile.font_size_pt),
                                     bold=entry.get("bold", False))
        if entry.get("border") == "bottom":
            docx_xml.bottom_border(style.element.get_or_add_pPr())
        if entry.get("page_number"):
            fmt.space_before = Pt(0)
            line_mm = profile.font_size_pt * profile.line_height * 25.4 / 72
            fmt.space_after = Mm(profile.margin_top_mm - profile.page_number_top_mm - line_mm)
    _page_numbers(section, styles[layout.styles[layout.page_number]["name"]], profile)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


class _Tab:
    """The tab after a hanging node's number."""


class _Fill:
    """A fill-in line ``mm`` wide."""

    def __init__(self, mm: float):
        self.mm = mm


class _Writer:
    """Walks the article of a version-2 document, adding paragraphs and tables."""

    def __init__(self, document, profile: Profile, layout: _Layout, images: dict[str, bytes]):
        self.body = document._body
        self.profile = profile
        self.layout = layout
        self.images = images
        self.page_break = False      # the next paragraph starts a new page
        self.room: float | None = None  # space (pt) before the next paragraph
        self.last = None             # the last paragraph added (None after a table)

    # -- the walk --------------------------------------------------------------

    def document(self, tree) -> None:
        self.container(_article(tree))

    def container(self, element) -> None:
        key = _key(element)
        sets = self.layout.sets
        self._no_loose_text(element, element.text)
        if key in sets["page_break_before"]:
            self.page_break = True
        if key in sets["signature_room"]:
            profile = self.profile
            self.room = profile.font_size_pt * profile.line_height * profile.signature_space_lines
        before = self.last
        for child in element:
            if isinstance(child.tag, str):
                self.block(child, element)
            self._no_loose_text(element, child.tail)
        if key in sets["keep_end_with_next"] and self.last is not None and self.last is not before:
            self.last.paragraph_format.keep_with_next = True

    def block(self, element, parent) -> None:
        key = _key(element)
        layout = self.layout
        if key in layout.sets["containers"]:
            self.container(element)
        elif key in layout.sets["spacers"]:
            if len(element) or _FOLD.sub("", element.text_content()):
                raise BuildError(M("{element} must be empty", element=_shown(element)))
        elif key == layout.table["element"]:
            self.table(element)
        elif key == layout.names["title"]:
            self.title(element, layout.blocks[key])
        elif key == layout.names["emblem"] and key in layout.blocks:
            self.emblem(element, layout.blocks[key])
        elif key in layout.blocks:
            style = layout.blocks[key]
            paragraph = self.paragraph(style)
            self.indent(paragraph, element, parent, style)
            hanging = layout.names["hanging"] in (parent.get("class") or "").split()
            self.runs(paragraph, self.pieces(element, hanging), style)
        else:
            raise _unknown(element)

    def _no_loose_text(self, element, text: str | None) -> None:
        if text and _FOLD.sub("", text):
            shown = text.strip()[:40]
            raise BuildError(M("the DOCX writer found the text “{text}” outside any paragraph in {element}; "
                               "it writes no DOCX rather than drop it", text=shown, element=_shown(element)))

    # -- paragraphs ------------------------------------------------------------

    def paragraph(self, style: str, container=None):
        if container is None:
            paragraph = docx_xml.add_paragraph(self.body)
            self.last = paragraph
        else:
            p = OxmlElement("w:p")
            container.append(p)
            paragraph = Paragraph(p, self.body)
        # Set the style id directly: python-docx's lookup by name scans every style.
        paragraph._p.get_or_add_pPr().style = style
        self.pending(paragraph)
        return paragraph

    def pending(self, paragraph) -> None:
        if self.page_break:
            paragraph.paragraph_format.page_break_before = True
            self.page_break = False
        if self.room is not None:
            paragraph.paragraph_format.space_before = Pt(self.room)
            self.room = None

    def indent(self, paragraph, element, parent, style: str) -> None:
        """Level N: the number at indent + (N - 1) * step, wrapped lines at the
        margin; a hanging node's wrapped lines align after its number."""
        if self.layout.styles[style].get("indent") != "level":
            return
        levels = [int(m.group(1)) for c in (element.get("class") or "").split()
                  if (m := _LEVEL.match(c))]
        level = levels[0] if levels else 1
        profile = self.profile
        at = profile.level_indent_mm + (level - 1) * profile.level_step_mm
        fmt = paragraph.paragraph_format
        if self.layout.names["hanging"] in (parent.get("class") or "").split():
            fmt.left_indent = Mm(at + profile.level_hang_mm)
            fmt.first_line_indent = -Mm(profile.level_hang_mm)
            fmt.tab_stops.add_tab_stop(Mm(at + profile.level_hang_mm))
        elif level != 1:
            fmt.first_line_indent = Mm(at)

    def title(self, element, style: str) -> None:
        """One paragraph per title line, or one for a one-line title."""
        names = self.layout.names
        if names["title_one_line"] in (element.get("class") or "").split():
            self.runs(self.paragraph(style), self.pieces(element, False), style)
            return
        self._no_loose_text(element, element.text)
        first = True
        for child in element:
            if not isinstance(child.tag, str):
                pass
            elif _key(child) != names["title_line"]:
                raise _unknown(child)
            else:
                paragraph = self.paragraph(style)
                if not first:  # the lines of one title have no space between them
                    paragraph.paragraph_format.space_before = Pt(0)
                first = False
                self.runs(paragraph, self.pieces(child, False), style)
            self._no_loose_text(element, child.tail)

    def emblem(self, element, style: str) -> None:
        source = element.get("src")
        if source not in self.images:
            raise BuildError(M("no image file {source} for the DOCX", source=source))
        paragraph = self.paragraph(style)
        run = paragraph.add_run()
        run.add_picture(io.BytesIO(self.images[source]), height=Mm(self.profile.emblem_height_mm))

    # -- text ------------------------------------------------------------------

    def pieces(self, element, hanging: bool) -> list:
        """The element's text as strings, tabs and fill-in lines, whitespace folded as in HTML."""
        raw: list = []
        self._inline(element, raw, hanging, top=True)
        out: list = []
        space = True  # at the start of the paragraph, or after a space or a tab
        for piece in raw:
            if isinstance(piece, str):
                text = _FOLD.sub(" ", piece)
                if space and text.startswith(" "):
                    text = text[1:]
                if text:
                    out.append(text)
                    space = text.endswith(" ")
            else:
                if isinstance(piece, _Tab) and out and isinstance(out[-1], str):
                    out[-1] = out[-1].rstrip(" ")
                out.append(piece)
                space = isinstance(piece, _Tab)
        if out and isinstance(out[-1], str):
            out[-1] = out[-1].rstrip(" ")
        return [p for p in out if not isinstance(p, str) or p]

    def _inline(self, element, out: list, hanging: bool, top: bool = False) -> None:
        names = self.layout.names
        if element.text:
            out.append(element.text)
        for child in element:
            if isinstance(child.tag, str):
                key = _key(child)
                if key not in self.layout.sets["inline"]:
                    raise _unknown(child)
                if key == names["fill"]:
                    if len(child) or _FOLD.sub("", child.text_content()):
                        raise BuildError(M("{element} must be empty", element=_shown(child)))
                    match = _WIDTH_MM.search(child.get("style") or "")
                    out.append(_Fill(float(match.group(1)) if match else 60.0))
                elif key == names["number"] and hanging and top:
                    self._inline(child, out, False)
                    out.append(_Tab())
                else:
                    self._inline(child, out, hanging)
            if child.tail:
                out.append(child.tail)

    def runs(self, paragraph, pieces: list, style: str) -> None:
        rpr = _run_properties(self.profile, self.layout.bold(style))
        text = ""
        for piece in pieces:
            if isinstance(piece, _Fill):
                if text:
                    _run(paragraph, text, rpr)
                    text = ""
                self.fill(paragraph, piece.mm, rpr)
            else:
                text += "\t" if isinstance(piece, _Tab) else piece
        if text:
            _run(paragraph, text, rpr)

    def fill(self, paragraph, mm: float, rpr) -> None:
        """A dotted line about ``mm`` wide: no-break spaces, underlined, no visible character."""
        space_mm = self.layout.fill_space_em * self.profile.font_size_pt * 25.4 / 72
        edge = self.layout.fill_edge
        count = max(1, round(mm / space_mm) - len(edge))
        run = _run(paragraph, edge + thai.NBSP * count + edge, rpr)
        docx_xml.underline(run._r.rPr, self.layout.fill_underline)

    # -- tables ----------------------------------------------------------------

    def table(self, element) -> None:
        names = self.layout.table
        widths: list[float] = []
        rows: list[tuple[bool, list]] = []
        caption = None
        self._no_loose_text(element, element.text)
        for child in element:
            if not isinstance(child.tag, str):
                continue
            self._no_loose_text(element, child.tail)
            if child.tag == "caption":
                caption = child
            elif child.tag == "colgroup":
                for col in child:
                    if not isinstance(col.tag, str):
                        continue
                    if col.tag != "col":
                        raise _unknown(col)
                    match = _WIDTH_PERCENT.search(col.get("style") or "")
                    widths.append(float(match.group(1)) if match else 0.0)
            elif child.tag in ("thead", "tbody", "tfoot"):
                for tr in child:
                    if isinstance(tr.tag, str):
                        rows.append((child.tag == "thead", self._cells(tr)))
            elif child.tag == "tr":
                rows.append((False, self._cells(child)))
            else:
                raise _unknown(child)
        count = max((len(cells) for _, cells in rows), default=0)
        if not count:
            raise BuildError(M("a table without cells"))
        if len(widths) != count or not all(w > 0 for w in widths):
            widths = [1.0] * count
        total = round(self.profile.text_width_mm / 25.4 * 1440)
        twips = [round(total * w / sum(widths)) for w in widths]
        twips[-1] += total - sum(twips)
        if caption is not None:
            self.runs(self.paragraph(names["caption"]), self.pieces(caption, False), names["caption"])
        rule = max(2, round(self.profile.table_rule_pt * 8))
        padding = round(self.profile.table_padding_mm / 25.4 * 1440)
        tbl = docx_xml.table(twips, rule, padding)
        prefix = names["align_prefix"]
        for header, cells in rows:
            tr = docx_xml.table_row(tbl, header)
            for index, cell in enumerate(cells):
                tc = docx_xml.table_cell(tr, twips[index])
                style = names["header"] if cell.tag == "th" else names["cell"]
                paragraph = self.paragraph(style, tc)
                aligns = [c[len(prefix):] for c in (cell.get("class") or "").split()
                          if c.startswith(prefix)]
                if aligns and aligns[0] in ALIGNMENTS:
                    paragraph.alignment = ALIGNMENTS[aligns[0]]
                self.runs(paragraph, self.pieces(cell, False), style)
            for _ in range(len(cells), count):  # a short row: empty cells to the grid's end
                self.paragraph(names["cell"], docx_xml.table_cell(tr, twips[_]))
        self.body._element._insert_tbl(tbl)
        self.last = None

    def _cells(self, tr) -> list:
        if tr.tag != "tr":
            raise _unknown(tr)
        cells = []
        self._no_loose_text(tr, tr.text)
        for cell in tr:
            if not isinstance(cell.tag, str):
                continue
            self._no_loose_text(tr, cell.tail)
            if cell.tag not in ("th", "td"):
                raise _unknown(cell)
            if int(cell.get("colspan", "1")) != 1 or int(cell.get("rowspan", "1")) != 1:
                raise BuildError(M("the DOCX writer does not support merged cells (colspan/rowspan) yet"))
            cells.append(cell)
        return cells
