"""Turn a template or format-profile version number into the files that render it.

Templates live in numbered folders, ``templates/v1/``, ``templates/v2/``, …;
a folder renders one content format, told by its page template
(:data:`FORMAT_PAGES`): versions 1, 3, 4 and 5 the format-1 plan page, versions
2 and 6 the format-2 document tree. The current version of a format is the highest folder
that renders it (format 1: 5, format 2: 6). A released folder is never edited:
a change of layout is a new folder (copy the last one of that format, then
edit the copy), so an edition issued with version 1 still renders with
version 1 years later.

A format profile carries ``version = N`` inside its file
(``templates/profiles/official.toml``). Before the current file's version is
raised, the old file is kept as ``templates/profiles/versions/official-vN.toml``.

``PRAKAT_TEMPLATES=DIR`` points prakat at another templates tree (tests use it
to change the "current" template without touching the repository).
"""

from __future__ import annotations

from generator import ROOT
import dataclasses
import os
import re
import tomllib
from functools import lru_cache
from pathlib import Path
from typing import Callable

from generator.errors import BuildError, ContentError, Problem
from generator.format.profile import PROFILE_NAME, Profile, parse
from generator.messages import M, Message

TEMPLATE_FILES = ("announcement.html.j2", "prakat.css.j2")
#: Content format → the page template of the folders that render it: the plan
#: page (versions 1, 3, 4, 5) for format 1, the document tree's page (versions 2, 6) for format 2.
FORMAT_PAGES = {1: "announcement.html.j2", 2: "document.html.j2"}
#: Every page template a version folder may have.
PAGE_TEMPLATES = tuple(FORMAT_PAGES.values())
#: The format whose current template :func:`current_template_version` gives
#: when none is named: format 2, in which every new kind of document is written.
DEFAULT_FORMAT = 2
_VERSION_DIR = re.compile(r"^v([1-9][0-9]*)$")


def templates_root() -> Path:
    """``$PRAKAT_TEMPLATES`` if set, else the project's ``templates/`` folder."""
    return Path(os.environ.get("PRAKAT_TEMPLATES", ROOT / "templates"))


def template_versions(root: Path | None = None, format: int | None = None) -> list[int]:
    """Every template version present, oldest first; with ``format``, only
    those that render that content format."""
    root = root or templates_root()
    pages = PAGE_TEMPLATES if format is None else (FORMAT_PAGES.get(format, ""),)
    found = []
    for folder in root.iterdir() if root.is_dir() else ():
        match = _VERSION_DIR.match(folder.name)
        if match and any(name and (folder / name).is_file() for name in pages):
            found.append(int(match.group(1)))
    return sorted(found)


def current_template_version(root: Path | None = None, format: int = DEFAULT_FORMAT) -> int:
    """The current template version of content ``format``: the highest folder
    that renders it (format 1 → 5, the plan page's latest layout; format 2 → 6)."""
    versions = template_versions(root, format)
    if not versions:
        page = FORMAT_PAGES.get(format, "…")
        raise ContentError([Problem(root or templates_root(), None, "", M(
            "no template folder for content format {format} (templates/vN/{page})", format=format, page=page))])
    return versions[-1]


#: Where a problem of a version is reported: a function making the located
#: :class:`Problem` of a message (the ``[issued]`` field of a content file).
Where = Callable[[Message], Problem]


def template_dir(version: int | None = None, root: Path | None = None,
                 where: Where | None = None) -> Path:
    """The folder of template ``version`` (format 2's current one when ``None``)."""
    root = root or templates_root()
    if version is None:
        version = current_template_version(root)
    if type(version) is not int or version < 1:
        # A version is a number, never a name or a path.
        raise ContentError([_located(where, root, "template_version", M(
            "a template version is a whole number from 1, found {value}", value=repr(version)))])
    folder = root / f"v{version}"
    if version not in template_versions(root):
        known = ", ".join(str(v) for v in template_versions(root))
        raise ContentError([_located(where, root, "template_version", M(
            "no template version {version} (known: {known})", version=version, known=known))])
    return folder


#: A template folder's options for the PDF writer (versions 5 and 6 on).
PDF_OPTIONS_FILE = "pdf.toml"


@dataclasses.dataclass(frozen=True)
class PdfOptions:
    """How a template version writes the PDF. ``tagged``: with its structure
    (a tagged PDF/A-3b), as versions 5 and 6 do; 1 to 4 never."""

    tagged: bool = False


def pdf_options(folder: Path) -> PdfOptions:
    """The ``pdf.toml`` of the template folder ``folder``, checked; without
    one, the untagged PDF of versions 1 to 4."""
    path = folder / PDF_OPTIONS_FILE
    return _pdf_options(str(path), _stamp(path))


def template_file_error(path: str, message: Message) -> BuildError:
    """A refusal of a template folder's option file ``path``, naming it."""
    return BuildError(M("{place}: {text}", place=path, text=message))


def read_template_file(path: str, what: Message) -> dict:
    """A template folder's option file (TOML), or a :class:`BuildError` that names it."""
    try:
        return tomllib.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        raise template_file_error(path, M("cannot read {what}: {error}", what=what, error=error)) from None


@lru_cache(maxsize=16)
def _pdf_options(path: str, stamp: tuple | None) -> PdfOptions:
    if stamp is None:
        return PdfOptions()

    def fail(message: Message) -> BuildError:
        return template_file_error(path, message)

    data = read_template_file(path, M("the PDF options"))
    known = tuple(field.name for field in dataclasses.fields(PdfOptions))
    for key, value in data.items():
        if key not in known:
            raise fail(M('unknown key "{key}" (known keys: {known})', key=key, known=", ".join(known)))
        if type(value) is not bool:
            raise fail(M("expected {kind}, found {value}", kind=M("true/false"), value=repr(value)))
    return PdfOptions(**data)


