"""The format profile: every figure of the official layout, in one place.

The print CSS, the screen CSS and the DOCX writer all read these figures, so
another agency's variant (margins, Arabic digits, a smaller emblem) is a
setting here, not a code change.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Profile:
    name: str = "official"
    version: int = 1
    page_width_mm: float = 210.0       # A4
    page_height_mm: float = 297.0
    margin_left_mm: float = 30.0       # typing guide (2553)
    margin_right_mm: float = 20.0
    margin_bottom_mm: float = 20.0
    margin_top_first_mm: float = 15.0  # the emblem's top on page 1 (practice)
    margin_top_mm: float = 25.0        # later pages (practice)
    page_number_top_mm: float = 10.0   # top of the page number's line, from the top edge
    emblem_height_mm: float = 30.0     # clause 71: 3 cm for announcements
    font_family: str = "TH Sarabun New"
    font_size_pt: float = 16.0
    first_line_indent_mm: float = 25.0
    block_space_pt: float = 6.0        # space before each block (practice)
    item_indent_mm: float = 25.0       # where a sub-item's marker starts
    item_hang_mm: float = 10.0         # marker width: wrapped lines align after it
    signature_left_ratio: float = 0.5  # the signature block is centred in the right half
    signature_space_lines: int = 3     # room for the handwritten signature
    rule_width_mm: float = 40.0        # the short rule under the subject
    line_height: float = 1.3           # single spacing: TH Sarabun New's ascent + descent
    digits: str = "thai"

    @property
    def text_width_mm(self) -> float:
        return self.page_width_mm - self.margin_left_mm - self.margin_right_mm


OFFICIAL = Profile()
