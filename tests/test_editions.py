"""Editions that extend earlier ones, ``prakat new``, and ``prakat diff`` (issue 6)."""

from __future__ import annotations

import re
import tomllib

import pytest

from conftest import ROOT, SEED_CONTENT, SYNTHETIC, run_prakat
from generator import build
from generator import content
from generator.commands import diffing
from generator.content import editions
from generator.errors import ContentError
from generator.content.legacy import Section, to_nodes




def test_an_edition_states_only_what_changed(province):
    old = content.load(province / "2567.toml")
    new = content.load(province / "2568.toml")
    assert new.edition == "2568" and new.values["fiscal_year"] == 2568
    assert new.values["gpp_growth_percent"] == 3                      # given in 2568.toml
    assert new.values["gini_target"] == old.values["gini_target"]     # inherited key by key
    assert new.phrases == old.phrases and new.body == old.body        # inherited whole
    assert new.signer == old.signer
    assert new.parents == (province / "2567.toml",)


def test_body_in_the_newer_file_replaces_the_whole_body(province):
    # The new body still prints the values 2568.toml gives (a value no text
    # uses is refused: test_a_value_no_text_uses_is_refused).
    item = "ข้อหนึ่ง ร้อยละ {gpp_growth_percent} มติวันที่ {cabinet_resolution}"
    text = SYNTHETIC.read_text(encoding="utf-8").replace(
        "[issued]", f'[[body]]\nheading = "หัวข้อเดียว"\nitems = ["{item}"]\n\n[issued]')
    (province / "2568.toml").write_text(text, encoding="utf-8")
    new = content.load(province / "2568.toml")
    assert new.body == to_nodes([Section("หัวข้อเดียว", None, (), (item,))])


def test_edition_and_issued_are_not_inherited(province):
    seed = (province / "2567.toml").read_text(encoding="utf-8")
    (province / "2567.toml").write_text(seed.replace('fiscal_year = 2567', 'fiscal_year = 2567\nedition = "2567-first"'),
                                        encoding="utf-8")
    (province / "2568.toml").write_text(SYNTHETIC.read_text(encoding="utf-8").split("[issued]")[0], encoding="utf-8")
    new = content.load(province / "2568.toml")
    assert new.edition == "2568"
    assert new.template_version is None and new.profile_version is None


def test_the_resolved_content_renders_as_the_edition_does(province, tmp_path):
    resolved = editions.resolve(province / "2568.toml")
    standalone = tmp_path / "resolved.toml"
    standalone.write_text(editions.resolved_toml(resolved), encoding="utf-8")
    assert "extends" not in tomllib.loads(standalone.read_text(encoding="utf-8"))
    one = build.render_outputs(content.load(province / "2568.toml"), ("html",))
    two = build.render_outputs(content.load(standalone), ("html",))
    assert one == two


def test_a_missing_parent_is_located(province):
    path = province / "2568.toml"
    path.write_text(SYNTHETIC.read_text(encoding="utf-8").replace('"2567.toml"', '"2566.toml"'), encoding="utf-8")
    result = run_prakat("build", str(path), "--output", str(province / "out"))
    assert result.returncode == 2, result.stderr
    line = _line_of(path, "extends =")
    assert f"{path}:{line}: ช่อง extends:" in result.stderr, result.stderr
    assert "2566.toml" in result.stderr and "Traceback" not in result.stderr
    assert not (province / "out").exists()


def test_a_loop_of_extends_is_located(province):
    (province / "2567.toml").write_text('extends = "2568.toml"\n' + SEED_CONTENT.read_text(encoding="utf-8"),
                                        encoding="utf-8")
    result = run_prakat("build", str(province / "2568.toml"), "--output", str(province / "out"))
    assert result.returncode == 2, result.stderr
    said = f"{province / '2567.toml'}:1: ช่อง extends: ฉบับต่าง ๆ อ้าง extends กันเป็นวง:"
    assert said in result.stderr, result.stderr
    assert "each other" not in result.stderr and "Traceback" not in result.stderr
    english = run_prakat("build", str(province / "2568.toml"), "--output", str(province / "out"), "--lang", "en")
    assert english.returncode == 2, english.stderr
    assert f"{province / '2567.toml'}:1: field extends: the editions extend each other in a loop:" in english.stderr, \
        english.stderr
    assert "เป็นวง" not in english.stderr


