"""Find the TH Sarabun New files and check them against ``fonts/SHA256SUMS``.

No font is committed: ``make fonts`` extracts them from a pinned registry
package. A missing or altered font stops the build here, with a message that
says how to get the right one.
"""

from __future__ import annotations

from generator import ROOT
import hashlib
import os
from functools import lru_cache
from pathlib import Path

from generator.errors import FontError
from generator.messages import M



def fonts_dir() -> Path:
    """``$PRAKAT_FONTS`` if set, else the project's ``fonts/`` folder."""
    return Path(os.environ.get("PRAKAT_FONTS", ROOT / "fonts"))


def expected_sums() -> dict[str, str]:
    """File name → SHA-256, as committed in ``fonts/SHA256SUMS``."""
    sums = {}
    for line in (ROOT / "fonts" / "SHA256SUMS").read_text().splitlines():
        if line.strip():
            digest, name = line.split()
            sums[name] = digest
    return sums


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@lru_cache(maxsize=4)
def _verified(folder: Path, stamp: tuple) -> dict[str, Path]:
    found = {}
    for name, digest in expected_sums().items():
        path = folder / name
        if not path.is_file():
            raise FontError(M("font missing: {path}; run `make fonts` to install it", path=path))
        if sha256(path) != digest:
            raise FontError(M("font altered: {path} does not match fonts/SHA256SUMS; delete it and run `make fonts`",
                              path=path))
        found[name] = path
    return found


def verified_fonts() -> dict[str, Path]:
    """The four font files, checked; cached while their size and time stay."""
    folder = fonts_dir()
    stamp = tuple((p.name, p.stat().st_size, p.stat().st_mtime_ns)
                  for p in sorted(folder.glob("*.ttf")))
    return _verified(folder, stamp)
