"""Check parsed content (format 1 or 2) into the typed document: every key
known, every value of the right type, every reference resolvable; each
problem located (file, line, field), its words a message shown in one
language (Thai, or English with ``--lang en``)."""

from __future__ import annotations

import datetime as dt
import difflib
import math
import re
from pathlib import Path
from typing import Any

from generator import thai
from generator.content import format2, legacy
from generator.content.files import UnsafePath, check_image, safe_asset_path
from generator.content.fields import NAME, TEXTS, Either, Field, ListOf, Spec
from generator.content.legacy import Block, Paragraph, Section
from generator.content.reader import ERA_SPLIT, date_problem, _Checker, _shown, _type_name, printed_number
from generator.document.model import Announcement, Signer, Value, Written
from generator.errors import ContentError, Problem
from generator.messages import M
from generator.format import profile as profiles
from generator.format import versions

#: ``{name}`` or ``{name:era}`` inside text refers to a value or a phrase.
REFERENCE = re.compile(r"\{([A-Za-z_][A-Za-z0-9_]*)(?::([a-z]+))?\}")
REFERENCE_FORMATS = {None, "era"}
SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")  # use with fullmatch

BUILTIN_NAMES = ("fiscal_year", "issuer", "date")
CONTENT_FORMAT = 1
#: Content formats prakat reads: 1, the Khon Kaen plan's shape; 2, any ประกาศ or คำสั่ง.
CONTENT_FORMATS = (1, 2)


# --- format 1, as data (see generator.content.fields) --------------------------
# The validator below takes its keys, types and defaults from these tables, and
# `prakat schema` turns them into the JSON Schema the editor uses.

ANNOUNCEMENT = Spec("announcement", M("the announcement's head"), {
    "province": Field(str, M("the province's folder name: lower-case latin letters, digits and hyphens "
                             "(output/<province>/)"),
                      "khon-kaen", required=True, pattern=SLUG.pattern),
    "fiscal_year": Field(int, M("the fiscal year, Buddhist era, in Arabic digits; {{fiscal_year}} in text"),
                         2567, required=True),
    "edition": Field(str, M("the edition id (output/<province>/<edition>/), by default the fiscal year; "
                            "each file's own, never inherited"), "2567", pattern=SLUG.pattern),
    "issuer": Field(str, M("the issuer: the title is ประกาศ then the issuer"), "จังหวัดขอนแก่น", required=True),
    "subject": Field(str, M("the subject (after เรื่อง); {{name}} for a phrase or value"),
                     "ประกาศใช้{plan}", required=True),
    "date": Field(dt.date, M("the announcement date, Christian-era year-month-day, without quotes "
                             "(printed ๓๑ มีนาคม พ.ศ. ๒๕๖๖)"),
                  "2023-03-31", required=True),
    "closing": Field(str, M("the closing words"), "จึงประกาศให้ทราบโดยทั่วกัน",
                     default="จึงประกาศให้ทราบโดยทั่วกัน"),
    "profile": Field(str, M("the format profile: a name under templates/profiles/"),
                     "official", default="official", choices=profiles.names),
    "emblem": Field(str, M("the emblem file (PNG or JPEG) beside the content file"), "emblem.png"),
})
SIGNER = Spec("signer", M("the signer"), {
    "name": Field(str, M("the signer's name, without parentheses"), "นายไกรสร กองฉลาด", required=True),
    "position": Field(str, M("the position"), "ผู้ว่าราชการจังหวัดขอนแก่น", required=True),
    "signature_image": Field(str, M("a signature image (PNG) beside the content file"), "signature.png"),
})
PARAGRAPH = Spec("paragraph", M("a paragraph"), {
    "text": Field(str, M("the paragraph's text; {{name}} for a phrase or value"),
                  "ด้วยจังหวัดขอนแก่น ได้จัดทำ{plan}", required=True),
})
SECTION = Spec("section", M("a numbered section (๑. ๒. …) with its text and items"), {
    "heading": Field(str, M("the heading; prakat numbers it"), "พันธกิจ", required=True),
    "quote": Field(str, M("a quoted line under the heading"), "มหานครน่าอยู่ ศูนย์กลางเศรษฐกิจเชื่อมโยงภูมิภาค"),
    "text": Field(TEXTS, M("the paragraphs under the heading"), ["ข้อความใต้หัวข้อ"]),
    "items": Field(TEXTS, M("the items, - ๑) - ๒) …; prakat numbers them"),
                   ["พัฒนาเมืองให้น่าอยู่", "ส่งเสริมการค้าการลงทุน"]),
})
TOP = Spec("format-1", M("content format 1: the province's plan announcement"), {
    "format": Field(int, M("the content format"), 1, required=True),
    "announcement": Field(ANNOUNCEMENT, ANNOUNCEMENT.description, required=True, default={}),
    "signer": Field(SIGNER, SIGNER.description, required=True, default={}),
    "values": format2.VALUES,
    "phrases": format2.PHRASES,
    "body": Field(ListOf(Either((PARAGRAPH, SECTION)), min_items=1),
                  M("the body, [[body]] blocks in order: a paragraph (text) or a numbered section (heading)"),
                  [{"text": "ด้วยจังหวัดขอนแก่น ได้จัดทำ{plan}"}, {"heading": "พันธกิจ", "items": ["…"]}],
                  required=True),
})
TOP_KEYS = TOP.keys
ANNOUNCEMENT_KEYS = ANNOUNCEMENT.keys
SIGNER_KEYS = SIGNER.keys
PARAGRAPH_KEYS = PARAGRAPH.keys
SECTION_KEYS = SECTION.keys