def _located(where: Where | None, path, field: str, message: Message) -> Problem:
    if where is None:
        return Problem(path, None, field, message)
    return where(message)


def _stamp(path: Path) -> tuple | None:
    """What tells a changed file or folder from the one read before, without reading it."""
    try:
        stat = path.stat()
    except OSError:
        return None
    return stat.st_ino, stat.st_size, stat.st_mtime_ns


def _profile_version(path: Path) -> int | None:
    return _profile_version_at(path, _stamp(path))


@lru_cache(maxsize=64)
def _profile_version_at(path: Path, stamp: tuple | None) -> int | None:
    # A batch asks this for every edition: read each profile file once while it is unchanged.
    try:
        version = tomllib.loads(path.read_text(encoding="utf-8")).get("version")
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        return None
    return version if isinstance(version, int) else None


def _checked_name(name: str, where: Where | None = None, root: Path | None = None) -> str:
    """``name`` if it is a profile's name (``official``, ``narrow-margins``):
    never a path, so it is only ever looked up inside the profiles folder."""
    if not isinstance(name, str) or not PROFILE_NAME.fullmatch(name):
        shown = repr(name) if len(repr(name)) <= 60 else repr(name)[:57] + "..."
        raise ContentError([_located(where, (root or templates_root()) / "profiles", "profile", M(
            "a profile's name is lower-case latin letters, digits and hyphens, "
            "e.g. official (never a path); found {value}", value=shown))])
    return name


def profile_versions(name: str, root: Path | None = None) -> dict[int, Path]:
    """Version → file of the profile called ``name``: the current file and the kept ones."""
    name = _checked_name(name, root=root)
    folder = (root or templates_root()) / "profiles"
    found = dict(_kept_versions(folder / "versions", name, _stamp(folder / "versions")))
    current = folder / f"{name}.toml"
    version = _profile_version(current) if current.is_file() else None
    if version is not None:
        found[version] = current
    return dict(sorted(found.items()))


@lru_cache(maxsize=64)
def _kept_versions(folder: Path, name: str, stamp: tuple | None) -> tuple[tuple[int, Path], ...]:
    """The kept versions of profile ``name`` in ``folder`` (read again when the folder changes)."""
    found = []
    for path in sorted(folder.glob(f"{name}-v*.toml")):
        match = re.fullmatch(re.escape(name) + r"-v([1-9][0-9]*)", path.stem)
        if match:
            found.append((int(match.group(1)), path))
    return tuple(found)


def profile_path(name: str, version: int | None = None, root: Path | None = None,
                 where: Where | None = None) -> Path:
    """The file of profile ``name`` at ``version`` (the current file when ``None``)."""
    name = _checked_name(name, where, root)
    folder = (root or templates_root()) / "profiles"
    if version is None:
        return folder / f"{name}.toml"
    versions = profile_versions(name, root)
    if version not in versions:
        known = ", ".join(str(v) for v in versions) or "-"
        raise ContentError([_located(where, folder, "profile_version", M(
            'no version {version} of the profile "{name}" (known: {known})', version=version, name=name,
            known=known))])
    return versions[version]


@lru_cache(maxsize=16)
def _load_profile(path: Path, name: str, stamp: tuple) -> Profile:
    profile = parse(path)
    return dataclasses.replace(profile, name=name)


def load_profile(name: str, version: int | None = None, root: Path | None = None) -> Profile:
    """The profile ``name`` at ``version`` (current when ``None``), checked."""
    path = profile_path(name, version, root)
    stat = path.stat() if path.is_file() else None
    stamp = (stat.st_size, stat.st_mtime_ns) if stat else ()
    if stat is None:
        from generator.format.profile import load
        return load(name, path.parent)  # raises the "no such profile" message
    profile = _load_profile(path, name, stamp)
    if version is not None and profile.version != version:
        raise ContentError([Problem(path, None, "version", M(
            "this file is version {found}, not {version}", found=profile.version, version=version))])
    return profile


def profile_file_for(announcement) -> Path:
    """The profile file an edition renders with: its own file beside the
    content, or the named profile at its pinned version."""
    if getattr(announcement, "profile_path", None) is not None:
        return announcement.profile_path
    return profile_path(announcement.profile, announcement.profile_version)


def profile_for(announcement) -> Profile:
    """The profile an edition renders with, with the content's own digit choice."""
    if getattr(announcement, "profile_path", None) is not None:
        path = announcement.profile_path
        stat = path.stat()
        profile = _load_profile(path, path.stem, (stat.st_size, stat.st_mtime_ns))
    else:
        profile = load_profile(announcement.profile, announcement.profile_version)
    return with_content_digits(profile, announcement)


def with_content_digits(profile: Profile, announcement) -> Profile:
    """``profile`` with the digits the content chose (``digits = "arabic"``), if any."""
    digits = getattr(announcement, "digits", None)
    if digits and digits != profile.digits:
        profile = dataclasses.replace(profile, digits=digits)
    return profile


def template_version_for(announcement) -> int:
    """The template version an edition renders with: its pinned one; for an
    unpinned format-1 file version 1 (the one it was written for: files on
    disk build as they always have, even though format 1's current layout is
    version 3); else the current one of its format."""
    if announcement.template_version is not None:
        return announcement.template_version
    content_format = getattr(announcement, "format", 1)
    if content_format == 1:
        return 1
    return current_template_version(format=content_format)
