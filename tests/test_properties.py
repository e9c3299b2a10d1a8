"""Property-based tests (issue 5): whatever the content, prakat either renders
it, with every piece of text found again in the output, or refuses it with a
:class:`ContentError`; never a traceback.

How the cases are spent (about 700 in all, under a minute on two cores):

* ``test_generated_content_renders_or_is_refused`` (350 cases): structured
  content with random Thai and other Unicode text (any code point, controls
  included), random numbers of blocks, items and paragraphs, and wrong types
  and random nested structures in random places; validation + HTML, and the
  DOCX (cheap, a few hundredths of a second) for the cases that render.
* ``test_edited_seed_renders_or_is_refused`` (200 cases): the seed file with
  random edits to its source (deleted spans, inserted characters, doubled
  lines); validation + HTML only.
* ``test_any_bytes_are_read_or_refused`` (150 cases): random bytes as a file.
* ``test_realistic_content_round_trips_through_pdf_and_docx`` (20 cases): Thai
  and English words with markup-like punctuation, short enough for one page,
  through all three writers; every piece is found in the HTML, the DOCX and
  the PDF text layer.
"""

from __future__ import annotations

import datetime as dt
import io
import unicodedata

import docx
import lxml.html
import pypdfium2
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from conftest import SEED_CONTENT, examples
from generator import build
from generator import content
from generator import render
from generator import thai
from generator.content import REFERENCE
from generator.errors import ContentError

SEED = SEED_CONTENT.read_text(encoding="utf-8")


def cheap(count: int) -> settings:
    """``count`` examples (more with HYPOTHESIS_PROFILE=long, see conftest.py)."""
    return settings(max_examples=examples(count), deadline=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])

# --- writing generated documents as TOML ------------------------------------------


def toml_string(text: str) -> str:
    out = []
    for char in text:
        code = ord(char)
        if char in '"\\':
            out.append("\\" + char)
        elif code < 0x20 or code == 0x7F:
            out.append(f"\\u{code:04x}")
        else:
            out.append(char)
    return '"' + "".join(out) + '"'


