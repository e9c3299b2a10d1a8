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

from generator.content.reader import printed_number
from generator.document import kinds as kinds_module
from generator import thai
from generator.document.model import Annex, Announcement, Column, Node, Signer, Table

TOP_KEYS = ("format", "kind", "document", "signoff", "values", "phrases", "body", "annex")
DOCUMENT_KEYS = ("issuer_id", "edition", "issuer", "subject", "date", "number", "amendment",
                 "title_year", "title", "digits", "profile", "emblem", "fiscal_year")
SIGNOFF_KEYS = ("closing", "era", "signer")
SIGNER_KEYS = ("name", "position", "acting", "signature_image")
NODE_KEYS = ("text", "heading", "number", "numbering", "start", "restart", "id", "quote",
             "paragraphs", "items", "after", "table")
TABLE_KEYS = ("columns", "rows", "numbered", "start", "caption")
COLUMN_KEYS = ("title", "width", "align")
ANNEX_KEYS = ("title", "body")
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
            check.problem(path, f"ซ้อนกันลึกเกิน {MAX_DEPTH} ชั้น", f"nested more than {MAX_DEPTH} levels deep")
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
                check.problem(where, f"มีข้อและย่อหน้ามากเกิน {MAX_NODES:,}", f"more than {MAX_NODES:,} blocks")
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
            start = check.get(entry, "start", where, int, required=False)
            restart = check.get(entry, "restart", where, bool, required=False, default=False)
            if start is not None and not 0 <= start <= 100_000:
                check.problem(where + ("start",), "เลขเริ่มต้องอยู่ระหว่าง 0 ถึง 100000",
                              "start must be between 0 and 100000")
                start = 1
            if start is not None:
                number = start
            elif restart:
                number = 1
            else:
                number = counters.get(scheme, 0) + 1
            counters[scheme] = number
            if "{a}" in thai.SCHEMES[scheme] and not 1 <= number <= len(self.letters):
                check.problem(where, f"ลำดับด้วยตัวอักษรไทยได้ไม่เกิน {len(self.letters)} ข้อ (ข้อที่ {number})",
                              f"Thai-letter numbering has only {len(self.letters)} letters (item {number})")
                number = 1
        else:
            for key in ("start", "restart"):
                if key in entry:
                    check.problem(where + (key,), f'"{key}" ใช้ได้กับข้อที่มีเลขลำดับเท่านั้น (ใส่ "number")',
                                  f'"{key}" only applies to a numbered block (give "number")')
        ident = check.get(entry, "id", where, str, required=False)
        if ident is not None:
            if not ID.fullmatch(ident):
                check.problem(where + ("id",), "id ต้องเป็นตัวอักษรละติน ตัวเลข - หรือ _ เช่น \"kho-3\"",
                              'an id is latin letters, digits, - or _, e.g. "kho-3"')
            elif ident in self.ids:
                check.problem(where + ("id",), f'id "{ident}" ซ้ำกับที่อื่น', f'the id "{ident}" is used twice')
            elif scheme is None:
                check.problem(where + ("id",), "อ้างถึงได้เฉพาะข้อที่มีเลขลำดับ (ใส่ \"number\")",
                              'only a numbered block can be referred to (give "number")')
            else:
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
            check.problem(where, 'ใส่ได้อย่างใดอย่างหนึ่ง: "text" หรือ "heading"',
                          'give either "text" or "heading", not both')
        if not any((text, heading, quote, paragraphs, items, after, table)):
            check.problem(where, 'ว่างเปล่า: ต้องมี "text", "heading", "items", "quote" หรือ "table"',
                          'empty: a block needs "text", "heading", "items", "quote" or "table"')
            return None
        if scheme is not None and text is None and heading is None:
            check.problem(where, 'ข้อที่มีเลขลำดับต้องมี "text" หรือ "heading"',
                          'a numbered block needs "text" or "heading"')
        return Node(text=text, heading=heading, scheme=scheme, number=number, id=ident,
                    quote=quote, paragraphs=paragraphs, items=items, after=after, table=table)

    def _bad_scheme(self, where: tuple, raw: Any) -> None:
        known = ", ".join(f'"{s}"' for s in thai.SCHEMES)
        self.check.problem(where, f"ไม่รู้จักแบบเลขลำดับ {raw!r} (ที่ใช้ได้: {known} หรือ \"none\")",
                           f"unknown numbering {raw!r} (known: {known} or \"none\")")

    def text(self, entry: dict, key: str, where: tuple, text_where: tuple) -> str | None:
        value = self.check.get(entry, key, where, str, required=False)
        if value is not None:
            self.texts.append((text_where, value))
        return value

    def strings(self, entry: dict, key: str, where: tuple) -> tuple[str, ...]:
        values = self.check.text_list(entry, key, where)
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
            check.problem(where + ("columns",), 'ตารางต้องมี "columns" อย่างน้อยหนึ่งคอลัมน์',
                          'a table needs "columns", at least one')
            return None
        for i, col in enumerate(raw_columns):
            at = where + ("columns", i)
            if isinstance(col, str):
                col = {"title": col}
            col = check.table(col, at, COLUMN_KEYS)
            title = check.get(col, "title", at, str)
            width = check.get(col, "width", at, (int, float), required=False, default=1.0)
            align = check.get(col, "align", at, str, required=False, default="left")
            if width is not None and not 0 < width <= 1000:
                check.problem(at + ("width",), "ความกว้างต้องมากกว่า 0", "the width must be above 0")
                width = 1.0
            if align not in ALIGNS:
                check.problem(at + ("align",), f"ต้องเป็น {', '.join(ALIGNS)}", f"must be one of {', '.join(ALIGNS)}")
                align = "left"
            if title is not None:
                self.texts.append((at + ("title",), title))
                columns.append(Column(title, float(width), align))
        numbered = check.get(data, "numbered", where, bool, required=False, default=False)
        start = check.get(data, "start", where, int, required=False, default=1)
        if not numbered and "start" in data:
            check.problem(where + ("start",), '"start" ใช้กับตารางที่ numbered = true เท่านั้น',
                          '"start" only applies to a table with numbered = true')
        caption = check.get(data, "caption", where, str, required=False)
        if caption:
            self.texts.append((where + ("caption",), caption))
        rows = []
        raw_rows = data.get("rows")
        if not isinstance(raw_rows, list) or not raw_rows:
            check.problem(where + ("rows",), 'ตารางต้องมี "rows" อย่างน้อยหนึ่งแถว', 'a table needs "rows", at least one')
            return None
        width = len(raw_columns) - (1 if numbered else 0)
        for r, row in enumerate(raw_rows):
            at = where + ("rows", r)
            if not isinstance(row, list):
                check.wrong_type(row, at, list)
                continue
            if len(row) != width:
                check.problem(at, f"แถวนี้มี {len(row)} ช่อง แต่ตารางมี {width} คอลัมน์"
                              + (" (ไม่นับคอลัมน์ลำดับที่โปรแกรมใส่ให้)" if numbered else ""),
                              f"this row has {len(row)} cells but the table has {width} columns"
                              + (" (not counting the generated number column)" if numbered else ""))
                continue
            cells = []
            for c, cell in enumerate(row):
                if isinstance(cell, (int, float)) and not isinstance(cell, bool):
                    # As written: 0.40 stays 0.40 (printed ๐.๔๐).
                    text = check.number_text(at + (c,), cell)
                    printed, wrong = printed_number(text, cell) if text is not None else (None, None)
                    if wrong:
                        check.problem(at + (c,), *wrong)
                    cell = printed or thai.number(cell, "arabic")
                if not isinstance(cell, str):
                    check.wrong_type(cell, at + (c,), str)
                    cell = ""
                self.texts.append((at + (c,), cell))
                cells.append(cell)
            rows.append(tuple(cells))
        if numbered and len(raw_columns) < 2:
            check.problem(where + ("columns",), "ตารางที่มีเลขลำดับต้องมีอย่างน้อยสองคอลัมน์",
                          "a numbered table needs at least two columns")
        return Table(tuple(columns), tuple(rows), bool(numbered), start if start is not None else 1, caption)


