"""The ``prakat`` command: a thin layer over :mod:`generator.build`.

Every word it says comes from the message catalog (:mod:`generator.messages`):
Thai by default, English with ``--lang en``; ``$PRAKAT_LANG`` sets the default
and the language of ``--help`` and of click's own usage messages.
"""

from __future__ import annotations

import contextlib
import functools
import gettext
import inspect
import os
import signal
import sys
from pathlib import Path

import click

from generator import build as builder
from generator.errors import (EXIT_BUILD, EXIT_DIFFERS, EXIT_INPUT, BuildError, ContentError, Problem,
                              Refused, os_words, printable)
from generator.messages import DOMAIN, LOCALE_DIR, M, Message, N_, default_lang, text, translate


def _help(value):
    """A help text or default label in the language of ``$PRAKAT_LANG``."""
    if not isinstance(value, str) or not value:
        return value
    return translate(inspect.cleandoc(value), default_lang())


@contextlib.contextmanager
def _translated(obj, *names: str):
    """``obj``'s attributes ``names`` in the language of ``$PRAKAT_LANG`` for
    the time click formats them (they stay message ids in between)."""
    saved = {name: getattr(obj, name) for name in names}
    for name, value in saved.items():
        setattr(obj, name, _help(value))
    try:
        yield
    finally:
        for name, value in saved.items():
            setattr(obj, name, value)


class _Option(click.Option):
    """An option whose help is translated when shown."""

    def get_help_record(self, ctx):
        with _translated(self, "help", "show_default"):
            return super().get_help_record(ctx)


class _Command(click.Command):
    """A command whose help is translated when shown."""

    def format_help_text(self, ctx, formatter):
        with _translated(self, "help"):
            super().format_help_text(ctx, formatter)

    def get_help_option(self, ctx):
        # click builds --help once and keeps it, with its help already in the
        # language of that moment: make it translate when shown, like ours.
        option = super().get_help_option(ctx)
        if option is not None and type(option) is click.Option:
            option.__class__ = _Option
            option.help = N_("Show this message and exit.")
        return option

    def get_short_help_str(self, limit: int = 45) -> str:
        with _translated(self, "help"):
            return super().get_short_help_str(limit)


class _Group(_Command, click.Group):
    """The ``prakat`` group: click's own words (Usage, Options, its usage
    errors) come from the same catalog, through gettext's global domain."""

    command_class = _Command

    def main(self, *args, **kwargs):
        gettext.bindtextdomain(DOMAIN, str(LOCALE_DIR))
        gettext.textdomain(DOMAIN)
        saved = os.environ.get("LANGUAGE")
        # gettext picks the language from the environment: only this one is ours.
        os.environ["LANGUAGE"] = default_lang()
        try:
            return super().main(*args, **kwargs)
        finally:
            if saved is None:
                os.environ.pop("LANGUAGE", None)
            else:
                os.environ["LANGUAGE"] = saved


option = functools.partial(click.option, cls=_Option)

HELP = N_("""prakat: official Thai announcements from TOML content, as DOCX, PDF and HTML.

\b
Exit codes:
  0  success
  1  a failure while rendering
  2  bad input or usage
  3  differs from the archive, or a signed PDF fails its check
     (build, archive, verify, sign)

Error messages name the file, line, column and field, in Thai; `--lang en`
(or PRAKAT_LANG=en) gives English. PRAKAT_DEBUG=1 shows the Python traceback
of an unexpected failure.""")


@click.group(cls=_Group, help=HELP, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="prakat", cls=_Option, help=N_("Show the version and exit."))
def main() -> None:
    pass


def _formats(ctx, param, value: str) -> tuple[str, ...]:
    chosen = tuple(part.strip() for part in value.split(",") if part.strip())
    unknown = [f for f in chosen if f not in builder.FORMATS]
    if unknown or not chosen:
        raise click.BadParameter(M("the known formats are {known}; got {value}",
                                   known=", ".join(builder.FORMATS), value=repr(value)).text(default_lang()))
    return chosen


