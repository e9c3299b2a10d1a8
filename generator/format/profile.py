"""Turn a format profile file (``templates/profiles/<name>.toml``) into a
:class:`Profile`: every figure of the official layout, in one place.

The print CSS, the screen CSS and the DOCX writer all read these figures, so
another agency's variant (margins, Arabic digits, a smaller emblem) is a
profile file, not a code change.
"""

from __future__ import annotations

from generator import ROOT
import dataclasses
import math
import os
import re
import stat
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from generator.errors import ContentError, Problem
from generator.messages import M, Message

PROFILES = ROOT / "templates" / "profiles"


def names() -> list[str]:
    """The format profiles prakat ships (``official``, …), by name."""
    return sorted(path.stem for path in PROFILES.glob("*.toml"))


def exists(name: str) -> bool:
    """Whether ``name`` is a shipped profile (a plain name, not a path)."""
    return isinstance(name, str) and bool(PROFILE_NAME.fullmatch(name)) and name in names()


def _figure(section: str, key: str, default):
    """A profile figure, read from ``key`` of ``[section]`` in the profile file."""
    return dataclasses.field(default=default, metadata={"file": (section, key)})


@dataclass(frozen=True)
class Profile:
    name: str = "official"
    version: int = 1
    page_width_mm: float = _figure("page", "width_mm", 210.0)
    page_height_mm: float = _figure("page", "height_mm", 297.0)
    margin_left_mm: float = _figure("page", "margin_left_mm", 30.0)
    margin_right_mm: float = _figure("page", "margin_right_mm", 20.0)
    margin_bottom_mm: float = _figure("page", "margin_bottom_mm", 20.0)
    margin_top_first_mm: float = _figure("page", "margin_top_first_mm", 15.0)
    margin_top_mm: float = _figure("page", "margin_top_mm", 25.0)
    page_number_top_mm: float = _figure("page", "page_number_top_mm", 10.0)
    emblem_height_mm: float = _figure("emblem", "height_mm", 30.0)
    font_family: str = _figure("type", "font_family", "TH Sarabun New")
    font_size_pt: float = _figure("type", "font_size_pt", 16.0)
    line_height: float = _figure("type", "line_height", 1.3)
    digits: str = _figure("type", "digits", "thai")
    first_line_indent_mm: float = _figure("blocks", "first_line_indent_mm", 25.0)
    block_space_pt: float = _figure("blocks", "block_space_pt", 6.0)
    item_indent_mm: float = _figure("blocks", "item_indent_mm", 25.0)
    item_hang_mm: float = _figure("blocks", "item_hang_mm", 10.0)
    rule_width_mm: float = _figure("blocks", "rule_width_mm", 40.0)
    signature_left_ratio: float = _figure("signature", "left_ratio", 0.5)
    signature_space_lines: int = _figure("signature", "space_lines", 3)
    # Profile version 2 (numbering at any depth, tables); optional in version 1 files.
    level_indent_mm: float = _figure("levels", "indent_mm", 25.0)
    level_step_mm: float = _figure("levels", "step_mm", 10.0)
    level_hang_mm: float = _figure("levels", "hang_mm", 10.0)
    letters: str = _figure("levels", "letters", "กขคงจฉชซฌญฎฏฐฑฒณดตถทธนบปผฝพฟภมยรลวศษสหฬอฮ")
    table_rule_pt: float = _figure("table", "rule_pt", 0.75)
    table_padding_mm: float = _figure("table", "padding_mm", 1.5)

    @property
    def text_width_mm(self) -> float:
        return self.page_width_mm - self.margin_left_mm - self.margin_right_mm


#: File section and key → Profile field.
FIELDS = {f.metadata["file"]: f.name for f in dataclasses.fields(Profile) if "file" in f.metadata}
#: Sections a version-1 profile file does not have: their figures default.
OPTIONAL_SECTIONS = ("levels", "table")

