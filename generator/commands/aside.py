"""Lay out one edition's PDF in a second process while the first writes its
HTML and DOCX.

For the usual case while writing, ``prakat build`` of one edition on a
machine with a core to spare: WeasyPrint's import is half the time of a cold
build, and the second process pays it while the first reads the content and
renders the page. It asks the first process for the words of each Thai text
(:func:`generator.thai.ask_elsewhere`): the first has the segmenter loaded.
The PDF is :func:`generator.build.plain_pdf` of the same page, so its bytes
are the PDF :func:`generator.build.render_outputs` writes itself.

``python -m generator`` starts one before anything else is imported when its
command line builds one edition (:func:`start_early`); the batch takes it
(:func:`take_early`) or starts one when the plan knows the edition must be
built. This module imports nothing heavy: it is loaded before the rest.
"""

from __future__ import annotations

import atexit
import os
import sys

#: The process started by :func:`start_early`, until the batch takes it.
_early: "PdfAside | None" = None


def process_context():
    """How to start a helper process: a fork is cheapest, but only safe before
    this process has loaded WeasyPrint's C libraries (Pango, Fontconfig, GLib)."""
    import multiprocessing

    if sys.platform == "linux" and "weasyprint" not in sys.modules:
        return multiprocessing.get_context("fork")
    return multiprocessing.get_context("spawn")


def _second(connection, first_end) -> None:
    """The second process: import WeasyPrint and prakat's engine, then lay
    out one PDF, asking the first process for the words of each Thai text."""
    import importlib

    # Its copy of the first process's end: were it kept open, a first
    # process that dies unread would leave this one writing to itself for ever.
    first_end.close()

    try:
        importlib.import_module("generator.writers.pdf")  # for its cost, paid now
    except Exception:  # noqa: BLE001 - the PDF itself reports it
        pass
    try:
        job = connection.recv()
    except EOFError:
        return
    from generator import build, thai

    def ask(text: str) -> tuple[str, ...]:
        connection.send(("words", text))
        return connection.recv()

    thai.ask_elsewhere(ask)
    try:
        connection.send(("pdf", True, build.plain_pdf(*job)))
    except BaseException as error:  # noqa: BLE001 - sent back, raised there
        connection.send(("pdf", False, error))


class PdfAside:
    """The second process; an aside never asked for its PDF is ended at once
    by :meth:`close`."""

    def __init__(self):
        context = process_context()
        self._connection, theirs = context.Pipe()
        self._process = context.Process(target=_second, args=(theirs, self._connection), daemon=True)
        self._process.start()
        theirs.close()

    def pdf(self, html: str, profile, dates, announcement) -> "PdfAside":
        """Ask for the PDF of ``html``; :meth:`result` gives its bytes."""
        self._connection.send((html, profile, dates, announcement))
        return self

    def result(self) -> bytes:
        """The PDF's bytes, answering the second process's questions meanwhile."""
        from generator import thai
        from generator.errors import BuildError
        from generator.messages import M

        while True:
            try:
                message = self._connection.recv()
            except EOFError:
                raise BuildError(M("the process laying out the PDF stopped unexpectedly")) from None
            if message[0] == "words":
                self._connection.send(tuple(thai.words(message[1])))
                continue
            _, ok, value = message
            if not ok:
                raise value
            return value

    def close(self) -> None:
        """End the second process (at once: whatever it was doing is not needed)."""
        if self._process.is_alive():
            self._process.kill()
        self._process.join()
        self._connection.close()


def worth_it(formats, paths_count: int) -> bool:
    """Whether one edition's build gains from a second process here."""
    return (paths_count == 1 and (os.cpu_count() or 1) > 1 and "weasyprint" not in sys.modules
            and "pdf" in formats and len(formats) > 1)


#: Options of ``prakat build`` that take a value (the rest are flags).
_VALUED = {"--format", "--output", "-o", "--lang", "--jobs", "-j"}


def start_early(argv: list[str]) -> None:
    """Start the second process now if ``argv`` (``prakat``'s arguments) builds
    one edition's PDF with another format. A guess from the command line: a
    wrong guess costs a process that is ended unused, never a wrong byte."""
    global _early
    if not argv or argv[0] != "build" or "-h" in argv or "--help" in argv:
        return
    positional, formats, rest = [], "html,pdf,docx", iter(argv[1:])
    for arg in rest:
        name, _, value = arg.partition("=")
        if name in _VALUED:
            value = value or next(rest, "")
            if name == "--format":
                formats = value
        elif not arg.startswith("-"):
            positional.append(arg)
    chosen = [f.strip() for f in formats.split(",") if f.strip()]
    if len(positional) == 1 and positional[0].endswith(".toml") and worth_it(chosen, 1):
        _early = PdfAside()
        atexit.register(_end_early)


def take_early() -> "PdfAside | None":
    """The process :func:`start_early` started, if any (once)."""
    global _early
    taken, _early = _early, None
    return taken


def _end_early() -> None:
    if _early is not None:
        _early.close()