def _fail(problems: list[Problem], lang: str) -> None:
    for problem in problems:
        click.echo(problem.format(lang), err=True)
    sys.exit(EXIT_INPUT)


def _say(message: Message, lang: str, err: bool = False) -> None:
    """One message, in the chosen language."""
    click.echo(_lines(message.text(lang)), err=err)


def _lines(value) -> str:
    """``value`` safe for a terminal, line by line."""
    return "\n".join(printable(line) for line in str(value).split("\n"))


def _check_environment(lang: str) -> None:
    """Refuse a bad ``SOURCE_DATE_EPOCH`` once, before any work (exit 2)."""
    from generator.document.stamps import source_date_epoch

    try:
        source_date_epoch()
    except Refused as error:
        click.echo(error.format(lang), err=True)
        sys.exit(EXIT_INPUT)


def _plain_errors(command):
    """Report what the user or the machine did wrong in plain words, in the
    command's ``--lang``, never as a traceback: bad content (exit 2), a refusal
    or a machine condition such as permission denied, a name too long or a
    full disk (exit 1); anything else is a bug (:func:`_crash`)."""

    @functools.wraps(command)
    def run(*args, **kwargs):
        lang = kwargs.get("lang", "th")
        try:
            return command(*args, **kwargs)
        except (click.exceptions.Exit, click.ClickException, click.Abort):
            raise
        except ContentError as error:
            _fail(error.problems, lang)
        except OSError as error:
            _say(os_words(error), lang, err=True)
            sys.exit(EXIT_BUILD)
        except BuildError as error:
            click.echo(error.format(lang), err=True)
            # 3 when an edition differs from its archive (ArchiveConflict), else 1
            sys.exit(getattr(error, "exit_code", EXIT_BUILD))
        except Exception as error:  # a bug in prakat, not the user's fault
            _crash(error, lang)

    return run


def _crash(error: Exception, lang: str) -> None:
    """An unexpected failure: a short message and exit code 1, no traceback
    (unless PRAKAT_DEBUG is set); the previous output files are untouched."""
    if os.environ.get("PRAKAT_DEBUG"):
        raise error
    detail = printable(f"{type(error).__name__}: {error}")
    _say(M("prakat failed unexpectedly ({detail}); no file was half-written. Please report this"
           " with the content file (PRAKAT_DEBUG=1 shows the details).", detail=detail), lang, err=True)
    sys.exit(EXIT_BUILD)


@main.command(help=N_(
    'Render CONTENT files (default: everything under content/) into OUTPUT.\n'
    '\n'
    'CONTENT may name .toml files or folders, which are searched for .toml\n'
    'files. Editions are built in parallel; an edition whose inputs have not\n'
    'changed since its last build is skipped (--force rebuilds it). A file\n'
    'with a problem is reported and left out while the others build; the exit\n'
    'code is then 2 (3 if an archived edition came out different from its\n'
    'archive, 1 if only rendering failed), and the summary names it.\n'
    '\n'
    'An output edited by hand since prakat wrote it is kept beside it\n'
    '(NAME.edited-1.docx) and the report says so. One build writes to an\n'
    'output folder at a time: a second one stops at once (exit 1), naming the\n'
    'first. Nothing is written outside OUTPUT, even through a symbolic link.'))
@click.argument("content", nargs=-1, type=click.Path(path_type=Path))
@option("--format", "formats", default=",".join(builder.FORMATS), show_default=True,
        callback=_formats, help=N_("Comma-separated output formats: html, pdf, docx."))
@option("--output", "-o", type=click.Path(path_type=Path, file_okay=False),
        default=Path("output"), show_default=True,
        help=N_("Folder for the results; each edition goes to OUTPUT/<province>/<edition>/."))
@option("--lang", type=click.Choice(["th", "en"]), default=default_lang, show_default=N_("th, or $PRAKAT_LANG"),
        help=N_("Language of messages: th (Thai) or en (English)."))
@option("--jobs", "-j", type=click.IntRange(min=1), default=None,
        help=N_("Editions rendered at once (default: the number of cores)."))
