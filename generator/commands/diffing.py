"""Turn two editions into what changed between them, clause by clause, word by word.

Each edition is read as its reader sees it: the title, the number line, the
subject, every clause, item, paragraph and table row of the body, the
closing, the date, each signer's lines and the annexes, each text expanded
as printed (values, phrases, ``{ref:id}`` as the clause's number, digits as
the profile says) and each part named by its place in the document as the
reader finds it: ``ข้อ ๓ (๒)``, ``ข้อ ๕ ตาราง แถวที่ ๔``, ``ข้อ ๒ วรรคสอง``,
the signer, using the numbers as printed (the new edition's; the old one's
for what was removed).

The two documents' trees are lined up level by level: blocks with the same
``id`` are the same block; the rest are lined up by their text without their
generated numbers (:class:`difflib.SequenceMatcher`), and of the blocks left
over, the most alike pair up. A block that was inserted or removed is one
change however many items it holds; the blocks after it, numbered anew, are
reported once as a renumbering (``ข้อ ๔–๗ เลื่อนเป็น ข้อ ๕–๘``), and a
``{ref:id}`` whose printed number followed is said to follow it, not counted
as a change. A changed text is compared word by word with the Thai word
segmenter (:func:`thai.words`), so ``๒`` → ``๓`` shows as one word.

The places are the document's own words (Thai, its numbers as printed),
whatever the language of the report; the report's own words (added,
removed, renumbered, the summary, the page's title and headings) are
messages, in the language asked for.

The side-by-side page (:func:`as_html`) loads TH Sarabun New from ``fonts/``
beside it (:func:`write_page` puts the files there), or carries the fonts
inside it when it has no folder (printed to standard output).
"""

from __future__ import annotations

import base64
import bisect
import difflib
import html as html_lib
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Sequence

from generator import build
from generator import thai
from generator.content.format2 import REFERENCE as REFERENCE2
from generator.content.format2 import refs as node_refs
from generator.document import kinds
from generator.document.model import Announcement, Node, Signer, Table
from generator.errors import printable
from generator.format import versions
from generator.messages import M, Message
from generator.render import BLANK_END, BLANK_START, expand, expand2

_SPACE = re.compile(r"\s+")
_BLANK = re.compile(f"{BLANK_START}[^{BLANK_END}]*{BLANK_END}")
#: ``{ref:id}`` kept as a token that no text holds: a text whose only change
#: is a reference's number is the same text.
_REF_START, _REF_END = "\ue010", "\ue011"
#: How alike (0 to 1, by words) two blocks left over must be to be one block changed.
CUTOFF = 0.5
#: Above this many (old × new) blocks left over, they are not weighed pair by pair.
MAX_PAIRINGS = 10_000
#: The font files the page uses (regular and bold), beside it in ``fonts/``.
FONT_FILES = ("THSarabunNew-Regular.ttf", "THSarabunNew-Bold.ttf")
_ORDINALS = ("หนึ่ง", "สอง", "สาม", "สี่", "ห้า", "หก", "เจ็ด", "แปด", "เก้า", "สิบ")


# --- where a part is ----------------------------------------------------------------------

@dataclass(frozen=True)
class Place:
    """A part's place as a reader finds it: steps, outermost first, in the
    document's words (``ข้อ ๕``, ``ตาราง``, ``แถวที่ ๔``), numbers as printed.
    It quotes the document, so it is the same whatever the report's language."""

    steps: tuple[str, ...] = ()

    def __add__(self, step: str | None) -> "Place":
        return self if step is None else Place(self.steps + (step,))

    @property
    def text(self) -> str:
        return " ".join(self.steps)

    def __str__(self) -> str:
        return self.text


@dataclass
class Change:
    """One part of the comparison, in reading order.

    ``tag``: ``equal``; ``replace`` (``words`` holds the runs); ``insert``
    (only ``new``) and ``delete`` (only ``old``), a whole block each, one
    line per part of it; ``renumber``, a run of blocks numbered anew
    (``old`` and ``new`` their numbers); ``follow``, a text whose only change
    is the printed number of a clause it refers to.
    """

    tag: str
    place: Place
    old: list[str] | None
    new: list[str] | None
    words: list[tuple[str, str]] | None = None
    old_label: str | None = None   # the printed number before the text, if any
    new_label: str | None = None

    @property
    def counted(self) -> bool:
        """A change of the text (not a renumbering, nor a number that followed it)."""
        return self.tag in ("replace", "insert", "delete")


