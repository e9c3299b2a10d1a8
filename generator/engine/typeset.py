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

:func:`install` patches WeasyPrint once per process; the PDF writer calls it.
"""

from __future__ import annotations

import unicodedata

from generator import thai

_installed = False
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


def clusters(text: str) -> int:
    """Spacing slots: every character but a combining mark (ำ counts: its า)."""
    return sum(1 for char in text if not is_mark(char))


def spread(first_line, spacing: int, line_end: bool = False) -> None:
    """Add ``spacing`` (Pango units) after every base glyph of the line.

    The marks drawn on a base glyph move back by the same amount, so they
    stay on it; their advance stays zero, so text extractors still see them
    as marks of the letter before.
    """
    from weasyprint.text.ffi import ffi

    from generator.engine.textlayer import run_glyph_text

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
    from weasyprint.formatting_structure import boxes

    if isinstance(box, boxes.TextBox):
        return box
    if isinstance(box, (boxes.LineBox, boxes.InlineBox)):
        for child in reversed(box.children):
            if child.is_in_normal_flow():
                return _last_text_box(child)
    return None


def _pango_allow_breaks():
    """``pango_attr_allow_breaks_new`` (Pango 1.44+), which WeasyPrint does not bind."""
    import cffi
    from weasyprint.text.ffi import ffi

    own = cffi.FFI()
    own.cdef("void *pango_attr_allow_breaks_new (int allow_breaks);")
    library = own.dlopen(_pango_path())

    def new(allow: bool):
        address = int(own.cast("uintptr_t", library.pango_attr_allow_breaks_new(int(allow))))
        return ffi.cast("PangoAttribute *", address)

    return new


def _pango_path() -> str:
    import ctypes.util

    return ctypes.util.find_library("pango-1.0") or "libpango-1.0.so.0"


def install() -> None:
    """Patch WeasyPrint (idempotent)."""
    global _installed
    if _installed:
        return
    from weasyprint.draw import text as wtext
    from weasyprint.layout import inline
    from weasyprint.text import line_break
    from weasyprint.text.constants import PANGO_WRAP_MODE
    from weasyprint.text.ffi import ffi, pango

    allow_breaks = _pango_allow_breaks()
    count_expandable_spaces = inline.count_expandable_spaces
    set_text = line_break.Layout.set_text

    def patched_count(box):
        from weasyprint.formatting_structure import boxes

        if isinstance(box, boxes.TextBox) and distributes(box.style):
            return clusters(box.text)
        if isinstance(box, (boxes.LineBox, boxes.InlineBox)):
            return sum(patched_count(child) for child in box.children)
        return count_expandable_spaces(box)

    def patched_set_text(self, text, justify=False):
        thai_text = is_thai(self.style)
        address = is_address(self.style)
        distribute = justify and (thai_text or address) and self.justification_spacing
        set_text(self, text, justify=justify and not distribute)
        if not (thai_text or address) or not self.text or _emergency:
            return
        attributes = pango.pango_layout_get_attributes(self.layout)
        if attributes == ffi.NULL:
            attributes = ffi.gc(pango.pango_attr_list_new(), pango.pango_attr_list_unref)
        # Forbid breaks inside words: between two break opportunities. A web
        # address (the template sets it apart with lang="zxx") is its own box:
        # a line that starts inside it still breaks only where an address may.
        offsets = thai.address_breaks(self.text) if address else thai.breaks(self.text)
        start = 0
        for end in [*offsets, len(self.text)]:
            if end - start > 1:
                attr = allow_breaks(False)
                attr.start_index = len(self.text[:start].encode())
                attr.end_index = len(self.text[:end].encode())
                pango.pango_attr_list_insert(attributes, attr)
            start = end
        pango.pango_layout_set_attributes(self.layout, attributes)

    draw_first_line = wtext.draw_first_line

    def patched_draw_first_line(stream, textbox, *args, **kwargs):
        spacing = getattr(textbox, "justification_spacing", 0)
        if spacing and distributes(textbox.style) and not getattr(textbox, "_prakat_spread", False):
            # Set before WeasyPrint does, as a change would lay the line out again.
            pango.pango_layout_set_single_paragraph_mode(textbox.pango_layout.layout, True)
            first_line, _ = textbox.pango_layout.get_first_line()
            spread(first_line, int(spacing * line_break.TO_UNITS),
                   getattr(textbox, "_prakat_line_end", False))
            textbox._prakat_spread = True
        return draw_first_line(stream, textbox, *args, **kwargs)

    def patched_justify_line(context, line, extra_width):
        if not is_thai(line.style):
            return justify_line(context, line, extra_width)
        slots = patched_count(line)
        last = _last_text_box(line)
        if last is not None and distributes(last.style) and slots > 1:
            last._prakat_line_end = True
            slots -= 1  # no room after the last letter
        if slots:
            inline.add_word_spacing(context, line, extra_width / slots, 0)

    split_first_line = line_break.split_first_line

    def patched_split_first_line(text, style, context, max_width, justification_spacing,
                                 is_line_start=True, minimum=False):
        result = split_first_line(text, style, context, max_width, justification_spacing,
                                  is_line_start=is_line_start, minimum=minimum)
        if (minimum or not is_line_start or max_width is None or not 0 < max_width < 2 ** 21
                or style["white_space"] not in _WRAPPING or result[3] <= max_width + _SLACK):
            return result
        # The line starts with a word wider than the line itself: break inside it.
        return emergency_split(text, style, context, max_width, justification_spacing) or result

    def emergency_split(text, style, context, max_width, justification_spacing):
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

    justify_line = inline.justify_line
    inline.justify_line = patched_justify_line
    inline.split_first_line = patched_split_first_line
    line_break.split_first_line = patched_split_first_line
    inline.count_expandable_spaces = patched_count
    line_break.Layout.set_text = patched_set_text
    wtext.draw_first_line = patched_draw_first_line
    _installed = True
