"""Files that content names beside itself (a format profile, an emblem image):
found only inside the allowed folders, and recognised by their first bytes."""

from __future__ import annotations

from pathlib import Path, PurePosixPath, PureWindowsPath
from typing import Iterable


#: The image files an office may configure as its emblem, by their first bytes.
IMAGE_KINDS = {b"\x89PNG\r\n\x1a\n": "png", b"\xff\xd8\xff": "jpg"}


def image_kind(data: bytes) -> str | None:
    """``png`` or ``jpg`` from the file's first bytes; None for anything else."""
    for magic, kind in IMAGE_KINDS.items():
        if data.startswith(magic):
            return kind
    return None



class UnsafePath(ValueError):
    """An asset path from content that points outside the allowed folders."""

    def __init__(self, thai: str, english: str):
        super().__init__(english)
        self.thai = thai
        self.english = english


def safe_asset_path(name: str, roots: Iterable[Path]) -> Path:
    """The real file that ``name``, a relative path written in content (e.g.
    ``emblems/khon-kaen.svg``), names inside one of the folders ``roots``.

    Refused with :class:`UnsafePath`: an absolute path (``/etc/passwd``,
    ``C:\\…``, ``~/…``), any ``..`` step, and a path that leads outside its
    folder through a symbolic link. Backslashes count as separators, as on
    Windows, where staff may have copied the path from.
    """
    shown = name if len(name) <= 80 else name[:77] + "..."
    if not isinstance(name, str) or not name.strip():
        raise UnsafePath("ต้องระบุชื่อไฟล์", "a file name is needed")
    if any(ord(c) < 32 or c == "\x7f" for c in name):
        raise UnsafePath("ชื่อไฟล์มีอักขระควบคุม", "the file name holds a control character")
    windows = PureWindowsPath(name)
    posix = PurePosixPath(name.replace("\\", "/"))
    if posix.is_absolute() or windows.is_absolute() or windows.drive or windows.root \
            or name.startswith("~"):
        raise UnsafePath(
            f"ต้องเป็นชื่อไฟล์ภายในโฟลเดอร์ของโปรแกรม ไม่ใช่ที่อยู่เต็ม แต่พบ {shown}",
            f"expected a path inside prakat's asset folders, not an absolute path; found {shown}")
    if ".." in posix.parts:
        raise UnsafePath(
            f"ห้ามใช้ .. ออกนอกโฟลเดอร์ของโปรแกรม แต่พบ {shown}",
            f"a path may not climb out of the asset folders with ..; found {shown}")
    roots = list(roots)
    for root in roots:
        top = Path(root).resolve()
        candidate = top.joinpath(*posix.parts)
        if not (candidate.exists() or candidate.is_symlink()):
            continue
        real = candidate.resolve()
        if real != top and top not in real.parents:
            raise UnsafePath(
                f"ไฟล์ {shown} ชี้ (ผ่านลิงก์) ไปยังที่อยู่นอกโฟลเดอร์ของโปรแกรม จึงใช้ไม่ได้",
                f"{shown} leads (through a symbolic link) outside the asset folders, so it is refused")
        if real.is_file():
            return real
    folders = ", ".join(str(r) for r in roots)
    raise UnsafePath(f"ไม่พบไฟล์ {shown} ในโฟลเดอร์ {folders}",
                     f"no file {shown} in {folders}")
