"""Give WeasyPrint's PDFs a true Thai text layer.

WeasyPrint maps each glyph to the text of the first cluster it was drawn in.
Thai fonts reuse glyphs across clusters (``ำ`` is drawn as ``ํ`` + ``า``), so
``พัฒนา`` came back as ``พัฒนำ``. Two small corrections fix it:

1. every glyph maps to the character the font itself says it draws: its
   ``cmap`` entry, or, for a contextual variant (a lowered tone mark, ``ญ``
   without its tail), the character of the glyph it was substituted from;
2. HarfBuzz draws the ``ํ`` of ``ำ`` *before* a tone mark (``ต่ำ`` becomes
   ต ํ ่ า). Both marks are zero-width, so the PDF may list them in text
   order (ต ่ ํ า) without moving a pixel; extraction then gives the NFKC
   form of the text (``ำ`` decomposes to ``ํา``).

And each drawn line is marked with its exact text (``/Span <</ActualText …>>``,
PDF 32000 §14.9.4). Readers that honour it (poppler, PDFium) give back the
text as written, ``ำ`` included, and do not split words where justification
spread the letters; those that do not (pdfminer) still get 1 and 2.

The two functions at the end wrap WeasyPrint's; :mod:`generator.engine.patches`
installs them (the only module that does).
"""

from __future__ import annotations

import hashlib
import io
import unicodedata

import pydyf
from weasyprint.text.ffi import ffi, harfbuzz, pango
from weasyprint.text.fonts import get_hb_object_data, get_pango_font_hb_face

NIKHAHIT = "\u0E4D"
SARA_AA = "\u0E32"
#: Thai marks drawn above the base: the ones HarfBuzz moves NIKHAHIT before.
ABOVE_MARKS = set("\u0E31\u0E34\u0E35\u0E36\u0E37\u0E47\u0E48\u0E49\u0E4A\u0E4B\u0E4C\u0E4E")

#: Legacy Thai presentation forms in the Private Use Area (the Windows set,
#: U+F700–U+F71D, as HarfBuzz's Thai shaper knows it): fonts such as TH Sarabun
#: New map their shifted and tail-less glyphs there.
THAI_PUA = dict(zip(
    range(0xF700, 0xF71E),
    "\u0E10\u0E34\u0E35\u0E36\u0E37\u0E48\u0E49\u0E4A\u0E4B\u0E4C"   # F700-F709
    "\u0E48\u0E49\u0E4A\u0E4B\u0E4C\u0E0D\u0E31\u0E4D\u0E47\u0E48"   # F70A-F713
    "\u0E49\u0E4A\u0E4B\u0E4C\u0E38\u0E39\u0E3A\u0E0E\u0E0F\u0E2C",  # F714-F71D
))


_GLYPH_TEXT: dict[tuple[str, int], dict[int, str]] = {}


def glyph_text(font_bytes: bytes, index: int = 0) -> dict[int, str]:
    """Glyph id → the text it draws, from the font's cmap and GSUB (cached)."""
    key = (hashlib.sha256(font_bytes).hexdigest(), index)
    if key not in _GLYPH_TEXT:
        _GLYPH_TEXT[key] = _glyph_text(font_bytes, index)
    return _GLYPH_TEXT[key]


def _glyph_text(font_bytes: bytes, index: int) -> dict[int, str]:
    from fontTools.ttLib import TTFont

    font = TTFont(io.BytesIO(font_bytes), fontNumber=index, lazy=True)
    order = font.getGlyphOrder()
    ids = {name: i for i, name in enumerate(order)}
    text: dict[str, str] = {}
    for code, name in sorted(font.getBestCmap().items()):
        if code in THAI_PUA:
            text[name] = THAI_PUA[code]  # the real letter beats its PUA alias
        elif 0xFB00 <= code <= 0xFB06:
            text[name] = unicodedata.normalize("NFKC", chr(code))  # ﬁ is f + i
        elif not 0xE000 <= code <= 0xF8FF:
            # Other private-use aliases (ligatures) take their text from GSUB.
            text.setdefault(name, chr(code))
    if "GSUB" in font:
        lookups = font["GSUB"].table.LookupList.Lookup
        for _ in range(4):  # variants of variants: a few rounds reach a fixed point
            before = len(text)
            for lookup in lookups:
                for sub in lookup.SubTable:
                    if lookup.LookupType == 7:  # extension: look inside
                        kind, sub = sub.ExtSubTable.LookupType, sub.ExtSubTable
                    else:
                        kind = lookup.LookupType
                    if kind == 1:
                        for source, target in sub.mapping.items():
                            if source in text and target not in text:
                                text[target] = text[source]
                    elif kind == 4:
                        for first, ligatures in sub.ligatures.items():
                            for ligature in ligatures:
                                parts = [first, *ligature.Component]
                                if ligature.LigGlyph not in text and all(p in text for p in parts):
                                    text[ligature.LigGlyph] = _logical("".join(text[p] for p in parts))
            if len(text) == before:
                break
    return {ids[name]: value for name, value in text.items() if name in ids}


