"""Turn the rendered document into a PDF/A with WeasyPrint and the print CSS."""

from __future__ import annotations

import weasyprint

from .. import textlayer, typeset
from ..assets import VIRTUAL_BASE, AssetFetcher
from ..profile import OFFICIAL, Profile

PDF_VARIANT = "pdf/a-3b"


def write(html: str, identifier: bytes | None = None, profile: Profile = OFFICIAL, *,
          created: str | None = None, modified: str | None = None,
          announcement=None) -> bytes:
    """The PDF bytes; ``identifier`` makes the document ID stable, and the W3C
    dates ``created`` and ``modified`` go into the info dictionary and XMP."""
    textlayer.install()
    typeset.install()
    options = {"pdf_variant": PDF_VARIANT, "pdf_identifier": identifier}
    document = weasyprint.HTML(string=html, base_url=VIRTUAL_BASE,
                               url_fetcher=AssetFetcher(profile, announcement)).render(**options)
    document.metadata.created = created
    document.metadata.modified = modified
    return document.write_pdf(**options)
