"""Build many editions at once: in parallel, incrementally, with progress.

:func:`run` is what ``prakat build`` calls. It

1. validates every content file (a bad one is reported and left out; the
   others still build),
2. skips an edition whose inputs have not changed since its last build: the
   resolved content, the templates, the format profile, the fonts, prakat's
   own code and version, and the versions of the libraries that write the
   bytes. The check hashes inputs only (it never imports WeasyPrint), against
   a small state file each build leaves in the edition's folder
   (``.prakat-build.json``, written atomically after the outputs);
3. renders the rest in worker processes that stay alive for the whole batch
   and warm up once (WeasyPrint imported, fonts loaded, templates compiled,
   the DOCX styles built), or in this process for ``--jobs 1``;
4. reports each edition as it finishes and returns a :class:`Summary`.
"""

from __future__ import annotations

from generator import ROOT
import hashlib
import io
import json
import os
import signal
import sys
import time
from contextlib import ExitStack, contextmanager
from concurrent.futures import ProcessPoolExecutor, as_completed
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path
from typing import TextIO

from generator import build as builder
from generator import content
from generator.errors import (EXIT_BUILD, EXIT_INPUT, EXIT_OK, BuildError, ContentError, Problem,
                              Refused, os_words, printable)
from generator.messages import M, Message, text as said_in
from generator.document.model import Announcement
# The content's hash lives in the document stage: a draft prints its short form.
from generator.document.digest import content_digest
from generator.format.profile import OFFICIAL, Profile
from generator.format import versions
from generator.commands import aside as asides
from generator.commands import state as states
from generator.commands.state import (STATE_VERSION, _slot, read_state, recorded_hashes, stale_formats,
                                      write_state)

#: The lock file in the output folder: one build writes to a folder at a time.
LOCK_NAME = ".prakat-build.lock"

BUILT, UNCHANGED, INVALID, FAILED = "built", "unchanged", "invalid", "failed"


# --- what an edition depends on --------------------------------------------------

def _tree_digest(folder: Path, pattern: str) -> str:
    digest = hashlib.sha256()
    for path in sorted(folder.rglob(pattern)):
        if path.is_file() and "__pycache__" not in path.parts:
            digest.update(path.relative_to(folder).as_posix().encode() + b"\0")
            digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


def _version(name: str) -> str:
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return "-"


def shared_environment() -> str:
    """One hash of every input shared by all editions whatever their profile.

    Raises :class:`~generator.errors.FontError` when a font is missing or
    altered (the fonts are verified against ``fonts/SHA256SUMS``).
    """
    from generator.engine.libraries import library_versions  # the manifest records the same
    from generator.format import fonts

    fonts.verified_fonts()  # the files match these sums, or this raises
    parts = {
        "state": STATE_VERSION,
        "prakat": _version("prakat"),
        "code": _tree_digest(ROOT / "generator", "*.py"),
        "templates": _tree_digest(versions.templates_root(), "*"),
        "fonts": fonts.expected_sums(),
        "libraries": library_versions(),  # Python packages, Pango, HarfBuzz, Fontconfig, FreeType
    }
    return hashlib.sha256(json.dumps(parts, sort_keys=True).encode()).hexdigest()


def environment_digest(profile: Profile = OFFICIAL, shared: str | None = None) -> str:
    """One hash of every input shared by the editions of ``profile``
    (``shared``: :func:`shared_environment`, when already known)."""
    shared = shared or shared_environment()
    return hashlib.sha256(f"{shared}\0{profile!r}".encode()).hexdigest()


def input_key(announcement: Announcement, environment: str, draft: bool = False) -> str:
    """What decides an edition's outputs: ``environment`` (see
    :func:`environment_digest`), its content, and whether it is a review
    draft (a draft's key is never a final build's, nor the other way round)."""
    digest = hashlib.sha256(environment.encode())
    digest.update(content_digest(announcement).encode())
    if draft:
        digest.update(b"\0draft")
    return digest.hexdigest()


