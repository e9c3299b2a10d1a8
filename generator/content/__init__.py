"""Turn content files (TOML) into the typed document (:mod:`generator.document`).

:func:`load` and :func:`loads` are the only entry: the text is read and
parsed (:mod:`.reader`), ``extends`` and ``[issued]`` are resolved
(:mod:`.editions`), and the result is checked once (:mod:`.validate`,
:mod:`.format2`), or :class:`~generator.errors.ContentError` is raised with
located messages (Thai, or English with ``--lang en``).
"""

from __future__ import annotations

from pathlib import Path

from generator.content import editions, reader
from generator.content.reader import decode
from generator.content.validate import REFERENCE
from generator.document.model import Announcement

__all__ = ["REFERENCE", "decode", "load", "loads"]


def load(path: Path | str) -> Announcement:
    """Read and validate one content file; raise :class:`ContentError`."""
    return loads(reader.read(path), path)


def loads(source: str, path: Path | str = "<content>") -> Announcement:
    """Validate TOML ``source`` as if read from ``path``."""
    numbers: dict[tuple, str] = {}
    data = reader.parse(source, path, numbers)
    return editions.load_data(data, source, path, numbers)
