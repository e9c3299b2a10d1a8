"""Files that content names beside itself (a format profile, an emblem image):
found only inside the allowed folders, and recognised by their first bytes."""

from __future__ import annotations

from pathlib import Path, PurePosixPath, PureWindowsPath
from typing import Iterable

from generator.errors import Unusable
from generator.messages import M, Message


#: The image files an office may configure as its emblem, by their first bytes.
IMAGE_KINDS = {b"\x89PNG\r\n\x1a\n": "png", b"\xff\xd8\xff": "jpg"}


def image_kind(data: bytes) -> str | None:
    """``png`` or ``jpg`` from the file's first bytes; None for anything else."""
    for magic, kind in IMAGE_KINDS.items():
        if data.startswith(magic):
            return kind
    return None


#: The largest emblem file read, in bytes: an emblem is a few hundred kB at most.
MAX_IMAGE_BYTES = 5 * 1024 * 1024
#: The largest emblem, in pixels on each side (30 mm at 300 dpi is 354 pixels).
MAX_IMAGE_SIDE = 4000


class BadImage(Unusable):
    """An emblem file that is not a small, whole PNG or JPEG image."""


def image_problem(data: bytes) -> Message | None:
    """Why ``data`` cannot be used as an emblem, as a message, or None
    when it is a PNG or JPEG image of bounded size and dimensions that decodes
    to its end. The dimensions are checked before any pixel is decoded, so a
    decompression bomb is refused without being expanded."""
    if len(data) > MAX_IMAGE_BYTES:
        return M("the emblem file is too large ({size} bytes; at most {limit})",
                 size=f"{len(data):,}", limit=f"{MAX_IMAGE_BYTES:,}")
    kind = image_kind(data)
    if kind is None:
        return M("the emblem must be a PNG or JPEG image")
    import io
    import warnings

    from PIL import Image

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error")  # a DecompressionBombWarning refuses, too
            with Image.open(io.BytesIO(data), formats=["PNG" if kind == "png" else "JPEG"]) as image:
                width, height = image.size
                if max(width, height) > MAX_IMAGE_SIDE or min(width, height) < 1:
                    return M("the emblem image is {width}×{height} pixels, too large"
                             " (at most {side} on each side)",
                             width=f"{width:,}", height=f"{height:,}", side=f"{MAX_IMAGE_SIDE:,}")
                image.verify()  # the chunks and their checksums
            with Image.open(io.BytesIO(data)) as image:
                image.load()  # every pixel decodes, to the end of the data
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as error:
        return M("the emblem image has too many pixels (at most {side} on each side) ({detail})",
                 side=f"{MAX_IMAGE_SIDE:,}", detail=str(error))
    except Exception as error:  # noqa: BLE001 - whatever Pillow finds wrong
        detail = f"{type(error).__name__}: {error}"
        return M("the emblem image cannot be read; the file is damaged or incomplete ({detail})",
                 detail=detail)
    return None


def read_image(path: Path) -> bytes:
    """The bytes of the emblem file ``path``, checked by :func:`image_problem`;
    refused with :class:`BadImage`. Only a regular file is read, and never more
    than :data:`MAX_IMAGE_BYTES` (plus one) bytes of it."""
    import os
    import stat

    try:
        handle = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0))
    except OSError as error:
        raise BadImage(M("the emblem file cannot be opened ({detail})", detail=error.strerror)) from None
    with os.fdopen(handle, "rb") as stream:
        if not stat.S_ISREG(os.fstat(stream.fileno()).st_mode):
            raise BadImage(M("the emblem must be a regular file"))
        data = stream.read(MAX_IMAGE_BYTES + 1)
    problem = image_problem(data)
    if problem:
        raise BadImage(problem)
    return data


def check_image(path: Path) -> Message | None:
    """Why the emblem file ``path`` cannot be used, as a message, or None."""
    try:
        read_image(path)
    except BadImage as error:
        return error.message
    return None



class UnsafePath(Unusable):
    """An asset path from content that points outside the allowed folders."""


def safe_asset_path(name: str, roots: Iterable[Path]) -> Path:
    """The real file that ``name``, a relative path written in content (e.g.
    ``emblems/khon-kaen.svg``), names inside one of the folders ``roots``.

    Refused with :class:`UnsafePath`: an absolute path (``/etc/passwd``,
    ``C:\\…``, ``~/…``), any ``..`` step, and a path that leads outside its
    folder through a symbolic link. Backslashes count as separators, as on
    Windows, where staff may have copied the path from.
    """
    shown = name if len(name) <= 80 else name[:77] + "..."
    if not isinstance(name, str) or not name.strip():
        raise UnsafePath(M("a file name is needed"))
    if any(ord(c) < 32 or c == "\x7f" for c in name):
        raise UnsafePath(M("the file name holds a control character"))
    windows = PureWindowsPath(name)
    posix = PurePosixPath(name.replace("\\", "/"))
    if posix.is_absolute() or windows.is_absolute() or windows.drive or windows.root \
            or name.startswith("~"):
        raise UnsafePath(M("expected a path inside prakat's asset folders, not an absolute path; found {name}",
                           name=shown))
    if ".." in posix.parts:
        raise UnsafePath(M("a path may not climb out of the asset folders with ..; found {name}", name=shown))
    roots = list(roots)
    for root in roots:
        top = Path(root).resolve()
        candidate = top.joinpath(*posix.parts)
        if not (candidate.exists() or candidate.is_symlink()):
            continue
        real = candidate.resolve()
        if real != top and top not in real.parents:
            raise UnsafePath(M("{name} leads (through a symbolic link) outside the asset folders, "
                               "so it is refused", name=shown))
        if real.is_file():
            return real
    folders = ", ".join(str(r) for r in roots)
    raise UnsafePath(M("no file {name} in {folders}", name=shown, folders=folders))


def signature_image(name: str, folder: Path) -> Path:
    """The file a signer's ``signature_image`` names beside the content (in
    ``folder``): a whole PNG image (its transparency is kept), found as
    :func:`safe_asset_path` finds files. :class:`UnsafePath` or
    :class:`BadImage`, in words about a signature image, when it is not one."""
    path = safe_asset_path(name, [folder])
    problem = check_image(path)
    if problem is not None or image_kind(path.read_bytes()[:16]) != "png":
        raise BadImage(M("{name} must be a whole PNG image (transparency allowed), at most"
                         " {megabytes} MB and {side} pixels on each side",
                         name=name, megabytes=MAX_IMAGE_BYTES // (1024 * 1024), side=f"{MAX_IMAGE_SIDE:,}"))
    return path
