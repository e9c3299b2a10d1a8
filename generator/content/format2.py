"""Turn format-2 content (any ประกาศ or คำสั่ง) into a validated document tree.

Format 2 says what real announcements use: a kind, a title block (ที่ number,
ฉบับที่, title year, one or more lines), a body of clauses and items nested to
any depth with generated numbers in any scheme, quoted provisions, tables,
sign-offs with several position lines, acting lines and several signers, and
annexes. Every problem is reported with the file, line and field, like format 1.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from pathlib import Path
from typing import Any

from generator.content.fields import NODES, SCHEME, TEXTS, Either, Field, ListOf, Literal, MapOf, Spec
from generator.content.reader import date_problem, printed_number
from generator.messages import M
from generator.document import kinds as kinds_module
from generator import thai
from generator.format import profile as profiles
from generator.format import versions
from generator.document.model import Annex, Announcement, Column, Node, Signer, Table

ALIGNS = ("left", "center", "right", "justify")
ERAS = ("พ.ศ.", "พุทธศักราช")
TITLE_LAYOUTS = ("lines", "one-line")
#: ``{name}``, ``{name:era}``, ``{ref:clause-id}``, ``{blank}``, ``{blank:40}``.
REFERENCE = re.compile(r"\{([A-Za-z_][A-Za-z0-9_]*)(?::([A-Za-z0-9_-]+))?\}")
ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]{0,63}")
#: Nesting deeper than this is a mistake (and a guard against hostile input).
MAX_DEPTH = 12
MAX_NODES = 20_000
MAX_BLANK_MM = 170

#: The template version whose ``kinds.toml`` lists the document kinds.
KINDS_TEMPLATE_VERSION = 2
SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")


def kind_names() -> tuple[str, ...]:
    """The document kinds a format-2 file may name (``templates/v2/kinds.toml``)."""
    return tuple(kinds_module.load(versions.template_dir(KINDS_TEMPLATE_VERSION)))


# --- the format, as data (see generator.content.fields) ------------------------
# The validator below takes its keys, types and defaults from these tables, and
# `prakat schema` turns them into the JSON Schema the editor uses.

#: ``[values]`` and ``[phrases]``, the same in both formats.
VALUES = Field(
    MapOf(Either(((int, float), dt.date))),
    M("numbers and dates the text uses as {{name}}, e.g. plan_start = 2566 or cabinet_resolution = 2023-03-14 "
      "(years Buddhist era, dates Christian era, without quotes); every value must be used"),
    {"plan_start": 2566, "cabinet_resolution": "2023-03-14"}, default={})
PHRASES = Field(
    MapOf(str),
    M("text used more than once, as {{name}} in the text, e.g. the plan's full name"),
    {"plan": "แผนพัฒนาจังหวัดขอนแก่น (พ.ศ. {plan_start}-{plan_end})"}, default={})

COLUMN = Spec("column", M("a table column"), {
    "title": Field(str, M("the column's heading"), "หน่วยงาน", required=True),
    "width": Field((int, float), M("the width relative to the other columns (default 1)"), 4, default=1.0),
    "align": Field(str, M("the alignment (default left)"),
                   "center", default="left", choices=ALIGNS),
})
TABLE = Spec("table", M("a table: its header repeats on every page, no row splits across pages"), {
    "columns": Field(ListOf(Either((str, COLUMN)), min_items=1),
                     M("the columns, left to right: a heading or {{ title, width, align }}"),
                     [{"title": "ลำดับ", "width": 1, "align": "center"}, "หน่วยงาน"], required=True),
    "rows": Field(ListOf(ListOf(Either((str, (int, float)))), min_items=1),
                  M("the rows, one list each, a text or number per cell "
                    "(not counting a generated number column)"),
                  [["สำนักงานเลขานุการกรม", 12]], required=True),
    "numbered": Field(bool, M("generate the numbers of the first column"),
                      True, default=False),
    "start": Field(int, M("the first row's number (with numbered = true)"), 70, default=1),
    "caption": Field(str, M("a caption under the table"), "ที่มา: กองแผนงาน"),
})
NODE = Spec("node", M("a paragraph, heading, clause or item (nested to any depth)"), {
    "text": Field(str, M("the paragraph's or clause's text; {{name}} for a value or phrase, "
                         "{{ref:id}} for a clause"),
                  "ให้ผู้มีหน้าที่ดำเนินการ ดังนี้"),
    "heading": Field(str, M("a heading (never ends a page), instead of text"),
                     "หมวดทั่วไป"),
    "number": Field(Either((SCHEME, Literal("none"), Literal(False))),
                    M("the numbering scheme of this clause, written as item 1's number; prakat counts "
                      "(\"none\" or false: no number)"), "ข้อ ๑"),
    "numbering": Field(Either((SCHEME, Literal("none"))),
                       M("the numbering scheme of its items, one level down"),
                       "(๑)"),
    "start": Field(int, M("start counting at this number (0 to 100000)"), 10),
    "restart": Field(bool, M("start counting again at 1"), True, default=False),
    "id": Field(str, M("the block's id, for {{ref:id}} (a numbered block) and for [[edit]] in a later edition "
                       "(latin letters, digits, - or _)"), "kho-3", pattern=ID.pattern),
    "quote": Field(NODES, M("quoted text or clauses, between quotation marks (an amendment's text)"),
                   "ให้ผู้อำนวยการเป็นผู้รับผิดชอบ"),
    "paragraphs": Field(TEXTS, M("the clause's paragraphs before its items"),
                        ["ทั้งนี้ ให้ดำเนินการตามลำดับ"]),
    "items": Field(NODES, M("the items one level down: texts, or [[body.items]] tables with the same keys"),
                   ["จัดทำรายงานตามแบบที่กำหนด", "ตรวจสอบข้อมูลให้ครบถ้วน"]),
    "after": Field(TEXTS, M("the clause's paragraphs after its items"),
                   ["ให้เลขาธิการเป็นกรรมการและเลขานุการ"]),
    "table": Field(TABLE, M("a table in this block, [body.table]"),
                   {"columns": ["หน่วยงาน", "จำนวน"], "rows": [["กองแผนงาน", 8]]}),
})
#: Top-level blocks, as written ([[body]] tables, or texts).
BLOCKS = ListOf(Either((str, NODE)), min_items=1)
SIGNER = Spec("signoff-signer", M("a signer"), {
    "name": Field(str, M("the signer's name, without parentheses (none: the position alone)"),
                  "นายทดสอบ ระบบดี"),
    "position": Field(TEXTS, M("the position, one line or more"),
                      ["รองอธิบดีกรมทดสอบระบบเอกสาร", "รักษาราชการแทน"], required=True),
    "acting": Field(TEXTS, M("the acting line(s)"), "ปฏิบัติราชการแทนอธิบดี"),
    "signature_image": Field(str, M("a signature image (PNG) beside the content file"), "signature.png"),
})
SIGNOFF = Spec("signoff", M("the sign-off: closing, date and signers"), {
    "closing": Field(str, M("the closing words before the date (optional)"),
                     "จึงประกาศให้ทราบโดยทั่วกัน"),
    "era": Field(str, M("the era word of the date line (default พ.ศ.)"),
                 "พุทธศักราช", default="พ.ศ.", choices=ERAS),
    "signer": Field(ListOf(SIGNER, min_items=1), M("the signers, [[signoff.signer]], one or more, top to bottom"),
                    [{"name": "นายทดสอบ ระบบดี", "position": "อธิบดีกรมทดสอบระบบเอกสาร"}], required=True),
})
DOCUMENT = Spec("document", M("the document's head"), {
    "issuer_id": Field(str, M("the issuer's folder name: lower-case latin letters, digits and hyphens "
                              "(output/<issuer_id>/)"),
                       "moph", required=True, pattern=SLUG.pattern),
    "edition": Field(str, M("the edition id: lower-case latin letters, digits and hyphens "
                            "(output/<issuer_id>/<edition>/); each file's own, never inherited"),
                     "2567-poe-no3", required=True, pattern=SLUG.pattern),
    "issuer": Field(str, M("the issuer: the title is the kind then the issuer"), "กระทรวงสาธารณสุข", required=True),
    "subject": Field(str, M("the subject (after เรื่อง)"), "การแต่งตั้งคณะกรรมการ", required=True),
    "date": Field(dt.date, M("the signing date, Christian-era year-month-day, without quotes "
                             "(printed in the Buddhist era)"),
                  "2024-03-15", required=True),
    "number": Field(str, M("the number (the ที่ … line): a คำสั่ง needs it, a ประกาศ has none"), "16/2560"),
    "amendment": Field(int, M("the amendment number (2 or more), after the subject"), 2),
    "title_year": Field(int, M("the Buddhist-era year after the title"), 2561),
    "title": Field(str, M("\"lines\": title, ที่ and เรื่อง on lines of their own, or \"one-line\""), "one-line",
                   default="lines", choices=TITLE_LAYOUTS),
    "digits": Field(str, M("Thai or Arabic digits (default: the profile's)"), "arabic", choices=thai.DIGIT_SYSTEMS),
    "profile": Field(str, M("the format profile: a name under templates/profiles/, "
                            "or a .toml file beside the content"),
                     "official", default="official", choices=profiles.names, pattern=r".+\.toml"),
    "emblem": Field(str, M("the emblem file (PNG or JPEG) beside the content file"), "emblem.png"),
    "fiscal_year": Field(int, M("the fiscal year, Buddhist era (only for documents that use {{fiscal_year}})"),
                         2567),
})
ANNEX = Spec("annex", M("an annex (บัญชีแนบท้าย, แบบ, …), on a new page after the sign-off"), {
    "title": Field(str, M("the annex's title"), "บัญชีแนบท้ายคำสั่ง"),
    "body": Field(BLOCKS, M("the annex's blocks, [[annex.body]], written like [[body]]"),
                  [{"text": "รายการแนบท้าย"}], required=True),
})
TOP = Spec("format-2", M("content format 2: any ประกาศ or คำสั่ง"), {
    "format": Field(int, M("the content format"), 2, required=True),
    "kind": Field(str, M("the document kind (default ประกาศ)"), "คำสั่ง",
                  default="ประกาศ", choices=kind_names),
    "document": Field(DOCUMENT, DOCUMENT.description, required=True, default={}),
    "signoff": Field(SIGNOFF, SIGNOFF.description, required=True, default={}),
    "values": VALUES,
    "phrases": PHRASES,
    "body": Field(BLOCKS, M("the body, [[body]] blocks in reading order: paragraphs, headings, clauses, "
                            "lists or tables"),
                  [{"number": "ข้อ ๑", "text": "คำสั่งนี้ให้ใช้บังคับตั้งแต่วันที่ลงนามเป็นต้นไป"}], required=True),
    "annex": Field(ListOf(ANNEX), M("annexes, [[annex]]"),
                   [{"title": "บัญชีแนบท้าย", "body": [{"text": "รายการแนบท้าย"}]}]),
})
TOP_KEYS = TOP.keys
DOCUMENT_KEYS = DOCUMENT.keys
SIGNOFF_KEYS = SIGNOFF.keys
SIGNER_KEYS = SIGNER.keys
NODE_KEYS = NODE.keys
TABLE_KEYS = TABLE.keys
COLUMN_KEYS = COLUMN.keys
ANNEX_KEYS = ANNEX.keys


class _Tree:
    """Builds the body's nodes, numbering each list of siblings as it goes."""

    def __init__(self, check, letters: str):
        self.check = check
        self.letters = letters
        self.ids: dict[str, tuple] = {}
        self.count = 0
        self.texts: list[tuple[tuple, str]] = []

    def nodes(self, data: Any, path: tuple, depth: int, inherited: str | None = None,
              strings_allowed: bool = False) -> tuple[Node, ...]:
        check = self.check
        if depth > MAX_DEPTH:
            check.problem(path, M("nested more than {levels} levels deep", levels=MAX_DEPTH))
            return ()
        if isinstance(data, (str, dict)):
            data = [data]
        if not isinstance(data, list):
            check.wrong_type(data, path, list)
            return ()
        out: list[Node] = []
        counters: dict[str, int] = {}
        for i, entry in enumerate(data):
            where = path + (i,)
            self.count += 1
            if self.count > MAX_NODES:
                check.problem(where, M("more than {count} blocks", count=f"{MAX_NODES:,}"))
                return tuple(out)
            if isinstance(entry, str):
                if not strings_allowed and inherited is None:
                    pass
                entry = {"text": entry}
                string = True
            else:
                string = False
            if not isinstance(entry, dict):
                check.wrong_type(entry, where, dict)
                continue
            node = self.node(entry, where, depth, inherited, counters, string)
            if node is not None:
                out.append(node)
        return tuple(out)

    def node(self, entry: dict, where: tuple, depth: int, inherited: str | None,
             counters: dict[str, int], string: bool) -> Node | None:
        check = self.check
        check.table(entry, where, NODE_KEYS)
        text_where = where if string else where + ("text",)
        text = self.text(entry, "text", where, text_where)
        heading = self.text(entry, "heading", where, where + ("heading",))
        scheme = inherited
        if "number" in entry:
            raw = entry["number"]
            if raw is False or raw == "none":
                scheme = None
            elif isinstance(raw, str) and thai.scheme(raw):
                scheme = thai.scheme(raw)
            else:
                self._bad_scheme(where + ("number",), raw)
                scheme = None
        number = None
        if scheme is not None:
            start = NODE.get(check, entry, "start", where)
            restart = NODE.get(check, entry, "restart", where)
            if start is not None and not 0 <= start <= 100_000:
                check.problem(where + ("start",), M("start must be between 0 and 100000"))
                start = 1
            if start is not None:
                number = start
            elif restart:
                number = 1
            else:
                number = counters.get(scheme, 0) + 1
            counters[scheme] = number
            if "{a}" in thai.SCHEMES[scheme] and not 1 <= number <= len(self.letters):
                check.problem(where, M("Thai-letter numbering has only {letters} letters (item {number})",
                                       letters=len(self.letters), number=number))
                number = 1
        else:
            for key in ("start", "restart"):
                if key in entry:
                    check.problem(where + (key,), M('"{key}" only applies to a numbered block (give "number")',
                                                    key=key))
        ident = NODE.get(check, entry, "id", where)
        if ident is not None:
            if not ID.fullmatch(ident):
                check.problem(where + ("id",), M('an id is latin letters, digits, - or _, e.g. "kho-3"'))
            elif ident in self.ids:
                check.problem(where + ("id",), M('the id "{ident}" is used twice', ident=ident))
            else:
                # An unnumbered block's id names it for [[edit]]; {ref:id}
                # needs a number to print (checked with the references).
                self.ids[ident] = (scheme, number)
        items_scheme = None
        if "numbering" in entry:
            raw = entry["numbering"]
            if isinstance(raw, str) and (raw == "none" or thai.scheme(raw)):
                items_scheme = thai.scheme(raw) if raw != "none" else None
            else:
                self._bad_scheme(where + ("numbering",), raw)
        quote: tuple[Node, ...] = ()
        if "quote" in entry:
            quote = self.nodes(entry["quote"], where + ("quote",), depth + 1, None, True)
        paragraphs = self.strings(entry, "paragraphs", where)
        items: tuple[Node, ...] = ()
        if "items" in entry:
            items = self.nodes(entry["items"], where + ("items",), depth + 1, items_scheme, True)
        after = self.strings(entry, "after", where)
        table = self.table(entry["table"], where + ("table",)) if "table" in entry else None
        if text is not None and heading is not None:
            check.problem(where, M('give either "text" or "heading", not both'))
        if not any((text, heading, quote, paragraphs, items, after, table)):
            check.problem(where, M('empty: a block needs "text", "heading", "items", "quote" or "table"'))
            return None
        if scheme is not None and text is None and heading is None:
            check.problem(where, M('a numbered block needs "text" or "heading"'))
        return Node(text=text, heading=heading, scheme=scheme, number=number, id=ident,
                    quote=quote, paragraphs=paragraphs, items=items, after=after, table=table)

    def _bad_scheme(self, where: tuple, raw: Any) -> None:
        known = ", ".join(f'"{s}"' for s in thai.SCHEMES)
        self.check.problem(where, M('unknown numbering {raw} (known: {known} or "none")',
                                    raw=repr(raw), known=known))

    def text(self, entry: dict, key: str, where: tuple, text_where: tuple) -> str | None:
        value = NODE.get(self.check, entry, key, where)
        if value is not None:
            self.texts.append((text_where, value))
        return value

    def strings(self, entry: dict, key: str, where: tuple) -> tuple[str, ...]:
        values = NODE.texts(self.check, entry, key, where)
        self.texts.extend((where + (key, i), t) for i, t in enumerate(values))
        return values

    def table(self, data: Any, where: tuple) -> Table | None:
        check = self.check
        data = check.table(data, where, TABLE_KEYS)
        if not data:
            return None
        raw_columns = data.get("columns")
        columns: list[Column] = []
        if not isinstance(raw_columns, list) or not raw_columns:
            check.problem(where + ("columns",), M('a table needs "columns", at least one'))
            return None
        for i, col in enumerate(raw_columns):
            at = where + ("columns", i)
            if isinstance(col, str):
                col = {"title": col}
            col = check.table(col, at, COLUMN_KEYS)
            title = COLUMN.get(check, col, "title", at)
            width = COLUMN.get(check, col, "width", at)
            align = COLUMN.get(check, col, "align", at)
            if width is not None and not 0 < width <= 1000:
                check.problem(at + ("width",), M("the width must be above 0"))
                width = 1.0
            if align not in ALIGNS:
                check.problem(at + ("align",), M("must be one of {choices}", choices=", ".join(ALIGNS)))
                align = "left"
            if title is not None:
                self.texts.append((at + ("title",), title))
                columns.append(Column(title, float(width), align))
        numbered = TABLE.get(check, data, "numbered", where)
        start = TABLE.get(check, data, "start", where)
        if not numbered and "start" in data:
            check.problem(where + ("start",), M('"start" only applies to a table with numbered = true'))
        caption = TABLE.get(check, data, "caption", where)
        if caption:
            self.texts.append((where + ("caption",), caption))
        rows = []
        raw_rows = data.get("rows")
        if not isinstance(raw_rows, list) or not raw_rows:
            check.problem(where + ("rows",), M('a table needs "rows", at least one'))
            return None
        width = len(raw_columns) - (1 if numbered else 0)
        for r, row in enumerate(raw_rows):
            at = where + ("rows", r)
            if not isinstance(row, list):
                check.wrong_type(row, at, list)
                continue
            if len(row) != width:
                if numbered:
                    check.problem(at, M("this row has {cells} cells but the table has {columns} columns "
                                        "(not counting the generated number column)",
                                        cells=len(row), columns=width))
                else:
                    check.problem(at, M("this row has {cells} cells but the table has {columns} columns",
                                        cells=len(row), columns=width))
                continue
            cells = []
            for c, cell in enumerate(row):
                if isinstance(cell, (int, float)) and not isinstance(cell, bool):
                    # As written: 0.40 stays 0.40 (printed ๐.๔๐).
                    text = check.number_text(at + (c,), cell)
                    printed, wrong = printed_number(text, cell) if text is not None else (None, None)
                    if wrong:
                        check.problem(at + (c,), wrong)
                    cell = printed or thai.number(cell, "arabic")
                if not isinstance(cell, str):
                    check.wrong_type(cell, at + (c,), str)
                    cell = ""
                self.texts.append((at + (c,), cell))
                cells.append(cell)
            rows.append(tuple(cells))
        if numbered and len(raw_columns) < 2:
            check.problem(where + ("columns",), M("a numbered table needs at least two columns"))
        return Table(tuple(columns), tuple(rows), bool(numbered), start if start is not None else 1, caption)


