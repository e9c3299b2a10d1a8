"""Clause-level diff and partial extends (issue 14): ``prakat diff`` names each
change by its place as a reader finds it, shows an inserted or removed block
as one change and the renumbering once, and its HTML page carries its fonts;
an edition that extends another changes one clause, item, table row or
sign-off field by id (``[[edit]]``) without copying the body."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import lxml.html
import pytest

from conftest import DATA, ROOT, SEED_CONTENT, run_prakat
from generator import build, content
from generator.commands import diffing
from generator.errors import ContentError

EDITS = DATA / "edits"
FONTS = ROOT / "fonts"

HEAD = """format = 2
kind = "ประกาศ"

[document]
issuer_id = "prakat-test"
edition = "{edition}"
issuer = "กรมทดสอบระบบเอกสาร"
subject = "การทดสอบ"
date = 2024-03-15
"""
SIGNOFF = """
[[signoff.signer]]
name = "{name}"
position = "อธิบดีกรมทดสอบระบบเอกสาร"
"""
CLAUSES = ["ให้ยกเลิกคำสั่งเดิม", "ให้แต่งตั้งคณะทำงาน", "ให้คณะทำงานมีหน้าที่ ดังนี้",
           "ให้รายงานผลต่ออธิบดีทุกเดือน", "ให้เบิกค่าใช้จ่ายตามระเบียบ", "ให้ประชุมเดือนละครั้ง",
           "ทั้งนี้ ตั้งแต่บัดนี้เป็นต้นไป"]
ITEMS = ["จัดทำแผนการทดสอบ", "ทดสอบระบบตามแผน", "สรุปผลการทดสอบ"]
ROWS = [["กองแผนงาน", 1], ["กองคลัง", 2], ["กลุ่มงานสารบรรณ", 3], ["กลุ่มงานเทคโนโลยี", 4]]


#: Each clause's id (k1 … k7), whatever its place; a clause added by a test has "extra".
IDS = {text: f"k{n}" for n, text in enumerate(CLAUSES, 1)}


def document(clauses=CLAUSES, items=ITEMS, rows=ROWS, edition="one", signer="นายทดสอบ ระบบดี",
             issuer="กรมทดสอบระบบเอกสาร", ids=True) -> str:
    """Seven clauses (ข้อ ๑ to ข้อ ๗, ids k1…): ข้อ ๓ has items (๑)…, ข้อ ๕ a table."""
    body = ['[[body]]\ntext = "โดยที่เป็นการสมควรปรับปรุงการทดสอบระบบเอกสาร"\n']
    for text in clauses:
        ident = f'id = "{IDS.get(text, "extra")}"\n' if ids else ""
        block = f'[[body]]\nnumber = "ข้อ ๑"\n{ident}text = "{text}"\n'
        if text == "ให้คณะทำงานมีหน้าที่ ดังนี้":
            block += 'numbering = "(๑)"\nitems = [' + ", ".join(f'"{i}"' for i in items) + "]\n"
        if text == "ให้เบิกค่าใช้จ่ายตามระเบียบ":
            cells = ", ".join(f'["{a}", {b}]' for a, b in rows)
            block += f'table = {{ columns = ["หน่วยงาน", "จำนวน"], rows = [{cells}] }}\n'
        body.append(block)
    return (HEAD.format(edition=edition).replace("กรมทดสอบระบบเอกสาร", issuer, 1) + "\n"
            + "\n".join(body) + SIGNOFF.format(name=signer))


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def compared(tmp_path: Path, old: str, new: str) -> list[diffing.Change]:
    return diffing.compare(content.load(write(tmp_path, "old.toml", old)),
                           content.load(write(tmp_path, "new.toml", new)))


def changed(changes: list[diffing.Change]) -> list[diffing.Change]:
    return [c for c in changes if c.tag != "equal"]


# --- places as the reader finds them -----------------------------------------------------

def test_a_changed_item_is_named_by_its_clause_and_item(tmp_path):
    items = [ITEMS[0], "ทดสอบระบบทุกส่วนตามแผน", ITEMS[2]]
    changes = changed(compared(tmp_path, document(), document(items=items, edition="two")))
    assert [(c.tag, c.place.text) for c in changes] == [("replace", "ข้อ ๓ (๒)")]
    assert ("insert", "ทุกส่วน") in changes[0].words
    result = run_prakat("diff", str(tmp_path / "old.toml"), str(tmp_path / "new.toml"))
    assert result.returncode == 0, result.stderr
    assert "@@ ข้อ ๓ (๒) @@" in result.stdout
    assert "block" not in result.stdout                 # no internal block numbers


def test_a_changed_table_row_is_named_by_its_row(tmp_path):
    rows = [*ROWS[:3], ["กลุ่มงานเทคโนโลยีสารสนเทศ", 4]]
    changes = changed(compared(tmp_path, document(), document(rows=rows, edition="two")))
    assert [(c.tag, c.place.text) for c in changes] == [("replace", "ข้อ ๕ ตาราง แถวที่ ๔")]


def test_the_title_and_the_signer_are_named(tmp_path):
    changes = changed(compared(tmp_path, document(), document(
        edition="two", signer="นางทดสอบ ระบบใหม่", issuer="กรมทดสอบเอกสารราชการ")))
    places = [c.place.text for c in changes]
    assert places == ["ชื่อประกาศ", "ผู้ลงนาม ชื่อ"], places


def test_a_changed_paragraph_of_a_clause_is_named_by_its_วรรค(tmp_path):
    old = document().replace('text = "ให้แต่งตั้งคณะทำงาน"\n',
                             'text = "ให้แต่งตั้งคณะทำงาน"\nparagraphs = ["ให้คณะทำงานเลือกกันเอง"]\n')
    new = old.replace("เลือกกันเอง", "เลือกประธานกันเอง")
    changes = changed(compared(tmp_path, old, new))
    assert [c.place.text for c in changes] == ["ข้อ ๒ วรรคสอง"]


# --- one change, one renumbering -----------------------------------------------------------

@pytest.mark.parametrize("ids", [True, False], ids=["by id", "by text"])
def test_an_inserted_clause_is_one_change_and_one_renumbering(tmp_path, ids):
    clauses = [*CLAUSES[:3], "ให้คณะทำงานเชิญผู้เกี่ยวข้องได้", *CLAUSES[3:]]
    changes = changed(compared(tmp_path, document(ids=ids), document(clauses, edition="two", ids=ids)))
    counted = [c for c in changes if c.counted]
    assert [(c.tag, c.place.text) for c in counted] == [("insert", "ข้อ ๔")]
    assert counted[0].new == ["ข้อ ๔ ให้คณะทำงานเชิญผู้เกี่ยวข้องได้"]
    notes = [c for c in changes if c.tag == "renumber"]
    assert [(n.old, n.new) for n in notes] == [(["ข้อ ๔–๗"], ["ข้อ ๕–๘"])]
    assert len(changes) == 2
    result = run_prakat("diff", str(tmp_path / "old.toml"), str(tmp_path / "new.toml"))
    assert result.stdout.count("เลื่อนเป็น") == 1, result.stdout
    assert "ข้อ ๔–๗ เลื่อนเป็น ข้อ ๕–๘" in result.stdout
    assert [line for line in result.stdout.splitlines() if line.startswith("{+")] == [
        "{+ข้อ ๔ ให้คณะทำงานเชิญผู้เกี่ยวข้องได้+}"]


def test_an_inserted_item_is_one_change_and_one_renumbering(tmp_path):
    items = [ITEMS[0], "ตรวจความพร้อมของระบบ", *ITEMS[1:]]
    changes = changed(compared(tmp_path, document(), document(items=items, edition="two")))
    assert [(c.tag, c.place.text) for c in changes] == [("insert", "ข้อ ๓ (๒)"), ("renumber", "ข้อ ๓")]
    assert (changes[1].old, changes[1].new) == (["(๒)–(๓)"], ["(๓)–(๔)"])


@pytest.mark.parametrize("ids", [True, False], ids=["by id", "by text"])
def test_a_removed_clause_is_one_change(tmp_path, ids):
    clauses = [c for c in CLAUSES if c != "ให้คณะทำงานมีหน้าที่ ดังนี้"]   # ข้อ ๓ and its three items
    changes = changed(compared(tmp_path, document(ids=ids), document(clauses, edition="two", ids=ids)))
    counted = [c for c in changes if c.counted]
    assert [(c.tag, c.place.text) for c in counted] == [("delete", "ข้อ ๓")]   # as the old edition numbered it
    assert counted[0].old == ["ข้อ ๓ ให้คณะทำงานมีหน้าที่ ดังนี้", *(f"({d}) {i}" for d, i in zip("๑๒๓", ITEMS))]
    assert [(c.old, c.new) for c in changes if c.tag == "renumber"] == [(["ข้อ ๔–๗"], ["ข้อ ๓–๖"])]


def test_a_removed_row_is_one_change(tmp_path):
    changes = changed(compared(tmp_path, document(), document(rows=ROWS[1:], edition="two")))
    assert [(c.tag, c.place.text) for c in changes] == [("delete", "ข้อ ๕ ตาราง แถวที่ ๑")]


# --- the HTML page carries its fonts -------------------------------------------------------

def test_the_html_page_loads_its_fonts_from_beside_it(tmp_path):
    page = tmp_path / "review" / "diff.html"
    result = run_prakat("diff", str(EDITS / "order-2567.toml"), str(EDITS / "order-2568.toml"),
                        "--format", "html", "--output", str(page))
    assert result.returncode == 0, result.stderr
    html = page.read_text(encoding="utf-8")
    urls = re.findall(r'url\("([^"]+)"\)', html)
    assert urls and all(u.startswith("fonts/") for u in urls), urls
    for url in urls:
        beside = page.parent / url
        assert beside.is_file(), url
        assert beside.read_bytes() == (FONTS / Path(url).name).read_bytes()
    assert 'font-family: "TH Sarabun New"' in html
    # The places as the reader finds them, in the first column; the page's own words in Thai.
    tree = lxml.html.fromstring(html)
    labels = [row.find("td").text_content() for row in tree.iter("tr") if row.find("td") is not None]
    assert "ข้อ ๕ ตาราง แถวที่ ๒" in labels
    assert tree.get("lang") == "th" and tree.findtext(".//h1") == "เปรียบเทียบ"
    assert tree.findtext(".//title").startswith("เปรียบเทียบ ") and tree.findtext(".//th") == "ที่"
    assert "ของฉบับเดิม" in html and "comparison" not in html.lower() and "old edition" not in html


def test_the_html_page_in_english(tmp_path):
    page = tmp_path / "diff.html"
    result = run_prakat("diff", str(EDITS / "order-2567.toml"), str(EDITS / "order-2568.toml"),
                        "--format", "html", "--output", str(page), "--lang", "en")
    assert result.returncode == 0, result.stderr
    html = page.read_text(encoding="utf-8")
    tree = lxml.html.fromstring(html)
    assert tree.get("lang") == "en" and tree.findtext(".//h1") == "Comparison"
    assert tree.findtext(".//title").startswith("Comparison of ") and tree.findtext(".//th") == "Place"
    labels = [row.find("td").text_content() for row in tree.iter("tr") if row.find("td") is not None]
    assert "ข้อ ๕ ตาราง แถวที่ ๒" in labels                 # the places quote the document
    assert "ข้อ ๖ of the old edition" in labels
    summary = tree.findtext(".//p")
    assert "parts changed" in summary and "renumbered" in summary, summary
    for thai_words in ("เปรียบเทียบ", "ของฉบับเดิม", "เลื่อนเลข", "เปลี่ยน"):
        assert thai_words not in html, thai_words


def test_the_printed_html_page_carries_its_fonts_inside(tmp_path):
    result = run_prakat("diff", str(EDITS / "order-2567.toml"), str(EDITS / "order-2568.toml"),
                        "--format", "html")
    assert result.returncode == 0, result.stderr
    urls = re.findall(r'url\("([^"]+)"\)', result.stdout)
    assert len(urls) == 2 and all(u.startswith("data:font/ttf;base64,") for u in urls)


# --- partial extends ------------------------------------------------------------------------

def nums(path: Path) -> list[tuple[str | None, str]]:
    """(id, printed clause) of every top-level clause, rendered."""
    document = content.load(path)
    html = build.render_outputs(document, ("html",))["html"].decode("utf-8")
    tree = lxml.html.fromstring(html)
    out = []
    for node in document.body:
        if node.id:
            text = " ".join(tree.get_element_by_id(node.id).find("p").text_content().split())
            out.append((node.id, text))
    return out


@pytest.fixture
def editions(tmp_path) -> Path:
    for name in ("order-2567.toml", "order-2568.toml"):
        shutil.copy(EDITS / name, tmp_path / name)
    return tmp_path


def test_edits_replace_insert_and_remove_by_id(editions):
    assert nums(editions / "order-2568.toml") == [
        ("name", "ข้อ ๑ คำสั่งนี้เรียกว่า คำสั่งแต่งตั้งคณะทำงานทดสอบระบบเอกสาร พ.ศ. ๒๕๖๘"),   # replaced
        ("members", "ข้อ ๒ ให้คณะทำงานประกอบด้วย"),
        ("guests", "ข้อ ๓ ให้คณะทำงานเชิญผู้เกี่ยวข้องร่วมประชุมได้"),                    # inserted
        ("duties", "ข้อ ๔ ให้คณะทำงานมีหน้าที่ตามข้อ ๖ และรายงานต่ออธิบดี"),               # {ref:report} follows
        ("budget", "ข้อ ๕ ให้ใช้งบประมาณของหน่วยงาน ดังนี้"),
        ("report", "ข้อ ๖ ให้รายงานผลการทดสอบทุกเดือน"),
        ("start", "ข้อ ๗ ทั้งนี้ ตั้งแต่บัดนี้เป็นต้นไป"),                                   # "meeting" removed
    ]
    new = content.load(editions / "order-2568.toml")
    budget = next(n for n in new.body if n.id == "budget")
    assert budget.table.rows[1] == ("กลุ่มงานสารบรรณ", "9500")                            # one row replaced
    assert budget.table.rows[0] == ("กองแผนงาน", "12000")
    assert new.signer.positions == ("รองอธิบดีกรมทดสอบระบบเอกสาร", "รักษาราชการแทนอธิบดีกรมทดสอบระบบเอกสาร")
    assert new.signer.name == "นายทดสอบ ระบบดี"                                            # the rest inherited
    assert new.number == "7/2568" and new.issuer == "กรมทดสอบระบบเอกสาร"
    # The items of a clause whose wording was replaced stay.
    members = next(n for n in new.body if n.id == "members")
    assert len(members.items) == 4
    # The child states only what changed: it has no body of its own.
    assert "[[body]]" not in (editions / "order-2568.toml").read_text(encoding="utf-8")


def test_the_diff_of_an_edited_edition(editions):
    result = run_prakat("diff", str(editions / "order-2567.toml"), str(editions / "order-2568.toml"))
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "@@ ข้อ ๓: เพิ่ม @@" in out
    assert "ข้อ ๓–๕ เลื่อนเป็น ข้อ ๔–๖" in out and out.count("เลื่อนเป็น") == 1
    assert "@@ ข้อ ๕ ตาราง แถวที่ ๒ @@" in out
    assert "@@ ข้อ ๖ ของฉบับเดิม: ลบ @@" in out
    assert "@@ ผู้ลงนาม ตำแหน่ง @@" in out
    last = out.rstrip("\n").splitlines()[-1]
    assert last.startswith("เปลี่ยน ") and "เลื่อนเลขข้อ 1 ช่วง" in last and last.endswith("([-ลบ-] {+เพิ่ม+})")
    for english_words in ("added", "removed", "renumbered", "changed", "old edition"):
        assert english_words not in out, english_words         # one language: Thai by default
    english = run_prakat("diff", str(editions / "order-2567.toml"), str(editions / "order-2568.toml"),
                         "--lang", "en").stdout
    assert "@@ ข้อ ๕ ตาราง แถวที่ ๒ @@" in english and "renumbered: ข้อ ๓–๕ → ข้อ ๔–๖" in english
    assert "@@ ข้อ ๖ of the old edition: removed @@" in english and "@@ ข้อ ๓: added @@" in english
    last = english.rstrip("\n").splitlines()[-1]
    assert "parts changed" in last and "1 run renumbered" in last and last.endswith("([-removed-] {+added+})")
    for thai_words in ("เลื่อนเป็น", "ของฉบับเดิม", ": ลบ", ": เพิ่ม", "เปลี่ยน"):
        assert thai_words not in english, thai_words


EDIT_HEAD = 'extends = "order-2567.toml"\n\n[document]\nedition = "order-2568"\n'


def edited(editions: Path, edits: str) -> Path:
    return write(editions, "order-2568.toml", EDIT_HEAD + edits)


def test_rows_insert_and_remove_and_whole_nodes(editions):
    path = edited(editions, """