@option("--force", is_flag=True,
        help=N_("Rebuild every edition, even those whose inputs have not changed, and "
             "write an archived edition even when it differs from the archive "
             "(the archive itself is never changed)."))
@option("--draft", is_flag=True,
        help=N_("Write review drafts: every page marked ร่าง with the edition and a hash of "
             "its content, as NAME.draft.pdf, .docx, .html beside the edition's files "
             "(never archived)."))
@_plain_errors
def build(content: tuple[Path, ...], formats: tuple[str, ...], output: Path, lang: str,
          jobs: int | None, force: bool, draft: bool = False) -> None:
    from generator.commands import batch

    # A build stopped with SIGTERM unwinds like Ctrl-C: temporary files go.
    signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit(128 + signum))
    _check_environment(lang)
    paths = builder.discover(list(content) or [Path("content")])
    if not paths:
        _fail([Problem(content[0] if content else "content", None, "",
                       M("no .toml content file found"))], lang)
    # A held lock, an output folder that cannot be written: _plain_errors says so.
    summary = batch.run(paths, output, formats, jobs=jobs, force=force,
                        reporter=batch.Reporter(lang=lang), draft=draft)
    if draft:
        _say(M("the review drafts are the NAME.draft.* files in each edition's folder: not the"
               " issued edition, and never archived"), lang)
    sys.exit(summary.exit_code)


# --- editions and the archive (issue 6): generator/editions.py, diffing.py, archive.py ---

#: The fiscal years ``prakat new`` accepts (Buddhist era).
FISCAL_YEARS = (2400, 2800)

_LANG = option("--lang", type=click.Choice(["th", "en"]), default=default_lang, show_default=N_("th, or $PRAKAT_LANG"),
               help=N_("Language of messages: th (Thai) or en (English)."))
_ARCHIVE = option("--archive", "archive_dir", type=click.Path(path_type=Path, file_okay=False),
                  default=None, help=N_("The archive folder (default: $PRAKAT_ARCHIVE or archive/)."))


@main.command(help=N_(
    "Write the next edition's file beside PREVIOUS (e.g. content/khon-kaen/2567.toml).\n"
    '\n'
    'The new file extends PREVIOUS and states only what changed: the fiscal\n'
    'year, and a date to fill in. It never overwrites a file.'))
@click.argument("previous", type=click.Path(path_type=Path))
@option("--fiscal-year", type=int, required=True, help=N_("The new edition's fiscal year (Buddhist era, e.g. 2568)."))
@_LANG
@_plain_errors
def new(previous: Path, fiscal_year: int, lang: str) -> None:
    from generator.content import editions
    if not FISCAL_YEARS[0] <= fiscal_year <= FISCAL_YEARS[1]:
        hint: Message | str = M("; if that is a year of the Christian era, the fiscal year is {year}",
                                year=fiscal_year + 543)
        if not FISCAL_YEARS[0] <= fiscal_year + 543 <= FISCAL_YEARS[1]:
            hint = ""
        _fail([Problem("--fiscal-year", None, "",
                       M("the fiscal year must be a Buddhist-era year from {first} to {last}, not {year}{hint}",
                         first=FISCAL_YEARS[0], last=FISCAL_YEARS[1], year=fiscal_year, hint=hint))], lang)
    try:
        made = editions.new(previous, fiscal_year, lang=lang)
        with open(made.path, "x", encoding="utf-8") as stream:  # never overwrite
            stream.write(made.text)
    except ContentError as error:
        _fail(error.problems, lang)
    except FileExistsError:
        _fail([Problem(made.path, None, "", M("this file exists already; it is never overwritten"))], lang)
    _say(M("wrote {path}", path=made.path), lang)
    _say(M("what to review before issuing:"), lang)
    for item in made.review:
        click.echo(f"  - {printable(text(item, lang))}")


@main.command(name="schema", help=N_(
    'Print the JSON Schema of the content format, for the editor.\n'
    '\n'
    'Even Better TOML (taplo) in VS Code reads it to complete keys and flag\n'
    'mistakes as you type; see the README, "Schema and autocompletion in VS\n'
    'Code". The checkout keeps it as content/prakat.schema.json.'))
