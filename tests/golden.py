"""Turn rendered outputs into golden files a reviewer can read, and compare them.

The goldens of one edition live in ``tests/golden/<province>/<edition>/``:

- ``html/document.html``: the HTML page, normalised (line ends, trailing blanks);
- ``pdf/layout.txt``: page count and size, then for every line of every page its
  baseline, left and right extent (mm, to 0.1), font and size, and text; and the
  rules and shapes drawn;
- ``pdf/page-N.png``: each page in grey at :data:`DPI`, compared with a tolerance;
- ``docx/<part>``: the parts that decide the layout and metadata (:data:`DOCX_PARTS`),
  as canonical XML (C14N), indented; ``docx/parts.txt`` lists every zip entry.

:func:`compare` never writes a golden; :func:`bless` (``make golden``, which
runs this file) writes them and says which changed. Run as a script:
``python tests/golden.py [content files…]``.
"""

from __future__ import annotations

import difflib
import fnmatch
import hashlib
import io
import os
import re
import sys
import zipfile
from dataclasses import dataclass
from typing import Union
from pathlib import Path
from unittest import mock

from PIL import Image, ImageChops

ROOT = Path(__file__).resolve().parent.parent
GOLDEN = ROOT / "tests" / "golden"
RESULTS = ROOT / "tests" / "results"
CONTENT = ROOT / "content"

FORMATS = ("html", "pdf", "docx")
#: Page images: resolution, and what counts as a changed picture. A pixel has
#: changed when its grey differs by more than PIXEL_LEVELS; a page has changed
#: when more than PAGE_PIXELS of them have (anti-aliasing noise stays below).
DPI = 40
PIXEL_LEVELS = 64
PAGE_PIXELS = 8
#: DOCX parts kept as golden XML (glob patterns on the zip entry names).
DOCX_PARTS = ("word/document.xml", "word/styles.xml", "word/numbering.xml",
              "word/settings.xml", "docProps/core.xml", "docProps/app.xml",
              "word/fontTable.xml", "word/_rels/fontTable.xml.rels", "word/header*.xml",
              "word/footer*.xml")
MM_PER_PT = 25.4 / 72
#: How many diff lines a failure message shows per file.
DIFF_LINES = 40

Artifact = Union[str, Image.Image]


# --- rendering --------------------------------------------------------------------

def content_files() -> list[Path]:
    """Every content file under ``content/``, in a stable order."""
    from generator import build
    return build.discover([CONTENT])


def edition_key(path: Path) -> str:
    """``khon-kaen/2567`` for ``content/khon-kaen/2567.toml``: where its goldens live."""
    return path.resolve().relative_to(CONTENT).with_suffix("").as_posix()


def render(source, formats=FORMATS, profile=None) -> dict[str, bytes]:
    """The outputs of a content file (or a loaded announcement), as ``prakat build`` makes them.

    ``SOURCE_DATE_EPOCH`` is ignored here, so goldens hold the content's dates.
    """
    from generator import build
    from generator import content

    announcement = content.load(source) if isinstance(source, Path) else source
    environ = {k: v for k, v in os.environ.items() if k != "SOURCE_DATE_EPOCH"}
    with mock.patch.dict(os.environ, environ, clear=True):
        # The profile the edition is pinned to (or its own file), unless a test gives one.
        return build.render_outputs(announcement, formats, profile)


# --- outputs → goldens ------------------------------------------------------------

def html_golden(data: bytes) -> str:
    """The HTML page with ``\\n`` line ends, no trailing blanks, one final newline."""
    lines = data.decode("utf-8").replace("\r\n", "\n").replace("\r", "\n").split("\n")
    return "\n".join(line.rstrip() for line in lines).strip("\n") + "\n"


_SUBSET_TAG = re.compile(r"^[A-Z]{6}\+")


def _mm(points: float) -> str:
    return f"{points * MM_PER_PT:6.1f}"