def _signers(check, data: Any) -> tuple[Signer, ...]:
    where = ("signoff", "signer")
    if data is None:
        check.problem(("signoff",), M("missing the signer: add [[signoff.signer]] with a position"))
        return ()
    entries = [data] if isinstance(data, dict) else data
    if not isinstance(entries, list) or not entries:
        check.wrong_type(data, where, list)
        return ()
    out = []
    for i, entry in enumerate(entries):
        at = where + (i,) if isinstance(data, list) else where
        entry = check.table(entry, at, SIGNER_KEYS)
        if not entry:
            continue
        name = SIGNER.get(check, entry, "name", at)
        positions = SIGNER.texts(check, entry, "position", at)
        acting = SIGNER.texts(check, entry, "acting", at)
        if not positions:
            check.problem(at, M('a signer needs a "position", at least one line'))
            continue
        if name is not None and name.strip().startswith("(") and name.strip().endswith(")"):
            check.problem(at + ("name",), M("do not put parentheses around the name: prakat adds them"))
        out.append(Signer(name, positions, acting, signature_image=signer_image(check, entry, at)))
    return tuple(out)


def signer_image(check, entry: dict, at: tuple) -> Path | None:
    """The signer's ``signature_image`` (a PNG beside the content), or None;
    a problem goes to ``check``."""
    from generator.content.files import BadImage, UnsafePath, signature_image

    name = check.get(entry, "signature_image", at, str, required=False)
    if name is None:
        return None
    try:
        return signature_image(name, Path(check.path).parent)
    except (UnsafePath, BadImage) as error:
        check.problem(at + ("signature_image",), M("signature image: {problem}", problem=error.message))
        return None