[[edit]]
insert_before = "budget"
row = 1
cells = ["สำนักงานรัฐมนตรี", 1000]

[[edit]]
remove = "budget"
row = 5

[[edit]]
replace = "report"
node = { text = "ให้รายงานผลการทดสอบทุกไตรมาส", numbering = "(ก)", items = ["ผลการทดสอบ", "ปัญหาที่พบ"] }

[[edit]]
insert_before = "name"
node = ["ให้ยกเลิกคำสั่งที่ ๕/๒๕๖๖", { text = "ให้ใช้คำสั่งนี้แทน", id = "instead" }]
""")
    new = content.load(path)
    budget = next(n for n in new.body if n.id == "budget")
    assert [row[0] for row in budget.table.rows] == ["สำนักงานรัฐมนตรี", "กองแผนงาน", "กลุ่มงานสารบรรณ",
                                                     "กลุ่มงานเทคโนโลยีสารสนเทศ", "กองคลัง"]
    report = next(n for n in new.body if n.id == "report")          # the id and the number kept
    assert (report.number, [i.text for i in report.items]) == (7, ["ผลการทดสอบ", "ปัญหาที่พบ"])
    numbered = [(n.number, n.id) for n in new.body if n.scheme]
    assert numbered[:3] == [(1, None), (2, "instead"), (3, "name")]  # numbered like the clause beside them
    assert nums(path)[3] == ("duties", "ข้อ ๕ ให้คณะทำงานมีหน้าที่ตามข้อ ๗ และรายงานต่ออธิบดี")  # {ref:} follows


def test_an_inserted_row_keeps_its_numbers_as_written(editions):
    path = edited(editions, '\n[[edit]]\ninsert_after = "budget"\nrow = 1\ncells = ["กองกลาง", 0.40]\n')
    budget = next(n for n in content.load(path).body if n.id == "budget")
    assert budget.table.rows[1] == ("กองกลาง", "0.40")                      # printed ๐.๔๐, not ๐.๔


def test_the_resolved_content_of_an_edited_edition_renders_as_it_does(editions, tmp_path):
    from generator.content import editions as chain

    standalone = write(tmp_path, "resolved.toml",
                       chain.resolved_toml(chain.resolve(editions / "order-2568.toml")))
    assert "[[edit]]" not in standalone.read_text(encoding="utf-8")
    assert (build.render_outputs(content.load(editions / "order-2568.toml"), ("html",))
            == build.render_outputs(content.load(standalone), ("html",)))


def test_a_full_body_still_replaces_the_whole_body(editions):
    path = edited(editions, '\n[[body]]\nnumber = "ข้อ ๑"\ntext = "ข้อเดียว"\n')
    assert [n.text for n in content.load(path).body] == ["ข้อเดียว"]


def test_a_closing_and_a_signer_can_be_replaced_or_removed(editions):
    path = edited(editions, """
