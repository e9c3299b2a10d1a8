"""Template version 4: version 3 with list markers that never wrap. In
versions 1 and 3 a marker wider than its place ("- ๑๐๐)" from the hundredth
item on) breaks after the dash; they stay so, as issued."""

from __future__ import annotations

import re

import pypdfium2
import pytest

from conftest import SEED_CONTENT
from generator import build, content
from generator.format import versions

ITEMS = 105


def _with_long_list(tmp_path, version: int):
    """The seed pinned to template ``version``, with a section of ITEMS items."""
    text = SEED_CONTENT.read_text(encoding="utf-8")
    assert "\ntemplate_version = 1\n" in text
    text = text.replace("\ntemplate_version = 1\n", f"\ntemplate_version = {version}\n")
    items = ",\n  ".join(f'"รายการที่ทดสอบความกว้างของเครื่องหมายลำดับ {n}"' for n in range(ITEMS))
    head, issued = text.split("\n[issued]", 1)
    text = f'{head}\n[[body]]\nheading = "รายการทดสอบ"\nitems = [\n  {items},\n]\n\n[issued]{issued}'
    path = tmp_path / f"v{version}" / "2567.toml"
    path.parent.mkdir(parents=True)
    path.write_text(text, encoding="utf-8")
    return content.load(path)


def _lines(pdf: bytes) -> list[str]:
    document = pypdfium2.PdfDocument(pdf)
    text = "\n".join(page.get_textpage().get_text_range() for page in document)
    return [line.strip() for line in text.splitlines()]


@pytest.mark.parametrize("version, wraps", [(3, True), (4, False)])
def test_a_wide_list_marker_stays_on_its_line_from_version_4(tmp_path, version, wraps):
    edition = _with_long_list(tmp_path, version)
    assert versions.template_version_for(edition) == version
    lines = _lines(build.render_outputs(edition, ("pdf",))["pdf"])
    # PDFium gives a line that ends in "-" as U+FFFE joined to the next one.
    broken = sum(1 for line in lines if re.match("\ufffe[๐-๙]{3}\\)", line))
    whole = sum(1 for line in lines if re.match("- [๐-๙]{3}\\)", line))
    if wraps:
        assert broken == ITEMS - 99 and whole == 0, (broken, whole)
    else:
        assert broken == 0 and whole == ITEMS - 99, (broken, whole)
