"""Turn an issued edition into an archive folder, and check an archive against what prakat makes now.

``prakat archive EDITION`` writes ``archive/<province>/<edition>/``:

- ``<slug>.pdf``: the archival PDF/A-3b, with the content file (and, when the
  edition extends another, the resolved content) embedded as attachments with
  the relationship ``Source``;
- ``<slug>.html``, ``<slug>.docx``: the other outputs, as ``prakat build`` makes them;
- ``<slug>.toml`` (and ``<slug>.resolved.toml``): copies of the content, and
  copies of the files the content names beside itself (its emblem, its own
  format profile) under the names it gives them;
- ``manifest.json``: the edition (issuer, edition id, date, content SHA-256),
  the complete list of the files above with their SHA-256, and the SHA-256 of
  every input (content, templates, format profile, fonts, assets) and the
  versions of every library that writes the bytes;

and appends the manifest's SHA-256 to ``archive/index.jsonl``.

``prakat archive EDITION --signed FILE`` (:func:`archive_signed`) keeps a
signed copy with an archived edition: a digitally signed PDF (``prakat sign``;
it must be that edition's PDF, signed and intact) or a scan of the signed
paper copy; the manifest lists it with its SHA-256 and kind, sealed anew.

``prakat verify`` checks that the folder holds exactly the files its manifest
lists, that it is the edition its place in the archive and its content say,
that the manifest is the last one the index records for it, and regenerates
the outputs from the archived content alone, comparing byte for byte and
naming what changed. :func:`check_build` lets ``prakat build`` refuse to
produce, for an archived edition, anything other than what was archived.
"""

from __future__ import annotations

import os
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path


from generator import build
from generator.content import editions
from generator.errors import BuildError, ContentError, FontError, Problem, os_words, printable
from generator.document.model import Announcement
from generator.messages import M, Message, text
from generator.archive.store import (
    ArchiveConflict,
    CODE_CHANGED,
    Difference,
    INDEX,
    KINDS,
    Lines,
    MANIFEST,
    ManifestError,
    OldManifest,
    _causes,
    _conflict_message,
    _content_record,
    _from_shown,
    _read_json,
    _shown_path,
    _unpinned,
    append_index,
    archive_root,
    beside_files,
    edition_folder,
    edition_key,
    fingerprint,
    identity,
    index_entries,
    latest_indexed,
    make_manifest,
    manifest_bytes,
    manifest_problem,
    read_manifest,
    SIGNED_KINDS,
    sha256,
    signed_entries,
    unreadable_message,
    with_files,
)


# --- rendering the archived files ---------------------------------------------------

def sources(announcement: Announcement, content_bytes: bytes, resolved_bytes: bytes | None) -> dict[str, bytes]:
    """Archived file name → bytes of the content copies."""
    files = {f"{announcement.slug}.toml": content_bytes}
    if resolved_bytes is not None:
        files[f"{announcement.slug}.resolved.toml"] = resolved_bytes
    return files


def render_files(announcement: Announcement, source_files: dict[str, bytes],
                 beside: dict[str, bytes] | None = None) -> tuple[dict[str, bytes], dict[str, str]]:
    """Archived file name → bytes (outputs, content copies and the files beside
    the content), and the build outputs' SHA-256."""
    # Attachment descriptions are bytes of every archived PDF: as issued, in both languages.
    described = {name: (data, "เนื้อหาที่รวมกับฉบับก่อนแล้ว (resolved content, with the editions it extends)"  # not a message
                        if name.endswith(".resolved.toml")
                        else "ไฟล์เนื้อหาของประกาศ (the announcement's content file)")
                 for name, data in source_files.items()}
    outputs = build.render_outputs(announcement, build.FORMATS, sources=described)
    archival = outputs.pop(build.ARCHIVAL_PDF)
    files = {f"{announcement.slug}.pdf": archival,
             f"{announcement.slug}.html": outputs["html"],
             f"{announcement.slug}.docx": outputs["docx"],
             **source_files, **(beside or {})}
    return files, {fmt: sha256(data) for fmt, data in outputs.items()}


