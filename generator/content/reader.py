"""Turn the bytes of a TOML content file into its data, and locate problems in it.

The file is read once with :mod:`tomllib`; every problem found is reported
with the file, the line, the field path, what was found and what was
expected. Nothing here writes anything.
"""

from __future__ import annotations

import calendar
import datetime as dt
import difflib
import errno
import os
import re
import stat
import tomllib
import unicodedata
from functools import cached_property
from pathlib import Path
from typing import Any

from generator import thai
from generator.errors import ContentError, Problem
from generator.messages import M, Message

#: Years below this are taken to be Christian-era, above it Buddhist-era.
ERA_SPLIT = 2300
#: Christian-era years an announcement date may have (a DOCX, being a zip
#: file, cannot be dated after 2107).
DATE_YEARS = (1900, 2100)


def date_problem(date) -> Message | None:
    """Why an announcement date cannot be used, or None."""
    if date.year > ERA_SPLIT:
        example = f"{date.year - 543}-{date.month:02d}-{date.day:02d}"
        return M("write dates in the Christian era (Buddhist year minus 543, e.g. {example}); found year {year}",
                 example=example, year=date.year)
    if not DATE_YEARS[0] <= date.year <= DATE_YEARS[1]:
        return M("the year {year} is outside {first} to {last}: check the date's year",
                 year=date.year, first=DATE_YEARS[0], last=DATE_YEARS[1])
    return None

_TYPE_NAMES = {
    str: M("text"),
    int: M("whole number"),
    float: M("number"),
    bool: M("true/false"),
    dt.date: M("date (YYYY-MM-DD, Christian era, e.g. 2023-03-31)"),
    dt.datetime: M("date and time"),
    dt.time: M("time"),
    list: M("list [ ... ]"),
    dict: M("table"),
}

#: Month names inside messages (not in documents, which print thai.month_name).
_MONTHS = (M("January"), M("February"), M("March"), M("April"), M("May"), M("June"), M("July"),
           M("August"), M("September"), M("October"), M("November"), M("December"))


def _type_name(kind: type) -> Message | str:
    """The name of a TOML type, for a message."""
    for cls, name in _TYPE_NAMES.items():
        if kind is cls:
            return name
    for cls, name in _TYPE_NAMES.items():
        if issubclass(kind, cls):
            return name
    return kind.__name__


def _type_hint(value: Any, expected: type) -> Message | str:
    """A hint for the usual slips: a number in quotes or Thai digits, a bare
    year or a date in quotes where a date goes ("" when there is none)."""
    if expected in (int, float) and isinstance(value, str):
        plain = re.sub(r"[\s,]", "", thai.digits(value, "arabic"))
        if re.fullmatch(r"-?\d+(\.\d+)?", plain):
            return M(" (write the number in Arabic digits without quotes, e.g. {number})", number=plain)
    if expected is dt.date and type(value) is int:
        year = value - 543 if value > ERA_SPLIT else value
        return M(", which is only a year: write the full date, Christian-era year-month-day, e.g. {year}-03-31",
                 year=year)
    if expected is dt.date and isinstance(value, dt.datetime):
        return M(" (write the date alone, without a time, e.g. {date})", date=value.date().isoformat())
    if expected is dt.date and isinstance(value, str):
        return M(" (write dates as Christian-era year-month-day without quotes, e.g. 2023-03-31)")
    return ""


def _shown(value: Any) -> str:
    if isinstance(value, str):
        text = f'"{value}"'
    elif isinstance(value, (dt.date, dt.time)):
        text = value.isoformat()
    else:
        text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def source_lines(source: str) -> list[str]:
    """The lines of TOML ``source`` as TOML (and its parser) counts them: cut
    at line feeds only (a U+2028 inside a text is no line break)."""
    return [line[:-1] if line.endswith("\r") else line for line in source.split("\n")]


class Locator:
    """Find the line of a field path (``body[3].items[1]``) in TOML source.

    tomllib keeps no positions, so this reads the lines the way TOML lays
    them out: table headers, ``key =`` lines and one array element a line.
    """

    _HEADER = re.compile(r"^\s*(\[\[?)\s*([^\]]+?)\s*\]\]?\s*(#.*)?$")
    _KEY = re.compile(r'^\s*("[^"]*"|\'[^\']*\'|[A-Za-z0-9_.\-"\' ]+?)\s*=')

    def __init__(self, source: str):
        self._source = source

    @cached_property
    def lines(self) -> dict[tuple, int]:
        """Field path → line; made when first asked (most files never are)."""
        lines: dict[tuple, int] = {}
        source, self._source = self._source, ""
        counts: dict[tuple, int] = {}
        table: tuple = ()
        array_key: tuple | None = None
        depth = 0
        element = 0
        for number, line in enumerate(source_lines(source), start=1):
            if array_key is not None:
                stripped = line.strip()
                if depth == 1 and stripped[:1] in ('"', "'", "{") or (
                        depth == 1 and stripped[:1].isdigit()):
                    lines.setdefault(array_key + (element,), number)
                    element += 1
                depth += _bracket_balance(line)
                if depth <= 0:
                    array_key = None
                continue
            header = self._HEADER.match(line)
            if header and not self._KEY.match(line):
                name = tuple(_split_key(header.group(2)))
                if header.group(1) == "[[":
                    index = counts.get(name, 0)
                    counts[name] = index + 1
                    table = name + (index,)
                else:
                    table = name
                lines.setdefault(table, number)
                continue
            key = self._KEY.match(line)
            if key:
                path = table + tuple(_split_key(key.group(1)))
                lines.setdefault(path, number)
                rest = line[key.end():]
                balance = _bracket_balance(rest)
                if balance > 0:
                    array_key, depth, element = path, balance, 0
                    # Elements on the opening line itself.
                    inner = rest.split("[", 1)[1].strip()
                    if inner and inner[0] in "\"'{0123456789":
                        lines.setdefault(path + (0,), number)
                        element = inner.count(",") + (0 if inner.rstrip().endswith(",") else 1)
        return lines

    def line(self, path: tuple) -> int | None:
        """The line of ``path`` or of its nearest enclosing field."""
        while path:
            if path in self.lines:
                return self.lines[path]
            path = path[:-1]
        return None


