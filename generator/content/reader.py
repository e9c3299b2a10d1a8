"""Turn the bytes of a TOML content file into its data, and locate problems in it.

The file is read once with :mod:`tomllib`; every problem found is reported
with the file, the line, the field path, what was found and what was
expected. Nothing here writes anything.
"""

from __future__ import annotations

import calendar
import datetime as dt
import difflib
import re
import tomllib
import unicodedata
from pathlib import Path
from typing import Any

from generator import thai
from generator.errors import ContentError, Problem

#: Years below this are taken to be Christian-era, above it Buddhist-era.
ERA_SPLIT = 2300

_TYPE_NAMES = {
    str: ("ข้อความ", "text"),
    int: ("จำนวนเต็ม", "whole number"),
    float: ("ตัวเลข", "number"),
    bool: ("ค่าจริง/เท็จ", "true/false"),
    dt.date: ("วันที่ (ปี-เดือน-วัน ค.ศ. เช่น 2023-03-31)", "date (YYYY-MM-DD, Christian era, e.g. 2023-03-31)"),
    dt.datetime: ("วันเวลา", "date and time"),
    dt.time: ("เวลา", "time"),
    list: ("รายการ [ ... ]", "list [ ... ]"),
    dict: ("ตาราง", "table"),
}


def _type_name(kind: type, lang: int) -> str:
    for cls, names in _TYPE_NAMES.items():
        if kind is cls:
            return names[lang]
    for cls, names in _TYPE_NAMES.items():
        if issubclass(kind, cls):
            return names[lang]
    return kind.__name__


def _type_hint(value: Any, expected: type) -> tuple[str, str]:
    """A hint for the usual slips: a number in quotes or Thai digits, a bare
    year or a date in quotes where a date goes."""
    if expected in (int, float) and isinstance(value, str):
        plain = re.sub(r"[\s,]", "", thai.digits(value, "arabic"))
        if re.fullmatch(r"-?\d+(\.\d+)?", plain):
            return (f" (ให้เขียนตัวเลขด้วยเลขอารบิก ไม่ใส่เครื่องหมายคำพูด เช่น {plain})",
                    f" (write the number in Arabic digits without quotes, e.g. {plain})")
    if expected is dt.date and type(value) is int:
        year = value - 543 if value > ERA_SPLIT else value
        return (f" ซึ่งเป็นเพียงปี ให้เขียนวันที่เต็มเป็นปี ค.ศ.-เดือน-วัน เช่น {year}-03-31",
                f", which is only a year: write the full date, Christian-era year-month-day, e.g. {year}-03-31")
    if expected is dt.date and isinstance(value, dt.datetime):
        return (f" (ให้เขียนเฉพาะวันที่ ไม่มีเวลา เช่น {value.date().isoformat()})",
                f" (write the date alone, without a time, e.g. {value.date().isoformat()})")
    if expected is dt.date and isinstance(value, str):
        return (" (วันที่เขียนแบบ ปี ค.ศ.-เดือน-วัน ไม่ใส่เครื่องหมายคำพูด เช่น 2023-03-31)",
                " (write dates as Christian-era year-month-day without quotes, e.g. 2023-03-31)")
    return "", ""


def _shown(value: Any) -> str:
    if isinstance(value, str):
        text = f'"{value}"'
    elif isinstance(value, (dt.date, dt.time)):
        text = value.isoformat()
    else:
        text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


class Locator:
    """Find the line of a field path (``body[3].items[1]``) in TOML source.

    tomllib keeps no positions, so this reads the lines the way TOML lays
    them out: table headers, ``key =`` lines and one array element a line.
    """

    _HEADER = re.compile(r"^\s*(\[\[?)\s*([^\]]+?)\s*\]\]?\s*(#.*)?$")
    _KEY = re.compile(r'^\s*("[^"]*"|\'[^\']*\'|[A-Za-z0-9_.\-"\' ]+?)\s*=')

    def __init__(self, source: str):
        self.lines: dict[tuple, int] = {}
        counts: dict[tuple, int] = {}
        table: tuple = ()
        array_key: tuple | None = None
        depth = 0
        element = 0
        for number, line in enumerate(source.splitlines(), start=1):
            if array_key is not None:
                stripped = line.strip()
                if depth == 1 and stripped[:1] in ('"', "'", "{") or (
                        depth == 1 and stripped[:1].isdigit()):
                    self.lines.setdefault(array_key + (element,), number)
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
                self.lines.setdefault(table, number)
                continue
            key = self._KEY.match(line)
            if key:
                path = table + tuple(_split_key(key.group(1)))
                self.lines.setdefault(path, number)
                rest = line[key.end():]
                balance = _bracket_balance(rest)
                if balance > 0:
                    array_key, depth, element = path, balance, 0
                    # Elements on the opening line itself.
                    inner = rest.split("[", 1)[1].strip()
                    if inner and inner[0] in "\"'{0123456789":
                        self.lines.setdefault(path + (0,), number)
                        element = inner.count(",") + (0 if inner.rstrip().endswith(",") else 1)

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