def validate(check, data: dict, *, shown, era_split: int,
             check_references, emblem, profile_choice, template_folder: Path) -> Announcement | None:
    """Validate format-2 ``data``; problems go to ``check`` (a content checker)."""
    check.table(data, (), TOP_KEYS + ("extends", "issued"))
    known_kinds = kinds_module.load(template_folder)
    kind_name = TOP.get(check, data, "kind", ())
    kind = known_kinds.get(kind_name) if kind_name else None
    if kind_name is not None and kind is None:
        names = ", ".join(f'"{k}"' for k in known_kinds)
        check.problem(("kind",), M("unknown document kind {kind} (known: {names})",
                                   kind=shown(kind_name), names=names))
    head = check.table(TOP.get(check, data, "document", ()), ("document",), DOCUMENT_KEYS)
    at = ("document",)
    issuer_id = DOCUMENT.get(check, head, "issuer_id", at)
    edition = DOCUMENT.get(check, head, "edition", at)
    for key, value in (("issuer_id", issuer_id), ("edition", edition)):
        if value is not None and (not SLUG.fullmatch(value) or len(value) > 80):
            check.problem(at + (key,), M('expected lower-case latin letters, digits and hyphens like "moph" '
                                         'or "2567-poe-no3", found {value}', value=shown(value)))
    issuer = DOCUMENT.get(check, head, "issuer", at)
    subject = DOCUMENT.get(check, head, "subject", at)
    date = DOCUMENT.get(check, head, "date", at)
    if date is not None and (problem := date_problem(date)):
        check.problem(at + ("date",), problem)
    number = DOCUMENT.get(check, head, "number", at)
    if kind is not None:
        if kind.number == "required" and number is None and "number" not in head:
            check.problem(at, M('a {kind} needs its number, e.g. number = "16/2560" (printed ที่ ๑๖/๒๕๖๐)',
                                kind=kind.title))
        if kind.number == "forbidden" and number is not None:
            check.problem(at + ("number",), M("a {kind} has no number line (ที่ …): remove this field",
                                              kind=kind.title))
    amendment = DOCUMENT.get(check, head, "amendment", at)
    if amendment is not None and not 2 <= amendment <= 999:
        check.problem(at + ("amendment",), M("the amendment number must be 2 or more"))
    title_year = DOCUMENT.get(check, head, "title_year", at)
    fiscal_year = DOCUMENT.get(check, head, "fiscal_year", at)
    for key, year in (("title_year", title_year), ("fiscal_year", fiscal_year)):
        if year is not None and year < era_split:
            check.problem(at + (key,), M("write the year in the Buddhist era (e.g. {buddhist}); {year} looks "
                                         "Christian-era", buddhist=year + 543, year=year))
        elif year is not None and year > 2999:
            check.problem(at + (key,), M("expected a four-digit Buddhist-era year like 2567, found {year}",
                                         year=year))
    title_layout = DOCUMENT.get(check, head, "title", at)
    if title_layout not in TITLE_LAYOUTS:
        check.problem(at + ("title",), M('must be "lines" (title and subject on their own lines) or "one-line"'))
    digits = DOCUMENT.get(check, head, "digits", at)
    if digits is not None and digits not in thai.DIGIT_SYSTEMS:
        check.problem(at + ("digits",), M('must be "thai" or "arabic"'))
        digits = None
    profile, profile_path = profile_choice(head, at)
    emblem_path = emblem(head, at)

    signoff = check.table(TOP.get(check, data, "signoff", ()), ("signoff",), SIGNOFF_KEYS)
    closing = SIGNOFF.get(check, signoff, "closing", ("signoff",))
    era = SIGNOFF.get(check, signoff, "era", ("signoff",))
    if era not in ERAS:
        check.problem(("signoff", "era"), M('must be "พ.ศ." or "พุทธศักราช"'))
        era = "พ.ศ."
    signers = _signers(check, signoff.get("signer")) if "signoff" in data else ()
    if "signoff" not in data:
        check.problem((), M("missing the [signoff] table (the signer)"))

    values = check_references.values(data.get("values", {}))
    phrases = check_references.phrases(data.get("phrases", {}))
    tree = _Tree(check, thai.THAI_LETTERS)
    body: tuple[Node, ...] = ()
    if "body" not in data:
        check.problem((), M("missing the body: at least one [[body]] block is needed"))
    else:
        body = tree.nodes(data["body"], ("body",), 1)
        if not body and isinstance(data["body"], list) and not data["body"]:
            check.problem(("body",), M("expected at least one [[body]] block"))
    annexes = []
    raw_annexes = data.get("annex", [])
    if isinstance(raw_annexes, dict):
        raw_annexes = [raw_annexes]
    if not isinstance(raw_annexes, list):
        check.wrong_type(raw_annexes, ("annex",), list)
        raw_annexes = []
    for i, raw in enumerate(raw_annexes):
        at_annex = ("annex", i)
        raw = check.table(raw, at_annex, ANNEX_KEYS)
        if not raw:
            continue
        title = ANNEX.get(check, raw, "title", at_annex)
        if title:
            tree.texts.append((at_annex + ("title",), title))
        if "body" not in raw:
            check.problem(at_annex, M("an annex needs [[annex.body]], at least one block"))
            continue
        annexes.append(Annex(title, tree.nodes(raw["body"], at_annex + ("body",), 1)))

    builtins = {"issuer": issuer, "date": date}
    if fiscal_year is not None:
        builtins["fiscal_year"] = fiscal_year
    texts = [(at + ("subject",), subject or ""), (at + ("issuer",), issuer or "")]
    if closing:
        texts.append((("signoff", "closing"), closing))
    for i, signer in enumerate(signers):
        for line in (signer.name or "", *signer.positions, *signer.acting):
            texts.append((("signoff", "signer", i), line))
    texts += [(("phrases", k), v) for k, v in phrases.items()]
    texts += tree.texts
    check_references.check(texts, set(builtins), tree.ids, reserved=("ref", "blank"))
    if check.problems:
        return None
    check_references.warnings(date, fiscal_year, edition, at)
    first = signers[0] if signers else Signer(None, ("",))
    return Announcement(
        source=check.path, province=issuer_id, edition=edition, issuer=issuer, subject=subject,
        date=date, closing=closing, signer=first, body=body, profile=profile, emblem=emblem_path,
        values={**{k: v for k, v in builtins.items() if k != "issuer"}, **values},
        phrases={"issuer": issuer, **phrases}, format=2, kind=kind.name, number=number,
        amendment=amendment, title_year=title_year, title_lines=title_layout, signers=signers,
        date_era=era, digits=digits, annexes=tuple(annexes), profile_path=profile_path)


def refs(document: Announcement) -> dict[str, tuple[str, int]]:
    """id → (scheme, number) of every numbered node with an id."""
    return {node.id: (node.scheme, node.number) for node in document.nodes()
            if node.id is not None and node.scheme is not None}


def closest(name: str, names) -> str | None:
    found = difflib.get_close_matches(name, sorted(names), n=1, cutoff=0.6)
    return found[0] if found else None