@option("--output", "-o", type=click.Path(path_type=Path, dir_okay=False), default=None,
        help=N_("Write it to this file (e.g. content/prakat.schema.json) instead of standard output."))
@option("--lang", type=click.Choice(["th", "en"]), default=default_lang, show_default=N_("th, or $PRAKAT_LANG"),
        help=N_("Language of its descriptions and of messages: th (Thai) or en (English)."))
@_plain_errors
def schema_command(output: Path | None, lang: str) -> None:
    from generator.content import schema
    text = schema.dumps(lang)
    if output is None:
        click.echo(text, nl=False)
        return
    if output.suffix.lower() == ".toml":
        _fail([Problem(output, None, "",
                       M("the schema is JSON: name a .json file (a .toml content file is never overwritten)"))],
              lang)
    partial = output.with_name(output.name + ".partial")
    partial.write_text(text, encoding="utf-8")
    partial.replace(output)
    _say(M("wrote {path}", path=output), lang)


@main.command(help=N_(
    'Show what changed from edition OLD to edition NEW, as rendered text, word by word.\n'
    '\n'
    'Each change is named by its place as a reader finds it (ข้อ ๓ (๒),\n'
    'ข้อ ๕ ตาราง แถวที่ ๔, the title, the signer); an inserted or removed\n'
    'clause is one change, and the clauses numbered anew after it are\n'
    'reported once (ข้อ ๔–๗ เลื่อนเป็น ข้อ ๕–๘).\n'
    '\n'
    '--output never replaces a content file: not OLD, NEW, a file they extend,\n'
    'nor any other .toml file.'))
@click.argument("old", type=click.Path(path_type=Path))
@click.argument("new_edition", metavar="NEW", type=click.Path(path_type=Path))
@option("--format", "fmt", type=click.Choice(["text", "html"]), default="text", show_default=True,
        help=N_("text: word by word for a terminal; html: a side-by-side page (with --output, "
             "its fonts go to fonts/ beside it; printed, it carries them inside)."))
@option("--output", "-o", type=click.Path(path_type=Path, dir_okay=False), default=None,
        help=N_("Write to this file instead of printing."))
@option("--color", type=click.Choice(["auto", "always", "never"]), default="auto", show_default=True)
@_LANG
@_plain_errors
def diff(old: Path, new_edition: Path, fmt: str, output: Path | None, color: str, lang: str) -> None:
    from generator import content
    from generator.commands import diffing
    _check_environment(lang)
    try:
        a, b = content.load(old), content.load(new_edition)
    except ContentError as error:
        _fail(error.problems, lang)
    if output is not None:
        _refuse_content_target(output, [old, new_edition, *_parents(a), *_parents(b)], lang)
    changes = diffing.compare(a, b)
    if fmt == "html":
        # Fonts beside the page it writes, or inside the page it prints.
        text = diffing.as_html(changes, str(old), str(new_edition), lang=lang,
                               fonts="fonts/" if output is not None else diffing.font_files())
    else:
        tty = output is None and sys.stdout.isatty()
        text = diffing.as_text(changes, str(old), str(new_edition),
                               colour=color == "always" or (color == "auto" and tty), lang=lang)
    if output is None:
        click.echo(text, nl=False)
    elif fmt == "html":
        diffing.write_page(output, text)
        click.echo(printable(str(output)))
    else:
        builder.write_atomic(output, text.encode("utf-8"))
        click.echo(printable(str(output)))


def _parents(announcement) -> list[Path]:
    """The files an edition extends, where the model records them."""
    return [Path(p) for p in getattr(announcement, "parents", ()) or ()]