def path_name(path: tuple) -> str:
    """``("body", 3, "items", 1)`` → ``body[3].items[1]`` (counted from 1)."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part + 1}]"
        else:
            out += ("." if out else "") + part
    return out


class _Checker:
    """Collects every problem of one file, so staff can fix them in one go."""

    def __init__(self, path: Path, source: str):
        self.path = path
        self.locator = Locator(source)
        self.problems: list[Problem] = []
        #: Tables found missing or of the wrong type: their keys are not
        #: reported one by one as well.
        self.absent: set[tuple] = set()

    def problem(self, path: tuple, thai: str, english: str) -> None:
        self.problems.append(Problem(self.path, self.locator.line(path),
                                     path_name(path), thai, english))

    def table(self, data: Any, path: tuple, known: tuple[str, ...]) -> dict:
        if not isinstance(data, dict):
            self.wrong_type(data, path, dict)
            return {}
        for key in data:
            if key not in known:
                guess = difflib.get_close_matches(key, known, n=1, cutoff=0.6)
                hint_th = f' หมายถึง "{guess[0]}" หรือไม่?' if guess else ""
                hint_en = f' Did you mean "{guess[0]}"?' if guess else ""
                allowed = ", ".join(known)
                self.problem(path + (key,),
                             f'ไม่รู้จักช่อง "{key}"{hint_th} (ช่องที่ใช้ได้: {allowed})',
                             f'unknown key "{key}".{hint_en} (known keys: {allowed})')
        return data

    def wrong_type(self, value: Any, path: tuple, expected: type) -> None:
        hint_th, hint_en = _type_hint(value, expected)
        self.problem(path,
                     f"ต้องเป็น{_type_name(expected, 0)} แต่พบ{_type_name(type(value), 0)} {_shown(value)}{hint_th}",
                     f"expected a {_type_name(expected, 1)}, found a {_type_name(type(value), 1)} {_shown(value)}{hint_en}")

    def get(self, data: dict, key: str, path: tuple, kind: type | tuple,
            required: bool = True, default: Any = None) -> Any:
        full = path + (key,)
        if key not in data:
            if kind is dict:
                self.absent.add(full)
            if required and path not in self.absent:
                name = kind[0] if isinstance(kind, tuple) else kind
                self.problem(path, f'ขาดช่อง "{key}" ซึ่งต้องเป็น{_type_name(name, 0)}',
                             f'missing key "{key}" (a {_type_name(name, 1)})')
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
            self.problem(full, "ต้องไม่เว้นว่าง", "must not be empty")
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
                self.problem(path + (key, i), "ต้องไม่เว้นว่าง", "must not be empty")
            else:
                out.append(item)
        return tuple(out)


#: A content file is a few kilobytes; anything this big is the wrong file.
MAX_BYTES = 1_000_000

#: Signatures of files staff may pick by mistake: first bytes → (Thai, English).
_NOT_TOML = (
    (b"PK\x03\x04", "ไฟล์ Word/Excel หรือ zip", "a Word/Excel or zip file"),
    (b"\xd0\xcf\x11\xe0", "ไฟล์ Word/Excel รุ่นเก่า (.doc/.xls)", "an old Word/Excel file (.doc/.xls)"),
    (b"%PDF", "ไฟล์ PDF", "a PDF file"),
    (b"{\\rtf", "ไฟล์ RTF", "an RTF file"),
    (b"\x89PNG", "ไฟล์รูปภาพ", "an image"),
    (b"\xff\xd8\xff", "ไฟล์รูปภาพ", "an image"),
)
_EXAMPLE = "content/khon-kaen/2567.toml"


def _fail(path: Path, line: int | None, thai_text: str, english: str,
          column: int | None = None, field: str = "") -> ContentError:
    return ContentError([Problem(path, line, field, thai_text, english, column)])


def read(path: Path | str) -> str:
    """The text of one content file (at most :data:`MAX_BYTES`); raise :class:`ContentError`."""
    path = Path(path)
    try:
        if path.is_dir():
            raise IsADirectoryError
        with path.open("rb") as stream:
            raw = stream.read(MAX_BYTES + 1)
    except IsADirectoryError:
        raise _fail(path, None, "เป็นโฟลเดอร์ ไม่ใช่ไฟล์เนื้อหา .toml",
                    "is a folder, not a .toml content file") from None
    except FileNotFoundError:
        raise _fail(path, None, "ไม่พบไฟล์นี้ (ตรวจชื่อไฟล์และโฟลเดอร์)",
                    "no such file (check the file and folder names)") from None
    except PermissionError:
        raise _fail(path, None, "ไม่มีสิทธิ์อ่านไฟล์นี้ (ให้ผู้ดูแลเครื่องเปิดสิทธิ์อ่าน)",
                    "no permission to read this file (ask for read permission)") from None
    except OSError as error:
        reason = error.strerror or type(error).__name__
        raise _fail(path, None, f"อ่านไฟล์ไม่ได้ ({reason})",
                    f"cannot read the file ({reason})") from None
    return decode(raw, path)


def decode(raw: bytes, path: Path | str = "<content>") -> str:
    """The text of a content file's bytes: UTF-8, with or without a BOM."""
    path = Path(path)
    if len(raw) > MAX_BYTES:
        raise _fail(path, None,
                    f"ไฟล์ใหญ่เกินไป (เกิน {MAX_BYTES // 1000} KB) ไฟล์เนื้อหาประกาศมีขนาดเพียงไม่กี่ KB อาจเลือกไฟล์ผิด",
                    f"the file is too large (over {MAX_BYTES // 1000} KB); a content file is a few KB: "
                    "is it the right file?")
    for magic, kind_th, kind_en in _NOT_TOML:
        if raw.startswith(magic):
            raise _fail(path, 1,
                        f"ไฟล์นี้เป็น{kind_th} ไม่ใช่ไฟล์เนื้อหา TOML (ให้ใช้ไฟล์ข้อความ .toml ตามตัวอย่าง {_EXAMPLE})",
                        f"this is {kind_en}, not a TOML content file (use a plain-text .toml file like {_EXAMPLE})")
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise _fail(path, 1,
                    "ไฟล์บันทึกเป็น UTF-16 (Unicode) ให้บันทึกใหม่เป็น UTF-8",
                    "the file is saved as UTF-16 (\"Unicode\"); save it again as UTF-8")
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
                        "ไฟล์บันทึกเป็นรหัสภาษาไทยแบบเก่า (TIS-620/Windows-874) ไม่ใช่ UTF-8 "
                        "ให้เปิดไฟล์แล้วบันทึกใหม่เป็น UTF-8",
                        "the file is saved in the old Thai encoding (TIS-620/Windows-874), not UTF-8: "
                        "open it and save it again as UTF-8", column) from None
        raise _fail(path, line,
                    f"ไฟล์ไม่ได้บันทึกเป็น UTF-8: พบไบต์ {found} ที่อ่านเป็นตัวอักษรไม่ได้ "
                    "(ให้บันทึกใหม่เป็น UTF-8 หรือพิมพ์ตัวอักษรตรงนั้นใหม่)",
                    f"the file is not valid UTF-8 text: found the bytes {found}, which are no character "
                    "(save it again as UTF-8, or retype the text there)", column) from None


