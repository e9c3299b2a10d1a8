"""Messages come from the Babel catalog (issue 14): every id the code or click
can show has its Thai, the two name the same placeholders, the compiled
catalog is the committed one, no Thai message hides in the code, and each
command speaks one language: Thai by default, English with --lang en or
PRAKAT_LANG=en (which also chooses the language of --help)."""

from __future__ import annotations

import ast
import io
import re
import string
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.mofile import write_mo
from click.testing import CliRunner

from conftest import ROOT
from generator import catalog, messages
from generator.cli import _help, main
from generator.messages import M

THAI = re.compile("[\u0e00-\u0e7f]")
#: Three English words in a row: the mark of a sentence glued beside Thai.
ENGLISH_WORDS = re.compile(r"[A-Za-z]{2,}[ ,;:]+[A-Za-z]{2,}[ ,;:]+[A-Za-z]{2,}")
#: Calls whose Thai arguments would be words said to a person, outside the catalog.
SAYING = {"Problem", "ContentError", "BuildError", "Refused", "FontError", "ManifestError",
          "ArchiveConflict", "BadImage", "UnsafePath", "BadParameter", "UsageError", "echo", "secho",
          "print", "prompt", "_say", "say", "notice", "problem", "warn", "_fail", "_problem"}


@pytest.fixture(scope="module")
def thai_po():
    return catalog.read("th")


@pytest.fixture(scope="module")
def code_ids():
    return {m.id: m for m in catalog.extracted() if m.id}


def _names(text: str) -> set[str]:
    """The placeholders of ``text``: ``{name}`` fields, or ``%(name)s`` in click's few."""
    brace = {field.split("!")[0].split(".")[0].split("[")[0]
             for _, field, _, _ in string.Formatter().parse(text) if field is not None}
    return brace | set(re.findall(r"%\((\w+)\)", text))


def test_every_message_the_code_can_show_has_its_thai(thai_po, code_ids):
    missing = [msgid for msgid in code_ids
               if msgid not in thai_po or not thai_po[msgid].string
               or (isinstance(thai_po[msgid].string, tuple) and not all(thai_po[msgid].string))
               or thai_po[msgid].fuzzy]
    assert not missing, "no Thai in the catalog (run `make messages`, then write it):\n" + \
        "\n".join(map(repr, missing[:20]))


def test_the_catalog_holds_no_message_the_code_no_longer_has(thai_po, code_ids):
    stale = [m.id for m in thai_po if m.id and m.id not in code_ids]
    assert not stale, "ids no longer in the code (run `make messages`):\n" + "\n".join(map(repr, stale[:20]))


def test_thai_and_english_name_the_same_placeholders(thai_po):
    wrong = []
    for message in thai_po:
        if not message.id or not message.string:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        texts = message.string if isinstance(message.string, tuple) else (message.string,)
        given = set().union(*(_names(i) for i in ids))
        for thai in texts:
            # A plural's one Thai form may use the names of either English form.
            if (_names(thai) != given) if len(ids) == 1 else not _names(thai) <= given:
                wrong.append((message.id, thai))
    assert not wrong, wrong[:10]


def test_the_compiled_catalog_is_the_committed_one(thai_po):
    """`make` compiles the .po; a stale .mo would show yesterday's words."""
    expected = io.BytesIO()
    write_mo(expected, thai_po, use_fuzzy=False)
    assert catalog.mo_path("th").read_bytes() == expected.getvalue(), \
        "the .mo is not the .po compiled: run `make`"


def test_a_message_is_shown_in_one_language():
    said = M("wrote {path}", path="a.pdf")
    assert said.text("th") == "เขียน a.pdf แล้ว"
    assert said.text("en") == "wrote a.pdf"
    nested = M("{what}: {names}", what=M("permission denied"), names="x")
    assert nested.text("th") == "ไม่มีสิทธิ์เข้าถึง: x"
    assert nested.text("en") == "permission denied: x"


