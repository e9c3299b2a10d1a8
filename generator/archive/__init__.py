"""Turn an issued edition into an archive folder, and check an archive against what prakat makes now.

``prakat archive EDITION`` writes ``archive/<province>/<edition>/``:

- ``<slug>.pdf``: the archival PDF/A-3b, with the content file (and, when the
  edition extends another, the resolved content) embedded as attachments with
  the relationship ``Source``;
- ``<slug>.html``, ``<slug>.docx``: the other outputs, as ``prakat build`` makes them;
- ``<slug>.toml`` (and ``<slug>.resolved.toml``): copies of the content;
- ``manifest.json``: the SHA-256 of every input (content, templates, format
  profile, fonts, assets), the tool versions, and the SHA-256 of every file above.

``prakat verify`` regenerates the outputs from the archived content with the
template and profile versions the manifest names, and compares byte for byte.
:func:`check_build` lets ``prakat build`` refuse to produce, for an archived
edition, anything other than what was archived.
"""

from __future__ import annotations

from generator import ROOT
import datetime as dt
import hashlib
import importlib.metadata
import json
import os
import platform
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from unittest import mock

import weasyprint
from weasyprint.urls import URLFetcher, URLFetcherResponse

from generator import build
from generator.content import reader as content
from generator.content import editions
from generator import render
from generator.format import versions
from generator.render.assets import asset_files
from generator.errors import BuildError, ContentError, Problem
from generator.format.fonts import fonts_dir, verified_fonts
from generator.document.model import Announcement
from generator.document.stamps import stamps

MANIFEST = "manifest.json"
MANIFEST_FORMAT = 1
#: Exit code when an archive and what prakat makes now differ.
from generator.errors import EXIT_DIFFERS  # noqa: E402,F401  (3: differs from the archive)
#: Python packages whose versions decide the bytes of the outputs.
TOOLS = ("prakat", "weasyprint", "pydyf", "fonttools", "python-docx", "lxml", "Jinja2",
         "pythainlp", "tinycss2", "cssselect2", "tinyhtml5", "pyphen", "pillow", "zopfli", "brotli")
#: What each kind of difference is called in a report.
KINDS = {
    "content": ("เนื้อหา", "content"),
    "template": ("แม่แบบ", "template"),
    "profile": ("รูปแบบ", "format profile"),
    "font": ("ฟอนต์", "font"),
    "tool": ("รุ่นโปรแกรม", "tool version"),
    "environment": ("ค่าแวดล้อม", "environment"),
    "output": ("ผลลัพธ์", "output"),
    "manifest": ("บัญชีคลัง", "manifest"),
}


class ArchiveConflict(BuildError):
    """A build or an archive would differ from what is archived."""


def archive_root() -> Path:
    """``$PRAKAT_ARCHIVE`` if set, else ``archive/`` in the current folder."""
    return Path(os.environ.get("PRAKAT_ARCHIVE", "archive"))


def edition_folder(announcement: Announcement, root: Path | None = None) -> Path:
    return (root or archive_root()) / announcement.province / announcement.edition


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _shown_path(path: Path) -> str:
    path = Path(path).resolve()
    return path.relative_to(ROOT).as_posix() if path.is_relative_to(ROOT) else path.as_posix()


def _from_shown(name: str) -> Path:
    path = Path(name)
    return path if path.is_absolute() else ROOT / path


