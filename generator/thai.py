"""Thai writing rules shared by every writer: digits, dates, numbering, words.

Nothing else in prakat converts digits, formats a date or segments Thai text;
the HTML, PDF and DOCX outputs all go through these functions.
"""

from __future__ import annotations

import datetime as _dt
import re
from bisect import bisect_left
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


#: Texts whose words and break opportunities a process keeps. The PDF's layout
#: asks for a text's breaks again when it draws the text, long after it laid
#: it out: a document with more texts than are kept segmented them again and
#: again (10,000 list items took 15 times as long as 1,000).
TEXTS_CACHED = 65536


class _Dictionary:
    """PyThaiNLP's own word list (``thai_words()``), as newmm reads it: the
    ``prefixes`` its dictionary trie gives, from a sorted list.

    The trie takes about 0.4 s to build, a sorted list 30 ms: most of what a
    new process spent before its first Thai line. Looking words up in the
    list is slower, so after :data:`TRIE_AFTER` look-ups (a long document,
    or many) the trie is built and used instead; both give the same words
    (``tests/test_thai.py``)."""

    TRIE_AFTER = 100_000

    def __init__(self, words):
        # the trie strips each word and never matches an empty one
        self._words = sorted({word.strip() for word in words} - {""})
        self._lookups = 0
        self._trie = None

    def __len__(self) -> int:
        return len(self._words)

    def prefixes(self, text: str, start: int = 0) -> list[str]:
        """The words of the dictionary that ``text[start:]`` starts with, shortest first."""
        if self._trie is not None:
            return self._trie.prefixes(text, start)
        self._lookups += 1
        if self._lookups > self.TRIE_AFTER:
            from pythainlp.tokenize import word_dict_trie

            self._trie = word_dict_trie()
        words, size, low, found = self._words, len(self._words), 0, []
        for end in range(start + 1, len(text) + 1):
            piece = text[start:end]
            # the words that start with ``piece`` follow it in order; a longer
            # piece sorts after a shorter one, so the search goes on from there
            low = bisect_left(words, piece, low)
            if low == size or not words[low].startswith(piece):
                break
            if words[low] == piece:
                found.append(piece)
        return found


@lru_cache(maxsize=1)
def _dictionary() -> _Dictionary:
    from pythainlp.corpus import thai_words

    return _Dictionary(thai_words())


#: Where words come from when not from PyThaiNLP here: a function of a text
#: (see :func:`ask_elsewhere`).
_elsewhere = None


def ask_elsewhere(segment) -> None:
    """Take the words of every text from ``segment`` (a function of the text)
    instead of segmenting here: a helper process asks the process that has
    PyThaiNLP loaded already (:class:`generator.commands.aside.PdfAside`). The words
    are the same; only where they are computed changes."""
    global _elsewhere
    _elsewhere = segment
    _words.cache_clear()


@lru_cache(maxsize=TEXTS_CACHED)
def _words(text: str) -> tuple[str, ...]:
    if _elsewhere is not None:
        return tuple(_elsewhere(text))
    from pythainlp.tokenize import word_tokenize  # slow import: only when used

    # newmm with PyThaiNLP's default dictionary, given as a quicker-made stand-in
    return tuple(word_tokenize(text, custom_dict=_dictionary(), engine="newmm",
                               keep_whitespace=True))


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


@lru_cache(maxsize=TEXTS_CACHED)
def breaks(text: str) -> tuple[int, ...]:
    """Offsets where a line may break: starts of words (PyThaiNLP), except
    inside abbreviations, number ranges and titled names, next to brackets
    and quotes, and wherever :func:`keep_together` put a no-break space.
    A web address breaks only after its ``/``, ``.``, ``-``, ``?``, ``&``,
    ``=`` or ``_`` (it is far longer than a word, and may be wider than the line)."""
    urls = [m.span() for m in URL.finditer(text)]
    if urls:
        allowed = [b for b in _breaks(text) if not any(a < b < e for a, e in urls)]
        return tuple(sorted(set(allowed) | url_breaks(text)))
    return _breaks(text)


def url_breaks(text: str) -> frozenset[int]:
    """Offsets inside the web and e-mail addresses of ``text`` where a line may break
    (:func:`address_breaks`)."""
    return frozenset(start + i for start, end in (m.span() for m in URL.finditer(text))
                     for i in address_breaks(text[start:end]))


def address_breaks(address: str) -> tuple[int, ...]:
    """Offsets where a line may break inside a web or e-mail address (or the
    rest of one, after a line break): after ``/ . - ? & = _``, never inside
    nor right after ``//`` (``https://`` stays with its host), nor at its last character."""
    return tuple(i + 1 for i in range(len(address) - 1)
                 if address[i] in _URL_BREAK_AFTER and address[i + 1] != "/"
                 and address[max(i - 1, 0):i + 1] != "//")


