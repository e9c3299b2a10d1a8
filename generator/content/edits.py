"""Change one clause, item, table row or sign-off field of the edition a file extends.

An edition that ``extends`` another states only what changed. Tables merge key
by key and ``[[body]]`` replaces the whole body (:mod:`.editions`); ``[[edit]]``
changes a single part, named by its ``id`` (format 2 only: format-1 blocks
have no ids)::

    [[edit]]
    replace = "kho-3"            # the clause's wording; its number, id and items stay
    text = "ข้อความใหม่"

    [[edit]]
    insert_after = "kho-3"       # or insert_before; numbered like kho-3 unless it says
    node = { text = "ข้อใหม่", id = "kho-3-1" }

    [[edit]]
    remove = "kho-5"

    [[edit]]
    replace = "kho-4"            # a row of the table in the block kho-4
    row = 2
    cells = ["กองแผนงาน", 9]

    [[edit]]
    replace = "signoff.signer[1].position"
    text = ["รองอธิบดี", "รักษาราชการแทน"]

The edits of a file apply, in order, to the content merged up to that file,
before validation: numbering and ``{ref:id}`` work on the result unchanged.
Each problem is located at the edit (file, line, field):
an unknown id (with the nearest one), the same part edited twice in one file,
removing a clause another text refers to with ``{ref:id}``.

Problems found later by the validator are located too: each part of the body
remembers the file and the field it was written as (:class:`Places`), so an
inserted clause's mistake points at its ``[[edit]]`` line, and a clause that
moved down one place still points at its line in the earlier edition.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Callable

from generator.content import format2, reader
from generator.content.fields import NODES, TEXTS, Either, Field, ListOf, Spec, copy_data, leaves
from generator.errors import Problem
from generator.messages import M, Message

#: What an edit may name: a block's id, or a part of the sign-off.
SIGNOFF_TARGET = re.compile(r"signoff\.(?:closing|signer(?:\[([0-9]{1,3})\])?(?:\.(name|position|acting))?)")
TARGET = re.compile(f"(?:{SIGNOFF_TARGET.pattern}|{format2.ID.pattern})")
OPERATIONS = ("replace", "insert_after", "insert_before", "remove")

#: What an edit may name, in words (the schema's descriptions).
_TARGET = M('a block\'s id (e.g. "kho-3") or a part of the sign-off '
            '("signoff.closing", "signoff.signer[2]", "signoff.signer[1].position")')

EDIT = Spec("edit", M("change one part of the earlier edition without copying the body (format 2)"), {
    "replace": Field(str, M("what to replace: {target}", target=_TARGET), "kho-3", pattern=TARGET.pattern),
    "insert_after": Field(str, M("insert node (or the row cells, or a signer) after the block with this id"),
                          "kho-3", pattern=TARGET.pattern),
    "insert_before": Field(str, M("insert node (or the row cells, or a signer) before the block with this id"),
                           "kho-1", pattern=TARGET.pattern),
    "remove": Field(str, M("what to remove: {target}", target=_TARGET), "kho-5", pattern=TARGET.pattern),
    "row": Field(int, M("which row of that block's table, from 1 (replace, insert or remove one row)"), 2),
    "text": Field(TEXTS, M("the new wording (replace): of a clause or heading, keeping its number, id and items, "
                           "or of a sign-off field (a position may have several lines)"), "ข้อความใหม่ของข้อนี้"),
    "node": Field(NODES, M("a whole block written as in [[body]] (replace: the whole block, keeping the old number "
                           "and id unless it gives its own; insert: one block or a list, numbered like its neighbour)"),
                  {"text": "ให้ผู้อำนวยการเป็นผู้รับผิดชอบ", "id": "kho-3-1"}),
    "cells": Field(ListOf(Either((str, (int, float)))), M("the cells of a table row (with row)"), ["กองแผนงาน", 9]),
    "signer": Field(format2.SIGNER, M("a whole signer (with signoff.signer[n])"),
                    {"name": "นายทดสอบ ระบบดี", "position": "อธิบดีกรมทดสอบระบบเอกสาร"}),
})
EDIT_KEYS = EDIT.keys
#: The keys each operation on a block, and on a table row, takes beside itself.
_NODE_KEYS = {"replace": ("text", "node"), "insert_after": ("node",), "insert_before": ("node",), "remove": ()}
_ROW_KEYS = {"replace": ("row", "cells"), "insert_after": ("row", "cells"), "insert_before": ("row", "cells"),
             "remove": ("row",)}


# --- where each part of the content was written ------------------------------------------

@dataclass
class Places:
    """Where each part of the merged content was written: the chain index of
    the file and the field path in it, for the parts that edits moved or wrote.

    Containers (tables and lists) are remembered by identity, with a
    reference kept so that identities stay unique; a text that an edit wrote
    into a block is remembered by its block and key."""

    objects: dict[int, tuple[Any, int, tuple, bool]] = field(default_factory=dict)
    keys: dict[tuple[int, str], tuple[Any, int, tuple]] = field(default_factory=dict)

    def __bool__(self) -> bool:
        return bool(self.objects)

    def mark(self, value: Any, index: int, path: tuple, string: bool = False) -> None:
        """Remember ``value`` and every container in it as written at ``path``
        of file ``index`` (``string``: a text block turned into a table)."""
        if not isinstance(value, (dict, list)) or id(value) in self.objects:
            return
        self.objects[id(value)] = (value, index, path, string)
        for key, sub in (value.items() if isinstance(value, dict) else enumerate(value)):
            self.mark(sub, index, path + (key,))

    def mark_key(self, table: dict, key: str, index: int, path: tuple) -> None:
        self.keys[(id(table), key)] = (table, index, path)

    def locate(self, data: dict, path: tuple) -> tuple[int, tuple] | None:
        """(chain index, path in that file) of the field ``path`` of the merged
        ``data``, where an edit moved or wrote it; else None."""
        best: tuple[int, tuple, bool, int] | None = None
        value: Any = data
        for depth in range(len(path) + 1):
            entry = self.objects.get(id(value)) if isinstance(value, (dict, list)) else None
            if entry is not None and entry[0] is value:
                best = (entry[1], entry[2], entry[3], depth)
            if depth == len(path):
                break
            part = path[depth]
            if isinstance(value, dict):
                moved = self.keys.get((id(value), part))
                if moved is not None and moved[0] is value:
                    best = (moved[1], moved[2], False, depth + 1)
            try:
                value = value[part]
            except (KeyError, IndexError, TypeError):
                break
        if best is None:
            return None
        index, base, string, depth = best
        rest = path[depth:]
        if string and rest[:1] == ("text",):
            rest = rest[1:]
        return index, base + rest


# --- applying the edits of one file -----------------------------------------------------

@dataclass
class _Found:
    """A block with an id: the list it is in, its place there, and its field path."""

    siblings: list
    position: int
    path: tuple

    @property
    def node(self) -> Any:
        return self.siblings[self.position]


def apply(merged: dict, file, index: int, oldest: bool, places: Places,
          origin_index: Callable[[tuple], int], describe: Callable[[tuple], str]) -> list[Problem]:
    """Apply the ``[[edit]]`` tables of ``file`` (the chain's file ``index``)
    to ``merged``, in place; the problems, located in ``file``.

    ``origin_index(path)`` is the chain index of the file that gave a merged
    field no edit has touched; ``describe(path)`` names a merged field for a
    message (its file, line and field)."""
    check = reader._Checker(file.path, file.source, file.numbers)
    raw = file.data.get("edit")
    if isinstance(raw, dict):
        raw = [raw]
    if not isinstance(raw, list):
        check.wrong_type(raw, ("edit",), list)
        return check.problems
    first = ("edit", 0) if raw else ("edit",)  # the [[edit]] line
    if oldest:
        check.problem(first, M('[[edit]] changes the edition this one extends: it needs extends = "…"'))
        return check.problems
    if merged.get("format") != 2:
        check.problem(first, M("[[edit]] works on content format 2 only (format-1 blocks have no ids); "
                               "in format 1, give the whole [[body]] instead"))
        return check.problems
    _mark_all(merged, places, origin_index)
    editor = _Editor(merged, file, index, check, places, describe)
    for number, edit in enumerate(raw):
        editor.one(edit, ("edit", number))
    editor.check_references()
    return check.problems


def _node_lists(merged: dict) -> list[tuple[Any, tuple]]:
    """The top-level lists of blocks: the body and each annex's body."""
    found = [(merged.get("body"), ("body",))]
    annexes = merged.get("annex")
    if isinstance(annexes, dict):
        annexes = [annexes]
        merged["annex"] = annexes
    if isinstance(annexes, list):
        for i, annex in enumerate(annexes):
            if isinstance(annex, dict):
                found.append((annex.get("body"), ("annex", i, "body")))
    return found


def _mark_all(merged: dict, places: Places, origin_index: Callable[[tuple], int]) -> None:
    for key in ("body", "annex"):
        if key in merged:
            places.mark(merged[key], origin_index((key,)), (key,))
    signoff = merged.get("signoff")
    if isinstance(signoff, dict) and "signer" in signoff:
        places.mark(signoff["signer"], origin_index(("signoff", "signer")), ("signoff", "signer"))


def _as_list(table: dict, key: str, places: Places) -> list | None:
    """``table[key]`` as a list of blocks (a single text or table becomes a
    list of one), its texts as tables ``{text = …}`` that remember where they
    were written; None if it is neither."""
    value = table.get(key)
    if isinstance(value, (str, dict)):
        value = [value]
        table[key] = value
    if not isinstance(value, list):
        return None
    for i, entry in enumerate(value):
        if isinstance(entry, str):
            where = places.locate(table, (key, i))
            block = {"text": entry}
            if where is not None:
                places.objects[id(block)] = (block, where[0], where[1], True)
            value[i] = block
    return value


class _Editor:
    def __init__(self, merged: dict, file, index: int, check, places: Places,
                 describe: Callable[[tuple], str]):
        self.merged, self.file, self.index, self.check, self.places = merged, file, index, check, places
        self.describe = describe
        self.seen: dict[tuple, int] = {}           # what an edit changed → its line
        self.removed: dict[str, tuple] = {}        # a removed id → the edit that removed it

    def problem(self, at: tuple, message: Message) -> None:
        self.check.problem(at, message)

    # --- finding ------------------------------------------------------------------

    def index_ids(self) -> dict[str, _Found]:
        found: dict[str, _Found] = {}

        def walk(owner: dict, key: str, path: tuple, depth: int) -> None:
            if depth > format2.MAX_DEPTH:
                return
            nodes = _as_list(owner, key, self.places)
            if nodes is None:
                return
            for i, node in enumerate(nodes):
                if not isinstance(node, dict):
                    continue
                ident = node.get("id")
                if isinstance(ident, str) and ident not in found:
                    found[ident] = _Found(nodes, i, path + (key, i))
                for sub in ("quote", "items"):
                    if sub in node:
                        walk(node, sub, path + (key, i), depth + 1)

        walk(self.merged, "body", (), 1)
        annexes = self.merged.get("annex")
        if isinstance(annexes, dict):
            annexes = self.merged["annex"] = [annexes]
        if isinstance(annexes, list):
            for i, annex in enumerate(annexes):
                if isinstance(annex, dict) and "body" in annex:
                    walk(annex, "body", ("annex", i), 1)
        return found

    # --- one edit -----------------------------------------------------------------

    def one(self, edit: Any, at: tuple) -> None:
        check = self.check
        if not isinstance(edit, dict):
            check.wrong_type(edit, at, dict)
            return
        before = len(check.problems)
        check.table(edit, at, EDIT_KEYS)
        operations = [key for key in OPERATIONS if key in edit]
        if len(operations) != 1:
            self.problem(at, M("an [[edit]] needs exactly one of replace, insert_after, insert_before or remove"))
            return
        operation = operations[0]
        target = EDIT.get(check, edit, operation, at)
        if len(check.problems) > before or target is None:
            return
        where = at + (operation,)
        signoff = SIGNOFF_TARGET.fullmatch(target)
        if signoff is None and not format2.ID.fullmatch(target):
            self.problem(where, M('expected a block\'s id (e.g. "kho-3") or a part of the sign-off '
                                  '("signoff.closing", "signoff.signer[2]", "signoff.signer[1].position"); '
                                  'found {value}', value=reader._shown(target)))
            return
        row = EDIT.get(check, edit, "row", at, required=False) if "row" in edit else None
        if len(check.problems) > before:
            return
        # Each part once per file: a second edit of it would depend on the order
        # (replacing a block and inserting beside it are two parts).
        kind = operation if operation.startswith("insert") else "change"
        key = (kind, target if signoff is None else _signoff_key(signoff), row)
        if key in self.seen:
            shown = target if row is None else M("{target} row {row}", target=target, row=row)
            self.problem(where, M('"{shown}" is edited twice (see the [[edit]] on line {line}): edit each '
                                  "part once per file (merge the two, or insert several blocks with node = [ … ])",
                                  shown=shown, line=self.seen[key]))
            return
        self.seen[key] = self.check.locator.line(at) or 0
        if signoff is not None:
            self.signoff(edit, at, operation, signoff)
        elif row is not None:
            self.row(edit, at, operation, target, row)
        else:
            self.block(edit, at, operation, target)

    def only(self, edit: dict, at: tuple, operation: str, allowed: tuple[str, ...], what: Message) -> bool:
        """Refuse the keys ``operation`` on ``what`` (the kind of target) does not take; True if none."""
        ok = True
        takes = (M("(it takes: {keys})", keys=", ".join(allowed)) if allowed
                 else M("(it takes nothing else)"))
        for key in edit:
            if key in EDIT_KEYS and key not in allowed and key != operation:
                self.problem(at + (key,), M('"{key}" does not go with {operation} of {what} {takes}',
                                            key=key, operation=operation, what=what, takes=takes))
                ok = False
        return ok

    def need(self, edit: dict, at: tuple, key: str, operation: str) -> bool:
        if key not in edit:
            self.problem(at, M('{operation} needs "{key}"', operation=operation, key=key))
            return False
        return True

    def target(self, edit: dict, at: tuple, operation: str, allowed: tuple[str, ...],
               what: Message, target: str) -> "_Found | None":
        """The block ``target`` names, once the edit's keys are ones ``operation``
        on ``what`` takes (:meth:`only`); None after reporting why not."""
        if not self.only(edit, at, operation, allowed, what):
            return None
        return self.find(target, at + (operation,))

    def find(self, target: str, where: tuple) -> _Found | None:
        ids = self.index_ids()
        if target in ids:
            return ids[target]
        guess = format2.closest(target, ids)
        if target in self.removed:
            said = M('no block has the id "{target}". (removed earlier in this file)', target=target)
        elif guess:
            said = M('no block has the id "{target}". Did you mean "{guess}"?', target=target, guess=guess)
        elif not ids:
            said = M('no block has the id "{target}". (no block of the earlier edition has an id: '
                     'give that block id = "…" there)', target=target)
        else:
            said = M('no block has the id "{target}".', target=target)
        self.problem(where, said)
        return None

    # --- blocks -------------------------------------------------------------------

    def block(self, edit: dict, at: tuple, operation: str, target: str) -> None:
        what = M("a block")
        found = self.target(edit, at, operation, _NODE_KEYS[operation], what, target)
        if found is None:
            return
        old = found.node
        if operation == "remove":
            del found.siblings[found.position]
            for ident in _ids([old]):
                self.removed[ident] = at + (operation,)
            return
        if operation == "replace":
            if ("text" in edit) == ("node" in edit):
                self.problem(at, M('replace of a block needs one of "text" (the new wording) '
                                   'or "node" (the whole block)'))
                return
            if "text" in edit:
                text = edit["text"]
                if not isinstance(text, str):
                    self.check.wrong_type(text, at + ("text",), str)
                    return
                key = "heading" if "heading" in old and "text" not in old else "text"
                old[key] = text
                self.places.mark_key(old, key, self.index, at + ("text",))
                return
            new = self.nodes(edit["node"], at + ("node",), single=True)
            if new is None:
                return
            block = new[0]
            # The replacement keeps the old block's place in the numbering and
            # its id, unless it gives its own.
            for key in ("number", "start", "restart", "id"):
                if key in old and key not in block:
                    block[key] = old[key]
            found.siblings[found.position] = block
            kept = set(_ids([block]))
            for ident in _ids([old]):
                if ident not in kept:
                    self.removed[ident] = at + (operation,)
            return
        if not self.need(edit, at, "node", operation):
            return
        new = self.nodes(edit["node"], at + ("node",), single=False)
        if new is None:
            return
        for block in new:
            # Numbered like the block it is placed beside, unless it says otherwise.
            if "number" not in block and "number" in old:
                block["number"] = old["number"]
        position = found.position + (1 if operation == "insert_after" else 0)
        found.siblings[position:position] = new
        for ident in _ids(new):
            self.removed.pop(ident, None)

    def nodes(self, value: Any, at: tuple, single: bool) -> list[dict] | None:
        """The block(s) an edit gives, copied, each remembering its field."""
        entries = value if isinstance(value, list) else [value]
        if single and isinstance(value, list):
            self.problem(at, M("replace puts one block in place of one: give a single node (insert_after adds more)"))
            return None
        if not entries:
            self.problem(at, M("expected at least one block"))
            return None
        out = []
        for i, entry in enumerate(entries):
            where = at + (i,) if isinstance(value, list) else at
            if isinstance(entry, str):
                block = {"text": entry}
                self.places.objects[id(block)] = (block, self.index, where, True)
            elif isinstance(entry, dict):
                block = copy_data(entry)
                self.places.mark(block, self.index, where)
            else:
                self.check.wrong_type(entry, where, dict)
                return None
            out.append(block)
        return out

    # --- table rows ---------------------------------------------------------------

    def row(self, edit: dict, at: tuple, operation: str, target: str, row: int) -> None:
        what = M("a table row")
        found = self.target(edit, at, operation, _ROW_KEYS[operation], what, target)
        if found is None:
            return
        table = found.node.get("table")
        rows = table.get("rows") if isinstance(table, dict) else None
        if not isinstance(rows, list):
            self.problem(at + ("row",), M('the block "{target}" has no table (row is for a block with a table)',
                                          target=target))
            return
        if not 1 <= row <= len(rows):
            self.problem(at + ("row",), M('the table of "{target}" has {count} rows (row counts from 1 to {count}); '
                                          "found {row}", target=target, count=len(rows), row=row))
            return
        self.splice(rows, row, edit, at, operation, "cells", list, list, at + ("row",),
                    M("cannot remove a table's last row (a table needs at least one row)"))

    def splice(self, items: list, n: int, edit: dict, at: tuple, operation: str, key: str,
               kind: type, copy, where: tuple, last: Message) -> None:
        """Apply ``operation`` to the ``n``-th of ``items`` (a table's rows, the
        signers): remove it (never the ``last`` one), or replace it or insert
        beside it ``edit[key]``, a ``kind``, as ``copy`` makes it."""
        if operation == "remove":
            if len(items) == 1:
                self.problem(where, last)
                return
            del items[n - 1]
            return
        if not self.need(edit, at, key, operation):
            return
        new = edit[key]
        if not isinstance(new, kind):
            self.check.wrong_type(new, at + (key,), kind)
            return
        new = copy(new)
        self.places.mark(new, self.index, at + (key,))
        if operation == "replace":
            items[n - 1] = new
        else:
            position = n if operation == "insert_after" else n - 1
            items[position:position] = [new]

    # --- the sign-off -------------------------------------------------------------

    def signoff(self, edit: dict, at: tuple, operation: str, match: re.Match) -> None:
        where = at + (operation,)
        signoff = self.merged.setdefault("signoff", {})
        if not isinstance(signoff, dict):
            return  # the validator says what is wrong with it
        target = match.group(0)
        if target == "signoff.closing":
            if operation not in ("replace", "remove"):
                self.problem(where, M("there is one closing: use replace or remove"))
                return
            if not self.only(edit, at, operation, ("text",), M("the closing")):
                return
            if operation == "remove":
                signoff.pop("closing", None)
                return
            if self.need(edit, at, "text", operation):
                signoff["closing"] = edit["text"]
                self.places.mark_key(signoff, "closing", self.index, at + ("text",))
            return
        number, key = match.group(1), match.group(2)
        signers = signoff.get("signer")
        if isinstance(signers, dict):
            signers = signoff["signer"] = [signers]
        if not isinstance(signers, list):
            self.problem(where, M("the earlier edition has no [[signoff.signer]]"))
            return
        n = int(number) if number is not None else 1
        if not 1 <= n <= len(signers) or not isinstance(signers[n - 1], dict):
            self.problem(where, M("there are {count} signers (signoff.signer[1] to [{count}]); found [{n}]",
                                  count=len(signers), n=n))
            return
        signer = signers[n - 1]
        if key is not None:  # one field of a signer
            if operation not in ("replace", "remove"):
                self.problem(where, M("a signer's field takes replace or remove"))
                return
            if not self.only(edit, at, operation, ("text",), M("a signer's field")):
                return
            if operation == "remove":
                if key == "position":
                    self.problem(where, M("a signer needs a position: use replace, not remove"))
                    return
                signer.pop(key, None)
                return
            if self.need(edit, at, "text", operation):
                if key == "name" and not isinstance(edit["text"], str):
                    self.check.wrong_type(edit["text"], at + ("text",), str)
                    return
                signer[key] = copy_data(edit["text"])
                self.places.mark_key(signer, key, self.index, at + ("text",))
            return
        what = M("a signer")
        if not self.only(edit, at, operation, ("signer",), what):
            return
        self.splice(signers, n, edit, at, operation, "signer", dict, copy_data, where,
                    M("cannot remove the only signer (one is needed): use replace"))

    # --- references to what was removed -------------------------------------------

    def check_references(self) -> None:
        """A removed id that a text still refers to with ``{ref:id}``: refused,
        at the edit that removed it, naming the text."""
        if not self.removed:
            return
        present = set(self.index_ids())
        gone = {ident: at for ident, at in self.removed.items() if ident not in present}
        if not gone:
            return
        reported: set[str] = set()

        for path, value in leaves(self.merged):
            if not isinstance(value, str):
                continue
            for match in format2.REFERENCE.finditer(value):
                ident = match.group(2)
                if match.group(1) == "ref" and ident in gone and ident not in reported:
                    reported.add(ident)
                    place = self.describe(path)
                    self.problem(gone[ident],
                                 M('cannot remove "{ident}": {place} refers to it with {{ref:{ident}}} '
                                   "(change that text with replace first, or replace the block instead)",
                                   ident=ident, place=place))


def _signoff_key(match: re.Match) -> str:
    """One name for each part of the sign-off (signoff.signer is signoff.signer[1])."""
    if match.group(0) == "signoff.closing":
        return "signoff.closing"
    number = match.group(1) or "1"
    return f"signoff.signer[{int(number)}]" + (f".{match.group(2)}" if match.group(2) else "")


def _ids(nodes: list) -> list[str]:
    """Every id in ``nodes`` and the blocks below them."""
    found = []
    for node in nodes:
        if isinstance(node, dict):
            if isinstance(node.get("id"), str):
                found.append(node["id"])
            for key in ("quote", "items"):
                sub = node.get(key)
                if sub is not None:
                    found += _ids(sub if isinstance(sub, list) else [sub])
    return found