def test_a_problem_in_the_parent_is_reported_in_the_parent(province):
    seed = (province / "2567.toml").read_text(encoding="utf-8")
    (province / "2567.toml").write_text(seed.replace("gini_target = 0.41", 'gini_target = "0.41"'),
                                        encoding="utf-8")
    with pytest.raises(ContentError) as caught:
        content.load(province / "2568.toml")
    [problem] = caught.value.problems
    assert problem.path == province / "2567.toml"
    assert problem.line == _line_of(province / "2567.toml", "gini_target =")
    assert problem.field == "values.gini_target"


def _line_of(path, start: str) -> int:
    lines = path.read_text(encoding="utf-8").splitlines()
    return next(i for i, line in enumerate(lines, 1) if line.startswith(start))


# --- prakat new ---------------------------------------------------------------------


def test_new_writes_the_next_edition_and_lists_what_to_review(new_edition, tmp_path):
    result, made = new_edition
    data = tomllib.loads(made.read_text(encoding="utf-8"))
    assert data["extends"] == "2567.toml"
    assert data["announcement"]["fiscal_year"] == 2568
    assert data["announcement"]["date"] == editions.FILL_IN
    # Format 1's latest layout (template 5); the profile version of the edition it extends.
    assert data["issued"] == {"template_version": 5, "profile_version": 1}
    for needle in ("announcement.date", "values.cabinet_resolution", "signer", "body[7]"):
        assert needle in result.stdout, result.stdout
    # Thai only, in what it says and in the comments of the file it wrote.
    assert "วันที่ประกาศ (announcement.date): ต้องกรอกก่อนสร้างเอกสาร" in result.stdout, result.stdout
    assert "ผู้ลงนาม (signer):" in result.stdout and "must be filled in" not in result.stdout
    assert "still the one who signs" not in result.stdout
    written = made.read_text(encoding="utf-8")
    assert "# ฉบับปีงบประมาณ พ.ศ. 2568: ต่อจากฉบับ 2567.toml" in written and "the FY 2568 edition" not in written

    # The date must be filled in before anything is built.
    built = run_prakat("build", str(made), "--output", str(tmp_path / "out"))
    assert built.returncode == 2
    assert f"{made}:{_line_of(made, 'date =')}: ช่อง announcement.date: ยังไม่ได้กรอกวันที่ประกาศ" in built.stderr
    assert built.stderr.count("announcement.date") == 1, built.stderr  # once, in Thai only
    assert "not filled in" not in built.stderr
    english = run_prakat("build", str(made), "--output", str(tmp_path / "out"), "--lang", "en")
    assert english.returncode == 2
    assert (f"{made}:{_line_of(made, 'date =')}: field announcement.date: the announcement date is not filled in yet"
            in english.stderr), english.stderr
    assert "ยังไม่ได้กรอก" not in english.stderr
    assert not (tmp_path / "out").exists()

    made.write_text(made.read_text(encoding="utf-8").replace(f'"{editions.FILL_IN}"', "2024-03-29"),
                    encoding="utf-8")
    announcement = content.load(made)
    assert announcement.edition == "2568"
    html = build.render_outputs(announcement, ("html",))["html"].decode()
    assert "ประจำปีงบประมาณ พ.ศ.\u00a0๒๕๖๘" in html
    assert "งบประมาณ พ.ศ.\u00a0๒๕๖๗" not in html


def test_new_in_english_says_and_writes_english_only(tmp_path):
    folder = tmp_path / "khon-kaen"
    folder.mkdir()
    (folder / "2567.toml").write_bytes(SEED_CONTENT.read_bytes())
    result = run_prakat("new", str(folder / "2567.toml"), "--fiscal-year", "2568", "--lang", "en")
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "the announcement date (announcement.date): must be filled in before building" in out, out
    assert "values.cabinet_resolution" in out and "still the one who signs?" in out
    assert not re.search("[\u0e01-\u0e2e]", out.replace(_signer_words(folder / "2567.toml"), "")), out
    written = (folder / "2568.toml").read_text(encoding="utf-8")
    assert "# the FY 2568 edition: it extends 2567.toml" in written and "ฉบับปีงบประมาณ" not in written
    assert tomllib.loads(written)["announcement"]["date"] == editions.FILL_IN