#: A web or e-mail address inside text.
URL = re.compile(r"(?:https?://|www\.)[^\s<>“”\"]+[^\s<>“”\".,;:)\]]|[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_URL_BREAK_AFTER = set("/.-?&=_")


def digits_outside_urls(text: str, system: str = "thai") -> str:
    """:func:`digits`, except inside web and e-mail addresses (whose digits are part of the address)."""
    out, last = [], 0
    for match in URL.finditer(text):
        out.append(digits(text[last:match.start()], system))
        out.append(match.group(0))
        last = match.end()
    out.append(digits(text[last:], system))
    return "".join(out)


@lru_cache(maxsize=TEXTS_CACHED)
def _breaks(text: str) -> tuple[int, ...]:
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
                or token[0] == "/" or previous[-1] == "/"  # ที่ ๑๒๓/๒๕๖๗
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


# --- numbering ------------------------------------------------------------------

#: Thai letters used to number items, (ก) (ข) (ค) …: the consonants in dictionary
#: order without the obsolete ฃ and ฅ, and without ฆ, which real documents skip
#: ((ค) is followed by (ง) in the Royal Gazette; see content/examples/02).
#: A profile may give its own sequence.
THAI_LETTERS = "กขคงจฉชซฌญฎฏฐฑฒณดตถทธนบปผฝพฟภมยรลวศษสหฬอฮ"

#: Numbering schemes: name (as printed for item 1) → pattern; ``{n}`` is the
#: number in the document's digits, ``{a}`` the Thai letter.
SCHEMES = {
    "ข้อ ๑": "ข้อ {n}",
    "๑.": "{n}.",
    "๑)": "{n})",
    "(๑)": "({n})",
    "(ก)": "({a})",
    "ก.": "{a}.",
    "ก)": "{a})",
    "- ๑)": "- {n})",
    "-": "-",
    "•": "•",
}
_SCHEME_ALIASES = {"ข้อ": "ข้อ ๑", "ข้อ๑": "ข้อ ๑", "ข้อ 1": "ข้อ ๑", "ข้อ1": "ข้อ ๑",
                   "dash": "-", "bullet": "•", "*": "•"}


def scheme(name: str) -> str | None:
    """The scheme ``name`` stands for (``"(1)"`` is ``"(๑)"``), or None if unknown."""
    key = " ".join(name.split())
    key = _SCHEME_ALIASES.get(key, key)
    key = digits(key, "thai")
    return key if key in SCHEMES else None


def scheme_spellings() -> tuple[str, ...]:
    """Every name :func:`scheme` knows, as written with single spaces: each
    scheme in Thai and in Arabic digits, then the aliases (for the editor's
    schema; :func:`scheme` also takes other spacing)."""
    found: list[str] = []
    for name in (*SCHEMES, *_SCHEME_ALIASES):
        for spelling in (name, digits(name, "arabic"), digits(name, "thai")):
            if spelling not in found and scheme(spelling):
                found.append(spelling)
    return tuple(found)


def letter(n: int, letters: str = THAI_LETTERS) -> str:
    """The ``n``-th Thai letter of a numbering (1 = ก)."""
    if not 1 <= n <= len(letters):
        raise ValueError(f"no Thai letter number {n}")
    return letters[n - 1]


def label(scheme_name: str, n: int, system: str = "thai", letters: str = THAI_LETTERS) -> str:
    """The printed number of item ``n`` in ``scheme_name``: ``ข้อ ๓``, ``(ค)``, ``3.``."""
    pattern = SCHEMES[scheme_name]
    text = pattern.format(n=n, a=letter(n, letters) if "{a}" in pattern else "")
    return digits(text, system)


def era_date(value: _dt.date, system: str = "thai", era: str = "พ.ศ.") -> str:
    """A sign-off date: ``๒๑ มีนาคม พุทธศักราช ๒๕๖๐`` (``era`` is ``พ.ศ.`` or ``พุทธศักราช``)."""
    text = f"{value.day} {month_name(value.month)} {era} {be_year(value)}"
    return digits(text, system)


def keep_last_word(text: str) -> str:
    """Keep a title's last word on the line of the word before it, where the
    break between them is a space (a no-break space then stands there)."""
    cuts = breaks(text)
    if not cuts:
        return text
    last = cuts[-1]
    if last > 0 and text[last - 1] == " ":
        return text[:last - 1] + NBSP + text[last:]
    return text
