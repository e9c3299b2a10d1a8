"""The archive's records: where each edition is kept, its manifest (the
SHA-256 of every input and output), what changed since, and the check every
build makes before it overwrites an archived edition's outputs."""

from __future__ import annotations

import hashlib
import importlib.metadata
import json
import os
import platform
from dataclasses import dataclass
from pathlib import Path

from generator import ROOT
from generator.content import editions
from generator.document.model import Announcement
from generator.errors import BuildError, ContentError, Problem
from generator.format import versions
from generator.format.fonts import fonts_dir
from generator.render.assets import asset_files


MANIFEST = "manifest.json"


MANIFEST_FORMAT = 1


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