def word_diff(old: str, new: str) -> list[tuple[str, str]]:
    """(tag, text) runs: ``equal``, ``delete`` or ``insert``, cut at Thai word boundaries."""
    a, b = thai.words(old), thai.words(new)
    runs: list[tuple[str, str]] = []
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            runs.append(("equal", "".join(a[i1:i2])))
        else:
            if i2 > i1:
                runs.append(("delete", "".join(a[i1:i2])))
            if j2 > j1:
                runs.append(("insert", "".join(b[j1:j2])))
    return runs


# --- one edition, as read -----------------------------------------------------------------

class _Reader:
    """Texts of one edition as printed, and the words of its places."""

    def __init__(self, announcement: Announcement):
        self.a = announcement
        self.profile = versions.profile_for(announcement)
        self.digits = self.profile.digits
        self.format2 = announcement.format != 1
        self.refs = node_refs(announcement) if self.format2 else {}
        self.kind = kinds.ANNOUNCEMENT
        if self.format2:
            folder = versions.template_dir(versions.template_version_for(announcement))
            if not (folder / kinds.FILE).is_file():
                folder = versions.template_dir(None)
            self.kind = kinds.load(folder).get(announcement.kind, self.kind)

    def number(self, n: int) -> str:
        return thai.number(n, self.digits)

    def text(self, raw: str) -> str:
        """``raw`` as printed, on one line."""
        if self.format2:
            printed = expand2(raw, self.a, self.profile, self.refs)
        else:
            printed = expand(raw, self.a, self.profile)
        printed = _BLANK.sub("……………", printed)
        return _SPACE.sub(" ", printed.replace(thai.NBSP, " ")).strip()

    def bare(self, raw: str) -> str:
        """``raw`` as printed, but each ``{ref:id}`` as its id: the same
        whatever number the clause it names has."""
        if not self.format2:
            return self.text(raw)
        kept = REFERENCE2.sub(lambda m: f"{_REF_START}{m.group(2)}{_REF_END}" if m.group(1) == "ref"
                              else m.group(0), raw)
        return self.text(kept)

    def label(self, node: Node) -> str | None:
        if node.scheme is None or node.number is None:
            return None
        return thai.label(node.scheme, node.number, self.digits, self.profile.letters)

    def ordinal(self, n: int) -> str:
        return _ORDINALS[n - 1] if 1 <= n <= len(_ORDINALS) else f" {self.number(n)}"


def _counts(node: Node) -> bool:
    """Whether ``node``'s printed number tells it apart from its siblings (not a bullet)."""
    return node.scheme is not None and node.number is not None and any(
        mark in thai.SCHEMES[node.scheme] for mark in ("{n}", "{a}"))


@dataclass
class _Text:
    printed: str
    bare: str


@dataclass
class _Row:
    place: Place
    number: str | None        # a numbered table's printed number
    cells: _Text              # its cells, without the number

    @property
    def printed(self) -> str:
        return f"{self.number} | {self.cells.printed}" if self.number else self.cells.printed

    @property
    def bare(self) -> str:
        return self.cells.bare


@dataclass
class _TableView:
    place: Place
    header: _Text
    rows: list[_Row]
    caption: _Text | None
    numbered: bool

    def lines(self) -> list[str]:
        return [self.header.printed, *(r.printed for r in self.rows),
                *([self.caption.printed] if self.caption else [])]

    def bare(self) -> str:
        return "\n".join([self.header.bare, *(r.bare for r in self.rows),
                          *([self.caption.bare] if self.caption else [])])


