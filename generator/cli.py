"""The ``prakat`` command: a thin layer over :mod:`generator.build`."""

from __future__ import annotations

import os
import signal
import sys
from pathlib import Path

import click

from generator import build as builder
from generator.errors import EXIT_BUILD, EXIT_DIFFERS, EXIT_INPUT, BuildError, ContentError, Problem

HELP = """prakat: ประกาศราชการจากไฟล์เนื้อหา TOML เป็น DOCX, PDF และ HTML
(official Thai announcements from TOML content, as DOCX, PDF and HTML).

\b
Exit codes / รหัสการจบ:
  0  success / สำเร็จ
  1  a failure while rendering / สร้างเอกสารไม่สำเร็จ
  2  bad input or usage / เนื้อหาหรือคำสั่งไม่ถูกต้อง
  3  differs from the archive / ไม่ตรงกับฉบับในคลัง (build, archive, verify)

Error messages name the file, line, column and field, in Thai with English
beside; `prakat build --lang en` gives English only. PRAKAT_DEBUG=1 shows the
Python traceback of an unexpected failure.
"""


@click.group(help=HELP, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="prakat")
def main() -> None:
    pass


def _formats(ctx, param, value: str) -> tuple[str, ...]:
    chosen = tuple(part.strip() for part in value.split(",") if part.strip())
    unknown = [f for f in chosen if f not in builder.FORMATS]
    if unknown or not chosen:
        raise click.BadParameter(
            f"รูปแบบที่ใช้ได้คือ {', '.join(builder.FORMATS)} (known formats: {', '.join(builder.FORMATS)});"
            f" got {value!r}")
    return chosen


@main.command()
@click.argument("content", nargs=-1, type=click.Path(path_type=Path))
@click.option("--format", "formats", default=",".join(builder.FORMATS), show_default=True,
              callback=_formats, help="Comma-separated output formats: html, pdf, docx.")
@click.option("--output", "-o", type=click.Path(path_type=Path, file_okay=False),
              default=Path("output"), show_default=True,
              help="Folder for the results; each edition goes to OUTPUT/<province>/<edition>/.")
@click.option("--lang", type=click.Choice(["th", "en"]), default="th", show_default=True,
              help="Language of error messages: th (Thai, English beside) or en.")
@click.option("--jobs", "-j", type=click.IntRange(min=1), default=None,
              help="Editions rendered at once (default: the number of cores).")
@click.option("--force", is_flag=True,
              help="Rebuild every edition, even those whose inputs have not changed, and "
                   "write an archived edition even when it differs from the archive "
                   "(the archive itself is never changed).")
def build(content: tuple[Path, ...], formats: tuple[str, ...], output: Path, lang: str,
          jobs: int | None, force: bool) -> None:
    """Render CONTENT files (default: everything under content/) into OUTPUT.

    CONTENT may name .toml files or folders, which are searched for .toml
    files. Editions are built in parallel; an edition whose inputs have not
    changed since its last build is skipped (--force rebuilds it). A file
    with a problem is reported and left out while the others build; the exit
    code is then 2 (3 if an archived edition came out different from its
    archive, 1 if only rendering failed), and the summary names it.
    """
    from generator.commands import batch

    # A build stopped with SIGTERM unwinds like Ctrl-C: temporary files go.
    signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit(128 + signum))
    paths = builder.discover(list(content) or [Path("content")])
    if not paths:
        _fail([Problem(content[0] if content else "content", None, "",
                       "ไม่พบไฟล์เนื้อหา .toml", "no .toml content file found")], lang)
    try:
        summary = batch.run(paths, output, formats, jobs=jobs, force=force,
                            reporter=batch.Reporter(lang=lang))
    except Exception as error:  # a bug in prakat, not the user's fault
        _crash("", error, lang)
    sys.exit(summary.exit_code)


def _fail(problems: list[Problem], lang: str) -> None:
    for problem in problems:
        click.echo(problem.format(lang), err=True)
    sys.exit(EXIT_INPUT)


def _crash(where: str, error: Exception, lang: str) -> None:
    """An unexpected failure: a short message and exit code 1, no traceback
    (unless PRAKAT_DEBUG is set); the previous output files are untouched."""
    if os.environ.get("PRAKAT_DEBUG"):
        raise error
    detail = f"{type(error).__name__}: {error}"
    english = (f"{where}prakat failed unexpectedly ({detail}); no file was half-written. "
               "Please report this with the content file (PRAKAT_DEBUG=1 shows the details).")
    if lang == "en":
        click.echo(english, err=True)
    else:
        click.echo(f"{where}โปรแกรมทำงานผิดพลาดโดยไม่คาดคิด ({detail}) ไม่มีไฟล์ใดถูกเขียนค้างไว้ครึ่งทาง "
                   f"กรุณาแจ้งผู้ดูแลพร้อมไฟล์เนื้อหา\n    ({english})", err=True)
    sys.exit(EXIT_BUILD)


# --- editions and the archive (issue 6): generator/editions.py, diffing.py, archive.py ---

_LANG = click.option("--lang", type=click.Choice(["th", "en"]), default="th", show_default=True,
                     help="Language of error messages: th (Thai, English beside) or en.")
