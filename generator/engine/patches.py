"""The only code that replaces functions of WeasyPrint (and so of Pango).

Thai typesetting needs behaviour WeasyPrint does not expose: distributed
justification, word breaking by a Thai segmenter, and a correct text layer.
:data:`REPLACEMENTS` names every WeasyPrint function prakat replaces, where,
and why; the behaviour itself lives in :mod:`.typeset` (line breaking and
justification), :mod:`.textlayer` (the PDF's text), :mod:`.stylesheets`
(reuse per process) and :mod:`.pages` (page styles on long documents).
:func:`install` puts them in place, once per process,
after :func:`check` has found the engine prakat was tested with:
WeasyPrint, Pango and HarfBuzz at the versions of :data:`TESTED`. Any other
is refused, naming what differs, unless ``PRAKAT_UNTESTED_ENGINE=1`` is set
to try it (the PDFs may then differ from the archived ones, and a
replacement whose upstream function changed its parameters is still refused).

``tests/test_engine.py`` fails when an upgrade changes what a replacement
relies on: the signatures, the modules that hold each replaced function, and
the Pango structures and WeasyPrint helpers the replacements use.

One more stand-in, outside WeasyPrint: while WeasyPrint is imported,
:mod:`.loading` answers ``ctypes.util.find_library`` from the ``ldconfig``
cache (same libraries, a fraction of the time).
"""

from __future__ import annotations

import importlib
import inspect
import os
import sys
from dataclasses import dataclass, field
from typing import Callable

from generator.engine.libraries import c_library_version
from generator.errors import Refused
from generator.messages import M, default_lang

#: The engine every golden file was made with.
TESTED = {"weasyprint": "70.0", "pango": "1.50.12", "harfbuzz": "6.0.0"}

#: Set to ``1`` to run an engine other than :data:`TESTED` anyway.
UNTESTED_ENV = "PRAKAT_UNTESTED_ENGINE"


class UntestedEngine(Refused):
    """WeasyPrint, Pango or HarfBuzz is not the version prakat was tested with."""


@dataclass(frozen=True)
class Replacement:
    """One function of WeasyPrint that prakat replaces.

    ``upstream`` is where WeasyPrint defines it (``module:qualified name``),
    ``signature`` its parameters as the replacement expects them, ``targets``
    the names it is replaced under (the modules that call it; by default
    ``upstream``), ``kept`` the other names WeasyPrint holds it under, left
    alone on purpose (name → why), and ``make`` turns the upstream function
    into its replacement.
    """

    upstream: str
    signature: str
    why: str
    make: Callable[[Callable], Callable]
    targets: tuple[str, ...] = ()
    kept: dict[str, str] = field(default_factory=dict)

    @property
    def names(self) -> tuple[str, ...]:
        return self.targets or (self.upstream,)


def _set_text(original):
    from generator.engine import typeset

    def set_text(self, text, justify=False):
        return typeset.set_text(original, self, text, justify)
    return set_text


def _split_first_line(original):
    from generator.engine import typeset

    def split_first_line(text, style, context, max_width, justification_spacing,
                         is_line_start=True, minimum=False):
        return typeset.split_first_line(original, text, style, context, max_width,
                                        justification_spacing, is_line_start, minimum)
    return split_first_line


def _count_expandable_spaces(original):
    from generator.engine import typeset

    def count_expandable_spaces(box):
        return typeset.count_slots(original, box)
    return count_expandable_spaces


def _justify_line(original):
    from generator.engine import typeset

    # WeasyPrint's own count, for the boxes that are not Thai
    count = _upstream("weasyprint.layout.inline:count_expandable_spaces")

    def justify_line(context, line, extra_width):
        return typeset.justify_line(original, count, context, line, extra_width)
    return justify_line


def _draw_first_line(original):
    from generator.engine import textlayer, typeset

    def draw_first_line(stream, textbox, *args, **kwargs):
        typeset.spread_line(textbox)
        return textlayer.draw_first_line(original, stream, textbox, *args, **kwargs)
    return draw_first_line


def _build_fonts_dictionary(original):
    from generator.engine import textlayer

    def build_fonts_dictionary(pdf, fonts, *args, **kwargs):
        return textlayer.build_fonts_dictionary(original, pdf, fonts, *args, **kwargs)
    return build_fonts_dictionary


def _set_page_type_computed_styles(original):
    from generator.engine import pages

    def set_page_type_computed_styles(page_type, html, style_for):
        return pages.set_page_type_computed_styles(original, page_type, html, style_for)
    return set_page_type_computed_styles