@dataclass
class _View:
    """One block of a body, as read: its place, printed number and texts."""

    node: Node
    place: Place
    label: str | None
    counts: bool
    own: _Text | None            # its heading or text, without its number
    paragraphs: list[_Text]
    after: list[_Text]
    table: _TableView | None
    quote: list["_View"]
    items: list["_View"]
    quote_place: Place
    _words: list[str] | None = field(default=None, repr=False)

    @property
    def id(self) -> str | None:
        return self.node.id

    def signature(self) -> str:
        """Everything it says, without generated numbers: equal for the same block."""
        parts = [self.own.bare if self.own else "", *(p.bare for p in self.paragraphs)]
        parts += [self.table.bare() if self.table else ""]
        parts += ["“" + q.signature() + "”" for q in self.quote]
        parts += [i.signature() for i in self.items]
        parts += [p.bare for p in self.after]
        return "\n".join(parts)

    def words(self) -> list[str]:
        if self._words is None:
            self._words = thai.words(self.signature())
        return self._words

    def lines(self) -> list[str]:
        """What a reader reads of it, number first: the lines of an inserted or removed block."""
        out = []
        if self.own is not None or self.label:
            out.append(" ".join(x for x in (self.label, self.own.printed if self.own else "") if x))
        if self.table:
            out += self.table.lines()
        for q in self.quote:
            out += [f"“{line}”" for line in q.lines()]
        out += [p.printed for p in self.paragraphs]
        for item in self.items:
            out += item.lines()
        out += [p.printed for p in self.after]
        return out


def _views(reader: _Reader, nodes: Sequence[Node], place: Place, top: bool) -> list[_View]:
    out = []
    plain = tables = 0
    for position, node in enumerate(nodes, 1):
        label = reader.label(node)
        counts = _counts(node)
        if counts:
            step = label
        elif node.heading is not None:
            short = reader.text(node.heading)
            short = short if len(short) <= 40 else short[:39] + "…"
            step = f"หัวข้อ “{short}”"
        elif top and node.table is not None and node.text is None and not node.items:
            tables += 1
            step = f"ตารางที่ {reader.number(tables)}"
        elif top and node.scheme is None:
            plain += 1
            step = f"ย่อหน้าที่ {reader.number(plain)}"
        else:
            step = f"รายการที่ {reader.number(position)}"
        out.append(_view(reader, node, place + step, label, counts))
    return out


def _view(reader: _Reader, node: Node, place: Place, label: str | None, counts: bool) -> _View:
    own_raw = node.heading if node.heading is not None else node.text
    own = _Text(reader.text(own_raw), reader.bare(own_raw)) if own_raw is not None else None
    quote_place = place + "ความที่ยกมา"
    return _View(
        node=node, place=place, label=label, counts=counts, own=own,
        paragraphs=[_Text(reader.text(p), reader.bare(p)) for p in node.paragraphs],
        after=[_Text(reader.text(p), reader.bare(p)) for p in node.after],
        table=_table_view(reader, node.table, place) if node.table is not None else None,
        quote=_views(reader, node.quote, quote_place, top=False),
        items=_views(reader, node.items, place, top=False),
        quote_place=quote_place)


def _table_view(reader: _Reader, table: Table, place: Place) -> _TableView:
    at = place + "ตาราง"
    header = " | ".join(c.title for c in table.columns)
    rows = []
    for index, row in enumerate(table.rows, 1):
        number = reader.number(table.start + index - 1) if table.numbered else None
        printed = " | ".join(reader.text(cell) for cell in row)
        bare = " | ".join(reader.bare(cell) for cell in row)
        rows.append(_Row(at + f"แถวที่ {reader.number(index)}", number, _Text(printed, bare)))
    caption = _Text(reader.text(table.caption), reader.bare(table.caption)) if table.caption else None
    return _TableView(at, _Text(reader.text(header), reader.bare(header)), rows, caption, table.numbered)


# --- lining up ------------------------------------------------------------------------------

def _alike(a: list[str], b: list[str]) -> float:
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    if matcher.real_quick_ratio() < CUTOFF or matcher.quick_ratio() < CUTOFF:
        return 0.0
    return matcher.ratio()


def _pair_up(olds: list, news: list, words: Callable, may_pair: Callable) -> list[tuple]:
    """Pairs (old, new) of the most alike among blocks no text matched, the
    rest alone (old, None) or (None, new), in reading order."""
    if not olds or not news:
        return [(x, None) for x in olds] + [(None, y) for y in news]
    if len(olds) * len(news) > MAX_PAIRINGS:  # too many to weigh: in order where the counts agree
        if len(olds) == len(news):
            return list(zip(olds, news))
        return [(x, None) for x in olds] + [(None, y) for y in news]
    best, where = CUTOFF, None
    for j, y in enumerate(news):
        for i, x in enumerate(olds):
            if not may_pair(x, y):
                continue
            score = _alike(words(x), words(y))
            if score > best:
                best, where = score, (i, j)
    if where is None:
        return [(x, None) for x in olds] + [(None, y) for y in news]
    i, j = where
    return (_pair_up(olds[:i], news[:j], words, may_pair) + [(olds[i], news[j])]
            + _pair_up(olds[i + 1:], news[j + 1:], words, may_pair))


