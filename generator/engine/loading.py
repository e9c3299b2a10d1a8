"""Import WeasyPrint in less time, loading the very same libraries.

On import, WeasyPrint opens Pango, HarfBuzz, Fontconfig and GLib through
cffi, trying several names for each (``libgobject-2.0-0``, ``gobject-2.0``,
…, most of them Windows or macOS names). For each name that is not a file,
cffi asks ``ctypes.util.find_library``, which on Linux runs ``ldconfig -p``
and then, when that finds nothing, a C compiler and the linker: about a
tenth to a quarter of a second of every new process, for names that exist
on no Linux system.

:func:`import_weasyprint` answers those questions, while WeasyPrint imports
and only then, from one reading of the ``ldconfig -p`` cache: a name found
there gives what ``find_library`` gives (its first step is the same
lookup), a name not found gives nothing at once instead of after the
compiler and the linker. It steps aside (the usual lookup) when
``LD_LIBRARY_PATH`` is set (the linker would read it), off Linux, without
``ldconfig``, and when WeasyPrint cannot load its libraries this way.
``tests/test_engine.py`` checks that every name WeasyPrint tries finds the
same library both ways.
"""

from __future__ import annotations

import os
import re
import struct
import subprocess
import sys

#: ``ldconfig -p`` lists libraries with their ABI; ctypes looks for this one.
_ABI = {"x86_64-64": "libc6,x86-64", "ppc64-64": "libc6,64bit", "sparc64-64": "libc6,64bit",
        "s390x-64": "libc6,64bit", "ia64-64": "libc6,IA-64"}


def _ldconfig_cache() -> bytes | None:
    try:
        return subprocess.run(["/sbin/ldconfig", "-p"], stdin=subprocess.DEVNULL,
                              stderr=subprocess.DEVNULL, stdout=subprocess.PIPE,
                              env={"LC_ALL": "C", "LANG": "C"}, timeout=10, check=True).stdout
    except (OSError, subprocess.SubprocessError):
        return None


def ldconfig_finder():
    """A ``find_library`` that reads the ``ldconfig -p`` cache once, or None
    where it would not give what ``ctypes.util.find_library`` gives."""
    if not sys.platform.startswith("linux") or os.environ.get("LD_LIBRARY_PATH"):
        return None
    cache = _ldconfig_cache()
    if not cache:
        return None
    machine = os.uname().machine + ("-32" if struct.calcsize("l") == 4 else "-64")
    abi = _ABI.get(machine, "libc6")
    found: dict[str, str | None] = {}

    def find_library(name: str) -> str | None:
        # the first step of ctypes.util.find_library on Linux, without its subprocess
        if name not in found:
            match = re.search(os.fsencode(r"\s+(lib%s\.[^\s]+)\s+\(%s" % (re.escape(name), abi)),
                              cache)
            found[name] = os.fsdecode(match.group(1)) if match else None
        return found[name]

    return find_library


def import_weasyprint():
    """``import weasyprint``, quicker (see above); the module."""
    if "weasyprint" in sys.modules:
        return sys.modules["weasyprint"]
    import ctypes.util

    finder = ldconfig_finder()
    if finder is None:
        import weasyprint
        return weasyprint
    usual = ctypes.util.find_library
    ctypes.util.find_library = finder
    try:
        import weasyprint
        return weasyprint
    except OSError:
        # A library found only by the compiler or the linker: the usual way.
        for name in [name for name in sys.modules if name.split(".")[0] == "weasyprint"]:
            del sys.modules[name]
    finally:
        ctypes.util.find_library = usual
    import weasyprint
    return weasyprint