def _css(original):
    from generator.engine import stylesheets

    def css(*args, **kwargs):
        return stylesheets.css(original, *args, **kwargs)
    return css


#: Every WeasyPrint function prakat replaces, in the order they are installed.
REPLACEMENTS: tuple[Replacement, ...] = (
    Replacement(
        "weasyprint.text.line_break:Layout.set_text", "(self, text, justify=False)",
        "Thai text may break only between words: Pango's libthai dictionary is told, with "
        "PangoAttrAllowBreaks, not to break between prakat's break opportunities "
        "(generator.thai.breaks, PyThaiNLP, the same as the DOCX); a web address breaks only "
        "after / . - ? & = _. Distributed text gets no word spacing here: its room is spread "
        "over every letter when the line is drawn.",
        _set_text),
    Replacement(
        "weasyprint.text.line_break:split_first_line",
        "(text, style, context, max_width, justification_spacing, is_line_start=True, "
        "minimum=False)",
        "Emergency breaks: when the first word of a line alone is wider than the line (a long "
        "run with no break opportunity), the line breaks inside it, where Pango allows or "
        "between two characters, instead of running past the margin.",
        _split_first_line,
        targets=("weasyprint.text.line_break:split_first_line",
                 "weasyprint.layout.inline:split_first_line"),
        kept={"weasyprint.layout.preferred:split_first_line":
              "min- and max-content widths (table columns) keep WeasyPrint's own measure, as "
              "every golden was made with"}),
    Replacement(
        "weasyprint.layout.inline:count_expandable_spaces", "(box)",
        "Thai distributed justification: a Thai line's room is shared by its grapheme "
        "clusters, not only by its spaces (Thai lines have few, and showed holes).",
        _count_expandable_spaces),
    Replacement(
        "weasyprint.layout.inline:justify_line", "(context, line, extra_width)",
        "Thai distributed justification: no room after a Thai line's last letter, so the line "
        "ends at the margin.",
        _justify_line),
    Replacement(
        "weasyprint.draw.text:draw_first_line",
        "(stream, textbox, text_overflow, block_ellipsis, matrix)",
        "Before a line is drawn: its justification room is added after every base glyph "
        "(marks stay on their letter, where Pango's letter spacing lets them drift); NIKHAHIT "
        "is put back after the tone marks HarfBuzz draws it before (no pixel moves); and the "
        "line is marked with its exact text (/ActualText), so readers give back the Thai text "
        "as written.",
        _draw_first_line),
    Replacement(
        "weasyprint.pdf.fonts:build_fonts_dictionary", "(pdf, fonts, compress, subset, options)",
        "Each glyph's text in the PDF (ToUnicode) is the one the font says it draws (its cmap, "  # not a message: why, for developers
        "or the glyph it was substituted from), not the text of the first cluster it was drawn "
        "in: Thai fonts reuse glyphs across clusters (พัฒนา came back as พัฒนำ).",
        _build_fonts_dictionary,
        targets=("weasyprint.pdf:build_fonts_dictionary",),
        kept={"weasyprint.pdf.fonts:build_fonts_dictionary":
              "where it is defined; WeasyPrint calls it only through weasyprint.pdf"}),
    Replacement(
        "weasyprint:CSS",
        "(guess=None, filename=None, url=None, file_obj=None, string=None, encoding=None, "
        "base_url=None, url_fetcher=None, _check_mime_type=False, media_type='print', "
        "font_config=None, counter_style=None, color_profiles=None, matcher=None, "
        "page_rules=None, layers=None, layer=None)",
        "Speed: the <style> of prakat's documents is parsed once per process, not once per "
        "document (same bytes).",
        _css,
        targets=("weasyprint.css:CSS",),
        kept={"weasyprint:CSS": "the public class, for stylesheets a caller makes itself",
              "weasyprint.document:CSS": "not used to parse a document's stylesheets",
              "weasyprint.html:CSS": "WeasyPrint's own user-agent stylesheets, parsed once"}),
    Replacement(
        "weasyprint.layout.page:set_page_type_computed_styles", "(page_type, html, style_for)",
        "Speed on long documents: WeasyPrint finds a new page's margin boxes by going through "
        "the styles of every page made so far (n pages: n²/2 look-ups); the page rules give "
        "the same margin boxes at once (same bytes).",
        _set_page_type_computed_styles),
)