def _said_in_thai(path: Path) -> list[tuple[int, str]]:
    """Thai literals of ``path`` that would reach a person outside the catalog:
    inside a ``raise`` or a call that reports (:data:`SAYING`), or glued to an
    English sentence. Message ids (``M``/``N_``) may quote a document's words;
    the document's own words (clause names, marks, samples) are not messages."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    ids: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and getattr(node.func, "id", None) in ("M", "N_"):
            ids.update(id(n) for arg in node.args for n in ast.walk(arg))
        if isinstance(node, (ast.Module, ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            first = node.body[0] if node.body else None
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
                ids.add(id(first.value))  # a docstring, for developers
    found = []

    def thai_literals(node):
        return [n for n in ast.walk(node) if isinstance(n, ast.Constant) and isinstance(n.value, str)
                and THAI.search(n.value) and id(n) not in ids]

    for node in ast.walk(tree):
        name = None
        if isinstance(node, ast.Call):
            name = getattr(node.func, "id", None) or getattr(node.func, "attr", None)
        if isinstance(node, ast.Raise) or name in SAYING:
            found += [(n.lineno, n.value) for n in thai_literals(node)]
        elif isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in ids \
                and THAI.search(node.value) and ENGLISH_WORDS.search(node.value):
            found.append((node.lineno, node.value))
    return sorted(set(found))


def test_no_thai_message_is_written_in_the_code():
    """Thai words for people live in the catalog, never beside English in one
    string. A line marked ``# not a message`` says why it is not one (bytes
    the archives already hold, a note for developers)."""
    found = []
    for path in sorted((ROOT / "generator").rglob("*.py")):
        name = path.relative_to(ROOT).as_posix()
        lines = path.read_text(encoding="utf-8").splitlines()
        for lineno, value in _said_in_thai(path):
            if "# not a message" not in lines[lineno - 1]:
                found.append(f"{name}:{lineno}: {value[:60]!r}")
    assert not found, "\n".join(found)


def test_the_check_finds_a_thai_message_in_the_code(tmp_path):
    sample = tmp_path / "sample.py"
    sample.write_text('raise BuildError("ไม่พบไฟล์")\n'
                      'x = "ไม่พบไฟล์ (no such file here)"\n'
                      'y = M("no such file under สำเนาถูกต้อง")\n'
                      'z = "ข้อ"\n', encoding="utf-8")
    assert [line for line, _ in _said_in_thai(sample)] == [1, 2]


# --- the commands -----------------------------------------------------------

def _flat(text: str) -> str:
    """``text`` without its spaces: the help is wrapped (even after a hyphen)."""
    return "".join(text.split())


@pytest.mark.parametrize("name", sorted(main.commands))
def test_help_is_thai_by_default_and_english_with_prakat_lang(name, monkeypatch):
    command = main.commands[name]
    monkeypatch.delenv("PRAKAT_LANG", raising=False)
    thai = CliRunner().invoke(main, [name, "--help"])
    english = CliRunner().invoke(main, [name, "--help"], env={"PRAKAT_LANG": "en"})
    assert thai.exit_code == 0 and english.exit_code == 0
    assert "วิธีใช้:" in thai.output and "ตัวเลือก:" in thai.output, thai.output
    assert "Usage:" in english.output and "Options:" in english.output
    assert "Show this message and exit." in english.output
    assert "Show this message and exit." not in thai.output
    texts = [command.help] + [p.help for p in command.params if getattr(p, "help", None)]
    for text in texts:
        first = _flat(text)[:30]
        assert first in _flat(english.output), (name, first)
        assert first not in _flat(thai.output), (name, first)
        assert _flat(_help(text))[:20] in _flat(thai.output), (name, text)


def test_click_usage_errors_speak_the_default_language(monkeypatch):
    monkeypatch.delenv("PRAKAT_LANG", raising=False)
    thai = CliRunner().invoke(main, ["build", "--no-such-option"])
    english = CliRunner().invoke(main, ["build", "--no-such-option"], env={"PRAKAT_LANG": "en"})
    assert thai.exit_code == english.exit_code == 2
    assert "ไม่รู้จักตัวเลือก" in thai.output and "No such option" not in thai.output
    assert "No such option" in english.output and not THAI.search(english.output)


#: One bad use of each command: arguments (``{p}`` is a fresh folder).
BAD_USES = {
    "build": ["build", "{p}/missing.toml", "-o", "{p}/out"],
    "new": ["new", "{p}/missing.toml", "--fiscal-year", "2568"],
    "schema": ["schema", "--output", "{p}/content.toml"],
    "diff": ["diff", "{p}/missing.toml", "{p}/missing.toml"],
    "archive": ["archive", "{p}/missing.toml", "--archive", "{p}/archive"],
    "verify": ["verify", "{p}/missing.pdf"],
    "sign": ["sign", "{p}/bad.toml", "--key", "{p}/bad.toml"],
    "copy": ["copy", "{p}/missing.toml", "--copies", "2"],
    "serve": ["serve", "{p}/missing.toml"],
}


def test_every_command_has_a_bad_use_here():
    assert set(BAD_USES) == set(main.commands)


@pytest.mark.parametrize("name", sorted(BAD_USES))
def test_each_command_says_one_language(name, tmp_path):
    (tmp_path / "bad.toml").write_text("title = \n", encoding="utf-8")
    args = [a.replace("{p}", str(tmp_path)) for a in BAD_USES[name]]
    said = {}
    for lang in ("th", "en"):
        result = subprocess.run([sys.executable, "-m", "generator", *args, "--lang", lang], cwd=ROOT,
                                capture_output=True, text=True, timeout=120)
        assert result.returncode == 2, result.stderr
        assert "Traceback" not in result.stderr
        said[lang] = result.stderr.replace(str(tmp_path), "")
    assert THAI.search(said["th"]), said["th"]
    assert not THAI.search(said["en"]), said["en"]
    # No English sentence beside the Thai: the Thai message has no run of
    # four English words (paths and field names are shorter).
    assert not re.search(r"\b[a-z]+ [a-z]+ [a-z]+ [a-z]+\b", said["th"]), said["th"]


def test_the_messages_module_loads_no_babel():
    """prakat reads the compiled catalog with gettext: Babel is for set-up only."""
    code = "import sys, generator.messages as m; m.catalog('th'); print('babel' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert out.stdout.strip() == "False", out.stderr
    assert messages.catalog("th").gettext("permission denied") != "permission denied"
