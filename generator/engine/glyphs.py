"""Refuse a document with a character its font cannot draw.

A character the pinned font has no glyph for (a fullwidth ``１``, an emoji, a
rare symbol) would print as an empty box, or in whatever font the machine
happens to have, and the PDF's text layer would no longer say what the page
shows. prakat pins no fallback font, so it refuses: :func:`check` runs on the
rendered document in :func:`generator.build.render_outputs`, before any
writer, so the HTML, the PDF and the DOCX are refused alike. The message
names the character, where it is in the content (field, file and line) and
the font.

Every face the stylesheet declares (regular, bold, italic, bold italic) must
have the character: the shipped TH Sarabun New faces cover the same 504 code
points, so whichever face draws it, it is there.
"""

from __future__ import annotations

import dataclasses
import re
import unicodedata
from functools import lru_cache
from pathlib import Path

from generator.errors import ContentError, Problem
from generator.messages import M
from generator.format.fonts import verified_fonts

#: White space that HTML folds into a space (and the DOCX writer too).
FOLDED = frozenset("\t\n\r\f")
#: Spaces drawn with the font's own space glyph, widened (HarfBuzz's space fallback;
#: Word substitutes them the same way): no glyph of their own is needed.
SPACES = frozenset(chr(c) for c in (*range(0x2000, 0x200B), 0x202F, 0x205F, 0x3000))
#: Invisible format characters (zero-width space, joiners, word joiner, direction
#: marks and embeddings, variation selectors, BOM, tags): every writer draws nothing.
INVISIBLE = frozenset(chr(c) for first, last in (
    (0x034F, 0x034F), (0x061C, 0x061C), (0x180B, 0x180F), (0x200B, 0x200F), (0x202A, 0x202E),
    (0x2060, 0x2064), (0x2066, 0x206F), (0xFE00, 0xFE0F), (0xFEFF, 0xFEFF), (0xE0001, 0xE0001),
    (0xE0020, 0xE007F), (0xE0100, 0xE01EF)) for c in range(first, last + 1))
#: Content files larger than this are not searched for the line of a character.
_SEARCH_LIMIT = 16 * 1024 * 1024


def drawn_without_glyph(char: str) -> bool:
    """Whether the writers draw ``char`` without a glyph of the font."""
    return char in FOLDED or char in SPACES or char in INVISIBLE


@lru_cache(maxsize=4)
def _cmaps(stamp: tuple) -> dict[str, frozenset[int]]:
    from fontTools.ttLib import TTFont

    return {name: frozenset(TTFont(str(path), lazy=True).getBestCmap())
            for name, path, _, _ in stamp}


def cmaps() -> dict[str, frozenset[int]]:
    """Font file name → the code points it has a glyph for; each file read once
    per process while its size and time stay."""
    stamp = tuple((name, path, path.stat().st_size, path.stat().st_mtime_ns)
                  for name, path in sorted(verified_fonts().items()))
    return _cmaps(stamp)


def missing(text: str) -> dict[str, tuple[str, ...]]:
    """Each character of ``text`` some face of the font lacks → the files that lack it,
    in order of first appearance."""
    faces = cmaps()
    out: dict[str, tuple[str, ...]] = {}
    for char in dict.fromkeys(text):
        if drawn_without_glyph(char):
            continue
        lacking = tuple(name for name, codes in faces.items() if ord(char) not in codes)
        if lacking:
            out[char] = lacking
    return out


def drawn_text(html: str) -> str:
    """The text of the page's ``<body>``: what the writers draw."""
    import lxml.html

    body = lxml.html.document_fromstring(html).find("body")
    return body.text_content() if body is not None else ""


def check(html: str, announcement, family: str = "TH Sarabun New") -> None:
    """Raise :class:`ContentError` for each character of the rendered ``html`` that
    the font cannot draw, located in ``announcement``'s content."""
    lacking = missing(drawn_text(html))
    if lacking:
        raise ContentError([_problem(char, files, announcement, family)
                            for char, files in lacking.items()])


def describe(char: str) -> str:
    """``U+FF11 FULLWIDTH DIGIT ONE``."""
    return f"U+{ord(char):04X} {unicodedata.name(char, 'UNNAMED CHARACTER')}"


def _problem(char: str, files: tuple[str, ...], announcement, family: str) -> Problem:
    field = next(find_fields(announcement, char), "")
    path, line, column = find_line(announcement, char)
    names = ", ".join(files)
    faces = names if len(files) < len(cmaps()) else M("{files}: every face", files=names)
    shown = f"“{char}” ({describe(char)})"
    plain = unicodedata.normalize("NFKC", char)
    if plain != char and plain and not missing(plain):
        message = M("the character {char} has no glyph in the font {family} ({faces}): it would print as "
                    "an empty box and the PDF's text would be wrong; prakat pins no fallback font, so it "
                    "refuses: replace it with a character the font has, e.g. with “{plain}”",
                    char=shown, family=family, faces=faces, plain=plain)
    else:
        message = M("the character {char} has no glyph in the font {family} ({faces}): it would print as "
                    "an empty box and the PDF's text would be wrong; prakat pins no fallback font, so it "
                    "refuses: replace it with a character the font has",
                    char=shown, family=family, faces=faces)
    return Problem(path, line, field, message, column)


def find_fields(announcement, char: str):
    """The content fields (``subject``, ``body[2].text``, ``values.x``) whose text holds ``char``."""
    stack: list[tuple[str, object]] = [("", announcement)]
    while stack:
        path, value = stack.pop(0)
        if isinstance(value, str):
            if char in value:
                yield path
        elif dataclasses.is_dataclass(value) and not isinstance(value, type):
            for f in dataclasses.fields(value):
                stack.append((f"{path}.{f.name}" if path else f.name, getattr(value, f.name)))
        elif isinstance(value, dict):
            stack.extend((f"{path}.{key}" if path else str(key), item) for key, item in value.items())
        elif isinstance(value, (list, tuple)):
            stack.extend((f"{path}[{i}]", item) for i, item in enumerate(value))


def find_line(announcement, char: str) -> tuple[Path | str, int | None, int | None]:
    """The content file, line and column where ``char`` is written (as itself or as a
    TOML escape ``\\uXXXX``), searching the file and the files it extends; the
    file and no line when it is not found."""
    source = getattr(announcement, "source", "") or ""
    escaped = re.compile("|".join(
        "\\\\" + u + "".join(f"[{d.lower()}{d.upper()}]" for d in f"{ord(char):0{n}X}")
        for u, n in (("u", 4), ("U", 8))))
    for path in (source, *getattr(announcement, "parents", ())):
        try:
            path = Path(path)
            if not path.is_file() or path.stat().st_size > _SEARCH_LIMIT:
                continue
            text = path.read_text(encoding="utf-8", errors="replace")
        except (OSError, ValueError):
            continue
        for number, line in enumerate(text.split("\n"), start=1):
            at = line.find(char)
            if at < 0:
                match = escaped.search(line)
                at = match.start() if match else -1
            if at >= 0:
                return path, number, at + 1
    return source, None, None