#: A profile's name: a file name without its folder or ``.toml``, never a path.
PROFILE_NAME = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
#: A font family's name as the stylesheet quotes it: latin letters, digits,
#: spaces, hyphens and underscores (never a quote, a bracket or a ``<``).
FONT_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9 _-]{0,62}[A-Za-z0-9]")
#: A profile file is a page of figures; anything bigger is the wrong file.
MAX_BYTES = 64_000

#: What each figure may be: a number in a sane range (``(low, high)``), or a
#: word (``FONT_NAME``, a tuple of choices, ``"letters"``). Every figure of
#: :class:`Profile` that reaches the stylesheet or the DOCX is here, so no
#: value of a profile file can become anything in the output but the number
#: or the word it stands for.
RULES: dict[str, object] = {
    "page_width_mm": (50.0, 1000.0),
    "page_height_mm": (50.0, 1000.0),
    "margin_left_mm": (0.0, 200.0),
    "margin_right_mm": (0.0, 200.0),
    "margin_bottom_mm": (0.0, 200.0),
    "margin_top_first_mm": (0.0, 200.0),
    "margin_top_mm": (0.0, 200.0),
    "page_number_top_mm": (0.0, 100.0),
    "emblem_height_mm": (0.0, 200.0),
    "font_family": FONT_NAME,
    "font_size_pt": (4.0, 72.0),
    "line_height": (0.5, 5.0),
    "digits": ("thai", "arabic"),
    "first_line_indent_mm": (0.0, 200.0),
    "block_space_pt": (0.0, 100.0),
    "item_indent_mm": (0.0, 200.0),
    "item_hang_mm": (0.0, 100.0),
    "rule_width_mm": (0.0, 200.0),
    "signature_left_ratio": (0.0, 1.0),
    "signature_space_lines": (0, 20),
    "level_indent_mm": (0.0, 200.0),
    "level_step_mm": (0.0, 100.0),
    "level_hang_mm": (0.0, 100.0),
    "letters": "letters",
    "table_rule_pt": (0.0, 10.0),
    "table_padding_mm": (0.0, 50.0),
}


def _problem(path: Path, field: str, message: Message, line: int | None = None) -> ContentError:
    return ContentError([Problem(path, line, field, message)])


def _line_of(text: str, section: str, key: str | None = None) -> int | None:
    """The line of ``[section]`` (or of ``key =`` inside it) in a profile file."""
    current = ""
    for number, line in enumerate(text.splitlines(), start=1):
        header = re.match(r"\s*\[\s*([A-Za-z0-9_-]+)\s*\]", line)
        if header:
            current = header.group(1)
            if key is None and current == section:
                return number
            continue
        if key is not None and current == section and re.match(rf"\s*{re.escape(key)}\s*=", line):
            return number
        if key is None and not section and re.match(r"\s*version\s*=", line):
            return number
    return None


