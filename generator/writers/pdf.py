"""Turn the rendered document into a PDF/A with WeasyPrint and the print CSS.

Through WeasyPrint's public interface only: what prakat changes inside
WeasyPrint (Thai typesetting, the text layer, the font configuration and
stylesheets kept per process) is the engine's (:mod:`generator.engine.patches`).
"""

from __future__ import annotations

import datetime as dt

from generator.engine.loading import import_weasyprint

weasyprint = import_weasyprint()  # before any other import of WeasyPrint: quicker

from weasyprint.urls import URLFetcher, URLFetcherResponse  # noqa: E402

from generator.engine import patches  # noqa: E402
from generator.engine.stylesheets import font_config  # noqa: E402
from generator.format.profile import OFFICIAL, Profile  # noqa: E402
from generator.render.assets import VIRTUAL_BASE, AssetFetcher  # noqa: E402

PDF_VARIANT = "pdf/a-3b"


def write(html: str, identifier: bytes | None = None, profile: Profile = OFFICIAL, *,
          created: str | None = None, modified: str | None = None,
          announcement=None, on_layout=None, tagged: bool = False) -> bytes:
    """The PDF bytes; ``identifier`` makes the document ID stable, and the W3C
    dates ``created`` and ``modified`` go into the info dictionary and XMP.
    ``on_layout`` is called with the laid-out document the PDF is written from.
    ``tagged``: with the document's structure (WeasyPrint's ``pdf_tags``), as
    template versions 5 and 6 ask (:func:`generator.format.versions.pdf_options`)."""
    document = _layout(html, profile, announcement, created, modified, identifier, tagged)
    if on_layout is not None:
        on_layout(document)
    return document.write_pdf(**_options(identifier, tagged))


def write_with_sources(html: str, identifier: bytes | None, profile: Profile, *,
                       created, modified, sources: dict[str, tuple[bytes, str]],
                       attached: dt.datetime, announcement=None,
                       on_layout=None, tagged: bool = False) -> tuple[bytes, bytes]:
    """The PDF as :func:`write` makes it, and the same layout with ``sources``
    (file name → bytes and description) embedded as PDF/A-3 associated files
    (AFRelationship Source), dated ``attached``."""
    document = _layout(html, profile, announcement, created, modified, identifier, tagged)
    if on_layout is not None:
        on_layout(document)
    plain = document.write_pdf(**_options(identifier, tagged))
    fetcher = _SourceFetcher({name: data for name, (data, _) in sources.items()})
    attachments = [weasyprint.Attachment(
        url=f"{_SOURCE_URL}{name}", url_fetcher=fetcher, name=name, description=description,
        created=attached, modified=attached, relationship="Source")
        for name, (_, description) in sources.items()]
    return plain, document.write_pdf(attachments=attachments,
                                     finisher=patches.unique_associated_files,
                                     **_options(identifier, tagged))


def _options(identifier: bytes | None, tagged: bool = False) -> dict:
    options = {"pdf_variant": PDF_VARIANT, "pdf_identifier": identifier}
    if tagged:  # untagged: the options every earlier edition was written with
        options["pdf_tags"] = True
    return options


def _layout(html, profile, announcement, created, modified, identifier, tagged=False):
    patches.install()
    document = weasyprint.HTML(string=html, base_url=VIRTUAL_BASE,
                               url_fetcher=AssetFetcher(profile, announcement)).render(
        font_config=font_config(), **_options(identifier, tagged))
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