_installed: dict[str, Callable] = {}    # upstream → its replacement
_originals: dict[str, Callable] = {}    # upstream → WeasyPrint's function
_warned = False


def _resolve(spec: str):
    """``(owner, attribute name, value)`` of ``module:qualified.name``."""
    module_name, _, qualified = spec.partition(":")
    owner = importlib.import_module(module_name)
    *path, name = qualified.split(".")
    for part in path:
        owner = getattr(owner, part)
    return owner, name, getattr(owner, name)


def _upstream(spec: str):
    """WeasyPrint's own function ``spec``, even after :func:`install`."""
    return _originals.get(spec) or _resolve(spec)[2]


def originals() -> dict[str, Callable]:
    """Upstream name → WeasyPrint's own function (before :func:`install`, the current one)."""
    return {r.upstream: _upstream(r.upstream) for r in REPLACEMENTS}


def installed() -> dict[str, Callable]:
    """Upstream name → its replacement, once :func:`install` has run."""
    return dict(_installed)


# --- the engine's versions -----------------------------------------------------

def running_versions() -> dict[str, str]:
    """The versions of WeasyPrint, and of the Pango and HarfBuzz it loaded."""
    import weasyprint
    from weasyprint.text.ffi import pango

    number = pango.pango_version()
    return {"weasyprint": weasyprint.__version__,
            "pango": f"{number // 10000}.{number // 100 % 100}.{number % 100}",
            # the library WeasyPrint loaded: opening it again gives the same one
            "harfbuzz": c_library_version("harfbuzz")}


def untested_allowed() -> bool:
    return os.environ.get(UNTESTED_ENV, "").strip() == "1"


def check(versions: dict[str, str] | None = None) -> None:
    """Refuse an engine other than :data:`TESTED` (:class:`UntestedEngine`),
    unless ``PRAKAT_UNTESTED_ENGINE=1``."""
    global _warned
    versions = running_versions() if versions is None else versions
    wrong = [(name, versions.get(name, "-"), tested) for name, tested in TESTED.items()
             if versions.get(name, "-") != tested]
    if not wrong:
        return
    found = ", ".join(f"{name} {now}" for name, now, _ in wrong)
    expected = ", ".join(f"{name} {tested}" for name, _, tested in wrong)
    if untested_allowed():
        if not _warned:
            _warned = True
            # No --lang reaches the engine: the language of $PRAKAT_LANG.
            print(M("prakat: {env}=1: trying the untested {found} (tested with {expected}):"
                    " the PDFs may differ from the archived ones",
                    env=UNTESTED_ENV, found=found, expected=expected).text(default_lang()),
                  file=sys.stderr)
        return
    raise UntestedEngine(M(
        "prakat's Thai typesetting of the PDF is tested with {expected} only, and this machine"
        " has {found}; install the tested versions (make setup: requirements.lock and the"
        " system packages), or set {env}=1 to try the untested engine, whose PDFs"
        " may differ from the archived ones", expected=expected, found=found, env=UNTESTED_ENV))


def _refuse_changed(replacement: Replacement, now: str) -> None:
    raise UntestedEngine(M(
        "this WeasyPrint changed {name}, which prakat replaces (it takes"
        " {now}, not {expected}), so the Thai typesetting cannot run with it",
        name=replacement.upstream, now=now, expected=replacement.signature))


def install() -> None:
    """Check the engine (:func:`check`), then put every replacement of
    :data:`REPLACEMENTS` in place. Once per process; the PDF writer calls it."""
    if _installed:
        return
    check()
    for replacement in REPLACEMENTS:
        original = _upstream(replacement.upstream)
        now = str(inspect.signature(original))
        if now != replacement.signature:
            _refuse_changed(replacement, now)
        new = replacement.make(original)
        new.__wrapped__ = original
        new.__doc__ = f"prakat's replacement of {replacement.upstream}: {replacement.why}"
        for target in replacement.names:
            owner, name, _ = _resolve(target)
            setattr(owner, name, new)
        _originals[replacement.upstream] = original
        _installed[replacement.upstream] = new


# --- workarounds through WeasyPrint's public options ---------------------------

def unique_associated_files(document, pdf) -> None:
    """A ``finisher`` for ``write_pdf``: WeasyPrint 70 lists each attachment
    twice in the catalog's /AF; keep one of each."""
    import pydyf

    associated = pdf.catalog.get("AF")
    if associated:
        unique = []
        for reference in associated:
            if reference not in unique:
                unique.append(reference)
        pdf.catalog["AF"] = pydyf.Array(unique)