def _validate(check: _Checker, data: dict) -> Announcement | None:
    """Validate ``data`` in the content format it names (``format = 1`` or ``2``)."""
    fmt = TOP.get(check, data, "format", ())  # an int in both formats
    if fmt is not None and fmt not in CONTENT_FORMATS:
        check.problem(("format",), M("content format must be 1 or 2, found {fmt}", fmt=fmt))
        return None
    if fmt == 2:
        return _validate_format2(check, data)
    return _validate_format1(check, data)


class _References:
    """Values, phrases and ``{name}`` references, shared by both formats."""

    def __init__(self, check: _Checker, data: dict):
        self.checker, self.data = check, data

    def values(self, data: Any) -> dict[str, Value]:
        return _values(self.checker, data)

    def phrases(self, data: Any) -> dict[str, str]:
        self.parsed_phrases = _phrases(self.checker, data)
        return self.parsed_phrases

    def check(self, texts: list[tuple[tuple, str]], builtins: set[str],
              ids: dict[str, tuple], reserved: tuple[str, ...]) -> None:

        check, data = self.checker, self.data
        names = set(_keys(data.get("values"))) | set(_keys(data.get("phrases"))) | builtins
        values, phrases = _keys(data.get("values")), _keys(data.get("phrases"))
        for name in (set(values) | set(phrases)) & (builtins | set(reserved)):
            section = "values" if name in values else "phrases"
            check.problem((section, name), M('the name "{name}" is reserved: choose another', name=name))
        for where, text in texts:
            for match in format2.REFERENCE.finditer(text):
                name, form = match.groups()
                if name == "ref":
                    if form is None or form not in ids:
                        guess = format2.closest(form or "", ids)
                        hint = M(' Did you mean "{{ref:{guess}}}"?', guess=guess) if guess else ""
                        check.problem(where, M('refers to the clause "{form}", but no clause has that id.{hint}',
                                               form=form, hint=hint))
                    elif ids[form][0] is None:
                        check.problem(where, M('refers to "{form}", a block without a number: {{ref:id}} prints the '
                                               'number, so it needs a numbered block (give that block "number")',
                                               form=form))
                    continue
                if name == "blank":
                    if form is not None and not (form.isdigit() and 5 <= int(form) <= format2.MAX_BLANK_MM):
                        check.problem(where, M("a fill-in line {{blank:{form}}} takes a length of 5 to {most} mm",
                                               form=form, most=format2.MAX_BLANK_MM))
                    continue
                _check_name(check, where, name, form, names)
        if not check.problems:
            _check_phrases(check, getattr(self, "parsed_phrases", {}), texts)
        if not check.problems:
            _check_values_use(check, data.get("values"), texts)

    def warnings(self, date: Any, fiscal_year: Any, edition: Any, at: tuple) -> None:
        """The warnings both formats give (see :func:`_warn_fiscal_year`)."""
        _warn_fiscal_year(self.checker, date, fiscal_year, at)
        _warn_edition_name(self.checker, edition, at + ("edition",))


