"""Low-level WordprocessingML that python-docx has no API for, kept in one place.

Thai text in Word takes its font and size from the complex-script slots
(``w:rFonts/@w:cs``, ``w:szCs``, ``w:bCs``) and only when the run is marked
``<w:cs/>`` with ``<w:lang w:bidi="th-TH"/>``. The schema fixes the order of
the children of ``w:rPr``, so every insertion goes through :func:`_put`.
"""

from __future__ import annotations

import zipfile

from docx.oxml import OxmlElement
from docx.oxml.ns import qn

def add_paragraph(body):
    """``body.add_paragraph()`` (python-docx's document body) in constant time:
    python-docx looks for the section properties, the body's last child, from
    the first child on every paragraph, which made a long document's DOCX
    quadratic. The same XML: a ``w:p`` before ``w:sectPr``."""
    from docx.text.paragraph import Paragraph

    element = body._element
    p = OxmlElement("w:p")
    try:
        section = element[-1]   # from the end (len() would count every child)
    except IndexError:
        section = None
    if section is None or section.tag != qn("w:sectPr"):
        section = element.find(qn("w:sectPr"))   # as python-docx looks for it
    if section is not None:
        section.addprevious(p)
    else:
        element.append(p)
    return Paragraph(p, body)


#: Children of w:rPr in schema order (ECMA-376 Part 1, 17.3.2.28).
RPR_ORDER = [
    "rStyle", "rFonts", "b", "bCs", "i", "iCs", "caps", "smallCaps", "strike",
    "dstrike", "outline", "shadow", "emboss", "imprint", "noProof", "snapToGrid",
    "vanish", "webHidden", "color", "spacing", "w", "kern", "position", "sz",
    "szCs", "highlight", "u", "effect", "bdr", "shd", "fitText", "vertAlign",
    "rtl", "cs", "em", "lang", "eastAsianLayout", "specVanish", "oMath",
]
#: Children of w:pPr in schema order (17.3.1.26), the ones prakat writes.
PPR_ORDER = [
    "pStyle", "keepNext", "keepLines", "pageBreakBefore", "framePr",
    "widowControl", "numPr", "suppressLineNumbers", "pBdr", "shd", "tabs",
    "suppressAutoHyphens", "kinsoku", "wordWrap", "overflowPunct", "topLinePunct",
    "autoSpaceDE", "autoSpaceDN", "bidi", "adjustRightInd", "snapToGrid",
    "spacing", "ind", "contextualSpacing", "mirrorIndents", "suppressOverlap",
    "jc", "textDirection", "textAlignment", "textboxTightWrap",
    "outlineLvl", "divId", "cnfStyle", "rPr", "sectPr", "pPrChange",
]


def _put(parent, tag: str, order: list[str], **attrs):
    """Get or create ``w:tag`` under ``parent`` at its schema place; set attrs."""
    element = parent.find(qn(f"w:{tag}"))
    if element is None:
        element = OxmlElement(f"w:{tag}")
        position = order.index(tag)
        for index, child in enumerate(parent):
            name = child.tag.rsplit("}", 1)[-1]
            if name in order and order.index(name) > position:
                child.addprevious(element)
                break
        else:
            parent.append(element)
    for key, value in attrs.items():
        element.set(qn(f"w:{key}"), str(value))
    return element


def thai_run_properties(rpr, family: str, size_pt: float, bold: bool = False,
                        lang: str = "th-TH") -> None:
    """Give ``w:rPr`` the font in every slot, the size, and the Thai marks."""
    half_points = round(size_pt * 2)
    _put(rpr, "rFonts", RPR_ORDER, ascii=family, hAnsi=family, eastAsia=family, cs=family)
    if bold:
        _put(rpr, "b", RPR_ORDER)
        _put(rpr, "bCs", RPR_ORDER)
    _put(rpr, "sz", RPR_ORDER, val=half_points)
    _put(rpr, "szCs", RPR_ORDER, val=half_points)
    _put(rpr, "cs", RPR_ORDER)
    _put(rpr, "lang", RPR_ORDER, val=lang, bidi=lang)


def paragraph_properties(ppr, **values) -> None:
    """Set simple ``w:pPr`` children, e.g. ``jc={"val": "thaiDistribute"}``."""
    for tag in PPR_ORDER:
        if tag in values:
            _put(ppr, tag, PPR_ORDER, **values[tag])


def bottom_border(ppr, size_eighths: int = 6) -> None:
    """A single rule under the paragraph (the short line under the subject)."""
    border = _put(ppr, "pBdr", PPR_ORDER)
    bottom = OxmlElement("w:bottom")
    for key, value in {"val": "single", "sz": size_eighths, "space": 1, "color": "000000"}.items():
        bottom.set(qn(f"w:{key}"), str(value))
    border.append(bottom)


