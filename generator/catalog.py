"""Turn the code's message ids into the Thai catalog's template, and compile it.

``python -m generator.catalog update`` (``make messages``) extracts every
:func:`~generator.messages.M` / :func:`~generator.messages.N_` id from
``generator/`` and every message of click (its ``--help`` and usage errors)
and updates ``generator/locale/th/LC_MESSAGES/prakat.po``: new ids come in
untranslated, ids no longer used are dropped. ``compile`` writes the ``.mo``
that prakat reads (run by the set-up). Only development and set-up use this
module; prakat itself reads the compiled catalog with :mod:`gettext`.
"""

from __future__ import annotations

import sys
from datetime import datetime, timezone
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

from generator.messages import DOMAIN, LOCALE_DIR

PACKAGE = Path(__file__).parent
#: Our ids: M("…") and N_("…") only, so a stray ``_`` is never a message.
OWN_KEYWORDS = {"M": None, "N_": None}
#: Click's ids (its help and usage errors come through gettext's global domain).
CLICK_KEYWORDS = {"_": None, "gettext": None, "ngettext": (1, 2)}

#: Header dates stay put, so updating the catalog changes only what changed.
FIXED_DATE = datetime(2026, 11, 30, tzinfo=timezone.utc)


def po_path(lang: str = "th") -> Path:
    return LOCALE_DIR / lang / "LC_MESSAGES" / f"{DOMAIN}.po"


def mo_path(lang: str = "th") -> Path:
    return po_path(lang).with_suffix(".mo")


def extracted() -> Catalog:
    """Every message id the code and click can show, with where it is used."""
    import click

    template = Catalog(project="prakat", domain=DOMAIN, creation_date=FIXED_DATE)
    sources = ((PACKAGE, OWN_KEYWORDS, "generator"), (Path(click.__file__).parent, CLICK_KEYWORDS, "click"))
    for folder, keywords, prefix in sources:
        found = extract_from_dir(str(folder), method_map=[("**.py", "python")],
                                 keywords=keywords, comment_tags=("TRANSLATORS:",), strip_comment_tags=True)
        for filename, lineno, message, comments, context in found:
            template.add(message, None, [(f"{prefix}/{filename}", lineno)],
                         auto_comments=comments, context=context)
    return template


def read(lang: str = "th") -> Catalog:
    with open(po_path(lang), "rb") as file:
        return read_po(file, locale=lang, domain=DOMAIN)


def update(lang: str = "th") -> None:
    """Bring the ``.po`` of ``lang`` up to date with the code."""
    catalog = read(lang)
    catalog.update(extracted(), no_fuzzy_matching=True)
    catalog.obsolete.clear()
    catalog.revision_date = FIXED_DATE
    catalog.last_translator = "prakat developers"
    catalog.language_team = "Thai"
    catalog.msgid_bugs_address = ""
    with open(po_path(lang), "wb") as file:
        write_po(file, catalog, width=100, sort_by_file=True, include_previous=False)
    missing = [m.id for m in catalog if m.id and not m.string]
    for msgid in missing:
        print(f"untranslated: {msgid!r}", file=sys.stderr)


def compile_catalog(lang: str = "th") -> Path:
    """Write the ``.mo`` that prakat reads; refuse a catalog with gaps."""
    catalog = read(lang)
    problems = [f"{m.id!r}: {error}" for m, errors in catalog.check() for error in errors]
    if problems:
        raise SystemExit("the catalog has errors:\n" + "\n".join(problems))
    with open(mo_path(lang), "wb") as file:
        write_mo(file, catalog, use_fuzzy=False)
    return mo_path(lang)


if __name__ == "__main__":
    command = sys.argv[1] if len(sys.argv) > 1 else "compile"
    if command == "update":
        update()
    elif command == "compile":
        print(f"compiled {compile_catalog()}")
    else:
        raise SystemExit("usage: python -m generator.catalog [update|compile]")
