"""Teach WeasyPrint the Thai typesetting rules that Word applies to Thai text.

1. Thai distributed justification (Word's ``thaiDistribute``): WeasyPrint's
   ``text-align: justify`` widens only spaces, and Thai lines have few, so
   they showed holes. For Thai (``lang="th"``) text the extra room is spread
   over every grapheme cluster instead (web addresses inside Thai text
   included, as in Word): it is added after the last glyph of each cluster, so marks stay on their base letter (Pango's own letter
   spacing puts it between a letter and its marks, and the marks drift).
2. Line breaks only between words: Pango breaks Thai with libthai's
   dictionary; prakat's break opportunities come from :func:`generator.thai.breaks`
   (PyThaiNLP), the same rule the DOCX writer uses. Pango is told not to
   break anywhere else (``PangoAttrAllowBreaks``).
3. Emergency breaks: a word wider than the whole line (a 120-letter run
   with no break opportunity, Thai or Latin) would run past the right
   margin. When the first word of a line alone does not fit, and only then,
   the line is broken inside it: at a break Pango's own rules allow there,
   else between two characters (never between a letter and its marks).

The functions at the end are the replacements; :mod:`generator.engine.patches`
installs them (the only module that does).
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache

from weasyprint.formatting_structure import boxes
from weasyprint.layout import inline
from weasyprint.text import line_break
from weasyprint.text.constants import PANGO_WRAP_MODE
from weasyprint.text.ffi import ffi, pango

from generator import thai
from generator.engine.textlayer import run_glyph_text

#: Set while an emergency break is laid out: no break is forbidden then.
_emergency = False
#: Lines may break (``white-space``) or are one unit that may still be wider than the line.
_WRAPPING = ("normal", "nowrap")


#: Pango's widths are rounded: a line this much (CSS px) wider than the room still fits.
_SLACK = 0.01


def is_thai(style) -> bool:
    lang = style["lang"] or ""
    return lang.lower().split("-")[0] == "th"


def is_address(style) -> bool:
    """A web or e-mail address: the template marks it ``lang="zxx"`` (no language)."""
    return (style["lang"] or "").lower() == "zxx"


def distributes(style) -> bool:
    """Text whose justification room is spread over every letter: Thai, and
    web addresses inside Thai text (as Word's Thai distributed alignment does)."""
    return is_thai(style) or is_address(style)


def is_mark(char: str) -> bool:
    return unicodedata.category(char) in ("Mn", "Mc", "Me")


@lru_cache(maxsize=thai.TEXTS_CACHED)
def clusters(text: str) -> int:
    """Spacing slots: every character but a combining mark (ำ counts: its า)."""
    return sum(1 for char in text if not is_mark(char))


def spread(first_line, spacing: int, line_end: bool = False) -> None:
    """Add ``spacing`` (Pango units) after every base glyph of the line.

    The marks drawn on a base glyph move back by the same amount, so they
    stay on it; their advance stays zero, so text extractors still see them
    as marks of the letter before.
    """
    last_base = None
    run = first_line.runs[0]
    while run != ffi.NULL:
        glyph_item = run.data
        run = run.next
        glyphs = glyph_item.glyphs
        known = run_glyph_text(glyph_item)
        shift = 0
        for i in range(glyphs.num_glyphs):
            info = glyphs.glyphs[i]
            text = known.get(info.glyph, "")
            if text and is_mark(text[0]):
                info.geometry.x_offset -= shift
            else:
                info.geometry.width += spacing
                last_base = info
                # WeasyPrint converts x offsets with a 1000/1024 slip; aim the
                # mark a hair (0.06 pt) right of where it was, never left of
                # it: poppler splits a word where a mark overlaps its letter.
                shift = max(0, spacing * 1000 // 1024 - 60)
    if line_end and last_base is not None:
        # Nothing after the line's last letter: it ends at the margin.
        # (Its marks keep their shift: they were placed on it.)
        last_base.geometry.width -= spacing


def _last_text_box(box):
    if isinstance(box, boxes.TextBox):
        return box
    if isinstance(box, (boxes.LineBox, boxes.InlineBox)):
        for child in reversed(box.children):
            if child.is_in_normal_flow():
                return _last_text_box(child)
    return None


@lru_cache(maxsize=1)
def _own_pango():
    """Pango's ``pango_attr_allow_breaks_new`` (1.44+), which WeasyPrint does
    not bind, and ``pango_attr_list_insert``, bound by prakat itself."""
    import cffi

    own = cffi.FFI()
    own.cdef("""
        typedef struct { const void *klass; unsigned int start_index; unsigned int end_index; }
            PangoAttribute;
        PangoAttribute *pango_attr_allow_breaks_new (int allow_breaks);
        void pango_attr_list_insert (void *list, PangoAttribute *attr);
        void *pango_attr_list_new (void);
        void *pango_attr_list_copy (void *list);
        void pango_attr_list_unref (void *list);
    """)
    return own, own.dlopen(_pango_path())


def _pango_path() -> str:
    import ctypes.util

    return ctypes.util.find_library("pango-1.0") or "libpango-1.0.so.0"


# --- the replacements :mod:`generator.engine.patches` installs ------------------
# Each takes the WeasyPrint function it replaces as its first argument.

def count_slots(count_expandable_spaces, box) -> int:
    """``inline.count_expandable_spaces``: the spacing slots of a box; Thai
    text (and an address in it) counts every grapheme cluster, not its spaces."""
    if isinstance(box, boxes.TextBox) and distributes(box.style):
        return clusters(box.text)
    if isinstance(box, (boxes.LineBox, boxes.InlineBox)):
        return sum(count_slots(count_expandable_spaces, child) for child in box.children)
    return count_expandable_spaces(box)


@lru_cache(maxsize=thai.TEXTS_CACHED)
def _no_breaks(text: str, address: bool) -> tuple[tuple[int, int], ...]:
    """The byte ranges of ``text`` inside which no line may break: its words
    (between two break opportunities), or the pieces of a web address."""
    offsets = thai.address_breaks(text) if address else thai.breaks(text)
    ranges = []
    start = 0
    for end in [*offsets, len(text)]:
        if end - start > 1:
            ranges.append((len(text[:start].encode()), len(text[:end].encode())))
        start = end
    return tuple(ranges)


def set_text(set_text_, layout, text, justify=False) -> None:
    """``line_break.Layout.set_text``: Pango may break Thai text (and an
    address) only between words; distributed text gets no word spacing (its
    room is spread when the line is drawn, :func:`spread_line`)."""
    thai_text = is_thai(layout.style)
    address = is_address(layout.style)
    distribute = justify and (thai_text or address) and layout.justification_spacing
    set_text_(layout, text, justify=justify and not distribute)
    if not (thai_text or address) or not layout.text or _emergency:
        return
    own, library = _own_pango()
    attributes = pango.pango_layout_get_attributes(layout.layout)
    if attributes == ffi.NULL:
        # The usual case: a copy of the text's list, made once (one call
        # instead of four a word); the same attributes in the same order.
        copy = library.pango_attr_list_copy(_break_list(layout.text, address))
        pango.pango_layout_set_attributes(
            layout.layout, ffi.cast("PangoAttrList *", int(own.cast("uintptr_t", copy))))
        library.pango_attr_list_unref(copy)  # the layout holds its own reference
        return
    # WeasyPrint's spacing, or an earlier text of this layout, is in the list already.
    _insert_breaks(own.cast("void *", int(ffi.cast("uintptr_t", attributes))), layout.text, address)
    pango.pango_layout_set_attributes(layout.layout, attributes)


def _insert_breaks(target, text: str, address: bool) -> None:
    """Forbid breaks inside words, between two break opportunities. A web
    address (the template sets it apart with lang="zxx") is its own box: a
    line that starts inside it still breaks only where an address may."""
    _, library = _own_pango()
    for start, end in _no_breaks(text, address):
        attr = library.pango_attr_allow_breaks_new(0)
        attr.start_index = start
        attr.end_index = end
        library.pango_attr_list_insert(target, attr)   # the list owns it


@lru_cache(maxsize=thai.TEXTS_CACHED)
def _break_list(text: str, address: bool):
    """A Pango attribute list of :func:`_insert_breaks` for ``text`` alone,
    kept to be copied (never given to a layout itself: WeasyPrint changes a
    layout's list in place)."""
    own, library = _own_pango()
    attributes = own.gc(library.pango_attr_list_new(), library.pango_attr_list_unref)
    _insert_breaks(attributes, text, address)
    return attributes


def spread_line(textbox) -> None:
    """Before ``draw.text.draw_first_line``: spread a justified Thai line's
    room over its letters. Every time the line is drawn: WeasyPrint makes its
    Pango layout anew for each drawing (``draw_text``: ``reactivate``), and a
    document written twice (the archival PDF, after the plain one) draws
    every line twice."""

    spacing = getattr(textbox, "justification_spacing", 0)
    if spacing and distributes(textbox.style):
        # Set before WeasyPrint does, as a change would lay the line out again.
        pango.pango_layout_set_single_paragraph_mode(textbox.pango_layout.layout, True)
        first_line, _ = textbox.pango_layout.get_first_line()
        spread(first_line, int(spacing * line_break.TO_UNITS),
               getattr(textbox, "_prakat_line_end", False))


def justify_line(justify_line_, count_expandable_spaces, context, line, extra_width) -> None:
    """``inline.justify_line``: a Thai line's room goes to every letter but the
    last (:func:`count_slots`); other lines are WeasyPrint's."""
    if not is_thai(line.style):
        return justify_line_(context, line, extra_width)
    slots = count_slots(count_expandable_spaces, line)
    last = _last_text_box(line)
    if last is not None and distributes(last.style) and slots > 1:
        last._prakat_line_end = True
        slots -= 1  # no room after the last letter
    if slots:
        inline.add_word_spacing(context, line, extra_width / slots, 0)


def split_first_line(split_first_line_, text, style, context, max_width, justification_spacing,
                     is_line_start=True, minimum=False):
    """``line_break.split_first_line``: WeasyPrint's, unless the line starts
    with a word wider than the line itself: then it breaks inside that word."""
    result = split_first_line_(text, style, context, max_width, justification_spacing,
                               is_line_start=is_line_start, minimum=minimum)
    if (minimum or not is_line_start or max_width is None or not 0 < max_width < 2 ** 21
            or style["white_space"] not in _WRAPPING or result[3] <= max_width + _SLACK):
        return result
    # The line starts with a word wider than the line itself: break inside it.
    return _emergency_split(text, style, context, max_width, justification_spacing) or result


def _emergency_split(text, style, context, max_width, justification_spacing):
    global _emergency
    _emergency = True
    try:
        layout = line_break.create_layout(text, style, context, max_width, justification_spacing)
    finally:
        _emergency = False
    pango.pango_layout_set_width(layout.layout, int(max_width * line_break.TO_UNITS))
    pango.pango_layout_set_wrap(layout.layout, PANGO_WRAP_MODE["WRAP_WORD_CHAR"])
    first_line, resume_index = layout.get_first_line()
    if not resume_index:
        return None
    return line_break.first_line_metrics(first_line, text, layout, resume_index,
                                         style["white_space"] in _WRAPPING, style)