def folder_files(folder: Path) -> tuple[list[str], list[str]]:
    """The names (``/`` separated) of the plain files under ``folder`` other
    than the manifest, and of anything else there (links, special files)."""
    plain, other = [], []
    for top, dirs, names in os.walk(folder):
        here = Path(top)
        for name in sorted(dirs):
            if (here / name).is_symlink():
                other.append((here / name).relative_to(folder).as_posix())
        for name in sorted(names):
            path = here / name
            relative = path.relative_to(folder).as_posix()
            if relative == MANIFEST and not path.is_symlink():
                continue
            (plain if path.is_file() and not path.is_symlink() else other).append(relative)
    return sorted(plain), sorted(other)


@dataclass
class Archived:
    folder: Path
    files: list[Path]
    unchanged: bool = False


def _write_inside(root: Path, path: Path, data: bytes) -> None:
    top = root.resolve()
    path.parent.mkdir(parents=True, exist_ok=True)
    if top not in path.parent.resolve().parents and path.parent.resolve() != top:
        raise ContentError([Problem(path, None, "",
                                    M("this folder leads (through a link) outside the archive; not written"))])
    build.write_atomic(path, data)


def archive(path: Path, root: Path | None = None, force: bool = False) -> Archived:
    """Write the archive folder of the edition in ``path``; see the module docstring."""
    path = Path(path)
    root = Path(root) if root is not None else archive_root()
    resolved = editions.resolve(path)
    announcement = editions.announcement_of(resolved)
    problems = _unpinned(resolved, announcement)
    if problems:
        raise ContentError(problems)
    content_bytes = path.read_bytes()
    resolved_bytes = editions.resolved_toml(resolved).encode() if resolved.extends else None
    beside = {name: file.read_bytes() for name, file in beside_files(resolved, announcement).items()}
    files, build_outputs = render_files(announcement, sources(announcement, content_bytes, resolved_bytes), beside)
    manifest = make_manifest(announcement, fingerprint(resolved, announcement), files, build_outputs)
    folder = edition_folder(announcement, root)
    manifest_path = folder / MANIFEST
    key = edition_key(announcement)
    present, _ = folder_files(folder) if folder.is_dir() else ([], [])
    old = None
    if manifest_path.exists() or manifest_path.is_symlink() or present:
        try:
            old = read_manifest(manifest_path)
        except OldManifest:
            old = _read_json(manifest_path)
        except ManifestError as error:
            if not force:
                raise ArchiveConflict(unreadable_message(manifest_path, error, "archive"))
        stored = {name: (folder / name).read_bytes() for name in present}
        # Signed copies kept with the edition stay with it, as recorded.
        kept = {name: entry for name, entry in signed_entries(old or {}).items()
                if name in stored and sha256(stored[name]) == entry.get("sha256")}
        if kept:
            files.update({name: stored[name] for name in kept})
            manifest = with_files(manifest, kept)
        if stored == files:
            intact = (old is not None and old.get("prakat_manifest") == manifest["prakat_manifest"]
                      and old.get("edition") == manifest["edition"] and old.get("files") == manifest["files"])
            last = latest_indexed(root, key)
            if intact and last is not None and last["manifest_sha256"] == old["manifest_sha256"]:
                return Archived(folder, [folder / n for n in files], unchanged=True)
            # The files are the ones prakat makes: only the record is written anew.
            _write_inside(root, manifest_path, manifest_bytes(manifest))
            append_index(root, key, manifest["manifest_sha256"])
            return Archived(folder, [manifest_path])
        if not force:
            changed = sorted(n for n in set(stored) | set(files) if stored.get(n) != files.get(n))
            causes = _causes(old, manifest["inputs"]) if old is not None else []
            raise ArchiveConflict(_conflict_message(announcement, folder, changed, causes, "archive"))
    written = []
    for name, data in files.items():
        _write_inside(root, folder / name, data)
        written.append(folder / name)
    _write_inside(root, manifest_path, manifest_bytes(manifest))
    written.append(manifest_path)
    for name in present:  # replaced on purpose (--force): the folder holds exactly the new set
        if name not in files:
            (folder / name).unlink()
    append_index(root, key, manifest["manifest_sha256"])
    return Archived(folder, written)


# --- signed copies ---------------------------------------------------------------------------

#: The largest signed copy read, in bytes (a scan of a long announcement at 300 dpi).
MAX_SIGNED_BYTES = 200 * 1024 * 1024


