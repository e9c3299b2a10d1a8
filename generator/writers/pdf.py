"""Turn the rendered document into a PDF/A with WeasyPrint and the print CSS."""

from __future__ import annotations

import pydyf
import weasyprint

from .. import textlayer, typeset
from ..assets import VIRTUAL_BASE, AssetFetcher
from ..profile import OFFICIAL, Profile

PDF_VARIANT = "pdf/a-3b"


def write(html: str, identifier: bytes | None = None, profile: Profile = OFFICIAL, *,
          created: str | None = None, modified: str | None = None,
          attachments: list | None = None) -> bytes:
    """The PDF bytes; ``identifier`` makes the document ID stable, and the W3C
    dates ``created`` and ``modified`` go into the info dictionary and XMP.
    ``attachments`` (:class:`weasyprint.Attachment`) are embedded files."""
    textlayer.install()
    typeset.install()
    options = {"pdf_variant": PDF_VARIANT, "pdf_identifier": identifier}
    document = weasyprint.HTML(string=html, base_url=VIRTUAL_BASE,
                               url_fetcher=AssetFetcher(profile)).render(**options)
    document.metadata.created = created
    document.metadata.modified = modified
    if attachments:
        return document.write_pdf(attachments=attachments, finisher=_unique_associated_files, **options)
    return document.write_pdf(**options)


def _unique_associated_files(document, pdf) -> None:
    """WeasyPrint 70 lists each attachment twice in the catalog's /AF; keep one of each."""
    associated = pdf.catalog.get("AF")
    if associated:
        unique = []
        for reference in associated:
            if reference not in unique:
                unique.append(reference)
        pdf.catalog["AF"] = pydyf.Array(unique)
