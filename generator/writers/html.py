"""Turn the rendered document into the HTML page for the website: as is."""

from __future__ import annotations


def write(html: str) -> bytes:
    return html.encode("utf-8")
