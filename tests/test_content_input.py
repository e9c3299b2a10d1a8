"""Content input that must never give a wrong document without a word (issue 12).

Unused values, numbers as written, years of the wrong era, warnings; names of
profiles that stay inside their folder and profile figures that are only ever
numbers and words; files that are read only when they are regular and small,
parents included; nesting and keys bounded before parsing; TOML syntax errors
in plain words. Each test names the class of input it stands for.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import DATA, ROOT, SEED_CONTENT, SYNTHETIC, run_prakat
from generator import content, render
from generator.content import editions, reader
from generator.document.model import Written
from generator.errors import ContentError
from generator.format import profile as profiles
from generator.format import versions

SEED = SEED_CONTENT.read_text(encoding="utf-8")
ARABIC = DATA / "format2" / "arabic.toml"


def refused(text: str, path: Path | str = "x.toml") -> ContentError:
    with pytest.raises(ContentError) as caught:
        content.loads(text, path)
    return caught.value


def line_of(text: str, marker: str) -> int:
    return text[:text.index(marker)].count("\n") + 1



# --- 1. a value no text uses is an error ---------------------------------------------


def test_a_value_no_text_uses_is_refused_with_the_closest_used_name():
    text = SEED.replace("gini_target = 0.41", "gini_target = 0.41\ngini_traget = 0.38")
    error = refused(text)
    [problem] = error.problems
    assert problem.field == "values.gini_traget" and problem.line == line_of(text, "gini_traget")
    assert 'Did you mean "gini_target"?' in problem.english and 'หมายถึง "gini_target"' in problem.thai


def test_a_misspelt_value_in_an_extending_edition_is_refused_in_that_edition(province):
    # Before: the typo was ignored and last year's gini_target printed without a word.
    child = province / "2568.toml"
    text = SYNTHETIC.read_text(encoding="utf-8").replace("gpp_growth_percent = 3",
                                                          "gpp_growth_percent = 3\ngini_traget = 0.38")
    child.write_text(text, encoding="utf-8")
    with pytest.raises(ContentError) as caught:
        content.load(child)
    [problem] = caught.value.problems
    assert Path(problem.path) == child and problem.line == line_of(text, "gini_traget")
    assert problem.field == "values.gini_traget" and '"gini_target"' in problem.english


def test_a_value_used_only_by_the_parents_text_is_used(province):
    child = province / "2568.toml"
    child.write_text(SYNTHETIC.read_text(encoding="utf-8").replace(
        "gpp_growth_percent = 3", "gpp_growth_percent = 3\ngini_target = 0.38"), encoding="utf-8")
    announcement = content.load(child)          # overrides a value the parent's body prints
    assert announcement.values["gini_target"] == 0.38


def test_an_inherited_value_the_new_body_leaves_out_is_not_blamed_on_the_parent(province):
    child = province / "2568.toml"
    text = SYNTHETIC.read_text(encoding="utf-8")
    text = text[:text.index("[values]")] + '[[body]]\ntext = "ย่อหน้าเดียว"\n\n' + text[text.index("[issued]"):]
    child.write_text(text, encoding="utf-8")
    assert content.load(child).body[0].text == "ย่อหน้าเดียว"


# --- 2. numbers print as written -------------------------------------------------------


@pytest.mark.parametrize("written, printed", [("0.40", "๐.๔๐"), ("2.0", "๒.๐"), ("1_500", "๑,๕๐๐"),
                                              ("1_234_567.50", "๑,๒๓๔,๕๖๗.๕๐"), ("0.41", "๐.๔๑")])
def test_numbers_print_as_written(written, printed):
    announcement = content.loads(SEED.replace("gini_target = 0.41", f"gini_target = {written}"), "x.toml")
    html = render.render(announcement)
    assert f"ต่ำกว่า {printed}<" in html, html[html.index("ต่ำกว่า"):][:40]


def test_a_number_that_prints_as_its_value_stays_a_plain_number():
    # The seed's values keep their type (and the build key of every edition its value).
    values = content.load(SEED_CONTENT).values
    assert type(values["gini_target"]) is float and type(values["plan_start"]) is int
    assert content.loads(SEED.replace("0.41", "0.40"), "x.toml").values["gini_target"] == Written(0.4, "0.40")


def test_thousands_are_grouped_by_three_or_refused():
    error = refused(SEED.replace("gpp_growth_percent = 2", "gpp_growth_percent = 10_00"))
    assert error.problems[0].field == "values.gpp_growth_percent"
    assert "1_000" in error.problems[0].english


def test_numbers_in_format_2_values_and_table_cells_print_as_written():
    text = (ARABIC.read_text(encoding="utf-8").replace("budget = 2500", "budget = 2_500.50")
            .replace('["ค่าวัสดุ", 120]', '["ค่าวัสดุ", 0.50]'))
    announcement = content.loads(text, "arabic.toml")
    html = render.render(announcement, versions.profile_for(announcement))
    assert "2,500.50\xa0บาท" in html and ">0.50<" in html


def test_the_resolved_content_keeps_numbers_as_written(province, tmp_path):
    child = province / "2568.toml"
    child.write_text(SYNTHETIC.read_text(encoding="utf-8").replace(
        "gpp_growth_percent = 3", "gpp_growth_percent = 3\ngini_target = 0.40"), encoding="utf-8")
    standalone = tmp_path / "resolved.toml"
    standalone.write_text(editions.resolved_toml(editions.resolve(child)), encoding="utf-8")
    assert "gini_target = 0.40" in standalone.read_text(encoding="utf-8")
    assert render.render(content.load(standalone)) == render.render(content.load(child))


# --- 3. eras and warnings ------------------------------------------------------------


@pytest.mark.parametrize("old, new", [("plan_start = 2566", "plan_start = 2023"),
                                      ("plan_end = 2570", "plan_end = 2027"),
                                      ("gpp_growth_percent = 2", "gpp_growth_percent = 2\nstart_year = 2024")])
def test_a_christian_era_year_where_the_text_prints_a_buddhist_one_is_refused(old, new):
    text = SEED.replace(old, new)
    if "start_year" in new:
        text = text.replace("ร้อยละ {gpp_growth_percent}", "ร้อยละ {gpp_growth_percent} ตั้งแต่ {start_year}")
    error = refused(text)
    [problem] = error.problems
    year = int(new.rsplit("= ", 1)[1])
    assert problem.line == line_of(text, new.splitlines()[-1])
    assert f"e.g. {year + 543}" in problem.english and "543" in problem.thai


def test_a_year_in_a_christian_era_sentence_is_left_alone():
    text = (SEED.replace("gpp_growth_percent = 2", "gpp_growth_percent = 2\nce_start = 2023")
            .replace("ร้อยละ {gpp_growth_percent}", "ร้อยละ {gpp_growth_percent} (ค.ศ. {ce_start})"))
    assert content.loads(text, "x.toml").values["ce_start"] == 2023


@pytest.mark.parametrize("text", [SEED.replace("fiscal_year = 2567", "fiscal_year = 2024"),
                                  ARABIC.read_text(encoding="utf-8").replace(
                                      "title_year = 2561", "title_year = 2561\nfiscal_year = 2024")])
def test_a_christian_era_fiscal_year_is_refused_with_the_hint(text):
    assert "2567" in refused(text).problems[0].english


def test_a_date_outside_the_fiscal_year_is_a_warning_naming_both():
    text = SEED.replace("date = 2023-03-31", "date = 2021-03-31")
    announcement = content.loads(text, "2567.toml")          # still builds
    [warning] = announcement.warnings
    assert warning.field == "announcement.date" and warning.line == line_of(text, "date = 2021")
    assert "2021-03-31" in warning.english and "2567" in warning.english
    assert "2021-03-31" in warning.thai and "2567" in warning.thai
    # The year before the fiscal year, when its plan is made, is no mistake (the seed itself).
    assert content.load(SEED_CONTENT).warnings == ()


def test_an_edition_unlike_its_file_name_is_a_warning_naming_both(tmp_path):
    path = tmp_path / "2568.toml"
    path.write_text(SEED, encoding="utf-8")                  # FY 2567 saved as 2568.toml
    [warning] = content.load(path).warnings
    assert '"2567"' in warning.english and "2568.toml" in warning.english
    assert warning.line == line_of(SEED, "fiscal_year =")
    ok = tmp_path / "2567.toml"
    ok.write_text(SEED.replace("fiscal_year = 2567", 'fiscal_year = 2567\nedition = "2567-first"'), encoding="utf-8")
    assert content.load(ok).warnings == ()


def test_warnings_are_printed_and_change_neither_the_exit_code_nor_the_document(tmp_path):
    path = tmp_path / "2568.toml"
    path.write_text(SEED.replace("date = 2023-03-31", "date = 2021-03-31"), encoding="utf-8")
    output = tmp_path / "out"
    first = run_prakat("build", str(path), "--output", str(output), "--format", "html")
    assert first.returncode == 0, first.stderr
    # In Thai by default, in English with --lang en: one language, never both.
    assert first.stderr.count("คำเตือน:") == 2 and "warning:" not in first.stderr, first.stderr
    assert f"{path}:" in first.stderr and "2021-03-31" in first.stderr
    assert "อยู่นอกปีงบประมาณ" in first.stderr and "outside" not in first.stderr, first.stderr
    again = run_prakat("build", str(path), "--output", str(output), "--format", "html", "--lang", "en")
    assert again.returncode == 0 and "unchanged" in again.stdout
    assert again.stderr.count("warning:") == 2 and "คำเตือน" not in again.stderr, again.stderr
    assert "outside" in again.stderr and "อยู่นอกปีงบประมาณ" not in again.stderr, again.stderr
    html = (output / "khon-kaen" / "2567" / "khon-kaen-2567.html").read_text(encoding="utf-8")
    assert "warning" not in html and "คำเตือน" not in html


# --- 4. names stay inside their folder, profile figures are numbers and words ----------


@pytest.mark.parametrize("name", ["versions/../../content/khon-kaen/2567", "../official", "/etc/passwd",
                                  "official/../official", "Official", "official\n"])
def test_a_profile_name_is_a_name_never_a_path(name):
    for call in (lambda: versions.profile_path(name), lambda: versions.profile_path(name, 1),
                 lambda: versions.profile_versions(name), lambda: profiles.load(name)):
        with pytest.raises(ContentError) as caught:
            call()
        assert "profile" in caught.value.format("en")
    quoted = json.dumps(name)
    for text in (SEED.replace("closing =", f"profile = {quoted}\nclosing ="),
                 ARABIC.read_text(encoding="utf-8").replace('digits = "arabic"',
                                                            f'digits = "arabic"\nprofile = {quoted}')):
        assert any(p.field.endswith("profile") for p in refused(text).problems)


def test_a_template_version_is_a_number():
    for version in ("1", "../v1", 0, -1, 1.0, True):
        with pytest.raises(ContentError):
            versions.template_dir(version)


def crafted(tmp_path: Path, old: str, new: str) -> Path:
    source = (ROOT / "templates" / "profiles" / "official.toml").read_text(encoding="utf-8")
    assert old in source
    (tmp_path / "evil.toml").write_text(source.replace(old, new, 1), encoding="utf-8")
    document = tmp_path / "document.toml"
    document.write_text(ARABIC.read_text(encoding="utf-8").replace(
        'digits = "arabic"', 'digits = "arabic"\nprofile = "evil.toml"'), encoding="utf-8")
    return document


@pytest.mark.parametrize("old, new, field", [
    ('font_family = "TH Sarabun New"',
     'font_family = "x\\"; } </style><script>alert(1)</script><style> p { x: \\""', "type.font_family"),
    ('font_family = "TH Sarabun New"', "font_family = 'TH Sarabun New</style>'", "type.font_family"),
    ("font_size_pt = 16.0", "font_size_pt = nan", "type.font_size_pt"),
    ("font_size_pt = 16.0", "font_size_pt = 1e300", "type.font_size_pt"),
    ("margin_left_mm = 30.0", "margin_left_mm = -5.0", "page.margin_left_mm"),
    ("space_lines = 3", "space_lines = 100000", "signature.space_lines"),
    ("left_ratio = 0.5", "left_ratio = 7.0", "signature.left_ratio"),
    ('digits = "thai"', 'digits = "thai</style>"', "type.digits"),
])
def test_a_crafted_profile_beside_the_content_is_refused_where_it_is_wrong(tmp_path, old, new, field):
    document = crafted(tmp_path, old, new)
    with pytest.raises(ContentError) as caught:
        content.load(document)
    [problem] = caught.value.problems
    evil = (tmp_path / "evil.toml").read_text(encoding="utf-8")
    assert Path(problem.path) == tmp_path / "evil.toml" and problem.field == field
    assert problem.line == line_of(evil, new.split(" =")[0] + " =")
    assert "document.toml" in problem.english          # and it says which content chose it


def test_the_command_refuses_a_crafted_profile_and_writes_nothing(tmp_path):
    document = crafted(tmp_path, 'font_family = "TH Sarabun New"', 'font_family = "a</style><script>x()</script>"')
    result = run_prakat("build", str(document), "--output", str(tmp_path / "out"))
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert f"{tmp_path / 'evil.toml'}:" in result.stderr and "type.font_family" in result.stderr
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").rglob("*.html"))


def test_every_profile_figure_has_a_rule():
    fields = {f.name for f in profiles.dataclasses.fields(profiles.Profile)} - {"name", "version"}
    assert set(profiles.RULES) == fields


def test_the_stylesheet_cannot_end_the_style_element_whatever_reaches_it():
    # A second line behind the profile's checks: the CSS template is escaped too.
    bad = profiles.variant(profiles.OFFICIAL, font_family='x"; } </style><script>alert(1)</script>')
    html = render.render(content.load(SEED_CONTENT), bad)
    assert "<script>" not in html and html.count("</style>") == 1


# --- 5. only regular files of bounded size, depth and keys, parents too ---------------


def test_a_fifo_is_refused_at_once(tmp_path):
    fifo = tmp_path / "2567.toml"
    os.mkfifo(fifo)
    start = time.monotonic()
    error = refused_file(fifo)
    assert time.monotonic() - start < 5 and "FIFO" in error.format("en")


def refused_file(path: Path) -> ContentError:
    with pytest.raises(ContentError) as caught:
        content.load(path)
    return caught.value


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="needs /dev/zero")
def test_a_link_to_a_device_is_refused_as_content_and_as_parent(province):
    (province / "zero.toml").symlink_to("/dev/zero")
    assert "device" in refused_file(province / "zero.toml").format("en")
    child = province / "2568.toml"
    child.write_text(SYNTHETIC.read_text(encoding="utf-8").replace('"2567.toml"', '"zero.toml"'), encoding="utf-8")
    [problem] = refused_file(child).problems
    assert Path(problem.path) == province / "zero.toml" and "device" in problem.english
    assert f"{child}:" in problem.english                     # which file extends it


def test_a_parent_with_a_byte_order_mark_is_read_like_any_file(province):
    parent = province / "2567.toml"
    parent.write_bytes(b"\xef\xbb\xbf" + parent.read_bytes())
    assert content.load(province / "2568.toml").values["fiscal_year"] == 2568


def test_a_parent_that_cannot_be_read_is_named(province, monkeypatch):
    parent = province / "2567.toml"
    real_open = os.open

    def denied(path, *args, **kwargs):
        if Path(path) == parent:
            raise PermissionError(13, "Permission denied", str(path))
        return real_open(path, *args, **kwargs)

    monkeypatch.setattr(os, "open", denied)
    [problem] = refused_file(province / "2568.toml").problems
    assert Path(problem.path) == parent and "permission" in problem.english


def test_a_parent_too_large_or_broken_is_located_in_the_parent(province):
    parent = province / "2567.toml"
    parent.write_text(SEED.replace("gpp_growth_percent = 2", "gpp_growth_percent = 3%"), encoding="utf-8")
    [problem] = refused_file(province / "2568.toml").problems
    assert Path(problem.path) == parent and problem.line == line_of(SEED, "gpp_growth_percent")
    parent.write_bytes(b"#" * (reader.MAX_BYTES + 10))
    [problem] = refused_file(province / "2568.toml").problems
    assert Path(problem.path) == parent and "too large" in problem.english


DEEP = {
    "dotted key": "[x]\n" + ".".join(["a"] * 500) + " = 1\n",
    "table header": "[" + ".".join(["a"] * 500) + "]\n",
    "inline tables": "[x]\nv = " + "{a = " * 500 + "1" + "}" * 500 + "\n",
    "lists": "[x]\nv = " + "[" * 500 + "]" * 500 + "\n",
    "repeated tables": "".join("[[" + ".".join(["x"] * i) + "]]\n" for i in range(1, 500)),
    "headers and lists": "[" + ".".join(["a"] * 15) + "]\nv = " + "[" * 35 + "]" * 35 + "\n",
    "huge dotted key": "[x]\n" + ".".join(["a"] * 50_000) + " = 1\n",
    "huge quoted key": "[x]\n" + ".".join(['"a"'] * 30_000) + " = 1\n",
    "long key": "a" * 100_000 + " = 1\n",   # inside [issued], the seed's last table
}


@pytest.mark.parametrize("case", sorted(DEEP))
def test_deep_nesting_and_huge_keys_are_refused_quickly(case, province):
    text = SEED + "\n" + DEEP[case]
    start = time.monotonic()
    error = refused(text)
    assert time.monotonic() - start < 5, case
    [problem] = error.problems
    assert problem.line and problem.line > SEED.count("\n"), problem
    assert len(problem.format()) < 1000 and ("deep" in problem.english or "key" in problem.english)
    # As a parent, too: located in the parent.
    (province / "2567.toml").write_text(text, encoding="utf-8")
    [problem] = refused_file(province / "2568.toml").problems
    assert Path(problem.path) == province / "2567.toml"


def test_a_batch_builds_the_good_edition_beside_bad_inputs(tmp_path):
    folder = tmp_path / "content"
    (folder / "khon-kaen").mkdir(parents=True)
    shutil.copy(SEED_CONTENT, folder / "khon-kaen" / "2567.toml")
    os.mkfifo(folder / "fifo.toml")
    (folder / "deep.toml").write_text(SEED + "\n" + DEEP["lists"], encoding="utf-8")
    (folder / "zero.toml").symlink_to("/dev/zero")
    (folder / "child.toml").write_text(SYNTHETIC.read_text(encoding="utf-8").replace('"2567.toml"', '"zero.toml"'),
                                       encoding="utf-8")
    (folder / "bom-parent.toml").write_bytes(b"\xef\xbb\xbf" + SEED.replace("khon-kaen", "bom").encode())
    output = tmp_path / "out"
    result = subprocess.run([sys.executable, "-m", "generator", "build", str(folder), "--output", str(output),
                             "--format", "html", "--jobs", "1"], cwd=ROOT, capture_output=True, text=True,
                            timeout=240)
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr + result.stdout
    assert (output / "khon-kaen" / "2567" / "khon-kaen-2567.html").is_file()
    assert (output / "bom" / "2567" / "bom-2567.html").is_file()
    for name in ("fifo.toml", "deep.toml", "zero.toml"):
        assert f"{folder / name}:" in result.stderr, (name, result.stderr)
    assert f"{folder / 'zero.toml'}: ช่อง" not in result.stderr  # not a content field: the file itself


# --- 6. TOML syntax errors in plain words --------------------------------------------


SYNTAX = {
    # case: (old, new, Thai words, English words)
    "text without quotes": ('subject = "ประกาศใช้{plan} และ{action_plan}"', "subject = ประกาศใช้แผน",
                            "เครื่องหมายคำพูด", "double quotes"),
    "per cent unquoted": ("gpp_growth_percent = 2", "gpp_growth_percent = 3%",
                          "{gpp_growth_percent}%", "{gpp_growth_percent}%"),
    "per cent in a text field": ('closing = "จึงประกาศให้ทราบโดยทั่วกัน"', "closing = 3%",
                                 '"3%"', '"3%"'),
    "stray character after the text": ('issuer = "จังหวัดขอนแก่น"', 'issuer = "จังหวัดขอนแก่น" ฯ',
                                       "U+0E2F", "after the closing quote"),
    "stray character at the start": ('issuer = "จังหวัดขอนแก่น"', '@issuer = "จังหวัดขอนแก่น"',
                                     "U+0040", "at the start of the line"),
    "stray quote": ('issuer = "จังหวัดขอนแก่น"', 'issuer = "จังหวัดขอนแก่น""', '\\"', "stray quote"),
    "curly quotes": ('issuer = "จังหวัดขอนแก่น"', "issuer = “จังหวัดขอนแก่น”", "“ ”", "curly quotes"),
    "text in a list without quotes": ('  "การพัฒนาสังคมสุขภาวะให้น่าอยู่อย่างยั่งยืน",', "  5%,",
                                      '"5%"', "in the list opened"),
    "no-break space in a key": ('issuer = "จังหวัดขอนแก่น"', 'issuer\u00a0= "จังหวัดขอนแก่น"',
                                "U+00A0", "U+00A0"),
    "full-width equals": ('issuer = "จังหวัดขอนแก่น"', 'issuer ＝ "จังหวัดขอนแก่น"', "U+FF1D", "half-width"),
    "comma missing in a list": ('  "การพัฒนาสังคมสุขภาวะให้น่าอยู่อย่างยั่งยืน",',
                                '  "การพัฒนาสังคมสุขภาวะ" "ให้น่าอยู่อย่างยั่งยืน",', "ขาดจุลภาค", "comma is missing"),
    "two commas": ('  "การพัฒนาสังคมสุขภาวะให้น่าอยู่อย่างยั่งยืน",', '  "การพัฒนาสังคมสุขภาวะ",,',
                   "จุลภาค , เกินมา", "a comma too many"),
    "two equals signs": ('issuer = "จังหวัดขอนแก่น"', 'issuer = = "จังหวัดขอนแก่น"', "= ซ้ำ", 'a second "="'),
    "line separator after the text": ('issuer = "จังหวัดขอนแก่น"', 'issuer = "จังหวัดขอนแก่น"\u2028',
                                      "U+2028", "U+2028 line separator"),
    "single quote never closed": ('issuer = "จังหวัดขอนแก่น"', "issuer = 'จังหวัดขอนแก่น",
                                  "ไม่มีเครื่องหมายคำพูดปิด", "no closing quote"),
}
#: Words of the parser that must never reach a user alone.
PARSER_WORDS = ("Expected newline", "Invalid value", "Invalid statement", "Illegal character",
                "Unclosed array", "Found invalid character", "\\u000a", "\\n")


@pytest.mark.parametrize("case", sorted(SYNTAX))
def test_syntax_errors_are_explained_with_line_column_and_hint(case):
    old, new, thai_words, english_words = SYNTAX[case]
    text = SEED.replace(old, new)
    [problem] = refused(text).problems
    assert problem.line == line_of(text, new.strip()) and problem.column, problem
    assert thai_words in problem.thai and english_words in problem.english, problem.format()
    for lang in ("th", "en"):
        message = problem.format(lang)
        assert not any(words in message for words in PARSER_WORDS), message


# --- 7. prakat new with an absurd year -------------------------------------------------


@pytest.mark.parametrize("year", [99999, 10 ** 30, -5, 0, 3000])
def test_new_refuses_an_absurd_fiscal_year_in_plain_words(tmp_path, year):
    shutil.copy(SEED_CONTENT, tmp_path / "2567.toml")
    with pytest.raises(ContentError) as caught:
        editions.new(tmp_path / "2567.toml", year)
    assert "Buddhist-era" in caught.value.format("en")
    result = run_prakat("new", str(tmp_path / "2567.toml"), f"--fiscal-year={year}")
    assert result.returncode == 2 and "Traceback" not in result.stderr, result.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["2567.toml"]


def test_the_unusable_characters_are_the_unicode_categories():
    """reader.UNUSABLE is one pattern for speed; it must be exactly the rule:
    controls but tab and line breaks, lone surrogates, private use, U+FFFE/F."""
    import unicodedata

    for code in range(0x110000):
        char = chr(code)
        expected = char not in "\t\n\r" and (
            unicodedata.category(char) in ("Cc", "Cs", "Co") or char in "\ufffe\uffff")
        assert (reader.UNUSABLE.match(char) is not None) == expected, hex(code)


@pytest.mark.parametrize("source, found", [
    ("a = 1\n", None),
    ("a = 1\r\nb = 2\r\n", None),
    ("a = 1\r", None),
    ("a = 1\rb = 2\n", (1, 6, "\r")),
    ("a = 1\nb = \"x\x07\"\n", (2, 7, "\x07")),
    ("a = \"\ue000\"", (1, 6, "\ue000")),
])
def test_the_first_unusable_character_is_located(source, found):
    assert reader._bad_character(source) == found