# --- one edition ------------------------------------------------------------------

@dataclass
class Task:
    """One edition to render; crosses to a worker process by pickling."""

    announcement: Announcement
    folder: Path
    formats: tuple[str, ...]
    key: str
    profile: Profile = OFFICIAL
    force: bool = False  # write even when the result differs from the archive
    draft: bool = False  # a review draft: NAME.draft.FORMAT, every page marked


@dataclass
class Outcome:
    source: Path
    status: str                          # built, unchanged, invalid or failed
    label: str                           # "khon-kaen/2567", or the file when invalid
    files: list[Path] = field(default_factory=list)
    message: Message | str = ""          # why it failed
    differs: bool = False                # failed because it differs from the archive
    seconds: float = 0.0
    kept: list[tuple[Path, Path]] = field(default_factory=list)  # (output, edited copy kept)
    problems: list[Problem] = field(default_factory=list)       # found only while rendering
    warnings: list[Problem] = field(default_factory=list)       # the content's (Announcement.warnings)


def build_task(task: Task, aside: "asides.PdfAside | None" = None) -> Outcome:
    """Render and write one edition; never raises for a failure of its own.
    ``aside``: see :func:`generator.build.render_outputs`."""
    start = time.perf_counter()
    announcement = task.announcement
    label = f"{announcement.province}/{announcement.edition}"
    try:
        # The fonts are copied once per run (_ensure_assets), not per edition.
        built = builder.build(announcement, task.folder.parent.parent, task.formats,
                              task.profile, force=task.force, fonts=False,
                              recorded=recorded_hashes(task.folder, task.draft),
                              draft=task.draft, aside=aside)
        written = {_slot(path.suffix[1:], task.draft): path for path in built.files}
        write_state(task.folder, announcement.source, task.key, written)
    except ContentError as error:  # e.g. an emblem image that does not decode
        return Outcome(announcement.source, INVALID, label, message=M("invalid content"),
                       problems=error.problems, seconds=time.perf_counter() - start)
    except BuildError as error:  # a refusal, a font, an edition that differs from its archive
        from generator.archive.store import ArchiveConflict
        return Outcome(announcement.source, FAILED, label, message=error.message,
                       seconds=time.perf_counter() - start,
                       differs=isinstance(error, ArchiveConflict))
    except OSError as error:  # permission denied, a name too long, a full disk, ...
        return Outcome(announcement.source, FAILED, label,
                       message=M("could not write the files: {reason}", reason=os_words(error)),
                       seconds=time.perf_counter() - start)
    except Exception as error:  # one broken edition must not stop the batch
        return Outcome(announcement.source, FAILED, label,
                       message=M("unexpected error {detail}", detail=f"{type(error).__name__}: {error}"),
                       seconds=time.perf_counter() - start)
    return Outcome(announcement.source, BUILT, label, list(written.values()),
                   seconds=time.perf_counter() - start, kept=built.kept,
                   warnings=list(announcement.warnings))


def warm_up() -> None:
    """Do once per worker process, while the content files are still being
    read, what its first document would otherwise wait for: import WeasyPrint
    and python-docx, verify the fonts, make the font configuration and load
    the Thai dictionary. No sample is rendered: its layout cost a worker more
    than it saved its first document (``bench/bench.py``, the batch rows)."""
    import importlib

    from generator import thai
    from generator.engine.stylesheets import font_config
    from generator.format.fonts import verified_fonts

    for module in ("generator.writers.docx", "generator.writers.pdf"):
        importlib.import_module(module)
    verified_fonts()
    font_config()
    thai.words("ก")


def _end_with_parent(parent: int) -> None:
    """Make this worker process end when ``parent`` does, however it ends
    (SIGKILL included): on Linux the kernel sends SIGKILL on the parent's
    death (``PR_SET_PDEATHSIG``). SIGTERM ends the worker at once, too: the
    handler a forked worker inherits from the command would only unwind the
    task and leave the worker waiting for the next one."""
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    if sys.platform.startswith("linux"):
        import ctypes

        try:
            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(1, signal.SIGKILL, 0, 0, 0)  # 1: PR_SET_PDEATHSIG
        except (OSError, AttributeError):
            pass
    if os.getppid() != parent:  # the parent ended before the line above
        os._exit(1)