def _signed_kind(path: Path, data: bytes) -> tuple[str, str]:
    """(kind, file ending) of a signed copy: a PDF with a digital signature
    (``signed-pdf``), or a scan (``scan``): a PDF without one, a PNG or JPEG image."""
    from generator.commands import sign
    from generator.content.files import image_kind

    if data.startswith(b"%PDF-"):
        return ("signed-pdf", "pdf") if sign.is_signed_pdf(data) else ("scan", "pdf")
    kind = image_kind(data)
    if kind is None:
        raise ContentError([Problem(path, None, "--signed",
                                    M("a signed copy must be a PDF, or a scan as a PNG or JPEG image"))])
    import io
    import warnings

    from PIL import Image

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            with Image.open(io.BytesIO(data)) as picture:
                picture.load()
    except Exception:
        raise ContentError([Problem(path, None, "--signed",
                                    M("the scanned image is damaged or cannot be read"))])
    return "scan", kind


def archive_signed(path: Path, signed_file: Path, root: Path | None = None) -> Archived:
    """Keep ``signed_file`` (a digitally signed PDF of the edition in ``path``,
    or a scan of its signed paper copy) in the edition's archive folder: the
    manifest lists it with its SHA-256 and kind, sealed anew and recorded in
    the index. A signed PDF must be this edition's archived PDF, signed and
    intact; the edition must be archived already."""
    path, signed_file = Path(path), Path(signed_file)
    root = Path(root) if root is not None else archive_root()
    resolved = editions.resolve(path)
    announcement = editions.announcement_of(resolved)
    folder = edition_folder(announcement, root)
    manifest_path = folder / MANIFEST
    key = edition_key(announcement)
    if not manifest_path.is_file():
        raise ContentError([Problem(path, None, "",
                                    M("edition {key} is not archived yet; run prakat archive {path} first",
                                      key=printable(key), path=printable(str(path))))])
    try:
        manifest = read_manifest(manifest_path)
    except ManifestError as error:
        raise ArchiveConflict(unreadable_message(manifest_path, error, "archive"))
    for name, entry in manifest["files"].items():   # the folder must be what was archived
        file = folder / name
        if not file.is_file() or file.is_symlink() or sha256(file.read_bytes()) != entry["sha256"]:
            raise ArchiveConflict(M("{path}: an archived file is missing or altered, so no signed copy is "
                                    "added; run prakat verify", path=printable(str(file))))
    if signed_file.stat().st_size > MAX_SIGNED_BYTES:
        raise ContentError([Problem(signed_file, None, "--signed",
                                    M("the file is too large (at most {size} MB)",
                                      size=MAX_SIGNED_BYTES // (1024 * 1024)))])
    data = signed_file.read_bytes()
    kind, ending = _signed_kind(signed_file, data)
    if kind == "signed-pdf":
        from generator.commands import sign

        checked = sign.check_bytes(data, str(signed_file), expected_sha256=manifest["build_outputs"].get("pdf"),
                                   expected_edition=key)
        if not checked.ok:
            raise ContentError([Problem(signed_file, None, "--signed", problem)
                                for problem in checked.problems])
    digest = sha256(data)
    for name, entry in signed_entries(manifest).items():
        if entry["sha256"] == digest:
            return Archived(folder, [folder / name], unchanged=True)
    stem = f"{announcement.slug}.{'signed' if kind == 'signed-pdf' else 'scan'}"
    name, number = f"{stem}.{ending}", 1
    while name in manifest["files"] or (folder / name).exists() or (folder / name).is_symlink():
        number += 1
        name = f"{stem}-{number}.{ending}"
    entry = {"sha256": digest, "role": SIGNED_KINDS[kind], "kind": kind}
    updated = with_files(manifest, {name: entry})
    _write_inside(root, folder / name, data)
    _write_inside(root, manifest_path, manifest_bytes(updated))
    append_index(root, key, updated["manifest_sha256"])
    return Archived(folder, [folder / name, manifest_path])


# --- verify --------------------------------------------------------------------------------

#: Kinds that say the archive itself is not what was archived.
_BROKEN = ("archive", "manifest")


@dataclass
class Report:
    target: str
    differences: list[Difference] = field(default_factory=list)
    notes: list[Message] = field(default_factory=list)

    @property
    def identical(self) -> bool:
        return not self.differences

    @property
    def verdict(self) -> str:
        """``identical``, ``archive`` (the archive is not what was archived),
        ``output-only``, ``library`` (inputs identical, a library or prakat
        changed, outputs differ) or ``inputs`` (an input changed)."""
        kinds = {d.kind for d in self.differences}
        if not kinds:
            return "identical"
        if kinds & set(_BROKEN):
            return "archive"
        if kinds == {"output"}:
            return "output-only"
        if kinds == {"tool", "output"}:
            return "library"
        return "inputs"

    def format(self, lang: str = "th") -> str:
        """The report in one language: Thai, or English with ``lang="en"``."""
        target = printable(self.target)
        notes = [f"  {text(note, lang)}" for note in self.notes]
        if self.identical:
            return "\n".join([M("{target}: identical", target=target).text(lang)] + notes)
        kinds = sorted({d.kind for d in self.differences}, key=list(KINDS).index)
        lines = [M("{target}: differs: {names}", target=target, names=[KINDS[k] for k in kinds]).text(lang)]
        verdict = self.verdict
        if verdict == "library":
            changed = ", ".join(text(d.message, lang) for d in self.differences if d.kind == "tool")
            lines.append("  " + M("inputs identical; changed: {changed}; the outputs differ",
                                  changed=changed).text(lang))
        elif verdict == "output-only":
            lines.append("  " + M("no input changed: output only").text(lang))
        elif verdict == "archive":
            lines.append("  " + M("the archive is not what was archived").text(lang))
        lines += [d.format(lang) for d in self.differences]
        return "\n".join(lines + notes)


def find_manifest(target: Path, root: Path | None = None) -> Path:
    """The manifest for a manifest file, an archive folder, or a content file."""
    target = Path(target)
    if target.is_dir():
        return target / MANIFEST
    if target.suffix == ".json":
        return target
    resolved = editions.resolve(target)
    if "document" in resolved.data:  # format 2: issuer_id and edition
        head = resolved.data.get("document", {})
        province, edition = head.get("issuer_id"), head.get("edition")
    else:
        head = resolved.data.get("announcement", {})
        province = head.get("province")
        edition = head.get("edition", head.get("fiscal_year"))
    if not isinstance(province, str) or edition is None:
        raise ContentError([Problem(target, None, "announcement",
                                    M("no province or fiscal_year, so the archive cannot be found"))])
    return (root or archive_root()) / province / str(edition) / MANIFEST


@contextmanager
def _environment(source_date_epoch: str | None):
    from unittest import mock  # with asyncio: only when an archive is verified

    environ = {k: v for k, v in os.environ.items() if k != "SOURCE_DATE_EPOCH"}
    if source_date_epoch:
        environ["SOURCE_DATE_EPOCH"] = source_date_epoch
    with mock.patch.dict(os.environ, environ, clear=True):
        yield


def _archive_problem(report: Report, message: Message) -> None:
    report.differences.append(Difference("archive", message))


def _check_index(report: Report, root: Path, place: str, sealed: str) -> None:
    """The manifest must be the last one the index beside the archives records for ``place``."""
    entries = index_entries(root)
    if entries is None:
        report.differences.append(Difference(
            "manifest", M("there is no {index} beside the archives, so this manifest cannot be confirmed",
                          index=INDEX)))
        return
    mine = [e for e in entries if e["edition"] == place]
    if mine and mine[-1]["manifest_sha256"] == sealed:
        return
    elsewhere = [e for e in entries if e["manifest_sha256"] == sealed]
    if any(e["edition"] == place for e in elsewhere):
        when = next(e for e in reversed(elsewhere) if e["edition"] == place).get("time", "?")
        said = M("this manifest is an earlier archiving's ({when}), since replaced: "
                 "the index's last one for {place} is of {last}",
                 when=printable(str(when)), place=printable(place),
                 last=printable(str(mine[-1].get("time", "?"))))
    elif elsewhere:
        said = M("{index} records this manifest for {other}, not for {place}",
                 index=INDEX, other=printable(elsewhere[-1]["edition"]), place=printable(place))
    else:
        said = M("this manifest is not in {index}: it was rewritten and resealed after archiving "
                 "(not by prakat archive)", index=INDEX)
    report.differences.append(Difference("manifest", said))


def verify(target: Path, root: Path | None = None) -> Report:
    """Check an archive folder and regenerate its edition from the archive alone; see the module docstring."""
    target = Path(target)
    manifest_path = find_manifest(target, root)
    content_file = None if target.is_dir() or target.suffix == ".json" else target
    folder = manifest_path.parent
    report = Report(_shown_path(folder))
    if not manifest_path.is_file():
        raise ContentError([Problem(manifest_path, None, "", M("no manifest here (not archived yet?)"))])
    try:
        manifest = read_manifest(manifest_path)
    except ManifestError as error:
        report.differences.append(Difference("manifest", manifest_problem(manifest_path, error)))
        return report
    edition, files, inputs = manifest["edition"], manifest["files"], manifest["inputs"]
    slug = edition["slug"]
    held = f"{edition['issuer_id']}/{edition['edition']}"

    # 1. The edition asked for: the folder's place in the archive, and the index.
    place = f"{folder.parent.name}/{folder.name}"
    if held != place:
        _archive_problem(report, M("the folder {place} holds the manifest of {held}, not of {place}",
                                   place=printable(place), held=printable(held)))
    _check_index(report, folder.parent.parent, place, manifest["manifest_sha256"])

    # 2. Exactly the files the manifest lists, each as recorded.
    present, other = folder_files(folder)
    stored: dict[str, bytes] = {}
    for name in sorted(set(files) | set(present)):
        shown = printable(name)
        if name not in files:
            _archive_problem(report, M("{name} is in the folder but not in the manifest", name=shown))
        elif name not in present:
            _archive_problem(report, M("{name} is missing from the archive", name=shown))
        else:
            stored[name] = (folder / name).read_bytes()
            if sha256(stored[name]) != files[name]["sha256"]:
                _archive_problem(report, M("the archived {name} was altered (its SHA-256 does not match "
                                           "the manifest)", name=shown))
    for name in other:
        _archive_problem(report, M("{name} is not a plain file (a link or a special file)",
                                   name=printable(name)))
    signed = signed_entries(manifest)
    _check_signed(report, manifest, signed, stored, held)

    # 3. The archived content is the edition the manifest names.
    own, resolved_name = f"{slug}.toml", f"{slug}.resolved.toml"
    copy_name = resolved_name if edition["resolved_sha256"] is not None else own
    if copy_name not in stored or own not in stored:
        missing = copy_name if copy_name not in stored else own
        _archive_problem(report, M("the archive holds no copy of the content {name}, so nothing can be "
                                   "regenerated", name=printable(missing)))
        return report
    try:
        with _environment(inputs["source_date_epoch"]):
            archived_resolved = editions.resolve(folder / copy_name)
            announcement = editions.announcement_of(archived_resolved)
            beside = {name: stored[name] for name in beside_files(archived_resolved, announcement)
                      if name in stored}
            said = identity(announcement, {own: stored[own], **({resolved_name: stored[resolved_name]}
                                                                  if resolved_name in stored else {})})
            for name, value in edition.items():
                if said.get(name) != value:
                    _archive_problem(report, M("the manifest says {name} = {value}, the archived content {found}",
                                               name=printable(name), value=printable(str(value)),
                                               found=printable(str(said.get(name)))))

            # 4. The inputs now, against the recorded ones; the content from its
            # folder when it is still there, else the archive alone.
            now = fingerprint(archived_resolved, announcement)
            source = content_file
            if source is None and inputs["content"]:
                recorded = _from_shown(inputs["content"][0]["path"])
                source = recorded if recorded.is_file() else None
            if source is not None:
                try:
                    now_resolved = editions.resolve(source)
                    now.update(_content_record(now_resolved, editions.announcement_of(now_resolved)))
                except (ContentError, OSError) as error:
                    detail = Lines(error) if isinstance(error, ContentError) else os_words(error)
                    report.differences.append(Difference(
                        "content", M("{path} no longer reads or validates ({detail})",
                                     path=printable(str(source)), detail=detail)))
                    source = None
            if source is None:
                now.update(content=inputs["content"], resolved_content=inputs["resolved_content"],
                           beside=inputs["beside"])
                if content_file is None and inputs["content"]:
                    report.notes.append(M("the content file {path} is not there: regenerated from the archive alone",
                                          path=printable(inputs["content"][0]["path"])))
            report.differences += _causes(inputs, now)

            # 5. Regenerate from the archive alone and compare byte for byte.
            regenerated, build_outputs = render_files(
                announcement, sources(announcement, stored[own], stored.get(resolved_name)), beside)
    except ContentError as error:
        report.differences.append(Difference("archive", M("cannot regenerate from the archived content: {error}",
                                                          error=Lines(error))))
        return report
    except BuildError as error:
        if not any(d.kind == "font" for d in report.differences):
            font = isinstance(error, FontError) or "font" in str(error)
            report.differences.append(Difference("font" if font else "tool",
                                                 M("cannot regenerate: {error}", error=error.message)))
        else:
            report.notes.append(M("cannot regenerate with these fonts"))
        return _settle(report, regenerated=False)
    for name in sorted(set(regenerated) - set(files)):
        _archive_problem(report, M("the manifest does not list {name}, which this edition's archive must hold",
                                   name=printable(name)))
    for name in sorted(set(files) - set(regenerated) - set(signed)):
        _archive_problem(report, M("the manifest lists {name}, which is not a file of this edition",
                                   name=printable(name)))
    made_now = False
    for name, data in regenerated.items():
        if name in stored and stored[name] != data and sha256(stored[name]) == files[name]["sha256"]:
            report.differences.append(Difference("output", M("{name} made now differs from the archived one",
                                                             name=printable(name))))
            made_now = True
    if build_outputs != manifest["build_outputs"]:
        changed = [fmt for fmt in build_outputs if build_outputs[fmt] != manifest["build_outputs"].get(fmt)]
        if changed and not made_now:
            report.differences.append(Difference("output", M("what prakat build makes differs from the record: "
                                                             "{formats}", formats=", ".join(changed))))
    return _settle(report)


def _check_signed(report: Report, manifest: dict, signed: dict[str, dict], stored: dict[str, bytes],
                  held: str) -> None:
    """The signed copies kept with the edition: an unknown kind is named; a
    digitally signed PDF must be this edition's PDF, signed and intact (its
    presence and SHA-256 are checked with every other file)."""
    for name, entry in manifest["files"].items():
        if "kind" in entry and name not in signed:
            _archive_problem(report, M("the manifest gives {name} the unknown kind {kind}",
                                       name=printable(name), kind=printable(str(entry["kind"]))))
    for name, entry in sorted(signed.items()):
        if entry["kind"] != "signed-pdf" or name not in stored or sha256(stored[name]) != entry["sha256"]:
            continue
        from generator.commands import sign

        checked = sign.check_bytes(stored[name], name, expected_sha256=manifest["build_outputs"].get("pdf"),
                                   expected_edition=held)
        shown = printable(name)
        for problem in checked.problems:
            _archive_problem(report, M("{place}: {text}", place=shown, text=problem))
        if checked.ok:
            who = ", ".join(printable(s.signer) for s in checked.signatures)
            report.notes.append(M("{name}: signed by {who}, this edition byte for byte, the signature intact",
                                  name=shown, who=who))


def _settle(report: Report, regenerated: bool = True) -> Report:
    """Demote to notes what does not make the archive differ."""
    # prakat's own code changes with every release: a cause only when nothing
    # else explains a difference, else a note.
    code = [d for d in report.differences if d.kind == "tool" and d.message == CODE_CHANGED]
    if code and any(d.kind != "output" and d not in code for d in report.differences):
        report.differences = [d for d in report.differences if d not in code]
        report.notes += [M("note: {note}", note=d.message) for d in code]
    # A newer library or prakat's own code alone, with the outputs byte for byte
    # the same, is a note: the archive is reproduced exactly.
    tools = [d for d in report.differences if d.kind == "tool"]
    if regenerated and tools and len(tools) == len(report.differences):
        report.differences = []
        report.notes += [M("note: changed since archiving: {change}; the outputs are the same",
                           change=d.message) for d in tools]
    return report


def verify_all(root: Path | None = None) -> list[Report]:
    """Verify every archive folder under ``root``, and name each edition the
    index records whose folder or manifest is gone."""
    root = Path(root) if root is not None else archive_root()
    reports = [verify(path.parent) for path in sorted(root.glob(f"*/*/{MANIFEST}"))]
    seen = {f"{p.parent.parent.name}/{p.parent.name}" for p in root.glob(f"*/*/{MANIFEST}")}
    for key in sorted({e["edition"] for e in index_entries(root) or []} - seen):
        report = Report(_shown_path(root / key))
        report.differences.append(Difference(
            "archive", M("{index} records {key}, but its folder or manifest is gone",
                         index=INDEX, key=printable(key))))
        reports.append(report)
    return reports