def _refuse_content_target(output: Path, inputs: list[Path], lang: str) -> None:
    """Stop (exit 2) when ``output`` would replace one of ``inputs`` or any .toml file."""
    def same(a: Path, b: Path) -> bool:
        try:
            return a.resolve() == b.resolve() or (a.exists() and b.exists() and os.path.samefile(a, b))
        except OSError:
            return False

    if output.suffix.lower() == ".toml" or any(same(output, p) for p in inputs):
        _fail([Problem(output, None, "--output",
                       M("the comparison is never written over a content file; choose another name,"
                         " e.g. diff.html"))], lang)


@main.command(name="archive", help=N_(
    'Archive EDITION: PDF/A-3b with its content attached, HTML, DOCX and a manifest.\n'
    '\n'
    'The files go to ARCHIVE/<province>/<edition>/; see README, "For archive staff".\n'
    'With --signed FILE, the archived edition keeps FILE beside it, listed in\n'
    'its manifest with its SHA-256 and kind (see README, "Signing and copies").'))
@click.argument("edition", type=click.Path(path_type=Path))
@_ARCHIVE
@option("--force", is_flag=True, help=N_("Replace an archived edition that differs (never done silently)."))
@option("--signed", "signed_file", type=click.Path(path_type=Path, dir_okay=False, exists=True),
        default=None, help=N_("Keep this signed copy with the archived edition: a digitally signed "
                           "PDF (prakat sign) or a scan of the signed paper (PDF, PNG or JPEG)."))
@_LANG
@_plain_errors
def archive_command(edition: Path, archive_dir: Path | None, force: bool, signed_file: Path | None,
                    lang: str) -> None:
    from generator import archive
    _check_environment(lang)
    try:
        if signed_file is not None:
            result = archive.archive_signed(edition, signed_file, archive_dir)
        else:
            result = archive.archive(edition, archive_dir, force=force)
    except ContentError as error:
        _fail(error.problems, lang)
    except archive.ArchiveConflict as error:
        click.echo(error.format(lang), err=True)
        sys.exit(EXIT_DIFFERS)
    except BuildError as error:
        click.echo(f"{printable(str(edition))}: {error.format(lang)}", err=True)
        sys.exit(EXIT_BUILD)
    if result.unchanged:
        _say(M("{folder}: already archived, identical; nothing written", folder=result.folder), lang)
        return
    for path in result.files:
        click.echo(printable(str(path)))


@main.command(help=N_(
    'Regenerate archived editions and compare them with the archive byte for byte.\n'
    '\n'
    'TARGET is a content file, an archive folder or its manifest.json; without\n'
    'it, every manifest under the archive folder. Exit 0 when identical, 3 when not.\n'
    '\n'
    'A signed PDF (prakat sign) as TARGET: who signed and when, whether the\n'
    "signature is intact and covers the whole document, whether the signer's\n"
    'certificate chains to a root given with --trust, and whether the signed\n'
    'document is byte-identical to the archived edition it names (or to the PDF\n'
    'made now from --content). Exit 0 when all hold, 3 when not.'))
@click.argument("target", metavar="[EDITION|MANIFEST|SIGNED.pdf]", required=False, type=click.Path(path_type=Path))
@_ARCHIVE
@option("--trust", "trust", multiple=True, type=click.Path(path_type=Path, dir_okay=False, exists=True),
        help=N_("SIGNED.pdf only: a trusted root certificate (PEM or DER); may be repeated."))
@option("--content", "content_file", type=click.Path(path_type=Path, dir_okay=False, exists=True),
        default=None, help=N_("SIGNED.pdf only: compare with the PDF made now from this content "
                           "file instead of the archive's record."))
