"""Turn content files into files under ``output/``: the only module that writes.

Every content file is validated before anything is written. Each output is
written to a temporary file beside its target and renamed into place, so a
failure never leaves a half-written file.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

from . import content, render, versions
from .stamps import stamps
from .assets import asset_files
from .errors import ContentError
from .model import Announcement
from .profile import OFFICIAL, Profile
from .profile import load as load_profile

FORMATS = ("html", "pdf", "docx")


def discover(paths: list[Path]) -> list[Path]:
    """Content files named or found (``*.toml``, recursively) under ``paths``."""
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found.extend(sorted(path.rglob("*.toml")))
        else:
            found.append(path)
    return found


def load_all(paths: list[Path]) -> list[Announcement]:
    """Validate every file; one :class:`ContentError` lists all the problems."""
    announcements, problems = [], []
    for path in paths:
        try:
            announcements.append(content.load(path))
        except ContentError as error:
            problems.extend(error.problems)
    if problems:
        raise ContentError(problems)
    return announcements


def render_outputs(announcement: Announcement, formats=FORMATS,
                   profile: Profile | None = None) -> dict[str, bytes]:
    """Format → bytes, all from one rendered HTML document. Writes nothing.

    ``profile`` defaults to the one the content names (``official``).
    """
    profile = profile or versions.load_profile(announcement.profile, announcement.profile_version)
    html = render.render(announcement, profile)
    dates = stamps(announcement)
    out: dict[str, bytes] = {}
    if "html" in formats:
        from .writers import html as html_writer
        out["html"] = html_writer.write(html)
    if "pdf" in formats:
        from .writers import pdf as pdf_writer
        identifier = hashlib.sha256(html.encode()).hexdigest()[:32].encode()
        out["pdf"] = pdf_writer.write(html, identifier, profile, created=dates.w3c(dates.created),
                                      modified=dates.w3c(dates.modified))
    if "docx" in formats:
        from .writers import docx as docx_writer
        title = f"ประกาศ{render.expand(announcement.issuer, announcement, profile)}"
        images = {render.ASSET_PREFIX + name: data for name, data in asset_files(profile).items()
                  if name.startswith("assets/")}
        out["docx"] = docx_writer.write(html, profile, title=title, author=announcement.issuer,
                                        created=dates.created, modified=dates.modified,
                                        images=images)
    return out


def edition_dir(output: Path, announcement: Announcement) -> Path:
    """``output/<province>/<edition>/``; the validator keeps both names plain."""
    target = (output / announcement.province / announcement.edition).resolve()
    if output.resolve() not in target.parents:
        raise ContentError([])  # unreachable with validated names; a backstop
    return target


def write_atomic(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` through a temporary file and a rename."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temporary, 0o644)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def copy_assets(output: Path, profile: Profile = OFFICIAL) -> None:
    """Put the fonts and images the HTML links to beside the editions."""
    for relative, data in asset_files(profile).items():
        target = output / relative
        if not target.is_file() or target.read_bytes() != data:
            write_atomic(target, data)


@dataclass
class Built:
    announcement: Announcement
    files: list[Path]


def build(announcement: Announcement, output: Path, formats=FORMATS,
          profile: Profile | None = None, force: bool = False) -> Built:
    """Render one edition and write its files under ``output``.

    An archived edition whose outputs would differ from the archived ones
    stops with :class:`~generator.archive.ArchiveConflict` unless ``force``.
    """
    profile = profile or versions.load_profile(announcement.profile, announcement.profile_version)
    outputs = render_outputs(announcement, formats, profile)
    if not force:
        from .archive import check_build
        check_build(announcement, outputs)
    folder = edition_dir(output, announcement)
    files = []
    for fmt, data in outputs.items():
        path = folder / f"{announcement.slug}.{fmt}"
        write_atomic(path, data)
        files.append(path)
    if "html" in formats:
        copy_assets(output, profile)
    return Built(announcement, files)
