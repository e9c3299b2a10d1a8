"""Errors that prakat reports to its users, in plain Thai with English beside.

Exit codes: 2 for bad input or usage (:class:`ContentError`), 1 for a failure
while rendering (:class:`BuildError`), 0 for success.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

EXIT_OK = 0
EXIT_BUILD = 1
EXIT_INPUT = 2
EXIT_DIFFERS = 3  # an output differs from its archived copy


def printable(text: str) -> str:
    """``text`` safe to print on a terminal: invisible and control characters
    (other than a plain space) are shown as ``\\u200b``-style escapes."""
    out = []
    for char in text:
        if char == " " or (char.isprintable() and unicodedata.category(char) != "Cf"):
            out.append(char)
        else:
            code = ord(char)
            out.append(f"\\u{code:04x}" if code <= 0xFFFF else f"\\U{code:08x}")
    return "".join(out)


@dataclass
class Problem:
    """One thing wrong with a content file, located as precisely as known."""

    path: Path | str
    line: int | None
    field: str
    thai: str
    english: str
    column: int | None = None

    def where(self) -> str:
        place = printable(str(self.path))
        if self.line:
            place += f":{self.line}"
            if self.column:
                place += f":{self.column}"
        return place

    def format(self, lang: str = "th") -> str:
        # Content may hold anything: nothing invisible reaches the terminal.
        name = printable(self.field)
        field_th = f" ช่อง {name}:" if name else ""
        field_en = f" field {name}:" if name else ""
        english = f"{self.where()}:{field_en} {printable(self.english)}"
        if lang == "en":
            return english
        return f"{self.where()}:{field_th} {printable(self.thai)}\n    ({english})"


@dataclass
class ContentError(Exception):
    """A content file (or a command line) cannot be used as it is."""

    problems: list[Problem] = field(default_factory=list)

    def __str__(self) -> str:
        return self.format()

    def format(self, lang: str = "th") -> str:
        return "\n".join(p.format(lang) for p in self.problems)


class BuildError(Exception):
    """Rendering failed for a reason that is not the content's fault."""


class FontError(BuildError):
    """The fonts are missing or not the ones prakat was tested with."""