@_LANG
@_plain_errors
def verify(target: Path | None, archive_dir: Path | None, trust: tuple[Path, ...],
           content_file: Path | None, lang: str) -> None:
    from generator import archive
    _check_environment(lang)
    if target is not None and target.suffix.lower() == ".pdf":
        from generator.commands import sign
        if not target.is_file():
            _fail([Problem(target, None, "", M("no such file"))], lang)
        report = sign.check(target, list(trust), content_path=content_file, archive_root=archive_dir)
        click.echo(_lines(report.format(lang)))
        if not report.ok:
            sys.exit(EXIT_DIFFERS)
        return
    if trust or content_file is not None:
        _fail([Problem("--trust" if trust else "--content", None, "",
                       M("--trust and --content are for a signed PDF only"))], lang)
    root = archive_dir or archive.archive_root()
    try:
        # Without a target, every edition the archive holds or its index records
        # (an edition whose whole folder was deleted is named too).
        reports = [archive.verify(target, archive_dir)] if target else archive.verify_all(root)
    except ContentError as error:
        _fail(error.problems, lang)
    if not reports:
        _fail([Problem(root, None, "", M("no manifest.json found"))], lang)
    for report in reports:
        click.echo(_lines(report.format(lang)))
    if not all(report.identical for report in reports):
        sys.exit(EXIT_DIFFERS)


# --- digital signature (issue 13): generator/commands/sign.py ---

@main.command(help=N_(
    "Sign EDITION's PDF with a digital signature (PAdES B-B; B-T with --timestamp).\n"
    '\n'
    'The PDF is the one prakat build makes (for an archived edition: exactly\n'
    'the archived one, else nothing is signed, exit 3); the signature is\n'
    'appended, so the bytes before it are that PDF unchanged. The visible\n'
    "signature sits above the signer's name. The passphrase is never given on\n"
    'the command line: --passphrase-file, $PRAKAT_KEY_PASSPHRASE, or a hidden\n'
    'prompt. See README, "Signing and copies".'))
@click.argument("edition", type=click.Path(path_type=Path, dir_okay=False, exists=True))
@option("--key", "key_file", required=True, type=click.Path(path_type=Path, dir_okay=False, exists=True),
        help=N_("The signer's key and certificate: a PKCS#12 file (.p12, .pfx). Read where it is, never copied."))
@option("--passphrase-file", type=click.Path(path_type=Path, dir_okay=False, exists=True), default=None,
        help=N_("A file holding the key's passphrase (else $PRAKAT_KEY_PASSPHRASE, else asked for)."))
@option("--output", "-o", type=click.Path(path_type=Path, dir_okay=False), default=None,
        help=N_("The signed PDF (default: OUTPUT-DIR/<province>/<edition>/<slug>.signed.pdf)."))
@option("--output-dir", type=click.Path(path_type=Path, file_okay=False), default=Path("output"),
        show_default=True, help=N_("The output folder of the default --output."))
@option("--timestamp", "timestamp_url", default=None, metavar="URL",
        help=N_("A time-stamping service (RFC 3161): the signature gets a trusted time (PAdES B-T)."))
@option("--signer", "signer_number", type=click.IntRange(min=1), default=None,
        help=N_("Which signer of the sign-off signs (1 = the first; default: the one whose name "
             "is the certificate's, else the first)."))
@_ARCHIVE
@_LANG
@_plain_errors
def sign(edition: Path, key_file: Path, passphrase_file: Path | None, output: Path | None,
         output_dir: Path, timestamp_url: str | None, signer_number: int | None,
         archive_dir: Path | None, lang: str) -> None:
    from generator.archive.store import ArchiveConflict
    from generator.commands import sign as signing
    _check_environment(lang)
    if passphrase_file is not None:
        passphrase = signing.read_passphrase_file(passphrase_file)
    elif os.environ.get(signing.PASSPHRASE_ENV) is not None:
        passphrase = os.environ[signing.PASSPHRASE_ENV].encode()
    elif sys.stdin.isatty():
        typed = click.prompt(M("key passphrase").text(lang), hide_input=True, default="",
                             show_default=False, err=True)
        passphrase = typed.encode() if typed else None
    else:
        passphrase = None
    try:
        signed = signing.sign(edition, key_file, passphrase, output=output, output_root=output_dir,
                              timestamp_url=timestamp_url, archive_root=archive_dir,
                              signer_number=signer_number)
    except ArchiveConflict as error:
        click.echo(error.format(lang), err=True)
        sys.exit(EXIT_DIFFERS)
    # The time as a Thai reader writes it (Buddhist era), or as ISO for English.
    when = signing.thai_time(signed.time) if lang == "th" else signed.time.strftime("%Y-%m-%d %H:%M %Z")
    said = (M("{path}: {edition} signed by {signer} at {time}, with a time stamp", path=signed.path,
              edition=signed.edition, signer=signed.signer, time=when) if signed.timestamped else
            M("{path}: {edition} signed by {signer} at {time}", path=signed.path,
              edition=signed.edition, signer=signed.signer, time=when))
    _say(said, lang)
    for note in signed.notes:
        _say(M("note: {text}", text=note), lang, err=True)