#: Children of w:sectPr in schema order (17.6.17), up to the page numbering.
SECTPR_ORDER = [
    "headerReference", "footerReference", "footnotePr", "endnotePr", "type", "pgSz",
    "pgMar", "paperSrc", "pgBorders", "lnNumType", "pgNumType", "cols", "formProt",
    "vAlign", "noEndnote", "titlePg", "textDirection", "bidi", "rtlGutter", "docGrid",
    "printerSettings", "sectPrChange",
]


def page_number_format(sectpr, fmt: str) -> None:
    """Number the section's pages in ``fmt`` (``thaiNumbers``: ๑ ๒ ๓, ``decimal``)."""
    _put(sectpr, "pgNumType", SECTPR_ORDER, fmt=fmt)


def field_runs(paragraph, instruction: str, placeholder: str, style_run) -> None:
    """Append a complex field (e.g. ``PAGE``) to ``paragraph``."""
    for kind, text in (("begin", None), (None, f" {instruction} "), ("separate", None),
                       (None, placeholder), ("end", None)):
        run = paragraph.add_run()
        style_run(run)
        if kind:
            char = OxmlElement("w:fldChar")
            char.set(qn("w:fldCharType"), kind)
            run._r.append(char)
        elif text == placeholder:
            run.text = text
        else:
            instr = OxmlElement("w:instrText")
            instr.set(qn("xml:space"), "preserve")
            instr.text = text
            run._r.append(instr)


def zip_entry(name: str, when: tuple[int, int, int, int, int, int]) -> zipfile.ZipInfo:
    """A zip entry header with every field fixed: the time ``when``, the mode,
    and ``create_system`` (otherwise 0 on Windows and 3 elsewhere)."""
    entry = zipfile.ZipInfo(name, date_time=when)
    entry.compress_type = zipfile.ZIP_DEFLATED
    entry.external_attr = 0o644 << 16
    entry.create_system = 3
    return entry


#: Children of w:tblPr in schema order (17.4.60).
TBLPR_ORDER = [
    "tblStyle", "tblpPr", "tblOverlap", "bidiVisual", "tblStyleRowBandSize",
    "tblStyleColBandSize", "tblW", "jc", "tblCellSpacing", "tblInd", "tblBorders",
    "shd", "tblLayout", "tblCellMar", "tblLook", "tblCaption", "tblDescription",
]
#: Children of w:trPr, in the order prakat writes them (17.4.82 allows any).
TRPR_ORDER = ["cantSplit", "trHeight", "tblHeader"]
#: Children of w:tcPr in schema order (17.4.70).
TCPR_ORDER = [
    "cnfStyle", "tcW", "gridSpan", "hMerge", "vMerge", "tcBorders", "shd", "noWrap",
    "tcMar", "textDirection", "tcFitText", "vAlign", "hideMark",
]
#: Sides of w:tblBorders in schema order (17.4.39).
BORDER_SIDES = ("top", "left", "bottom", "right", "insideH", "insideV")


def _child(parent, tag: str, **attrs):
    element = OxmlElement(f"w:{tag}")
    for key, value in attrs.items():
        element.set(qn(f"w:{key}"), str(value))
    parent.append(element)
    return element


def table(widths: list[int], rule_eighths: int, padding: int):
    """An empty fixed-layout ``w:tbl``: columns ``widths`` (twips), single
    borders ``rule_eighths`` (eighths of a point) on every side and between
    cells, left and right cell margins ``padding`` (twips), the left border on
    the page margin."""
    tbl = OxmlElement("w:tbl")
    tblpr = _child(tbl, "tblPr")
    _put(tblpr, "tblW", TBLPR_ORDER, w=sum(widths), type="dxa")
    # Word (before 2013's layout) and LibreOffice put the first cell's text at
    # the indent, its border one cell margin further left: indent by the
    # margin so that the border stands on the page margin, as in the PDF.
    _put(tblpr, "tblInd", TBLPR_ORDER, w=padding, type="dxa")
    borders = _put(tblpr, "tblBorders", TBLPR_ORDER)
    for side in BORDER_SIDES:
        _child(borders, side, val="single", sz=rule_eighths, space=0, color="000000")
    _put(tblpr, "tblLayout", TBLPR_ORDER, type="fixed")
    margins = _put(tblpr, "tblCellMar", TBLPR_ORDER)
    for side, width in (("top", 0), ("left", padding), ("bottom", 0), ("right", padding)):
        _child(margins, side, w=width, type="dxa")
    _put(tblpr, "tblLook", TBLPR_ORDER, val="0000", firstRow=0, lastRow=0, firstColumn=0,
         lastColumn=0, noHBand=1, noVBand=1)
    grid = _child(tbl, "tblGrid")
    for width in widths:
        _child(grid, "gridCol", w=width)
    return tbl


