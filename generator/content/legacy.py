"""Turn format-1 blocks (the Khon Kaen plan's shape) into document nodes and back.

Format 1 knew two blocks: a paragraph and a numbered section (``๑. heading``
with a quote, paragraphs and ``- ๑)`` items). Its files are read into the
same :class:`~generator.model.Node` tree as format 2; template version 1,
which archived editions are pinned to, still receives the blocks it was
written for (:func:`v1_blocks`), so those editions render byte for byte as
they were issued.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Union

from generator.errors import BuildError
from generator.messages import M
from generator.document.model import Node

SECTION_SCHEME = "๑."
ITEM_SCHEME = "- ๑)"


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


def to_nodes(blocks) -> tuple[Node, ...]:
    """Format-1 blocks as document nodes, numbered as format 1 numbered them."""
    out = []
    sections = 0
    for block in blocks:
        if isinstance(block, Paragraph):
            out.append(Node(text=block.text))
            continue
        sections += 1
        out.append(Node(
            heading=block.heading, scheme=SECTION_SCHEME, number=sections,
            quote=(Node(text=block.quote),) if block.quote else (),
            paragraphs=block.paragraphs,
            items=tuple(Node(text=item, scheme=ITEM_SCHEME, number=i)
                        for i, item in enumerate(block.items, start=1))))
    return tuple(out)


def v1_blocks(nodes) -> tuple[Block, ...]:
    """The nodes as template version 1 knows them; anything it cannot show is an error."""
    out: list[Block] = []
    for node in nodes:
        plain = node.text is not None and node.heading is None and node.scheme is None and not (
            node.quote or node.paragraphs or node.items or node.after or node.table)
        if plain:
            out.append(Paragraph(node.text))
            continue
        simple_items = all(i.text is not None and i.scheme == ITEM_SCHEME and not (
            i.heading or i.quote or i.paragraphs or i.items or i.after or i.table or i.id)
            for i in node.items)
        simple_quote = len(node.quote) <= 1 and all(
            q.text is not None and q.scheme is None and not (q.items or q.paragraphs or q.quote or q.after)
            for q in node.quote)
        if (node.heading is not None and node.scheme == SECTION_SCHEME and simple_items
                and simple_quote and not node.after and node.table is None and node.text is None):
            out.append(Section(node.heading, node.quote[0].text if node.quote else None,
                               node.paragraphs, tuple(i.text for i in node.items)))
            continue
        raise BuildError(M("template version 1 shows only paragraphs and ๑. sections with - ๑) items: "
                           "use template version 2 ([issued] template_version = 2)"))
    return tuple(out)
