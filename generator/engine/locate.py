"""Where WeasyPrint laid out the elements of a class, in PDF points.

The signature command needs the place of the sign-off on the page (the room
above the signer's name) in the very layout the PDF was written from. Only
this folder touches WeasyPrint's internals: the laid-out pages
(``document.pages[i]._page_box``) and their boxes' elements.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass

#: CSS pixels (1/96 inch) to PDF points (1/72 inch).
PX_TO_PT = 0.75


@dataclass(frozen=True)
class Placed:
    """One box of an element with the class ``name``, on page ``page``
    (counted from 0), in PDF points from the bottom left corner of the page:
    its border box (``x``, ``y``, ``width``, ``height``) and the margin above
    it (``margin_top``). ``index`` counts the elements with that class in
    document order, from 0; an element split over two pages gives two boxes
    with the same ``index``."""

    name: str
    index: int
    page: int
    x: float
    y: float
    width: float
    height: float
    margin_top: float


def _descendants(box):
    yield box
    for child in getattr(box, "children", None) or ():
        yield from _descendants(child)


def _classes(box) -> list[str]:
    element = getattr(box, "element", None)
    if element is None or getattr(box, "element_tag", None) is None:
        return []
    return (element.get("class") or "").split()


def locate(document, names) -> list[Placed]:
    """The boxes of the elements whose class is one of ``names`` in the
    laid-out WeasyPrint ``document``, page by page, in document order."""
    names = tuple(names)
    found: list[Placed] = []
    order: dict[tuple[str, int], int] = {}   # (class, id(element)) → index
    counts: dict[str, int] = {}
    for number, page in enumerate(document.pages):
        page_box = page._page_box
        page_height = page_box.margin_height()
        seen = set()
        for box in _descendants(page_box):
            for name in _classes(box):
                if name not in names:
                    continue
                # Inline boxes repeat the element (a line box each); the
                # first box of an element on a page stands for it.
                key = (name, id(box.element), number)
                if key in seen:
                    continue
                seen.add(key)
                element_key = (name, id(box.element))
                if element_key not in order:
                    order[element_key] = counts.get(name, 0)
                    counts[name] = order[element_key] + 1
                x, top = box.border_box_x(), box.border_box_y()
                width, height = box.border_width(), box.border_height()
                found.append(Placed(
                    name=name, index=order[element_key], page=number,
                    x=round(x * PX_TO_PT, 3),
                    y=round((page_height - top - height) * PX_TO_PT, 3),
                    width=round(width * PX_TO_PT, 3), height=round(height * PX_TO_PT, 3),
                    margin_top=round(max(box.margin_top or 0, 0) * PX_TO_PT, 3)))
    return found


def as_json(document, names) -> bytes:
    """:func:`locate` as JSON: ``{"unit": "pt", "pages": [[w, h], …], "boxes": […]}``."""
    pages = [[round(page.width * PX_TO_PT, 3), round(page.height * PX_TO_PT, 3)]
             for page in document.pages]
    boxes = [asdict(placed) for placed in locate(document, names)]
    return json.dumps({"unit": "pt", "origin": "bottom-left", "pages": pages, "boxes": boxes},
                      ensure_ascii=False, sort_keys=True).encode()
