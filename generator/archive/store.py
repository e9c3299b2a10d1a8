"""The archive's records: where each edition is kept, its manifest (the
edition it is, the SHA-256 of every input and output, the versions of every
library that writes the bytes), the append-only index of manifests beside the
edition folders, what changed since, and the check every build makes before
it overwrites an archived edition's outputs."""

from __future__ import annotations

import hashlib
import json
import os
import platform
import time
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from generator import ROOT
from generator.content import editions
from generator.document.model import Announcement
from generator.engine.libraries import library_versions, package_version
from generator.errors import EXIT_DIFFERS, BuildError, ContentError, Problem, Unusable, printable
from generator.messages import M, Message, text
from generator.format import versions
from generator.format.fonts import fonts_dir
from generator.render.assets import asset_files


MANIFEST = "manifest.json"
#: One line per archiving, beside the edition folders: edition, the manifest's SHA-256, time.
INDEX = "index.jsonl"


#: 2: the manifest binds the edition (issuer, edition id, date, content hash)
#: and its complete set of files, and is recorded in the index. 1 is refused.
MANIFEST_FORMAT = 2


#: What each kind of difference is called in a report.
KINDS = {
    "archive": M("archived files"),
    "manifest": M("manifest"),
    "content": M("content"),
    "template": M("template"),
    "profile": M("format profile"),
    "font": M("font"),
    "tool": M("program or library version"),
    "environment": M("environment"),
    "output": M("output"),
}

#: The difference that prakat's own code changed since archiving.
CODE_CHANGED = M("prakat's code changed since archiving")


class Lines(Message):
    """Several lines shown one under another, all in the same language: each
    a :class:`Message`, a plain string, a ``(prefix, message)`` pair (the
    prefix, an indent, put before the line), or anything with a
    ``format(lang)`` (a :class:`Difference`, a
    :class:`~generator.errors.ContentError`)."""

    def __init__(self, *lines):
        super().__init__("{lines}", lines=tuple(lines))

    def text(self, lang: str = "th") -> str:
        return "\n".join(_line(item, lang) for item in self.params["lines"])


def _line(item, lang: str) -> str:
    if isinstance(item, tuple):
        prefix, said = item
        return prefix + _line(said, lang)
    if not isinstance(item, (Message, str)) and hasattr(item, "format"):
        return item.format(lang)
    return text(item, lang)


class ArchiveConflict(BuildError):
    """A build or an archive would differ from what is archived."""

    exit_code = EXIT_DIFFERS


class ManifestError(Unusable):
    """A manifest that cannot be used as it is; ``message`` says why, as the
    end of a sentence that starts "the manifest …" (:func:`manifest_problem`)."""


def archive_root() -> Path:
    """``$PRAKAT_ARCHIVE`` if set, else ``archive/`` in the current folder."""
    return Path(os.environ.get("PRAKAT_ARCHIVE", "archive"))


def edition_folder(announcement: Announcement, root: Path | None = None) -> Path:
    return (root or archive_root()) / announcement.province / announcement.edition


def edition_key(announcement: Announcement) -> str:
    """``<issuer id>/<edition id>``: the edition's place in the archive."""
    return f"{announcement.province}/{announcement.edition}"


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _shown_path(path: Path) -> str:
    path = Path(path).resolve()
    return path.relative_to(ROOT).as_posix() if path.is_relative_to(ROOT) else path.as_posix()


def _from_shown(name: str) -> Path:
    path = Path(name)
    return path if path.is_absolute() else ROOT / path


# --- versions of what writes the bytes ---------------------------------------------------

