"""The files an announcement page links to (fonts, emblem), and a fetcher that
serves only those.

The HTML links its assets as ``../../fonts/…`` and ``../../assets/…``, relative to
``output/<province>/<edition>/``; the build copies them beside the outputs so
the page works when opened straight from ``output/``. WeasyPrint reads the
same links through :class:`AssetFetcher`, which refuses anything else: no
network, no file outside the asset folders.
"""

from __future__ import annotations

import mimetypes
from pathlib import Path
from urllib.parse import unquote, urlsplit

from generator.render import emblem
from generator.format.fonts import verified_fonts
from generator.format.profile import OFFICIAL, Profile

#: The PDF is rendered as if the page lived here; nothing is read from it.
VIRTUAL_BASE = "file:///prakat/province/edition/index.html"
_VIRTUAL_ROOT = "/prakat/"


_FONT_BYTES: dict[tuple, bytes] = {}


def _font_bytes(path: Path) -> bytes:
    """A verified font file's bytes, read once per process while it stays the same."""
    stat = path.stat()
    key = (path, stat.st_size, stat.st_mtime_ns)
    if key not in _FONT_BYTES:
        _FONT_BYTES[key] = path.read_bytes()
    return _FONT_BYTES[key]


def asset_files(profile: Profile = OFFICIAL, announcement=None) -> dict[str, bytes]:
    """Relative URL path (``fonts/X.ttf``) → bytes, for every asset of an
    edition (its emblem: the configured one, or the placeholder)."""
    files = {f"fonts/{name}": _font_bytes(path) for name, path in verified_fonts().items()}
    name, data = emblem.asset(announcement, profile)
    files[f"assets/{name}"] = data
    return files


def _fetcher_class():
    # WeasyPrint takes half a second to import: only the PDF writer needs it.
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class AssetFetcher(URLFetcher):
        """Serve the asset files; refuse every other URL."""

        def __init__(self, profile: Profile = OFFICIAL, announcement=None):
            super().__init__(fail_on_errors=True)
            self._files = asset_files(profile, announcement)

        def fetch(self, url, headers=None):
            parts = urlsplit(url)
            path = unquote(parts.path)
            if parts.scheme == "file" and not parts.netloc and path.startswith(_VIRTUAL_ROOT):
                key = path[len(_VIRTUAL_ROOT):]
                if key in self._files:
                    mime = mimetypes.guess_type(key)[0] or "application/octet-stream"
                    return URLFetcherResponse(url, self._files[key], {"Content-Type": mime})
            raise PermissionError(f"prakat reads only its own assets, not {url}")

    return AssetFetcher


def __getattr__(name: str):
    if name == "AssetFetcher":
        cls = globals()["AssetFetcher"] = _fetcher_class()
        return cls
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