def _validate_format2(check: _Checker, data: dict) -> Announcement | None:

    def emblem(head: dict, at: tuple) -> Path | None:
        return _emblem(check, head, at)

    def profile_choice(head: dict, at: tuple) -> tuple[str, Path | None]:
        return _profile_choice(check, head, at)

    return format2.validate(check, data, shown=_shown, era_split=ERA_SPLIT,
                            check_references=_References(check, data), emblem=emblem,
                            profile_choice=profile_choice,
                            template_folder=versions.template_dir(format2.KINDS_TEMPLATE_VERSION))


def _profile_choice(check: _Checker, head: dict, at: tuple) -> tuple[str, Path | None]:
    """The format profile: a name under templates/profiles/, or a ``.toml``
    file beside the content (any folder's own variant)."""

    profile = format2.DOCUMENT.get(check, head, "profile", at)
    if profile is None:
        return "official", None
    if profile.endswith(".toml"):
        try:
            path = safe_asset_path(profile, [Path(check.path).parent])
        except UnsafePath as error:
            check.problem(at + ("profile",), M("profile file: {reason}", reason=error.message))
            return "official", None
        try:
            profiles.parse(path)
        except ContentError as error:
            # Located in the profile file itself, naming the content that chose it.
            line = check.line_of(at + ("profile",))
            named = f"{check.file_name(at + ('profile',))}:{line}" if line else str(check.path)
            for problem in error.problems:
                check.problems.append(Problem(
                    problem.path, problem.line, problem.field,
                    M("profile file {name}: {reason} (the profile chosen in {named})",
                      name=_shown(profile), reason=problem.message, named=named)))
            return "official", None
        return path.stem, path
    if not (SLUG.fullmatch(profile) and profiles.exists(profile)):
        known = ", ".join(profiles.names())
        check.problem(at + ("profile",), M("no format profile called {name} (known: {known}, "
                                           "or a .toml file beside the content)",
                                           name=_shown(profile), known=known))
    return profile, None


