"""Errors that prakat reports to its users, in plain Thai (English with ``--lang en``).

Every text in them is a :class:`~generator.messages.Message`, translated when shown.

Exit codes: 2 for bad input or usage (:class:`ContentError`), 1 for a failure
while rendering (:class:`BuildError`), 0 for success.
"""

from __future__ import annotations

import errno
import os
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from generator.messages import M, Message, text

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
    message: Message
    column: int | None = None

    def where(self) -> str:
        place = printable(str(self.path))
        if self.line:
            place += f":{self.line}"
            if self.column:
                place += f":{self.column}"
        return place

    @property
    def thai(self) -> str:
        return self.message.text("th")

    @property
    def english(self) -> str:
        return self.message.text("en")

    def format(self, lang: str = "th") -> str:
        # Content may hold anything: nothing invisible reaches the terminal.
        said = printable(self.message.text(lang))
        if self.field:
            return M("{place}: field {name}: {text}", place=self.where(),
                     name=printable(self.field), text=said).text(lang)
        return M("{place}: {text}", place=self.where(), text=said).text(lang)


@dataclass
class ContentError(Exception):
    """A content file (or a command line) cannot be used as it is."""

    problems: list[Problem] = field(default_factory=list)

    def __str__(self) -> str:
        return self.format()

    def __reduce__(self):
        # Crosses to and from worker processes whole (a dataclass exception has no args).
        return (type(self), (self.problems,))

    def format(self, lang: str = "th") -> str:
        return "\n".join(p.format(lang) for p in self.problems)


class Unusable(ValueError):
    """Something read that cannot be used (an image, a path, a manifest):
    ``message`` says why, for the caller to place in its own report."""

    def __init__(self, message: Message):
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message.text("en")


class BuildError(Exception):
    """Rendering failed for a reason that is not the content's fault."""

    def __init__(self, message: Message | str = "", *args):
        super().__init__(message, *args)
        self.message = message

    def format(self, lang: str = "th") -> str:
        return "\n".join(printable(line) for line in text(self.message, lang).split("\n"))

    def __str__(self) -> str:
        return text(self.message, "en")


class FontError(BuildError):
    """The fonts are missing or not the ones prakat was tested with."""


class Refused(BuildError):
    """A condition of the machine or the environment, not of the content, that
    stops a command (a folder that cannot be written, a lock held by another
    build, a bad ``SOURCE_DATE_EPOCH``)."""


#: What the machine said, in plain words: errno → message.
_OS_WORDS = {
    errno.EACCES: M("permission denied"),
    errno.EPERM: M("operation not permitted"),
    errno.ENAMETOOLONG: M("a file or folder name is longer than the file system allows"),
    errno.ENOSPC: M("no space left on the disk"),
    errno.EDQUOT: M("the disk quota is used up"),
    errno.EROFS: M("the file system is read-only"),
    errno.ENOENT: M("no such file or folder"),
    errno.ENOTDIR: M("a file stands where a folder is needed"),
    errno.EISDIR: M("it is a folder, not a file"),
    errno.EEXIST: M("the file exists already"),
    errno.ELOOP: M("too many levels of symbolic links"),
    errno.EIO: M("input/output error on the disk"),
}


def os_words(error: OSError) -> Message:
    """``error`` (permission denied, a name too long, a full disk, …) in plain
    words naming the file, safe to print on a terminal."""
    said = _OS_WORDS.get(error.errno)
    if said is None:
        said = M("the operating system reported an error ({detail})",
                 detail=printable(error.strerror or type(error).__name__))
    names = [n for n in (error.filename, error.filename2) if n is not None]
    if names:
        shown = " → ".join(printable(os.fsdecode(n)) for n in names)
        return M("{what}: {names}", what=said, names=shown)
    return said
