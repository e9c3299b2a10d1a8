"""The fonts that travel with the DOCX: TH Sarabun New embedded as Word embeds fonts.

Most people who receive the DOCX do not have TH Sarabun New; without it Word
and LibreOffice draw the Thai text in another font, or as boxes. Word's
embedded fonts (ECMA-376 Part 1, 17.8) carry the four files of the family in
the document: each is an obfuscated part ``word/fonts/fontN.odttf``, related
from ``word/fontTable.xml``, where the family's ``w:font`` names each part
with its key (``w:embedRegular``, ``w:embedBold``, ``w:embedItalic``,
``w:embedBoldItalic``); ``w:embedTrueTypeFonts`` in the settings tells Word
to keep them when it saves.

The files are the verified ones (:func:`generator.format.fonts.verified_fonts`),
embedded whole (not subset: text typed later in any character still shows).
Each key is derived from its file's SHA-256, so the same fonts always give the
same bytes. The font's licence allows it: the files' OS/2 ``fsType`` is 0
(installable embedding), and its licence's font exception (``fonts/SOURCE``).
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from functools import lru_cache

from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.oxml import serialize_part_xml
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.oxml import parse_xml

from generator.format import fonts
from generator.writers import docx_xml


@dataclass(frozen=True)
class Embedded:
    """One font file as it goes into the DOCX."""

    slot: str    # embedRegular, embedBold, embedItalic or embedBoldItalic
    key: str     # the GUID it is obfuscated with, "{…}"
    part: bytes  # the obfuscated file


@dataclass(frozen=True)
class Family:
    """The verified font files of one family, ready to embed."""

    name: str                   # "TH Sarabun New"
    panose: str                 # 20 hex digits, from the OS/2 table
    signature: dict             # w:sig's attributes (usb0-3, csb0-1), from the OS/2 table
    files: tuple[Embedded, ...]  # regular, bold, italic, bold italic


def family() -> Family:
    """The verified fonts as embedded font parts (cached while the files stay)."""
    found = fonts.verified_fonts()  # raises FontError for a missing or altered file
    stamp = tuple((name, path.stat().st_size, path.stat().st_mtime_ns)
                  for name, path in sorted(found.items()))
    return _family(stamp)


@lru_cache(maxsize=2)
def _family(stamp: tuple) -> Family:
    from fontTools.ttLib import TTFont

    found = fonts.verified_fonts()
    sums = fonts.expected_sums()  # verified_fonts checked every file against these
    slots: dict[str, Embedded] = {}
    names, panose, signature = set(), "", {}
    for name, path in sorted(found.items()):
        data = path.read_bytes()
        font = TTFont(io.BytesIO(data), lazy=True)
        os2 = font["OS/2"]
        names.add(font["name"].getDebugName(1))
        bold, italic = bool(os2.fsSelection & 0x20), bool(os2.fsSelection & 0x01)
        slot = docx_xml.EMBED_SLOTS[(bold, italic)]
        if slot in slots:
            raise ValueError(f"two font files for {slot}: {name}")
        key = docx_xml.font_key(sums[name])
        slots[slot] = Embedded(slot, key, docx_xml.obfuscate_font(data, key))
        if slot == "embedRegular" or not panose:
            p = os2.panose
            panose = bytes([p.bFamilyType, p.bSerifStyle, p.bWeight, p.bProportion, p.bContrast,
                            p.bStrokeVariation, p.bArmStyle, p.bLetterForm, p.bMidline,
                            p.bXHeight]).hex().upper()
            signature = {"usb0": f"{os2.ulUnicodeRange1:08X}", "usb1": f"{os2.ulUnicodeRange2:08X}",
                         "usb2": f"{os2.ulUnicodeRange3:08X}", "usb3": f"{os2.ulUnicodeRange4:08X}",
                         "csb0": f"{os2.ulCodePageRange1:08X}", "csb1": f"{os2.ulCodePageRange2:08X}"}
    if len(names) != 1:
        raise ValueError(f"the font files are not one family: {sorted(names)}")
    order = list(docx_xml.EMBED_SLOTS.values())
    files = tuple(sorted(slots.values(), key=lambda f: order.index(f.slot)))
    return Family(names.pop(), panose, signature, files)


def embed(document, name: str) -> bool:
    """Embed the verified fonts in ``document`` (python-docx) if they are the
    family ``name`` the document is set in; whether they were embedded."""
    fonts_found = family()
    if fonts_found.name != name:
        return False
    table = document.part.part_related_by(RT.FONT_TABLE)
    package = document.part.package
    root = parse_xml(table.blob)
    embeds = []
    for number, font in enumerate(fonts_found.files, start=1):
        part = Part(PackURI(f"/word/fonts/font{number}.odttf"), docx_xml.OBFUSCATED_FONT,
                    font.part, package)
        embeds.append((font.slot, table.relate_to(part, docx_xml.FONT_RELATIONSHIP), font.key))
    docx_xml.embedded_font(root, name, fonts_found.panose, fonts_found.signature, embeds)
    table._blob = serialize_part_xml(root)  # a plain part: python-docx keeps its bytes
    docx_xml.embed_true_type_fonts(document.settings.element)
    return True