def _validate_format1(check: _Checker, data: dict) -> Announcement | None:
    check.table(data, (), TOP_KEYS)
    head = check.table(TOP.get(check, data, "announcement", ()),
                       ("announcement",), ANNOUNCEMENT_KEYS)
    at = ("announcement",)
    province = ANNOUNCEMENT.get(check, head, "province", at)
    if province is not None and not SLUG.fullmatch(province):
        check.problem(at + ("province",),
                      M('expected lower-case latin letters, digits and hyphens like "khon-kaen", found {value}',
                        value=_shown(province)))
    fiscal_year = ANNOUNCEMENT.get(check, head, "fiscal_year", at)
    if fiscal_year is not None and fiscal_year < ERA_SPLIT:
        check.problem(at + ("fiscal_year",),
                      M("write the fiscal year in the Buddhist era (e.g. {fixed}); {year} looks Christian-era",
                        fixed=fiscal_year + 543, year=fiscal_year))
    if fiscal_year is not None and fiscal_year > 2999:
        check.problem(at + ("fiscal_year",),
                      M("the fiscal year is a four-digit Buddhist-era year like 2567, found {year}",
                        year=fiscal_year))
    edition = ANNOUNCEMENT.get(check, head, "edition", at,
                               default=str(fiscal_year) if fiscal_year is not None else None)
    if edition is not None and not SLUG.fullmatch(edition):
        check.problem(at + ("edition",),
                      M("expected latin letters, digits and hyphens, found {value}", value=_shown(edition)))
    issuer = ANNOUNCEMENT.get(check, head, "issuer", at)
    subject = ANNOUNCEMENT.get(check, head, "subject", at)
    date = ANNOUNCEMENT.get(check, head, "date", at)
    if date is not None and (problem := date_problem(date)):
        check.problem(at + ("date",), problem)
    closing = ANNOUNCEMENT.get(check, head, "closing", at)
    profile = ANNOUNCEMENT.get(check, head, "profile", at)
    if profile is not None and not (SLUG.fullmatch(profile) and profiles.exists(profile)):
        known = ", ".join(profiles.names())
        check.problem(at + ("profile",), M("no format profile called {name} (known: {known})",
                                           name=_shown(profile), known=known))
    emblem_path = _emblem(check, head, at)

    signer_data = check.table(TOP.get(check, data, "signer", ()),
                              ("signer",), SIGNER_KEYS)
    signer_name = SIGNER.get(check, signer_data, "name", ("signer",))
    signer_position = SIGNER.get(check, signer_data, "position", ("signer",))
    signer_image = format2.signer_image(check, signer_data, ("signer",))

    values = _values(check, data.get("values", {}))
    phrases = _phrases(check, data.get("phrases", {}))
    body = _body(check, data.get("body"))

    # Names given with a bad value still count, so one mistake gives one message.
    names = set(_keys(data.get("values"))) | set(_keys(data.get("phrases"))) | set(BUILTIN_NAMES)
    for name in (set(values) | set(phrases)) & set(BUILTIN_NAMES):
        section = "values" if name in values else "phrases"
        check.problem((section, name), M('the name "{name}" is reserved: choose another', name=name))
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
            _check_name(check, where, name, form, names)
    if not check.problems:
        _check_phrases(check, phrases, texts)
    if not check.problems:
        _check_values_use(check, data.get("values"), texts)
        _warn_fiscal_year(check, date, fiscal_year, at)
        _warn_edition_name(check, edition, at + ("edition",) if "edition" in head else at + ("fiscal_year",))

    if check.problems:
        return None
    return Announcement(
        source=check.path, province=province, edition=edition, issuer=issuer,
        subject=subject, date=date, closing=closing, profile=profile, emblem=emblem_path,
        signer=Signer(signer_name, (signer_position,), signature_image=signer_image),
        body=legacy.to_nodes(body),
        values={"fiscal_year": fiscal_year, "date": date, **values},
        phrases={"issuer": issuer, **phrases})


def _emblem(check: _Checker, head: dict, at: tuple = ("announcement",)) -> Path | None:
    """The office's emblem file, beside the content file (PNG or JPEG)."""

    where = at + ("emblem",)
    name = check.get(head, "emblem", where[:1], str, required=False)
    if name is None:
        return None
    folder = Path(check.path).parent
    try:
        path = safe_asset_path(name, [folder])
    except UnsafePath as error:
        check.problem(where, M("emblem file: {reason}", reason=error.message))
        return None
    # Read at most the size limit, decoded whole (no bomb, not truncated).
    problem = check_image(path)
    if problem is not None:
        check.problem(where, M("{reason}: {name}", reason=problem, name=_shown(name)))
        return None
    return path


