"""The content format as data: the keys of each table, with the type of each,
whether it is required, a description (a message: an English id, its Thai in
the catalog) and an example.

Each format defines its tables with these classes in its own module (format 1
in :mod:`.validate`, format 2 in :mod:`.format2`, ``extends`` and ``[issued]``
in :mod:`.editions`). The validator takes its known keys, types, required keys
and defaults from those tables, and ``prakat schema`` (:mod:`.schema`) turns
the same tables into a JSON Schema for the editor, so the two cannot drift
apart. Nothing here knows a key of the format.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

from generator import ROOT
from generator.messages import Message

#: The JSON Schema of the content format, as ``prakat schema`` writes it:
#: kept in the checkout beside the content (a test checks it is up to date),
#: named by the ``#:schema`` line of the files ``prakat new`` writes.
SCHEMA_PATH = ROOT / "content" / "prakat.schema.json"
#: The name of a value or a phrase (``{plan_start}`` in text).
NAME = r"[A-Za-z_][A-Za-z0-9_]*"


@dataclass(frozen=True)
class Shape:
    """A kind of value that is more than one plain type (a text or a list of
    texts, body blocks, …): the validator checks it with its own code, the
    schema generator knows each by its name."""

    name: str


#: A text, or a list of texts (``position = "…"`` or ``position = ["…", "…"]``).
TEXTS = Shape("texts")
#: Body blocks of format 2: a text, a block's table, or a list of them (any depth).
NODES = Shape("nodes")
#: A numbering scheme's name (``"ข้อ ๑"``, ``"(ก)"``, ``"1."``; generator.thai.SCHEMES).
SCHEME = Shape("scheme")


@dataclass(frozen=True)
class Literal:
    """Exactly this value (``"none"``, ``false``)."""

    value: Any


@dataclass(frozen=True)
class Either:
    """One of several types (``"(๑)"``, ``"none"`` or ``false``)."""

    options: tuple


@dataclass(frozen=True)
class ListOf:
    """A list whose elements are all ``item``."""

    item: Any
    min_items: int = 0


@dataclass(frozen=True)
class MapOf:
    """A table of names (matching ``NAME``) to values of type ``value``."""

    value: Any


@dataclass(frozen=True)
class Field:
    """One key of a table."""

    type: Any                 # str, int, bool, dt.date, (int, float), a Spec (a table), a Shape …
    description: Message      # what it is: M("the English"), its Thai in the catalog
    example: Any = None       # a value as it is written in a content file (content: stays as written)
    required: bool = False
    default: Any = None
    #: The values it may take (a tuple, or a function giving them, such as
    #: the document kinds of the templates).
    choices: tuple | Callable[[], tuple] = ()
    #: A regular expression the whole value matches (a text); with
    #: ``choices`` as well, a value is one of the choices or matches it.
    pattern: str | None = None

    def options(self) -> tuple:
        return tuple(self.choices()) if callable(self.choices) else tuple(self.choices)


@dataclass(frozen=True, eq=False)
class Spec:
    """One TOML table of the format: its keys, in the order messages list them."""

    name: str                 # the name of its definition in the schema
    description: Message      # what it is: M("the English"), its Thai in the catalog
    fields: dict[str, Field] = field(default_factory=dict)

    @property
    def keys(self) -> tuple[str, ...]:
        return tuple(self.fields)

    def __getitem__(self, key: str) -> Field:
        return self.fields[key]

    def required(self) -> list[str]:
        return [key for key, spec in self.fields.items() if spec.required]

    def get(self, check, data: dict, key: str, path: tuple, **given) -> Any:
        """``data[key]`` checked by ``check`` (a content checker) as its field
        says: its type, whether it is required and its default (``given``
        overrides ``required`` or ``default`` where the validator decides them)."""
        spec = self.fields[key]
        kind = dict if isinstance(spec.type, Spec) else spec.type
        default = given.get("default", spec.default)
        if isinstance(default, dict):
            default = dict(default)
        return check.get(data, key, path, kind, required=given.get("required", spec.required),
                         default=default)

    def texts(self, check, data: dict, key: str, path: tuple) -> tuple[str, ...]:
        """``data[key]``, a text or a list of texts, checked by ``check``."""
        if self.fields[key].type is not TEXTS:
            raise TypeError(f"{self.name}.{key} is not a list of texts")
        return check.text_list(data, key, path)


def schema_directive(folder: Path) -> str:
    """The first line of a content file written in ``folder``: Even Better
    TOML's ``#:schema`` directive naming :data:`SCHEMA_PATH`, relative to the
    file where it can be (inside the checkout), else as a file address."""
    folder = Path(folder).absolute()
    try:
        inside = folder.resolve().is_relative_to(ROOT)
        where = os.path.relpath(SCHEMA_PATH, folder.resolve()) if inside else None
    except (OSError, ValueError):
        where = None
    return f"#:schema {Path(where).as_posix() if where else SCHEMA_PATH.as_uri()}"


def leaves(value: Any, path: tuple = ()):
    """Every value inside parsed TOML data that is not a table or an array,
    with its path (keys and indexes), depth first in file order."""
    if isinstance(value, dict):
        for key, sub in value.items():
            yield from leaves(sub, path + (key,))
    elif isinstance(value, list):
        for index, sub in enumerate(value):
            yield from leaves(sub, path + (index,))
    else:
        yield path, value


def copy_data(value: Any) -> Any:
    """A deep copy of parsed TOML data (its tables and arrays; values are immutable)."""
    if isinstance(value, dict):
        return {key: copy_data(sub) for key, sub in value.items()}
    if isinstance(value, list):
        return [copy_data(sub) for sub in value]
    return value
