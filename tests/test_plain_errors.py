"""No traceback, ever, for a user's mistake or a machine's condition (issue 12):
every command, given a bad condition, stops with exit code != 0 and a plain
message in the language chosen with --lang."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from conftest import ROOT, SEED_CONTENT
from generator.cli import main

#: Runs prakat as a user who may not write under the folder argv[1]: as root
#: (which writes anywhere whatever the modes) the refusal is simulated at the
#: system calls, as the kernel would refuse them.
DENYING_CHILD = textwrap.dedent('''
    import builtins, errno, io, os, sys
    denied = os.path.realpath(sys.argv[1])
    def refused(path):
        path = os.path.realpath(os.fsdecode(path))
        return path == denied or path.startswith(denied + os.sep)
    def deny(path):
        raise PermissionError(errno.EACCES, "Permission denied", os.fsdecode(path))
    real_open, real_os_open, real_mkdir = io.open, os.open, os.mkdir
    def guarded_open(file, mode="r", *args, **kwargs):
        if isinstance(file, (str, bytes, os.PathLike)) and any(c in mode for c in "wax+") and refused(file):
            deny(file)
        return real_open(file, mode, *args, **kwargs)
    def guarded_os_open(path, flags, *args, **kwargs):
        if flags & (os.O_WRONLY | os.O_RDWR | os.O_CREAT | getattr(os, "O_TMPFILE", 0)) and refused(path):
            deny(path)
        return real_os_open(path, flags, *args, **kwargs)
    def guarded_mkdir(path, *args, **kwargs):
        if refused(path):
            deny(path)
        return real_mkdir(path, *args, **kwargs)
    builtins.open = io.open = guarded_open
    os.open, os.mkdir = guarded_os_open, guarded_mkdir
    sys.argv = ["prakat", *sys.argv[2:]]
    from generator.cli import main
    main()
''')

LONG = "a" * 300  # longer than any file system's limit for one name (255 bytes)
NO_TRACEBACK_ENV = {k: v for k, v in os.environ.items() if k not in ("SOURCE_DATE_EPOCH", "PRAKAT_DEBUG")}


@pytest.fixture(scope="module")
def place(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("plain")
    seed = SEED_CONTENT.read_text(encoding="utf-8")
    (root / "2567.toml").write_text(seed, encoding="utf-8")
    (root / "child.toml").write_text('extends = "gone.toml"\n', encoding="utf-8")
    (root / "denied").mkdir()
    (root / "denied" / "2567.toml").write_text(seed, encoding="utf-8")
    return root


EPOCH = ({"SOURCE_DATE_EPOCH": "abc"}, 2, "SOURCE_DATE_EPOCH must be a whole number",
         "ตัวแปร SOURCE_DATE_EPOCH ต้องเป็นจำนวนวินาที")
DENIED = (1, "permission denied", "ไม่มีสิทธิ์")
TOO_LONG = ({}, 1, "longer than the file system allows", "ยาวเกินกว่าที่ระบบไฟล์รับได้")
MISSING_PARENT = ({}, 2, "gone.toml", "gone.toml")

#: case → (arguments, with {p} for the folder of the fixture ``place``; the
#: environment; the exit code; words of the English message; of the Thai one).
#: Arguments starting with "DENY" run as a user who may not write to {p}/denied.
CASES = {
    "build-source-date-epoch": (["build", "{p}/2567.toml", "-o", "{p}/out"], *EPOCH),
    "build-output-denied": (["DENY", "build", "{p}/2567.toml", "-o", "{p}/denied/out"], {}, *DENIED),
    "build-output-name-too-long": (["build", "{p}/2567.toml", "-o", "{p}/" + LONG], *TOO_LONG),
    "build-content-name-too-long": (["build", "{p}/" + LONG + ".toml", "-o", "{p}/out"], *TOO_LONG),
    "new-missing-previous": (["new", "{p}/nothere/2567.toml", "--fiscal-year", "2568"], {}, 2,
                             "no such file", "ไม่พบไฟล์"),
    "new-missing-parent": (["new", "{p}/child.toml", "--fiscal-year", "2568"], *MISSING_PARENT),
    "new-fiscal-year-99999": (["new", "{p}/2567.toml", "--fiscal-year", "99999"], {}, 2,
                              "must be a Buddhist-era year", "ปีงบประมาณต้องเป็นปีพุทธศักราช"),
    "new-folder-denied": (["DENY", "new", "{p}/denied/2567.toml", "--fiscal-year", "2568"], {}, *DENIED),
    "diff-missing-parent": (["diff", "{p}/2567.toml", "{p}/child.toml"], *MISSING_PARENT),
    "diff-source-date-epoch": (["diff", "{p}/2567.toml", "{p}/2567.toml"], *EPOCH),
    "diff-onto-its-input": (["diff", "{p}/2567.toml", "{p}/2567.toml", "-o", "{p}/2567.toml"], {}, 2,
                            "never written over a content file", "จะไม่เขียนผลการเปรียบเทียบทับไฟล์เนื้อหา"),
    "diff-output-denied": (["DENY", "diff", "{p}/2567.toml", "{p}/2567.toml", "-o", "{p}/denied/d.txt"],
                           {}, *DENIED),
    "archive-source-date-epoch": (["archive", "{p}/2567.toml", "--archive", "{p}/archive"], *EPOCH),
    "archive-missing-content": (["archive", "{p}/nothere.toml", "--archive", "{p}/archive"], {}, 2,
                                "no such file", "ไม่พบไฟล์"),
    "verify-source-date-epoch": (["verify", "{p}/2567.toml", "--archive", "{p}/archive"], *EPOCH),
}


def _thai(text: str) -> bool:
    return any("\u0e00" <= char <= "\u0e7f" for char in text)


@pytest.mark.parametrize("lang", ["th", "en"])
@pytest.mark.parametrize("case", sorted(CASES))
def test_a_bad_condition_is_a_plain_message_in_the_chosen_language(place, case, lang):
    args, env, code, english, thai = CASES[case]
    args = [a.replace("{p}", str(place)) for a in args]
    if args[0] == "DENY":
        command = [sys.executable, "-c", DENYING_CHILD, str(place / "denied"), *args[1:]]
    else:
        command = [sys.executable, "-m", "generator", *args]
    result = subprocess.run([*command, "--lang", lang], cwd=ROOT, capture_output=True, text=True,
                            timeout=300, env={**NO_TRACEBACK_ENV, **env})
    said = result.stdout + result.stderr
    assert result.returncode == code, said
    assert "Traceback" not in said and "unexpected" not in said, said
    if lang == "th":
        # Thai only: the English words are not glued beside it.
        assert thai in result.stderr, result.stderr
        assert english == thai or english not in result.stderr, result.stderr
    else:
        assert english in result.stderr, result.stderr
        assert not _thai(said), said
    assert list((place / "denied").iterdir()) == [place / "denied" / "2567.toml"]


def test_every_command_takes_lang():
    for name, command in main.commands.items():
        assert "lang" in [p.name for p in command.params], name


@pytest.mark.parametrize("setting, english_only", [("en", True), ("th", False), ("", False), ("xx", False)])
def test_prakat_lang_sets_the_default_language(tmp_path, setting, english_only):
    environ = {**os.environ, "PRAKAT_LANG": setting}
    result = subprocess.run([sys.executable, "-m", "generator", "build", str(tmp_path / "missing.toml"),
                             "-o", str(tmp_path / "out")], cwd=ROOT, env=environ,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 2 and "Traceback" not in result.stderr
    thai = any("\u0e00" <= char <= "\u0e7f" for char in result.stderr)
    assert thai != english_only, result.stderr
    # --lang still wins over the setting
    forced = subprocess.run([sys.executable, "-m", "generator", "build", str(tmp_path / "missing.toml"),
                             "-o", str(tmp_path / "out"), "--lang", "th"], cwd=ROOT, env=environ,
                            capture_output=True, text=True, timeout=120)
    assert any("\u0e00" <= char <= "\u0e7f" for char in forced.stderr)
