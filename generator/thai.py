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


def words(text: str) -> list[str]:
    """Split ``text`` into words with PyThaiNLP's dictionary segmenter (newmm).

    White space comes back as its own items, so ``"".join(words(t)) == t``.
    """
    from pythainlp.tokenize import word_tokenize  # slow import: only when used

    return word_tokenize(text, engine="newmm", keep_whitespace=True)