def _worker_init(parent: int | None = None) -> None:
    if parent is not None:
        _end_with_parent(parent)
    try:
        warm_up()
    except Exception:  # noqa: BLE001 - the real build reports the error per edition
        pass


# --- planning ---------------------------------------------------------------------

def _invalid(path: Path, problems: list[Problem], label: str | None = None) -> Outcome:
    return Outcome(path, INVALID, label or str(path), message=M("invalid content"))


@dataclass
class Plan:
    """What a run will do: ``tasks`` to render, outcomes already ``known``,
    the ``problems`` to report, and the index entries of the editions that
    may be found unchanged next time (``index``; ``earlier``: the index read)."""

    tasks: list[Task]
    known: list[Outcome]
    problems: list[Problem]
    index: dict[str, dict]
    earlier: dict[str, dict]
    shared: str | None


def _remember(planned: Plan, summary: "Summary", output: Path, locked: bool) -> None:
    """Write the output folder's index: the editions now built or found
    unchanged, with no warning to repeat (:mod:`generator.commands.state`)."""
    if planned.shared is None or not locked or not output.is_dir():
        return
    seen = {str(Path(o.source).resolve()): o for o in summary.outcomes}
    editions = {source: entry for source, entry in planned.earlier.items() if source not in seen}
    editions.update((source, entry) for source, entry in planned.index.items()
                    if source in seen and seen[source].status in (BUILT, UNCHANGED)
                    and not seen[source].warnings and not seen[source].problems)
    if editions == planned.earlier:
        return  # nothing new to say: a no-op run writes nothing
    try:
        states.write_index(output, planned.shared, editions)
    except OSError:
        pass  # only a shortcut for the next run: without it, that run reads every file


