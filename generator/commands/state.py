"""Turn each build's written files into records the next build trusts.

Two records: the state file each build leaves in an edition's folder
(``.prakat-build.json``: which output was written from which input key, with
its size, time and SHA-256, so an output touched since is noticed), and the
index of the output folder (``.prakat-index.json``) that lets a run with
nothing to do skip reading content files it has seen unchanged (same inode,
size and modification time of the file and of every file it names).
"""

from __future__ import annotations

import json
import os
from pathlib import Path, PurePosixPath

from generator import build as builder
from generator.document.model import Announcement

STATE_NAME = ".prakat-build.json"
#: Bump when the state file or the meaning of its keys changes.
STATE_VERSION = 1


#: A review draft's outputs are recorded under "draft.pdf", ... in the state file.
DRAFT_SLOT = "draft."


def _slot(fmt: str, draft: bool) -> str:
    """The state file's name for an output: ``pdf``, or ``draft.pdf`` for a draft's."""
    return f"{DRAFT_SLOT}{fmt}" if draft else fmt


# --- the state file ---------------------------------------------------------------

def read_state(folder: Path) -> dict:
    try:
        state = json.loads((folder / STATE_NAME).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(state, dict) or state.get("version") != STATE_VERSION:
        return {}
    return state


def _file_entry(path: Path, key: str) -> dict:
    stat = path.stat()
    return {"file": path.name, "key": key, "size": stat.st_size, "mtime_ns": stat.st_mtime_ns,
            "sha256": builder._sha256(path)}


def recorded_hashes(folder: Path, draft: bool = False) -> dict[str, str]:
    """Format → SHA-256 of the file the last build wrote into ``folder``, read
    from its state file whatever the state's version, so that an output edited
    by hand since is kept, not overwritten (:func:`builder.keep_edited`).
    ``draft``: the review draft's files instead of the edition's."""
    try:
        state = json.loads((folder / STATE_NAME).read_text(encoding="utf-8"))
        outputs = state["outputs"]
        return {slot[len(DRAFT_SLOT):] if draft else slot: entry["sha256"]
                for slot, entry in outputs.items()
                if slot.startswith(DRAFT_SLOT) == draft
                and isinstance(entry, dict) and isinstance(entry.get("sha256"), str)}
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return {}


def stale_formats(announcement: Announcement, folder: Path, formats, key: str,
                  draft: bool = False) -> list[str]:
    """The formats of ``formats`` whose file is missing, touched or out of
    date (``draft``: the review draft's files)."""
    outputs = read_state(folder).get("outputs", {})
    stale = []
    for fmt in formats:
        entry = outputs.get(_slot(fmt, draft))
        path = folder / builder.output_name(announcement, fmt, draft)
        try:
            stat = path.stat()
        except OSError:
            stale.append(fmt)
            continue
        if (not isinstance(entry, dict) or entry.get("key") != key
                or entry.get("size") != stat.st_size or entry.get("mtime_ns") != stat.st_mtime_ns):
            stale.append(fmt)
    return stale


def write_state(folder: Path, source: Path, key: str, files: dict[str, Path]) -> None:
    """Record the freshly written ``files`` (format → path), keeping other formats."""
    state = read_state(folder)
    outputs = state.get("outputs", {}) if isinstance(state.get("outputs"), dict) else {}
    for fmt, path in files.items():
        outputs[fmt] = _file_entry(path, key)
    state = {"version": STATE_VERSION, "source": str(Path(source).resolve()), "outputs": outputs}
    # ASCII with escapes: a file name that is not UTF-8 (``\\udcff``) survives the round trip.
    data = json.dumps(state, ensure_ascii=True, indent=1, sort_keys=True).encode("ascii")
    builder.write_atomic(folder / STATE_NAME, data + b"\n", inside=folder)


# --- the index of an output folder -----------------------------------------------

INDEX_NAME = ".prakat-index.json"
#: Bump when the index or the meaning of its entries changes.
INDEX_VERSION = 2
#: An index larger than this is not read (the output folder may be anyone's).
MAX_INDEX_BYTES = 64 * 1024 * 1024
#: Entries kept at most: this run's, then earlier runs' (other content sets).
MAX_INDEX_ENTRIES = 200_000
#: A file changed this recently may change again within the same timestamp
#: ("racily clean", as git calls it): its edition is not indexed this time.
RACY_NS = 2_000_000_000


def stamp(path: Path) -> list | None:
    """What tells a changed file from the one read before, without reading it
    (its absolute name, device, inode, size and modification time)."""
    name = os.path.abspath(path)
    try:
        info = os.stat(name)
    except OSError:
        return None
    return [name, info.st_dev, info.st_ino, info.st_size, info.st_mtime_ns]


def inputs_of(announcement: Announcement) -> list[Path]:
    """Every file the content of ``announcement`` was read from: the file,
    those it extends, its emblem, its own profile and signature images
    (templates, profiles by name and fonts count in the environment)."""
    files = [announcement.source, *announcement.parents, announcement.emblem, announcement.profile_path]
    files += [signer.signature_image for signer in announcement.all_signers()]
    return [Path(f) for f in files if f is not None]


def index_entry(announcement: Announcement, folder: Path, output: Path, key: str,
                since_ns: int) -> dict | None:
    """The index's record of an edition found or built unchanged, or ``None``
    when one of its files changed too recently to trust its time (after
    ``since_ns``, the start of the run, less :data:`RACY_NS`)."""
    stamps = [stamp(path) for path in inputs_of(announcement)]
    if any(s is None or s[4] >= since_ns - RACY_NS for s in stamps):
        return None
    try:
        folder_name = folder.relative_to(output).as_posix()
    except ValueError:
        return None
    return {"stamps": stamps, "folder": folder_name, "key": key,
            "label": f"{announcement.province}/{announcement.edition}",
            "outputs": {fmt: builder.output_name(announcement, fmt) for fmt in builder.FORMATS}}


def read_index(output: Path, environment: str) -> dict[str, dict]:
    """Resolved content path → entry, from the index written for the same
    ``environment`` (code, templates, fonts, libraries); empty when there is
    none, it is too large or not what prakat writes."""
    path = output / INDEX_NAME
    try:
        if path.stat().st_size > MAX_INDEX_BYTES:
            return {}
        index = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if (not isinstance(index, dict) or index.get("version") != INDEX_VERSION
            or index.get("environment") != environment or not isinstance(index.get("editions"), dict)):
        return {}
    return index["editions"]


def still_unchanged(entry, source: Path, output: Path, formats) -> tuple[str, list[Path]] | None:
    """(label, files) when the edition of ``entry`` is unchanged for sure:
    every file it was read from is as it was, and every output in ``formats``
    is the one its state file records for the same key; else ``None``."""
    try:
        for recorded in entry["stamps"]:
            if stamp(Path(recorded[0])) != recorded:
                return None
        name = PurePosixPath(entry["folder"])
        if name.is_absolute() or ".." in name.parts or not name.parts:
            return None
        folder = output.joinpath(*name.parts)
        state = read_state(folder)
        if state.get("source") != str(source):
            return None
        files = []
        for fmt in formats:
            file = folder / entry["outputs"][fmt]
            recorded = state["outputs"][fmt]
            info = os.stat(file)
            if (recorded.get("key") != entry["key"] or recorded.get("file") != file.name
                    or recorded.get("size") != info.st_size or recorded.get("mtime_ns") != info.st_mtime_ns):
                return None
            files.append(file)
        return str(entry["label"]), files
    except (OSError, KeyError, TypeError, IndexError, AttributeError, ValueError):
        return None


def write_index(output: Path, environment: str, editions: dict[str, dict]) -> None:
    """Record ``editions`` (resolved content path → entry), at most :data:`MAX_INDEX_ENTRIES`."""
    kept = dict(list(editions.items())[:MAX_INDEX_ENTRIES])
    index = {"version": INDEX_VERSION, "environment": environment, "editions": kept}
    # ASCII with escapes, as the state file: any file name survives the round trip.
    data = json.dumps(index, ensure_ascii=True, sort_keys=True).encode("ascii")
    builder.write_atomic(output / INDEX_NAME, data + b"\n", inside=output)