def _tool_versions() -> dict[str, str]:
    found = {"prakat": package_version("prakat"), **library_versions(),
             "python": platform.python_version()}
    source = hashlib.sha256()
    for path in sorted((ROOT / "generator").rglob("*.py")):
        source.update(path.relative_to(ROOT).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    found["prakat-source"] = source.hexdigest()
    return found


# --- files the content names beside itself ---------------------------------------------

def _head(data: dict) -> dict:
    head = data.get("document") if "document" in data else data.get("announcement")
    return head if isinstance(head, dict) else {}


def beside_files(resolved: editions.Resolved, announcement: Announcement) -> dict[str, Path]:
    """The files the content names beside itself (its emblem, its own format
    profile): the name as written (``/`` separated) → the file. The archive
    keeps a copy under that name, so the archived content finds it."""
    head = _head(resolved.data)
    found = {}
    named = [(head.get("emblem"), announcement.emblem),
             (head.get("profile"), getattr(announcement, "profile_path", None))]
    # the signers' signature images (prakat sign draws them)
    signers = (resolved.data.get("signoff") or {}).get("signer") if "signoff" in resolved.data \
        else resolved.data.get("signer")
    signers = [signers] if isinstance(signers, dict) else signers if isinstance(signers, list) else []
    for entry, signer in zip(signers, announcement.all_signers()):
        if isinstance(entry, dict):
            named.append((entry.get("signature_image"), getattr(signer, "signature_image", None)))
    for name, path in named:
        if path is not None and isinstance(name, str):
            found[PurePosixPath(name.replace("\\", "/")).as_posix()] = Path(path)
    slug = announcement.slug
    taken = {MANIFEST, INDEX} | {f"{slug}.{end}" for end in ("pdf", "html", "docx", "toml", "resolved.toml")}
    clash = sorted(set(found) & taken)
    if clash:
        raise ContentError([Problem(resolved.edition.path, None, "",
                                    M("the file name {name} is one the archive uses itself; rename that file",
                                      name=clash[0]))])
    return found


def _content_record(resolved: editions.Resolved, announcement: Announcement) -> dict:
    """The content part of a fingerprint: the chain, the resolved content, the files beside."""
    return {
        "content": [{"path": _shown_path(f.path), "sha256": sha256(f.path.read_bytes())}
                    for f in resolved.chain],
        "resolved_content": sha256(editions.resolved_toml(resolved).encode()) if resolved.extends else None,
        "beside": {name: sha256(path.read_bytes())
                   for name, path in sorted(beside_files(resolved, announcement).items())},
    }


def fingerprint(resolved: editions.Resolved, announcement: Announcement) -> dict:
    """The SHA-256 of every input of ``announcement`` as it is now, and the tool versions."""
    template = versions.template_version_for(announcement)
    folder = versions.template_dir(template)
    profile_file = versions.profile_file_for(announcement)
    profile = versions.profile_for(announcement)
    fonts = {}
    for name in sorted(versions_fonts()):
        path = fonts_dir() / name
        fonts[name] = sha256(path.read_bytes()) if path.is_file() else "missing"
    try:
        assets = {name: sha256(data) for name, data in sorted(asset_files(profile).items())
                  if not name.startswith("fonts/")}
    except BuildError:  # a font is missing or altered: named under "fonts" below
        assets = None
    return {
        **_content_record(resolved, announcement),
        "template": {"version": template, "folder": _shown_path(folder),
                     "files": {name: sha256((folder / name).read_bytes())
                               for name in sorted(p.name for p in folder.iterdir() if p.is_file())},
                     "assets": assets},
        "profile": {"name": announcement.profile, "version": profile.version,
                    "path": _shown_path(profile_file), "sha256": sha256(profile_file.read_bytes())},
        "fonts": fonts,
        "tools": _tool_versions(),
        "source_date_epoch": os.environ.get("SOURCE_DATE_EPOCH") or None,
    }


def versions_fonts() -> list[str]:
    from generator.format.fonts import expected_sums
    return list(expected_sums())


def _roles(announcement: Announcement) -> dict[str, str]:
    slug = announcement.slug
    return {f"{slug}.pdf": "archival PDF/A-3b, content attached (AFRelationship Source)",
            f"{slug}.html": "HTML page", f"{slug}.docx": "DOCX document",
            f"{slug}.toml": "content file", f"{slug}.resolved.toml": "resolved content"}


def _seal(manifest: dict) -> dict:
    body = {k: v for k, v in manifest.items() if k != "manifest_sha256"}
    canonical = json.dumps(body, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return {**body, "manifest_sha256": sha256(canonical.encode())}


def identity(announcement: Announcement, files: dict[str, bytes]) -> dict:
    """What the manifest says the archived edition is: issuer, edition id,
    date and the SHA-256 of its content (and of the resolved content)."""
    slug = announcement.slug
    resolved = files.get(f"{slug}.resolved.toml")
    return {"issuer_id": announcement.province, "edition": announcement.edition,
            "issuer": announcement.issuer, "date": announcement.date.isoformat(), "slug": slug,
            "fiscal_year": year if isinstance(year := announcement.values.get("fiscal_year"), int) else None,
            "content_sha256": sha256(files[f"{slug}.toml"]),
            "resolved_sha256": sha256(resolved) if resolved is not None else None}


def make_manifest(announcement: Announcement, inputs: dict, files: dict[str, bytes],
                  build_outputs: dict[str, str]) -> dict:
    """The manifest of an archive folder holding exactly ``files``."""
    roles = _roles(announcement)
    return _seal({
        "prakat_manifest": MANIFEST_FORMAT,
        "edition": identity(announcement, files),
        "inputs": inputs,
        "files": {name: {"sha256": sha256(data), "role": roles.get(name, "file named in the content")}
                  for name, data in sorted(files.items())},
        "build_outputs": build_outputs,
    })


#: Signed copies kept with an archived edition (``prakat archive EDITION --signed FILE``):
#: kind → the role the manifest gives the file.
SIGNED_KINDS = {
    "signed-pdf": "digitally signed PDF (PAdES): the edition's PDF with a signature appended",
    "scan": "scan of the signed paper copy",
}


def signed_entries(manifest: dict) -> dict[str, dict]:
    """The manifest's entries of signed copies: file name → entry (with its ``kind``)."""
    files = _d(manifest.get("files"))
    return {name: entry for name, entry in files.items()
            if isinstance(entry, dict) and entry.get("kind") in SIGNED_KINDS}


def with_files(manifest: dict, entries: dict[str, dict]) -> dict:
    """``manifest`` with ``entries`` (file name → ``sha256``, ``role``,
    ``kind``) added to its complete file set, sealed anew."""
    files = {**manifest["files"], **entries}
    return _seal({**manifest, "files": dict(sorted(files.items()))})


def manifest_bytes(manifest: dict) -> bytes:
    return (json.dumps(manifest, indent=2, ensure_ascii=False, sort_keys=False) + "\n").encode()


def _unpinned(resolved: editions.Resolved, announcement: Announcement) -> list[Problem]:
    if announcement.template_version is not None and announcement.profile_version is not None:
        return []
    template = versions.template_version_for(announcement)
    profile = versions.profile_for(announcement).version
    file = resolved.edition
    return [Problem(file.path, None, "issued",
                    M("an edition must name the versions it is issued with before it is archived; "
                      "add at the end of the file: [issued] template_version = {template}, "
                      "profile_version = {profile}", template=template, profile=profile))]


# --- reading a manifest -----------------------------------------------------------------

class _DictOf:
    def __init__(self, spec):
        self.spec = spec


class _ListOf:
    def __init__(self, spec):
        self.spec = spec


_TEXT, _NONE = str, type(None)
_SCHEMA = {
    "prakat_manifest": int,
    "edition": {"issuer_id": _TEXT, "edition": _TEXT, "issuer": _TEXT, "date": _TEXT, "slug": _TEXT,
                "fiscal_year": (int, _NONE), "content_sha256": _TEXT, "resolved_sha256": (_TEXT, _NONE)},
    "inputs": {"content": _ListOf({"path": _TEXT, "sha256": _TEXT}), "resolved_content": (_TEXT, _NONE),
               "beside": _DictOf(_TEXT),
               "template": {"version": int, "folder": _TEXT, "files": _DictOf(_TEXT),
                            "assets": (_DictOf(_TEXT), _NONE)},
               "profile": {"name": _TEXT, "version": (int, _NONE), "path": _TEXT, "sha256": _TEXT},
               "fonts": _DictOf(_TEXT), "tools": _DictOf(_TEXT), "source_date_epoch": (_TEXT, _NONE)},
    "files": _DictOf({"sha256": _TEXT, "role": _TEXT}),
    "build_outputs": _DictOf(_TEXT),
    "manifest_sha256": _TEXT,
}


def _fits(value, spec) -> bool:
    if isinstance(spec, tuple):
        return any(_fits(value, s) for s in spec)
    if isinstance(spec, type):
        return isinstance(value, spec) and not (spec is int and isinstance(value, bool))
    if isinstance(spec, _DictOf):
        return isinstance(value, dict) and all(_fits(v, spec.spec) for v in value.values())
    if isinstance(spec, _ListOf):
        return isinstance(value, list) and all(_fits(v, spec.spec) for v in value)
    return isinstance(value, dict) and all(k in value and _fits(value[k], s) for k, s in spec.items())


def _first_misfit(value, spec, where: str) -> str | None:
    """The first place in ``value`` that does not fit ``spec``, or None."""
    if isinstance(spec, dict):
        if not isinstance(value, dict):
            return where
        for key, sub in spec.items():
            if key not in value:
                return f"{where}.{key}".lstrip(".")
            found = _first_misfit(value[key], sub, f"{where}.{key}".lstrip("."))
            if found:
                return found
        return None
    if isinstance(spec, (_DictOf, _ListOf)) and _fits(value, dict if isinstance(spec, _DictOf) else list):
        items = value.items() if isinstance(value, dict) else enumerate(value)
        for key, item in items:
            found = _first_misfit(item, spec.spec, f"{where}[{json.dumps(key, ensure_ascii=False)}]")
            if found:
                return found
        return None
    return None if _fits(value, spec) else where


def _safe_name(name: str) -> bool:
    """A file name the manifest may list: a plain relative path inside the folder."""
    path = PurePosixPath(name)
    return (bool(name) and name == path.as_posix() and not path.is_absolute() and "\\" not in name
            and not set(path.parts) & {"..", "."} and name != MANIFEST
            and all(ord(c) >= 32 and c != "\x7f" for c in name))


def _read_json(path: Path) -> dict:
    try:
        data = json.loads(path.read_bytes().decode("utf-8"))
    except OSError as error:
        raise ManifestError(M("cannot be read ({detail})", detail=printable(str(error.strerror or error))))
    except UnicodeDecodeError:
        raise ManifestError(M("is not UTF-8 text"))
    except json.JSONDecodeError as error:
        raise ManifestError(M("is not valid JSON (line {line}, column {column})",
                              line=error.lineno, column=error.colno))
    if not isinstance(data, dict):
        raise ManifestError(M("is not a JSON object"))
    return data


class OldManifest(ManifestError):
    """A manifest written by an earlier prakat, in an older format."""


def read_manifest(path: Path) -> dict:
    """The manifest in ``path``, checked: JSON, this format, every field of its
    type, safe file names, its own SHA-256. :class:`ManifestError` if not."""
    data = _read_json(path)
    version = data.get("prakat_manifest")
    if version != MANIFEST_FORMAT:
        if isinstance(version, int) and not isinstance(version, bool) and 0 < version < MANIFEST_FORMAT:
            raise OldManifest(M(
                "is in format {version}, written by an earlier prakat, which does not bind the edition and its "
                "files, so it cannot be verified; archive again: prakat archive <content file> "
                "(no --force is needed when the outputs are the same)", version=version))
        raise ManifestError(M("its format {version} is unknown (this prakat reads format {known})",
                              version=printable(repr(version)), known=MANIFEST_FORMAT))
    misfit = _first_misfit(data, _SCHEMA, "")
    if misfit:
        raise ManifestError(M("{field} is missing or of the wrong type", field=printable(misfit)))
    bad = [name for name in data["files"] if not _safe_name(name)]
    if bad:
        raise ManifestError(M("the file name {name} is not a file inside this folder",
                              name=printable(json.dumps(bad[0], ensure_ascii=False))))
    if _seal(data)["manifest_sha256"] != data["manifest_sha256"]:
        raise ManifestError(M("was altered: its own SHA-256 does not match"))
    return data


def manifest_problem(path: Path, error: ManifestError) -> Message:
    """The manifest in ``path`` cannot be used, and why."""
    return M("{path}: the manifest {problem}", path=printable(str(path)), problem=error.message)


# --- the index of archivings ------------------------------------------------------------

def index_path(root: Path) -> Path:
    return Path(root) / INDEX


def append_index(root: Path, key: str, manifest_sha256: str) -> None:
    """Add one line to the archive's index, by appending only (one write)."""
    path = index_path(root)
    line = json.dumps({"edition": key, "manifest_sha256": manifest_sha256,
                       "time": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())},
                      ensure_ascii=False, separators=(", ", ": ")) + "\n"
    data = line.encode()
    path.parent.mkdir(parents=True, exist_ok=True)
    handle = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
    try:
        size = os.fstat(handle).st_size
        if size:
            with open(path, "rb") as stream:
                stream.seek(size - 1)
                if stream.read(1) != b"\n":  # a line cut short earlier stays on its own
                    data = b"\n" + data
        os.write(handle, data)
        os.fsync(handle)
    finally:
        os.close(handle)


def index_entries(root: Path) -> list[dict] | None:
    """The index's readable lines, oldest first; None when there is no index."""
    try:
        text = index_path(root).read_bytes().decode("utf-8", "replace")
    except FileNotFoundError:
        return None
    except OSError:
        return []
    entries = []
    for line in text.splitlines():
        try:
            entry = json.loads(line)
        except ValueError:
            continue
        if isinstance(entry, dict) and isinstance(entry.get("edition"), str) \
                and isinstance(entry.get("manifest_sha256"), str):
            entries.append(entry)
    return entries


def latest_indexed(root: Path, key: str) -> dict | None:
    """The index's last line for the edition ``key``, if any."""
    found = [e for e in index_entries(root) or [] if e["edition"] == key]
    return found[-1] if found else None


# --- what changed --------------------------------------------------------------------------

@dataclass
class Difference:
    kind: str                   # a key of KINDS
    message: Message | str      # a plain string: a detail in no language (versions, numbers)

    @property
    def thai(self) -> str:
        return text(self.message, "th")

    @property
    def english(self) -> str:
        return text(self.message, "en")

    def format(self, lang: str = "th") -> str:
        return f"  {KINDS[self.kind].text(lang)}: {text(self.message, lang)}"


def _d(value) -> dict:
    return value if isinstance(value, dict) else {}


def _l(value) -> list:
    return value if isinstance(value, list) else []


def _causes(old: dict, now: dict) -> list[Difference]:
    """What differs between the inputs recorded in a manifest and the inputs now."""
    found: list[Difference] = []
    old = _d(old)
    old = _d(old["inputs"]) if "inputs" in old else old
    recorded = [c for c in _l(old.get("content")) if isinstance(c, dict)]
    old_content = {c.get("path"): c.get("sha256") for c in recorded}
    for item in now["content"]:
        if item["path"] in old_content and old_content[item["path"]] != item["sha256"]:
            found.append(Difference("content", M("{path} was changed after it was archived",
                                                 path=printable(str(item["path"])))))
    if [c.get("path") for c in recorded] != [c["path"] for c in now["content"]]:
        found.append(Difference("content", M("the chain of extended files is not the recorded one")))
    if old.get("resolved_content") != now["resolved_content"] and now["resolved_content"] is not None:
        found.append(Difference("content", M("the resolved content differs from the recorded one")))
    old_beside, now_beside = _d(old.get("beside")), now.get("beside", {})
    for name in sorted(set(old_beside) | set(now_beside)):
        if old_beside.get(name) != now_beside.get(name):
            found.append(Difference("content", M("{name}, named by the content, differs from the recorded one",
                                                 name=printable(str(name)))))
    old_t, now_t = _d(old.get("template")), now["template"]
    if old_t.get("version") != now_t["version"]:
        found.append(Difference("template", M("version {old} → {new}", old=old_t.get("version"),
                                              new=now_t["version"])))
    else:
        old_files = _d(old_t.get("files"))
        for name in sorted(set(old_files) | set(now_t["files"])):
            if old_files.get(name) != now_t["files"].get(name):
                found.append(Difference("template", M("{path} differs from the recorded one",
                                                      path=f"{now_t['folder']}/{name}")))
        if now_t["assets"] is not None:
            old_assets = _d(old_t.get("assets"))
            for name in sorted(set(old_assets) | set(now_t["assets"])):
                if old_assets.get(name) != now_t["assets"].get(name):
                    found.append(Difference("template", M("{name} differs", name=name)))
    old_p, now_p = _d(old.get("profile")), now["profile"]
    if (old_p.get("name"), old_p.get("version"), old_p.get("sha256")) != (now_p["name"], now_p["version"], now_p["sha256"]):
        found.append(Difference("profile", M("{path} (version {old} → {new}) differs from the recorded one",
                                             path=now_p["path"], old=old_p.get("version"),
                                             new=now_p["version"])))
    old_fonts = _d(old.get("fonts"))
    for name in sorted(set(old_fonts) | set(now["fonts"])):
        if old_fonts.get(name) != now["fonts"].get(name):
            found.append(Difference("font", M("{name} is not the file used when archiving",
                                              name=printable(str(name)))))
    old_tools = _d(old.get("tools"))
    for name in sorted(set(old_tools) | set(now["tools"])):
        a, b = old_tools.get(name, "-"), now["tools"].get(name, "-")
        if a != b:
            if name == "prakat-source":
                found.append(Difference("tool", CODE_CHANGED))
            else:
                found.append(Difference("tool", printable(f"{name} {a} → {b}")))
    if old.get("source_date_epoch") != now["source_date_epoch"]:
        found.append(Difference("environment", printable(
            f"SOURCE_DATE_EPOCH {old.get('source_date_epoch')} → {now['source_date_epoch']}")))
    return found


def _conflict_message(announcement: Announcement, folder: Path, changed: list[str],
                      causes: list[Difference], action: str) -> Message:
    lines: list = [M("{key} is archived in {folder}, and what would be made now differs: {changed}",
                     key=printable(edition_key(announcement)), folder=printable(str(folder)),
                     changed=printable(", ".join(changed)))]
    if causes:
        lines.append(("  ", M("what changed:")))
        lines += causes
    else:
        lines.append(("  ", M("no input changed: the output only")))
    lines.append(_refusal(action))
    return Lines(*lines)


def _refusal(action: str) -> tuple[str, Message]:
    if action == "build":
        return ("  ", M("stopped; use --force to build it anyway: the archive itself is never changed"))
    return ("  ", M("the archive is not overwritten; use --force to replace it on purpose"))


def unreadable_message(path: Path, error: ManifestError, action: str) -> Message:
    """An archive folder whose manifest cannot be read, for build and archive."""
    return Lines(M("{problem}; run prakat verify", problem=manifest_problem(path, error)), _refusal(action))


def check_build(announcement: Announcement, outputs: dict[str, bytes], root: Path | None = None) -> None:
    """Raise :class:`ArchiveConflict` when ``outputs`` (format → bytes) of an archived
    edition differ from the archived ones. Cheap: compares SHA-256 only."""
    folder = edition_folder(announcement, root)
    manifest_path = folder / MANIFEST
    if not (manifest_path.exists() or manifest_path.is_symlink()):
        return
    try:
        manifest = read_manifest(manifest_path)
    except OldManifest:
        manifest = _read_json(manifest_path)  # format 1 records the build outputs alike
        if not _fits(manifest.get("build_outputs"), _DictOf(_TEXT)):
            raise ArchiveConflict(unreadable_message(
                manifest_path, ManifestError(M("{field} is missing or of the wrong type", field="build_outputs")),
                "build"))
    except ManifestError as error:
        raise ArchiveConflict(unreadable_message(manifest_path, error, "build"))
    edition = _d(manifest.get("edition"))
    held = f"{edition.get('issuer_id', edition.get('province'))}/{edition.get('edition')}"
    if held != edition_key(announcement):
        raise ArchiveConflict(Lines(
            M("{path}: the manifest is the one of {held}, not of {key}; run prakat verify",
              path=printable(str(manifest_path)), held=printable(held), key=printable(edition_key(announcement))),
            _refusal("build")))
    recorded = manifest["build_outputs"]
    changed = [f"{announcement.slug}.{fmt}" for fmt, data in outputs.items()
               if recorded.get(fmt) != sha256(data)]
    if not changed:
        return
    try:
        resolved = editions.resolve(announcement.source)
        causes = _causes(manifest, fingerprint(resolved, announcement))
    except (ContentError, OSError):
        causes = []
    raise ArchiveConflict(_conflict_message(announcement, folder, changed, causes, "build"))