def pdf_layout(data: bytes) -> str:
    """Page count and size, each line of text and each shape, in mm from the top left."""
    import pdfplumber

    out = ["# text: baseline y, left x, right x (mm from the top left), font size (pt) | text",
           "# shape: kind, top y, bottom y, left x, right x (mm)"]
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        out.append(f"pages {len(pdf.pages)}")
        for number, page in enumerate(pdf.pages, 1):
            out.append(f"page {number}  {_mm(page.width).strip()} x {_mm(page.height).strip()} mm")
            lines: dict[float, list[dict]] = {}
            for char in page.chars:
                # The baseline is the text origin (matrix f), measured from the top.
                baseline = round(float(page.height) - char["matrix"][5], 2)
                lines.setdefault(baseline, []).append(char)
            rows = []
            for baseline, chars in lines.items():
                ink = [c for c in chars if c["text"].strip()] or chars
                fonts = []
                for char in chars:
                    font = f"{_SUBSET_TAG.sub('', char['fontname'])} {char['size']:.1f}"
                    if font not in fonts:
                        fonts.append(font)
                text = "".join(c["text"] for c in chars).strip()
                left, right = min(c["x0"] for c in ink), max(c["x1"] for c in ink)
                rows.append((baseline, left, f"  text {_mm(baseline)} {_mm(left)} {_mm(right)}"
                                             f"  {' + '.join(fonts)} | {text}"))
            for kind in ("rect", "line", "curve"):
                for shape in getattr(page, f"{kind}s"):
                    rows.append((shape["top"], shape["x0"],
                                 f"  {kind:5}{_mm(shape['top'])} {_mm(shape['bottom'])}"
                                 f" {_mm(shape['x0'])} {_mm(shape['x1'])}"))
            for image in page.images:
                rows.append((image["top"], image["x0"],
                             f"  image{_mm(image['top'])} {_mm(image['bottom'])}"
                             f" {_mm(image['x0'])} {_mm(image['x1'])}"))
            out.extend(row for *_, row in sorted(rows, key=lambda r: (r[0], r[1], r[2])))
    return "\n".join(out) + "\n"


def pdf_pages(data: bytes, dpi: int = DPI) -> list[Image.Image]:
    """Each page as a grey image at ``dpi``."""
    import pypdfium2

    document = pypdfium2.PdfDocument(data)
    try:
        return [page.render(scale=dpi / 72, grayscale=True).to_pil().convert("L")
                for page in document]
    finally:
        document.close()


def canonical_xml(data: bytes) -> str:
    """XML as inclusive C14N 1.0, then indented: equal documents give equal text.

    Inclusive C14N keeps every namespace declaration where it was written (the
    root's ``mc:Ignorable`` names prefixes that nothing else uses) and sorts
    attributes.
    """
    from lxml import etree

    root = etree.fromstring(data)
    for element in root.iter():
        # White space between elements carries nothing in OOXML; text in leaves stays.
        if len(element) and element.text is not None and not element.text.strip():
            element.text = None
        if element.tail is not None and not element.tail.strip():
            element.tail = None
    root = etree.fromstring(etree.tostring(root, method="c14n"))
    etree.indent(root, space="  ")
    return etree.tostring(root, encoding="unicode") + "\n"


def docx_goldens(data: bytes) -> dict[str, str]:
    """``docx/parts.txt`` and the chosen parts as canonical XML, by golden name."""
    out = {}
    listing = []
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for info in archive.infolist():
            part = archive.read(info.filename)
            if any(fnmatch.fnmatchcase(info.filename, p) for p in DOCX_PARTS):
                out[f"docx/{info.filename}"] = canonical_xml(part)
                listing.append(f"{info.filename}  (docx/{info.filename})")
            else:
                listing.append(f"{info.filename}  sha256 {hashlib.sha256(part).hexdigest()[:16]}")
    out["docx/parts.txt"] = "# every zip entry, in zip order\n" + "\n".join(listing) + "\n"
    return out


def goldens(outputs: dict[str, bytes]) -> dict[str, Artifact]:
    """Golden name → text or page image, for every format in ``outputs``."""
    out: dict[str, Artifact] = {}
    if "html" in outputs:
        out["html/document.html"] = html_golden(outputs["html"])
    if "pdf" in outputs:
        out["pdf/layout.txt"] = pdf_layout(outputs["pdf"])
        for number, image in enumerate(pdf_pages(outputs["pdf"]), 1):
            out[f"pdf/page-{number}.png"] = image
    if "docx" in outputs:
        out.update(docx_goldens(outputs["docx"]))
    return out