def _tool_versions() -> dict[str, str]:
    found = {}
    for name in TOOLS:
        try:
            found[name] = importlib.metadata.version(name)
        except importlib.metadata.PackageNotFoundError:
            found[name] = "-"
    from weasyprint.text.ffi import pango
    number = pango.pango_version()
    found["pango"] = f"{number // 10000}.{number // 100 % 100}.{number % 100}"
    found["python"] = platform.python_version()
    source = hashlib.sha256()
    for path in sorted((ROOT / "generator").rglob("*.py")):
        source.update(path.relative_to(ROOT).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    found["prakat-source"] = source.hexdigest()
    return found


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
        "content": [{"path": _shown_path(f.path), "sha256": sha256(f.path.read_bytes())}
                    for f in resolved.chain],
        "resolved_content": sha256(editions.resolved_toml(resolved).encode()) if resolved.extends else None,
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


# --- rendering the archived files ---------------------------------------------------

class _SourceFetcher(URLFetcher):
    """Serve the attachments' bytes, with a fixed media type (no guessing by platform)."""

    def __init__(self, files: dict[str, bytes]):
        super().__init__(fail_on_errors=True)
        self._files = files

    def fetch(self, url, headers=None):
        name = url.rsplit("/", 1)[-1]
        if url.startswith("file:///prakat/source/") and name in self._files:
            return URLFetcherResponse(url, self._files[name], {"Content-Type": "application/toml"})
        raise PermissionError(f"prakat attaches only its content files, not {url}")


def sources(announcement: Announcement, content_bytes: bytes, resolved_bytes: bytes | None) -> dict[str, bytes]:
    """Archived file name → bytes of the content copies."""
    files = {f"{announcement.slug}.toml": content_bytes}
    if resolved_bytes is not None:
        files[f"{announcement.slug}.resolved.toml"] = resolved_bytes
    return files


def render_files(announcement: Announcement, source_files: dict[str, bytes]) -> tuple[dict[str, bytes], dict[str, str]]:
    """Archived file name → bytes (outputs and content copies), and the build outputs' SHA-256."""
    from generator.writers import pdf as pdf_writer

    profile = versions.profile_for(announcement)
    outputs = build.render_outputs(announcement, build.FORMATS, profile)
    html = render.render(announcement, profile)
    dates = stamps(announcement)
    fetcher = _SourceFetcher(source_files)
    attachments = []
    for name in source_files:
        resolved = name.endswith(".resolved.toml")
        description = ("เนื้อหาที่รวมกับฉบับก่อนแล้ว (resolved content, with the editions it extends)"
                       if resolved else "ไฟล์เนื้อหาของประกาศ (the announcement's content file)")
        attachments.append(weasyprint.Attachment(
            url=f"file:///prakat/source/{name}", url_fetcher=fetcher, name=name,
            description=description, created=dates.created, modified=dates.created,
            relationship="Source"))
    identifier = hashlib.sha256(html.encode()).hexdigest()[:32].encode()
    archival = pdf_writer.write(html, identifier, profile, created=dates.w3c(dates.created),
                                modified=dates.w3c(dates.modified), attachments=attachments)
    files = {f"{announcement.slug}.pdf": archival,
             f"{announcement.slug}.html": outputs["html"],
             f"{announcement.slug}.docx": outputs["docx"],
             **source_files}
    return files, {fmt: sha256(data) for fmt, data in outputs.items()}


def _roles(announcement: Announcement) -> dict[str, str]:
    slug = announcement.slug
    return {f"{slug}.pdf": "archival PDF/A-3b, content attached (AFRelationship Source)",
            f"{slug}.html": "HTML page", f"{slug}.docx": "DOCX document",
            f"{slug}.toml": "content file", f"{slug}.resolved.toml": "resolved content"}


def _seal(manifest: dict) -> dict:
    body = {k: v for k, v in manifest.items() if k != "manifest_sha256"}
    canonical = json.dumps(body, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return {**body, "manifest_sha256": sha256(canonical.encode())}


def make_manifest(announcement: Announcement, inputs: dict, files: dict[str, bytes],
                  build_outputs: dict[str, str]) -> dict:
    roles = _roles(announcement)
    return _seal({
        "prakat_manifest": MANIFEST_FORMAT,
        "edition": {"province": announcement.province, "edition": announcement.edition,
                    "fiscal_year": announcement.values.get("fiscal_year"),
                    "date": announcement.date.isoformat(), "slug": announcement.slug},
        "inputs": inputs,
        "files": {name: {"sha256": sha256(data), "role": roles.get(name, "")}
                  for name, data in sorted(files.items())},
        "build_outputs": build_outputs,
    })


def manifest_bytes(manifest: dict) -> bytes:
    return (json.dumps(manifest, indent=2, ensure_ascii=False, sort_keys=False) + "\n").encode()


def _unpinned(resolved: editions.Resolved, announcement: Announcement) -> list[Problem]:
    if announcement.template_version is not None and announcement.profile_version is not None:
        return []
    template = versions.template_version_for(announcement)
    profile = versions.profile_for(announcement).version
    file = resolved.edition
    return [Problem(file.path, None, "issued",
                    f"ฉบับที่จะเก็บเข้าคลังต้องระบุรุ่นแม่แบบที่ใช้ออกประกาศ ให้เพิ่มท้ายไฟล์:\n"
                    f"      [issued]\n      template_version = {template}\n      profile_version = {profile}",
                    "an edition must name the versions it is issued with before it is archived; "
                    f"add at the end of the file: [issued] template_version = {template}, "
                    f"profile_version = {profile}")]


@dataclass
class Archived:
    folder: Path
    files: list[Path]
    unchanged: bool = False


def archive(path: Path, root: Path | None = None, force: bool = False) -> Archived:
    """Write the archive folder of the edition in ``path``; see the module docstring."""
    path = Path(path)
    resolved = editions.resolve(path)
    announcement = editions.announcement_of(resolved)
    problems = _unpinned(resolved, announcement)
    if problems:
        raise ContentError(problems)
    content_bytes = path.read_bytes()
    resolved_bytes = editions.resolved_toml(resolved).encode() if resolved.extends else None
    files, build_outputs = render_files(announcement, sources(announcement, content_bytes, resolved_bytes))
    manifest = make_manifest(announcement, fingerprint(resolved, announcement), files, build_outputs)
    folder = edition_folder(announcement, root)
    old_manifest = folder / MANIFEST
    if old_manifest.is_file():
        stored = {name: (folder / name).read_bytes() if (folder / name).is_file() else None
                  for name in _stored_names(old_manifest)}
        if stored == files:
            return Archived(folder, [folder / n for n in files], unchanged=True)
        if not force:
            changed = sorted(n for n in set(stored) | set(files) if stored.get(n) != files.get(n))
            causes = _causes(_read_json(old_manifest), manifest["inputs"])
            raise ArchiveConflict(_conflict_message(announcement, folder, changed, causes, "archive"))
    written = []
    for name, data in files.items():
        build.write_atomic(folder / name, data)
        written.append(folder / name)
    build.write_atomic(old_manifest, manifest_bytes(manifest))
    written.append(old_manifest)
    return Archived(folder, written)


def _stored_names(manifest_path: Path) -> list[str]:
    try:
        return list(_read_json(manifest_path).get("files", {}))
    except (ValueError, OSError, AttributeError):
        return []


def _read_json(path: Path) -> dict:
    data = json.loads(path.read_text(encoding="utf-8"))
    if not isinstance(data, dict):
        raise ValueError("not a JSON object")
    return data


# --- comparing -------------------------------------------------------------------------

@dataclass
class Difference:
    kind: str       # a key of KINDS
    thai: str
    english: str

    def format(self) -> str:
        name_th, name_en = KINDS[self.kind]
        return f"  {name_th} ({name_en}): {self.thai}\n      ({self.english})"


def _causes(old: dict, now: dict) -> list[Difference]:
    """What differs between the inputs recorded in a manifest and the inputs now."""
    found: list[Difference] = []
    old = old.get("inputs", old) if isinstance(old, dict) else {}
    old_content = {c.get("path"): c.get("sha256") for c in old.get("content", []) if isinstance(c, dict)}
    for item in now["content"]:
        if item["path"] not in old_content:
            continue
        if old_content[item["path"]] != item["sha256"]:
            found.append(Difference("content", f"{item['path']} ถูกแก้ไขหลังเก็บเข้าคลัง",
                                    f"{item['path']} was changed after it was archived"))
    if [c.get("path") for c in old.get("content", []) if isinstance(c, dict)] != [c["path"] for c in now["content"]]:
        found.append(Difference("content", "ลำดับไฟล์ extends ไม่ตรงกับที่บันทึกไว้",
                                "the chain of extended files is not the recorded one"))
    if old.get("resolved_content") != now["resolved_content"] and now["resolved_content"] is not None:
        found.append(Difference("content", "เนื้อหาที่รวมแล้วต่างจากที่บันทึกไว้",
                                "the resolved content differs from the recorded one"))
    old_t, now_t = old.get("template", {}), now["template"]
    if old_t.get("version") != now_t["version"]:
        found.append(Difference("template", f"รุ่น {old_t.get('version')} → {now_t['version']}",
                                f"version {old_t.get('version')} → {now_t['version']}"))
    else:
        for name in sorted(set(old_t.get("files", {})) | set(now_t["files"])):
            if old_t.get("files", {}).get(name) != now_t["files"].get(name):
                found.append(Difference("template", f"{now_t['folder']}/{name} เปลี่ยนไปจากที่บันทึกไว้",
                                        f"{now_t['folder']}/{name} differs from the recorded one"))
        for name in sorted(set(old_t.get("assets", {})) | set(now_t["assets"] or {})) if now_t["assets"] is not None else ():
            if old_t.get("assets", {}).get(name) != now_t["assets"].get(name):
                found.append(Difference("template", f"{name} เปลี่ยนไป", f"{name} differs"))
    old_p, now_p = old.get("profile", {}), now["profile"]
    if (old_p.get("name"), old_p.get("version"), old_p.get("sha256")) != (now_p["name"], now_p["version"], now_p["sha256"]):
        found.append(Difference("profile", f"{now_p['path']} (รุ่น {old_p.get('version')} → {now_p['version']}) ต่างจากที่บันทึกไว้",
                                f"{now_p['path']} (version {old_p.get('version')} → {now_p['version']}) differs from the recorded one"))
    for name in sorted(set(old.get("fonts", {})) | set(now["fonts"])):
        if old.get("fonts", {}).get(name) != now["fonts"].get(name):
            found.append(Difference("font", f"{name} ไม่ใช่ไฟล์เดียวกับที่ใช้ตอนเก็บเข้าคลัง",
                                    f"{name} is not the file used when archiving"))
    for name in sorted(set(old.get("tools", {})) | set(now["tools"])):
        a, b = old.get("tools", {}).get(name), now["tools"].get(name)
        if a != b:
            if name == "prakat-source":
                found.append(Difference("tool", "โค้ดของ prakat เปลี่ยนไปจากตอนเก็บเข้าคลัง",
                                        "prakat's code changed since archiving"))
            else:
                found.append(Difference("tool", f"{name} {a} → {b}", f"{name} {a} → {b}"))
    if old.get("source_date_epoch") != now["source_date_epoch"]:
        found.append(Difference("environment",
                                f"SOURCE_DATE_EPOCH {old.get('source_date_epoch')} → {now['source_date_epoch']}",
                                f"SOURCE_DATE_EPOCH {old.get('source_date_epoch')} → {now['source_date_epoch']}"))
    return found


def _conflict_message(announcement: Announcement, folder: Path, changed: list[str],
                      causes: list[Difference], action: str) -> str:
    key = f"{announcement.province}/{announcement.edition}"
    lines = [f"{key} เก็บเข้าคลังแล้วที่ {folder} และผลที่สร้างใหม่ต่างจากฉบับในคลัง: {', '.join(changed)}",
             f"    ({key} is archived in {folder}, and what would be made now differs: {', '.join(changed)})"]
    if causes:
        lines.append("  สาเหตุที่พบ (what changed):")
        lines += [c.format() for c in causes]
    else:
        lines.append("  ไม่มีข้อมูลนำเข้าใดเปลี่ยน: ต่างเฉพาะผลลัพธ์ (no input changed: the output only)")
    if action == "build":
        lines.append("  หยุดไม่สร้างฉบับนี้ ใช้ --force หากตั้งใจสร้างต่างจากฉบับในคลัง (คลังไม่ถูกแก้ไข)\n"
                     "    (stopped; use --force to build it anyway: the archive itself is never changed)")
    else:
        lines.append("  ไม่เขียนทับคลัง ใช้ --force หากตั้งใจเก็บฉบับใหม่แทน\n"
                     "    (the archive is not overwritten; use --force to replace it on purpose)")
    return "\n".join(lines)


def check_build(announcement: Announcement, outputs: dict[str, bytes], root: Path | None = None) -> None:
    """Raise :class:`ArchiveConflict` when ``outputs`` (format → bytes) of an archived
    edition differ from the archived ones. Cheap: compares SHA-256 only."""
    folder = edition_folder(announcement, root)
    manifest_path = folder / MANIFEST
    if not manifest_path.is_file():
        return
    try:
        manifest = _read_json(manifest_path)
        recorded = manifest["build_outputs"]
    except (ValueError, KeyError, OSError) as error:
        raise ArchiveConflict(f"{manifest_path}: อ่านบัญชีคลังไม่ได้ ({error}) ใช้ prakat verify ตรวจ\n"
                              f"    ({manifest_path}: cannot read the manifest ({error}); run prakat verify)")
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


# --- verify --------------------------------------------------------------------------------

@dataclass
class Report:
    target: str
    differences: list[Difference] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def identical(self) -> bool:
        return not self.differences

    def format(self) -> str:
        if self.identical:
            return "\n".join([f"{self.target}: เหมือนเดิมทุกไบต์ (identical)"] + self.notes)
        kinds = sorted({d.kind for d in self.differences}, key=list(KINDS).index)
        names = ", ".join(KINDS[k][1] for k in kinds)
        lines = [f"{self.target}: ไม่ตรงกับฉบับในคลัง (differs: {names})"]
        lines += [d.format() for d in self.differences]
        if kinds == ["output"]:
            lines.append("  ไม่มีข้อมูลนำเข้าใดเปลี่ยน: ต่างเฉพาะผลลัพธ์ (no input changed: output only)")
        return "\n".join(lines + self.notes)


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
                                    "ไม่พบ province หรือ fiscal_year จึงหาคลังไม่ได้",
                                    "no province or fiscal_year, so the archive cannot be found")])
    return (root or archive_root()) / province / str(edition) / MANIFEST


