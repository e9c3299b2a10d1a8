"""Turn content files into files under ``output/``: the only module that writes.

Every content file is validated before anything is written. Each output is
written to a temporary file beside its target and renamed into place, so a
failure never leaves a half-written file.
"""

from __future__ import annotations

import functools
import gc
import hashlib
import os
import re
import stat
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from generator import render, thai
from generator.document import kinds
from generator.engine import glyphs
from generator.format import versions
from generator.document.stamps import stamps
from generator.errors import ContentError, Problem, Refused, printable
from generator.messages import M
from generator.document.model import Announcement
from generator.format.profile import OFFICIAL, Profile
from generator.render.marks import Marks

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
#: The key of the PDF's layout (``locate=``) in :func:`render_outputs`' result.
LAYOUT = "layout"


def _collector_paused(function):
    """Run ``function`` with Python's cycle collector paused. A long document
    keeps many objects alive, and each collection walks the new objects and
    all they hold: the collections grew faster than the document (8 % of a
    10,000-item PDF, measured with bench/). A render leaves few cycles (15 MB
    more at the peak of that PDF); the collector finds them after it.
    Changes no byte."""
    @functools.wraps(function)
    def run(*args, **kwargs):
        was_enabled = gc.isenabled()
        gc.disable()
        try:
            return function(*args, **kwargs)
        finally:
            if was_enabled:
                gc.enable()
    return run


@_collector_paused
def render_outputs(announcement: Announcement, formats=FORMATS,
                   profile: Profile | None = None,
                   sources: dict[str, tuple[bytes, str]] | None = None,
                   locate: tuple[str, ...] = (),
                   marks: Marks | None = None, aside=None) -> dict[str, bytes]:
    """Turn one edition into its outputs: format → bytes, all from one rendered
    HTML document. Writes nothing. Every command goes through here.

    ``aside`` (:class:`generator.commands.aside.PdfAside`) lays out the PDF
    in a second process while this one writes the HTML and the DOCX (the
    same bytes: :func:`plain_pdf`).

    ``profile`` defaults to the one the content names (``official``).
    ``sources`` (file name → bytes and description) also makes the archival
    PDF (:data:`ARCHIVAL_PDF`): the same layout with those files attached.
    ``locate`` (class names) adds :data:`LAYOUT`: where the PDF's layout put
    the elements of those classes (JSON, :func:`generator.engine.locate.as_json`).
    ``marks`` marks every page as a review draft or a certified copy
    (:mod:`generator.render.marks`); a marked edition is never archived, so
    it gets no archival PDF.
    """
    if marks is not None and not marks.empty and sources is not None:
        raise Refused(M("a draft or a marked copy is never archived"))
    profile = versions.with_content_digits(profile or versions.profile_for(announcement), announcement)
    html = render.render(announcement, profile, marks=marks)
    # A character the font cannot draw is refused here, before any writer:
    # the HTML, the PDF and the DOCX are refused alike.
    glyphs.check(html, announcement, profile.font_family)
    dates = stamps(announcement)
    out: dict[str, bytes] = {}
    pdf_aside = None
    if aside is not None and "pdf" in formats and len(formats) > 1 and sources is None and not locate:
        pdf_aside = aside.pdf(html, profile, dates, announcement)
    if "html" in formats:
        from generator.writers import html as html_writer
        out["html"] = html_writer.write(html)
    if pdf_aside is not None:
        out["pdf"] = b""  # keeps the formats' order; filled in below
    elif "pdf" in formats:
        from generator.writers import pdf as pdf_writer
        identifier, pdf_options = _pdf_options(html, dates, announcement)
        if locate:
            from generator.engine import locate as locator

            def record_layout(document, names=tuple(locate)):
                out[LAYOUT] = locator.as_json(document, names)
            pdf_options["on_layout"] = record_layout
        if sources is None:
            out["pdf"] = pdf_writer.write(html, identifier, profile, **pdf_options)
        else:
            out["pdf"], out[ARCHIVAL_PDF] = pdf_writer.write_with_sources(
                html, identifier, profile, sources=sources, attached=dates.created, **pdf_options)
    if "docx" in formats:
        from generator.writers import docx as docx_writer
        title, subject = document_names(announcement, profile)
        from generator.render.assets import asset_files  # imports WeasyPrint: only when needed

        images = {render.ASSET_PREFIX + name: data
                  for name, data in asset_files(profile, announcement).items()
                  if name.startswith("assets/")}
        out["docx"] = docx_writer.write(html, profile, title=title, subject=subject,
                                        author=announcement.issuer,
                                        created=dates.created, modified=dates.modified,
                                        images=images,
                                        layout=versions.template_dir(versions.template_version_for(announcement)))
    if pdf_aside is not None:
        out["pdf"] = pdf_aside.result()
    return out


