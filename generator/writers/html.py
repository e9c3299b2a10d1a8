"""Turn the rendered document into the HTML page for the website.

The page is the rendered document with one addition for browsers: Thai
words are kept whole. Browsers break Thai lines with their own dictionary,
which splits words that PyThaiNLP keeps (``ความ|ต้องการ``); so each word of
Thai text, cut at :func:`generator.thai.breaks` (the same opportunities the
PDF uses), is wrapped in ``<span class="w">`` (``white-space: nowrap`` on
screen) with ``<wbr>`` between words. The text itself is unchanged.
"""

from __future__ import annotations

import html as htmllib
import re

from markupsafe import escape

from generator import thai

_TEXT = re.compile(r">([^<]+)<")


def keep_words(text: str) -> str:
    """Escaped HTML for ``text`` with each Thai word in a no-wrap span."""
    if not thai.has_thai(text):
        return str(escape(text))
    cuts = [0, *thai.breaks(text), len(text)]
    out = []
    for start, end in zip(cuts, cuts[1:]):
        piece = text[start:end]
        if start and not text[start - 1].isspace():
            out.append("<wbr>")
        word = piece.rstrip()
        space = piece[len(word):]
        if len(word) > 1 and thai.has_thai(word):
            out.append(f'<span class="w">{escape(word)}</span>{escape(space)}')
        else:
            out.append(str(escape(piece)))
    return "".join(out)


def write(html: str) -> bytes:
    head, marker, body = html.partition("<body>")
    if not marker:
        return html.encode("utf-8")
    body = _TEXT.sub(lambda m: ">" + keep_words(htmllib.unescape(m.group(1))) + "<", body)
    return (head + marker + body).encode("utf-8")