# --- certified copies (issue 13): generator/commands/copy.py ---

@main.command(name="copy", help=N_(
    'Write N certified copies (สำเนาถูกต้อง) of EDITION (a content file) as PDFs.\n'
    '\n'
    'Each copy carries its number (สำเนาที่ ๒/๕) in the top margin of every page\n'
    "and the certification block (สำเนาถูกต้อง, a line to sign on, the certifier's\n"
    'name, position and date) at the bottom right of the last page. A register,\n'
    "NAME.copies.tsv, lists each copy's file and SHA-256 beside them."))
@click.argument("edition", type=click.Path(path_type=Path))
@option("--copies", "count", metavar="N", default=None,
        help=N_("How many copies, 1 to 999; each is numbered สำเนาที่ k/N."))
@option("--certified-by", "certified_by", metavar="NAME", default=None,
        help=N_("The certifier's name, printed in parentheses under the signature line."))
@option("--position", metavar="POSITION", default=None, help=N_("The certifier's position."))
@option("--date", "when", metavar="YYYY-MM-DD", default=None,
        help=N_("The date of the certification (Christian era; default: today), printed in Thai."))
@option("--output", "-o", "folder", type=click.Path(path_type=Path, file_okay=False),
        default=None, help=N_("The folder for the copies and their register "
                           "(default: output/<issuer>/<edition>/copies/)."))
@_LANG
@_plain_errors
def copy_command(edition: Path, count: str | None, certified_by: str | None,
                 position: str | None, when: str | None, folder: Path | None, lang: str) -> None:
    from generator.commands import copy as copies

    _check_environment(lang)
    request = copies.check(count, certified_by, position, when)
    made = copies.make(edition, request, folder,
                       announce=lambda path: click.echo(printable(str(path))))
    click.echo(printable(str(made.register)))
    total = len(made.files)
    _say(M("wrote {total} copies and their register; sign each one on the line under สำเนาถูกต้อง",
           total=total), lang)


# --- live preview (issue 14): generator/commands/serve.py ---

@main.command(help=N_(
    'Preview CONTENT in a web browser while you write it (default: the only\n'
    '.toml file in the current folder; a folder: the only .toml file in it).\n'
    '\n'
    'The page shows the announcement as `prakat build` renders it, its PDF\n'
    'pages, and what changed since the edition it extends. Saving the file\n'
    'refreshes the open page within a second; a problem with the content shows\n'
    'at the top, in the words of `prakat build`, above the last good render.\n'
    'Only this computer can open it (http://127.0.0.1). Ctrl-C stops it.'))
@click.argument("content", required=False, type=click.Path(path_type=Path))
@option("--port", type=click.IntRange(0, 65535), default=8765, show_default=True,
        help=N_("The port on 127.0.0.1 (0: any free port)."))
@_LANG
@_plain_errors
def serve(content: Path | None, port: int, lang: str) -> None:
    from generator.commands import serve as preview

    _check_environment(lang)
    path = preview.choose(content)
    shown = printable(str(path))
    _say(M("preparing the preview of {path} …", path=shown), lang)
    page = preview.Preview(path, lang, report=lambda text: click.echo(_lines(text), err=True))
    signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit(0))
    server = preview.open_server(page, port)  # a port in use: Refused, exit 1, before any work
    try:
        page.refresh()
        _say(M("open {url} in a web browser (this computer only); Ctrl-C stops it",
               url=preview.url(server)), lang)
        server.serve_forever(poll_interval=0.2)
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
    _say(M("the preview has stopped"), lang)