def _split_key(key: str) -> list[str]:
    parts = re.findall(r'"([^"]*)"|\'([^\']*)\'|([^.\s]+)', key)
    return [a or b or c for a, b, c in parts]


def _bracket_balance(text: str) -> int:
    # Brackets inside strings do not count.
    text = re.sub(r'"(?:\\.|[^"\\])*"|\'[^\']*\'', "", text.split("#", 1)[0]
                  if '"' not in text and "'" not in text else text)
    text = re.sub(r"#.*$", "", text)
    return text.count("[") - text.count("]")


#: A field's name longer than this is cut short in messages.
MAX_FIELD_SHOWN = 120


def path_name(path: tuple) -> str:
    """``("body", 3, "items", 1)`` → ``body[3].items[1]`` (counted from 1)."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part + 1}]"
        else:
            out += ("." if out else "") + part
        if len(out) > MAX_FIELD_SHOWN:
            return out[:MAX_FIELD_SHOWN - 3] + "..."
    return out


class _Checker:
    """Collects every problem of one file, so staff can fix them in one go."""

    def __init__(self, path: Path, source: str, numbers: dict[tuple, str] | None = None):
        self.path = path
        self.locator = Locator(source)
        self.lines = source_lines(source)
        #: The text each float was written with (see :func:`parse`).
        self.numbers = numbers or {}
        self.problems: list[Problem] = []
        #: Things to check that do not stop the build.
        self.warnings: list[Problem] = []
        #: Tables found missing or of the wrong type: their keys are not
        #: reported one by one as well.
        self.absent: set[tuple] = set()

    def problem(self, path: tuple, message: Message) -> None:
        self.problems.append(Problem(self.path, self.locator.line(path),
                                     path_name(path), message))

    def warn(self, path: tuple, message: Message) -> None:
        """A warning located like a problem; it does not stop the build."""
        before = len(self.problems)
        self.problem(path, message)
        self.warnings.extend(self.problems[before:])
        del self.problems[before:]

    def own(self, path: tuple) -> bool:
        """Whether the field ``path`` is given by the file itself (not by an
        earlier edition it extends)."""
        return True

    def file_name(self, path: tuple) -> Path:
        """The file that gives the field ``path``."""
        return Path(self.path)

    def line_of(self, path: tuple) -> int | None:
        """The line of the field ``path`` in the file that gives it."""
        return self.locator.line(path)

    def number_text(self, path: tuple, value: Any) -> str | None:
        """The text the number at ``path`` was written with, where known."""
        return literal(self.lines, self.locator, self.numbers, path, value)

    def table(self, data: Any, path: tuple, known: tuple[str, ...]) -> dict:
        if not isinstance(data, dict):
            self.wrong_type(data, path, dict)
            return {}
        for key in data:
            if key not in known:
                guess = difflib.get_close_matches(key, known, n=1, cutoff=0.6)
                hint = M(' Did you mean "{guess}"?', guess=guess[0]) if guess else ""
                allowed = ", ".join(known)
                self.problem(path + (key,),
                             M('unknown key "{key}".{hint} (known keys: {allowed})',
                               key=key, hint=hint, allowed=allowed))
        return data

    def wrong_type(self, value: Any, path: tuple, expected: type) -> None:
        self.problem(path, M("expected a {expected}, found a {found} {value}{hint}",
                             expected=_type_name(expected), found=_type_name(type(value)),
                             value=_shown(value), hint=_type_hint(value, expected)))

    def get(self, data: dict, key: str, path: tuple, kind: type | tuple,
            required: bool = True, default: Any = None) -> Any:
        full = path + (key,)
        if key not in data:
            if kind is dict:
                self.absent.add(full)
            if required and path not in self.absent:
                name = kind[0] if isinstance(kind, tuple) else kind
                self.problem(path, M('missing key "{key}" (a {kind})', key=key, kind=_type_name(name)))
            return default
        value = data[key]
        kinds = kind if isinstance(kind, tuple) else (kind,)
        # A date-time is not a date, and True is not a number.
        ok = any(type(value) is k for k in kinds)
        if not ok:
            if kind is dict:
                self.absent.add(full)
            self.wrong_type(value, full, kinds[0])
            return default
        if isinstance(value, str) and _blank(value):
            self.problem(full, M("must not be empty"))
            return default
        return value

    def text_list(self, data: dict, key: str, path: tuple) -> tuple[str, ...]:
        value = data.get(key)
        if value is None:
            return ()
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list):
            self.wrong_type(value, path + (key,), list)
            return ()
        out = []
        for i, item in enumerate(value):
            if not isinstance(item, str):
                self.wrong_type(item, path + (key, i), str)
            elif _blank(item):
                self.problem(path + (key, i), M("must not be empty"))
            else:
                out.append(item)
        return tuple(out)


_INT_LITERAL = re.compile(r"[+-]?\d(?:_?\d)*")
_PLAIN_NUMBER = re.compile(r"([+-]?)(\d(?:_?\d)*)(?:\.(\d(?:_?\d)*))?")


def literal(lines: list[str], locator: Locator, numbers: dict[tuple, str], path: tuple,
            value: Any) -> str | None:
    """The text a number was written with: a float's from the parser
    (``numbers``), a whole number's from its ``key = …`` line."""
    if type(value) is float:
        return numbers.get(path)
    if type(value) is int and path and isinstance(path[-1], str):
        line = locator.lines.get(path)
        if line and line <= len(lines):
            text = _value_text(lines[line - 1])
            if _INT_LITERAL.fullmatch(text) and int(text) == value:
                return text
    return None


