"""The typed content model of one announcement edition.

Text fields keep references such as ``{plan}`` unexpanded: expanding them and
writing numbers and dates in Thai is the renderer's job, so that the profile's
digit setting applies everywhere.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Union

Value = Union[int, float, dt.date]


@dataclass(frozen=True)
class Paragraph:
    """A body paragraph with a first-line indent."""

    text: str


@dataclass(frozen=True)
class Section:
    """A numbered body section (``๑. heading``) with an optional quote,
    paragraphs and numbered sub-items (``- ๑) item``)."""

    heading: str
    quote: str | None = None
    paragraphs: tuple[str, ...] = ()
    items: tuple[str, ...] = ()


Block = Union[Paragraph, Section]


@dataclass(frozen=True)
class Signer:
    name: str
    position: str


@dataclass(frozen=True)
class Announcement:
    """One edition of an announcement, validated."""

    source: Path
    province: str          # output folder name, e.g. "khon-kaen"
    edition: str           # output sub-folder, e.g. "2567"
    issuer: str            # "จังหวัดขอนแก่น": the title is ประกาศ + issuer
    subject: str
    date: dt.date          # the announcement date (Christian era in TOML)
    closing: str
    signer: Signer
    body: tuple[Block, ...]
    values: dict[str, Value] = field(default_factory=dict)
    profile: str = "official"  # the format profile, templates/profiles/<name>.toml
    emblem: Path | None = None  # the office's emblem image; None: the placeholder
    phrases: dict[str, str] = field(default_factory=dict)
    #: What it was issued with (``[issued]``); ``None`` means the current version.
    template_version: int | None = None
    profile_version: int | None = None
    #: The files it extends, nearest first (``extends = "2567.toml"``).
    parents: tuple[Path, ...] = ()

    @property
    def slug(self) -> str:
        return f"{self.province}-{self.edition}"
