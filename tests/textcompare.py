"""Compare text read back from an output with the expected text."""

from __future__ import annotations

import re
import unicodedata

#: A page number line, "- ๒ -", printed at the top of pages 2 and on.
PAGE_NUMBER = re.compile(r"^\s*-\s*[๐-๙0-9]+\s*-\s*$", re.MULTILINE)


def fold(text: str) -> str:
    """NFKC, then every run of white space as one space."""
    return " ".join(unicodedata.normalize("NFKC", text).split())


def _skeleton(text: str) -> tuple[str, set[int], set[int]]:
    """Text without white space, with where spaces and line breaks stood."""
    chars, spaces, breaks = [], set(), set()
    pending = None
    for char in unicodedata.normalize("NFKC", text).strip():
        if char.isspace():
            if char in "\r\n\f\v" or pending == "break":
                pending = "break"
            else:
                pending = pending or "space"
            continue
        if pending == "space":
            spaces.add(len(chars))
        elif pending == "break":
            breaks.add(len(chars))
        pending = None
        chars.append(char)
    return "".join(chars), spaces, breaks


def wrapped_difference(expected: str, laid_out: str) -> str | None:
    """None if ``laid_out`` is ``expected`` broken into lines, else why not.

    A line break may stand where the expected text has a space or between two
    words with none (Thai wraps between words); a space may stand only where
    the expected text has one.
    """
    want, want_spaces, _ = _skeleton(" ".join(expected.split()))
    got, got_spaces, got_breaks = _skeleton(laid_out)
    if want != got:
        at = next((i for i, (a, b) in enumerate(zip(want, got)) if a != b), min(len(want), len(got)))
        return (f"text differs at character {at}:\n  expected …{want[max(0, at - 30):at + 30]}…\n"
                f"  found    …{got[max(0, at - 30):at + 30]}…")
    missing = sorted(want_spaces - got_spaces - got_breaks)
    extra = sorted(got_spaces - want_spaces)
    if missing:
        at = missing[0]
        return f"a space is missing before …{want[at:at + 30]}…"
    if extra:
        at = extra[0]
        return f"an extra space stands before …{want[at:at + 30]}…"
    return None