@contextmanager
def _environment(source_date_epoch: str | None):
    environ = {k: v for k, v in os.environ.items() if k != "SOURCE_DATE_EPOCH"}
    if source_date_epoch:
        environ["SOURCE_DATE_EPOCH"] = source_date_epoch
    with mock.patch.dict(os.environ, environ, clear=True):
        yield


def verify(target: Path, root: Path | None = None) -> Report:
    """Regenerate the archived edition from its manifest's inputs and compare byte for byte."""
    manifest_path = find_manifest(target, root)
    folder = manifest_path.parent
    report = Report(_shown_path(folder))
    if not manifest_path.is_file():
        raise ContentError([Problem(manifest_path, None, "", "ไม่พบบัญชีคลัง (ยังไม่ได้เก็บเข้าคลัง?)",
                                    "no manifest here (not archived yet?)")])
    try:
        manifest = _read_json(manifest_path)
        files = manifest["files"]
        inputs = manifest["inputs"]
        slug = manifest["edition"]["slug"]
        sealed = _seal(manifest)["manifest_sha256"]
        if manifest.get("manifest_sha256") != sealed:
            raise ValueError("its own SHA-256 does not match")
        if not isinstance(files, dict) or not all(isinstance(v, dict) and "sha256" in v for v in files.values()):
            raise ValueError("files are not listed as expected")
    except (ValueError, KeyError, TypeError, AttributeError, UnicodeDecodeError) as error:
        report.differences.append(Difference("manifest", f"{MANIFEST} ถูกแก้ไขหรืออ่านไม่ได้ ({error})",
                                             f"{MANIFEST} was altered or cannot be read ({error})"))
        return report
    # 1. Every archived file is the one recorded.
    stored: dict[str, bytes] = {}
    for name, entry in files.items():
        path = folder / name
        if not path.is_file():
            report.differences.append(Difference(_kind_of(name), f"{name} หายไปจากคลัง",
                                                 f"{name} is missing from the archive"))
            continue
        stored[name] = path.read_bytes()
        if sha256(stored[name]) != entry["sha256"]:
            report.differences.append(Difference(_kind_of(name), f"{name} ในคลังถูกแก้ไข (SHA-256 ไม่ตรงกับบัญชี)",
                                                 f"the archived {name} was altered (its SHA-256 does not match the manifest)"))
    # 2. The inputs now, against the recorded ones.
    copy_name = f"{slug}.resolved.toml" if f"{slug}.resolved.toml" in stored else f"{slug}.toml"
    if copy_name not in stored:
        return report
    try:
        with _environment(inputs.get("source_date_epoch")):
            announcement = content.loads(stored[copy_name].decode("utf-8"), folder / copy_name)
            chain = [_from_shown(c["path"]) for c in inputs.get("content", [])]
            try:
                now_resolved = editions.resolve(chain[0]) if chain and chain[0].is_file() else None
            except ContentError:
                now_resolved = None
            if now_resolved is None:
                report.differences.append(Difference("content",
                                                     f"ไม่พบหรืออ่านไม่ได้: {inputs['content'][0]['path']}",
                                                     f"missing or unreadable: {inputs['content'][0]['path']}"))
                resolved_for_fp = editions.resolve(folder / copy_name)
            else:
                resolved_for_fp = now_resolved
            now = fingerprint(resolved_for_fp, announcement)
            if now_resolved is None:
                now["content"] = []
                now["resolved_content"] = inputs.get("resolved_content")
            causes = _causes(inputs, now)
            report.differences += causes
            # 3. Regenerate from the archived content and compare byte for byte.
            content_name = f"{slug}.toml"
            regenerated, build_outputs = render_files(
                announcement, sources(announcement, stored.get(content_name, b""),
                                      stored.get(f"{slug}.resolved.toml")))
    except ContentError as error:
        report.differences.append(Difference("content", f"สร้างใหม่ไม่ได้: {error.format('th')}",
                                             f"cannot regenerate: {error.format('en')}"))
        return report
    except BuildError as error:
        if not any(d.kind == "font" for d in report.differences):
            report.differences.append(Difference("font" if "font" in str(error) else "tool",
                                                 f"สร้างใหม่ไม่ได้: {error}", "cannot regenerate (see above)"))
        else:
            report.notes.append("  สร้างใหม่ไม่ได้เพราะฟอนต์ไม่ตรง (cannot regenerate with these fonts)")
        return report
    for name, data in regenerated.items():
        if name in stored and stored[name] != data and _kind_of(name) == "output":
            if sha256(stored[name]) == files[name]["sha256"]:
                report.differences.append(Difference("output", f"{name} ที่สร้างใหม่ต่างจากฉบับในคลัง",
                                                     f"{name} made now differs from the archived one"))
    if build_outputs != manifest.get("build_outputs"):
        changed = [fmt for fmt in build_outputs if build_outputs[fmt] != manifest.get("build_outputs", {}).get(fmt)]
        if not any(d.kind == "output" and "made now" in d.english for d in report.differences):
            report.differences.append(Difference("output", f"ผลของ prakat build ต่างจากที่บันทึกไว้: {', '.join(changed)}",
                                                 f"what prakat build makes differs from the record: {', '.join(changed)}"))
    # prakat's own code changes often (new commands, messages): that alone is a
    # note, and a cause only when something else differs too.
    code = [d for d in report.differences if d.kind == "tool" and "code changed" in d.english]
    if code and len(code) == len(report.differences):
        report.differences = []
        report.notes += ["  หมายเหตุ: โค้ดของ prakat เปลี่ยนไปจากตอนเก็บเข้าคลัง แต่ผลเหมือนเดิม "
                         "(note: prakat's code changed since archiving; the outputs did not)"]
    return report


def _kind_of(name: str) -> str:
    return "content" if name.endswith(".toml") else "output"
