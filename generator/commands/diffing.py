"""Turn two editions into what changed between them, as rendered text, word by word.

Both editions are rendered (each with the template it is issued with) and cut
into the blocks a reader sees: title, subject, each paragraph, heading, quote
and item, the date and the signature. Blocks are lined up, and a changed block
is compared word by word with the Thai word segmenter (:func:`thai.words`), so
a changed ``๒`` → ``๓`` shows as one word, not as a whole changed line.
"""

from __future__ import annotations

import difflib
import html as html_lib
import re
from dataclasses import dataclass

import lxml.html

from generator import build
from generator import thai
from generator.document.model import Announcement
from generator.errors import printable

#: Block classes of the rendered HTML, and how a block is named in a diff.
BLOCK_CLASSES = {
    "title": ("ชื่อประกาศ", "title"),
    "subject": ("เรื่อง", "subject"),
    "paragraph": ("ย่อหน้า", "paragraph"),
    "heading": ("หัวข้อ", "heading"),
    "clause": ("ข้อ", "clause"),
    "quote": ("ข้อความยกมา", "quote"),
    "item": ("ข้อย่อย", "item"),
    "closing": ("ท้ายประกาศ", "closing"),
    "date": ("วันที่", "date"),
    "signer-name": ("ผู้ลงนาม", "signer"),
    "signer-position": ("ตำแหน่ง", "position"),
    "signer-acting": ("ปฏิบัติราชการแทน", "acting"),
    "annex-title": ("ภาคผนวก", "annex"),
    "row": ("แถวตาราง", "table row"),
}
_SPACE = re.compile(r"\s+")


@dataclass(frozen=True)
class Block:
    kind: str
    text: str

    @property
    def label(self) -> str:
        thai_name, english = BLOCK_CLASSES[self.kind]
        return f"{thai_name} ({english})"


@dataclass
class Change:
    """``equal``, ``insert`` (only ``new``), ``delete`` (only ``old``) or ``replace``."""

    tag: str
    old: Block | None
    new: Block | None
    words: list[tuple[str, str]] | None = None  # (tag, text) for a replaced block


def blocks(announcement: Announcement) -> list[Block]:
    """The text blocks of ``announcement`` as rendered, in reading order."""
    page = build.render_outputs(announcement, ("html",))["html"]
    tree = lxml.html.fromstring(page)
    out = []
    for element in tree.iter():
        kind = (element.get("class") or "").split(" ")[0]  # "paragraph lead" is a paragraph
        if element.tag == "tr":
            kind = "row"
        elif element.tag == "span" and kind == "w":
            continue  # a word kept whole on the web page: part of its block
        elif element.tag == "span" and kind == "line":  # a title line of template 2
            kind = "title"
        elif element.tag == "h1" and element.find("span") is not None:
            continue  # template 2: its lines are the blocks
        if kind in BLOCK_CLASSES and element.tag != "section":
            text = _SPACE.sub(" ", element.text_content().replace(thai.NBSP, " ")).strip()
            out.append(Block(kind, text))
    return out


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


