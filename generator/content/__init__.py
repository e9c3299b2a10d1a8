"""Turn content files (TOML) into the typed document (:mod:`generator.document`).

:func:`load` and :func:`loads` are the only entry: they read, check and
resolve an edition (with the editions it extends) once, or raise
:class:`~generator.errors.ContentError` with located messages in Thai and English.
"""

from generator.content.reader import REFERENCE, decode, load, loads

__all__ = ["REFERENCE", "decode", "load", "loads"]