def _shown(value) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _read(path: Path) -> str:
    """The text of a profile file: a regular file of at most :data:`MAX_BYTES`."""
    try:
        info = os.stat(path)
        if not stat.S_ISREG(info.st_mode):
            raise _problem(path, "", M("a profile must be a regular file"))
        if info.st_size > MAX_BYTES:
            raise _problem(path, "", M("the profile file is too large (over {size} KB)", size=MAX_BYTES // 1000))
        with open(path, "rb") as stream:
            raw = stream.read(MAX_BYTES + 1)
        return raw.decode("utf-8-sig")
    except (OSError, ValueError) as error:
        reason = getattr(error, "strerror", None) or type(error).__name__
        raise _problem(path, "", M("cannot read the profile ({reason})", reason=reason)) from None


def parse(path: Path) -> Profile:
    """Read and check one profile file; every figure must be given, and be
    the number (in its range) or the word it stands for (:data:`RULES`)."""
    path = Path(path)
    text = _read(path)
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        where = re.search(r"at line (\d+)", str(error))
        raise _problem(path, "", M("the profile file is not valid TOML"),
                       int(where.group(1)) if where else None) from None
    except RecursionError:
        raise _problem(path, "", M("brackets are nested too deeply")) from None
    values: dict = {"name": path.stem, "version": data.pop("version", None)}
    if type(values["version"]) is not int or not 1 <= values["version"] <= 1000:
        raise _problem(path, "version", M("a whole-number version from 1 is required"), _line_of(text, ""))
    for section, table in data.items():
        if not isinstance(table, dict):
            raise _problem(path, section, M("expected a [table]"), _line_of(text, section))
        for key, value in table.items():
            field = FIELDS.get((section, key))
            name = f"{section}.{key}"
            line = _line_of(text, section, key) or _line_of(text, section)
            if field is None:
                raise _problem(path, name[:80], M('unknown key "{key}"', key=name[:80]), line)
            default = getattr(Profile, field)
            kind = type(default)
            if kind is float and type(value) is int:
                value = float(value)
            if type(value) is not kind:
                raise _problem(path, name, M("expected {kind}, found {value}", kind=_KIND_NAMES[kind],
                                             value=_shown(value)), line)
            words = _check(field, value)
            if words:
                raise _problem(path, name, words, line)
            values[field] = value
    missing = [f"{s}.{k}" for (s, k), f in FIELDS.items()
               if f not in values and not (s in OPTIONAL_SECTIONS and values["version"] < 2)]
    if missing:
        raise _problem(path, missing[0], M("missing {keys}", keys=", ".join(missing)))
    profile = Profile(**values)
    if profile.text_width_mm < 20 or profile.page_height_mm - profile.margin_top_mm - profile.margin_bottom_mm < 20:
        raise _problem(path, "page", M("the margins leave no room for the text"), _line_of(text, "page"))
    return profile


_KIND_NAMES = {float: M("a number"), int: M("a whole number"), str: M("a text")}


def _either(choices: tuple) -> Message | str:
    """``"thai" or "arabic"``: each choice in quotes, joined with "or" in the language shown."""
    quoted = [f'"{c}"' for c in choices]
    said: Message | str = quoted[-1]
    for choice in reversed(quoted[:-1]):
        said = M("{first} or {rest}", first=choice, rest=said)
    return said


def _check(field: str, value) -> Message | None:
    """Why ``value`` cannot be the figure ``field``; None if it can."""
    rule = RULES[field]
    if isinstance(rule, tuple) and rule and isinstance(rule[0], (int, float)):
        low, high = rule
        if not (math.isfinite(value) and low <= value <= high):
            return M("{value} is outside {low} to {high}", value=_shown(value), low=f"{low:g}", high=f"{high:g}")
        return None
    if isinstance(rule, tuple):
        if value not in rule:
            return M("must be {choices}, found {value}", choices=_either(rule), value=_shown(value))
        return None
    if rule == "letters":
        if not value or len(set(value)) != len(value) or not all("\u0e01" <= c <= "\u0e2e" for c in value):
            return M("must be distinct Thai consonants")
        return None
    if not rule.fullmatch(value):
        return M("a font name is latin letters, digits, spaces, hyphens and underscores (2 to 64), "
                 "e.g. \"TH Sarabun New\"; found {value}", value=_shown(value))
    return None


@lru_cache(maxsize=16)
def load(name: str = "official", folder: Path = PROFILES) -> Profile:
    """The profile called ``name`` (cached per process): a name, looked up
    only inside ``folder``."""
    if not isinstance(name, str) or not PROFILE_NAME.fullmatch(name):
        raise _problem(folder, "profile", M("a profile's name is lower-case latin letters, digits and hyphens; "
                                            "found {value}", value=_shown(name)))
    path = folder / f"{name}.toml"
    if not path.is_file():
        known = ", ".join(sorted(p.stem for p in folder.glob("*.toml")))
        raise _problem(path, "profile", M('no profile called "{name}" (known: {known})', name=name, known=known))
    return parse(path)


def variant(base: Profile, **changes) -> Profile:
    """``base`` with some figures changed (for tests and experiments)."""
    return dataclasses.replace(base, **changes)


OFFICIAL = load("official")