def table_row(tbl, header: bool):
    """Append a ``w:tr`` that never splits across pages; a header row repeats
    at the top of each page."""
    tr = _child(tbl, "tr")
    trpr = _child(tr, "trPr")
    _put(trpr, "cantSplit", TRPR_ORDER)
    if header:
        _put(trpr, "tblHeader", TRPR_ORDER)
    return tr


def table_cell(tr, width: int):
    """Append a ``w:tc`` of ``width`` twips, text at the top; fill it with paragraphs."""
    tc = _child(tr, "tc")
    tcpr = _child(tc, "tcPr")
    _put(tcpr, "tcW", TCPR_ORDER, w=width, type="dxa")
    _put(tcpr, "vAlign", TCPR_ORDER, val="top")
    return tc


def underline(rpr, kind: str = "dotted") -> None:
    """Underline the run (``dotted``: a line to fill in by hand)."""
    _put(rpr, "u", RPR_ORDER, val=kind)


#: VML's namespaces (a watermark is a VML text path, as Word writes its own).
VML_NAMESPACES = {
    "v": "urn:schemas-microsoft-com:vml",
    "o": "urn:schemas-microsoft-com:office:office",
    "w10": "urn:schemas-microsoft-com:office:word",
}

#: Word's shape type 136 (a text path, "WordArt"), as Word writes it with a watermark.
_TEXT_PATH_TYPE = """\
<v:shapetype id="_x0000_t136" coordsize="21600,21600" o:spt="136" adj="10800"
 path="m@7,l@8,m@5,21600l@6,21600e"><v:formulas><v:f eqn="sum #0 0 10800"/>
<v:f eqn="prod #0 2 1"/><v:f eqn="sum 21600 0 @1"/><v:f eqn="sum 0 0 @2"/>
<v:f eqn="sum 21600 0 @3"/><v:f eqn="if @0 @3 0"/><v:f eqn="if @0 21600 @1"/>
<v:f eqn="if @0 0 @2"/><v:f eqn="if @0 @4 21600"/><v:f eqn="mid @5 @6"/><v:f eqn="mid @8 @5"/>
<v:f eqn="mid @7 @8"/><v:f eqn="mid @6 @7"/><v:f eqn="sum @6 0 @5"/></v:formulas>
<v:path textpathok="t" o:connecttype="custom" o:connectlocs="@9,0;@10,10800;@11,21600;@12,10800"
 o:connectangles="270,180,90,0"/><v:textpath on="t" fitshape="t"/>
<v:handles><v:h position="#0,bottomRight" xrange="6629,14971"/></v:handles>
<o:lock v:ext="edit" text="t" shapetype="t"/></v:shapetype>"""


def watermark_run(text: str, number: int, family: str, colour: str,
                  width_pt: float, height_pt: float):
    """A ``w:r`` holding a text watermark as Word makes one (Design → Watermark):
    a VML text path ``text`` behind the page's text, turned 45°, centred on
    the page, filled with ``colour``. ``number`` keeps the shapes' ids apart
    (one shape per header). The run itself takes no room (1 pt)."""
    from xml.sax.saxutils import quoteattr

    from docx.oxml import parse_xml

    declarations = " ".join(f'xmlns:{prefix}="{uri}"' for prefix, uri in VML_NAMESPACES.items())
    style = (f"position:absolute;margin-left:0;margin-top:0;width:{width_pt:.1f}pt;"
             f"height:{height_pt:.1f}pt;rotation:315;z-index:-251654144;"
             "mso-position-horizontal:center;mso-position-horizontal-relative:page;"
             "mso-position-vertical:center;mso-position-vertical-relative:page")
    font = f'font-family:"{family}";font-size:1pt;font-weight:bold'
    xml = (f'<w:r xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" {declarations}>'
           '<w:rPr><w:noProof/><w:sz w:val="2"/><w:szCs w:val="2"/></w:rPr><w:pict>'
           f'{_TEXT_PATH_TYPE}'
           f'<v:shape id="PowerPlusWaterMarkObject{number}" o:spid="_x0000_s{2048 + number}"'
           f' type="#_x0000_t136" style={quoteattr(style)} o:allowincell="f"'
           f' fillcolor="{colour}" stroked="f">'
           f'<v:fill on="t" color="{colour}"/>'
           f'<v:textpath style={quoteattr(font)} string={quoteattr(text)}/>'
           '<w10:wrap anchorx="page" anchory="page"/></v:shape></w:pict></w:r>')
    return parse_xml(xml)


