"""Turn the format profile's emblem size into the placeholder emblem image.

prakat ships no copy of the national emblem (ตราครุฑ): real offices hold the
official file. Until one is configured, every output shows this placeholder,
drawn here at exactly the emblem's size, and clearly not the emblem: a
dashed frame with a cross.
"""

from __future__ import annotations

import hashlib
import io
from functools import lru_cache

from generator.content.files import BadImage, image_kind, read_image
from generator.errors import ContentError, Problem
from generator.messages import M

DPI = 300


def pixels(mm: float) -> int:
    return round(mm / 25.4 * DPI)


@lru_cache(maxsize=4)
def placeholder_png(height_mm: float) -> bytes:
    """A square PNG, ``height_mm`` high at 300 dpi, the same bytes every time."""
    from PIL import Image, ImageDraw

    size = pixels(height_mm)
    image = Image.new("L", (size, size), 255)
    draw = ImageDraw.Draw(image)
    line = max(2, size // 80)
    dash = size // 12
    for start in range(0, size, dash * 2):
        end = min(start + dash, size - 1)
        for a, b in (((start, 0), (end, 0)), ((start, size - 1), (end, size - 1)),
                     ((0, start), (0, end)), ((size - 1, start), (size - 1, end))):
            draw.line([a, b], fill=120, width=line * 2)
    draw.line([(0, 0), (size - 1, size - 1)], fill=190, width=line)
    draw.line([(0, size - 1), (size - 1, 0)], fill=190, width=line)
    out = io.BytesIO()
    # 300 dpi in the file, so Word and LibreOffice show it at its true size.
    image.save(out, format="PNG", dpi=(DPI, DPI), optimize=False)
    return out.getvalue()


PLACEHOLDER_NAME = "emblem-placeholder.png"

def asset(announcement, profile) -> tuple[str, bytes]:
    """(file name under ``assets/``, bytes) of the emblem this edition shows.

    The configured emblem is named by its content hash, so editions of
    different offices can share one ``output/assets/`` folder.
    """
    path = getattr(announcement, "emblem", None)
    if path is not None:
        try:
            data = read_image(path)  # a small, whole PNG or JPEG, or refused
        except BadImage as error:
            raise ContentError([Problem(announcement.source, None, "announcement.emblem",
                                        M("emblem file {name}: {problem}", name=path.name,
                                          problem=error.message))]) from None
        digest = hashlib.sha256(data).hexdigest()[:12]
        return f"emblem-{digest}.{image_kind(data) or 'png'}", data
    return PLACEHOLDER_NAME, placeholder_png(profile.emblem_height_mm)