def _check_name(check: _Checker, where: tuple, name: str, form: str | None, names) -> None:
    """``{name}`` or ``{name:form}`` must name a phrase or a value, with a known form."""
    if name not in names:
        guess = difflib.get_close_matches(name, sorted(names), n=1, cutoff=0.6)
        hint = M(' Did you mean "{{{guess}}}"?', guess=guess[0]) if guess else ""
        check.problem(where, M('refers to "{{{name}}}", which is not defined in [phrases] or [values].{hint}',
                               name=name, hint=hint))
    elif form not in REFERENCE_FORMATS:
        check.problem(where, M('unknown format ":{form}" (only ":era", for dates)', form=form))


def _keys(data: Any) -> list[str]:
    return list(data) if isinstance(data, dict) else []


#: Words after which a number is a Buddhist-era year (พ.ศ. {plan_start}, and
#: the second year of a range: พ.ศ. {plan_start}-{plan_end}).
_BE_BEFORE = re.compile(r"(?:พ\.\s*ศ\.|พุทธศักราช|ปีงบประมาณ|ปี)\s*"
                        r"(?:(?:\{[A-Za-z_][A-Za-z0-9_]*\}|[0-9๐-๙]{4})\s*[-–—]\s*)?$")
_CE_BEFORE = re.compile(r"(?:ค\.\s*ศ\.|คริสต์ศักราช)\s*(?:(?:\{[A-Za-z_][A-Za-z0-9_]*\}|[0-9๐-๙]{4})\s*[-–—]\s*)?$")
#: A value's name that says it is a year (start_year, fy, years_…).
_YEAR_NAME = re.compile(r"(?:^|_)(?:years?|fy)(?:_|$)", re.IGNORECASE)
#: Whole numbers that look like a Christian-era year.
CE_YEARS = (1800, ERA_SPLIT)


def _check_values_use(check: _Checker, data: Any, texts: list[tuple[tuple, str]]) -> None:
    """Every value of ``[values]`` is printed somewhere, and a year printed as
    a Buddhist-era year is one.

    A value no text uses is an error (a misspelt name, ``gini_traget``, would
    otherwise leave the old ``gini_target`` printed without a word); in an
    edition that ``extends`` another, only the values the edition itself
    gives are checked, against the merged text (a value it overrides is used
    when the inherited text uses it).
    """
    if not isinstance(data, dict):
        return
    before: dict[str, list[str]] = {}
    for _, text in texts:
        for match in format2.REFERENCE.finditer(text):
            before.setdefault(match.group(1), []).append(text[max(0, match.start() - 80):match.start()])
    used = sorted(name for name in before if name not in ("ref", "blank"))
    for name, value in data.items():
        where = ("values", name)
        if name not in before:
            if not check.own(where):
                continue
            guess = format2.closest(name, [n for n in used if n != name])
            hint = M(' Did you mean "{guess}"? (the text uses {{{guess}}})', guess=guess) if guess else ""
            check.problem(where, M('no text uses the value "{name}" (there is no {{{name}}} anywhere).{hint} '
                                   "Remove the line if it is not needed", name=name, hint=hint))
            continue
        if type(value) is not int or not CE_YEARS[0] <= value < CE_YEARS[1]:
            continue
        contexts = before[name]
        if all(_CE_BEFORE.search(c) for c in contexts):
            continue
        if any(_BE_BEFORE.search(c) for c in contexts) or _YEAR_NAME.search(name):
            check.problem(where, M("{year} looks like a Christian-era year, but the text prints a Buddhist-era "
                                   "year: write it in the Buddhist era (add 543), e.g. {fixed}",
                                   year=value, fixed=value + 543))


def fiscal_year_span(fiscal_year: int) -> tuple[dt.date, dt.date]:
    """The first and last day (Christian era) of Thai fiscal year ``fiscal_year``
    (Buddhist era): 1 October of the year before to 30 September."""
    year = fiscal_year - 543
    return dt.date(year - 1, 10, 1), dt.date(year, 9, 30)


