"""Errors that prakat reports to its users, in plain Thai with English beside.

Exit codes: 2 for bad input or usage (:class:`ContentError`), 1 for a failure
while rendering (:class:`BuildError`), 0 for success.
"""

from __future__ import annotations

import errno
import os
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

EXIT_OK = 0
EXIT_BUILD = 1
EXIT_INPUT = 2
EXIT_DIFFERS = 3  # an output differs from its archived copy


def printable(text: str) -> str:
    """``text`` safe to print on a terminal: invisible and control characters
    (other than a plain space) are shown as ``\\u200b``-style escapes."""
    out = []
    for char in text:
        if char == " " or (char.isprintable() and unicodedata.category(char) != "Cf"):
            out.append(char)
        else:
            code = ord(char)
            out.append(f"\\u{code:04x}" if code <= 0xFFFF else f"\\U{code:08x}")
    return "".join(out)


@dataclass
class Problem:
    """One thing wrong with a content file, located as precisely as known."""

    path: Path | str
    line: int | None
    field: str
    thai: str
    english: str
    column: int | None = None

    def where(self) -> str:
        place = printable(str(self.path))
        if self.line:
            place += f":{self.line}"
            if self.column:
                place += f":{self.column}"
        return place

    def format(self, lang: str = "th") -> str:
        # Content may hold anything: nothing invisible reaches the terminal.
        name = printable(self.field)
        field_th = f" ช่อง {name}:" if name else ""
        field_en = f" field {name}:" if name else ""
        english = f"{self.where()}:{field_en} {printable(self.english)}"
        if lang == "en":
            return english
        return f"{self.where()}:{field_th} {printable(self.thai)}\n    ({english})"


@dataclass
class ContentError(Exception):
    """A content file (or a command line) cannot be used as it is."""

    problems: list[Problem] = field(default_factory=list)

    def __str__(self) -> str:
        return self.format()

    def format(self, lang: str = "th") -> str:
        return "\n".join(p.format(lang) for p in self.problems)


class BuildError(Exception):
    """Rendering failed for a reason that is not the content's fault."""


class FontError(BuildError):
    """The fonts are missing or not the ones prakat was tested with."""


class Refused(BuildError):
    """A condition of the machine or the environment, not of the content, that
    stops a command (a folder that cannot be written, a lock held by another
    build, a bad ``SOURCE_DATE_EPOCH``): said in Thai and in English."""

    def __init__(self, thai: str, english: str):
        super().__init__(thai, english)
        self.thai = thai
        self.english = english

    def __str__(self) -> str:
        return f"{self.thai} ({self.english})"

    def format(self, lang: str = "th") -> str:
        if lang == "en":
            return printable(self.english)
        return f"{printable(self.thai)}\n    ({printable(self.english)})"


#: What the machine said, in plain words: errno → (Thai, English).
_OS_WORDS = {
    errno.EACCES: ("ไม่มีสิทธิ์เข้าถึง", "permission denied"),
    errno.EPERM: ("ไม่มีสิทธิ์ทำรายการนี้", "operation not permitted"),
    errno.ENAMETOOLONG: ("ชื่อไฟล์หรือโฟลเดอร์ยาวเกินกว่าที่ระบบไฟล์รับได้",
                         "a file or folder name is longer than the file system allows"),
    errno.ENOSPC: ("พื้นที่ดิสก์เต็ม", "no space left on the disk"),
    errno.EDQUOT: ("ใช้พื้นที่ดิสก์เกินโควตา", "the disk quota is used up"),
    errno.EROFS: ("ระบบไฟล์นี้อ่านได้อย่างเดียว", "the file system is read-only"),
    errno.ENOENT: ("ไม่พบไฟล์หรือโฟลเดอร์", "no such file or folder"),
    errno.ENOTDIR: ("มีไฟล์อยู่ในที่ที่ต้องเป็นโฟลเดอร์", "a file stands where a folder is needed"),
    errno.EISDIR: ("เป็นโฟลเดอร์ ไม่ใช่ไฟล์", "it is a folder, not a file"),
    errno.EEXIST: ("มีไฟล์นี้อยู่แล้ว", "the file exists already"),
    errno.ELOOP: ("ลิงก์วนซ้ำหรือซ้อนกันเกินไป", "too many levels of symbolic links"),
    errno.EIO: ("อ่านหรือเขียนดิสก์ไม่สำเร็จ", "input/output error on the disk"),
}


def os_words(error: OSError) -> tuple[str, str]:
    """``error`` (permission denied, a name too long, a full disk, …) as a
    (Thai, English) pair naming the file, safe to print on a terminal."""
    thai, english = _OS_WORDS.get(error.errno, ("ระบบปฏิบัติการแจ้งข้อผิดพลาด",
                                                 "the operating system reported an error"))
    if error.errno not in _OS_WORDS and error.strerror:
        english = f"{english}: {error.strerror}"
    names = [n for n in (error.filename, error.filename2) if n is not None]
    if names:
        shown = " → ".join(printable(os.fsdecode(n)) for n in names)
        return f"{thai}: {shown}", f"{english}: {shown}"
    return thai, english