def parse(source: str, path: Path | str = "<content>") -> dict:
    """The TOML data of ``source`` (read from ``path``); located errors."""
    path = Path(path)
    source = source.removeprefix("\ufeff")
    bad = _bad_character(source)
    if bad:
        line, column, char = bad
        raise _fail(path, line, *_character_message(char), column, _field_at(source, line))
    if not source.strip():
        raise _fail(path, None, f"ไฟล์ว่างเปล่า (ให้คัดลอก {_EXAMPLE} มาเป็นแบบ)",
                    f"the file is empty (copy {_EXAMPLE} as a start)")
    try:
        data = tomllib.loads(source)
    except tomllib.TOMLDecodeError as error:
        raise ContentError([_syntax_problem(path, source, str(error))]) from None
    except RecursionError:
        lines = source.splitlines()
        deepest = max(range(len(lines)), key=lambda i: lines[i].count("[") + lines[i].count("{"))
        raise _fail(path, deepest + 1, "วงเล็บ [ ] หรือ { } ซ้อนกันลึกเกินไป",
                    "brackets [ ] or { } are nested too deeply", None,
                    _field_at(source, deepest + 1)) from None
    except ValueError:
        # tomllib hands on int()'s refusal of a number thousands of digits long.
        long = re.search(r"\d{1000,}", source)
        line = source[:long.start()].count("\n") + 1 if long else None
        raise _fail(path, line, "ตัวเลขยาวเกินไป (หลายพันหลัก) อาจวางข้อความผิดที่",
                    "a number is thousands of digits long: was something pasted by mistake?",
                    None, _field_at(source, line)) from None
    if not data:
        raise _fail(path, None, f"ไฟล์มีแต่หมายเหตุ (#) ไม่มีเนื้อหา (ให้คัดลอก {_EXAMPLE} มาเป็นแบบ)",
                    f"the file holds only comments, no content (copy {_EXAMPLE} as a start)")
    return data