# --- comparing --------------------------------------------------------------------

@dataclass
class Mismatch:
    """One golden file that the obtained output does not match."""

    file: str          # golden name, e.g. "pdf/layout.txt"
    where: str         # "page 1, page 2", "line 12", "missing", …
    detail: str = ""

    def __str__(self) -> str:
        head = f"{self.file}: {self.where}"
        return f"{head}\n{self.detail}" if self.detail else head


def _stored(folder: Path, formats) -> set[str]:
    return {p.relative_to(folder).as_posix() for fmt in formats if (folder / fmt).is_dir()
            for p in (folder / fmt).rglob("*") if p.is_file()}


def _places(name: str, lines: list[str], spans: list[tuple[int, int]]) -> str:
    """Where the changed lines ``spans`` of a golden are: pages, or line numbers."""
    if name == "pdf/layout.txt":
        pages = []
        for start, end in spans:
            for index in range(max(start, 0), max(end, start + 1)):
                index = min(index, len(lines) - 1)
                page = next((l.split()[1] for l in reversed(lines[:index + 1])
                             if l.startswith("page ")), None)
                label = f"page {page}" if page else "page count"
                if label not in pages:
                    pages.append(label)
        return ", ".join(pages)
    return ", ".join(f"line {start + 1}" for start, _ in spans[:5]) + (" …" if len(spans) > 5 else "")


def compare_text(name: str, expected: str, obtained: str) -> Mismatch | None:
    if expected == obtained:
        return None
    want, got = expected.splitlines(), obtained.splitlines()
    matcher = difflib.SequenceMatcher(None, want, got, autojunk=False)
    changed = [op for op in matcher.get_opcodes() if op[0] != "equal"]
    where = _places(name, want, [(i1, i2) for _, i1, i2, _, _ in changed])
    if name == "pdf/layout.txt":
        # A page only in the obtained layout is named by the obtained lines.
        extra = _places(name, got, [(j1, j2) for _, _, _, j1, j2 in changed])
        where = ", ".join(dict.fromkeys((where + ", " + extra).split(", ")))
    diff = list(difflib.unified_diff(want, got, f"golden/{name}", f"obtained/{name}",
                                     n=1, lineterm=""))
    if len(diff) > DIFF_LINES:
        diff = diff[:DIFF_LINES] + [f"… {len(diff) - DIFF_LINES} more diff lines"]
    return Mismatch(name, where, "\n".join("    " + line for line in diff))


