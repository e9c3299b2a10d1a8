"""Turn a template version's ``kinds.toml`` into the document kinds it knows.

A kind (ประกาศ, คำสั่ง, …) is data: the word its title starts with, its
date line, and whether it carries a ``ที่`` number line. Nothing else in
prakat knows the word "ประกาศ"; adding ระเบียบ is a new entry and, if its
layout differs, a template.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from generator.errors import ContentError, Problem
from generator.messages import M

FILE = "kinds.toml"
NUMBER_RULES = ("required", "optional", "forbidden")


@dataclass(frozen=True)
class Kind:
    name: str
    title: str        # ประกาศ → ประกาศจังหวัดขอนแก่น
    signoff: str      # ประกาศ ณ วันที่
    number: str       # required, optional or forbidden


#: Format 1 content (the Khon Kaen plan) predates kinds: it is always this.
ANNOUNCEMENT = Kind("ประกาศ", "ประกาศ", "ประกาศ ณ วันที่", "forbidden")


@lru_cache(maxsize=8)
def load(folder: Path) -> dict[str, Kind]:
    """The kinds of the template folder ``folder`` (cached per process)."""
    path = Path(folder) / FILE
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        raise ContentError([Problem(path, None, "", M("cannot read the document kinds: {error}",
                                                      error=error))]) from None
    kinds = {}
    for name, entry in data.items():
        ok = (isinstance(entry, dict) and set(entry) == {"title", "signoff", "number"}
              and all(isinstance(v, str) for v in entry.values()) and entry["number"] in NUMBER_RULES)
        if not ok:
            raise ContentError([Problem(path, None, name, M(
                "a kind needs title, signoff and number (required/optional/forbidden)"))])
        kinds[name] = Kind(name, entry["title"], entry["signoff"], entry["number"])
    return kinds
