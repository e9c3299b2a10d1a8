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

import os
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from unittest import mock


from generator import build
from generator import content
from generator.content import editions
from generator.errors import BuildError, ContentError, Problem
from generator.document.model import Announcement
from generator.archive.store import (
    ArchiveConflict,
    Difference,
    KINDS,
    MANIFEST,
    _causes,
    _conflict_message,
    _from_shown,
    _read_json,
    _seal,
    _shown_path,
    _stored_names,
    _unpinned,
    archive_root,
    edition_folder,
    fingerprint,
    make_manifest,
    manifest_bytes,
    sha256,
)


# --- rendering the archived files ---------------------------------------------------

def sources(announcement: Announcement, content_bytes: bytes, resolved_bytes: bytes | None) -> dict[str, bytes]:
    """Archived file name → bytes of the content copies."""
    files = {f"{announcement.slug}.toml": content_bytes}
    if resolved_bytes is not None:
        files[f"{announcement.slug}.resolved.toml"] = resolved_bytes
    return files


def render_files(announcement: Announcement, source_files: dict[str, bytes]) -> tuple[dict[str, bytes], dict[str, str]]:
    """Archived file name → bytes (outputs and content copies), and the build outputs' SHA-256."""
    described = {name: (data, "เนื้อหาที่รวมกับฉบับก่อนแล้ว (resolved content, with the editions it extends)"
                        if name.endswith(".resolved.toml")
                        else "ไฟล์เนื้อหาของประกาศ (the announcement's content file)")
                 for name, data in source_files.items()}
    outputs = build.render_outputs(announcement, build.FORMATS, sources=described)
    archival = outputs.pop(build.ARCHIVAL_PDF)
    files = {f"{announcement.slug}.pdf": archival,
             f"{announcement.slug}.html": outputs["html"],
             f"{announcement.slug}.docx": outputs["docx"],
             **source_files}
    return files, {fmt: sha256(data) for fmt, data in outputs.items()}


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


# --- comparing -------------------------------------------------------------------------


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
