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

from generator import render
from generator.format import versions
from generator.document.stamps import stamps
from generator.errors import ContentError, Problem
from generator.document.model import Announcement
from generator.format.profile import OFFICIAL, Profile

FORMATS = ("html", "pdf", "docx")


def discover(paths: list[Path]) -> list[Path]:
    """Content files named or found (``*.toml``, recursively) under ``paths``."""
    found: list[Path] = []
    for path in paths:
        if path.is_dir() and path.suffix != ".toml":  # "x.toml/" is reported as a folder
            found.extend(sorted(path.rglob("*.toml")))
        else:
            found.append(path)
    return found


#: The key of the archival PDF (the PDF with its content files attached) in
#: :func:`render_outputs`' result.
ARCHIVAL_PDF = "pdf+sources"


def render_outputs(announcement: Announcement, formats=FORMATS,
                   profile: Profile | None = None,
                   sources: dict[str, tuple[bytes, str]] | None = None) -> dict[str, bytes]:
    """Turn one edition into its outputs: format → bytes, all from one rendered
    HTML document. Writes nothing. Every command goes through here.

    ``profile`` defaults to the one the content names (``official``).
    ``sources`` (file name → bytes and description) also makes the archival
    PDF (:data:`ARCHIVAL_PDF`): the same layout with those files attached.
    """
    profile = versions.with_content_digits(profile or versions.profile_for(announcement), announcement)
    html = render.render(announcement, profile)
    dates = stamps(announcement)
    out: dict[str, bytes] = {}
    if "html" in formats:
        from generator.writers import html as html_writer
        out["html"] = html_writer.write(html)
    if "pdf" in formats:
        from generator.writers import pdf as pdf_writer
        identifier = hashlib.sha256(html.encode()).hexdigest()[:32].encode()
        pdf_options = dict(created=dates.w3c(dates.created), modified=dates.w3c(dates.modified),
                           announcement=announcement)
        if sources is None:
            out["pdf"] = pdf_writer.write(html, identifier, profile, **pdf_options)
        else:
            out["pdf"], out[ARCHIVAL_PDF] = pdf_writer.write_with_sources(
                html, identifier, profile, sources=sources, attached=dates.created, **pdf_options)
    if "docx" in formats:
        from generator.writers import docx as docx_writer
        title = f"ประกาศ{render.expand(announcement.issuer, announcement, profile)}"
        from generator.render.assets import asset_files  # imports WeasyPrint: only when needed

        images = {render.ASSET_PREFIX + name: data
                  for name, data in asset_files(profile, announcement).items()
                  if name.startswith("assets/")}
        out["docx"] = docx_writer.write(html, profile, title=title, author=announcement.issuer,
                                        created=dates.created, modified=dates.modified,
                                        images=images,
                                        layout=versions.template_dir(versions.template_version_for(announcement)))
    return out


def edition_dir(output: Path, announcement: Announcement) -> Path:
    """``output/<province>/<edition>/``; the validator keeps both names plain."""
    target = (output / announcement.province / announcement.edition).resolve()
    if output.resolve() not in target.parents:
        # Validated names never get here; a backstop for models built in code
        # and for a province folder that is a link to somewhere else.
        raise ContentError([Problem(
            announcement.source, None, "announcement.province",
            f"ชื่อจังหวัดและฉบับต้องได้โฟลเดอร์ภายใน {output} แต่ได้ {target}",
            f"the province and edition names must give a folder inside {output}, not {target}")])
    return target


def write_atomic(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` through a temporary file and a rename.

    On Linux the data first goes to a file with no name (``O_TMPFILE``), named
    only once complete: even a build killed outright (SIGKILL, power cut)
    leaves no partial file behind. Elsewhere a hidden ``.name.XXXX.tmp`` file is
    used, removed on any error the process lives to see.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    if _write_unnamed(path, data):
        return
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


def _write_unnamed(path: Path, data: bytes) -> bool:
    """``write_atomic`` through an unnamed file; False where that is not possible."""
    try:
        handle = os.open(path.parent, os.O_TMPFILE | os.O_WRONLY, 0o644)
    except (AttributeError, OSError):
        return False
    temporary = path.parent / f".{path.name}.{os.urandom(6).hex()}.tmp"
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
            os.fchmod(stream.fileno(), 0o644)
            try:
                os.link(f"/proc/self/fd/{stream.fileno()}", temporary, follow_symlinks=True)
            except OSError:
                return False  # no /proc: the caller writes through a named file
        os.replace(temporary, path)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    return True


def copy_assets(output: Path, profile: Profile = OFFICIAL, announcement=None,
                fonts: bool = True) -> None:
    """Put the fonts and images the HTML links to beside the editions;
    ``fonts=False`` copies the edition's emblem only (a batch copies the fonts once)."""
    from generator.render.assets import asset_files  # imports WeasyPrint: only when needed

    for relative, data in asset_files(profile, announcement).items():
        if not fonts and relative.startswith("fonts/"):
            continue
        target = output / relative
        if not target.is_file() or target.read_bytes() != data:
            write_atomic(target, data)


@dataclass
class Built:
    announcement: Announcement
    files: list[Path]


def build(announcement: Announcement, output: Path, formats=FORMATS,
          profile: Profile | None = None, force: bool = False, fonts: bool = True) -> Built:
    """Render one edition and write its files under ``output``.

    An archived edition whose outputs would differ from the archived ones
    stops with :class:`~generator.archive.ArchiveConflict` unless ``force``.
    ``fonts=False`` leaves copying the fonts to the caller.
    """
    profile = profile or versions.profile_for(announcement)
    outputs = render_outputs(announcement, formats, profile)
    if not force:
        from generator.archive.store import check_build
        check_build(announcement, outputs)
    folder = edition_dir(output, announcement)
    files = []
    for fmt, data in outputs.items():
        path = folder / f"{announcement.slug}.{fmt}"
        write_atomic(path, data)
        files.append(path)
    if "html" in formats:
        copy_assets(output, profile, announcement, fonts=fonts)
    return Built(announcement, files)
