"""Bad content: exit code 2, a message naming line and field, nothing written."""

from __future__ import annotations

import pytest

from conftest import SEED_CONTENT, run_prakat

SEED = SEED_CONTENT.read_text(encoding="utf-8")

CASES = {
    # name: (content, line, words of the Thai message, words of the English message)
    "syntax": (SEED.replace('issuer = "จังหวัดขอนแก่น"', 'issuer = "จังหวัดขอนแก่น'),
               14, "รูปแบบ TOML ผิด", "TOML syntax"),
    "missing": (SEED.replace('subject = "ประกาศใช้{plan} และ{action_plan}"\n', ""),
                11, 'announcement: ขาดช่อง "subject"', 'missing key "subject"'),
    "wrong type": (SEED.replace("date = 2023-03-31", 'date = "31 มีนาคม 2566"'),
                   16, "announcement.date: ต้องเป็นวันที่", "announcement.date: expected a date"),
    "unknown key": (SEED.replace("closing =", "closeing ="), 17, 'หมายถึง "closing"',
                    'unknown key "closeing". Did you mean "closing"?'),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_bad_content_is_refused_cleanly(tmp_path, case):
    # Thai by default, and only Thai: no English message beside it.
    text, line, thai, english = CASES[case]
    source = tmp_path / "2567.toml"
    source.write_text(text, encoding="utf-8")
    output = tmp_path / "output"
    result = run_prakat("build", str(source), "--output", str(output))
    assert result.returncode == 2, result.stderr
    assert f"{source}:{line}" in result.stderr, result.stderr
    assert thai in result.stderr, result.stderr
    assert english not in result.stderr, result.stderr
    assert "Traceback" not in result.stderr
    assert not output.exists() or not any(output.rglob("*")), list(output.rglob("*"))


@pytest.mark.parametrize("case", sorted(CASES))
def test_english_messages(tmp_path, case):
    text, line, thai, english = CASES[case]
    source = tmp_path / "2567.toml"
    source.write_text(text, encoding="utf-8")
    result = run_prakat("build", str(source), "--output", str(tmp_path / "out"), "--lang", "en")
    assert result.returncode == 2
    assert f"{source}:{line}" in result.stderr, result.stderr
    assert english in result.stderr, result.stderr
    assert thai not in result.stderr, result.stderr
    assert "ไม่รู้จัก" not in result.stderr and "ขาดช่อง" not in result.stderr


def test_one_bad_file_does_not_stop_the_others(tmp_path):
    # Batch builds (issue 7): the bad file is reported and written nowhere,
    # the good one still builds, and the exit code says input was bad.
    bad = tmp_path / "bad.toml"
    bad.write_text(CASES["missing"][0], encoding="utf-8")
    output = tmp_path / "output"
    result = run_prakat("build", str(SEED_CONTENT), str(bad), "--output", str(output))
    assert result.returncode == 2
    assert f"{bad}:11" in result.stderr, result.stderr
    assert (output / "khon-kaen" / "2567" / "khon-kaen-2567.pdf").is_file()
    assert "ไม่สำเร็จ:" in result.stdout and "failed" not in result.stdout, result.stdout
    assert str(bad) in result.stdout.split("ไม่สำเร็จ:")[-1], result.stdout
