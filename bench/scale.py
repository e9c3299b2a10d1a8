"""Large documents for the bench, made in code from the shipped content: the
content reader refuses files over 1 MB, and these are far larger.

- :func:`items`: the seed (Khon Kaen) with ``n`` list items, in lists of
  500, each a different sentence of the same length (so no segmentation is
  reused from a cache, and every page holds as many items);
- :func:`table`: example 06 (a format-2 announcement with a numbered table)
  with ``n`` rows.
"""

from __future__ import annotations

import dataclasses
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

SEED = ROOT / "content" / "khon-kaen" / "2567.toml"
TABLE = ROOT / "content" / "examples" / "06_moph-poe-no3-2567.toml"

_ITEMS = (
    "พัฒนาขีดความสามารถด้านสินค้าเกษตร ผลิตภัณฑ์ชุมชน ส่งเสริมการค้าการลงทุนและการบริการ",
    "การกระจายรายได้ดีขึ้นลดความไม่เสมอภาค และเสริมสร้างความมั่นคงในชีวิตและทรัพย์สิน",
    "ส่งเสริมการพัฒนาด้านนวัตกรรม เทคโนโลยี และดิจิทัล เพื่อสร้างมูลค่าเพิ่มทางเศรษฐกิจ",
    "พัฒนาเมืองให้น่าอยู่ มีความมั่นคง ประชาชนมีคุณภาพชีวิตที่ดีอย่างยั่งยืน",
)
_PLACES = ("ท่าเรือ", "ท่าอากาศยาน", "ด่านพรมแดน", "สถานีรถไฟ")
_PROVINCES = ("ขอนแก่น", "จันทบุรี", "ระนอง", "เชียงใหม่", "สงขลา", "หนองคาย")


ITEMS_PER_LIST = 500


def _number(n: int) -> str:
    return str(n).translate(str.maketrans("0123456789", "๐๑๒๓๔๕๖๗๘๙"))


def items(n: int):
    """The seed with a section of ``n`` items after its own body."""
    from generator import content
    from generator.content.legacy import Paragraph, Section, to_nodes, v1_blocks

    seed = content.load(SEED)
    # every item as long as any other (a number of six digits), so that pages
    # hold as many items at 100,000 as at 1,000: the time follows the length
    texts = tuple(f"{_ITEMS[i % len(_ITEMS)]} รายการที่ {_number(i + 1).rjust(6, '๐')}"
                  for i in range(n))
    # Lists of 500: the template's list markers have room for three digits
    # (- ๑,๐๐๐) wraps onto a line of its own), and so do the sections'.
    sections = tuple(Section(f"รายการโครงการ ชุดที่ {_number(start // ITEMS_PER_LIST + 1)}", None, (),
                             texts[start:start + ITEMS_PER_LIST])
                     for start in range(0, n, ITEMS_PER_LIST))
    blocks = (*v1_blocks(seed.body), Paragraph("รายการโครงการตามแผนปฏิบัติการ มีดังนี้"),
              *sections)
    return dataclasses.replace(seed, body=to_nodes(blocks))


def table(n: int):
    """Example 06 with ``n`` rows in its table."""
    from generator import content

    example = content.load(TABLE)
    rows = tuple((_PLACES[i % len(_PLACES)], f"ด่านควบคุมโรคแห่งที่ {_number(i + 1).rjust(6, '๐')}",
                  _PROVINCES[i % len(_PROVINCES)]) for i in range(n))
    body = tuple(dataclasses.replace(node, table=dataclasses.replace(node.table, rows=rows))
                 if node.table is not None else node for node in example.body)
    return dataclasses.replace(example, body=body)


def document(kind: str, size: int):
    return {"items": items, "table": table}[kind](size)