[[edit]]
remove = "signoff.closing"

[[edit]]
insert_after = "signoff.signer"
signer = { name = "นางสาวลงนาม ร่วมกัน", position = "รองอธิบดี" }
""")
    new = content.load(path)
    assert new.closing is None
    assert [s.name for s in new.signers] == ["นายทดสอบ ระบบดี", "นางสาวลงนาม ร่วมกัน"]


# --- mistakes, located ---------------------------------------------------------------------

def refused(path: Path, *args: str) -> str:
    result = run_prakat("build", str(path), "--output", str(path.parent / "out"), "--format", "html", *args)
    assert result.returncode == 2, result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    return result.stderr


def line_of(path: Path, needle: str, nth: int = 1) -> int:
    lines = [i for i, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if needle in line]
    return lines[nth - 1]


def test_an_unknown_id_is_located_with_the_nearest(editions):
    path = edited(editions, '\n[[edit]]\nreplace = "reprot"\ntext = "x"\n')
    message = refused(path)
    at = f"{path}:{line_of(path, 'replace =')}: ช่อง edit[1].replace:"
    assert at in message, message
    assert 'ไม่พบข้อที่มี id "reprot"' in message and 'หมายถึง "report" หรือไม่?' in message
    assert "Did you mean" not in message                       # Thai only by default
    english = refused(path, "--lang", "en")
    assert f"{path}:{line_of(path, 'replace =')}: field edit[1].replace:" in english
    assert 'no block has the id "reprot". Did you mean "report"?' in english
    assert "ไม่พบ" not in english


def test_an_edit_of_the_same_id_twice_is_refused(editions):
    path = edited(editions, '\n[[edit]]\nreplace = "report"\ntext = "x"\n\n[[edit]]\nremove = "report"\n')
    message = refused(path)
    first, second = line_of(path, "[[edit]]"), line_of(path, "remove =")
    assert f"{path}:{second}: ช่อง edit[2].remove:" in message, message
    assert f"บรรทัด {first}" in message and "edited twice" not in message
    english = refused(path, "--lang", "en")
    assert f"{path}:{second}: field edit[2].remove:" in english
    assert f"edited twice (see the [[edit]] on line {first})" in english and "บรรทัด" not in english


def test_removing_a_clause_that_is_referred_to_is_refused(editions):
    path = edited(editions, '\n[[edit]]\nremove = "report"\n')
    message = refused(path)
    assert f"{path}:{line_of(path, 'remove =')}: ช่อง edit[1].remove:" in message, message
    parent = editions / "order-2567.toml"
    assert f"{parent}:{line_of(parent, '{ref:report}')} body[4].text" in message   # the text that refers to it
    assert 'ลบข้อ "report"' in message and "{ref:report}" in message and "cannot remove" not in message
    english = refused(path, "--lang", "en")
    assert f"{parent}:{line_of(parent, '{ref:report}')} body[4].text" in english
    assert 'cannot remove "report"' in english and "{ref:report}" in english and "ลบข้อ" not in english


def test_an_edit_of_format_1_is_refused(tmp_path):
    shutil.copy(SEED_CONTENT, tmp_path / "2567.toml")
    path = write(tmp_path, "2568.toml", 'extends = "2567.toml"\n\n[[edit]]\nremove = "x"\n')
    message = refused(path)
    assert f"{path}:{line_of(path, '[[edit]]')}: ช่อง edit[1]:" in message, message
    assert "รูปแบบ 2 เท่านั้น" in message and "format 2 only" not in message and "[[body]]" in message
    english = refused(path, "--lang", "en")
    assert f"{path}:{line_of(path, '[[edit]]')}: field edit[1]:" in english, english
    assert "format 2 only" in english and "รูปแบบ" not in english and "[[body]]" in english


def test_an_edit_needs_extends(tmp_path):
    path = write(tmp_path, "one.toml", document() + '\n[[edit]]\nremove = "k1"\n')
    with pytest.raises(ContentError) as error:
        content.load(path)
    assert "extends" in error.value.format("en")


def test_a_mistake_inside_an_inserted_clause_points_at_its_edit(editions):
    path = edited(editions, '\n[[edit]]\ninsert_after = "name"\nnode = { text = "x", nubmer = "ข้อ ๑" }\n')
    message = refused(path)
    assert f"{path}:{line_of(path, 'node =')}: ช่อง edit[1].node.nubmer:" in message, message
    assert 'หมายถึง "number" หรือไม่?' in message and "Did you mean" not in message
    english = refused(path, "--lang", "en")
    assert f"{path}:{line_of(path, 'node =')}: field edit[1].node.nubmer:" in english, english
    assert 'Did you mean "number"?' in english and "หมายถึง" not in english


def test_a_block_moved_by_an_edit_is_still_located_in_its_file(editions):
    parent = editions / "order-2567.toml"
    text = parent.read_text(encoding="utf-8")
    parent.write_text(text.replace('text = "ทั้งนี้ ตั้งแต่บัดนี้เป็นต้นไป"', 'text = "ทั้งนี้ {nothing}"'),
                      encoding="utf-8")
    path = edited(editions, '\n[[edit]]\nremove = "name"\n')
    message = refused(path)
    assert f"{parent}:{line_of(parent, '{nothing}')}: ช่อง body[8].text:" in message, message


def test_the_schema_knows_the_edit_syntax():
    import tomllib

    from jsonschema import Draft4Validator

    from generator.content import schema
    from test_schema import as_json

    validator = Draft4Validator(schema.generate())
    text = (EDITS / "order-2568.toml").read_text(encoding="utf-8")
    assert not list(validator.iter_errors(as_json(tomllib.loads(text))))
    wrong = as_json(tomllib.loads(text.replace("insert_after =", "insert_afterr =")))
    assert list(validator.iter_errors(wrong))