def image_difference(expected: Image.Image, obtained: Image.Image) -> tuple[int, Image.Image | None]:
    """Changed pixels (grey differs by more than :data:`PIXEL_LEVELS`) and a picture of them."""
    if expected.size != obtained.size:
        return expected.size[0] * expected.size[1], None
    difference = ImageChops.difference(expected.convert("L"), obtained.convert("L"))
    changed = sum(difference.point(lambda v: 255 if v > PIXEL_LEVELS else 0).histogram()[255:])
    # Changes dark on white, over a faint copy of the golden page.
    picture = Image.composite(Image.new("L", expected.size, 0),
                              expected.convert("L").point(lambda v: 192 + v // 4),
                              difference.point(lambda v: 255 if v > 8 else 0))
    return changed, picture


def compare_image(name: str, expected: Image.Image, obtained: Image.Image,
                  results: Path) -> Mismatch | None:
    changed, picture = image_difference(expected, obtained)
    if changed <= PAGE_PIXELS:
        return None
    stem = results / name[: -len(".png")]
    stem.parent.mkdir(parents=True, exist_ok=True)
    obtained_path = stem.with_name(stem.name + ".obtained.png")
    obtained.save(obtained_path)
    files = f"obtained {_shown(obtained_path)}"
    if picture is not None:
        picture.save(stem.with_name(stem.name + ".diff.png"))
        files += f", difference {_shown(stem.with_name(stem.name + '.diff.png'))}"
        why = f"{changed} pixels differ (more than {PAGE_PIXELS} allowed)"
    else:
        why = f"size {obtained.size} instead of {expected.size}"
    return Mismatch(name, f"page {name.rsplit('-', 1)[1][:-4]}", f"    {why}; {files}")


def _shown(path: Path) -> str:
    return str(path.relative_to(ROOT)) if path.is_relative_to(ROOT) else str(path)


def compare(folder: Path, obtained: dict[str, Artifact], formats=FORMATS,
            results: Path | None = None) -> list[Mismatch]:
    """Every difference between ``obtained`` and the goldens in ``folder``.

    Obtained texts that differ are written to ``results`` for a closer look,
    and so are obtained and difference images; goldens are never written.
    """
    results = results or RESULTS / folder.relative_to(GOLDEN)
    mismatches = []
    for name, artifact in obtained.items():
        path = folder / name
        if not path.is_file():
            mismatches.append(Mismatch(name, "missing", f"    no golden {_shown(path)}; "
                                       "run `make golden`, review the diff and commit"))
            continue
        if isinstance(artifact, Image.Image):
            with Image.open(path) as stored:
                found = compare_image(name, stored.copy(), artifact, results)
        else:
            found = compare_text(name, path.read_text(encoding="utf-8"), artifact)
            if found:
                (results / name).parent.mkdir(parents=True, exist_ok=True)
                (results / name).write_text(artifact, encoding="utf-8")
                found.detail += f"\n    obtained file: {_shown(results / name)}"
        if found:
            mismatches.append(found)
    for name in sorted(_stored(folder, formats) - set(obtained)):
        where = f"page {name.rsplit('-', 1)[1][:-4]}" if name.startswith("pdf/page-") else "part"
        mismatches.append(Mismatch(name, f"{where} no longer produced",
                                   "    the golden exists but the output has no such page or part"))
    return mismatches


def report(key: str, mismatches: list[Mismatch]) -> str:
    """A failure message naming each changed file and its pages or parts."""
    lines = [f"{key}: the outputs differ from tests/golden/{key}/ in"]
    lines += [f"  {m.file}: {m.where}" for m in mismatches]
    lines += ["", *(str(m) for m in mismatches), "",
              "If the change is intended: `make golden`, review `git diff tests/golden`, commit."]
    return "\n".join(lines)


# --- blessing ---------------------------------------------------------------------

def _same(path: Path, artifact: Artifact) -> bool:
    if not path.is_file():
        return False
    if isinstance(artifact, Image.Image):
        with Image.open(path) as stored:
            return image_difference(stored.copy(), artifact)[0] <= PAGE_PIXELS
    return path.read_text(encoding="utf-8") == artifact


def bless(folder: Path, obtained: dict[str, Artifact], formats=FORMATS) -> list[tuple[str, Path]]:
    """Write the goldens that changed, remove stale ones: ``(status, path)`` for each.

    A page image within the tolerance is left as it is, so blessing twice
    changes nothing.
    """
    changes = []
    for name, artifact in sorted(obtained.items()):
        path = folder / name
        if _same(path, artifact):
            continue
        status = "changed" if path.exists() else "new"
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(artifact, Image.Image):
            artifact.save(path, optimize=True)
        else:
            path.write_text(artifact, encoding="utf-8", newline="\n")
        changes.append((status, path))
    for name in sorted(_stored(folder, formats) - set(obtained)):
        (folder / name).unlink()
        changes.append(("removed", folder / name))
    return changes


def main(argv: list[str]) -> int:
    """Regenerate the goldens of the content files named (default: all)."""
    paths = [Path(a).resolve() for a in argv] or content_files()
    total = 0
    for path in paths:
        key = edition_key(path)
        changes = bless(GOLDEN / key, goldens(render(path)))
        total += len(changes)
        for status, file in changes:
            print(f"{status:8} {_shown(file)}")
        if not changes:
            print(f"unchanged {_shown(GOLDEN / key)}/")
    # Goldens of content files that no longer exist.
    if not argv:
        live = {edition_key(p) for p in content_files()}
        for folder in sorted(GOLDEN.glob("*/*")) if GOLDEN.is_dir() else []:
            if folder.is_dir() and folder.relative_to(GOLDEN).as_posix() not in live:
                print(f"stale    {_shown(folder)}/ (no content file; remove it with git rm)")
    if total:
        print(f"\n{total} golden file(s) written. Review them before committing: git diff --stat tests/golden")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
