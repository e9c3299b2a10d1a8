"""Turn the rendered document into a PDF/A with WeasyPrint and the print CSS."""

from __future__ import annotations

from functools import lru_cache

import weasyprint
from weasyprint.text.fonts import FontConfiguration

from .. import textlayer
from ..assets import VIRTUAL_BASE, AssetFetcher

PDF_VARIANT = "pdf/a-3b"


@lru_cache(maxsize=1)
def font_config() -> FontConfiguration:
    """One font configuration per process.

    WeasyPrint loads each ``@font-face`` into Fontconfig once per
    configuration (writing the font to a temporary file); sharing one across
    documents does that work once per process, with the same PDF bytes.
    """
    return FontConfiguration()


def write(html: str, identifier: bytes | None = None) -> bytes:
    """The PDF bytes; ``identifier`` makes the document ID stable."""
    textlayer.install()
    document = weasyprint.HTML(string=html, base_url=VIRTUAL_BASE,
                               url_fetcher=AssetFetcher())
    return document.write_pdf(pdf_variant=PDF_VARIANT, pdf_identifier=identifier,
                              font_config=font_config())
