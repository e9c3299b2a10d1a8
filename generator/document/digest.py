"""One hash of an edition's resolved content: what the batch's incremental
build keys on, and the short form a draft prints on every page."""

from __future__ import annotations

import dataclasses
import hashlib
from pathlib import Path

from generator.document.model import Announcement

#: How many hex digits of :func:`content_digest` a draft's pages print.
SHORT = 8


def content_digest(announcement: Announcement) -> str:
    """A hash of the validated content and its emblem file; where the files
    lie does not count."""
    resolved = dataclasses.replace(announcement, source=Path(), emblem=None)
    digest = hashlib.sha256(repr(resolved).encode())
    if announcement.emblem is not None:
        digest.update(hashlib.sha256(announcement.emblem.read_bytes()).digest())
    return digest.hexdigest()


def short_digest(announcement: Announcement) -> str:
    """The first :data:`SHORT` hex digits of :func:`content_digest`."""
    return content_digest(announcement)[:SHORT]
