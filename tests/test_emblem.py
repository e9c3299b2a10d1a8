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


@pytest.mark.parametrize("lang", ["th", "en"])
@pytest.mark.parametrize("value, thai, english", [
    ("../../../etc/passwd", "ไฟล์ตราครุฑ: ห้ามใช้ .. ออกนอกโฟลเดอร์", "emblem file: a path may not climb out"),
    ("/etc/passwd", "ไม่ใช่ที่อยู่เต็ม", "absolute"),
    ("2567.toml", "ต้องเป็นภาพ PNG หรือ JPEG", "PNG or JPEG"),
    ("missing.png", "ไม่พบไฟล์", "no file"),
])
def test_bad_emblem_is_refused(office, tmp_path, value, thai, english, lang):
    office.write_text(office.read_text(encoding="utf-8").replace(
        'emblem = "garuda.png"', f'emblem = "{value}"'), encoding="utf-8")
    result = run_prakat("build", str(office), "--output", str(tmp_path / "out"), "--lang", lang)
    assert result.returncode == 2, result.stderr
    said, other = (thai, english) if lang == "th" else (english, thai)
    assert "announcement.emblem" in result.stderr and said in result.stderr, result.stderr
    assert other not in result.stderr, result.stderr
    assert not (tmp_path / "out").exists()


# --- issue 12: only a small, whole image is read -----------------------------------

def _png_chunk(kind: bytes, data: bytes) -> bytes:
    import struct
    import zlib

    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def _declared_png(width: int, height: int) -> bytes:
    """A PNG that declares ``width``×``height`` grey pixels but holds a few
    rows: what a decompression bomb looks like before it is expanded."""
    import struct
    import zlib

    rows = zlib.compress(b"\0" * (1 + width) * 8, 9)
    return (b"\x89PNG\r\n\x1a\n" + _png_chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0))
            + _png_chunk(b"IDAT", rows) + _png_chunk(b"IEND", b""))


def _damaged_png() -> bytes:
    data = bytearray(_office_png())
    data[60] ^= 0xFF  # inside the image data: its checksum no longer matches
    return bytes(data)


#: name → (how the file is made, words of the English message)
BAD_IMAGES = {
    "bomb": (lambda path: path.write_bytes(_declared_png(20000, 20000)), "too many pixels"),
    "wide": (lambda path: path.write_bytes(_declared_png(9000, 300)), "9,000×300 pixels, too large"),
    "huge": (lambda path: _sparse(path, 64 * 1024 * 1024), "the emblem file is too large"),
    "truncated": (lambda path: path.write_bytes(_office_png()[:200]), "damaged or incomplete"),
    "damaged": (lambda path: path.write_bytes(_damaged_png()), "damaged or incomplete"),
    "jpeg": (lambda path: path.write_bytes(b"\xff\xd8\xff\xe0" + b"\x00" * 64), "damaged or incomplete"),
}


def _sparse(path, size: int) -> None:
    """A file of ``size`` bytes that starts like a PNG and takes no disk space."""
    with open(path, "wb") as stream:
        stream.write(_office_png())
        stream.truncate(size)


@pytest.mark.parametrize("name", sorted(BAD_IMAGES))
def test_image_problem_names_what_is_wrong(tmp_path, name):
    from generator.content.files import check_image

    make, words = BAD_IMAGES[name]
    path = tmp_path / f"{name}.png"
    make(path)
    problem = check_image(path)
    english, thai = problem.text("en"), problem.text("th")
    assert words in english and words not in thai
    assert any("\u0e00" <= c <= "\u0e7f" for c in thai)
    assert check_image(tmp_path / "missing.png") is not None


def test_a_good_emblem_passes_the_checks(tmp_path):
    from generator.content.files import check_image

    (tmp_path / "good.png").write_bytes(_office_png())
    assert check_image(tmp_path / "good.png") is None


def test_bad_emblems_are_refused_and_the_other_editions_still_build(tmp_path):
    """Each bad image is a located error in its own edition; a good edition
    in the same batch builds, and no bad image reaches the output."""
    content = tmp_path / "content"
    seed = SEED_CONTENT.read_text(encoding="utf-8")
    for name, (make, _) in BAD_IMAGES.items():
        folder = content / name
        folder.mkdir(parents=True)
        make(folder / "emblem.png")
        (folder / "2567.toml").write_text(
            seed.replace('province = "khon-kaen"', f'province = "{name}"').replace(
                'closing = "', 'emblem = "emblem.png"\nclosing = "'), encoding="utf-8")
    (content / "good").mkdir()
    (content / "good" / "2567.toml").write_text(
        seed.replace('province = "khon-kaen"', 'province = "good"'), encoding="utf-8")
    output = tmp_path / "out"
    result = run_prakat("build", str(content), "--output", str(output), "--format", "html",
                        "-j", "1", "--lang", "en")
    assert result.returncode == 2, result.stdout + result.stderr
    assert "Traceback" not in result.stderr and "unexpected" not in result.stderr, result.stderr
    for name, (_, words) in BAD_IMAGES.items():
        lines = [line for line in result.stderr.splitlines() if f"content/{name}/2567.toml" in line]
        assert any("announcement.emblem" in line and words in line for line in lines), \
            (name, result.stderr)
        assert not (output / name).exists()
    assert (output / "good" / "2567" / "good-2567.html").is_file()
    assert [p.name for p in (output / "assets").iterdir()] == ["emblem-placeholder.png"]
    assert "built 1" in result.stdout and "failed 6" in result.stdout, result.stdout
