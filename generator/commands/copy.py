"""Certified copies (สำเนาถูกต้อง): ``prakat copy``.

Each copy is the edition's PDF, rendered by :func:`generator.build.render_outputs`
like every output, with two marks (:mod:`generator.render.marks`): its
number, "สำเนาที่ ๒/๕", in the top margin of every page, and the
certification block of the Regulation on Correspondence (สำเนาถูกต้อง, a line
to sign on, the certifier's name in parentheses, position, date) at the bottom
right of the last page, on a page of its own when the last page has no room.

The copies go to one folder (``--output``, else
``output/<issuer>/<edition>/copies/``) as ``<slug>.copy-02-of-05.pdf``, with a
register beside them, ``<slug>.copies.tsv``: one line per copy with its file,
SHA-256, the certifier and the date. Every file is written atomically; the
register last, once every copy is in place.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from generator import build as builder
from generator import content, thai
from generator.document.digest import content_digest
from generator.document.model import Announcement
from generator.engine import glyphs
from generator.errors import ContentError, Problem, printable
from generator.messages import M, Message
from generator.render.marks import MAX_COPIES, Certification, Marks, edition_id

#: The longest certifier's name or position accepted (characters).
MAX_TEXT = 120
REGISTER_SUFFIX = ".copies.tsv"
REGISTER_COLUMNS = ("copy", "of", "file", "sha256", "certified_by", "position", "date",
                    "edition", "content_sha256")
_DATE = re.compile(r"^([0-9]{4})-([0-9]{2})-([0-9]{2})$")


class _Number(Message):
    """A number in the words of the message around it: Thai digits in Thai."""

    def __init__(self, value: int):
        super().__init__("{value}", value=value)

    def text(self, lang: str = "th") -> str:
        value = self.params["value"]
        return str(value) if lang == "en" else thai.number(value)


@dataclass(frozen=True)
class Request:
    """What ``prakat copy`` was asked for, checked."""

    copies: int
    name: str
    position: str
    date: dt.date


@dataclass
class Copies:
    folder: Path
    files: list[Path]
    register: Path


def check(copies: str | int | None, name: str | None, position: str | None,
          date: str | None, today: dt.date | None = None) -> Request:
    """The command line's values, checked together: every problem at once,
    as a :class:`~generator.errors.ContentError` (exit 2)."""
    problems: list[Problem] = []
    count = _count(copies, problems)
    name = _text("--certified-by", name, M("the certifier's name"), problems)
    position = _text("--position", position, M("the certifier's position"), problems)
    when = _date(date, problems) if date is not None else (today or dt.date.today())
    if problems:
        raise ContentError(problems)
    return Request(count, name, position, when)


def _count(value, problems: list[Problem]) -> int:
    if value is None:
        problems.append(Problem("--copies", None, "",
                                M("--copies is needed: how many copies ({least} to {most})",
                                  least=_Number(1), most=_Number(MAX_COPIES))))
        return 0
    text = thai.digits(str(value).strip(), "arabic")
    if not (text.isascii() and text.isdigit()) or not 1 <= int(text) <= MAX_COPIES:
        shown = printable(str(value)[:20])
        problems.append(Problem("--copies", None, "",
                                M("the number of copies must be a whole number from {least} to {most},"
                                  " not {value}", least=_Number(1), most=_Number(MAX_COPIES), value=shown)))
        return 0
    return int(text)


def _text(option: str, value: str | None, what: Message, problems: list[Problem]) -> str:
    if value is None or not value.strip():
        problems.append(Problem(option, None, "", M("{option} is needed: {what}", option=option, what=what)))
        return ""
    value = unicodedata.normalize("NFC", " ".join(value.split()))
    if len(value) > MAX_TEXT:
        problems.append(Problem(option, None, "", M("{what} is longer than {most} characters",
                                                    what=what, most=_Number(MAX_TEXT))))
        return value
    odd = [c for c in value if not c.isprintable() or unicodedata.category(c) in ("Cf", "Co", "Cs")]
    if odd:
        shown = printable(odd[0])
        problems.append(Problem(option, None, "",
                                M("{what} holds an invisible or control character {char}",
                                  what=what, char=shown)))
        return value
    lacking = glyphs.missing(value)
    if lacking:
        char = next(iter(lacking))
        shown = f"“{char}” ({glyphs.describe(char)})"
        problems.append(Problem(option, None, "",
                                M("{what} holds the character {char}, which the font"
                                  " cannot draw: it would print as an empty box", what=what, char=shown)))
    return value


def _date(value: str, problems: list[Problem]) -> dt.date:
    match = _DATE.match(value.strip())
    try:
        if match is None:
            raise ValueError(value)
        return dt.date(*map(int, match.groups()))
    except ValueError:
        shown = printable(value[:30])
        problems.append(Problem("--date", None, "",
                                M("the date must be YYYY-MM-DD (Christian era), e.g. 2024-03-20,"
                                  " not {value}", value=shown)))
        return dt.date(1970, 1, 1)


def copy_name(announcement: Announcement, number: int, total: int) -> str:
    """``khon-kaen-2567.copy-02-of-05.pdf``: sorts in copy order."""
    width = len(str(total))
    return f"{announcement.slug}.copy-{number:0{width}d}-of-{total:0{width}d}.pdf"


def default_folder(output: Path, announcement: Announcement) -> Path:
    """``output/<issuer>/<edition>/copies/``."""
    return builder.edition_dir(output, announcement) / "copies"


def make(edition: Path, request: Request, folder: Path | None = None,
         output: Path = Path("output"), announce=None) -> Copies:
    """Write ``request.copies`` certified copies of the edition ``edition``
    (a content file) and their register into ``folder`` (default
    :func:`default_folder`). ``announce(path)`` is told of each file written."""
    announcement = content.load(edition)
    # A copy certifies the issued text: an archived edition whose content now
    # gives another PDF is refused (ArchiveConflict, exit 3), nothing written.
    from generator.archive.store import check_build
    check_build(announcement, builder.render_outputs(announcement, ("pdf",)))
    folder = Path(folder) if folder is not None else default_folder(output, announcement)
    rows = []
    files = []
    for number in range(1, request.copies + 1):
        certification = Certification(request.name, request.position, request.date,
                                      number, request.copies)
        data = builder.render_outputs(announcement, ("pdf",),
                                      marks=Marks(copy=certification))["pdf"]
        path = folder / copy_name(announcement, number, request.copies)
        builder.write_atomic(path, data, inside=folder)
        files.append(path)
        rows.append((str(number), str(request.copies), path.name, hashlib.sha256(data).hexdigest(),
                     request.name, request.position, request.date.isoformat(),
                     edition_id(announcement), content_digest(announcement)))
        if announce is not None:
            announce(path)
    register = folder / f"{announcement.slug}{REGISTER_SUFFIX}"
    builder.write_atomic(register, register_text(rows).encode("utf-8"), inside=folder)
    return Copies(folder, files, register)


def register_text(rows) -> str:
    """The register: a header line, then one tab-separated line per copy.
    (Names and positions hold no tab or line break: :func:`check` refuses them.)"""
    return "".join("\t".join(row) + "\n" for row in [REGISTER_COLUMNS, *rows])


def read_register(path: Path) -> list[dict[str, str]]:
    """The register's lines as dictionaries (column → value)."""
    lines = Path(path).read_text(encoding="utf-8").splitlines()
    header = lines[0].split("\t")
    return [dict(zip(header, line.split("\t"))) for line in lines[1:] if line]

