"""Turn an :class:`~generator.model.Announcement` into one semantic HTML document.

There is one Jinja environment per template version (StrictUndefined,
autoescape on); the HTML, PDF and DOCX writers all start from the string
returned by :func:`render`, so no text exists in only one output. Template
version 1 (the Khon Kaen plan's layout, which archived editions are pinned to)
and version 3 (the same layout with its sign-off date kept on one line)
receive the format-1 blocks they were written for; a folder with the
document tree's page (version 2) receives the document tree.
"""

from __future__ import annotations

import datetime as dt
import re
from functools import lru_cache
from pathlib import Path

import jinja2
import markupsafe

from types import SimpleNamespace

from generator.render import emblem
from generator.render import marks as marks_module
from generator.document import kinds
from generator.content import legacy
from generator import thai
from generator.format import versions
from generator.content.validate import REFERENCE
from generator.content.format2 import REFERENCE as REFERENCE2
from generator.content.format2 import refs as node_refs
from generator.content.legacy import Paragraph, Section
from generator.document.model import Announcement, Node, Value, Written
from generator.messages import M
from generator.format.profile import OFFICIAL, Profile


#: How the HTML reaches its assets, relative to ``output/<province>/<edition>/``.
ASSET_PREFIX = "../../"


def format_value(value: Value, profile: Profile, form: str | None = None) -> str:
    """A value from ``[values]`` as it is written in the text: a number as
    the content wrote it (``0.40`` → ๐.๔๐), in the document's digits."""
    if isinstance(value, dt.date):
        return thai.date(value, profile.digits, era=form == "era")
    if isinstance(value, Written):
        return thai.digits(value.text, profile.digits)
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


#: A fill-in line inside expanded text: start, width in mm, end (private-use
#: characters no content may hold: the validator refuses them).
BLANK_START, BLANK_END = "\ue000", "\ue001"
_BLANK = re.compile(f"{BLANK_START}([0-9๐-๙]+){BLANK_END}")
#: A fill-in line's length when the content gives none.
BLANK_MM = 60


def expand2(text: str, announcement: Announcement, profile: Profile,
            refs: dict[str, tuple[str, int]]) -> str:
    """Format-2 text: values, phrases, ``{ref:id}`` as the clause's generated
    number, ``{blank}`` as a fill-in marker; digits and no-break joins as
    :func:`expand`."""

    def replace(match, depth=0):
        name, form = match.groups()
        if name == "ref":
            scheme, number = refs[form]
            return thai.label(scheme, number, "arabic", profile.letters)
        if name == "blank":
            return f"{BLANK_START}{form or BLANK_MM}{BLANK_END}"
        if name in announcement.phrases:
            if depth > 20:  # the validator rejects loops; this is a backstop
                raise RecursionError(f"phrase {name} refers to itself")
            return REFERENCE2.sub(lambda m: replace(m, depth + 1), announcement.phrases[name])
        return format_value(announcement.values[name], profile, form)

    return thai.keep_together(thai.digits_outside_urls(REFERENCE2.sub(replace, text), profile.digits))


def markup(text: str) -> markupsafe.Markup:
    """Expanded text as HTML: escaped, each web or e-mail address in a
    ``span.url`` (``lang="zxx"``: no language; the PDF breaks it only after
    ``/ . - ? & = _``), each fill-in line drawn as an empty span."""
    out, last = [], 0
    for match in thai.URL.finditer(text):
        out.append(markupsafe.escape(text[last:match.start()]))
        out.append(f'<span class="url" lang="zxx">{markupsafe.escape(match.group(0))}</span>')
        last = match.end()
    out.append(markupsafe.escape(text[last:]))
    return markupsafe.Markup(_BLANK.sub(
        lambda m: f'<span class="fill" style="width: {int(thai.digits(m.group(1), "arabic"))}mm"></span>',
        "".join(map(str, out))))