def _line_up(olds: list, news: list, key: Callable, words: Callable,
             ident: Callable = lambda v: None) -> list[tuple]:
    """(old, new) pairs of two lists of siblings: the same ``ident`` first
    (in order), then the same ``key`` (texts), then the most alike."""
    old_ids = {ident(x): i for i, x in enumerate(olds) if ident(x) is not None}
    anchors = _increasing([(old_ids[ident(y)], j) for j, y in enumerate(news)
                           if ident(y) is not None and ident(y) in old_ids])

    def may_pair(x, y) -> bool:
        return ident(x) is None or ident(y) is None or ident(x) == ident(y)

    out: list[tuple] = []
    i0 = j0 = 0
    for i, j in anchors + [(len(olds), len(news))]:
        a, b = olds[i0:i], news[j0:j]
        matcher = difflib.SequenceMatcher(None, [key(x) for x in a], [key(y) for y in b], autojunk=False)
        for tag, i1, i2, j1, j2 in matcher.get_opcodes():
            if tag == "equal":
                out += list(zip(a[i1:i2], b[j1:j2]))
            else:
                out += _pair_up(a[i1:i2], b[j1:j2], words, may_pair)
        if i < len(olds):
            out.append((olds[i], news[j]))
        i0, j0 = i + 1, j + 1
    return out


