"""The ``prakat`` command: a thin layer over :mod:`generator.build`."""

from __future__ import annotations

import os
import signal
import sys
from pathlib import Path

import click

from . import build as builder
from .errors import EXIT_BUILD, EXIT_INPUT, Problem

HELP = """prakat: ประกาศราชการจากไฟล์เนื้อหา TOML เป็น DOCX, PDF และ HTML
(official Thai announcements from TOML content, as DOCX, PDF and HTML).

\b
Exit codes / รหัสการจบ:
  0  success / สำเร็จ
  1  a failure while rendering / สร้างเอกสารไม่สำเร็จ
  2  bad input or usage / เนื้อหาหรือคำสั่งไม่ถูกต้อง

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
              help="Rebuild every edition, even those whose inputs have not changed.")
def build(content: tuple[Path, ...], formats: tuple[str, ...], output: Path, lang: str,
          jobs: int | None, force: bool) -> None:
    """Render CONTENT files (default: everything under content/) into OUTPUT.

    CONTENT may name .toml files or folders, which are searched for .toml
    files. Editions are built in parallel; an edition whose inputs have not
    changed since its last build is skipped (--force rebuilds it). A file
    with a problem is reported and left out while the others build; the exit
    code is then 2 (1 if only rendering failed), and the summary names it.
    """
    from . import batch

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
