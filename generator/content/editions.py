"""Turn an edition file, and the earlier editions it extends, into one resolved content.

An edition is one content file. It may start with ``extends = "2567.toml"``
(a path relative to its own folder) and then state only what changed. The
merge rules, applied from the oldest edition to the newest:

- tables (``[announcement]``, ``[signer]``, ``[values]``, ``[phrases]``) merge
  key by key: a key the newer file gives replaces the older one's, the others
  are kept;
- everything else is replaced whole: text, numbers, dates, lists such as
  ``items``, and the list of ``[[body]]`` blocks (a file that has any
  ``[[body]]`` gives the whole body);
- ``[[edit]]`` (format 2) replaces, inserts or removes one clause, item,
  table row or sign-off field by its id, without copying the body; a file's
  edits apply to the content merged up to that file, before validation
  (:mod:`.edits`);
- four things belong to each file and are never inherited: ``extends``
  itself, ``announcement.edition``, the ``[issued]`` table (the template
  and format-profile versions the edition is issued with) and ``[[edit]]``
  (applied once, where it is written).

A missing parent or a loop of ``extends`` is reported with the file, line and
field, like any other content problem. :func:`new` writes the next year's file.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from generator.content.fields import copy_data, leaves
from generator.content import edits, reader, validate
from generator.content.fields import Field, ListOf, Spec, schema_directive
from generator.format import versions
from generator.errors import ContentError, Problem
from generator.messages import M, Message
from generator.document.model import Announcement

#: What ``prakat new`` writes where staff must fill something in; rejected until they do.
FILL_IN = "ต้องกรอก (fill in)"
#: ``[issued]``: the versions an edition is issued with (see generator.content.fields).
ISSUED = Spec("issued", M("the template and format-profile versions this edition is issued with; each file's own"), {
    "template_version": Field(int, M("the template version (templates/vN/), a whole number from 1"), 2),
    "profile_version": Field(int, M("the format profile's version (its version = N), a whole number from 1"), 1),
})
#: Keys that belong to one file only, in either format.
OWN = Spec("own", M("each file's own keys"), {
    "extends": Field(str, M("the earlier edition this one extends (a .toml file relative to this file's folder), "
                            "stating only what changed: table keys replace the earlier ones, [[body]] the whole body, "
                            "[[edit]] one clause"),
                     "2567.toml", pattern=r".+\.toml"),
    "issued": Field(ISSUED, ISSUED.description, {"template_version": 2, "profile_version": 1}),
    "edit": Field(ListOf(edits.EDIT), M("change one clause, item, table row or sign-off field of the earlier edition, "
                                        "[[edit]] (named by its id; format 2), without copying the body"),
                  [{"replace": "kho-3", "text": "ข้อความใหม่ของข้อนี้"}]),
})
OWN_TOP_KEYS = OWN.keys
#: Own keys that only one content format takes (the schema refuses them in the other).
OWN_FORMATS = {"edit": (2,)}
OWN_KEYS = {("announcement", "edition"), ("document", "edition")}
ISSUED_KEYS = ISSUED.keys
#: How many files one chain of ``extends`` may hold (a backstop against mistakes).
MAX_DEPTH = 50
#: The last fiscal year ``prakat new`` makes an edition for (a four-digit
#: Buddhist-era year, as the validator requires of ``fiscal_year``).
NEW_YEAR_MAX = 2999


@dataclass
class EditionFile:
    """One file of a chain, as read."""

    path: Path
    source: str
    data: dict
    locator: reader.Locator
    #: The text each float was written with (field path → "0.40").
    numbers: dict[tuple, str] = field(default_factory=dict)

    def number_text(self, path: tuple, value: Any) -> str | None:
        return reader.literal(reader.source_lines(self.source), self.locator, self.numbers, path, value)


@dataclass
class Resolved:
    """An edition and its ancestors, and the content they resolve to."""

    chain: list[EditionFile]          # the edition first, then its parent, …
    data: dict                        # the merged content, without own-file keys
    origin: dict[tuple, int] = field(default_factory=dict)  # field path → index in chain
    #: Where the parts that ``[[edit]]`` moved or wrote were written.
    places: edits.Places = field(default_factory=edits.Places)

    @property
    def edition(self) -> EditionFile:
        return self.chain[0]

    @property
    def extends(self) -> bool:
        return len(self.chain) > 1

    def file_for(self, path: tuple) -> EditionFile:
        """The file that gave the field ``path`` (or its nearest enclosing one)."""
        return self.locate(path)[0]

    def locate(self, path: tuple) -> tuple[EditionFile, tuple]:
        """The file that gave the field ``path`` of the merged content, and
        the field's path in that file (they differ where ``[[edit]]`` moved
        the field or wrote it)."""
        if self.places:
            found = self.places.locate(self.data, path)
            if found is not None:
                return self.chain[found[0]], found[1]
        return self.chain[_origin_index(self.origin, path)], path

    def line(self, path: tuple) -> int | None:
        file, at = self.locate(path)
        return file.locator.line(at)


def _origin_index(origin: dict[tuple, int], path: tuple) -> int:
    while path:
        if path in origin:
            return origin[path]
        path = path[:-1]
    return 0


def _problem(file: EditionFile, path: tuple, message: Message) -> Problem:
    return Problem(file.path, file.locator.line(path), reader.path_name(path), message)


def _read(path: Path, referrer: EditionFile | None = None) -> EditionFile:
    """Read and parse one file with the checks every content file gets (a
    regular file, bounded size, depth and keys; see :mod:`.reader`). A missing
    parent is blamed on the ``extends`` line; any other problem of a parent is
    located in the parent, and says which file extends it."""
    try:
        missing = referrer is not None and not (path.exists() or path.is_symlink())
    except (OSError, ValueError):  # a name too long: reader.read says so
        missing = False
    if missing:
        raise ContentError([_problem(
            referrer, ("extends",),
            M("the earlier edition named by extends is missing: {path} "
              "(the name is relative to this file's folder)", path=path))])
    numbers: dict[tuple, str] = {}
    try:
        source = reader.read(path)
        data = reader.parse(source, path, numbers)
    except ContentError as error:
        if referrer is not None:
            line = referrer.locator.line(("extends",))
            at = f"{referrer.path}:{line}" if line else str(referrer.path)
            for problem in error.problems:
                problem.message = M("{text} (the earlier edition named by extends in {at})",
                                    text=problem.message, at=at)
        raise
    return EditionFile(path, source, data, reader.Locator(source), numbers)


def resolve(path: Path, source: str | None = None, data: dict | None = None,
            numbers: dict[tuple, str] | None = None) -> Resolved:
    """Follow ``extends`` from ``path`` and merge the chain (see the module's rules).

    ``source`` (and its parsed ``data`` and float ``numbers``, see
    :func:`reader.parse`) stand for the file's text when given."""
    path = Path(path)
    if source is None:
        first = _read(path)
    else:
        source = source.removeprefix("\ufeff")
        if data is None:
            numbers = {}
            data = reader.parse(source, path, numbers)
        first = EditionFile(path, source, data, reader.Locator(source), numbers or {})
    chain = [first]
    seen = [path.resolve()]
    current = first
    while "extends" in current.data:
        value = current.data["extends"]
        where = ("extends",)
        if not isinstance(value, str) or not value.strip():
            raise ContentError([_problem(current, where, M(
                'expected the earlier edition\'s file name in quotes, e.g. extends = "2567.toml"'))])
        shown = reader._shown(value)
        if (not value.endswith(".toml") or Path(value).is_absolute() or len(value) > 1000
                or any(ord(c) < 32 or c == "\x7f" for c in value)):
            raise ContentError([_problem(current, where, M(
                'expected a .toml file relative to this file\'s folder, e.g. "2567.toml"; found {value}',
                value=shown))])
        parent_path = current.path.parent / value
        try:
            resolved = parent_path.resolve()
        except (OSError, RuntimeError, ValueError):  # a loop of links, a name too long
            resolved = parent_path.absolute()
        if resolved in seen or len(chain) >= MAX_DEPTH:
            names = " → ".join(str(f.path) for f in chain) + f" → {parent_path}"
            raise ContentError([_problem(current, where, M(
                "the editions extend each other in a loop: {names}", names=names))])
        seen.append(resolved)
        current = _read(parent_path, current)
        chain.append(current)
    return _merge(chain)


def _merge(chain: list[EditionFile]) -> Resolved:
    """Merge the chain, oldest first; each file's ``[[edit]]`` applies to the
    content merged up to and including that file."""
    resolved = Resolved(chain, {})
    merged, origin, places = resolved.data, resolved.origin, resolved.places

    def describe(path: tuple) -> str:
        file, at = resolved.locate(path)
        line = file.locator.line(at)
        return f"{file.path}{f':{line}' if line else ''} {reader.path_name(at)}"

    for index in range(len(chain) - 1, -1, -1):  # oldest first
        data = chain[index].data
        own = index == 0
        for key, value in data.items():
            if key in OWN_TOP_KEYS:
                continue  # kept apart, not part of the content
            _merge_into(merged, key, value, (key,), index, origin, own)
        if "edit" in data:
            problems = edits.apply(merged, chain[index], index, index == len(chain) - 1, places,
                                   lambda path: _origin_index(origin, path), describe)
            if problems:
                raise ContentError(problems)
    return resolved


def _merge_into(target: dict, key: str, value: Any, path: tuple, index: int,
                origin: dict, own: bool) -> None:
    if isinstance(value, dict) and isinstance(target.get(key), dict):
        origin[path] = index
        for sub, subvalue in value.items():
            _merge_into(target[key], sub, subvalue, path + (sub,), index, origin, own)
        return
    if isinstance(value, dict):
        value = {k: v for k, v in value.items() if own or path + (k,) not in OWN_KEYS}
        target[key] = copy_data(value)
        origin[path] = index
        for sub in value:
            origin[path + (sub,)] = index
        return
    if not own and path in OWN_KEYS:
        return
    target[key] = copy_data(value)
    origin[path] = index


class _ChainChecker(reader._Checker):
    """The validator's checker, locating each problem in the file that gave the field."""

    def __init__(self, resolved: Resolved):
        super().__init__(resolved.edition.path, resolved.edition.source)
        self.resolved = resolved

    def problem(self, path: tuple, *args, **kwargs) -> None:
        before = len(self.problems)
        super().problem(path, *args, **kwargs)
        file, at = self.resolved.locate(path)
        for problem in self.problems[before:]:
            problem.path = file.path
            problem.line = file.locator.line(at)
            if at != path:  # moved or written by [[edit]]: named as in its file
                problem.field = reader.path_name(at)

    def own(self, path: tuple) -> bool:
        return self.resolved.file_for(path) is self.resolved.edition

    def file_name(self, path: tuple) -> Path:
        return Path(self.resolved.file_for(path).path)

    def line_of(self, path: tuple) -> int | None:
        return self.resolved.line(path)

    def number_text(self, path: tuple, value: Any) -> str | None:
        file, at = self.resolved.locate(path)
        return file.number_text(at, value)


def _fill_in_problems(resolved: Resolved) -> list[Problem]:
    """Every ``FILL_IN`` marker still in the content, as a problem."""
    found = []

    for path, value in leaves(resolved.data):
        if value != FILL_IN:
            continue
        file, at = resolved.locate(path)
        if path == ("announcement", "date"):
            said = M("the announcement date is not filled in yet: write it in the Christian era, "
                     "without quotes, e.g. date = 2024-03-29")
        else:
            said = M("not filled in yet: replace the marker with the real value")
        found.append(_problem(file, at, said))

    return found


def _issued(resolved: Resolved, profile_name: str) -> tuple[int | None, int | None, list[Problem]]:
    """The ``[issued]`` versions of the edition itself, checked."""
    file = resolved.edition
    table = file.data.get("issued")
    if table is None:
        return None, None, []
    if not isinstance(table, dict):
        return None, None, [_problem(file, ("issued",), M("expected a table [issued]"))]
    problems = []
    for key in table:
        if key not in ISSUED_KEYS:
            problems.append(_problem(file, ("issued", key), M('unknown key "{key}" (known keys: {known})',
                                                              key=key, known=", ".join(ISSUED_KEYS))))
    found = []
    for key in ISSUED_KEYS:
        value = table.get(key)
        if value is not None and (type(value) is not int or value < 1):
            problems.append(_problem(file, ("issued", key), M("expected a whole number from 1, found {value}",
                                                              value=repr(value))))
            value = None
        found.append(value)
    template, profile = found
    where = lambda key: lambda message: _problem(file, ("issued", key), message)  # noqa: E731
    try:
        if template is not None:
            versions.template_dir(template, where=where("template_version"))
        if profile is not None and versions.PROFILE_NAME.fullmatch(profile_name):
            versions.profile_path(profile_name, profile, where=where("profile_version"))
    except ContentError as error:
        problems.extend(error.problems)
    return template, profile, problems


def load_data(data: dict, source: str, path: Path | str,
              numbers: dict[tuple, str] | None = None) -> Announcement:
    """Validate parsed TOML ``data`` (read from ``path``), resolving ``extends``.

    The entry point of :func:`generator.content.loads` for every content file.
    """
    path = Path(path)
    resolved = resolve(path, source, data, numbers)
    return announcement_of(resolved)


def announcement_of(resolved: Resolved) -> Announcement:
    """The validated announcement of a resolved chain; :class:`ContentError` if not valid."""
    check = _ChainChecker(resolved)
    markers = _fill_in_problems(resolved)
    data = resolved.data
    if any(p.field == "announcement.date" for p in markers):
        # The marker is not a date: report it once, in plain words, not twice.
        data = copy_data(data)
        data["announcement"]["date"] = dt.date(2000, 1, 1)
    reader._check_characters(check, data)
    announcement = validate._validate(check, data)
    # The profile's name only once it is known to be a name (never a path).
    profile_name = announcement.profile if announcement is not None else "official"
    template, profile, issued_problems = _issued(resolved, profile_name)
    problems = markers + check.problems + issued_problems
    if problems:
        raise ContentError(problems)
    return dataclasses.replace(announcement, template_version=template, profile_version=profile,
                               parents=tuple(f.path for f in resolved.chain[1:]),
                               warnings=tuple(check.warnings))


# --- resolved content as TOML ------------------------------------------------

def _toml_string(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)


def _toml_value(value: Any, indent: str = "", path: tuple = (), written=None) -> str:
    """``value`` (at the field ``path``) as TOML; a number as it was written
    where ``written(path, value)`` knows (``0.40`` stays ``0.40``)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return _toml_string(value)
    if isinstance(value, (int, float)):
        text = written(path, value) if written else None
        return text if text is not None else repr(value)
    if isinstance(value, (dt.date, dt.datetime, dt.time)):
        return value.isoformat()
    if isinstance(value, list):
        if not value:
            return "[]"
        inner = "".join(f"{indent}  {_toml_value(v, indent + '  ', path + (i,), written)},\n"
                        for i, v in enumerate(value))
        return "[\n" + inner + indent + "]"
    if isinstance(value, dict):
        return "{ " + ", ".join(f"{_toml_key(k)} = {_toml_value(v, '', path + (k,), written)}"
                                for k, v in value.items()) + " }"
    raise TypeError(f"cannot write {type(value).__name__} as TOML")


def _toml_key(key: str) -> str:
    return key if re.fullmatch(r"[A-Za-z0-9_-]+", key) else _toml_string(key)


def dumps(data: dict, written=None) -> str:
    """``data`` (content as :mod:`tomllib` reads it) as TOML text, in a stable
    form; ``written(path, value)`` gives the text a number was written with."""
    lines: list[str] = []
    tables = []
    for key, value in data.items():
        if isinstance(value, dict) or (isinstance(value, list) and value
                                       and all(isinstance(v, dict) for v in value)):
            tables.append((key, value))
        else:
            lines.append(f"{_toml_key(key)} = {_toml_value(value, '', (key,), written)}")
    for key, value in tables:
        blocks = [value] if isinstance(value, dict) else value
        header = f"[{_toml_key(key)}]" if isinstance(value, dict) else f"[[{_toml_key(key)}]]"
        for index, block in enumerate(blocks):
            at = (key,) if isinstance(value, dict) else (key, index)
            lines.append("")
            lines.append(header)
            for sub, subvalue in block.items():
                lines.append(f"{_toml_key(sub)} = {_toml_value(subvalue, '', at + (sub,), written)}")
    return "\n".join(lines).lstrip("\n") + "\n"


def resolved_toml(resolved: Resolved) -> str:
    """The whole content an edition resolves to, as one stand-alone TOML file."""
    data = dict(resolved.data)
    issued = resolved.edition.data.get("issued")
    if isinstance(issued, dict):
        data["issued"] = issued
    names = ", ".join(str(f.path.name) for f in resolved.chain)
    return (f"# เนื้อหาที่รวมแล้วของ {names} (resolved content of {names}),\n"
            f"# written by prakat; it renders exactly as the edition does.\n\n"
            + dumps(data, lambda path, value: _number_text(resolved, path, value)))


def _number_text(resolved: Resolved, path: tuple, value: Any) -> str | None:
    file, at = resolved.locate(path)
    return file.number_text(at, value)


# --- the next edition ---------------------------------------------------------

@dataclass
class NewEdition:
    path: Path
    text: str
    review: list[Message]   # the items staff must check


_YEAR_IN_TEXT = re.compile(r"(?<![0-9๐-๙])([0-9๐-๙]{4})(?![0-9๐-๙])")


def _arabic(text: str) -> str:
    return text.translate(str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789"))


def new(source: Path, fiscal_year: int, lang: str = "th") -> NewEdition:
    """The next edition's file beside ``source``, as an ``extends`` file; writes nothing.

    The comments of the file are in ``lang``; its review items are messages."""
    source = Path(source)
    resolved = resolve(source)
    previous = announcement_of(resolved)
    if previous.format != 1 or "fiscal_year" not in previous.values:
        raise ContentError([Problem(source, None, "", M(
            "prakat new makes the next fiscal year's edition of a plan announcement only "
            "(content format 1, with fiscal_year); for other documents write a new file "
            "with extends = this file's name"))])
    old_year = previous.values["fiscal_year"]
    if validate.CE_YEARS[0] <= fiscal_year < reader.ERA_SPLIT:
        raise ContentError([Problem("--fiscal-year", None, "", M(
            "write the fiscal year in the Buddhist era ({year} looks Christian-era: add 543, giving {buddhist})",
            year=fiscal_year, buddhist=fiscal_year + 543))])
    if not reader.ERA_SPLIT <= fiscal_year <= NEW_YEAR_MAX:
        shown = str(fiscal_year) if len(str(fiscal_year)) <= 12 else str(fiscal_year)[:12] + "..."
        raise ContentError([Problem("--fiscal-year", None, "", M(
            "the fiscal year is a four-digit Buddhist-era year like {example}; found {value}",
            example=old_year + 1, value=shown))])
    if fiscal_year == old_year:
        raise ContentError([Problem("--fiscal-year", None, "", M(
            "the new edition needs another fiscal year than {year}", year=old_year))])
    target = source.parent / f"{fiscal_year}.toml"
    if target.exists():
        raise ContentError([Problem(target, None, "", M(
            "this file exists already and is never overwritten (remove or move it first to start again)"))])
    relative = source.name
    if previous.format == 1:
        # The next edition takes format 1's latest layout (version 1's with the
        # fixes of versions 3 and 4 and the tagged PDF of 5; the previous editions keep theirs) and the
        # profile version the previous edition was issued with.
        template = versions.current_template_version(format=1)
        profile = versions.load_profile(previous.profile, previous.profile_version)
    else:
        template = versions.current_template_version(format=previous.format)
        profile = versions.load_profile(previous.profile)
    review: list[Message] = [
        M("the announcement date (announcement.date): must be filled in before building"),
    ]
    moved = {name: fiscal_year for name, value in previous.values.items()
             if name not in validate.BUILTIN_NAMES and type(value) is int and value == old_year}
    value_lines = [f"{name} = {year}" for name, year in moved.items()]
    for name, year in moved.items():
        review.append(M("values.{name}: moved from {old} to {new}; check it", name=name, old=old_year, new=year))
    for name, value in previous.values.items():
        if name in validate.BUILTIN_NAMES or name in moved:
            continue
        shown = value.isoformat() if isinstance(value, dt.date) else str(value)  # 0.40 as written
        if isinstance(value, dt.date):
            review.append(M("values.{name} = {value}: is this date still right for {year}?",
                            name=name, value=shown, year=fiscal_year))
        else:
            review.append(M("values.{name} = {value}: is this value still right for {year}?",
                            name=name, value=shown, year=fiscal_year))
    texts = [("announcement.subject", previous.subject)]
    for i, block in enumerate(previous.body):
        parts = [text for node in block.walk() for text in node.texts()]
        texts += [(f"body[{i + 1}]", part) for part in parts if part]
    for where, text in texts:
        for match in _YEAR_IN_TEXT.finditer(text):
            year = int(_arabic(match.group(1)))
            if 2400 <= year <= 2700:
                review.append(M("{where}: the year {year} is typed in the text and was not moved; check it",
                                where=where, year=match.group(1)))
    review.append(M("the signer: {name}, {position}: still the one who signs?",
                    name=previous.signer.name, position=previous.signer.position))
    if previous.template_version not in (None, template) or previous.profile_version not in (None, profile.version):
        review.append(M("template version {template}, profile version {profile} (the previous edition used "
                        "{old_template}/{old_profile}): check the layout",
                        template=template, profile=profile.version,
                        old_template=previous.template_version, old_profile=previous.profile_version))

    def comment(message: Message) -> list[str]:
        return ["# " + line if line else "#" for line in message.text(lang).split("\n")]

    lines = [
        schema_directive(target.parent),  # the editor's schema: keys completed, mistakes shown
        *comment(M("the FY {year} edition: it extends {previous} and states only what changed",
                   year=fiscal_year, previous=relative)),
        "#",
        *comment(M("merge rules (see README, \"Next year's edition\"): the keys of [announcement] [signer] [values] "
                   "[phrases]\ngiven here replace the earlier edition's; the others are kept\n"
                   "[[body]] here must give the whole body (it replaces the earlier one)")),
        "",
        f'extends = "{relative}"',
        "",
        "[announcement]",
        f"fiscal_year = {fiscal_year}",
        f'date = "{FILL_IN}"  ' + comment(M("the announcement date, Christian era, without quotes, "
                                            "e.g. 2024-03-29"))[0],
    ]
    if value_lines:
        lines += ["", "[values]", *value_lines]
    lines += [
        "",
        *comment(M("the template and format versions this announcement is issued with")),
        "[issued]",
        f"template_version = {template}",
        f"profile_version = {profile.version}",
    ]
    return NewEdition(target, "\n".join(lines) + "\n", review)