def printed_number(text: str, value: int | float) -> tuple[str | None, Message | None]:
    """How a number written ``text`` prints, in Arabic digits: as written
    (``0.40``; ``1_000`` with its groups as ``1,000``), or ``None`` when that
    is how its value prints anyway; or why it cannot be printed.

    A number in another TOML form (``1e3``, ``0x10``, ``inf``) prints as its value.
    """
    match = _PLAIN_NUMBER.fullmatch(text)
    if not match:
        return None, None
    sign, whole, fraction = match.groups()
    if fraction is not None and "_" in fraction:
        return None, M("no _ may stand after the decimal point, found {number} "
                       "(write the decimals together, e.g. 0.125)", number=text)
    if "_" in whole:
        groups = whole.split("_")
        if not (1 <= len(groups[0]) <= 3 and all(len(g) == 3 for g in groups[1:])):
            fixed = f"{int(whole):_}"
            return None, M("_ groups the digits by thousands, three at a time (printed as commas), "
                           "e.g. {fixed}; found {number}", fixed=fixed, number=text)
        whole = ",".join(groups)
    shown = sign + whole + ("." + fraction if fraction is not None else "")
    return (None if shown == thai.number(value, "arabic") else shown), None


#: A content file is a few kilobytes; anything this big is the wrong file.
MAX_BYTES = 1_000_000

#: Signatures of files staff may pick by mistake: first bytes → what they are.
_NOT_TOML = (
    (b"PK\x03\x04", M("a Word/Excel or zip file")),
    (b"\xd0\xcf\x11\xe0", M("an old Word/Excel file (.doc/.xls)")),
    (b"%PDF", M("a PDF file")),
    (b"{\\rtf", M("an RTF file")),
    (b"\x89PNG", M("an image")),
    (b"\xff\xd8\xff", M("an image")),
)
_EXAMPLE = "content/khon-kaen/2567.toml"


def _fail(path: Path, line: int | None, message: Message,
          column: int | None = None, field: str = "") -> ContentError:
    return ContentError([Problem(path, line, field, message, column)])


def read(path: Path | str) -> str:
    """The text of one content file (at most :data:`MAX_BYTES`); raise :class:`ContentError`.

    Only a regular file is opened (a pipe would never end, a device such as
    ``/dev/zero`` never stops giving bytes), and never more than
    :data:`MAX_BYTES` of it is read, whatever a link points at.
    """
    path = Path(path)
    try:
        info = os.stat(path)  # follows links: what would be read
        if stat.S_ISDIR(info.st_mode):
            raise IsADirectoryError
        if not stat.S_ISREG(info.st_mode):
            raise _fail(path, None, M("is not a regular file but {kind}, so it is not read "
                                      "(name a .toml content file)", kind=_special_kind(info.st_mode)))
        if info.st_size > MAX_BYTES:
            raise _too_large(path)
        descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0))
        with os.fdopen(descriptor, "rb") as stream:
            if not stat.S_ISREG(os.fstat(stream.fileno()).st_mode):  # replaced since the stat above
                raise _fail(path, None, M("is not a regular file, so it is not read"))
            raw = stream.read(MAX_BYTES + 1)
    except IsADirectoryError:
        raise _fail(path, None, M("is a folder, not a .toml content file")) from None
    except (FileNotFoundError, NotADirectoryError):
        raise _fail(path, None, M("no such file (check the file and folder names)")) from None
    except PermissionError:
        raise _fail(path, None, M("no permission to read this file (ask for read permission)")) from None
    except ValueError:  # a NUL inside the name
        raise _fail(path, None, M("the file name holds a character no file name can")) from None
    except OSError as error:
        if error.errno == errno.ENAMETOOLONG:
            raise _fail(path, None, M("the file name or path is too long")) from None
        if error.errno == errno.ELOOP:
            raise _fail(path, None, M("the file's links point at each other in a loop")) from None
        reason = error.strerror or type(error).__name__
        raise _fail(path, None, M("cannot read the file ({reason})", reason=reason)) from None
    return decode(raw, path)


