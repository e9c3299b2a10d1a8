"""The emblem: a configured office file in every output, or the placeholder."""

from __future__ import annotations

import io
import zipfile

import pytest
from PIL import Image

from conftest import SEED_CONTENT, run_prakat
from generator import build
from generator import content
from generator.render import emblem
from generator.format.profile import OFFICIAL
from pdfmeasure import read


def _office_png() -> bytes:
    image = Image.new("L", (300, 354), 200)  # not square: the emblem keeps its shape
    out = io.BytesIO()
    image.save(out, format="PNG", dpi=(300, 300))
    return out.getvalue()


@pytest.fixture
def office(tmp_path):
    folder = tmp_path / "khon-kaen"
    folder.mkdir()
    (folder / "garuda.png").write_bytes(_office_png())
    source = SEED_CONTENT.read_text(encoding="utf-8").replace(
        'closing = "', 'emblem = "garuda.png"\nclosing = "')
    (folder / "2567.toml").write_text(source, encoding="utf-8")
    return folder / "2567.toml"


def test_placeholder_is_the_emblem_size():
    data = emblem.placeholder_png(OFFICIAL.emblem_height_mm)
    image = Image.open(io.BytesIO(data))
    height_mm = image.size[1] / image.info["dpi"][1] * 25.4
    assert abs(height_mm - OFFICIAL.emblem_height_mm) < 0.1
    assert data == emblem.placeholder_png(OFFICIAL.emblem_height_mm)


def test_configured_emblem_in_every_output(office):
    announcement = content.load(office)
    out = build.render_outputs(announcement)
    name, data = emblem.asset(announcement, OFFICIAL)
    assert name.startswith("emblem-") and data == _office_png()
    assert f'src="../../assets/{name}"' in out["html"].decode()
    x0, top, width, height = read(out["pdf"])[0].images[0]
    assert abs(height - OFFICIAL.emblem_height_mm) < 0.5 and abs(top - OFFICIAL.margin_top_first_mm) < 0.5
    assert abs(width / height - 300 / 354) < 0.01
    media = [n for n in zipfile.ZipFile(io.BytesIO(out["docx"])).namelist() if n.startswith("word/media/")]
    assert [zipfile.ZipFile(io.BytesIO(out["docx"])).read(n) for n in media] == [_office_png()]


@pytest.mark.parametrize("value, needle", [
    ("../../../etc/passwd", ".."),
    ("/etc/passwd", "absolute"),
    ("2567.toml", "PNG or JPEG"),
    ("missing.png", "no file"),
])
def test_bad_emblem_is_refused(office, tmp_path, value, needle):
    office.write_text(office.read_text(encoding="utf-8").replace(
        'emblem = "garuda.png"', f'emblem = "{value}"'), encoding="utf-8")
    result = run_prakat("build", str(office), "--output", str(tmp_path / "out"), "--lang", "en")
    assert result.returncode == 2, result.stderr
    assert "announcement.emblem" in result.stderr and needle in result.stderr, result.stderr
    assert not (tmp_path / "out").exists()
