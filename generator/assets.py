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

from weasyprint.urls import URLFetcher, URLFetcherResponse

from . import emblem
from .fonts import verified_fonts
from .profile import OFFICIAL, Profile
from .render import TEMPLATES

#: The PDF is rendered as if the page lived here; nothing is read from it.
VIRTUAL_BASE = "file:///prakat/province/edition/index.html"
_VIRTUAL_ROOT = "/prakat/"


def asset_files(profile: Profile = OFFICIAL) -> dict[str, bytes]:
    """Relative URL path (``fonts/X.ttf``) → bytes, for every asset."""
    files = {f"fonts/{name}": path.read_bytes() for name, path in verified_fonts().items()}
    folder = TEMPLATES / "assets"
    if folder.is_dir():
        for path in sorted(folder.iterdir()):
            if path.is_file():
                files[f"assets/{path.name}"] = path.read_bytes()
    files[f"assets/{emblem.PLACEHOLDER_NAME}"] = emblem.placeholder_png(profile.emblem_height_mm)
    return files


class AssetFetcher(URLFetcher):
    """Serve the asset files; refuse every other URL."""

    def __init__(self, profile: Profile = OFFICIAL):
        super().__init__(fail_on_errors=True)
        self._files = asset_files(profile)

    def fetch(self, url, headers=None):
        parts = urlsplit(url)
        path = unquote(parts.path)
        if parts.scheme == "file" and not parts.netloc and path.startswith(_VIRTUAL_ROOT):
            key = path[len(_VIRTUAL_ROOT):]
            if key in self._files:
                mime = mimetypes.guess_type(key)[0] or "application/octet-stream"
                return URLFetcherResponse(url, self._files[key], {"Content-Type": mime})
        raise PermissionError(f"prakat reads only its own assets, not {url}")