def _special_kind(mode: int) -> Message:
    if stat.S_ISFIFO(mode):
        return M("a pipe (FIFO)")
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return M("a device")
    if stat.S_ISSOCK(mode):
        return M("a socket")
    return M("a special file")


def _too_large(path: Path) -> ContentError:
    return _fail(path, None, M("the file is too large (over {size} KB); a content file is a few KB: "
                               "is it the right file?", size=MAX_BYTES // 1000))


def decode(raw: bytes, path: Path | str = "<content>") -> str:
    """The text of a content file's bytes: UTF-8, with or without a BOM."""
    path = Path(path)
    if len(raw) > MAX_BYTES:
        raise _too_large(path)
    for magic, kind in _NOT_TOML:
        if raw.startswith(magic):
            raise _fail(path, 1, M("this is {kind}, not a TOML content file "
                                   "(use a plain-text .toml file like {example})", kind=kind, example=_EXAMPLE))
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise _fail(path, 1, M("the file is saved as UTF-16 (\"Unicode\"); save it again as UTF-8"))
    try:
        # Notepad writes a byte-order mark at the start: harmless, dropped.
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        start = raw.rfind(b"\n", 0, error.start) + 1
        line = raw[:error.start].count(b"\n") + 1
        column = len(raw[start:error.start].decode("utf-8", "replace")) + 1
        found = " ".join(f"{b:02X}" for b in raw[error.start:error.end])
        try:
            legacy = thai.has_thai(raw.decode("cp874"))
        except UnicodeDecodeError:
            legacy = False
        if legacy:
            raise _fail(path, line,
                        M("the file is saved in the old Thai encoding (TIS-620/Windows-874), not UTF-8: "
                          "open it and save it again as UTF-8"), column) from None
        raise _fail(path, line,
                    M("the file is not valid UTF-8 text: found the bytes {found}, which are no character "
                      "(save it again as UTF-8, or retype the text there)", found=found), column) from None


#: Tables and lists inside each other: real content nests a few levels (a
#: format-2 body twelve at most, two levels each); deeper is a mistake, and
#: bounded before anything walks it.
MAX_NESTING = 40
#: Parts of one dotted key (``a.b.c``) on one line, and characters of one key.
MAX_KEY_PARTS = 16
MAX_KEY_LENGTH = 100

_SCAN = re.compile(r'''
    (?P<mlb>"""(?:\\.|[^\\])*?(?:"{3,5}|\\?\Z))  # multi-line text (to the end if unclosed)
  | (?P<mll>\'\'\'.*?(?:\'{3,5}|\Z))
  | (?P<bs>"(?:\\[^\n]|[^"\\\n])*(?:"|\\?(?=\n)|\\?\Z))  # text on one line (to its end if unclosed)
  | (?P<ls>'[^'\n]*(?:'|(?=\n)|\Z))
  | (?P<comment>\#[^\n]*)
  | (?P<open>[\[{])
  | (?P<close>[\]}])
  | (?P<nl>\n)
  | (?P<word>[^"'\#\[\]{}\n]+)
  | (?P<other>.)
''', re.X | re.S)
#: Characters of a number, a date or a time: their one dot is not a dotted key's.
_NUMBER_CHARS = frozenset("0123456789_+-:TtZzEe.")


def _numberish(token: str) -> bool:
    return token.count(".") <= 1 and any(c.isdigit() for c in token) and set(token) <= _NUMBER_CHARS


def _structure_problem(source: str) -> tuple[int, Message] | None:
    """Line and words for content nested deeper than :data:`MAX_NESTING` or a
    dotted key of more than :data:`MAX_KEY_PARTS` parts, found in one pass over
    the text before the TOML parser sees it (deep nesting exhausts its stack;
    a key of thousands of parts takes it minutes)."""
    line, depth, parts = 1, 0, 0
    for match in _SCAN.finditer(source):
        kind = match.lastgroup
        if kind in ("mlb", "mll"):
            line += match.group().count("\n")
        elif kind == "open":
            depth += 1
            if depth > MAX_NESTING:
                return line, M("brackets [ ] or {{ }} are nested too deeply (over {levels} levels)",
                               levels=MAX_NESTING)
        elif kind == "close":
            depth = max(depth - 1, 0)
        elif kind == "nl":
            line, parts = line + 1, 0
        elif kind in ("word", "bs", "ls"):
            if kind == "word":
                for token in re.split(r"[\s=,]+", match.group()):
                    if "." in token and not _numberish(token):
                        parts += token.count(".")
            if parts >= MAX_KEY_PARTS:
                return line, M("a dotted key has too many parts (over {parts}, like a.b.c): "
                               "was something pasted by mistake?", parts=MAX_KEY_PARTS)
    return None


class _FloatText:
    """A float as tomllib found it: the text it was written with."""

    __slots__ = ("text",)

    def __init__(self, text: str):
        self.text = text


def _unwrap(data: dict, numbers: dict[tuple, str]) -> tuple[tuple, int, tuple | None]:
    """Turn each :class:`_FloatText` of ``data`` into a float, noting its text
    in ``numbers``; the deepest path and its depth, and a path whose key is
    longer than :data:`MAX_KEY_LENGTH` (if any). Walks without recursion."""
    deepest, most, long_key = (), 0, None
    stack: list[tuple[tuple, Any]] = [((), data)]
    while stack:
        path, value = stack.pop()
        if len(path) > most:
            deepest, most = path, len(path)
        if isinstance(value, dict):
            for key, item in value.items():
                if len(key) > MAX_KEY_LENGTH and long_key is None:
                    long_key = path + (key,)
                if isinstance(item, _FloatText):
                    value[key] = float(item.text)
                    numbers[path + (key,)] = item.text
                elif isinstance(item, (dict, list)):
                    stack.append((path + (key,), item))
        elif isinstance(value, list):
            for index, item in enumerate(value):
                if isinstance(item, _FloatText):
                    value[index] = float(item.text)
                    numbers[path + (index,)] = item.text
                elif isinstance(item, (dict, list)):
                    stack.append((path + (index,), item))
    return deepest, most, long_key


def parse(source: str, path: Path | str = "<content>", numbers: dict | None = None) -> dict:
    """The TOML data of ``source`` (read from ``path``); located errors.

    ``numbers``, if given, receives the text each float was written with
    (field path → ``"0.40"``), so that numbers print as written.
    """
    path = Path(path)
    source = source.removeprefix("\ufeff")
    bad = _bad_character(source)
    if bad:
        line, column, char = bad
        raise _fail(path, line, _character_message(char), column, _field_at(source, line))
    if not source.strip():
        raise _fail(path, None, M("the file is empty (copy {example} as a start)", example=_EXAMPLE))
    found = _structure_problem(source)
    if found:
        line, message = found
        raise _fail(path, line, message, None, _field_at(source, line))
    try:
        data = tomllib.loads(source, parse_float=_FloatText)
    except tomllib.TOMLDecodeError as error:
        raise ContentError([_syntax_problem(path, source, str(error))]) from None
    except RecursionError:
        lines = source_lines(source)
        deepest = max(range(len(lines)), key=lambda i: lines[i].count("[") + lines[i].count("{"))
        raise _fail(path, deepest + 1, M("brackets [ ] or {{ }} are nested too deeply"), None,
                    _field_at(source, deepest + 1)) from None
    except ValueError:
        # tomllib hands on int()'s refusal of a number thousands of digits long.
        long = re.search(r"\d{1000,}", source)
        line = source[:long.start()].count("\n") + 1 if long else None
        raise _fail(path, line, M("a number is thousands of digits long: was something pasted by mistake?"),
                    None, _field_at(source, line)) from None
    written: dict[tuple, str] = {}
    deepest, depth, long_key = _unwrap(data, written)
    if depth > MAX_NESTING:
        line = Locator(source).line(deepest[:MAX_NESTING])
        raise _fail(path, line, M("tables or lists are nested too deeply (over {levels} levels)",
                                  levels=MAX_NESTING), None, _field_at(source, line))
    if long_key is not None:
        line = Locator(source).line(long_key)
        name = long_key[-1]
        raise _fail(path, line, M("a key is {length} characters long (over {limit}), starting {start}…: "
                                  "was something pasted by mistake?",
                                  length=f"{len(name):,}", limit=MAX_KEY_LENGTH, start=name[:20]),
                    None, path_name(long_key[:-1]))
    if not data:
        raise _fail(path, None, M("the file holds only comments, no content (copy {example} as a start)",
                                  example=_EXAMPLE))
    if numbers is not None:
        numbers.update(written)
    return data


# --- characters ---------------------------------------------------------------

#: Characters no document may hold: controls (category Cc) but tab and line
#: breaks, lone surrogates (Cs), private use (Co), and the non-characters
#: U+FFFE and U+FFFF. One pattern, as the files can be long
#: (tests/test_content_input.py checks it against the Unicode categories).
UNUSABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ue000-\uf8ff"
                      "\ufffe\uffff\U000f0000-\U000ffffd\U00100000-\U0010fffd]")
#: ... and in the file itself, a carriage return that does not end a line.
_BAD_IN_SOURCE = re.compile(UNUSABLE.pattern + r"|\r(?!\n|\Z)")


def _bad_character(source: str) -> tuple[int, int, str] | None:
    """Line, column and character of the first unusable character, if any."""
    found = _BAD_IN_SOURCE.search(source)
    if found is None:
        return None
    at = found.start()
    line_start = source.rfind("\n", 0, at) + 1
    return source.count("\n", 0, at) + 1, at - line_start + 1, found.group()


def _character_message(char: str) -> Message:
    code = f"U+{ord(char):04X}"
    if unicodedata.category(char) == "Cs":
        return M("found a broken character ({code}, half of a surrogate pair): delete it and retype the text",
                 code=code)
    return M("found an invisible control character ({code}), often copied from Word or a PDF: delete it",
             code=code)


def _check_characters(check: "_Checker", data: dict) -> None:
    """Escapes such as ``\\u0007`` pass TOML but no document can hold them."""
    stack: list[tuple[tuple, Any]] = [((), data)]
    while stack:
        path, value = stack.pop()
        if isinstance(value, dict):
            for key, item in value.items():
                found = UNUSABLE.search(key)
                if found:
                    check.problem(path, _character_message(found.group()))
                stack.append((path + (key,), item))
        elif isinstance(value, list):
            stack.extend((path + (i,), item) for i, item in enumerate(value))
        elif isinstance(value, str):
            found = UNUSABLE.search(value)
            if found:
                check.problem(path, _character_message(found.group()))


def _blank(text: str) -> bool:
    """Nothing visible: spaces, invisible spaces and marks only."""
    return all(c.isspace() or unicodedata.category(c) in ("Cf", "Zs", "Cc") for c in text)


# --- TOML syntax errors in plain words ---------------------------------------

_THAI_DIGIT = re.compile(r"[๐-๙]")
_DATE_TOKEN = re.compile(r"(\d{1,4})[-/.](\d{1,2})[-/.](\d{1,4})")


def _field_at(source: str, line: int | None) -> str:
    """The field path of a line of TOML (table headers and ``key =``)."""
    if not line:
        return ""
    table: tuple = ()
    lines = source_lines(source)
    for text in lines[:line - 1]:
        header = Locator._HEADER.match(text)
        if header and not Locator._KEY.match(text):
            table = tuple(_split_key(header.group(2)))
    if line - 1 < len(lines):
        text = lines[line - 1]
        header = Locator._HEADER.match(text)
        if header and not Locator._KEY.match(text):
            return path_name(tuple(_split_key(header.group(2))))
        key = Locator._KEY.match(text)
        if key:
            return path_name(table + tuple(_split_key(key.group(1))))
    return path_name(table)


def _value_text(line_text: str) -> str:
    """What stands after ``=`` on a line, without a trailing comment."""
    value = line_text.split("=", 1)[1] if "=" in line_text else line_text
    if not value.lstrip().startswith(('"', "'")):
        value = value.split("#", 1)[0]
    return value.strip()


def _end_line(source: str, message: str) -> int | None:
    """For errors tomllib reports "at end of document": where the open thing began."""
    lines = source_lines(source)
    if message.startswith("Unclosed array"):
        return _open_list(lines)
    if message.startswith(("Unterminated string", "Expected")):
        opened = None
        for number, text in enumerate(lines, start=1):
            if text.count('"""') % 2 or text.count("'''") % 2:
                opened = None if opened else number
        if opened:
            return opened
        for number, text in enumerate(lines, start=1):
            # A text on one line with no closing quote.
            value = text.split("=", 1)[1].strip() if "=" in text else text.strip()
            if value[:1] == "'" and not value.startswith("'''") and "'" not in value[1:]:
                return number
            if value[:1] == '"' and not value.startswith('"""') and not re.match(r'"(?:\\.|[^"\\])*"', value):
                return number
    for number in range(len(lines), 0, -1):
        if lines[number - 1].strip():
            return number
    return None


def _open_list(lines: list[str]) -> int | None:
    """The line where a list still open at the end of ``lines`` began."""
    depth, opened = 0, None
    for number, text in enumerate(lines, start=1):
        if depth <= 0 and Locator._HEADER.match(text) and not Locator._KEY.match(text):
            depth = 0
            continue
        before = depth
        depth += _bracket_balance(text)
        if before <= 0 < depth:
            opened = number
    return opened if depth > 0 else None


def _impossible_date(token: re.Match) -> Message | None:
    year, month, day = (int(g) for g in token.groups())
    if not 1 <= month <= 12:
        return M("there is no month {month} (months are 01 to 12, written year-month-day, e.g. 2023-03-31)",
                 month=month)
    days = calendar.monthrange(year, month)[1]
    if 1 <= day <= days:
        return None
    if year > ERA_SPLIT and 1 <= day <= calendar.monthrange(year - 543, month)[1]:
        fixed = f"{year - 543}-{month:02d}-{day:02d}"
        return M("{year} looks Buddhist-era: write dates in the Christian era (Buddhist year minus 543), "
                 "e.g. {fixed}", year=year, fixed=fixed)
    also = ""
    if year > ERA_SPLIT:
        fixed = f"{year - 543}-{month:02d}-{day:02d}"
        also = M("; also {year} looks Buddhist-era: write dates in the Christian era (minus 543), e.g. {fixed}",
                 year=year, fixed=fixed)
    return M("{day} {month} {year} does not exist ({month} {year} has {days} days){also}",
             day=day, month=_MONTHS[month - 1], year=year, days=days, also=also)


def _syntax_problem(path: Path, source: str, message: str) -> Problem:
    """A tomllib error message, explained for someone who edits TOML by hand."""
    match = re.search(r"\(at line (\d+), column (\d+)\)", message)
    line, column = (int(match.group(1)), int(match.group(2))) if match else (None, None)
    detail = re.sub(r"\s*\(at (line|end of document).*\)$", "", message)
    if line is None:
        line = _end_line(source, detail)
    lines = source_lines(source)
    text = lines[line - 1] if line and line <= len(lines) else ""
    if match is None and "=" in text:
        # At the end of the document: point at what was opened on this line.
        opening = re.search(r"[\"'\[{]", text[text.index("=") + 1:])
        column = text.index("=") + 1 + opening.start() + 1 if opening else None
    value = _value_text(text)
    field = _field_at(source, line)
    shown = text.strip() if len(text.strip()) <= 70 else text.strip()[:67] + "..."
    found = M(" [the line reads: {line}]", line=shown) if shown else ""

    def problem(said: Message) -> Problem:
        return Problem(path, line, field, M("TOML syntax: {problem}{found}", problem=said, found=found), column)

    # The character the parser stopped at, if it stopped on this line.
    char = text[column - 1] if match and column and 0 < column <= len(text) else ""
    opened = _open_list(lines[:line - 1]) if line else None
    starts_anew = bool(Locator._HEADER.match(text) or Locator._KEY.match(text))
    if detail == "Invalid value" and char == ",":
        return problem(M("a comma too many (an empty item between two commas): delete it"))
    if detail == "Invalid value" and char == "=":
        return problem(M('a second "=": a line has one "=", between the key and its value'))
    in_list = (opened or line) if (detail.startswith("Unclosed array") or opened) else None
    if in_list and char and (not starts_anew or not opened) and detail in ("Invalid value", "Unclosed array") \
            and char not in "#\r\n,":
        if char in "\"'":
            return problem(M("in the list opened with [ on line {line}: a comma is missing before this item "
                             '(items are separated by commas, e.g. ["a", "b"])', line=in_list))
        start = max(text.rfind(",", 0, column - 1), text.rfind("[", 0, column - 1)) + 1
        item = re.split(r"[,\]]", text[start:].strip() or " ", maxsplit=1)[0].strip()
        quoted = f'"{item}"' if item and '"' not in item else '"..."'
        return problem(M("in the list opened with [ on line {line}: {char} cannot stand here "
                         "(text in a list goes in quotes, e.g. {quoted}; items are separated by commas "
                         "and the list ends with ])", line=in_list, char=_char_words(char), quoted=quoted))
    if opened and detail in ("Invalid value", "Unclosed array") or detail.startswith("Unclosed array"):
        opened = opened or line
        return problem(M("the list opened with [ on line {line} is never closed: put ] after its last item",
                         line=opened))
    if "=" in text and value and value[0] in _CURLY_QUOTES:
        return problem(M('use straight quotes " ... ", not curly quotes “ ” (word processors change them: '
                         "retype them in a text editor)"))
    date_token = _DATE_TOKEN.search(value) if "=" in text else None
    if detail == "Invalid date or datetime" and date_token:
        words = _impossible_date(date_token)
        if words:
            return problem(words)
    if "=" in text and _THAI_DIGIT.search(value) and not value.startswith(('"', "'")):
        arabic = thai.digits(value, "arabic")
        return problem(M("write numbers in Arabic digits (0-9) without quotes, e.g. {arabic} "
                         "(prakat prints them in Thai digits)", arabic=arabic))
    if date_token and detail.startswith("Expected newline"):
        words = _impossible_date(date_token) if re.fullmatch(r"\d{4}-\d{2}-\d{2}", date_token.group()) else None
        return problem(words or M(
            "write dates as Christian-era year-month-day in Arabic digits, without quotes, e.g. 2023-03-31"))
    if detail.startswith("Expected newline") and re.fullmatch(r"[\d.,_ ]+", value or "x"):
        return problem(M("a number is Arabic digits with one decimal point, no commas, e.g. 1500 or 0.41 "
                         "(group thousands with _, e.g. 1_500, printed ๑,๕๐๐)"))
    if detail.startswith("Expected newline") and char:
        return problem(_after_value(text, value, column, char, field))
    if detail == "Invalid value":
        if not value:
            return problem(M('a value must follow "=": text in quotes "...", or a number'))
        return problem(M('text must be in double quotes "..." (numbers and dates go without quotes)'))
    if detail.startswith("Illegal character") and "\\n" in detail:
        return problem(M('the text has no closing quote " on this line '
                         '(for text over several lines use """ ... """)'))
    if detail.startswith("Unterminated string") or detail.startswith('Expected "'):
        return problem(M("the text that starts here has no closing quote"))
    if detail == "Escaped character is not a Unicode scalar value":
        return problem(M("a \\u... escape names a broken character (half of a surrogate pair): "
                         "delete it or type the text"))
    if detail.startswith(("Unescaped", "Unrecognized escape")):
        return problem(M("a backslash \\ inside text must be doubled, \\\\ (or use single quotes '...')"))
    if detail == "Cannot overwrite a value" and not text.lstrip().startswith("["):
        return problem(M("this key is given twice: keep one of the lines"))
    if detail.startswith("Cannot declare") or detail == "Cannot overwrite a value":
        return problem(M("the table [{field}] is declared twice: merge them "
                         "(body blocks use [[body]], with two brackets)", field=field))
    if detail.startswith("Unclosed inline table"):
        return problem(M("the {{ ... }} table is not closed on its line"))
    if detail.startswith("Expected ']'"):
        return problem(M("a table header must end with ], e.g. [announcement]"))
    if detail.startswith(("Expected '=' after a key", "Invalid initial character")) or detail == "Invalid statement":
        if line == 1 and "=" not in source:
            return problem(M("this is not a TOML content file (see {example} for an example)", example=_EXAMPLE))
        if char and (unicodedata.category(char) in ("Zs", "Cf") and char != " "):
            return problem(M("found {char} in the key: delete it and type a plain space", char=_char_words(char)))
        if char == "＝" or (char and unicodedata.east_asian_width(char) == "F"):
            return problem(M("found {char}: use the ordinary half-width character, e.g. =",
                             char=_char_words(char)))
        if char and not (char.isalnum() or char in "_-\"' ") and ord(char) < 0x80 and not text[:column - 1].strip():
            return problem(M("found {char} at the start of the line, which no key starts with: "
                             "delete it (a comment starts with #)", char=_char_words(char)))
        if re.match(r"\s*[^\x00-\x7f]", text):
            return problem(M('the key before "=" must be latin letters, e.g. subject = "..." '
                             "(Thai text goes in quotes after =)"))
        return problem(M('each line must be key = value or a table header [name] '
                         '(text running over several lines must be inside """ ... """)'))
    if detail.startswith(("Illegal character", "Found invalid character")) and char:
        return problem(M("found {char}, which cannot stand here: delete it", char=_char_words(char)))
    if detail == "Invalid hex value":
        return problem(M("\\u must be followed by four hexadecimal digits, e.g. \\u0E01 "
                         "(or type the character itself)"))
    if detail.startswith("Duplicate inline table key"):
        return problem(M("the same key is given twice inside {{ ... }}: keep one"))
    if detail.startswith(("Cannot mutate immutable namespace", "Cannot redefine namespace")):
        return problem(M("the table {field} is already given in another form ({{ ... }} or [[...]]): "
                         "keep it in one place", field=field))
    if detail.startswith("Expected ']]'"):
        return problem(M("a repeated table's header must end with ]], e.g. [[body]]"))
    if detail == "Invalid date or datetime":
        return problem(M("write a date as Christian-era year-month-day, e.g. 2023-03-31"))
    # Never the parser's words alone: say where, and what to look at.
    at = M(" (column {column})", column=column) if column else ""
    return problem(M("this line cannot be read{at}: check its quotes \" \", brackets [ ] {{ }} and = "
                     "(text goes in quotes; numbers and dates go without)", at=at))


_CURLY_QUOTES = "“”‘’«»„「」『』"


def _char_words(char: str) -> Message:
    """A character named for a message: itself if it can be seen, always with
    its code (never an escape such as ``\\u000a``)."""
    code = f"U+{ord(char):04X}"
    name = unicodedata.name(char, "").lower()
    if char == "\n":
        return M("a line break")
    if char.isprintable() and not char.isspace() and unicodedata.category(char) != "Cf":
        return M("the character {char} ({code})", char=char, code=code)
    return M("an invisible character ({code} {name})", code=code, name=name)


def _after_value(text: str, value: str, column: int, char: str, field: str) -> Message:
    """Words for something left over after a value on its line (``3%``,
    ``"…" x``, ``"…""``)."""
    key = field.rsplit(".", 1)[-1] if field else M("key")
    eq = text.find("=")
    written = text[eq + 1:column - 1].strip() if eq >= 0 else ""
    rest = text[column - 1:].split("#", 1)[0].strip() if not text[column - 1:].lstrip().startswith(("'", '"')) \
        else text[column - 1:].strip()
    if eq < 0 or column - 1 <= eq:
        return M("found {char} after the table header: delete it (a comment starts with #)",
                 char=_char_words(char))
    if re.fullmatch(r"[+-]?[\d_]+(\.[\d_]+)?", written):
        if field.startswith("values."):
            return M("a value in [values] is a number alone: write {key} = {written} and type {rest} in the text, "
                     "e.g. {{{key}}}{rest}", key=key, written=written, rest=rest)
        return M("a number followed by {rest} is text: put it in quotes, e.g. {key} = \"{written}{rest}\"",
                 key=key, written=written, rest=rest)
    if written.startswith(('"', "'")) and char in "\"'":
        return M("a stray quote after the text: a quote inside text is written \\\" "
                 "(or put the text in single quotes '...')")
    if written.startswith(('"', "'")):
        return M("found {char} after the closing quote: delete it or move it inside the quotes "
                 "(a comment starts with #)", char=_char_words(char))
    return M("found {char} after the value: one value a line, and text goes in quotes", char=_char_words(char))