def _signers(check, data: Any) -> tuple[Signer, ...]:
    where = ("signoff", "signer")
    if data is None:
        check.problem(("signoff",), 'ขาดผู้ลงนาม: ใส่ [[signoff.signer]] ที่มี position',
                      "missing the signer: add [[signoff.signer]] with a position")
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
        name = check.get(entry, "name", at, str, required=False)
        positions = check.text_list(entry, "position", at)
        acting = check.text_list(entry, "acting", at)
        if not positions:
            check.problem(at, 'ผู้ลงนามต้องมี "position" (ตำแหน่ง) อย่างน้อยหนึ่งบรรทัด',
                          'a signer needs a "position", at least one line')
            continue
        if name is not None and name.strip().startswith("(") and name.strip().endswith(")"):
            check.problem(at + ("name",), "ไม่ต้องใส่วงเล็บรอบชื่อ โปรแกรมใส่ให้",
                          "do not put parentheses around the name: prakat adds them")
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
        check.problem(at + ("signature_image",), f"ภาพลายมือชื่อ: {error.thai}",
                      f"signature image: {error.english}")
        return None


def validate(check, data: dict, *, shown, era_split: int, date_years: tuple[int, int],
             check_references, emblem, profile_choice, template_folder: Path) -> Announcement | None:
    """Validate format-2 ``data``; problems go to ``check`` (a content checker)."""
    check.table(data, (), TOP_KEYS + ("extends", "issued"))
    known_kinds = kinds_module.load(template_folder)
    kind_name = check.get(data, "kind", (), str, required=False, default="ประกาศ")
    kind = known_kinds.get(kind_name) if kind_name else None
    if kind_name is not None and kind is None:
        names = ", ".join(f'"{k}"' for k in known_kinds)
        check.problem(("kind",), f"ไม่รู้จักชนิดเอกสาร {shown(kind_name)} (ที่มี: {names})",
                      f"unknown document kind {shown(kind_name)} (known: {names})")
    head = check.table(check.get(data, "document", (), dict, default={}), ("document",), DOCUMENT_KEYS)
    at = ("document",)
    slug = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
    issuer_id = check.get(head, "issuer_id", at, str)
    edition = check.get(head, "edition", at, str)
    for key, value in (("issuer_id", issuer_id), ("edition", edition)):
        if value is not None and (not slug.fullmatch(value) or len(value) > 80):
            check.problem(at + (key,),
                          f'ต้องเป็นชื่อโฟลเดอร์ภาษาอังกฤษตัวเล็ก ตัวเลข และขีด เช่น "moph" หรือ "2567-poe-no3" แต่พบ {shown(value)}',
                          f'expected lower-case latin letters, digits and hyphens like "moph" or "2567-poe-no3", found {shown(value)}')
    issuer = check.get(head, "issuer", at, str)
    subject = check.get(head, "subject", at, str)
    date = check.get(head, "date", at, dt.date)
    if date is not None and date.year > era_split:
        check.problem(at + ("date",),
                      f"วันที่ให้เขียนเป็นปี ค.ศ. (ปี พ.ศ. ลบ 543 เช่น {date.year - 543}-{date.month:02d}-{date.day:02d}) แต่พบปี {date.year}",
                      f"write dates in the Christian era (Buddhist year minus 543, e.g. {date.year - 543}-{date.month:02d}-{date.day:02d}); found year {date.year}")
    elif date is not None and not date_years[0] <= date.year <= date_years[1]:
        check.problem(at + ("date",),
                      f"ปี ค.ศ. {date.year} อยู่นอกช่วงที่ใช้ได้ ({date_years[0]} ถึง {date_years[1]}) ตรวจปีของวันที่",
                      f"the year {date.year} is outside {date_years[0]} to {date_years[1]}: check the date's year")
    number = check.get(head, "number", at, str, required=False)
    if kind is not None:
        if kind.number == "required" and number is None and "number" not in head:
            check.problem(at, f'{kind.title}ต้องมีเลขที่ เช่น number = "16/2560" (พิมพ์เป็น ที่ ๑๖/๒๕๖๐)',
                          f'a {kind.title} needs its number, e.g. number = "16/2560" (printed ที่ ๑๖/๒๕๖๐)')
        if kind.number == "forbidden" and number is not None:
            check.problem(at + ("number",), f"{kind.title}ไม่มีบรรทัดเลขที่ (ที่ …) ให้ลบช่องนี้",
                          f"a {kind.title} has no number line (ที่ …): remove this field")
    amendment = check.get(head, "amendment", at, int, required=False)
    if amendment is not None and not 2 <= amendment <= 999:
        check.problem(at + ("amendment",), "ฉบับที่ต้องเป็นเลข 2 ขึ้นไป", "the amendment number must be 2 or more")
    title_year = check.get(head, "title_year", at, int, required=False)
    fiscal_year = check.get(head, "fiscal_year", at, int, required=False)
    for key, year in (("title_year", title_year), ("fiscal_year", fiscal_year)):
        if year is not None and year < era_split:
            check.problem(at + (key,), f"ปีให้เขียนเป็นปี พ.ศ. (เช่น {year + 543}) แต่พบ {year} ซึ่งดูเหมือนปี ค.ศ.",
                          f"write the year in the Buddhist era (e.g. {year + 543}); {year} looks Christian-era")
        elif year is not None and year > 2999:
            check.problem(at + (key,), f"ปีต้องเป็นปี พ.ศ. สี่หลัก เช่น 2567 แต่พบ {year}",
                          f"expected a four-digit Buddhist-era year like 2567, found {year}")
    title_layout = check.get(head, "title", at, str, required=False, default="lines")
    if title_layout not in TITLE_LAYOUTS:
        check.problem(at + ("title",), 'ต้องเป็น "lines" (ชื่อและเรื่องแยกบรรทัด) หรือ "one-line" (บรรทัดเดียว)',
                      'must be "lines" (title and subject on their own lines) or "one-line"')
    digits = check.get(head, "digits", at, str, required=False)
    if digits is not None and digits not in thai.DIGIT_SYSTEMS:
        check.problem(at + ("digits",), 'ต้องเป็น "thai" (เลขไทย) หรือ "arabic" (เลขอารบิก)',
                      'must be "thai" or "arabic"')
        digits = None
    profile, profile_path = profile_choice(head, at)
    emblem_path = emblem(head, at)

    signoff = check.table(check.get(data, "signoff", (), dict, default={}), ("signoff",), SIGNOFF_KEYS)
    closing = check.get(signoff, "closing", ("signoff",), str, required=False)
    era = check.get(signoff, "era", ("signoff",), str, required=False, default="พ.ศ.")
    if era not in ERAS:
        check.problem(("signoff", "era"), 'ต้องเป็น "พ.ศ." หรือ "พุทธศักราช"', 'must be "พ.ศ." or "พุทธศักราช"')
        era = "พ.ศ."
    signers = _signers(check, signoff.get("signer")) if "signoff" in data else ()
    if "signoff" not in data:
        check.problem((), "ขาดส่วนลงนาม [signoff] (ผู้ลงนามและตำแหน่ง)", "missing the [signoff] table (the signer)")

    values = check_references.values(data.get("values", {}))
    phrases = check_references.phrases(data.get("phrases", {}))
    tree = _Tree(check, thai.THAI_LETTERS)
    body: tuple[Node, ...] = ()
    if "body" not in data:
        check.problem((), "ขาดเนื้อความ: ต้องมี [[body]] อย่างน้อยหนึ่งย่อหน้า",
                      "missing the body: at least one [[body]] block is needed")
    else:
        body = tree.nodes(data["body"], ("body",), 1)
        if not body and isinstance(data["body"], list) and not data["body"]:
            check.problem(("body",), "ต้องมี [[body]] อย่างน้อยหนึ่งย่อหน้า", "expected at least one [[body]] block")
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
        title = check.get(raw, "title", at_annex, str, required=False)
        if title:
            tree.texts.append((at_annex + ("title",), title))
        if "body" not in raw:
            check.problem(at_annex, "ภาคผนวกต้องมี [[annex.body]] อย่างน้อยหนึ่งย่อหน้า",
                          "an annex needs [[annex.body]], at least one block")
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