# --- characters ---------------------------------------------------------------

def _unusable(char: str) -> bool:
    """Characters no document may hold: controls (except tab and line breaks),
    lone surrogates, and the non-characters U+FFFE and U+FFFF."""
    if char in "\t\n\r":
        return False
    return unicodedata.category(char) in ("Cc", "Cs", "Co") or char in "\ufffe\uffff"


def _bad_character(source: str) -> tuple[int, int, str] | None:
    """Line, column and character of the first unusable character, if any."""
    for number, line in enumerate(source.split("\n"), start=1):
        for column, char in enumerate(line, start=1):
            if char == "\r" and column == len(line):
                continue  # Windows line ending
            if char == "\r" or _unusable(char):
                return number, column, char
    return None


def _character_message(char: str) -> tuple[str, str]:
    code = f"U+{ord(char):04X}"
    if unicodedata.category(char) == "Cs":
        return (f"พบอักขระเสีย ({code} ครึ่งหนึ่งของอักขระคู่ที่ขาดคู่) มักมาจากการคัดลอกข้อความ ให้ลบแล้วพิมพ์ใหม่",
                f"found a broken character ({code}, half of a surrogate pair): delete it and retype the text")
    return (f"พบอักขระควบคุมที่มองไม่เห็น ({code}) มักติดมาจากการคัดลอกจาก Word หรือ PDF ให้ลบออก",
            f"found an invisible control character ({code}), often copied from Word or a PDF: delete it")


def _check_characters(check: "_Checker", data: dict) -> None:
    """Escapes such as ``\\u0007`` pass TOML but no document can hold them."""
    stack: list[tuple[tuple, Any]] = [((), data)]
    while stack:
        path, value = stack.pop()
        if isinstance(value, dict):
            for key, item in value.items():
                if any(_unusable(c) for c in key):
                    char = next(c for c in key if _unusable(c))
                    check.problem(path, *_character_message(char))
                stack.append((path + (key,), item))
        elif isinstance(value, list):
            stack.extend((path + (i,), item) for i, item in enumerate(value))
        elif isinstance(value, str) and any(_unusable(c) for c in value):
            char = next(c for c in value if _unusable(c))
            check.problem(path, *_character_message(char))


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
    lines = source.splitlines()
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
    lines = source.splitlines()
    if message.startswith("Unclosed array"):
        return _open_list(lines)
    if message.startswith(("Unterminated string", "Expected")):
        opened = None
        for number, text in enumerate(lines, start=1):
            if text.count('"""') % 2 or text.count("'''") % 2:
                opened = None if opened else number
        if opened:
            return opened
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