_ARCHIVE = click.option("--archive", "archive_dir", type=click.Path(path_type=Path, file_okay=False),
                        default=None, help="The archive folder (default: $PRAKAT_ARCHIVE or archive/).")


@main.command()
@click.argument("previous", type=click.Path(path_type=Path))
@click.option("--fiscal-year", type=int, required=True, help="The new edition's fiscal year (Buddhist era, e.g. 2568).")
@_LANG
def new(previous: Path, fiscal_year: int, lang: str) -> None:
    """Write the next edition's file beside PREVIOUS (e.g. content/khon-kaen/2567.toml).

    The new file extends PREVIOUS and states only what changed: the fiscal
    year, and a date to fill in. It never overwrites a file.
    """
    from generator.content import editions
    try:
        made = editions.new(previous, fiscal_year)
        with open(made.path, "x", encoding="utf-8") as stream:  # never overwrite
            stream.write(made.text)
    except ContentError as error:
        _fail(error.problems, lang)
    except FileExistsError:
        _fail([Problem(made.path, None, "", "มีไฟล์นี้อยู่แล้ว จะไม่เขียนทับ", "this file exists already; it is never overwritten")], lang)
    click.echo(f"เขียน {made.path} แล้ว (wrote {made.path})")
    click.echo("สิ่งที่ต้องตรวจก่อนออกประกาศ (what to review before issuing):")
    for thai_text, english in made.review:
        click.echo(f"  - {thai_text}" if lang == "th" else f"  - {english}")
        if lang == "th":
            click.echo(f"    ({english})")


@main.command()
@click.argument("old", type=click.Path(path_type=Path))
@click.argument("new_edition", metavar="NEW", type=click.Path(path_type=Path))
@click.option("--format", "fmt", type=click.Choice(["text", "html"]), default="text", show_default=True,
              help="text: word by word for a terminal; html: a side-by-side page.")
@click.option("--output", "-o", type=click.Path(path_type=Path, dir_okay=False), default=None,
              help="Write to this file instead of printing.")
@click.option("--color", type=click.Choice(["auto", "always", "never"]), default="auto", show_default=True)
@_LANG
def diff(old: Path, new_edition: Path, fmt: str, output: Path | None, color: str, lang: str) -> None:
    """Show what changed from edition OLD to edition NEW, as rendered text, word by word."""
    from generator import content
    from generator.commands import diffing
    try:
        a, b = content.load(old), content.load(new_edition)
    except ContentError as error:
        _fail(error.problems, lang)
    changes = diffing.compare(a, b)
    if fmt == "html":
        text = diffing.as_html(changes, str(old), str(new_edition))
    else:
        tty = output is None and sys.stdout.isatty()
        text = diffing.as_text(changes, str(old), str(new_edition),
                               colour=color == "always" or (color == "auto" and tty))
    if output is None:
        click.echo(text, nl=False)
    else:
        builder.write_atomic(output, text.encode("utf-8"))
        click.echo(str(output))


@main.command(name="archive")
@click.argument("edition", type=click.Path(path_type=Path))
@_ARCHIVE
@click.option("--force", is_flag=True, help="Replace an archived edition that differs (never done silently).")
@_LANG
def archive_command(edition: Path, archive_dir: Path | None, force: bool, lang: str) -> None:
    """Archive EDITION: PDF/A-3b with its content attached, HTML, DOCX and a manifest.

    The files go to ARCHIVE/<province>/<edition>/; see README, "For archive staff".
    """
    from generator import archive
    try:
        result = archive.archive(edition, archive_dir, force=force)
    except ContentError as error:
        _fail(error.problems, lang)
    except archive.ArchiveConflict as error:
        click.echo(str(error), err=True)
        sys.exit(EXIT_DIFFERS)
    except BuildError as error:
        click.echo(f"{edition}: {error}", err=True)
        sys.exit(EXIT_BUILD)
    if result.unchanged:
        click.echo(f"{result.folder}: เก็บไว้แล้ว เหมือนเดิมทุกไบต์ ไม่ได้เขียนใหม่ "
                   f"(already archived, identical; nothing written)")
        return
    for path in result.files:
        click.echo(str(path))


@main.command()
@click.argument("target", metavar="[EDITION|MANIFEST]", required=False, type=click.Path(path_type=Path))
@_ARCHIVE
@_LANG
def verify(target: Path | None, archive_dir: Path | None, lang: str) -> None:
    """Regenerate archived editions and compare them with the archive byte for byte.

    TARGET is a content file, an archive folder or its manifest.json; without
    it, every manifest under the archive folder. Exit 0 when identical, 3 when not.
    """
    from generator import archive
    root = archive_dir or archive.archive_root()
    targets = [target] if target else sorted(root.rglob(archive.MANIFEST))
    if not targets:
        _fail([Problem(root, None, "", "ไม่พบบัญชีคลัง manifest.json", "no manifest.json found")], lang)
    differs = False
    for item in targets:
        try:
            report = archive.verify(item, archive_dir)
        except ContentError as error:
            _fail(error.problems, lang)
        click.echo(report.format())
        differs = differs or not report.identical
    if differs:
        sys.exit(EXIT_DIFFERS)
