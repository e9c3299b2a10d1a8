"""Marks put on a rendered page after its template: a review draft's, a certified copy's.

The templates are frozen (their bytes are part of archived editions'
fingerprints), so the marks are added to the page the template rendered:
a stylesheet after the template's own, elements right after ``<body>`` and
after ``</article>``. They stay outside ``<article>``, the document proper:
the DOCX writer reads them from there (the draft's watermark and footer line)
and refuses the ones it has no place for (a certified copy is a PDF).
Without marks the page is returned unchanged, byte for byte.

A draft (:attr:`Marks.draft`):

- every printed page carries a light "ร่าง" watermark across its middle,
  drawn as text behind the document's text (a fixed element: WeasyPrint
  repeats it on every page, out of the flow, so the draft's pages break
  exactly where the issued edition's do);
- a footer line in every page's bottom margin names the edition
  (``khon-kaen/2567``) and the first 8 hex digits of its content's SHA-256
  (:func:`generator.document.digest.short_digest`): a printed page says
  which version it is;
- on screen, a banner (``role="note"``) says the same at the top.

A certified copy (:attr:`Marks.copy`, a :class:`Certification`):

- "สำเนาที่ ๒/๕" in the top margin of every page, at the right;
- the certification block of the Regulation on Correspondence (สำเนาถูกต้อง,
  a signature line, the certifier's name in parentheses, position, date) at
  the bottom right of the last page. It is a CSS footnote: WeasyPrint keeps
  the page's text clear of it, and when the last page has no room left it
  goes to the bottom of a new page.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from markupsafe import escape

from generator import thai
from generator.document.digest import short_digest
from generator.document.model import Announcement
from generator.errors import BuildError
from generator.messages import M
from generator.format.profile import Profile

#: The word of the watermark (and of the footer line's start).
DRAFT_WORD = "ร่าง"
#: The watermark's colour: light grey, so the text above it stays readable.
WATERMARK_COLOUR = "#d9d9d9"
WATERMARK_SIZE_PT = 300
#: How far (in em, right and down) the watermark's line box moves so that the
#: ink of "ร่าง" in TH Sarabun New Bold, turned 45°, centres on the page.
INK_SHIFT_EM = (0.03, 0.05)
FOOTER_SIZE_PT = 12
#: How many copies one certification may number (สำเนาที่ ๑/๙๙๙ at most).
MAX_COPIES = 999
#: The length of the signature line in the certification block.
SIGN_LINE_MM = 50

# Class names of the mark elements (outside <article>; the DOCX writer knows them).
BANNER = "prakat-draft-banner"
WATERMARK = "prakat-draft-watermark"
FOOTER = "prakat-draft-footer"
COPY_NUMBER = "prakat-copy-number"
CERTIFIED = "prakat-certified"


@dataclass(frozen=True)
class Certification:
    """One certified copy: who certifies it, and which copy of how many it is."""

    name: str          # the certifier, without parentheses: "นางสาวสมใจ ใจดี"
    position: str      # "นักจัดการงานทั่วไปชำนาญการ"
    date: dt.date
    number: int        # this copy, 1 to total
    total: int

    def __post_init__(self):
        if not 1 <= self.number <= self.total <= MAX_COPIES:
            raise ValueError(f"copy {self.number} of {self.total}: outside 1..{MAX_COPIES}")


@dataclass(frozen=True)
class Marks:
    """What to mark a page with; ``Marks()`` marks nothing."""

    draft: bool = False
    copy: Certification | None = None

    @property
    def empty(self) -> bool:
        return not self.draft and self.copy is None


def edition_id(announcement: Announcement) -> str:
    """``khon-kaen/2567``: the issuer's id and the edition, as the commands name it."""
    return f"{announcement.issuer_id}/{announcement.edition}"


def draft_line(announcement: Announcement) -> str:
    """The footer line of every draft page: what version this is."""
    return (f"{DRAFT_WORD}เพื่อตรวจทาน ฉบับ {edition_id(announcement)}"
            f" รหัสเนื้อหา {short_digest(announcement)}")


def copy_label(certification: Certification, digits: str = "thai") -> str:
    """``สำเนาที่ ๒/๕``."""
    return thai.digits(f"สำเนาที่ {certification.number}/{certification.total}", digits)


def apply(html: str, announcement: Announcement, profile: Profile, marks: Marks | None) -> str:
    """The rendered page ``html`` with ``marks``; unchanged without any."""
    if marks is None or marks.empty:
        return html
    top: list[str] = []
    after: list[str] = []
    if marks.draft:
        top.extend(_draft_elements(announcement))
    if marks.copy is not None:
        top.append(f'<div class="{COPY_NUMBER}" lang="th">{escape(copy_label(marks.copy, profile.digits))}</div>')
        after.append(_certification(marks.copy, profile))
    html = _insert(html, "</style>\n", f"<style>\n{stylesheet(marks, profile)}</style>\n")
    html = _insert(html, "<body>\n", "".join(line + "\n" for line in top))
    if after:
        html = _insert(html, "</article>\n", "".join(line + "\n" for line in after))
    return html


def _insert(html: str, anchor: str, text: str) -> str:
    """``text`` right after the first ``anchor`` of ``html``."""
    at = html.find(anchor)
    if at < 0:
        raise BuildError(M("the rendered page has no {anchor} to put the draft or copy marks by",
                           anchor=anchor.strip()))
    at += len(anchor)
    return html[:at] + text + html[at:]