def plan(paths: list[Path], output: Path, formats, force: bool,
         profile: Profile | None = None, draft: bool = False,
         reading=None) -> Plan:
    """Validate and check every file: tasks to build, outcomes already known
    (invalid, unchanged, failed), and the problems to report. ``profile``
    overrides the format profile each content file names."""
    problems: list[Problem] = []
    known: list[Outcome] = []
    index: dict[str, dict] = {}
    since = time.time_ns()
    try:
        shared = shared_environment()
    except BuildError as error:
        shared, shared_error = None, error
    # What the last runs found unchanged, still so: not read again (see state.py).
    earlier = states.read_index(output, shared) if shared and not (force or draft or profile) else {}
    quick: dict[Path, tuple[str, dict, tuple[str, list[Path]]]] = {}
    for path in paths:
        resolved = str(Path(path).resolve()) if earlier else ""
        entry = earlier.get(resolved)
        found = states.still_unchanged(entry, Path(resolved), output, formats) if entry else None
        if found:
            quick[path] = (resolved, entry, found)
    # Two files naming the same edition are refused below: read them all.
    folders: dict[str, list[Path]] = {}
    for path, (_, entry, _) in quick.items():
        folders.setdefault(entry["folder"], []).append(path)
    for group in folders.values():
        if len(group) > 1:
            for path in group:
                quick.pop(path)
    loaded: list[tuple[Path, Announcement, Path]] = []
    pending = [path for path in paths if path not in quick]
    if reading is not None:
        reading(len(pending))
    while pending:
        path = pending.pop(0)
        try:
            announcement = content.load(path)
            folder = builder.edition_dir(output, announcement)
        except ContentError as error:
            problems.extend(error.problems)
            known.append(_invalid(path, error.problems))
            continue
        loaded.append((path, announcement, folder))
        name = folder.relative_to(output).as_posix() if folder.is_relative_to(output) else ""
        for other in folders.pop(name, []):
            if quick.pop(other, None):
                pending.append(other)
    for path, (resolved, entry, (label, files)) in quick.items():
        known.append(Outcome(path, UNCHANGED, label, files))
        index[resolved] = entry

    # Two files naming the same edition would overwrite each other: refuse both.
    by_folder: dict[Path, list[Path]] = {}
    for path, _, folder in loaded:
        by_folder.setdefault(folder, []).append(path)
    valid = []
    for path, announcement, folder in loaded:
        others = [p for p in by_folder[folder] if p != path]
        if not others:
            others = _earlier_owner(path, announcement, folder)
        if others:
            label = f"{announcement.province}/{announcement.edition}"
            problem = Problem(path, None, "announcement",
                              M("edition {label} is also defined by {others} (both would write {folder})",
                                label=label, others=", ".join(map(str, others)), folder=str(folder)))
            problems.append(problem)
            known.append(_invalid(path, [problem]))
        else:
            valid.append((path, announcement, folder))

    tasks: list[Task] = []
    environments: dict[Profile, str] = {}
    for path, announcement, folder in valid:
        own = profile or versions.profile_for(announcement)
        if shared is None:
            known.append(Outcome(path, FAILED, f"{announcement.province}/{announcement.edition}",
                                 message=shared_error.message))
            continue
        if own not in environments:
            environments[own] = environment_digest(own, shared)
        key = input_key(announcement, environments[own], draft)
        todo = list(formats) if force else stale_formats(announcement, folder, formats, key, draft)
        if not (draft or profile or announcement.warnings):
            entry = states.index_entry(announcement, folder, output, key, since)
            if entry is not None:
                index[str(Path(path).resolve())] = entry
        if todo:
            tasks.append(Task(announcement, folder, tuple(todo), key, own, force, draft))
        else:
            known.append(Outcome(path, UNCHANGED, f"{announcement.province}/{announcement.edition}",
                                 [folder / builder.output_name(announcement, fmt, draft)
                                  for fmt in formats],
                                 warnings=list(announcement.warnings)))
    return Plan(tasks, known, problems, index, earlier, shared)


def _earlier_owner(path: Path, announcement: Announcement, folder: Path) -> list[Path]:
    """The other content file that built ``folder`` in an earlier run and still
    names the same edition (so the two would overwrite each other), if any."""
    recorded = read_state(folder).get("source")
    if not isinstance(recorded, str) or not recorded:
        return []
    other = Path(recorded)
    try:
        if other.resolve() == path.resolve() or not other.is_file():
            return []
        theirs = content.load(other)
    except (OSError, ContentError):
        return []
    if (theirs.province, theirs.edition) != (announcement.province, announcement.edition):
        return []
    return [other]


# --- the batch --------------------------------------------------------------------

@dataclass
class Summary:
    outcomes: list[Outcome]
    seconds: float

    def count(self, status: str) -> int:
        return sum(1 for outcome in self.outcomes if outcome.status == status)

    @property
    def failures(self) -> list[Outcome]:
        return [o for o in self.outcomes if o.status in (INVALID, FAILED)]

    @property
    def exit_code(self) -> int:
        """2 when any content file is invalid, else 3 when an archived edition
        came out different from its archive, else 1 when any render failed, else 0."""
        if self.count(INVALID):
            return EXIT_INPUT
        if any(o.differs for o in self.outcomes):
            from generator.errors import EXIT_DIFFERS
            return EXIT_DIFFERS
        if self.count(FAILED):
            return EXIT_BUILD
        return EXIT_OK


def default_jobs() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