def _warn_fiscal_year(check: _Checker, date: Any, fiscal_year: Any, at: tuple) -> None:
    """A warning when the date is outside the fiscal year the document is for,
    and outside the year before it (when a year's plan is made and announced)."""
    if type(date) is not dt.date or type(fiscal_year) is not int or not ERA_SPLIT <= fiscal_year <= 2999:
        return
    first, last = fiscal_year_span(fiscal_year)
    if first.replace(year=first.year - 1) <= date <= last:
        return
    shown = thai.date(date, "arabic")
    check.warn(at + ("date",),
               M("the date {date} ({shown}) is outside fiscal year {year} "
                 "(1 October {year_before} to 30 September {year}, Buddhist era) and the year before it, "
                 "when its plan is made: check the date or the fiscal year (fiscal_year)",
                 date=date.isoformat(), shown=shown, year=fiscal_year, year_before=fiscal_year - 1))


_YEAR_TOKEN = re.compile(r"(?<![0-9])2[4-9][0-9]{2}(?![0-9])")


def _warn_edition_name(check: _Checker, edition: Any, where: tuple) -> None:
    """A warning when the edition id disagrees with the file's name (the file
    ``2568.toml`` holding the edition ``2567``)."""
    if not isinstance(edition, str):
        return
    name = Path(check.path).name
    stem = Path(check.path).stem
    if stem.isdigit():
        agrees = stem in re.findall(r"[0-9]+", edition)
    else:
        in_name, in_edition = set(_YEAR_TOKEN.findall(stem)), set(_YEAR_TOKEN.findall(edition))
        agrees = not (in_name and in_edition) or bool(in_name & in_edition)
    if not agrees:
        check.warn(where, M("the edition {edition} disagrees with the file name {name}: check that both "
                            "(the file name and fiscal_year/edition) were changed",
                            edition=_shown(edition), name=name))


def _values(check: _Checker, data: Any) -> dict[str, Value]:
    if not isinstance(data, dict):
        check.wrong_type(data, ("values",), dict)
        return {}
    out = {}
    for name, value in data.items():
        where = ("values", name)
        if not re.fullmatch(NAME, name):
            check.problem(where, M("names are latin letters, digits and _"))
        elif type(value) is dt.date and value.year > ERA_SPLIT:
            fixed = f"{value.year - 543}-{value.month:02d}-{value.day:02d}"
            check.problem(where, M("write dates in the Christian era (Buddhist year minus 543, e.g. {example}); "
                                   "found year {year}", example=fixed, year=value.year))
        elif type(value) is float and not math.isfinite(value):
            check.problem(where, M("expected a real number, found {value}", value=value))
        elif type(value) in (int, float) and abs(value) >= 10 ** 15:
            check.problem(where, M("the number is too large ({value}); it must be below 1000000000000000",
                                   value=_shown(value)))
        elif type(value) in (int, float):
            # Printed as written: 0.40 stays ๐.๔๐, 1_000 is ๑,๐๐๐.
            text = check.number_text(where, value)
            printed, wrong = printed_number(text, value) if text is not None else (None, None)
            if wrong:
                check.problem(where, wrong)
            else:
                out[name] = Written(value, printed) if printed is not None else value
        elif type(value) is dt.date:
            out[name] = value
        elif isinstance(value, str) and any(c.isdigit() for c in value):
            check.problem(where, M("expected a number or date without quotes (in Arabic digits, e.g. 2), "
                                   "found text {value}", value=_shown(value)))
        else:
            check.problem(where, M("expected a number or a date, found a {kind} {value} (text belongs in [phrases])",
                                   kind=_type_name(type(value)), value=_shown(value)))
    return out


def _phrases(check: _Checker, data: Any) -> dict[str, str]:
    if not isinstance(data, dict):
        check.wrong_type(data, ("phrases",), dict)
        return {}
    out = {}
    for name in data:
        value = check.get(data, name, ("phrases",), str)
        if not re.fullmatch(NAME, name):
            check.problem(("phrases", name), M("names are latin letters, digits and _"))
        elif value is not None:
            out[name] = value
    return out