def toml_value(value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value) if value == value and abs(value) != float("inf") else "nan"
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, str):
        return toml_string(value)
    if isinstance(value, list):
        return "[" + ", ".join(toml_value(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{toml_string(k)} = {toml_value(v)}" for k, v in value.items()) + "}"
    raise TypeError(value)


def toml_document(doc: dict) -> str:
    lines = []
    for key, value in doc.items():
        if not isinstance(value, dict) and not (key == "body" and isinstance(value, list)
                                                and all(isinstance(b, dict) for b in value)):
            lines.append(f"{toml_string(key)} = {toml_value(value)}")
    for key, value in doc.items():
        if isinstance(value, dict):
            lines.append(f"\n[{toml_string(key)}]")
            lines += [f"{toml_string(k)} = {toml_value(v)}" for k, v in value.items()]
    if isinstance(doc.get("body"), list) and all(isinstance(b, dict) for b in doc["body"]):
        for block in doc["body"]:
            lines.append("\n[[body]]")
            lines += [f"{toml_string(k)} = {toml_value(v)}" for k, v in block.items()]
    return "\n".join(lines) + "\n"


# --- strategies ------------------------------------------------------------------

THAI = st.characters(min_codepoint=0x0E01, max_codepoint=0x0E5B)
LATIN = st.characters(min_codepoint=0x20, max_codepoint=0x7E)
ANY = st.characters()  # every code point but lone surrogates, controls included
OTHER = st.characters(exclude_categories=("Cc", "Cs"))  # any script, marks, emoji, ...
texts = st.text(st.one_of(THAI, THAI, LATIN, OTHER), max_size=30)
raw_texts = st.text(st.one_of(THAI, LATIN, ANY), max_size=30)
visible = texts.filter(lambda t: t.strip())
nested = st.recursive(
    st.one_of(st.integers(), st.floats(), st.booleans(), raw_texts, st.dates()),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(texts, inner, max_size=3),
    max_leaves=8)
# Mostly right, sometimes wrong: the wrong choices test the validator.
@st.composite
def maybe(draw, right, wrong=nested):
    """``right`` nineteen times in twenty, else ``wrong`` (by default any
    value or structure, control characters included)."""
    # An inner value: Hypothesis favours the ends of a range.
    return draw(wrong if draw(st.integers(1, 20)) == 7 else right)


@st.composite
def blocks(draw):
    if draw(st.booleans()):
        block = {"text": draw(maybe(visible))}
    else:
        block = {"heading": draw(maybe(visible))}
        if draw(st.booleans()):
            block["quote"] = draw(maybe(visible))
        if draw(st.booleans()):
            block["text"] = draw(maybe(st.lists(visible, min_size=1, max_size=3)))
        if draw(st.booleans()):
            block["items"] = draw(maybe(st.lists(visible, min_size=1, max_size=6)))
    if draw(st.integers(1, 20)) == 7:
        block[draw(texts)] = draw(nested)  # an unknown key
    return block


@st.composite
def documents(draw):
    doc = {
        "format": draw(maybe(st.just(1))),
        "announcement": {
            "province": draw(maybe(st.sampled_from(["khon-kaen", "nan", "x-1"]),
                                   st.text(max_size=12))),
            "fiscal_year": draw(maybe(st.integers(2400, 2700))),
            "issuer": draw(maybe(visible)),
            "subject": draw(maybe(visible)),
            "date": draw(maybe(st.dates(dt.date(1900, 1, 1), dt.date(2200, 12, 31)))),
        },
        "signer": {"name": draw(maybe(visible)), "position": draw(maybe(visible))},
        "values": {"v0": draw(maybe(st.integers(-10**6, 10**6)))},
        "phrases": {"p0": draw(maybe(visible))},
        "body": draw(maybe(st.lists(blocks(), min_size=1, max_size=8))),
    }
    if draw(st.booleans()):
        doc["announcement"]["closing"] = draw(maybe(visible))
    # Some texts use the phrase or the value.
    for block in doc["body"] if isinstance(doc["body"], list) else []:
        if isinstance(block, dict) and isinstance(block.get("text"), str) and draw(st.booleans()):
            block["text"] += draw(st.sampled_from(["{p0}", "{v0}", "{fiscal_year}"]))
    # A value no text uses is refused (issue 12): give v0 only where it is used.
    texts = [b.get("text") for b in doc["body"] if isinstance(b, dict)] if isinstance(doc["body"], list) else []
    if not any(isinstance(t, str) and "{v0}" in t for t in texts) and draw(st.integers(1, 10)) > 1:
        doc["values"] = {}
    if draw(st.integers(1, 20)) == 7:
        del doc[draw(st.sampled_from(sorted(doc)))]
    return doc


# --- what the HTML must say -------------------------------------------------------


def fold(text: str) -> str:
    return " ".join(text.split())


def expected_blocks(doc: dict, announcement) -> list[tuple[str, str]]:
    """(HTML element class, its text) for every text of ``doc``, in order;
    text with a reference other than the known ones is skipped (None)."""
    values = {"{p0}": doc.get("phrases", {}).get("p0"), "{v0}": str(doc.get("values", {}).get("v0")),
              "{fiscal_year}": str(doc["announcement"]["fiscal_year"])}

    def out(prefix: str, text: str, suffix: str = "") -> str | None:
        for ref, value in values.items():
            if value is not None:
                text = text.replace(ref, value)
        if REFERENCE.search(text):
            return None
        return fold(thai.digits(prefix + text + suffix))

    head, signer = doc["announcement"], doc["signer"]
    want = [("title", out("ประกาศ", head["issuer"])), ("subject", out("เรื่อง ", head["subject"]))]
    sections = 0
    for block in doc["body"]:
        if "heading" in block:
            sections += 1
            want.append(("heading", out(thai.list_marker(sections) + " ", block["heading"])))
            if "quote" in block:
                want.append(("quote", out("“", block["quote"], "”")))
            texts_ = block.get("text", [])
            for paragraph in [texts_] if isinstance(texts_, str) else texts_:
                want.append(("paragraph", out("", paragraph)))
            for number, item in enumerate(block.get("items", []), start=1):
                want.append(("item", out(thai.list_marker(number, "dash-paren") + " ", item)))
        else:
            want.append(("paragraph", out("", block["text"])))
    want.append(("closing", out("", head.get("closing", "จึงประกาศให้ทราบโดยทั่วกัน"))))
    want.append(("signer-name", out("(", signer["name"], ")")))
    want.append(("signer-position", out("", signer["position"])))
    return want


def html_blocks(html: str) -> list[tuple[str, str]]:
    tree = lxml.html.fromstring(html)
    classes = {"title", "subject", "heading", "quote", "paragraph", "item", "closing",
               "signer-name", "signer-position"}
    return [(e.get("class").split()[0], fold(e.text_content())) for e in tree.iter()
            if isinstance(e.tag, str) and (e.get("class") or "").split()[:1]
            and e.get("class").split()[0] in classes]


def check_refusal(error: ContentError) -> None:
    event("refused")
    assert error.problems
    for problem in error.problems:
        assert problem.thai and problem.english
        for lang in ("th", "en"):
            message = problem.format(lang)
            assert message.startswith(str(problem.path).replace("\n", "\\u000a")[:20])
            assert all(c.isprintable() or c in "\n " for c in message), repr(message)


def check_html(doc: dict, announcement) -> str:
    event("rendered")
    html = render.render(announcement)
    got = html_blocks(html)
    want = expected_blocks(doc, announcement)
    assert [k for k, _ in got] == [k for k, _ in want]
    for (kind, text), (_, expected) in zip(got, want):
        if expected is not None:
            assert text == expected, kind
    return html


def check_docx(doc: dict, announcement, html: str) -> None:
    from generator import build

    try:
        data = build.render_outputs(announcement, ("docx",))["docx"]
    except ContentError as error:
        # Refused on the way out: only for a character the font cannot draw.
        check_refusal(error)
        assert all("U+" in problem.english for problem in error.problems), error.format("en")
        return
    paragraphs = {fold(p.text) for p in docx.Document(io.BytesIO(data)).paragraphs}
    for _, text in expected_blocks(doc, announcement):
        if text is not None:
            assert text in paragraphs, text


# --- the properties -----------------------------------------------------------------


@cheap(350)
@given(documents())
def test_generated_content_renders_or_is_refused(doc):
    """Validation + HTML, 350 cases."""
    source = toml_document(doc)
    try:
        announcement = content.loads(source, "generated.toml")
    except ContentError as error:
        check_refusal(error)
        return
    html = check_html(doc, announcement)
    check_docx(doc, announcement, html)


@st.composite
def edited_seed(draw):
    text = SEED
    for _ in range(draw(st.integers(1, 4))):
        at = draw(st.integers(0, len(text)))
        action = draw(st.sampled_from(["delete", "insert", "double"]))
        if action == "delete":
            text = text[:at] + text[at + draw(st.integers(1, 40)):]
        elif action == "insert":
            text = text[:at] + draw(st.text(st.one_of(
                st.sampled_from('[]{}"\'=#\n\\.,-:๐๑๒0129'), THAI, ANY), min_size=1, max_size=5)) + text[at:]
        else:
            start = text.rfind("\n", 0, at) + 1
            end = text.find("\n", at) + 1 or len(text)
            text = text[:end] + text[start:end] + text[end:]
    return text


@cheap(200)
@given(edited_seed())
def test_edited_seed_renders_or_is_refused(source):
    """Validation + HTML, 200 cases."""
    try:
        announcement = content.loads(source, "edited.toml")
    except ContentError as error:
        check_refusal(error)
        return
    event("rendered")
    html = render.render(announcement)
    assert lxml.html.fromstring(html).find(".//h1") is not None


@cheap(150)
@given(st.one_of(st.binary(max_size=300),
                 st.builds(lambda a, b: a + b, st.binary(max_size=8), st.just(SEED.encode()))))
def test_any_bytes_are_read_or_refused(raw):
    """Decoding + validation, 150 cases."""
    try:
        content.loads(content.decode(raw, "bytes.toml"), "bytes.toml")
    except ContentError as error:
        check_refusal(error)


WORDS = ["ประกาศ", "จังหวัด", "ขอนแก่น", "แผนพัฒนา", "ยุทธศาสตร์", "เศรษฐกิจ", "ประชาชน",
         "ร้อยละ", "๒๕๖๗", "2567", "Gini", "(ก.น.บ.)", "plan", "<b>", "</p>", "&amp;", "{{ x }}",
         "{%", "%}", "“", "”", "-", "๑)", "ผู้ว่าราชการ", "น้ำ", "ที่ดิน", "การท่องเที่ยว"]
sentences = st.lists(st.sampled_from(WORDS), min_size=1, max_size=10).map(" ".join)


@st.composite
def realistic(draw):
    body = []
    for _ in range(draw(st.integers(1, 3))):
        if draw(st.booleans()):
            body.append({"text": draw(sentences)})
        else:
            body.append({"heading": draw(sentences),
                         "items": draw(st.lists(sentences, min_size=1, max_size=3))})
    return {
        "format": 1,
        "announcement": {"province": "khon-kaen", "fiscal_year": 2567,
                         "issuer": draw(sentences), "subject": draw(sentences),
                         "date": draw(st.dates(dt.date(1900, 1, 1), dt.date(2100, 12, 31)))},
        "signer": {"name": draw(sentences), "position": draw(sentences)},
        "values": {}, "phrases": {"p0": "x"},
        "body": body,
    }


def squeeze(text: str) -> str:
    # NFKC as in textcompare (readers that ignore ActualText give ำ as ํ + า);
    # PDFium reports a hyphen that ends a line as U+FFFE.
    return "".join(unicodedata.normalize("NFKC", text.replace("\ufffe", "-")).split())


@settings(max_examples=examples(20), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(realistic())
def test_realistic_content_round_trips_through_pdf_and_docx(doc):
    """Validation + HTML + DOCX + PDF, 20 cases (the PDF costs about a second)."""
    announcement = content.loads(toml_document(doc), "realistic.toml")
    check_html(doc, announcement)
    outputs = build.render_outputs(announcement, ("pdf", "docx"))
    want = [text for _, text in expected_blocks(doc, announcement)]
    paragraphs = [fold(p.text) for p in docx.Document(io.BytesIO(outputs["docx"])).paragraphs]
    for text in want:
        assert text in paragraphs, (text, paragraphs)
    pdf = pypdfium2.PdfDocument(outputs["pdf"])
    try:
        layer = squeeze("".join(page.get_textpage().get_text_range() for page in pdf))
    finally:
        pdf.close()
    for text in want:
        assert squeeze(text) in layer, (text, layer[:300])