def _impossible_date(token: re.Match) -> tuple[str, str] | None:
    year, month, day = (int(g) for g in token.groups())
    if not 1 <= month <= 12:
        return (f"ไม่มีเดือนที่ {month} (เดือนต้องเป็น 01 ถึง 12 และเขียนแบบ ปี-เดือน-วัน เช่น 2023-03-31)",
                f"there is no month {month} (months are 01 to 12, written year-month-day, e.g. 2023-03-31)")
    days = calendar.monthrange(year, month)[1]
    if 1 <= day <= days:
        return None
    if year > ERA_SPLIT and 1 <= day <= calendar.monthrange(year - 543, month)[1]:
        fixed = f"{year - 543}-{month:02d}-{day:02d}"
        return (f"ปี {year} ดูเหมือนปี พ.ศ. วันที่ให้เขียนเป็นปี ค.ศ. (ปี พ.ศ. ลบ 543) เช่น {fixed}",
                f"{year} looks Buddhist-era: write dates in the Christian era (Buddhist year minus 543), e.g. {fixed}")
    thai_text = (f"วันที่ {day} {thai.month_name(month)} ไม่มีจริง (เดือน{thai.month_name(month)} "
                 f"ปี ค.ศ. {year} มี {days} วัน)")
    english = (f"{day} {calendar.month_name[month]} {year} does not exist "
               f"({calendar.month_name[month]} {year} has {days} days)")
    if year > ERA_SPLIT:
        fixed = f"{year - 543}-{month:02d}-{day:02d}"
        thai_text += f" และปี {year} ดูเหมือนปี พ.ศ. วันที่ให้เขียนเป็นปี ค.ศ. (ปี พ.ศ. ลบ 543) เช่น {fixed}"
        english += f"; also {year} looks Buddhist-era: write dates in the Christian era (minus 543), e.g. {fixed}"
    return thai_text, english