def _logical(text: str) -> str:
    """Put a NIKHAHIT that precedes above-base marks back after them."""
    chars = list(text)
    for i in range(len(chars) - 1):
        if chars[i] == NIKHAHIT and chars[i + 1] in ABOVE_MARKS:
            j = i
            while j + 1 < len(chars) and chars[j + 1] in ABOVE_MARKS:
                chars[j], chars[j + 1] = chars[j + 1], chars[j]
                j += 1
    return "".join(chars)


def fix_to_unicode(fonts) -> None:
    """Replace WeasyPrint's cluster-based glyph texts by the font's own."""
    for font in fonts.values():
        if not font.to_unicode or font.bitmap:
            continue
        known = glyph_text(font.file_content, font.index)
        for glyph in font.to_unicode:
            if glyph in known:
                font.to_unicode[glyph] = known[glyph]


def reorder_marks(first_line, font_text) -> None:
    """Move NIKHAHIT after the zero-width above marks that follow it, in place.

    ``font_text(glyph_item)`` gives the glyph → text map of the run's font.
    Only swaps zero-width glyphs drawn at the same place, so the drawing is
    unchanged.
    """

    run = first_line.runs[0]
    while run != ffi.NULL:
        glyph_item = run.data
        run = run.next
        glyphs = glyph_item.glyphs
        count = glyphs.num_glyphs
        if count < 3:
            continue
        known = font_text(glyph_item)
        if not known:
            continue
        infos = glyphs.glyphs
        for i in range(count - 1):
            if known.get(infos[i].glyph) != NIKHAHIT:
                continue
            j = i
            while (j + 1 < count and known.get(infos[j + 1].glyph, "")[:1] in ABOVE_MARKS
                   and glyphs.log_clusters[j + 1] == glyphs.log_clusters[j]
                   and _still(infos[j]) and _still(infos[j + 1])
                   and infos[j].geometry.x_offset == infos[j + 1].geometry.x_offset):
                _swap(infos[j], infos[j + 1])
                j += 1


def _still(info) -> bool:
    geometry = info.geometry
    return geometry.width == 0 and geometry.y_offset == 0


def _swap(a, b) -> None:
    # Same cluster, zero width, zero offsets: only the glyph ids differ.
    a.glyph, b.glyph = b.glyph, a.glyph


_FACES: dict[int, dict[int, str]] = {}


def run_glyph_text(glyph_item) -> dict[int, str]:
    """Glyph id → text for the font of a Pango glyph item (cached per face)."""
    face = get_pango_font_hb_face(glyph_item.item.analysis.font)
    # Pango keeps its faces for the life of the process: the address is a key.
    key = int(ffi.cast("uintptr_t", face))
    if key not in _FACES:
        _FACES[key] = glyph_text(get_hb_object_data(face), harfbuzz.hb_face_get_index(face))
    return _FACES[key]


def actual_text(text: str) -> str | None:
    """The replacement text of one drawn line, or None when nothing is drawn."""
    text = text.split("\n", 1)[0]
    return text if text.strip() else None


# --- the replacements :mod:`generator.engine.patches` installs ------------------
# Each takes the WeasyPrint function it wraps as its first argument.

def build_fonts_dictionary(build_fonts_dictionary_, pdf, fonts, *args, **kwargs):
    """``pdf.build_fonts_dictionary``: each glyph's text is the font's own (1)."""
    fix_to_unicode(fonts)
    return build_fonts_dictionary_(pdf, fonts, *args, **kwargs)


def draw_first_line(draw_first_line_, stream, textbox, *args, **kwargs):
    """``draw.text.draw_first_line``: marks in text order (2), and the line
    marked with its text (``ActualText``)."""
    # WeasyPrint sets this first thing; a change would lay the line out
    # again and undo the reordering, so set it before (Pango skips no-ops).
    pango.pango_layout_set_single_paragraph_mode(textbox.pango_layout.layout, True)
    # Every time the line is drawn: WeasyPrint makes its layout anew for each
    # drawing, and the archival PDF draws every line a second time.
    first_line, _ = textbox.pango_layout.get_first_line()
    reorder_marks(first_line, run_glyph_text)
    text = actual_text(textbox.text)
    if text is None:
        return draw_first_line_(stream, textbox, *args, **kwargs)
    stream.begin_marked_content("Span", pydyf.Dictionary({"ActualText": pydyf.String(text)}))
    try:
        return draw_first_line_(stream, textbox, *args, **kwargs)
    finally:
        stream.end_marked_content()
