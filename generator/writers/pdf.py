"""Turn the rendered document into a PDF/A with WeasyPrint and the print CSS.

Per process, not per document: the font configuration (WeasyPrint loads each
``@font-face`` into Fontconfig once per configuration) and the parsed
stylesheet (every document carries the same ``<style>``). Both give the same
PDF bytes as a fresh start; ``tests/test_batch.py`` checks that.
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache

import pydyf
import weasyprint
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import URLFetcher, URLFetcherResponse

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
          announcement=None, on_layout=None) -> bytes:
    """The PDF bytes; ``identifier`` makes the document ID stable, and the W3C
    dates ``created`` and ``modified`` go into the info dictionary and XMP.
    ``on_layout`` is called with the laid-out document the PDF is written from."""
    document = _layout(html, profile, announcement, created, modified, identifier)
    if on_layout is not None:
        on_layout(document)
    return document.write_pdf(**_options(identifier))


def write_with_sources(html: str, identifier: bytes | None, profile: Profile, *,
                       created, modified, sources: dict[str, tuple[bytes, str]],
                       attached: dt.datetime, announcement=None,
                       on_layout=None) -> tuple[bytes, bytes]:
    """The PDF as :func:`write` makes it, and the same layout with ``sources``
    (file name → bytes and description) embedded as PDF/A-3 associated files
    (AFRelationship Source), dated ``attached``."""
    document = _layout(html, profile, announcement, created, modified, identifier)
    if on_layout is not None:
        on_layout(document)
    plain = document.write_pdf(**_options(identifier))
    fetcher = _SourceFetcher({name: data for name, (data, _) in sources.items()})
    attachments = [weasyprint.Attachment(
        url=f"{_SOURCE_URL}{name}", url_fetcher=fetcher, name=name, description=description,
        created=attached, modified=attached, relationship="Source")
        for name, (_, description) in sources.items()]
    return plain, document.write_pdf(attachments=attachments, finisher=_unique_associated_files,
                                     **_options(identifier))


def _options(identifier: bytes | None) -> dict:
    return {"pdf_variant": PDF_VARIANT, "pdf_identifier": identifier}


def _layout(html, profile, announcement, created, modified, identifier):
    textlayer.install()
    typeset.install()
    _install_stylesheet_cache()
    document = weasyprint.HTML(string=html, base_url=VIRTUAL_BASE,
                               url_fetcher=AssetFetcher(profile, announcement)).render(
        font_config=font_config(), **_options(identifier))
    document.metadata.created = created
    document.metadata.modified = modified
    return document


_SOURCE_URL = "file:///prakat/source/"


class _SourceFetcher(URLFetcher):
    """Serve the attachments' bytes, with a fixed media type (no guessing by platform)."""

    def __init__(self, files: dict[str, bytes]):
        super().__init__(fail_on_errors=True)
        self._files = files

    def fetch(self, url, headers=None):
        name = url.rsplit("/", 1)[-1]
        if url.startswith(_SOURCE_URL) and name in self._files:
            return URLFetcherResponse(url, self._files[name], {"Content-Type": "application/toml"})
        raise PermissionError(f"prakat attaches only its content files, not {url}")


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