def _pdf_options(html: str, dates, announcement: Announcement) -> tuple[bytes, dict]:
    identifier = hashlib.sha256(html.encode()).hexdigest()[:32].encode()
    folder = versions.template_dir(versions.template_version_for(announcement))
    return identifier, dict(created=dates.w3c(dates.created), modified=dates.w3c(dates.modified),
                            announcement=announcement,
                            tagged=versions.pdf_options(folder).tagged)


def plain_pdf(html: str, profile: Profile, dates, announcement: Announcement) -> bytes:
    """The plain PDF of ``html``: what :func:`render_outputs` writes, in any process."""
    from generator.writers import pdf as pdf_writer

    identifier, options = _pdf_options(html, dates, announcement)
    return pdf_writer.write(html, identifier, profile, **options)


def document_names(announcement: Announcement, profile: Profile) -> tuple[str, str]:
    """The title (ประกาศจังหวัดขอนแก่น, คำสั่งหัวหน้าคณะรักษาความสงบแห่งชาติ)
    and the subject of ``announcement`` as its page writes them (references
    expanded, digits per ``profile``), for the DOCX's properties; the subject
    carries the amendment and the year of a format-2 title. A fill-in line
    in either is "…"."""
    folder = versions.template_dir(versions.template_version_for(announcement))
    if (folder / kinds.FILE).is_file():  # the document tree's page (format 2)
        refs = render.node_refs(announcement)
        word = kinds.load(folder)[announcement.kind].title

        def text(value: str) -> str:
            return render.expand2(value, announcement, profile, refs)
    else:  # the plan page (format 1): always a ประกาศ
        word = kinds.ANNOUNCEMENT.title

        def text(value: str) -> str:
            return render.expand(value, announcement, profile)
    subject = text(announcement.subject)
    if announcement.amendment is not None:
        subject += f" (ฉบับที่ {thai.number(announcement.amendment, profile.digits)})"
    if announcement.title_year is not None:
        subject += f" พ.ศ. {thai.number(announcement.title_year, profile.digits)}"
    fill = re.compile(f"{render.BLANK_START}[^{render.BLANK_END}]*{render.BLANK_END}")
    return fill.sub("…", f"{word}{text(announcement.issuer)}"), fill.sub("…", subject)


def edition_dir(output: Path, announcement: Announcement) -> Path:
    """``output/<province>/<edition>/``; the validator keeps both names plain."""
    target = (output / announcement.province / announcement.edition).resolve()
    if output.resolve() not in target.parents:
        # Validated names never get here; a backstop for models built in code
        # and for a province folder that is a link to somewhere else.
        raise ContentError([Problem(
            announcement.source, None, "announcement.province",
            M("the province and edition names must give a folder inside {output}, not {target}",
              output=printable(str(output)), target=printable(str(target))))])
    return target


def check_inside(path: Path, root: Path) -> None:
    """Refuse (:class:`~generator.errors.Refused`) when the folder that
    ``path`` goes into leads outside ``root``, e.g. through a folder inside
    ``root`` that is a symbolic link to somewhere else."""
    top = Path(root).resolve()
    real = Path(path).parent.resolve()
    if real != top and top not in real.parents:
        where, outside = printable(str(path)), printable(str(real))
        raise Refused(M(
            "refusing to write {path}: its folder leads (through a symbolic link) outside the"
            " output folder {root}, to {outside}; remove the link or choose another output folder",
            path=where, root=printable(str(root)), outside=outside))


def write_atomic(path: Path, data: bytes, inside: Path | None = None) -> None:
    """Write ``data`` to ``path`` through a temporary file and a rename.

    ``inside``: the folder every write must stay in; a path whose folder leads
    elsewhere (a symbolic link) is refused with :class:`~generator.errors.Refused`.

    On Linux the data first goes to a file with no name (``O_TMPFILE``), named
    only once complete: even a build killed outright (SIGKILL, power cut)
    leaves no partial file behind. Elsewhere a hidden ``.name.XXXX.tmp`` file is
    used, removed on any error the process lives to see.
    """
    if inside is not None:
        check_inside(path, inside)
    path.parent.mkdir(parents=True, exist_ok=True)
    if inside is not None:
        check_inside(path, inside)  # again: a link may have appeared meanwhile
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
        check_inside(target, output)  # before reading it, too
        if not target.is_file() or target.read_bytes() != data:
            write_atomic(target, data, inside=output)


