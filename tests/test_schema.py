"""The editor's schema (`prakat schema`, content/prakat.schema.json): made from
the tables the validator reads, it takes every valid content file, and a
misspelt key or a wrong type is refused by the schema (jsonschema and taplo,
the checker of Even Better TOML) as by prakat's own validator."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
from jsonschema import Draft4Validator

from conftest import DATA, ROOT, SEED_CONTENT, run_prakat
from generator import content
from generator.content import editions, format2, reader, schema, validate
from generator.content.fields import SCHEMA_PATH, Either, ListOf, MapOf, Spec, schema_directive
from generator.errors import ContentError
from generator.messages import Message

TAPLO = Path(sys.executable).parent / "taplo"
CONTENT_FILES = sorted((ROOT / "content").rglob("*.toml"))
DATA_FILES = sorted(DATA.rglob("*.toml"))
EVERY = DATA / "format2" / "every.toml"
REGENERATE = ".venv/bin/prakat schema --output content/prakat.schema.json"


@pytest.fixture(scope="module")
def validator() -> Draft4Validator:
    return Draft4Validator(schema.generate())


def as_json(value):
    """Content as taplo hands it to the schema: a date is its text."""
    if isinstance(value, (dt.date, dt.datetime, dt.time)):
        return value.isoformat()
    if isinstance(value, dict):
        return {k: as_json(v) for k, v in value.items()}
    if isinstance(value, list):
        return [as_json(v) for v in value]
    return value


def schema_errors(validator: Draft4Validator, text: str) -> list:
    return list(validator.iter_errors(as_json(tomllib.loads(text))))


def taplo(*args: str) -> subprocess.CompletedProcess:
    assert TAPLO.exists(), f"taplo is missing from {TAPLO.parent}: run `make python` (requirements.lock)"
    return subprocess.run([str(TAPLO), "check", *args], cwd=ROOT, capture_output=True, text=True, timeout=60)


def taplo_with_schema(*paths: Path) -> subprocess.CompletedProcess:
    return taplo("--schema", SCHEMA_PATH.as_uri(), *map(str, paths))


# --- the schema itself -----------------------------------------------------------


@pytest.mark.parametrize("lang", ["th", "en"])
def test_prakat_schema_prints_a_valid_draft_4_schema(lang):
    result = run_prakat("schema", "--lang", lang)
    assert result.returncode == 0, result.stderr
    printed = json.loads(result.stdout)
    assert printed["$schema"] == "http://json-schema.org/draft-04/schema#"
    Draft4Validator.check_schema(printed)
    assert printed == schema.generate(lang)
    kind = printed["properties"]["kind"]["description"]
    assert kind == "the document kind (default ประกาศ)" if lang == "en" else kind.startswith("ชนิดเอกสาร")


def test_prakat_schema_writes_a_file_and_never_over_a_content_file(tmp_path):
    target = tmp_path / "prakat.schema.json"
    result = run_prakat("schema", "--output", str(target))
    assert result.returncode == 0, result.stderr
    assert json.loads(target.read_text(encoding="utf-8")) == schema.generate()
    content_file = tmp_path / "2567.toml"
    content_file.write_text("format = 1\n", encoding="utf-8")
    refused = run_prakat("schema", "--output", str(content_file), "--lang", "en")
    assert refused.returncode == 2 and ".json" in refused.stderr
    assert content_file.read_text(encoding="utf-8") == "format = 1\n"


def test_the_committed_schema_is_up_to_date():
    assert SCHEMA_PATH.read_text(encoding="utf-8") == schema.dumps(), \
        f"content/prakat.schema.json is out of date: run {REGENERATE}"


def test_every_field_is_described_in_thai_with_an_example():
    data = schema.generate()
    # (format-1 and format-2 hold what each format restricts, described where defined)
    tables = [data["properties"], *(d["properties"] for name, d in data["definitions"].items()
                                    if "properties" in d and not name.startswith("format-"))]
    described = 0
    for properties in tables:
        for key, field in properties.items():
            if "$ref" in field:
                continue  # described by its definition
            assert any("\u0e00" <= c <= "\u0e7f" for c in field["description"]), key
            assert "examples" in field or key in ("body", "format") or "patternProperties" in field, key
            described += 1
    assert described > 50


def test_every_description_is_a_message_translated_from_the_catalog():
    # The tables hold English message ids; the Thai comes from the catalog.
    seen: set[int] = set()
    found = []

    def walk(kind):
        if isinstance(kind, Spec):
            if id(kind) in seen:
                return
            seen.add(id(kind))
            found.append((kind.name, kind.description))
            for key, field in kind.fields.items():
                found.append((f"{kind.name}.{key}", field.description))
                walk(field.type)
        elif isinstance(kind, (ListOf, MapOf)):
            walk(kind.item if isinstance(kind, ListOf) else kind.value)
        elif isinstance(kind, Either):
            for option in kind.options:
                walk(option)

    for top in (validate.TOP, format2.TOP, editions.OWN):
        walk(top)
    assert len(found) > 60
    for name, description in found:
        assert isinstance(description, Message), name
        thai, english = description.text("th"), description.text("en")
        assert any("\u0e00" <= c <= "\u0e7f" for c in thai) and thai != english, (name, thai)
    english = schema.generate("en")
    assert english["properties"]["format"]["description"].startswith("the content format: 1,")
    assert not any("\u0e00" <= c <= "\u0e7f" for c in english["title"] + english["description"])


def test_the_schema_and_the_validator_know_the_same_keys():
    # One definition: what the validator lists as known keys is what the editor offers.
    data = schema.generate()
    definitions = data["definitions"]
    assert tuple(definitions["announcement"]["properties"]) == validate.ANNOUNCEMENT_KEYS
    assert tuple(definitions["document"]["properties"]) == format2.DOCUMENT_KEYS
    assert tuple(definitions["issued"]["properties"]) == editions.ISSUED_KEYS
    assert set(definitions["node-or-text"]["properties"]) == set(format2.NODE_KEYS)
    top = set(validate.TOP_KEYS) | set(format2.TOP_KEYS) | set(editions.OWN_TOP_KEYS)
    assert set(data["properties"]) == top
    assert data["properties"]["kind"]["enum"] == list(format2.kind_names())


# --- every valid file passes -----------------------------------------------------------


@pytest.mark.parametrize("path", CONTENT_FILES + DATA_FILES, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_content_file_matches_the_schema(validator, path):
    errors = schema_errors(validator, path.read_text(encoding="utf-8"))
    assert not errors, [f"{list(e.absolute_path)}: {e.message[:200]}" for e in errors]


def test_every_content_file_passes_taplo_check():
    # content/ through the repository's .taplo.toml, as VS Code sees it …
    result = taplo(*(str(p.relative_to(ROOT)) for p in CONTENT_FILES))
    assert result.returncode == 0, result.stderr
    # … and the test data, naming the schema.
    result = taplo_with_schema(*DATA_FILES)
    assert result.returncode == 0, result.stderr


def test_the_content_files_are_valid_for_prakat_too():
    for path in CONTENT_FILES:
        content.load(path)


# --- a mistake: the same verdict from the schema, taplo and prakat -----------------------

SEED = SEED_CONTENT.read_text(encoding="utf-8")
EVERY_TEXT = EVERY.read_text(encoding="utf-8")

MISTAKES = {
    # name: (file it is made from, text, the same with the mistake)
    "misspelt key, format 1": (SEED_CONTENT, "closing =", "closeing ="),
    "misspelt key in a body block, format 1": (SEED_CONTENT, 'heading = "พันธกิจ"', 'haeding = "พันธกิจ"'),
    "misspelt required key, format 2": (EVERY, 'subject = "', 'subjet = "'),
    "misspelt key in a nested item, format 2": (EVERY, 'id = "check"', 'ids = "check"'),
    "format-2 key in format 1": (SEED_CONTENT, 'heading = "พันธกิจ"', 'number = "ข้อ ๑"\nheading = "พันธกิจ"'),
    "wrong type: year in quotes": (SEED_CONTENT, "fiscal_year = 2567", 'fiscal_year = "2567"'),
    "wrong type: a value that is no number": (SEED_CONTENT, "gini_target = 0.41", "gini_target = true"),
    "wrong type: amendment in quotes": (EVERY, "amendment = 2", 'amendment = "2"'),
    "wrong type: restart": (EVERY, "restart = true", 'restart = "yes"'),
    "unknown kind": (EVERY, 'kind = "คำสั่ง"', 'kind = "คำสังการ"'),
    "unknown numbering": (EVERY, 'numbering = "(ก)"', 'numbering = "(k)"'),
}


@pytest.mark.parametrize("name", sorted(MISTAKES))
def test_a_mistake_is_refused_by_the_schema_taplo_and_prakat_alike(validator, tmp_path, name):
    source, right, wrong = MISTAKES[name]
    original = source.read_text(encoding="utf-8")
    assert original.count(right) == 1, right
    text = original.replace(right, wrong)

    # The original: accepted by all three.
    assert not schema_errors(validator, original)
    content.loads(original, source)

    # prakat's validator refuses the mistake …
    with pytest.raises(ContentError) as refused:
        content.loads(text, source)
    fields = [p.field for p in refused.value.problems]
    # … the schema too, at the same field (or the table holding it) …
    errors = schema_errors(validator, text)
    assert errors, f"the schema takes what prakat refuses: {fields}"
    for error in errors:
        where = reader.path_name(tuple(error.absolute_path))
        assert any(f == where or f.startswith(where + ".") or f.startswith(where + "[") for f in fields), \
            (where, error.message, fields)
    # … and so does taplo, the editor's checker.
    mistaken = tmp_path / source.name
    mistaken.write_text(text, encoding="utf-8")
    checked = taplo_with_schema(mistaken)
    assert checked.returncode != 0, checked.stderr
    assert "error:" in checked.stderr


def test_a_taplo_message_names_the_misspelt_key_on_its_line(tmp_path):
    mistaken = tmp_path / "2567.toml"
    mistaken.write_text(SEED.replace("closing =", "closeing ="), encoding="utf-8")
    checked = taplo_with_schema(mistaken)
    assert "Additional properties are not allowed ('closeing' was unexpected)" in checked.stderr
    # Only the table that holds it, not the whole file.
    line = next(i for i, text in enumerate(SEED.splitlines(), 1) if text.startswith("closing ="))
    assert f"{mistaken}:{line}:" in checked.stderr
    assert f"{mistaken}:1:" not in checked.stderr


# --- prakat new --------------------------------------------------------------------------


def test_a_file_prakat_new_writes_names_the_schema_and_passes_taplo(new_edition):
    result, made = new_edition
    first = made.read_text(encoding="utf-8").splitlines()[0]
    assert first == f"#:schema {SCHEMA_PATH.as_uri()}"  # outside the checkout: the schema's address
    checked = taplo(str(made))
    assert checked.returncode == 0, checked.stderr
    # The directive is what taplo follows: a misspelt key in the new file is flagged.
    made.write_text(made.read_text(encoding="utf-8").replace("fiscal_year =", "fiscal_yaer ="), encoding="utf-8")
    checked = taplo(str(made))
    assert checked.returncode != 0 and "fiscal_yaer" in checked.stderr


def test_inside_the_checkout_the_schema_line_is_relative():
    assert schema_directive(ROOT / "content" / "khon-kaen") == "#:schema ../prakat.schema.json"
    assert schema_directive(ROOT / "content") == "#:schema prakat.schema.json"
