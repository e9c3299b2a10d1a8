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
from pathlib import Path, PurePosixPath, PureWindowsPath
from typing import Iterable
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


class UnsafePath(ValueError):
    """An asset path from content that points outside the allowed folders."""

    def __init__(self, thai: str, english: str):
        super().__init__(english)
        self.thai = thai
        self.english = english


def safe_asset_path(name: str, roots: Iterable[Path]) -> Path:
    """The real file that ``name``, a relative path written in content (e.g.
    ``emblems/khon-kaen.svg``), names inside one of the folders ``roots``.

    Refused with :class:`UnsafePath`: an absolute path (``/etc/passwd``,
    ``C:\\…``, ``~/…``), any ``..`` step, and a path that leads outside its
    folder through a symbolic link. Backslashes count as separators, as on
    Windows, where staff may have copied the path from.
    """
    shown = name if len(name) <= 80 else name[:77] + "..."
    if not isinstance(name, str) or not name.strip():
        raise UnsafePath("ต้องระบุชื่อไฟล์", "a file name is needed")
    if any(ord(c) < 32 or c == "\x7f" for c in name):
        raise UnsafePath("ชื่อไฟล์มีอักขระควบคุม", "the file name holds a control character")
    windows = PureWindowsPath(name)
    posix = PurePosixPath(name.replace("\\", "/"))
    if posix.is_absolute() or windows.is_absolute() or windows.drive or windows.root \
            or name.startswith("~"):
        raise UnsafePath(
            f"ต้องเป็นชื่อไฟล์ภายในโฟลเดอร์ของโปรแกรม ไม่ใช่ที่อยู่เต็ม แต่พบ {shown}",
            f"expected a path inside prakat's asset folders, not an absolute path; found {shown}")
    if ".." in posix.parts:
        raise UnsafePath(
            f"ห้ามใช้ .. ออกนอกโฟลเดอร์ของโปรแกรม แต่พบ {shown}",
            f"a path may not climb out of the asset folders with ..; found {shown}")
    roots = list(roots)
    for root in roots:
        top = Path(root).resolve()
        candidate = top.joinpath(*posix.parts)
        if not (candidate.exists() or candidate.is_symlink()):
            continue
        real = candidate.resolve()
        if real != top and top not in real.parents:
            raise UnsafePath(
                f"ไฟล์ {shown} ชี้ (ผ่านลิงก์) ไปยังที่อยู่นอกโฟลเดอร์ของโปรแกรม จึงใช้ไม่ได้",
                f"{shown} leads (through a symbolic link) outside the asset folders, so it is refused")
        if real.is_file():
            return real
    folders = ", ".join(str(r) for r in roots)
    raise UnsafePath(f"ไม่พบไฟล์ {shown} ในโฟลเดอร์ {folders}",
                     f"no file {shown} in {folders}")


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