def _body(check: _Checker, data: Any) -> list[Block]:
    if data is None:
        check.problem((), M("missing the body: at least one [[body]] block is needed"))
        return []
    if not isinstance(data, list) or not data:
        check.problem(("body",), M("expected at least one [[body]] block"))
        return []
    blocks: list[Block] = []
    for i, block in enumerate(data):
        where = ("body", i)
        if not isinstance(block, dict):
            check.wrong_type(block, where, dict)
            continue
        if "heading" in block:
            check.table(block, where, SECTION_KEYS)
            heading = SECTION.get(check, block, "heading", where)
            quote = SECTION.get(check, block, "quote", where)
            paragraphs = SECTION.texts(check, block, "text", where)
            items = SECTION.texts(check, block, "items", where)
            if heading is not None:
                blocks.append(Section(heading, quote, paragraphs, items))
        else:
            check.table(block, where, PARAGRAPH_KEYS)
            if "text" not in block and not (set(block) - set(PARAGRAPH_KEYS)):
                check.problem(where, M('a block needs "text" (or "heading" for a numbered section)'))
                continue
            text = PARAGRAPH.get(check, block, "text", where, required=False)
            if text is not None:
                blocks.append(Paragraph(text))
    return blocks


#: Phrases may use phrases this many levels deep (the renderer's backstop is 20).
MAX_PHRASE_DEPTH = 10
#: The whole text once every ``{name}`` is replaced: about a hundred pages.
MAX_EXPANDED = 300_000
_VALUE_LENGTH = 40  # at most, a value written out (a date with its era)


class _PhraseLoop(Exception):
    pass


def _check_phrases(check: _Checker, phrases: dict[str, str],
                   texts: list[tuple[tuple, str]]) -> None:
    """Loops, nesting too deep, and text that grows without bound when phrases
    repeat phrases (ten phrases each using the next ten times is 10^10 letters).
    Each phrase is measured once, so this is quick whatever the file holds."""
    measured: dict[str, tuple[int, int] | None] = {}

    def measure(name: str, trail: tuple[str, ...]) -> tuple[int, int]:
        if name in measured:
            if measured[name] is None:
                raise _PhraseLoop(trail)
            return measured[name]
        if len(trail) > MAX_PHRASE_DEPTH + 1:
            raise _PhraseLoop(trail)
        measured[name] = None
        depth, length = 0, len(phrases[name])
        for match in REFERENCE.finditer(phrases[name]):
            ref = match.group(1)
            if ref in phrases:
                inner_depth, inner_length = measure(ref, trail + (ref,))
                depth = max(depth, inner_depth + 1)
                length += inner_length
            else:
                length += _VALUE_LENGTH
        measured[name] = (depth, min(length, 10 * MAX_EXPANDED))
        return measured[name]

    for name in phrases:
        try:
            depth, _ = measure(name, (name,))
        except _PhraseLoop as loop:
            trail = loop.args[0]
            if trail[-1] in trail[:-1]:
                shown = " → ".join(trail[trail.index(trail[-1]):])
                check.problem(("phrases", trail[0]), M("phrases refer to each other in a loop: {trail}",
                                                       trail=shown))
            else:
                check.problem(("phrases", trail[0]),
                              M("phrases use phrases more than {depth} levels deep: {trail}",
                                depth=MAX_PHRASE_DEPTH, trail=" → ".join(trail)))
            return
    total = 0
    for _, text in texts:
        total += len(text)
        for match in REFERENCE.finditer(text):
            ref = match.group(1)
            total += measured[ref][1] if ref in measured else _VALUE_LENGTH
    if total > MAX_EXPANDED:
        check.problem(("phrases",),
                      M("the text with every phrase filled in is too long (about {total} characters, over "
                        "{most}): check phrases that repeat other phrases",
                        total=f"{total:,}", most=f"{MAX_EXPANDED:,}"))