def _syntax_problem(path: Path, source: str, message: str) -> Problem:
    """A tomllib error message, explained for someone who edits TOML by hand."""
    match = re.search(r"\(at line (\d+), column (\d+)\)", message)
    line, column = (int(match.group(1)), int(match.group(2))) if match else (None, None)
    detail = re.sub(r"\s*\(at (line|end of document).*\)$", "", message)
    if line is None:
        line = _end_line(source, detail)
    lines = source.splitlines()
    text = lines[line - 1] if line and line <= len(lines) else ""
    value = _value_text(text)
    field = _field_at(source, line)
    shown = text.strip() if len(text.strip()) <= 70 else text.strip()[:67] + "..."
    found_th = f" [บรรทัดนี้: {shown}]" if shown else ""
    found_en = f" [the line reads: {shown}]" if shown else ""

    def problem(thai_text: str, english: str) -> Problem:
        return Problem(path, line, field, f"รูปแบบ TOML ผิด: {thai_text}{found_th}",
                       f"TOML syntax: {english}{found_en}", column)

    opened = _open_list(lines[:line - 1]) if line else None
    if opened and detail in ("Invalid value", "Unclosed array") or detail.startswith("Unclosed array"):
        opened = opened or line
        return problem(f"รายการที่เปิดด้วย [ ที่บรรทัด {opened} ไม่มี ] ปิด (ให้ใส่ ] หลังรายการสุดท้าย)",
                       f"the list opened with [ on line {opened} is never closed: put ] after its last item")
    date_token = _DATE_TOKEN.search(value) if "=" in text else None
    if detail == "Invalid date or datetime" and date_token:
        words = _impossible_date(date_token)
        if words:
            return problem(*words)
    if "=" in text and _THAI_DIGIT.search(value) and not value.startswith(('"', "'")):
        arabic = thai.digits(value, "arabic")
        return problem(f"ตัวเลขต้องเขียนด้วยเลขอารบิก (0-9) ไม่ใส่เครื่องหมายคำพูด เช่น {arabic} "
                       "(โปรแกรมพิมพ์เป็นเลขไทยให้เอง)",
                       f"write numbers in Arabic digits (0-9) without quotes, e.g. {arabic} "
                       "(prakat prints them in Thai digits)")
    if date_token and detail.startswith("Expected newline"):
        words = _impossible_date(date_token) if re.fullmatch(r"\d{4}-\d{2}-\d{2}", date_token.group()) else None
        return problem(*(words or (
            "วันที่ต้องเขียนแบบ ปี ค.ศ.-เดือน-วัน เป็นเลขอารบิก ไม่ใส่เครื่องหมายคำพูด เช่น 2023-03-31",
            "write dates as Christian-era year-month-day in Arabic digits, without quotes, e.g. 2023-03-31")))
    if detail.startswith("Expected newline") and re.fullmatch(r"[\d.,_ ]+", value or "x"):
        return problem("ตัวเลขเขียนได้เพียงเลขอารบิกและจุดทศนิยม ไม่มีจุลภาค (,) หรือจุดซ้ำ เช่น 1500 หรือ 0.41",
                       "a number is Arabic digits with one decimal point, no commas, e.g. 1500 or 0.41")
    if detail == "Invalid value":
        if not value:
            return problem('หลังเครื่องหมาย = ต้องมีค่า เช่น ข้อความในเครื่องหมายคำพูด "..." หรือตัวเลข',
                           'a value must follow "=": text in quotes "...", or a number')
        return problem('ข้อความต้องอยู่ในเครื่องหมายคำพูด "..." (ตัวเลขและวันที่ไม่ต้องใส่)',
                       'text must be in double quotes "..." (numbers and dates go without quotes)')
    if detail.startswith("Illegal character") and "\\n" in detail:
        return problem('ข้อความไม่มีเครื่องหมายคำพูดปิด " ในบรรทัดนี้ (ข้อความยาวหลายบรรทัดให้ใช้ """ ... """)',
                       'the text has no closing quote " on this line (for text over several lines use """ ... """)')
    if detail.startswith("Unterminated string") or detail.startswith('Expected "'):
        return problem('ข้อความที่เริ่มตรงนี้ไม่มีเครื่องหมายคำพูดปิด', "the text that starts here has no closing quote")
    if detail == "Escaped character is not a Unicode scalar value":
        return problem("รหัสอักขระ \\u... ใช้ไม่ได้ (เป็นอักขระเสีย ครึ่งหนึ่งของอักขระคู่) ให้ลบหรือพิมพ์ตัวอักษรเอง",
                       "a \\u... escape names a broken character (half of a surrogate pair): delete it or type the text")
    if detail.startswith(("Unescaped", "Unrecognized escape")):
        return problem('เครื่องหมาย \\ ในข้อความต้องเขียนซ้ำเป็น \\\\ (หรือใช้เครื่องหมายคำพูดเดี่ยว \'...\')',
                       "a backslash \\ inside text must be doubled, \\\\ (or use single quotes '...')")
    if detail == "Cannot overwrite a value" and not text.lstrip().startswith("["):
        return problem("ช่องนี้ถูกกำหนดซ้ำ ให้ลบบรรทัดที่ซ้ำออกให้เหลือบรรทัดเดียว",
                       "this key is given twice: keep one of the lines")
    if detail.startswith("Cannot declare") or detail == "Cannot overwrite a value":
        return problem(f"หัวตาราง [{field}] ซ้ำ ให้รวมเป็นตารางเดียว (ย่อหน้าของเนื้อความใช้ [[body]] สองวงเล็บ)",
                       f"the table [{field}] is declared twice: merge them (body blocks use [[body]], with two brackets)")
    if detail.startswith("Unclosed inline table"):
        return problem("ตารางที่เปิดด้วย { ไม่มี } ปิดในบรรทัดเดียวกัน", "the { ... } table is not closed on its line")
    if detail.startswith("Expected ']'"):
        return problem("หัวตารางต้องปิดด้วย ] เช่น [announcement]", "a table header must end with ], e.g. [announcement]")
    if detail.startswith("Expected '=' after a key") or detail == "Invalid statement":
        if line == 1 and "=" not in source:
            return problem(f"ไฟล์นี้ไม่ใช่ไฟล์เนื้อหา TOML (ดูตัวอย่างที่ {_EXAMPLE})",
                           f"this is not a TOML content file (see {_EXAMPLE} for an example)")
        if re.match(r"\s*[^\x00-\x7f]", text):
            return problem('ชื่อช่องหน้าเครื่องหมาย = ต้องเป็นตัวอักษรละติน เช่น subject = "..." '
                           '(ข้อความไทยให้อยู่ในเครื่องหมายคำพูดหลัง =)',
                           'the key before "=" must be latin letters, e.g. subject = "..." '
                           "(Thai text goes in quotes after =)")
        return problem('แต่ละบรรทัดต้องเป็น ชื่อช่อง = ค่า หรือหัวตาราง [ชื่อ] '
                       '(ข้อความที่ขึ้นบรรทัดใหม่ต้องอยู่ใน """ ... """)',
                       'each line must be key = value or a table header [name] '
                       '(text running over several lines must be inside """ ... """)')
    return problem(detail, detail)
