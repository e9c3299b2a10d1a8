"""Turn a TOML content file into a validated :class:`~generator.model.Announcement`.

The file is read once with :mod:`tomllib`; every problem found is reported
with the file, the line, the field path, what was found and what was
expected. Nothing here writes anything.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
import tomllib
from pathlib import Path
from typing import Any

from .errors import ContentError, Problem
from .model import Announcement, Block, Paragraph, Section, Signer, Value
from .profile import PROFILES

#: ``{name}`` or ``{name:era}`` inside text refers to a value or a phrase.
REFERENCE = re.compile(r"\{([A-Za-z_][A-Za-z0-9_]*)(?::([a-z]+))?\}")
REFERENCE_FORMATS = {None, "era"}
SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
#: Years below this are taken to be Christian-era, above it Buddhist-era.
ERA_SPLIT = 2300

TOP_KEYS = ("format", "announcement", "signer", "values", "phrases", "body")
ANNOUNCEMENT_KEYS = ("province", "fiscal_year", "edition", "issuer", "subject",
                     "date", "closing", "profile")
SIGNER_KEYS = ("name", "position")
PARAGRAPH_KEYS = ("text",)
SECTION_KEYS = ("heading", "quote", "text", "items")
BUILTIN_NAMES = ("fiscal_year", "issuer", "date")
CONTENT_FORMAT = 1

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


def _shown(value: Any) -> str:
    text = repr(value) if not isinstance(value, str) else f'"{value}"'
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
        self.problem(path,
                     f"ต้องเป็น{_type_name(expected, 0)} แต่พบ{_type_name(type(value), 0)} {_shown(value)}",
                     f"expected a {_type_name(expected, 1)}, found a {_type_name(type(value), 1)} {_shown(value)}")

    def get(self, data: dict, key: str, path: tuple, kind: type | tuple,
            required: bool = True, default: Any = None) -> Any:
        full = path + (key,)
        if key not in data:
            if required:
                name = kind[0] if isinstance(kind, tuple) else kind
                self.problem(path, f'ขาดช่อง "{key}" ซึ่งต้องเป็น{_type_name(name, 0)}',
                             f'missing key "{key}" (a {_type_name(name, 1)})')
            return default
        value = data[key]
        kinds = kind if isinstance(kind, tuple) else (kind,)
        # A date-time is not a date, and True is not a number.
        ok = any(type(value) is k for k in kinds)
        if not ok:
            self.wrong_type(value, full, kinds[0])
            return default
        if isinstance(value, str) and not value.strip():
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
            elif not item.strip():
                self.problem(path + (key, i), "ต้องไม่เว้นว่าง", "must not be empty")
            else:
                out.append(item)
        return tuple(out)


def load(path: Path | str) -> Announcement:
    """Read and validate one content file; raise :class:`ContentError`."""
    path = Path(path)
    try:
        raw = path.read_bytes()
    except IsADirectoryError:
        raise ContentError([Problem(path, None, "", "เป็นโฟลเดอร์ ไม่ใช่ไฟล์เนื้อหา .toml",
                                    "is a folder, not a .toml content file")])
    except FileNotFoundError:
        raise ContentError([Problem(path, None, "", "ไม่พบไฟล์นี้", "no such file")])
    except OSError as error:
        raise ContentError([Problem(path, None, "", f"อ่านไฟล์ไม่ได้ ({error.strerror})",
                                    f"cannot read the file ({error.strerror})")])
    try:
        source = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw[:error.start].count(b"\n") + 1
        raise ContentError([Problem(path, line, "",
                                    "ไฟล์ไม่ได้บันทึกเป็น UTF-8 (ให้บันทึกใหม่เป็น UTF-8)",
                                    "the file is not UTF-8 text (save it again as UTF-8)")])
    return loads(source, path)


def loads(source: str, path: Path | str = "<content>") -> Announcement:
    """Validate TOML ``source`` as if read from ``path``."""
    path = Path(path)
    try:
        data = tomllib.loads(source)
    except tomllib.TOMLDecodeError as error:
        message = str(error)
        match = re.search(r"\(at line (\d+), column (\d+)\)", message)
        line, column = (int(match.group(1)), int(match.group(2))) if match else (None, None)
        detail = re.sub(r"\s*\(at line.*\)$", "", message)
        raise ContentError([Problem(path, line, "",
                                    f"รูปแบบ TOML ไม่ถูกต้อง: {detail}",
                                    f"TOML syntax error: {detail}", column)])
    # extends = "…", [issued] and fill-in markers (issue 6) are resolved there,
    # which then validates the resolved content with _validate below.
    from . import editions
    return editions.load_data(data, source, path)


def _validate(check: _Checker, data: dict) -> Announcement | None:
    check.table(data, (), TOP_KEYS)
    fmt = check.get(data, "format", (), int)
    if fmt is not None and fmt != CONTENT_FORMAT:
        check.problem(("format",), f"รุ่นของรูปแบบเนื้อหาต้องเป็น {CONTENT_FORMAT} แต่พบ {fmt}",
                      f"content format must be {CONTENT_FORMAT}, found {fmt}")

    head = check.table(check.get(data, "announcement", (), dict, default={}),
                       ("announcement",), ANNOUNCEMENT_KEYS)
    at = ("announcement",)
    province = check.get(head, "province", at, str)
    if province is not None and not SLUG.match(province):
        check.problem(at + ("province",),
                      f'ต้องเป็นชื่อโฟลเดอร์ภาษาอังกฤษตัวเล็ก ตัวเลข และขีด เช่น "khon-kaen" แต่พบ {_shown(province)}',
                      f'expected lower-case latin letters, digits and hyphens like "khon-kaen", found {_shown(province)}')
    fiscal_year = check.get(head, "fiscal_year", at, int)
    if fiscal_year is not None and fiscal_year < ERA_SPLIT:
        check.problem(at + ("fiscal_year",),
                      f"ปีงบประมาณให้เขียนเป็นปี พ.ศ. (เช่น {fiscal_year + 543}) แต่พบ {fiscal_year} ซึ่งดูเหมือนปี ค.ศ.",
                      f"write the fiscal year in the Buddhist era (e.g. {fiscal_year + 543}); {fiscal_year} looks Christian-era")
    edition = check.get(head, "edition", at, str, required=False,
                        default=str(fiscal_year) if fiscal_year is not None else None)
    if edition is not None and not SLUG.match(edition):
        check.problem(at + ("edition",),
                      f"ต้องเป็นชื่อโฟลเดอร์ตัวอักษรละติน ตัวเลข และขีด แต่พบ {_shown(edition)}",
                      f"expected latin letters, digits and hyphens, found {_shown(edition)}")
    issuer = check.get(head, "issuer", at, str)
    subject = check.get(head, "subject", at, str)
    date = check.get(head, "date", at, dt.date)
    if date is not None and date.year > ERA_SPLIT:
        check.problem(at + ("date",),
                      f"วันที่ให้เขียนเป็นปี ค.ศ. (ปี พ.ศ. ลบ 543 เช่น {date.year - 543}-{date.month:02d}-{date.day:02d}) แต่พบปี {date.year}",
                      f"write dates in the Christian era (Buddhist year minus 543, e.g. {date.year - 543}-{date.month:02d}-{date.day:02d}); found year {date.year}")
    closing = check.get(head, "closing", at, str, required=False,
                        default="จึงประกาศให้ทราบโดยทั่วกัน")
    profile = check.get(head, "profile", at, str, required=False, default="official")
    if profile is not None and not (SLUG.match(profile) and (PROFILES / f"{profile}.toml").is_file()):
        known = ", ".join(sorted(p.stem for p in PROFILES.glob("*.toml")))
        check.problem(at + ("profile",), f'ไม่มีรูปแบบชื่อ {_shown(profile)} (ที่มี: {known})',
                      f"no format profile called {_shown(profile)} (known: {known})")

    signer_data = check.table(check.get(data, "signer", (), dict, default={}),
                              ("signer",), SIGNER_KEYS)
    signer_name = check.get(signer_data, "name", ("signer",), str)
    signer_position = check.get(signer_data, "position", ("signer",), str)

    values = _values(check, data.get("values", {}))
    phrases = _phrases(check, data.get("phrases", {}))
    body = _body(check, data.get("body"))

    # Names given with a bad value still count, so one mistake gives one message.
    names = set(_keys(data.get("values"))) | set(_keys(data.get("phrases"))) | set(BUILTIN_NAMES)
    for name in (set(values) | set(phrases)) & set(BUILTIN_NAMES):
        section = "values" if name in values else "phrases"
        check.problem((section, name), f'ชื่อ "{name}" สงวนไว้ใช้อัตโนมัติ ให้ใช้ชื่ออื่น',
                      f'the name "{name}" is reserved: choose another')
    texts: list[tuple[tuple, str]] = [(at + ("subject",), subject or ""),
                                      (at + ("closing",), closing or ""),
                                      (("signer", "position"), signer_position or ""),
                                      (("signer", "name"), signer_name or "")]
    texts += [(("phrases", k), v) for k, v in phrases.items()]
    for i, block in enumerate(body):
        where = ("body", i)
        if isinstance(block, Paragraph):
            texts.append((where + ("text",), block.text))
        else:
            texts.append((where + ("heading",), block.heading))
            if block.quote:
                texts.append((where + ("quote",), block.quote))
            texts += [(where + ("text", j), t) for j, t in enumerate(block.paragraphs)]
            texts += [(where + ("items", j), t) for j, t in enumerate(block.items)]
    for where, text in texts:
        for match in REFERENCE.finditer(text):
            name, form = match.groups()
            if name not in names:
                guess = difflib.get_close_matches(name, sorted(names), n=1, cutoff=0.6)
                hint_th = f' หมายถึง "{{{guess[0]}}}" หรือไม่?' if guess else ""
                hint_en = f' Did you mean "{{{guess[0]}}}"?' if guess else ""
                check.problem(where,
                              f'อ้างถึง "{{{name}}}" ซึ่งไม่ได้กำหนดไว้ใน [phrases] หรือ [values]{hint_th}',
                              f'refers to "{{{name}}}", which is not defined in [phrases] or [values].{hint_en}')
            elif form not in REFERENCE_FORMATS:
                check.problem(where, f'รูปแบบ ":{form}" ใช้ไม่ได้ (ใช้ได้เฉพาะ ":era" กับวันที่)',
                              f'unknown format ":{form}" (only ":era", for dates)')
    _check_cycles(check, phrases)

    if check.problems:
        return None
    return Announcement(
        source=check.path, province=province, edition=edition, issuer=issuer,
        subject=subject, date=date, closing=closing, profile=profile,
        signer=Signer(signer_name, signer_position), body=tuple(body),
        values={"fiscal_year": fiscal_year, "date": date, **values},
        phrases={"issuer": issuer, **phrases})


def _keys(data: Any) -> list[str]:
    return list(data) if isinstance(data, dict) else []


def _values(check: _Checker, data: Any) -> dict[str, Value]:
    if not isinstance(data, dict):
        check.wrong_type(data, ("values",), dict)
        return {}
    out = {}
    for name, value in data.items():
        where = ("values", name)
        if not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", name):
            check.problem(where, "ชื่อต้องเป็นตัวอักษรละติน ตัวเลข หรือ _",
                          "names are latin letters, digits and _")
        elif type(value) in (int, float, dt.date):
            out[name] = value
        elif isinstance(value, str) and any(c.isdigit() for c in value):
            check.problem(where,
                          f"ต้องเป็นตัวเลขหรือวันที่ที่ไม่มีเครื่องหมายคำพูด (เขียนด้วยเลขอารบิก เช่น 2) แต่พบข้อความ {_shown(value)}",
                          f"expected a number or date without quotes (in Arabic digits, e.g. 2), found text {_shown(value)}")
        else:
            check.problem(where,
                          f"ต้องเป็นตัวเลขหรือวันที่ แต่พบ{_type_name(type(value), 0)} {_shown(value)} (ข้อความให้ใส่ใน [phrases])",
                          f"expected a number or a date, found a {_type_name(type(value), 1)} {_shown(value)} (text belongs in [phrases])")
    return out


def _phrases(check: _Checker, data: Any) -> dict[str, str]:
    if not isinstance(data, dict):
        check.wrong_type(data, ("phrases",), dict)
        return {}
    out = {}
    for name in data:
        value = check.get(data, name, ("phrases",), str)
        if not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", name):
            check.problem(("phrases", name), "ชื่อต้องเป็นตัวอักษรละติน ตัวเลข หรือ _",
                          "names are latin letters, digits and _")
        elif value is not None:
            out[name] = value
    return out


def _body(check: _Checker, data: Any) -> list[Block]:
    if data is None:
        check.problem((), 'ขาดเนื้อความ: ต้องมี [[body]] อย่างน้อยหนึ่งย่อหน้า',
                      "missing the body: at least one [[body]] block is needed")
        return []
    if not isinstance(data, list) or not data:
        check.problem(("body",), "ต้องมี [[body]] อย่างน้อยหนึ่งย่อหน้า",
                      "expected at least one [[body]] block")
        return []
    blocks: list[Block] = []
    for i, block in enumerate(data):
        where = ("body", i)
        if not isinstance(block, dict):
            check.wrong_type(block, where, dict)
            continue
        if "heading" in block:
            check.table(block, where, SECTION_KEYS)
            heading = check.get(block, "heading", where, str)
            quote = check.get(block, "quote", where, str, required=False)
            paragraphs = check.text_list(block, "text", where)
            items = check.text_list(block, "items", where)
            if heading is not None:
                blocks.append(Section(heading, quote, paragraphs, items))
        else:
            check.table(block, where, PARAGRAPH_KEYS)
            if "text" not in block and not (set(block) - set(PARAGRAPH_KEYS)):
                check.problem(where, 'ย่อหน้าต้องมี "text" (หรือ "heading" สำหรับข้อที่มีเลขลำดับ)',
                              'a block needs "text" (or "heading" for a numbered section)')
                continue
            text = check.get(block, "text", where, str, required=False)
            if text is not None:
                blocks.append(Paragraph(text))
    return blocks


def _check_cycles(check: _Checker, phrases: dict[str, str]) -> None:
    def visit(name: str, trail: tuple[str, ...]) -> None:
        for match in REFERENCE.finditer(phrases.get(name, "")):
            ref = match.group(1)
            if ref in trail:
                loop = " → ".join(trail + (ref,))
                check.problem(("phrases", trail[0]), f"วลีอ้างถึงกันเป็นวง: {loop}",
                              f"phrases refer to each other in a loop: {loop}")
                return
            if ref in phrases:
                visit(ref, trail + (ref,))

    for name in phrases:
        before = len(check.problems)
        visit(name, (name,))
        if len(check.problems) > before:
            return
