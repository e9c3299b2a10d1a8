"""Turn the rendered document into a PDF/A with WeasyPrint and the print CSS.

Per process, not per document: the font configuration (WeasyPrint loads each
``@font-face`` into Fontconfig once per configuration) and the parsed
stylesheet (every document carries the same ``<style>``). Both give the same
PDF bytes as a fresh start; ``tests/test_batch.py`` checks that.
"""

from __future__ import annotations

from functools import lru_cache

import pydyf
import weasyprint
from weasyprint.text.fonts import FontConfiguration

from generator.engine import textlayer
from generator.engine import typeset
from generator.render.assets import VIRTUAL_BASE, AssetFetcher
from generator.format.profile import OFFICIAL, Profile

PDF_VARIANT = "pdf/a-3b"


@lru_cache(maxsize=1)
def font_config() -> FontConfiguration:
    """The font configuration of this process's documents."""
    return FontConfiguration()


def write(html: str, identifier: bytes | None = None, profile: Profile = OFFICIAL, *,
          created: str | None = None, modified: str | None = None,
          announcement=None, attachments: list | None = None) -> bytes:
    """The PDF bytes; ``identifier`` makes the document ID stable, and the W3C
    dates ``created`` and ``modified`` go into the info dictionary and XMP.
    ``attachments`` (:class:`weasyprint.Attachment`) are embedded files."""
    textlayer.install()
    typeset.install()
    _install_stylesheet_cache()
    options = {"pdf_variant": PDF_VARIANT, "pdf_identifier": identifier}
    document = weasyprint.HTML(string=html, base_url=VIRTUAL_BASE,
                               url_fetcher=AssetFetcher(profile, announcement)).render(
        font_config=font_config(), **options)
    document.metadata.created = created
    document.metadata.modified = modified
    if attachments:
        return document.write_pdf(attachments=attachments, finisher=_unique_associated_files, **options)
    return document.write_pdf(**options)


_stylesheets: dict[tuple, weasyprint.CSS] = {}


@lru_cache(maxsize=1)
def _install_stylesheet_cache() -> None:
    """Parse each distinct ``<style>`` of prakat's documents once per process.

    WeasyPrint builds a :class:`weasyprint.CSS` for every ``<style>`` element
    of every document; for prakat's documents (recognised by their font
    configuration and base URL) this hands back the one built before. A CSS
    object keeps its own selectors, page rules and layers; what it adds to the
    document's shared counter styles and colour profiles is added again here.
    Anything else goes to WeasyPrint untouched.
    """
    from weasyprint import css as wcss

    original = wcss.CSS

    def cached_css(*args, **kwargs):
        string = kwargs.get("string")
        if (args or string is None or kwargs.get("font_config") is not font_config()
                or kwargs.get("base_url") != VIRTUAL_BASE or kwargs.get("layer") is not None
                or kwargs.get("matcher") is not None):
            return original(*args, **kwargs)
        key = (string, kwargs.get("media_type"))
        sheet = _stylesheets.get(key)
        if sheet is None:
            own = dict(kwargs, page_rules=[], layers=[], counter_style={}, color_profiles={})
            sheet = original(**own)
            sheet.prakat_counter_style = own["counter_style"]
            sheet.prakat_color_profiles = own["color_profiles"]
            _stylesheets[key] = sheet
        if kwargs.get("counter_style") is not None:
            kwargs["counter_style"].update(sheet.prakat_counter_style)
        if kwargs.get("color_profiles") is not None:
            kwargs["color_profiles"].update(sheet.prakat_color_profiles)
        return sheet

    wcss.CSS = cached_css


def _unique_associated_files(document, pdf) -> None:
    """WeasyPrint 70 lists each attachment twice in the catalog's /AF; keep one of each."""
    associated = pdf.catalog.get("AF")
    if associated:
        unique = []
        for reference in associated:
            if reference not in unique:
                unique.append(reference)
        pdf.catalog["AF"] = pydyf.Array(unique)
