"""Thai writing rules shared by every writer: digits, dates, numbering, words.

Nothing else in prakat converts digits, formats a date or segments Thai text;
the HTML, PDF and DOCX outputs all go through these functions.
"""

from __future__ import annotations

import datetime as _dt
import re
from functools import lru_cache

from babel.dates import get_month_names

THAI_DIGITS = "๐๑๒๓๔๕๖๗๘๙"
ARABIC_DIGITS = "0123456789"
_TO_THAI = str.maketrans(ARABIC_DIGITS, THAI_DIGITS)
_TO_ARABIC = str.maketrans(THAI_DIGITS, ARABIC_DIGITS)

#: Years are counted from the Buddha's death: BE = CE + 543.
BE_OFFSET = 543

DIGIT_SYSTEMS = ("thai", "arabic")


def digits(text: str, system: str = "thai") -> str:
    """Write every digit of ``text`` in ``system`` ("thai" or "arabic")."""
    if system == "thai":
        return text.translate(_TO_THAI)
    if system == "arabic":
        return text.translate(_TO_ARABIC)
    raise ValueError(f"unknown digit system {system!r}")


def number(value: int | float, system: str = "thai") -> str:
    """Write a number as staff would type it: no grouping, digits of ``system``."""
    if isinstance(value, bool):
        raise TypeError("a truth value is not a number")
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return digits(str(value), system)


def be_year(date_or_year: _dt.date | int) -> int:
    """The Buddhist-era year of a date or of a Christian-era year."""
    year = date_or_year.year if isinstance(date_or_year, _dt.date) else date_or_year
    return year + BE_OFFSET


@lru_cache(maxsize=1)
def _month_names() -> dict[int, str]:
    # Babel has the Thai month names right; its year and digits are Western.
    return dict(get_month_names("wide", locale="th"))


def month_name(month: int) -> str:
    """The full Thai name of a month (1 = มกราคม)."""
    return _month_names()[month]


def date(value: _dt.date, system: str = "thai", era: bool = True) -> str:
    """``31 มีนาคม พ.ศ. 2566`` in Thai digits; ``era=False`` drops ``พ.ศ.``."""
    year = str(be_year(value))
    text = f"{value.day} {month_name(value.month)} {'พ.ศ. ' if era else ''}{year}"
    return digits(text, system)


#: List marker styles: how an item's number is written before its text.
MARKER_STYLES = {
    "period": "{n}.",       # ๑.
    "paren": "{n})",        # ๑)
    "dash-paren": "- {n})",  # - ๑)
}


def list_marker(n: int, style: str = "period", system: str = "thai") -> str:
    """The marker of item ``n`` (counted from 1) in a list of ``style``."""
    return digits(MARKER_STYLES[style].format(n=n), system)


_THAI_CHAR = re.compile(r"[\u0E00-\u0E7F]")


def has_thai(text: str) -> bool:
    """Whether ``text`` holds any Thai letter, mark or digit."""
    return bool(_THAI_CHAR.search(text))


@lru_cache(maxsize=4096)
def _words(text: str) -> tuple[str, ...]:
    from pythainlp.tokenize import word_tokenize  # slow import: only when used

    return tuple(word_tokenize(text, engine="newmm", keep_whitespace=True))


def words(text: str) -> list[str]:
    """Split ``text`` into words with PyThaiNLP's dictionary segmenter (newmm).

    White space comes back as its own items, so ``"".join(words(t)) == t``.
    """
    return list(_words(text))


NBSP = "\u00A0"
_NUMBER = r"[0-9๐-๙]+(?:[.,][0-9๐-๙]+)*"
#: Words written before a number that must stay on its line.
NUMBER_LEADS = ("พ.ศ.", "ค.ศ.", "ร.ศ.", "ร้อยละ", "มาตรา", "ข้อ", "วรรค", "ฉบับที่",
                "ครั้งที่", "หมู่ที่", "เลขที่", "วันที่", "ลำดับที่", "อันดับ", "จำนวน")