# --- fonts that travel with the document (ECMA-376 Part 1, 17.8) ---

#: An obfuscated embedded font part (17.8.1) and its relationship from the font table.
OBFUSCATED_FONT = "application/vnd.openxmlformats-officedocument.obfuscatedFont"
FONT_RELATIONSHIP = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/font"
#: The embedding slots of w:font in schema order (17.8.3.10): (bold, italic) → element.
EMBED_SLOTS = {(False, False): "embedRegular", (True, False): "embedBold",
               (False, True): "embedItalic", (True, True): "embedBoldItalic"}
#: Children of w:font in schema order (17.8.3.10).
FONT_ORDER = ["altName", "panose1", "charset", "family", "notTrueType", "pitch", "sig",
              *EMBED_SLOTS.values()]
#: The children of w:settings that come before w:embedTrueTypeFonts (17.15.1.78).
_BEFORE_EMBED_SETTING = {"writeProtection", "view", "zoom", "removePersonalInformation",
                         "removeDateAndTime", "doNotDisplayPageBoundaries",
                         "displayBackgroundShape", "printPostScriptOverText",
                         "printFractionalCharacterWidth", "printFormsData"}


def font_key(sha256_hex: str) -> str:
    """The obfuscation key of a font: a GUID made of the first 16 bytes of
    the font file's SHA-256, so the same file always gets the same key and
    the DOCX's bytes never depend on when it was written."""
    import uuid

    return "{" + str(uuid.UUID(bytes=bytes.fromhex(sha256_hex)[:16])).upper() + "}"


def obfuscate_font(data: bytes, key: str) -> bytes:
    """The font file ``data`` as an embedded font part (17.8.1): its first 32
    bytes XORed with the 16 bytes of the GUID ``key``, read from the key's
    last pair of hex digits to its first. The same call undoes it."""
    mask = bytes.fromhex(key.strip("{}").replace("-", ""))[::-1]
    head = bytes(byte ^ mask[index % 16] for index, byte in enumerate(data[:32]))
    return head + data[32:]


def embedded_font(fonts, name: str, panose: str, signature: dict[str, str],
                  embeds: list[tuple[str, str, str]]) -> None:
    """Describe the font ``name`` in the font table ``fonts`` (``w:fonts``),
    replacing any entry of that name: its PANOSE number and Unicode and code
    page signature (as its OS/2 table gives them) and, for each of
    ``embeds`` (slot element, relationship id, key), the embedded file."""
    for old in fonts.findall(qn("w:font")):
        if old.get(qn("w:name")) == name:
            fonts.remove(old)
    font = _child(fonts, "font", name=name)
    _put(font, "panose1", FONT_ORDER, val=panose)
    _put(font, "charset", FONT_ORDER, val="00")
    _put(font, "family", FONT_ORDER, val="swiss")
    _put(font, "pitch", FONT_ORDER, val="variable")
    _put(font, "sig", FONT_ORDER, **signature)
    for slot, rid, key in embeds:
        element = _put(font, slot, FONT_ORDER, fontKey=key)
        element.set(qn("r:id"), rid)


def embed_true_type_fonts(settings) -> None:
    """Tell Word to keep the embedded fonts when it saves (17.15.1.46). Every
    font is embedded whole: ``w:saveSubsetFonts`` stays absent (off), so text
    typed later in any character of the font still shows."""
    if settings.find(qn("w:embedTrueTypeFonts")) is not None:
        return
    element = OxmlElement("w:embedTrueTypeFonts")
    before = [child for child in settings
              if isinstance(child.tag, str) and child.tag.rsplit("}", 1)[-1] in _BEFORE_EMBED_SETTING]
    if before:
        before[-1].addnext(element)
    else:
        settings.insert(0, element)


def app_properties(application: str, company: str) -> bytes:
    """``docProps/app.xml``: the program that made the document and the
    office that issued it; nothing that only Word can know (pages, words,
    editing time), which Word counts again when it saves."""
    from xml.sax.saxutils import escape

    return ("<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
            '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"'
            ' xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">'
            f"<Application>{escape(application)}</Application><DocSecurity>0</DocSecurity>"
            f"<ScaleCrop>false</ScaleCrop><Company>{escape(company)}</Company>"
            "<LinksUpToDate>false</LinksUpToDate><SharedDoc>false</SharedDoc>"
            "<HyperlinksChanged>false</HyperlinksChanged></Properties>").encode("utf-8")
