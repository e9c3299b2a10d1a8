"""What the PDF writer keeps per process, not per document: the font
configuration (WeasyPrint loads each ``@font-face`` into Fontconfig once per
configuration) and the parsed stylesheets (every document carries the same
``<style>``). Both give the same PDF bytes as a fresh start;
``tests/test_batch.py`` checks that.

:func:`css` replaces ``weasyprint.css.CSS``; :mod:`generator.engine.patches`
installs it.
"""

from __future__ import annotations

from functools import lru_cache

from generator.render.assets import VIRTUAL_BASE


@lru_cache(maxsize=1)
def font_config():
    """The font configuration of this process's documents."""
    from weasyprint.text.fonts import FontConfiguration

    return FontConfiguration()


#: (``<style>`` text, media type) → the stylesheet WeasyPrint built from it.
STYLESHEETS: dict[tuple, object] = {}


def css(original, *args, **kwargs):
    """``weasyprint.css.CSS``: parse each distinct ``<style>`` of prakat's
    documents once per process.

    WeasyPrint builds a :class:`weasyprint.CSS` for every ``<style>`` element
    of every document; for prakat's documents (recognised by their font
    configuration and base URL) this hands back the one built before. A CSS
    object keeps its own selectors, page rules and layers; what it adds to the
    document's shared counter styles and colour profiles is added again here.
    Anything else goes to WeasyPrint untouched.
    """
    string = kwargs.get("string")
    if (args or string is None or kwargs.get("font_config") is not font_config()
            or kwargs.get("base_url") != VIRTUAL_BASE or kwargs.get("layer") is not None
            or kwargs.get("matcher") is not None):
        return original(*args, **kwargs)
    key = (string, kwargs.get("media_type"))
    sheet = STYLESHEETS.get(key)
    if sheet is None:
        own = dict(kwargs, page_rules=[], layers=[], counter_style={}, color_profiles={})
        sheet = original(**own)
        sheet.prakat_counter_style = own["counter_style"]
        sheet.prakat_color_profiles = own["color_profiles"]
        STYLESHEETS[key] = sheet
    if kwargs.get("counter_style") is not None:
        kwargs["counter_style"].update(sheet.prakat_counter_style)
    if kwargs.get("color_profiles") is not None:
        kwargs["color_profiles"].update(sheet.prakat_color_profiles)
    return sheet