def _signer_words(path) -> str:
    """The signer's name and position as the review list shows them (content, Thai in any language)."""
    signer = content.load(path).signer
    return f"{signer.name}, {signer.position}"


def test_new_never_overwrites(province):
    before = (province / "2568.toml").read_bytes()
    result = run_prakat("new", str(province / "2567.toml"), "--fiscal-year", "2568")
    assert result.returncode == 2
    assert "2568.toml" in result.stderr and "จะไม่เขียนทับ" in result.stderr, result.stderr
    assert "overwritten" not in result.stderr
    english = run_prakat("new", str(province / "2567.toml"), "--fiscal-year", "2568", "--lang", "en")
    assert english.returncode == 2
    assert "2568.toml" in english.stderr and "never overwritten" in english.stderr, english.stderr
    assert "เขียนทับ" not in english.stderr
    assert (province / "2568.toml").read_bytes() == before


# --- prakat diff ------------------------------------------------------------------------


def test_diff_shows_changed_words(province):
    result = run_prakat("diff", str(province / "2567.toml"), str(province / "2568.toml"))
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "[-๒๕๖๗-]{+๒๕๖๘+}" in out                       # the fiscal year, through the phrases
    assert "ร้อยละ [-๒-]{+๓+}" in out                          # a value
    assert "[-๑๔-]{+๒๐+} [-มีนาคม-]{+กุมภาพันธ์+}" in out       # a date, whole Thai words
    assert "\x1b[" not in out                                   # no colours when not a terminal
    # Unchanged blocks are not shown: the plan's mission items did not change.
    assert "พัฒนาเมืองให้น่าอยู่" not in out


def test_diff_cuts_at_thai_words():
    # A character diff would show only "ุข" → "งบ"; staff read whole words.
    runs = diffing.word_diff("ระดับความสุขของประชาชนในจังหวัด", "ระดับความสงบของประชาชนในจังหวัด")
    changed = [(tag, text) for tag, text in runs if tag != "equal"]
    assert changed == [("delete", "ความสุข"), ("insert", "ความสงบ")]


def test_diff_of_an_edition_with_itself_says_identical(province):
    result = run_prakat("diff", str(province / "2567.toml"), str(province / "2567.toml"))
    assert result.returncode == 0
    assert "ข้อความเหมือนกันทุกย่อหน้า" in result.stdout and "[-" not in result.stdout, result.stdout
    assert "identical" not in result.stdout
    english = run_prakat("diff", str(province / "2567.toml"), str(province / "2567.toml"), "--lang", "en")
    assert english.returncode == 0
    assert "identical" in english.stdout and "เหมือนกัน" not in english.stdout, english.stdout


def test_diff_as_a_side_by_side_page(province, tmp_path):
    page = tmp_path / "diff.html"
    result = run_prakat("diff", str(province / "2567.toml"), str(province / "2568.toml"),
                        "--format", "html", "--output", str(page))
    assert result.returncode == 0, result.stderr
    html = page.read_text(encoding="utf-8")
    rows = re.findall(r'<tr class="(\w+)">(.*?)</tr>', html)
    assert rows and all(body.count("<td") == 3 for _, body in rows)
    changed = [body for tag, body in rows if tag == "replace"]
    assert any("<del>๒</del>" in body and "<ins>๓</ins>" in body for body in changed)
    assert sum(tag == "equal" for tag, _ in rows) > len(changed)


def test_every_real_edition_records_its_versions():
    for path in build.discover([ROOT / "content"]):
        announcement = content.load(path)
        assert announcement.template_version is not None, f"{path}: add [issued] template_version"
        assert announcement.profile_version is not None, f"{path}: add [issued] profile_version"