@contextmanager
def output_lock(output: Path):
    """Hold the lock of the output folder ``output`` (created if need be) for
    the ``with`` block: one build writes to a folder at a time. A second build
    does not wait: it stops at once with :class:`~generator.errors.Refused`,
    naming the process that holds the lock."""
    try:
        import fcntl
    except ImportError:  # not a POSIX system: no lock
        yield
        return
    lock = output / LOCK_NAME
    try:
        output.mkdir(parents=True, exist_ok=True)
        handle = os.open(lock, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC | os.O_NOFOLLOW, 0o644)
    except OSError as error:
        raise Refused(M("cannot use the output folder {folder}: {reason}",
                        folder=printable(str(output)), reason=os_words(error))) from None
    try:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            holder = os.pread(handle, 32, 0).decode("ascii", "replace").strip() or "?"
            raise Refused(M(
                "another build (process {process}) is writing to the output folder {folder},"
                " so this one stops rather than mix the two; run it again when that one has finished",
                process=printable(holder), folder=printable(str(output)))) from None
        os.ftruncate(handle, 0)
        os.pwrite(handle, f"{os.getpid()}\n".encode(), 0)
        try:
            yield
        finally:
            os.ftruncate(handle, 0)  # no build holds it: empty, the same after every build
    finally:
        os.close(handle)


def _pool_context():
    # the CLI has not loaded WeasyPrint: its workers are forks
    return asides.process_context()


def run(paths: list[Path], output: Path, formats=builder.FORMATS, *, jobs: int | None = None,
        force: bool = False, reporter: "Reporter | None" = None,
        profile: Profile | None = None, draft: bool = False) -> Summary:
    """Build every edition of ``paths`` into ``output``; see the module docstring."""
    start = time.perf_counter()
    reporter = reporter or Reporter(stream=io.StringIO(), errors=io.StringIO())
    with ExitStack() as stack:
        helpers: dict[str, object] = {}

        def reading(count: int) -> None:
            # The plan is about to read ``count`` content files that may need
            # building: start now what will build them, so its imports
            # (WeasyPrint above all) run while the files are read.
            if helpers or not count:
                return
            workers = min(jobs or default_jobs(), count)
            if workers > 1:
                helpers["pool"] = pool = _start_pool(workers)
                stack.callback(_stop_workers, pool)
            else:
                # One edition, the usual case while writing: its PDF is laid
                # out on a second core while this one writes the HTML and DOCX
                # (commands/aside.py), by the process started with the command
                # or by one started now.
                second = asides.take_early()
                if second is None and asides.worth_it(formats, len(paths)):
                    second = asides.PdfAside()
                if second is not None:
                    helpers["aside"] = second
                    stack.callback(second.close)

        locked = output.is_dir()
        if locked:
            stack.enter_context(output_lock(output))
        planned = plan(paths, output, formats, force, profile, draft, reading)
        if planned.tasks and not locked:
            # The folder is made only when there is something to write; then
            # planned again under the lock, in case another build wrote meanwhile.
            stack.enter_context(output_lock(output))
            planned = plan(paths, output, formats, force, profile, draft)
        summary = _run_planned(planned.tasks, planned.known, planned.problems, paths, output, formats,
                               jobs, reporter, profile, start, helpers.get("aside"), helpers.get("pool"))
        _remember(planned, summary, output, locked or bool(planned.tasks))
        return summary


def _start_pool(workers: int) -> ProcessPoolExecutor:
    """``workers`` worker processes, started and warming up now."""
    pool = ProcessPoolExecutor(workers, mp_context=_pool_context(), initializer=_worker_init,
                               initargs=(os.getpid(),))
    for _ in range(workers):
        pool.submit(os.getpid)  # a pool starts its processes with its first tasks
    return pool