def compare(old: Announcement, new: Announcement) -> list[Change]:
    """Every block of both editions, lined up, with word runs for changed ones."""
    a, b = blocks(old), blocks(new)
    changes: list[Change] = []
    matcher = difflib.SequenceMatcher(None, [x.text for x in a], [y.text for y in b], autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            changes += [Change("equal", a[i], b[j]) for i, j in zip(range(i1, i2), range(j1, j2))]
            continue
        olds, news = a[i1:i2], b[j1:j2]
        # Pair changed blocks of the same kind in order; the rest were added or removed.
        while olds and news:
            if olds[0].kind == news[0].kind:
                x, y = olds.pop(0), news.pop(0)
                changes.append(Change("replace", x, y, word_diff(x.text, y.text)))
            elif any(n.kind == olds[0].kind for n in news):
                changes.append(Change("insert", None, news.pop(0)))
            else:
                changes.append(Change("delete", olds.pop(0), None))
        changes += [Change("delete", x, None) for x in olds]
        changes += [Change("insert", None, y) for y in news]
    return changes


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


# --- terminal ------------------------------------------------------------------

_COLOURS = {"delete": "\x1b[31m", "insert": "\x1b[32m", "label": "\x1b[36m", "reset": "\x1b[0m"}


def as_text(changes: list[Change], old_name: str, new_name: str, colour: bool = False) -> str:
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

    lines = [f"--- {printable(old_name)}", f"+++ {printable(new_name)}"]
    changed = 0
    for number, change in enumerate(changes, 1):
        if change.tag == "equal":
            continue
        changed += 1
        block = change.new or change.old
        lines.append("")
        lines.append(paint("label", f"@@ {block.label}, ที่ {number} (block {number}) @@"))
        if change.tag == "replace":
            runs = change.words
            lines.append("".join(printable(_elide(text, i == 0, i == len(runs) - 1)) if tag == "equal"
                                 else deleted(text) if tag == "delete" else inserted(text)
                                 for i, (tag, text) in enumerate(runs)))
        elif change.tag == "delete":
            lines.append(deleted(change.old.text))
        else:
            lines.append(inserted(change.new.text))
    if not changed:
        lines.append("")
        lines.append("ข้อความเหมือนกันทุกย่อหน้า (the rendered text is identical)")
    else:
        lines.append("")
        lines.append(f"เปลี่ยน {changed} จาก {len(changes)} ส่วน ([-ลบ-] {{+เพิ่ม+}}) "
                     f"({changed} of {len(changes)} blocks changed; [-removed-] {{+added+}})")
    return "\n".join(lines) + "\n"


# --- side-by-side page ---------------------------------------------------------------

_PAGE = """<!DOCTYPE html>
<html lang="th">
<head>
<meta charset="utf-8">
<meta name="generator" content="prakat diff">
<title>เปรียบเทียบ {old} กับ {new}</title>
<style>
body {{ font-family: "TH Sarabun New", "Sarabun", sans-serif; font-size: 16pt; margin: 1em; }}
table {{ border-collapse: collapse; width: 100%; table-layout: fixed; }}
th, td {{ border: 1px solid #ccc; padding: 0.2em 0.5em; vertical-align: top; }}
th {{ background: #eee; }}
td.label {{ width: 8em; color: #555; font-size: 0.8em; }}
tr.equal td {{ color: #666; }}
del {{ background: #fdd; text-decoration: line-through; }}
ins {{ background: #dfd; text-decoration: none; }}
</style>
</head>
<body>
<h1>เปรียบเทียบ (comparison)</h1>
<p>{summary}</p>
<table>
<tr><th class="label">ส่วน (block)</th><th>{old}</th><th>{new}</th></tr>
{rows}
</table>
</body>
</html>
"""


def as_html(changes: list[Change], old_name: str, new_name: str) -> str:
    """A side-by-side page: the old edition left, the new right, changes marked."""
    esc = html_lib.escape
    rows = []
    for change in changes:
        block = change.new or change.old
        if change.tag == "replace":
            left = "".join(esc(t) if tag == "equal" else f"<del>{esc(t)}</del>"
                           for tag, t in change.words if tag != "insert")
            right = "".join(esc(t) if tag == "equal" else f"<ins>{esc(t)}</ins>"
                            for tag, t in change.words if tag != "delete")
        else:
            left = esc(change.old.text) if change.old else ""
            right = esc(change.new.text) if change.new else ""
            if change.tag == "delete":
                left = f"<del>{left}</del>"
            elif change.tag == "insert":
                right = f"<ins>{right}</ins>"
        rows.append(f'<tr class="{change.tag}"><td class="label">{esc(block.label)}</td>'
                    f"<td>{left}</td><td>{right}</td></tr>")
    changed = sum(c.tag != "equal" for c in changes)
    summary = f"เปลี่ยน {changed} จาก {len(changes)} ส่วน ({changed} of {len(changes)} blocks changed)"
    return _PAGE.format(old=esc(old_name), new=esc(new_name), summary=esc(summary), rows="\n".join(rows))