def _draft_elements(announcement: Announcement) -> list[str]:
    ident = escape(edition_id(announcement))
    digest = escape(short_digest(announcement))
    return [
        f'<div class="{BANNER}" role="note" lang="th"><strong>{DRAFT_WORD}เพื่อตรวจทาน</strong>'
        f" ยังไม่ใช่ฉบับที่ลงนามและประกาศ ฉบับ <span lang=\"zxx\">{ident}</span>"
        f" รหัสเนื้อหา <span lang=\"zxx\">{digest}</span></div>",
        f'<div class="{WATERMARK}" aria-hidden="true" lang="th">{DRAFT_WORD}</div>',
        f'<div class="{FOOTER}" lang="th">{DRAFT_WORD}เพื่อตรวจทาน ฉบับ <span lang="zxx">{ident}</span>'
        f' รหัสเนื้อหา <span lang="zxx">{digest}</span></div>',
    ]


def _certification(copy: Certification, profile: Profile) -> str:
    def line(cls: str, text: str) -> str:
        return f'<p class="{CERTIFIED}-{cls}">{escape(thai.digits(text, profile.digits))}</p>'

    return "".join([
        f'<div class="{CERTIFIED}" lang="th">',
        line("title", "สำเนาถูกต้อง"),
        f'<p class="{CERTIFIED}-sign" aria-label="ลายมือชื่อผู้รับรอง">'
        f'<span class="{CERTIFIED}-line"></span></p>',
        line("name", f"({copy.name})"),
        line("position", copy.position),
        line("date", thai.date(copy.date, profile.digits, era=False)),
        "</div>",
    ])


def stylesheet(marks: Marks, profile: Profile) -> str:
    """The marks' CSS: print (the PDF) and screen (the HTML page)."""
    size = profile.font_size_pt
    line = profile.line_height
    print_rules: list[str] = []
    screen_rules: list[str] = []
    if marks.draft:
        band_mm = 90  # the watermark's line box; its middle is the page area's middle
        # The ink of "ร่าง" in the pinned font sits off its line box's middle:
        # shift the box so the ink's middle is the page's.
        em_mm = WATERMARK_SIZE_PT * 25.4 / 72
        right_mm, down_mm = INK_SHIFT_EM[0] * em_mm, INK_SHIFT_EM[1] * em_mm
        print_rules.append(f"""\
  .{BANNER} {{ display: none; }}
  .{WATERMARK} {{
    position: fixed; z-index: -1; top: 50%; height: {band_mm}mm;
    margin-top: {down_mm - band_mm / 2:.2f}mm;
    left: {right_mm - profile.margin_left_mm:.2f}mm; right: {-right_mm - profile.margin_right_mm:.2f}mm;
    font-size: {WATERMARK_SIZE_PT}pt; font-weight: bold; line-height: {band_mm}mm; text-align: center;
    color: {WATERMARK_COLOUR}; transform: rotate(-45deg);
  }}
  .{FOOTER} {{
    position: running(prakat-draft-footer);
    font-size: {FOOTER_SIZE_PT}pt; line-height: {line}; text-align: center; text-indent: 0;
  }}
  @page {{
    @bottom-center {{ content: element(prakat-draft-footer); vertical-align: middle; }}
  }}""")
        screen_rules.append(f"""\
  .{WATERMARK}, .{FOOTER} {{ display: none; }}
  .{BANNER} {{
    position: sticky; top: 0; z-index: 1; margin: 0; padding: 0.4em 1em;
    background: #fff3bf; border-bottom: 2px solid #e0a800; color: #000; text-align: center;
  }}""")
    if marks.copy is not None:
        room = size * line * max(1, profile.signature_space_lines - 1)
        print_rules.append(f"""\
  .{COPY_NUMBER} {{
    position: running(prakat-copy-number);
    font-size: {size}pt; line-height: {line}; text-align: right; text-indent: 0;
  }}
  @page {{
    @top-right {{
      content: element(prakat-copy-number); vertical-align: top;
      padding-top: {profile.page_number_top_mm}mm;
    }}
    @footnote {{ margin-top: {profile.block_space_pt * 3}pt; }}
  }}
  @page :first {{
    @top-right {{ vertical-align: middle; padding-top: 0; }}
  }}
  .{CERTIFIED} {{
    float: footnote; footnote-display: block; break-inside: avoid;
    margin-left: 50%; text-align: center; text-indent: 0;
    font-size: {size}pt; line-height: {line};
  }}
  .{CERTIFIED}::footnote-call, .{CERTIFIED}::footnote-marker {{ content: none; }}""")
        screen_rules.append(f"""\
  .{COPY_NUMBER} {{ text-align: right; }}
  .{CERTIFIED} {{ margin: 2em 0 0 50%; text-align: center; }}""")
        shared = f"""\
.{CERTIFIED} p {{ margin: 0; }}
.{CERTIFIED}-sign {{ padding-top: {room}pt; }}
.{CERTIFIED}-line {{
  display: inline-block; width: {SIGN_LINE_MM}mm; height: 0.9em; border-bottom: 1pt dotted #000;
}}
"""
    else:
        shared = ""
    return (shared
            + "@media print {\n" + "\n".join(print_rules) + "\n}\n"
            + "@media screen {\n" + "\n".join(screen_rules) + "\n}\n")