def _increasing(pairs: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The longest run of ``pairs`` (in order of their second) whose first rises too."""
    tails: list[int] = []        # per length, the smallest first that ends such a run
    ends: list[int] = []         # … and the index in pairs of that end
    back = [-1] * len(pairs)
    for k, (first, _) in enumerate(pairs):
        at = bisect.bisect_left(tails, first)
        if at == len(tails):
            tails.append(first)
            ends.append(k)
        else:
            tails[at], ends[at] = first, k
        back[k] = ends[at - 1] if at else -1
    out = []
    k = ends[-1] if ends else -1
    while k != -1:
        out.append(pairs[k])
        k = back[k]
    return out[::-1]


# --- comparing ------------------------------------------------------------------------------

class _Comparison:
    def __init__(self, old: _Reader, new: _Reader):
        self.old, self.new = old, new
        self.out: list[Change] = []

    def text(self, place: Place, old: _Text | None, new: _Text | None,
             old_label: str | None = None, new_label: str | None = None, old_place: Place | None = None) -> None:
        if old is None and new is None:
            return
        if old is None:
            self.out.append(Change("insert", place, None, [new.printed], new_label=new_label))
        elif new is None:
            self.out.append(Change("delete", old_place or place, [old.printed], None, old_label=old_label))
        elif old.printed == new.printed:
            self.out.append(Change("equal", place, [old.printed], [new.printed],
                                   old_label=old_label, new_label=new_label))
        else:
            tag = "follow" if old.bare == new.bare else "replace"
            self.out.append(Change(tag, place, [old.printed], [new.printed], word_diff(old.printed, new.printed),
                                   old_label, new_label))

    def texts(self, place: Place, olds: list[_Text], news: list[_Text], first: int, old_first: int) -> None:
        """Paragraphs (วรรค) of a block, numbered from ``first`` (``old_first`` in the old edition)."""
        def step(reader: _Reader, n: int) -> str:
            return f"วรรค{reader.ordinal(n)}"

        pairs = _line_up(olds, news, key=lambda t: t.bare, words=lambda t: thai.words(t.bare))
        for x, y in pairs:
            if y is not None:
                at, old_at = place + step(self.new, first + _index(news, y)), None
            else:
                at = old_at = place + step(self.old, old_first + _index(olds, x))
            self.text(at, x, y, old_place=old_at)

    def block(self, x: _View | None, y: _View | None) -> None:
        if y is None:
            self.out.append(Change("delete", x.place, x.lines(), None))
            return
        if x is None:
            self.out.append(Change("insert", y.place, None, y.lines()))
            return
        self.text(y.place, x.own, y.own, x.label, y.label, old_place=x.place)
        first_x, first_y = (2 if x.own else 1), (2 if y.own else 1)
        self.texts(y.place, x.paragraphs, y.paragraphs, first_y, first_x)
        self.table(x, y)
        self.blocks(x.quote, y.quote, y.quote_place)
        self.blocks(x.items, y.items, y.place)
        self.texts(y.place, x.after, y.after, first_y + len(y.paragraphs), first_x + len(x.paragraphs))

    def table(self, x: _View, y: _View) -> None:
        a, b = x.table, y.table
        if a is None and b is None:
            return
        if a is None or b is None:
            view = a or b
            self.out.append(Change("delete" if b is None else "insert", view.place,
                                   view.lines() if b is None else None, view.lines() if a is None else None))
            return
        self.text(b.place + "หัวตาราง", a.header, b.header)
        pairs = _line_up(a.rows, b.rows, key=lambda r: r.bare, words=lambda r: thai.words(r.bare))
        renumbered = _Runs(self, b.place, label=lambda r: r.number,
                           number=lambda r: int(thai.digits(r.number, "arabic")) if r.number else None,
                           group=lambda r: "row")
        for old_row, new_row in pairs:
            if old_row is not None and new_row is not None:
                renumbered.see(old_row, new_row)
                self.text(new_row.place, old_row.cells, new_row.cells, old_row.number, new_row.number)
            elif new_row is None:
                self.out.append(Change("delete", old_row.place, [old_row.printed], None))
            else:
                self.out.append(Change("insert", new_row.place, None, [new_row.printed]))
        renumbered.flush()
        self.text(b.place + "คำอธิบายใต้ตาราง", a.caption, b.caption)

    def blocks(self, olds: list[_View], news: list[_View], place: Place) -> None:
        pairs = _line_up(olds, news, key=_View.signature, words=_View.words, ident=lambda v: v.id)
        runs = _Runs(self, place, label=lambda v: v.label,
                     number=lambda v: v.node.number if v.counts else None, group=lambda v: v.node.scheme)
        for x, y in pairs:
            if x is not None and y is not None:
                runs.see(x, y)
            self.block(x, y)
        runs.flush()


class _Runs:
    """Blocks (or numbered rows) whose printed number changed, gathered into
    runs such as ``ข้อ ๔–๗`` → ``ข้อ ๕–๘``: one note each, placed before
    the first of them."""

    def __init__(self, comparison: "_Comparison", place: Place, label: Callable, number: Callable,
                 group: Callable):
        self.comparison, self.place = comparison, place
        self.label, self.number, self.group = label, number, group
        self.run: list[tuple] = []
        self.slot: int | None = None

    def see(self, x, y) -> None:
        """A pair of the same block in both editions, in reading order."""
        number = self.number
        if number(x) is None or number(y) is None or self.label(x) == self.label(y):
            self.flush()
            return
        if self.run:
            last_x, last_y = self.run[-1]
            if not (number(x) == number(last_x) + 1 and number(y) == number(last_y) + 1
                    and self.group(x) == self.group(last_x) and self.group(y) == self.group(last_y)):
                self.flush()
        if not self.run:
            self.slot = len(self.comparison.out)
            self.comparison.out.append(Change("renumber", self.place, None, None))
        self.run.append((x, y))

    def flush(self) -> None:
        if not self.run:
            return
        (first_x, first_y), (last_x, last_y) = self.run[0], self.run[-1]
        note = self.comparison.out[self.slot]
        note.old = [_span(self.label(first_x), self.label(last_x))]
        note.new = [_span(self.label(first_y), self.label(last_y))]
        self.run, self.slot = [], None


def _span(first: str, last: str) -> str:
    """``ข้อ ๔``, ``ข้อ ๗`` → ``ข้อ ๔–๗``; ``(๔)``, ``(๗)`` → ``(๔)–(๗)``."""
    if first == last:
        return first
    head = first.rsplit(" ", 1)[0] + " " if " " in first else ""
    if head and last.startswith(head):
        last = last[len(head):]
    return f"{first}–{last}"


def _head(reader: _Reader) -> dict[str, tuple[Place, _Text | None]]:
    """The parts before the body: the title, the number line and the subject."""
    a = reader.a
    title = f"{reader.kind.title}{a.issuer}"
    subject = f"เรื่อง {a.subject}"
    if a.format != 1:
        if a.amendment is not None:
            subject += f" (ฉบับที่ {reader.number(a.amendment)})"
        if a.title_year is not None:
            subject += f" พ.ศ. {reader.number(a.title_year)}"
    kind = reader.kind.title
    return {
        "title": (Place((f"ชื่อ{kind}",)), _Text(reader.text(title), reader.bare(title))),
        "number": (Place(("เลขที่",)),
                   _Text(reader.text(f"ที่ {a.number}"), reader.bare(f"ที่ {a.number}")) if a.number else None),
        "subject": (Place(("เรื่อง",)), _Text(reader.text(subject), reader.bare(subject))),
    }


def _date(reader: _Reader) -> _Text:
    a = reader.a
    if a.format == 1:
        text = f"{reader.kind.signoff} {thai.date(a.date, reader.digits)}"
    else:
        text = f"{reader.kind.signoff} {thai.era_date(a.date, reader.digits, a.date_era)}"
    text = _SPACE.sub(" ", text.replace(thai.NBSP, " "))
    return _Text(text, text)


def _signer_lines(reader: _Reader, signer: Signer) -> dict[str, _Text | None]:
    """A signer's name, position and acting line(s), each one part (its lines joined by " / ")."""
    def text(values) -> _Text | None:
        if not values:
            return None
        return _Text(" / ".join(reader.text(v) for v in values), " / ".join(reader.bare(v) for v in values))

    return {"name": text([f"({signer.name})"] if signer.name else []),
            "position": text(signer.positions), "acting": text(signer.acting)}


def _index(values: list, value) -> int:
    """The place of ``value`` itself in ``values`` (not of an equal one)."""
    return next(i for i, v in enumerate(values) if v is value)


_SIGNER_PARTS = {"name": "ชื่อ", "position": "ตำแหน่ง", "acting": "ปฏิบัติราชการแทน"}


def compare(old: Announcement, new: Announcement) -> list[Change]:
    """Every part of both editions, lined up, in the new edition's reading
    order (a removed part where it was): see the module's description."""
    a, b = _Reader(old), _Reader(new)
    diff = _Comparison(a, b)
    head_a, head_b = _head(a), _head(b)
    for key in ("title", "number", "subject"):
        diff.text(head_b[key][0], head_a[key][1], head_b[key][1])
    diff.blocks(_views(a, old.body, Place(), top=True), _views(b, new.body, Place(), top=True), Place())
    closing = Place(("คำลงท้าย",))
    diff.text(closing, _Text(a.text(old.closing), a.bare(old.closing)) if old.closing else None,
              _Text(b.text(new.closing), b.bare(new.closing)) if new.closing else None)
    diff.text(Place(("วันที่",)), _date(a), _date(b))
    signers_a, signers_b = old.all_signers(), new.all_signers()
    several = max(len(signers_a), len(signers_b)) > 1
    for n in range(max(len(signers_a), len(signers_b))):
        reader = b if n < len(signers_b) else a
        at = Place((f"ผู้ลงนามคนที่ {reader.number(n + 1)}" if several else "ผู้ลงนาม",))
        if n >= len(signers_a) or n >= len(signers_b):
            signer = signers_b[n] if n < len(signers_b) else signers_a[n]
            lines = [t.printed for t in _signer_lines(reader, signer).values() if t is not None]
            diff.out.append(Change("insert", at, None, lines) if n < len(signers_b)
                            else Change("delete", at, lines, None))
            continue
        parts_a, parts_b = _signer_lines(a, signers_a[n]), _signer_lines(b, signers_b[n])
        for key, step in _SIGNER_PARTS.items():
            diff.text(at + step, parts_a[key], parts_b[key])
    for n in range(max(len(old.annexes), len(new.annexes))):
        several = max(len(old.annexes), len(new.annexes)) > 1
        reader = b if n < len(new.annexes) else a
        at = Place((f"ภาคผนวก {reader.number(n + 1)}" if several else "ภาคผนวก",))
        x = old.annexes[n] if n < len(old.annexes) else None
        y = new.annexes[n] if n < len(new.annexes) else None
        title = at + "ชื่อ"
        diff.text(title, _Text(a.text(x.title), a.bare(x.title)) if x and x.title else None,
                  _Text(b.text(y.title), b.bare(y.title)) if y and y.title else None)
        diff.blocks(_views(a, x.body, at, top=True) if x else [], _views(b, y.body, at, top=True) if y else [], at)
    return diff.out


# --- terminal ------------------------------------------------------------------------------

#: Unchanged words shown on each side of a change in the terminal report.
CONTEXT_WORDS = 8


def _elide(text: str, first: bool, last: bool) -> str:
    """Unchanged text between changes, shortened to a few words around them."""
    words = thai.words(text)
    keep_before = 0 if first else CONTEXT_WORDS   # words after the previous change
    keep_after = 0 if last else CONTEXT_WORDS     # words before the next change
    if len(words) <= keep_before + keep_after + 2:
        return text
    return "".join(words[:keep_before]) + " … " + "".join(words[len(words) - keep_after:])


_COLOURS = {"delete": "\x1b[31m", "insert": "\x1b[32m", "label": "\x1b[36m", "reset": "\x1b[0m"}


def _where(change: Change, lang: str) -> str:
    """The place of ``change`` in words: a removed part's is the old edition's."""
    if change.tag == "delete":
        return M("{place} of the old edition", place=change.place.text).text(lang)
    return change.place.text


def summary(changes: list[Change]) -> Message:
    """How much changed, in one line."""
    changed = sum(c.counted for c in changes)
    renumbered = sum(c.tag == "renumber" for c in changes)
    parts = sum(c.tag != "renumber" for c in changes)
    if not changed and not renumbered and not any(c.tag == "follow" for c in changes):
        return M("the rendered text is identical")
    edited, added, removed = (sum(c.tag == tag for c in changes) for tag in ("replace", "insert", "delete"))
    said = M("{changed} of {parts} parts changed: {edited} edited, {added} added, {removed} removed",
             changed=changed, parts=parts, edited=edited, added=added, removed=removed)
    if renumbered == 1:
        said = M("{summary}; {runs} run renumbered", summary=said, runs=renumbered)
    elif renumbered:
        said = M("{summary}; {runs} runs renumbered", summary=said, runs=renumbered)
    return said


def as_text(changes: list[Change], old_name: str, new_name: str, colour: bool = False,
            lang: str = "th") -> str:
    """A terminal report: only what changed, deletions ``[-…-]``, insertions ``{+…+}``.

    File names and text are shown with :func:`~generator.errors.printable`: an
    escape sequence or an invisible character in them is shown, never obeyed;
    the only escape sequences are the colours (``colour``)."""

    def paint(kind: str, text: str) -> str:
        return f"{_COLOURS[kind]}{text}{_COLOURS['reset']}" if colour else text

    def deleted(text: str) -> str:
        return paint("delete", f"[-{printable(text)}-]")

    def inserted(text: str) -> str:
        return paint("insert", f"{{+{printable(text)}+}}")

    def label(text: str) -> str:
        return paint("label", f"@@ {printable(text)} @@")

    lines = [f"--- {printable(old_name)}", f"+++ {printable(new_name)}"]
    for change in changes:
        if change.tag == "equal":
            continue
        lines.append("")
        place = _where(change, lang)
        if change.tag == "renumber":
            old, new = (f"{change.place.text} {change.old[0]}".strip(), f"{change.place.text} {change.new[0]}".strip())
            lines.append(label(M("renumbered: {old} → {new}", old=old, new=new).text(lang)))
        elif change.tag in ("replace", "follow"):
            if change.tag == "follow":
                lines.append(label(M("{place}: a clause number it refers to followed the renumbering",
                                     place=place).text(lang)))
            else:
                lines.append(label(place))
            runs = change.words
            lines.append("".join(printable(_elide(text, i == 0, i == len(runs) - 1)) if tag == "equal"
                                 else deleted(text) if tag == "delete" else inserted(text)
                                 for i, (tag, text) in enumerate(runs)))
        elif change.tag == "delete":
            lines.append(label(M("{place}: removed", place=place).text(lang)))
            lines += [deleted(line) for line in change.old]
        else:
            lines.append(label(M("{place}: added", place=place).text(lang)))
            lines += [inserted(line) for line in change.new]
    lines.append("")
    said = summary(changes)
    if any(c.counted for c in changes):
        said = M("{summary} ([-removed-] {{+added+}})", summary=said)
    lines.append(said.text(lang))
    return "\n".join(lines) + "\n"


# --- side-by-side page ----------------------------------------------------------------------

_PAGE = """<!DOCTYPE html>
<html lang="{lang}">
<head>
<meta charset="utf-8">
<meta name="generator" content="prakat diff">
<title>{title}</title>
<style>
@font-face {{ font-family: "TH Sarabun New"; src: url("{regular}") format("truetype"); font-weight: normal; }}
@font-face {{ font-family: "TH Sarabun New"; src: url("{bold}") format("truetype"); font-weight: bold; }}
body {{ font-family: "TH Sarabun New", sans-serif; font-size: 16pt; margin: 1em; }}
table {{ border-collapse: collapse; width: 100%; table-layout: fixed; }}
th, td {{ border: 1px solid #ccc; padding: 0.2em 0.5em; vertical-align: top; }}
th {{ background: #eee; }}
td.label, th.label {{ width: 9em; color: #555; font-size: 0.85em; }}
tr.equal td {{ color: #666; }}
tr.renumber td, tr.follow td.label {{ background: #f4f4ff; }}
del {{ background: #fdd; text-decoration: line-through; }}
ins {{ background: #dfd; text-decoration: none; }}
.num {{ color: #333; }}
</style>
</head>
<body>
<h1>{heading}</h1>
<p>{summary}</p>
<table>
<tr><th class="label">{place}</th><th>{old}</th><th>{new}</th></tr>
{rows}
</table>
</body>
</html>
"""


def font_files() -> dict[str, bytes]:
    """The page's fonts (checked against fonts/SHA256SUMS): name → bytes."""
    from generator.format.fonts import verified_fonts

    found = verified_fonts()
    return {name: found[name].read_bytes() for name in FONT_FILES}


def as_html(changes: list[Change], old_name: str, new_name: str, fonts: str | dict[str, bytes] = "fonts/",
            lang: str = "th") -> str:
    """A side-by-side page: the old edition left, the new right, changes
    marked. ``fonts``: where the page finds the font files (a folder's
    address, ``fonts/`` beside it by default), or the files themselves
    (name → bytes) to carry inside it."""
    esc = html_lib.escape

    def font(name: str) -> str:
        if isinstance(fonts, dict):
            return "data:font/ttf;base64," + base64.b64encode(fonts[name]).decode("ascii")
        return esc(fonts + name, quote=True)

    def numbered(label: str | None, text: str) -> str:
        return f'<span class="num">{esc(label)}</span> {text}' if label else text

    rows = []
    for change in changes:
        place = esc(_where(change, lang))
        if change.tag == "renumber":
            place = esc((M("renumbered: {place}", place=change.place.text) if change.place.steps
                         else M("renumbered")).text(lang))
            left, right = esc(change.old[0]), esc(change.new[0])
        elif change.tag in ("replace", "follow"):
            left = numbered(change.old_label, "".join(esc(t) if tag == "equal" else f"<del>{esc(t)}</del>"
                                                      for tag, t in change.words if tag != "insert"))
            right = numbered(change.new_label, "".join(esc(t) if tag == "equal" else f"<ins>{esc(t)}</ins>"
                                                       for tag, t in change.words if tag != "delete"))
        else:
            left = "<br>".join(esc(line) for line in change.old) if change.old else ""
            right = "<br>".join(esc(line) for line in change.new) if change.new else ""
            if change.tag == "delete":
                left = f"<del>{left}</del>"
            elif change.tag == "insert":
                right = f"<ins>{right}</ins>"
            else:
                left, right = numbered(change.old_label, left), numbered(change.new_label, right)
        rows.append(f'<tr class="{change.tag}"><td class="label">{place}</td><td>{left}</td><td>{right}</td></tr>')
    return _PAGE.format(lang=esc(lang, quote=True),
                        title=esc(M("Comparison of {old} with {new}", old=old_name, new=new_name).text(lang)),
                        heading=esc(M("Comparison").text(lang)), place=esc(M("Place").text(lang)),
                        old=esc(old_name), new=esc(new_name), summary=esc(summary(changes).text(lang)),
                        rows="\n".join(rows), regular=font(FONT_FILES[0]), bold=font(FONT_FILES[1]))


def write_page(output: Path, text: str) -> list[Path]:
    """Write the page to ``output`` and the fonts it loads to ``fonts/``
    beside it (unless they are there already); the files written."""
    folder = Path(output).parent
    written = []
    for name, data in font_files().items():
        target = folder / "fonts" / name
        if not target.is_file() or target.read_bytes() != data:
            build.write_atomic(target, data, inside=folder)
            written.append(target)
    build.write_atomic(Path(output), text.encode("utf-8"))
    return [Path(output), *written]