@dataclass
class Built:
    announcement: Announcement
    files: list[Path]
    #: (output, the copy kept of it): outputs edited by hand since prakat wrote them.
    kept: list[tuple[Path, Path]] = field(default_factory=list)


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as stream:
        for block in iter(lambda: stream.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def kept_name(path: Path, number: int) -> Path:
    """``khon-kaen-2567.docx`` → ``khon-kaen-2567.edited-1.docx``."""
    return path.with_name(f"{path.stem}.edited-{number}{path.suffix}")


def keep_edited(path: Path, data: bytes, recorded: str | None) -> Path | None:
    """Before ``data`` replaces ``path``: when ``path`` is not what prakat
    wrote last (``recorded``, its SHA-256; None when nothing is recorded),
    keep it beside under the first free ``kept_name`` (an earlier kept copy is
    never overwritten) and return that name."""
    if recorded is None:
        return None
    try:
        info = os.lstat(path)
    except FileNotFoundError:
        return None
    if stat.S_ISREG(info.st_mode):
        if _sha256(path) == recorded:
            return None
        if info.st_size == len(data) and path.read_bytes() == data:
            return None  # edited back to exactly what is written now
    number = 1
    while True:
        kept = kept_name(path, number)
        try:
            try:
                # A second name for the edited file: it stays when ``path`` is replaced.
                os.link(path, kept, follow_symlinks=False)
            except FileExistsError:
                raise
            except OSError:  # no hard links on this file system: a copy
                if not stat.S_ISREG(info.st_mode):
                    raise
                _copy_to_new(path, kept)
            return kept
        except FileExistsError:
            number += 1


def _copy_to_new(source: Path, target: Path) -> None:
    """Copy ``source`` to ``target``, which must not exist yet."""
    with open(target, "xb") as stream:
        try:
            with open(source, "rb") as original:
                for block in iter(lambda: original.read(1 << 20), b""):
                    stream.write(block)
        except BaseException:
            target.unlink(missing_ok=True)
            raise


#: What a review draft's file names carry: ``khon-kaen-2567.draft.pdf`` lies
#: beside ``khon-kaen-2567.pdf`` and never replaces it.
DRAFT_SUFFIX = ".draft"


def output_name(announcement: Announcement, fmt: str, draft: bool = False) -> str:
    """``khon-kaen-2567.pdf``, or ``khon-kaen-2567.draft.pdf`` for a review draft."""
    return f"{announcement.slug}{DRAFT_SUFFIX if draft else ''}.{fmt}"


def archived(announcement: Announcement) -> bool:
    """Whether the archive may hold this edition: its manifest (or a link in
    its place) is where :func:`generator.archive.store.edition_folder` puts
    it. Only then is the archive's code loaded."""
    manifest = (Path(os.environ.get("PRAKAT_ARCHIVE", "archive")) / announcement.province
                / announcement.edition / "manifest.json")
    return manifest.exists() or manifest.is_symlink()


def build(announcement: Announcement, output: Path, formats=FORMATS,
          profile: Profile | None = None, force: bool = False, fonts: bool = True,
          recorded: Mapping[str, str] | None = None, draft: bool = False,
          aside=None) -> Built:
    """Render one edition and write its files under ``output``.

    ``draft`` writes a review draft instead (every page marked, see
    :mod:`generator.render.marks`) as ``NAME.draft.FORMAT`` beside the
    edition's files, which it leaves alone; a draft is never compared with
    the archive (it differs by design) nor archived.

    An archived edition whose outputs would differ from the archived ones
    stops with :class:`~generator.archive.ArchiveConflict` unless ``force``.
    ``fonts=False`` leaves copying the fonts to the caller. ``recorded``
    (format → SHA-256 of the file prakat wrote last) keeps an output edited by
    hand since then beside it (:func:`keep_edited`) instead of overwriting it.
    Nothing is written outside ``output``, even through a symbolic link.
    ``aside``: see :func:`render_outputs`.
    """
    profile = profile or versions.profile_for(announcement)
    outputs = render_outputs(announcement, formats, profile,
                             marks=Marks(draft=True) if draft else None, aside=aside)
    if not force and not draft and archived(announcement):
        from generator.archive.store import check_build
        check_build(announcement, outputs)
    folder = edition_dir(output, announcement)
    files, kept = [], []
    recorded = recorded or {}
    for fmt, data in outputs.items():
        path = folder / output_name(announcement, fmt, draft)
        check_inside(path, output)
        copy = keep_edited(path, data, recorded.get(fmt))
        if copy is not None:
            kept.append((path, copy))
        write_atomic(path, data, inside=output)
        files.append(path)
    if "html" in formats:
        copy_assets(output, profile, announcement, fonts=fonts)
    return Built(announcement, files, kept)