#: Units written after a number.
UNITS = ("บาท", "ล้านบาท", "ล้าน", "พันล้านบาท", "คน", "ราย", "แห่ง", "ปี", "เดือน",
         "วัน", "ชั่วโมง", "นาที", "ไร่", "งาน", "ตารางวา", "กิโลเมตร", "เมตร", "ตัน",
         "กิโลกรัม", "ลิตร", "หลัง", "ครัวเรือน", "โครงการ", "ครั้ง", "เปอร์เซ็นต์", "%")
TITLES = ("นางสาว", "นาง", "นาย", "ดร.", "ว่าที่ร้อยตรี", "ร้อยตรี", "พันตำรวจเอก",
          "พลตำรวจตรี", "ศาสตราจารย์", "รองศาสตราจารย์", "ผู้ช่วยศาสตราจารย์")
_MONTHS = "|".join(dict(get_month_names("wide", locale="th")).values())
_KEEP = [
    # พ.ศ. ๒๕๖๗, ร้อยละ ๒, มาตรา ๒๕
    re.compile(rf"(?<![^\s(“])({'|'.join(map(re.escape, NUMBER_LEADS))}) (?={_NUMBER})"),
    # ๒ บาท, ๑๐ ล้านบาท
    re.compile(rf"({_NUMBER}) (?=(?:{'|'.join(map(re.escape, UNITS))})(?:\s|$|[),.]))"),
    # ๓๑ มีนาคม, มีนาคม พ.ศ. ๒๕๖๖ / มีนาคม ๒๕๖๖
    re.compile(rf"({_NUMBER}) (?=(?:{_MONTHS}))"),
    re.compile(rf"(?:{_MONTHS}) (?=(?:พ\.ศ\.|{_NUMBER}))"),
    # นายไกรสร กองฉลาด: a titled first name stays with the surname
    re.compile(rf"(?<!\S)[(“]?(?:{'|'.join(map(re.escape, TITLES))})\S+ (?=\S)"),
]


def keep_together(text: str) -> str:
    """Join with no-break spaces what must not be split across lines.

    Applied to the shared document, so the browser, WeasyPrint and Word all
    keep ``พ.ศ. ๒๕๖๗``, ``ร้อยละ ๒``, ``๓๑ มีนาคม พ.ศ. ๒๕๖๖`` and a titled name
    on one line.
    """
    for pattern in _KEEP:
        text = pattern.sub(lambda m: m.group(0)[:-1] + NBSP, text)
    return text


_OPENING = set("([{“‘\"'")
_CLOSING = set(")]}”’\"',.:;!?ๆฯ%")


@lru_cache(maxsize=4096)
def breaks(text: str) -> tuple[int, ...]:
    """Offsets where a line may break: starts of words (PyThaiNLP), except
    inside abbreviations, number ranges and titled names, next to brackets
    and quotes, and wherever :func:`keep_together` put a no-break space."""
    tokens = _words(text)
    allowed = []
    offset = 0
    previous = ""
    glued = False  # inside a titled name, until the next white space
    for token in tokens:
        start = offset
        offset += len(token)
        if token.isspace():
            glued = glued and NBSP in token  # a titled name runs to the surname
            previous = token
            continue
        if start and not previous.isspace():
            blocked = (
                glued
                or previous[-1] in _OPENING
                or token[0] in _CLOSING
                or previous.endswith(".")                 # ก. น.บ.
                or token[0] == "-" or previous[-1] == "-"  # ๒๕๖๖-๒๕๗๐
                or previous[-1] == NBSP or token[0] == NBSP
            )
            if not blocked:
                allowed.append(start)
        elif start and previous.isspace() and NBSP not in previous:
            allowed.append(start)
        if token in TITLES or token.lstrip("(“") in TITLES:
            glued = True
        previous = token
    return tuple(allowed)