def _run_planned(tasks, known, problems, paths, output, formats, jobs, reporter, profile,
                 start, aside=None, pool=None) -> Summary:
    for problem in problems:
        reporter.problem(problem)
    outcomes: list[Outcome] = []
    reporter.start(len(known) + len(tasks))
    for outcome in known:
        outcomes.append(outcome)
        reporter.done(outcome)

    jobs = max(1, min(jobs or default_jobs(), len(tasks)))
    if jobs == 1 and pool is None:
        for task in tasks:
            outcome = build_task(task, aside if len(tasks) == 1 else None)
            outcomes.append(outcome)
            reporter.done(outcome)
    elif tasks:
        # Workers started while the content was read, or now.
        pool = pool or _start_pool(jobs)
        try:
            futures = {pool.submit(build_task, task): task for task in tasks}
            for future in as_completed(futures):
                task = futures[future]
                try:
                    outcome = future.result()
                except BrokenProcessPool:
                    outcome = _lost(task, M("a worker process stopped unexpectedly"))
                except Exception as error:  # e.g. a result that cannot be sent back
                    outcome = _lost(task, M("unexpected error {detail}",
                                            detail=f"{type(error).__name__}: {error}"))
                outcomes.append(outcome)
                reporter.done(outcome)
        except BaseException:
            # Stopped (Ctrl-C, SIGTERM): no worker goes on writing.
            _stop_workers(pool)
            raise
        pool.shutdown()

    if "html" in formats and any(o.status in (BUILT, UNCHANGED) for o in outcomes):
        try:
            _ensure_assets(output)
        except (OSError, BuildError) as error:
            reason = os_words(error) if isinstance(error, OSError) else error.message
            outcome = Outcome(output, FAILED, "fonts/, assets/",
                              message=M("could not copy the fonts and images the HTML uses: {reason}",
                                        reason=reason))
            outcomes.append(outcome)
            reporter.done(outcome)
    order = {path: index for index, path in enumerate(paths)}
    outcomes.sort(key=lambda o: order.get(o.source, len(order)))
    summary = Summary(outcomes, time.perf_counter() - start)
    reporter.finish(summary)
    return summary


def _stop_workers(pool: ProcessPoolExecutor) -> None:
    """End ``pool``'s worker processes now, in the middle of a task or not."""
    for process in list((getattr(pool, "_processes", None) or {}).values()):
        try:
            process.kill()
        except (OSError, ValueError, AttributeError):
            pass
    pool.shutdown(wait=False, cancel_futures=True)


def _lost(task: Task, message: Message) -> Outcome:
    announcement = task.announcement
    return Outcome(announcement.source, FAILED,
                   f"{announcement.province}/{announcement.edition}", message=message)


def _ensure_assets(output: Path) -> None:
    """Copy the fonts the HTML links to when any is missing or differs in
    size; checked without importing WeasyPrint. (Emblems: :func:`build.build`.)"""
    from generator.format import fonts

    for name, source in fonts.verified_fonts().items():
        target = output / "fonts" / name
        builder.check_inside(target, output)
        if not target.is_file() or target.stat().st_size != source.stat().st_size:
            builder.write_atomic(target, source.read_bytes(), inside=output)


# --- reporting --------------------------------------------------------------------

STATUS = {
    BUILT: M("built"),
    UNCHANGED: M("unchanged"),
    INVALID: M("invalid"),
    FAILED: M("failed"),
}


