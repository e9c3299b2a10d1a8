"""Turn a format profile file (``templates/profiles/<name>.toml``) into a
:class:`Profile`: every figure of the official layout, in one place.

The print CSS, the screen CSS and the DOCX writer all read these figures, so
another agency's variant (margins, Arabic digits, a smaller emblem) is a
profile file, not a code change.
"""

from __future__ import annotations

from generator import ROOT
import dataclasses
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from generator.errors import ContentError, Problem

PROFILES = ROOT / "templates" / "profiles"


def names() -> list[str]:
    """The format profiles prakat ships (``official``, …), by name."""
    return sorted(path.stem for path in PROFILES.glob("*.toml"))


def exists(name: str) -> bool:
    """Whether ``name`` is a shipped profile (a plain name, not a path)."""
    return name in names()


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


def _problem(path: Path, field: str, thai: str, english: str) -> ContentError:
    return ContentError([Problem(path, None, field, thai, english)])


def parse(path: Path) -> Profile:
    """Read and check one profile file; every figure must be given."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        raise _problem(path, "", f"อ่านไฟล์รูปแบบไม่ได้: {error}", f"cannot read the profile: {error}")
    values: dict = {"name": path.stem, "version": data.pop("version", None)}
    if not isinstance(values["version"], int):
        raise _problem(path, "version", "ต้องมี version เป็นจำนวนเต็ม", "a whole-number version is required")
    for section, table in data.items():
        if not isinstance(table, dict):
            raise _problem(path, section, "ต้องเป็นตาราง [..]", "expected a [table]")
        for key, value in table.items():
            field = FIELDS.get((section, key))
            if field is None:
                raise _problem(path, f"{section}.{key}", f'ไม่รู้จักช่อง "{section}.{key}"',
                               f'unknown key "{section}.{key}"')
            default = getattr(Profile, field)
            kind = type(default)
            if kind is float and type(value) is int:
                value = float(value)
            if type(value) is not kind:
                raise _problem(path, f"{section}.{key}", f"ต้องเป็น{kind.__name__} แต่พบ {value!r}",
                               f"expected {kind.__name__}, found {value!r}")
            values[field] = value
    missing = [f"{s}.{k}" for (s, k), f in FIELDS.items()
               if f not in values and not (s in OPTIONAL_SECTIONS and values["version"] < 2)]
    if missing:
        raise _problem(path, missing[0], f"ขาดช่อง {', '.join(missing)}", f"missing {', '.join(missing)}")
    if values["digits"] not in ("thai", "arabic"):
        raise _problem(path, "type.digits", 'ต้องเป็น "thai" หรือ "arabic"', 'must be "thai" or "arabic"')
    letters = values.get("letters", Profile.letters)
    if len(set(letters)) != len(letters) or not all("\u0e01" <= c <= "\u0e2e" for c in letters):
        raise _problem(path, "levels.letters", "ต้องเป็นพยัญชนะไทยไม่ซ้ำกัน", "must be distinct Thai consonants")
    for field, value in values.items():
        if isinstance(value, float) and not 0 <= value <= 1000:
            raise _problem(path, field, f"ค่า {value} อยู่นอกช่วง 0 ถึง 1000", f"{value} is outside 0 to 1000")
    return Profile(**values)


@lru_cache(maxsize=16)
def load(name: str = "official", folder: Path = PROFILES) -> Profile:
    """The profile called ``name`` (cached per process)."""
    path = folder / f"{name}.toml"
    if not path.is_file():
        known = ", ".join(sorted(p.stem for p in folder.glob("*.toml")))
        raise _problem(path, "profile", f'ไม่มีรูปแบบชื่อ "{name}" (ที่มี: {known})',
                       f'no profile called "{name}" (known: {known})')
    return parse(path)


def variant(base: Profile, **changes) -> Profile:
    """``base`` with some figures changed (for tests and experiments)."""
    return dataclasses.replace(base, **changes)


OFFICIAL = load("official")
