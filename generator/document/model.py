"""The typed document tree of one edition: what every command and writer works on.

A document is a kind (ประกาศ, คำสั่ง, … see :mod:`generator.kinds`), a title
block, a body of :class:`Node` s at any depth, a sign-off and annexes. Text
fields keep references such as ``{plan}`` and ``{ref:clause-id}`` unexpanded:
expanding them and writing numbers and dates in the chosen digits is the
renderer's job. Numbers of clauses are structural (``scheme`` and ``number``),
never typed by authors; :mod:`generator.numbering` writes their labels.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator, Union



@dataclass(frozen=True)
class Written:
    """A number of ``[values]`` that prints otherwise than its value would:
    as the content wrote it (``0.40`` → ๐.๔๐, not ๐.๔; ``1_000`` → ๑,๐๐๐).

    Numbers that print as their value does stay plain ``int`` and ``float``.
    """

    value: int | float
    text: str   # in Arabic digits, as printed: "0.40", "1,000"

    def __str__(self) -> str:
        return self.text


Value = Union[int, float, Written, dt.date]


@dataclass(frozen=True)
class Column:
    """One table column: its header, relative width and alignment."""

    title: str
    width: float = 1.0
    align: str = "left"   # left, center, right, justify


@dataclass(frozen=True)
class Table:
    """A table with a header row; ``numbered`` generates the first column's cells."""

    columns: tuple[Column, ...]
    rows: tuple[tuple[str, ...], ...]
    numbered: bool = False
    start: int = 1
    caption: str | None = None


@dataclass(frozen=True)
class Node:
    """One block of a body at any depth: a paragraph, a heading, a numbered
    clause or item, or a table.

    Reading order: ``heading`` or ``text`` (after the number, if any), the
    ``quote`` d nodes (between “ and ”), ``paragraphs``, the ``items`` one
    level down, then the ``after`` paragraphs (the วรรค that follow them).
    """

    text: str | None = None
    heading: str | None = None
    scheme: str | None = None     # numbering scheme, e.g. "ข้อ ๑", "(๑)", "(ก)"; None: no number
    number: int | None = None     # 1-based, assigned by generator.numbering
    id: str | None = None         # for {ref:id}
    quote: tuple["Node", ...] = ()
    paragraphs: tuple[str, ...] = ()
    items: tuple["Node", ...] = ()
    after: tuple[str, ...] = ()
    table: Table | None = None

    def walk(self) -> Iterator["Node"]:
        """This node and every node below it, in reading order."""
        yield self
        for child in (*self.quote, *self.items):
            yield from child.walk()

    def texts(self) -> Iterator[str]:
        """Every text field of this node alone (not its children)."""
        for text in (self.heading, self.text, *self.paragraphs, *self.after):
            if text is not None:
                yield text
        if self.table is not None:
            yield from (c.title for c in self.table.columns)
            for row in self.table.rows:
                yield from row
            if self.table.caption:
                yield self.table.caption


@dataclass(frozen=True)
class Signer:
    """One signer: name (optional: an agency-only sign-off has none), one or
    more position lines, and an acting line (ปฏิบัติราชการแทน…)."""

    name: str | None
    positions: tuple[str, ...]
    acting: tuple[str, ...] = ()
    #: A PNG image of the handwritten signature, beside the content
    #: (``signature_image``): drawn only in a digital signature's appearance
    #: (``prakat sign``), never in the outputs, so it is no part of their hash.
    signature_image: Path | None = field(default=None, repr=False, compare=False)

    @property
    def position(self) -> str:  # format 1 had exactly one
        return self.positions[0] if self.positions else ""


@dataclass(frozen=True)
class Annex:
    """An attachment after the sign-off (บัญชีแนบท้าย, แบบ …), on a new page."""

    title: str | None
    body: tuple[Node, ...]


@dataclass(frozen=True)
class Announcement:
    """One edition of a document (ประกาศ, คำสั่ง, …), validated."""

    source: Path
    province: str          # the issuer's folder name (issuer id), e.g. "khon-kaen", "moph"
    edition: str           # the edition id, e.g. "2567", "2567-poe-no3"
    issuer: str            # "จังหวัดขอนแก่น": the title is the kind's word + issuer
    subject: str
    date: dt.date          # the date it is signed (Christian era in TOML)
    closing: str | None
    signer: Signer         # the first signer (all of them: ``signers``)
    body: tuple[Node, ...]
    values: dict[str, Value] = field(default_factory=dict)
    profile: str = "official"  # the format profile's name, or a file beside the content
    emblem: Path | None = None  # the office's emblem image; None: the placeholder
    phrases: dict[str, str] = field(default_factory=dict)
    #: What it was issued with (``[issued]``); ``None`` means the current version.
    template_version: int | None = None
    profile_version: int | None = None
    #: The files it extends, nearest first (``extends = "2567.toml"``).
    parents: tuple[Path, ...] = ()
    # --- format 2 ------------------------------------------------------------
    format: int = 1
    kind: str = "ประกาศ"
    number: str | None = None       # คำสั่ง ที่ 16/2560
    amendment: int | None = None    # (ฉบับที่ ๒)
    title_year: int | None = None   # the พ.ศ. line of a title (Buddhist era)
    title_lines: str = "lines"      # "lines" or "one-line"
    signers: tuple[Signer, ...] = ()
    date_era: str = "พ.ศ."          # or "พุทธศักราช"
    digits: str | None = None       # "thai" or "arabic"; None: the profile's
    annexes: tuple[Annex, ...] = ()
    profile_path: Path | None = None  # a profile file beside the content
    #: Things to check that do not stop the build (a date outside the fiscal
    #: year, an edition id unlike the file name): printed by ``prakat build``,
    #: never part of the document or of its build key.
    warnings: tuple = field(default=(), repr=False, compare=False)

    @property
    def slug(self) -> str:
        return f"{self.province}-{self.edition}"

    @property
    def issuer_id(self) -> str:
        return self.province

    def all_signers(self) -> tuple[Signer, ...]:
        return self.signers or (self.signer,)

    def nodes(self) -> Iterator[Node]:
        """Every node of the body and the annexes, in reading order."""
        for node in self.body:
            yield from node.walk()
        for annex in self.annexes:
            for node in annex.body:
                yield from node.walk()


#: The model is not only for announcements; the old name stays for the code that uses it.
Document = Announcement