@lru_cache(maxsize=8)
def environment(folder: str | None = None) -> jinja2.Environment:
    """The Jinja environment of one template version's folder (the current
    one by default); built once per process and folder."""
    if folder is None:
        folder = str(versions.template_dir())
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(folder),
        undefined=jinja2.StrictUndefined,
        # HTML templates escape everything. The CSS template sees only the
        # profile, whose every figure is checked as the number or name it must
        # be (generator.format.profile); it is escaped as well, as a second
        # line: the stylesheet sits inside <style>, where a "<" from a value
        # could otherwise end it. (No valid figure holds < > & " or '.)
        autoescape=jinja2.select_autoescape(["html.j2", "css.j2"], default_for_string=True),
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["thai_digits"] = lambda s, system="thai": thai.digits(str(s), system)
    env.filters["thai_date"] = lambda d, system="thai", era=True: thai.date(d, system, era)
    # No-break spaces inside what must stay on one line (the sign-off date of
    # template version 3; version 1 never uses it, its output is frozen).
    env.filters["keep_together"] = lambda s: thai.keep_together(str(s))
    env.filters["marker"] = lambda n, style="period", system="thai": thai.list_marker(n, style, system)
    env.tests["section"] = lambda block: isinstance(block, Section)
    env.tests["paragraph"] = lambda block: isinstance(block, Paragraph)
    return env


def render(announcement: Announcement, profile: Profile = OFFICIAL,
           templates: Path | None = None, marks: "marks_module.Marks | None" = None) -> str:
    """The document as a standalone HTML page (CSS inline, fonts linked),
    with the template version it names (``[issued]``), or ``templates``;
    ``marks`` (a review draft's, a certified copy's: :mod:`generator.render.marks`)
    are added after the template has rendered. Without marks, the page is
    exactly the template's."""
    page = _page(announcement, profile, templates)
    return marks_module.apply(page, announcement, profile, marks)


def _page(announcement: Announcement, profile: Profile, templates: Path | None) -> str:
    """The page the template renders."""
    version = versions.template_version_for(announcement)
    folder = templates or versions.template_dir(version)
    env = environment(str(folder))
    css = markupsafe.Markup(
        env.get_template("prakat.css.j2").render(profile=profile, assets=ASSET_PREFIX))
    image = emblem.asset(announcement, profile)[0]
    if not (folder / kinds.FILE).is_file():
        # The plan page (template versions 1 and 3): the format-1 blocks it was written for.
        def text(value: str) -> str:
            return expand(value, announcement, profile)

        if announcement.format != 1 or announcement.annexes:
            raise legacy.BuildError(M("template version {version} renders format-1 content only",
                                      version=version))
        view = SimpleNamespace(issuer=announcement.issuer, subject=announcement.subject,
                               date=announcement.date, closing=announcement.closing,
                               signer=announcement.signer,
                               body=legacy.v1_blocks(announcement.body))
        return env.get_template("announcement.html.j2").render(
            a=view, profile=profile, text=text, css=css, assets=ASSET_PREFIX, emblem=image)
    kind = kinds.load(folder).get(announcement.kind)
    if kind is None:
        raise legacy.BuildError(M("template {folder} does not know the kind {kind}",
                                  folder=str(folder), kind=announcement.kind))
    refs = node_refs(announcement)

    def text2(value: str) -> markupsafe.Markup:
        return markup(expand2(value, announcement, profile, refs))

    def label(node: Node) -> str:
        return thai.label(node.scheme, node.number, profile.digits, profile.letters)

    def number(value) -> str:
        return thai.number(value, profile.digits)

    def subject(value: str) -> markupsafe.Markup:
        # The last word never stands alone on the subject's last line: where no
        # space precedes it, the last two words are kept on one line.
        expanded = thai.keep_last_word(expand2(value, announcement, profile, refs))
        cuts = thai.breaks(expanded)
        if not cuts or expanded[cuts[-1] - 1].isspace():
            return markup(expanded)
        start = cuts[-2] if len(cuts) > 1 else 0
        return markupsafe.Markup(f'{markup(expanded[:start])}<span class="keep">{markup(expanded[start:])}</span>')

    date = thai.keep_together(thai.era_date(announcement.date, profile.digits, announcement.date_era))
    return env.get_template("document.html.j2").render(
        d=announcement, kind=kind, profile=profile, text=text2, label=label, number=number,
        subject=subject, signoff_date=date, css=css, assets=ASSET_PREFIX, emblem=image,
        last_part=last_part, hanging=hanging)


#: Schemes whose items hang: the text of wrapped lines aligns after the marker.
HANGING = ("- ๑)", "-", "•")


def hanging(node: Node) -> bool:
    return node.scheme in HANGING


def last_part(node: Node) -> str:
    """Which part of ``node`` ends it (where a closing quote mark goes)."""
    if node.after:
        return "after"
    if node.items:
        return "items"
    if node.paragraphs:
        return "paragraphs"
    if node.table is not None:
        return "table"
    if node.quote:
        return "quote"
    return "text"
