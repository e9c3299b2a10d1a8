"""Turn the content format's tables into a JSON Schema (draft 4) for the editor.

Even Better TOML (taplo) in VS Code reads it to complete keys and flag
mistakes as staff type. Nothing here states a key or a type of the format: it
all comes from the tables the validator itself reads (format 1 in
:mod:`.validate`, format 2 in :mod:`.format2`, ``extends`` and ``[issued]``
in :mod:`.editions`), the document kinds of ``kinds.toml`` and the numbering
schemes of :mod:`generator.thai`.

Its shape is chosen so that taplo's messages point at the mistake (a
message about the whole file is repeated on every line of it): each key's
value is checked by the top-level ``properties``, so a misspelt key or a
wrong type is reported at that key; what one format allows and the other
does not, and the keys a whole file needs, are checked by ``dependencies`` on
the table only that format has (``[announcement]`` for format 1,
``[document]`` for format 2), again at the key or table concerned. The
top-level ``oneOf`` says only that a file is format 1, format 2, or an
edition that ``extends`` another and leaves ``format`` out: such an edition
states only what changed, so it needs no key but its own (in format 2,
``document.edition``). A file that writes ``format`` is taken to be whole.

The schema is more lenient than the validator where JSON Schema cannot say
what it checks (a value used by no text, a ``{name}`` defined nowhere, a year
in the wrong era, a date in quotes, a kind's ``number`` line). It is stricter
only in how a few things are written, each as the README writes it (the
validator also reads the other spellings): the body as ``[[body]]`` tables
(not one ``[body]`` table), a numbering scheme with single spaces, and an
edition that extends another without ``format``.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from generator import thai
from generator.content import editions, format2, validate
from generator.content.fields import (NAME, NODES, SCHEME, TEXTS, Either, Field, ListOf, Literal, MapOf,
                                      Spec, SCHEMA_PATH)
from generator.messages import M, Message

DRAFT = "http://json-schema.org/draft-04/schema#"
#: A TOML date (taplo and the tests see it as this text), or the marker
#: ``prakat new`` leaves for staff to fill in (the validator refuses it).
_DATE = r"[0-9]{4}-[0-9]{2}-[0-9]{2}"

__all__ = ["DRAFT", "SCHEMA_PATH", "generate", "dumps"]


def _escape(text: str) -> str:
    """``text`` as a regular expression that matches it alone (ECMA 262 and Rust alike)."""
    return "".join("\\" + c if c in "\\.^$|?*+()[]{}/" else c for c in text)


def _json(value: Any) -> Any:
    """A value of a content file as JSON (a date as its text, as taplo shows it)."""
    if isinstance(value, (dt.date, dt.datetime, dt.time)):
        return value.isoformat()
    if isinstance(value, dict):
        return {k: _json(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_json(v) for v in value]
    return value


def _checks(schema: dict) -> dict:
    """What a schema checks, without the words that only describe it."""
    return {k: v for k, v in schema.items() if k not in ("description", "examples", "default", "title")}


class _Builder:
    """Builds one schema: its definitions, in one language."""

    def __init__(self, lang: str):
        self.lang = lang
        self.definitions: dict[str, dict] = {}
        self.fmt = 0      # the format whose keys narrow() is checking
        #: The tables of the top level, which editions merge key by key.
        self.merged = {f.type for top in (validate.TOP, format2.TOP) for f in top.fields.values()
                       if isinstance(f.type, Spec)}

    # --- words ----------------------------------------------------------------

    def words(self, description: Message) -> str:
        """``description`` in the schema's language, from the catalog: Thai
        (the one kept as content/prakat.schema.json), or English with ``lang="en"``."""
        return description.text(self.lang)

    def not_in(self, fmt: int) -> dict:
        """A key the other format has: refused, saying why."""
        return {"not": {"description": self.words(M("format {other} only, not format {fmt}",
                                                    other=3 - fmt, fmt=fmt))}}

    # --- types ----------------------------------------------------------------

    def ref(self, name: str, make) -> dict:
        if name not in self.definitions:
            self.definitions[name] = {}          # a placeholder: recursion ends here
            self.definitions[name] = make()
        return {"$ref": f"#/definitions/{name}"}

    def resolve(self, fragment: dict) -> dict:
        if "$ref" in fragment:
            return self.definitions[fragment["$ref"].rsplit("/", 1)[1]]
        return fragment

    def value(self, kind: Any) -> dict:
        """The schema of a value of type ``kind`` (see :class:`fields.Field`)."""
        if kind is str:
            return {"type": "string", "minLength": 1}
        if kind is bool:
            return {"type": "boolean"}
        if kind is int:
            return {"type": "integer"}
        if kind == (int, float):
            return {"type": "number"}
        if kind is dt.date:
            return {"type": "string", "pattern": f"^(?:{_DATE}|{_escape(editions.FILL_IN)})$"}
        if kind is TEXTS:
            return {"type": ["string", "array"], "minLength": 1, "items": {"type": "string", "minLength": 1}}
        if kind is SCHEME:
            return {"type": "string", "enum": list(thai.scheme_spellings())}
        if kind is NODES:
            return self.ref("nodes", self.nodes)
        if isinstance(kind, Literal):
            return {"enum": [kind.value]}
        if isinstance(kind, Spec):
            # A top-level table, which an edition may give in part (merged key
            # by key with the one it extends): what it needs is said by
            # complete(), for a whole file only.
            return self.ref(kind.name, lambda: self.table(kind, required=kind not in self.merged))
        if isinstance(kind, ListOf):
            out = {"type": "array", "items": self.value(kind.item)}
            if kind.min_items:
                out["minItems"] = kind.min_items
            return out
        if isinstance(kind, MapOf):
            return {"type": "object", "patternProperties": {f"^{NAME}$": self.value(kind.value)},
                    "additionalProperties": False}
        if isinstance(kind, Either):
            return self.either(kind.options)
        raise TypeError(f"no schema for the type {kind!r}")

    def either(self, options: tuple) -> dict:
        tables = [o for o in options if isinstance(o, Spec)]
        rest = [o for o in options if not isinstance(o, Spec)]
        if tables:
            if rest not in ([], [str]):
                raise TypeError(f"no schema for a choice of {options!r}")
            if rest == [str] and len(tables) == 1:
                spec = tables[0]
                return self.ref(f"{spec.name}-or-text", lambda: self.union(tables, text=True))
            return self.union(tables, text=bool(rest))
        return self.merge([self.value(o) for o in rest])

    def merge(self, fragments: list[dict]) -> dict:
        """One schema that takes what any of ``fragments`` (plain values) takes:
        their types side by side where each keyword concerns one type, else ``anyOf``."""
        if all("enum" in f for f in fragments):
            enum = [v for f in fragments for v in f["enum"]]
            kinds = {"boolean" if isinstance(v, bool) else "string" if isinstance(v, str) else "number"
                     for v in enum}
            return {"type": sorted(kinds) if len(kinds) > 1 else kinds.pop(), "enum": enum}
        merged: dict = {}
        types = []
        for fragment in fragments:
            if "enum" in fragment or "$ref" in fragment:
                return {"anyOf": fragments}
            kind = fragment["type"]
            types += [kind] if isinstance(kind, str) else kind
            for key, value in fragment.items():
                if key != "type" and merged.setdefault(key, value) != value:
                    return {"anyOf": fragments}
        merged["type"] = list(dict.fromkeys(types)) if len(set(types)) > 1 else types[0]
        return {"type": merged.pop("type"), **merged}

    # --- tables -----------------------------------------------------------------

    def field(self, spec: Field) -> dict:
        """The schema of one key: its value's, with the description and an example."""
        out = dict(self.value(spec.type))
        choices = spec.options()
        if choices and spec.pattern:
            out = {"anyOf": [{**out, "enum": list(choices)}, {**out, "pattern": f"^(?:{spec.pattern})$"}]}
        elif choices:
            out["enum"] = list(choices)
        elif spec.pattern:
            out["pattern"] = f"^(?:{spec.pattern})$"
        if "$ref" in out:
            return out       # described by its definition (beside $ref, draft 4 reads nothing)
        out["description"] = self.words(spec.description)
        if spec.default is not None and spec.default != {}:
            out["default"] = _json(spec.default)
        if spec.example is not None:
            out["examples"] = [_json(spec.example)]
        return out

    def table(self, spec: Spec, required: bool = True) -> dict:
        out = {"type": "object", "description": self.words(spec.description),
               "properties": {key: self.field(f) for key, f in spec.fields.items()},
               "additionalProperties": False}
        if required and spec.required():
            out["required"] = spec.required()
        return out

    def union(self, specs: list[Spec], text: bool = False) -> dict:
        """A table that is any one of ``specs`` (or, with ``text``, a text): every
        key of each, with what only some of them need said by ``dependencies``."""
        properties: dict[str, dict] = {}
        for key in dict.fromkeys(k for s in specs for k in s.keys):
            kinds = list(dict.fromkeys(s[key].type for s in specs if key in s.fields))
            if len(kinds) > 1 and NODES in kinds and set(kinds) <= {NODES, TEXTS, str}:
                kinds = [NODES]              # body blocks take a text and texts as well
            elif len(kinds) > 1 and set(kinds) <= {TEXTS, str}:
                kinds = [TEXTS]
            first = next(s[key] for s in specs if key in s.fields)
            field = Field(kinds[0] if len(kinds) == 1 else Either(tuple(kinds)), first.description,
                          first.example, choices=first.choices, pattern=first.pattern, default=first.default)
            properties[key] = self.field(field)
        out: dict = {"type": ["object", "string"] if text else "object"}
        if text:
            out["minLength"] = 1
        out["description"] = " / ".join(self.words(s.description) for s in specs)
        out["properties"] = properties
        out["additionalProperties"] = False
        needs = [s.required() for s in specs]
        common = [k for k in needs[0] if all(k in n for n in needs)]
        if common:
            out["required"] = common
        elif all(needs) and len(specs) > 1:
            out["anyOf"] = [{"required": n} for n in needs]
        # A key only some of the tables have needs what those tables need.
        dependencies = {}
        for key in properties:
            having = [s for s in specs if key in s.fields]
            if len(having) < len(specs) and all(s.required() for s in having):
                need = sorted({k for s in having for k in s.required()} - {key})
                if need:
                    dependencies[key] = need
        if dependencies:
            out["dependencies"] = dependencies
        return out

    def nodes(self) -> dict:
        """Format 2's blocks at any depth: a text, a block's table, or a list of them."""
        item = self.value(Either((str, format2.NODE)))
        return {**self.resolve(item), "type": ["string", "object", "array"],
                "description": self.words(M("a text, a table, or a list of texts and tables (keys as in [[body]])")),
                "items": item}

    # --- the file ---------------------------------------------------------------

    def narrow(self, specific: dict, general: dict) -> dict:
        """What ``specific`` checks beyond ``general`` (a schema that takes more):
        keys ``general`` has and ``specific`` has not are refused, the rest as ``specific`` says."""
        specific, general = self.resolve(specific), self.resolve(general)
        out: dict = {}
        if specific.get("type") != general.get("type"):
            out["type"] = specific["type"]
        if "items" in specific:
            inner = self.narrow(specific["items"], general.get("items", {}))
            if inner:
                out["items"] = inner
        if "properties" in general:
            properties = {}
            for key, schema in general["properties"].items():
                if key not in specific.get("properties", {}):
                    properties[key] = self.not_in(self.fmt)
                elif _checks(self.resolve(specific["properties"][key])) != _checks(self.resolve(schema)):
                    properties[key] = specific["properties"][key]
            if properties:
                out["properties"] = properties
        for key in ("required", "anyOf", "dependencies", "minItems"):
            if key in specific and specific[key] != general.get(key):
                out[key] = specific[key]
        return out

    def document(self) -> dict:
        formats = {1: validate.TOP, 2: format2.TOP}
        own = editions.OWN
        properties: dict[str, dict] = {
            "format": {"type": "integer", "enum": list(validate.CONTENT_FORMATS),
                       "description": self.words(M("the content format: 1, the province's plan announcement; "
                                                   "2, any ประกาศ or คำสั่ง")),
                       "examples": [2]},
        }
        for key, spec in own.fields.items():
            properties[key] = self.field(spec)
        for fmt, top in formats.items():
            for key, spec in top.fields.items():
                if key not in properties and key != "body":
                    properties[key] = self.field(spec)
        # The body as either format writes it; what each allows beyond the
        # other is refused in its dependencies below.
        blocks = {fmt: self.value(top["body"].type) for fmt, top in formats.items()}
        properties["body"] = {
            "type": "array", "minItems": 1,
            # No "type" for a block: taplo offers [[body]] only for a list of tables.
            "items": {k: v for k, v in self.union([format2.NODE, validate.PARAGRAPH, validate.SECTION],
                                                  text=True).items() if k != "type"},
            "description": self.words(formats[2]["body"].description),
        }
        dependencies = {}
        for fmt, top in formats.items():
            other = formats[3 - fmt]
            self.fmt = fmt
            # The table every file of this format has and the other format has
            # not ([announcement], [document]) says which format a file is in.
            head = next(key for key in top.required() if key not in other.fields)
            only = {"format": {"enum": [fmt]}}
            only.update({key: self.not_in(fmt) for key in other.keys if key not in top.fields})
            only.update({key: self.not_in(fmt) for key, takes in editions.OWN_FORMATS.items() if fmt not in takes})
            body = self.narrow(blocks[fmt], properties["body"])
            if body:
                only["body"] = body
            for table, key in sorted(editions.OWN_KEYS):
                if table in top.fields and key in self.needs(top[table]):
                    only[table] = {"required": [key]}
            dependencies[head] = self.ref(f"format-{fmt}", lambda: {
                "description": self.words(top.description),
                "properties": only,
                "dependencies": {"format": self.complete(top)},
            })
        return {
            "$schema": DRAFT,
            "title": self.words(M("prakat content: an announcement or order")),
            "description": self.words(M(
                "a .toml content file that prakat renders into DOCX, PDF and HTML: format 1 ([announcement]) "
                "or format 2 ([document]); an edition that extends another leaves out format "
                "and states only what changed")),
            "type": "object",
            "properties": properties,
            "additionalProperties": False,
            "dependencies": dependencies,
            "oneOf": [{"description": self.words(top.description), "required": ["format"],
                       "properties": {"format": {"enum": [fmt]}}} for fmt, top in formats.items()] + [{
                "description": self.words(M("an edition that extends another and takes its format")),
                "required": ["extends"],
                "not": {"required": ["format"]},
            }],
            "definitions": dict(sorted(self.definitions.items())),
        }

    @staticmethod
    def needs(field: Field) -> list[str]:
        return field.type.required() if isinstance(field.type, Spec) else []

    def complete(self, top: Spec) -> dict:
        """The keys a whole file needs (one that states its ``format``): an
        edition that extends another leaves ``format`` out and states only
        what changed, so this applies to no such edition."""
        out: dict = {"required": top.required(), "properties": {}}
        for key, spec in top.fields.items():
            if self.needs(spec):
                out["properties"][key] = {"required": self.needs(spec)}
        return out


def generate(lang: str = "th") -> dict:
    """The JSON Schema (draft 4) of the content format; descriptions in Thai
    from the message catalog, the English beside, or English only with ``lang="en"``."""
    return _Builder(lang).document()


def dumps(lang: str = "th") -> str:
    """:func:`generate` as the text ``prakat schema`` prints."""
    return json.dumps(generate(lang), ensure_ascii=False, indent=2) + "\n"
