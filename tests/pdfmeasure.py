"""Read a PDF's layout back: lines with baseline and extent in mm, images."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field

import pdfplumber

MM = 25.4 / 72


@dataclass
class Char:
    text: str
    x0: float
    x1: float
    size: float
    font: str


@dataclass
class Line:
    page: int
    baseline: float            # mm from the top edge
    chars: list[Char] = field(default_factory=list)

    @property
    def text(self) -> str:      # content-stream order: marks stay after their letter
        return "".join(c.text for c in self.chars)

    @property
    def x0(self) -> float:
        return min(c.x0 for c in self.chars if not c.text.isspace())

    @property
    def x1(self) -> float:
        return max(c.x1 for c in self.chars if not c.text.isspace())

    @property
    def centre(self) -> float:
        return (self.x0 + self.x1) / 2

    def visible(self) -> list[Char]:
        """Glyphs with ink and width, left to right (no spaces, no marks)."""
        return sorted((c for c in self.chars if not c.text.isspace()
                       and unicodedata.category(c.text[0]) not in ("Mn", "Mc", "Me")),
                      key=lambda c: c.x0)

    def largest_gap(self, skip: int = 0) -> float:
        """The widest gap between two glyphs, after the first ``skip`` characters."""
        glyphs = [c for c in self.visible() if c not in self.chars[:skip]]
        return max((b.x0 - a.x1 for a, b in zip(glyphs, glyphs[1:])), default=0.0)


@dataclass
class Page:
    number: int
    width: float
    height: float
    lines: list[Line]
    images: list[tuple[float, float, float, float]]  # x0, top, width, height in mm


def read(path_or_bytes) -> list[Page]:
    import io
    source = io.BytesIO(path_or_bytes) if isinstance(path_or_bytes, bytes) else path_or_bytes
    pages = []
    with pdfplumber.open(source) as pdf:
        for number, page in enumerate(pdf.pages, start=1):
            lines: list[Line] = []
            for c in page.chars:
                baseline = (page.height - c["matrix"][5]) * MM
                char = Char(c["text"], c["x0"] * MM, c["x1"] * MM, c["size"], c["fontname"])
                for line in lines:
                    if abs(line.baseline - baseline) < 0.5:
                        line.chars.append(char)
                        break
                else:
                    lines.append(Line(number, baseline, [char]))
            lines = [line for line in lines if line.text.strip()]
            lines.sort(key=lambda line: line.baseline)
            images = [(i["x0"] * MM, i["top"] * MM, i["width"] * MM, i["height"] * MM)
                      for i in page.images]
            pages.append(Page(number, page.width * MM, page.height * MM, lines, images))
    return pages
