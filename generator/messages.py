"""Turn message ids into the user's language, from Babel message catalogs.

Every text prakat says to a person (errors, warnings, progress, ``--help``,
the preview and archive pages) is written in the code as an English message id
inside :func:`M` (or :func:`N_` where it is only marked), and translated when
shown: Thai from ``generator/locale/th/LC_MESSAGES/prakat.po`` (compiled to
``.mo`` at set-up by ``make``), English as written. ``make messages`` extracts
the ids and updates the catalog; ``tests/test_messages.py`` fails when an id
has no Thai, or when the two do not name the same ``{placeholders}``.

The text of a document itself (ประกาศ, ลงชื่อ, month names) is not a message:
it is Thai whatever ``--lang`` says.
"""

from __future__ import annotations

import gettext
import os
from pathlib import Path
from typing import Any

LOCALE_DIR = Path(__file__).parent / "locale"
DOMAIN = "prakat"
LANGS = ("th", "en")
DEFAULT_LANG = "th"


class CatalogMissing(RuntimeError):
    """The Thai catalog was not compiled (the set-up, ``make``, does it)."""


def default_lang() -> str:
    """The language when ``--lang`` is not given: ``$PRAKAT_LANG`` (th or en), else Thai."""
    value = os.environ.get("PRAKAT_LANG", DEFAULT_LANG).strip().lower()[:2]
    return value if value in LANGS else DEFAULT_LANG


_catalogs: dict[str, gettext.NullTranslations] = {}


def catalog(lang: str) -> gettext.NullTranslations:
    """The compiled catalog of ``lang``; English is the message ids themselves."""
    found = _catalogs.get(lang)
    if found is None:
        if lang not in LANGS or lang == "en":
            found = gettext.NullTranslations()
        else:
            path = LOCALE_DIR / lang / "LC_MESSAGES" / f"{DOMAIN}.mo"
            try:
                with open(path, "rb") as file:
                    found = gettext.GNUTranslations(file)
            except FileNotFoundError:
                # Not a message itself: without the catalog there is no Thai to say it in.
                raise CatalogMissing(f"the message catalog {path} is not compiled: run `make`") from None
        _catalogs[lang] = found
    return found


def translate(msgid: str, lang: str) -> str:
    """The text of ``msgid`` in ``lang`` (the id itself when it has no translation)."""
    return catalog(lang).gettext(msgid)


class Message:
    """A text for a person: an English message id and the values of its
    ``{placeholders}``, put into words only when shown (:meth:`text`).

    A value that is itself a :class:`Message` is shown in the same language,
    so sentences are built from translated parts, never from two languages."""

    __slots__ = ("msgid", "params")

    def __init__(self, msgid: str, /, **params: Any):
        self.msgid = msgid
        self.params = params

    def text(self, lang: str = DEFAULT_LANG) -> str:
        template = translate(self.msgid, lang)
        values = {key: shown(value, lang) for key, value in self.params.items()}
        return template.format_map(values)

    def __str__(self) -> str:
        return self.text(default_lang())

    def __repr__(self) -> str:
        return f"M({self.msgid!r}, **{self.params!r})"

    def __eq__(self, other: object) -> bool:
        return (isinstance(other, Message) and self.msgid == other.msgid
                and self.params == other.params)

    def __hash__(self) -> int:
        return hash(self.msgid)


def shown(value: Any, lang: str) -> str:
    """``value`` as text in ``lang``: a :class:`Message` is translated, a
    sequence of them joined with commas, anything else is ``str()``."""
    if isinstance(value, Message):
        return value.text(lang)
    if isinstance(value, (list, tuple)) and any(isinstance(v, Message) for v in value):
        return ", ".join(shown(v, lang) for v in value)
    return str(value)


def M(msgid: str, /, **params: Any) -> Message:  # noqa: N802 - the extraction keyword
    """A message to translate when shown: ``M("no such file {name}", name=path)``."""
    return Message(msgid, **params)


def N_(msgid: str) -> str:  # noqa: N802 - the extraction keyword
    """Mark ``msgid`` for the catalog without translating it yet (help texts, tables)."""
    return msgid


def text(value: Message | str, lang: str = DEFAULT_LANG) -> str:
    """``value`` in ``lang``: a plain string (a detail from the machine, a
    path) is shown as it is."""
    return shown(value, lang)
