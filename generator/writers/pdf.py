"""Turn the rendered document into a PDF/A with WeasyPrint and the print CSS."""

from __future__ import annotations

import weasyprint

from .. import textlayer, typeset
from ..assets import VIRTUAL_BASE, AssetFetcher
from ..profile import OFFICIAL, Profile

PDF_VARIANT = "pdf/a-3b"


def write(html: str, identifier: bytes | None = None, profile: Profile = OFFICIAL) -> bytes:
    """The PDF bytes; ``identifier`` makes the document ID stable."""
    textlayer.install()
    typeset.install()
    document = weasyprint.HTML(string=html, base_url=VIRTUAL_BASE,
                               url_fetcher=AssetFetcher(profile))
    return document.write_pdf(pdf_variant=PDF_VARIANT, pdf_identifier=identifier)