class Reporter:
    """Progress on a terminal (a bar redrawn in place), a plain line per
    edition elsewhere, and the summary at the end.

    Problems and failures go to ``errors`` (stderr), the rest to ``stream``;
    every line in one language, ``lang`` (Thai, or English with ``"en"``).
    """

    BAR_WIDTH = 28

    def __init__(self, stream: TextIO | None = None, errors: TextIO | None = None,
                 lang: str = "th", tty: bool | None = None, cwd: Path | None = None):
        self.stream = stream or sys.stdout
        self.errors = errors or sys.stderr
        self.lang = lang
        self.tty = self.stream.isatty() if tty is None else tty
        self.cwd = cwd or Path.cwd()
        self.total = 0
        self.finished = 0
        self.started = time.perf_counter()
        self._bar_shown = False

    def _words(self, message: Message | str) -> str:
        return said_in(message, self.lang)

    def _shown(self, path: Path) -> str:
        path = Path(path)
        shown = str(path.relative_to(self.cwd)) if path.is_relative_to(self.cwd) else str(path)
        return printable(shown)  # a file name may hold terminal escapes, or bytes not UTF-8

    def kept(self, outcome: Outcome) -> list[str]:
        """One line per output edited by hand and kept beside (see build.keep_edited)."""
        lines = []
        for path, copy in outcome.kept:
            name, kept = printable(path.name), self._shown(copy)
            lines.append("    " + self._words(M(
                "{name} was edited by hand after the last build; the edited copy is kept as {kept}",
                name=name, kept=kept)))
        return lines

    def _clear_bar(self) -> None:
        if self._bar_shown:
            self.stream.write("\r\033[K")
            self.stream.flush()
            self._bar_shown = False

    def problem(self, problem: Problem) -> None:
        self._clear_bar()
        self.errors.write(problem.format(self.lang) + "\n")
        self.errors.flush()

    def warning(self, problem: Problem) -> None:
        """A warning of the content (the edition is built all the same)."""
        self._clear_bar()
        self.errors.write(self._words(M("warning: {problem}", problem=problem.format(self.lang))) + "\n")
        self.errors.flush()

    def start(self, total: int) -> None:
        self.total = total
        self.started = time.perf_counter()

    def line(self, outcome: Outcome) -> str:
        status = self._words(STATUS[outcome.status])
        width = len(str(self.total))
        text = f"[{self.finished:>{width}}/{self.total}] {status} {printable(outcome.label)}"
        if outcome.status == BUILT:
            folder = self._shown(outcome.files[0].parent) if outcome.files else ""
            kinds = ", ".join(p.suffix[1:] for p in outcome.files)
            text += f" → {folder} ({kinds}) {outcome.seconds:.2f} s"
        elif outcome.status == FAILED:
            said = self._words(outcome.message)
            text += ": " + "\n".join(printable(line) for line in said.split("\n"))
        for note in self.kept(outcome):
            text += "\n" + note
        return text

    def bar(self, label: str) -> str:
        done = min(self.finished / self.total, 1.0) if self.total else 1.0
        filled = int(self.BAR_WIDTH * done)
        elapsed = time.perf_counter() - self.started
        return (f"[{'█' * filled}{'░' * (self.BAR_WIDTH - filled)}] "
                f"{self.finished}/{self.total} {elapsed:.1f} s {printable(label)}")

    def done(self, outcome: Outcome) -> None:
        self.finished += 1
        for problem in outcome.problems:  # found while rendering, in a worker
            self.problem(problem)
        if outcome.status in (BUILT, UNCHANGED):
            for problem in outcome.warnings:
                self.warning(problem)
        if self.tty and outcome.kept:  # a lasting line: the bar would hide it
            self._clear_bar()
            self.stream.write("\n".join(self.kept(outcome)) + "\n")
        if outcome.status == FAILED:
            self._clear_bar()
            self.errors.write(f"{self._shown(outcome.source)}: {self.line(outcome)}\n")
            self.errors.flush()
        if self.tty:
            self.stream.write("\r" + self.bar(outcome.label) + "\033[K")
            self._bar_shown = True
        elif outcome.status != FAILED:
            self.stream.write(self.line(outcome) + "\n")
        self.stream.flush()

    def finish(self, summary: Summary) -> None:
        self._clear_bar()
        counts = {status: summary.count(status) for status in STATUS}
        failed = counts[INVALID] + counts[FAILED]
        self.stream.write(self._words(M(
            "summary: built {built}, unchanged {unchanged}, failed {failed}, {seconds} s",
            built=counts[BUILT], unchanged=counts[UNCHANGED], failed=failed,
            seconds=f"{summary.seconds:.1f}")) + "\n")
        if summary.failures:
            self.stream.write(self._words(STATUS[FAILED]) + ":\n")
            for outcome in summary.failures:
                where = self._shown(outcome.source)
                what = self._words(STATUS[outcome.status])
                label = f" ({printable(outcome.label)})" if outcome.status == FAILED else ""
                self.stream.write(f"  {where}{label}: {what}\n")
        self.stream.flush()
