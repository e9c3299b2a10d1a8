"""Turn an :class:`~generator.model.Announcement` into one semantic HTML document.

There is one Jinja environment (StrictUndefined, autoescape on) and one
template; the HTML, PDF and DOCX writers all start from the string returned
by :func:`render`, so no text exists in only one output.
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache
from pathlib import Path

import jinja2
import markupsafe

from . import emblem, thai, versions
from .content import REFERENCE
from .model import Announcement, Paragraph, Section, Value
from .profile import OFFICIAL, Profile

ROOT = Path(__file__).resolve().parent.parent
TEMPLATES = ROOT / "templates"

#: How the HTML reaches its assets, relative to ``output/<province>/<edition>/``.
ASSET_PREFIX = "../../"


def format_value(value: Value, profile: Profile, form: str | None = None) -> str:
    """A value from ``[values]`` as it is written in the text."""
    if isinstance(value, dt.date):
        return thai.date(value, profile.digits, era=form == "era")
    return thai.number(value, profile.digits)


def expand(text: str, announcement: Announcement, profile: Profile) -> str:
    """Replace ``{name}`` references, write every digit per the profile, and
    join with no-break spaces what must stay on one line."""

    def replace(match, depth=0):
        name, form = match.groups()
        if name in announcement.phrases:
            if depth > 20:  # the validator rejects loops; this is a backstop
                raise RecursionError(f"phrase {name} refers to itself")
            return REFERENCE.sub(lambda m: replace(m, depth + 1),
                                 announcement.phrases[name])
        return format_value(announcement.values[name], profile, form)

    return thai.keep_together(thai.digits(REFERENCE.sub(replace, text), profile.digits))


@lru_cache(maxsize=8)
def environment(folder: str | None = None) -> jinja2.Environment:
    """The Jinja environment of one template version's folder (the current
    one by default); built once per process and folder."""
    if folder is None:
        folder = str(versions.template_dir())
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(folder),
        undefined=jinja2.StrictUndefined,
        # HTML templates escape everything; the CSS template sees only the profile.
        autoescape=jinja2.select_autoescape(["html.j2"], default_for_string=True),
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["thai_digits"] = lambda s, system="thai": thai.digits(str(s), system)
    env.filters["thai_date"] = lambda d, system="thai", era=True: thai.date(d, system, era)
    env.filters["marker"] = lambda n, style="period", system="thai": thai.list_marker(n, style, system)
    env.tests["section"] = lambda block: isinstance(block, Section)
    env.tests["paragraph"] = lambda block: isinstance(block, Paragraph)
    return env


def render(announcement: Announcement, profile: Profile = OFFICIAL,
           templates: Path | None = None) -> str:
    """The announcement as a standalone HTML page (CSS inline, fonts linked),
    with the template version it names (``[issued]``), or ``templates``."""
    folder = templates or versions.template_dir(announcement.template_version)
    env = environment(str(folder))

    def text(value: str) -> str:
        return expand(value, announcement, profile)

    css = markupsafe.Markup(
        env.get_template("prakat.css.j2").render(profile=profile, assets=ASSET_PREFIX))
    return env.get_template("announcement.html.j2").render(
        a=announcement, profile=profile, text=text, css=css, assets=ASSET_PREFIX,
        emblem=emblem.asset(announcement, profile)[0])
