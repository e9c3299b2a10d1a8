"""The versions of the libraries that write the outputs' bytes, read without
importing them: the Python packages, and the C libraries WeasyPrint loads.
The engine's version check (:mod:`.patches`), the archive's manifest
(:mod:`generator.archive.store`) and the batch's rebuild key
(:func:`generator.commands.batch.environment_digest`) read them here."""

from __future__ import annotations

import importlib.metadata
from functools import lru_cache

#: Python packages whose versions decide the bytes of the outputs.
PACKAGES = ("weasyprint", "pydyf", "fonttools", "python-docx", "lxml", "Jinja2", "pillow",
            "pythainlp", "tinycss2", "cssselect2", "tinyhtml5", "pyphen", "zopfli", "brotli", "babel")

#: C libraries that WeasyPrint loads and that decide the bytes (the names it tries).
C_LIBRARIES = {
    "pango": ("libpango-1.0.so.0", "libpango-1.0-0", "pango-1.0-0", "pango-1.0",
              "libpango-1.0.dylib", "libpango-1.0-0.dll"),
    "harfbuzz": ("libharfbuzz.so.0", "libharfbuzz-0", "harfbuzz", "harfbuzz-0.0",
                 "libharfbuzz.0.dylib", "libharfbuzz-0.dll"),
    "fontconfig": ("libfontconfig.so.1", "libfontconfig-1", "fontconfig-1", "fontconfig",
                   "libfontconfig.1.dylib", "libfontconfig-1.dll"),
    "freetype": ("libfreetype.so.6", "libfreetype-6", "freetype", "libfreetype.6.dylib",
                 "libfreetype-6.dll"),
}


def load_c_library(names: tuple[str, ...]):
    """The first of ``names`` that loads (a ``ctypes.CDLL``), or None. A library
    the process has loaded already (WeasyPrint's) is the same one again."""
    import ctypes
    import ctypes.util

    for name in names:
        try:
            return ctypes.CDLL(name)
        except OSError:
            found = ctypes.util.find_library(name.removeprefix("lib").split(".so")[0])
            if found:
                try:
                    return ctypes.CDLL(found)
                except OSError:
                    pass
    return None


def c_version(name: str, library) -> str:
    """The version ``library`` (one of :data:`C_LIBRARIES`, loaded) says it is."""
    import ctypes

    if name == "pango":
        library.pango_version_string.restype = ctypes.c_char_p
        return library.pango_version_string().decode()
    if name == "harfbuzz":
        library.hb_version_string.restype = ctypes.c_char_p
        return library.hb_version_string().decode()
    if name == "fontconfig":
        number = library.FcGetVersion()
        return f"{number // 10000}.{number // 100 % 100}.{number % 100}"
    handle = ctypes.c_void_p()  # freetype
    if library.FT_Init_FreeType(ctypes.byref(handle)):
        return "-"
    try:
        parts = [ctypes.c_int() for _ in range(3)]
        library.FT_Library_Version(handle, *(ctypes.byref(p) for p in parts))
        return ".".join(str(p.value) for p in parts)
    finally:
        library.FT_Done_FreeType(handle)


def c_library_version(name: str) -> str:
    """The version of the C library ``name`` (``pango``, ``harfbuzz``,
    ``fontconfig``, ``freetype``), or ``-`` when it is not found."""
    library = load_c_library(C_LIBRARIES[name])
    try:
        return c_version(name, library) if library is not None else "-"
    except (AttributeError, OSError, UnicodeDecodeError):
        return "-"


def package_version(name: str) -> str:
    try:
        return importlib.metadata.version(name)
    except importlib.metadata.PackageNotFoundError:
        return "-"


@lru_cache(maxsize=1)
def library_versions() -> dict[str, str]:
    """Name → version of every library that decides the outputs' bytes: the
    Python packages and the C libraries WeasyPrint uses (Pango, HarfBuzz,
    Fontconfig, FreeType). Never imports WeasyPrint; ``-`` when not found.
    The manifest records these and the batch's rebuild key includes them."""
    found = {name: package_version(name) for name in PACKAGES}
    for name in C_LIBRARIES:
        found[name] = c_library_version(name)
    return found
