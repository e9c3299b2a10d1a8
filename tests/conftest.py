"""Shared fixtures: the seed edition built once per test session."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import settings

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(__file__).resolve().parent / "data"
SEED_CONTENT = ROOT / "content" / "khon-kaen" / "2567.toml"
#: A synthetic FY 2568 edition that extends the seed.
SYNTHETIC = DATA / "editions" / "2568.toml"
SEED_TEXT = DATA / "khon-kaen-2567.txt"

# Property-based tests (test_properties.py): "ci", the default, runs the same
# examples every run (a fixed seed, no example database), so a failure can be
# reproduced and a pass means the same thing each time; "long" draws new random
# examples, LONG_EXAMPLES times as many: HYPOTHESIS_PROFILE=long make test.
settings.register_profile("ci", derandomize=True, database=None, print_blob=True)
settings.register_profile("long", derandomize=False)
HYPOTHESIS_PROFILE = os.environ.get("HYPOTHESIS_PROFILE", "ci")
settings.load_profile(HYPOTHESIS_PROFILE)
#: How many times the "ci" example counts the "long" profile runs.
LONG_EXAMPLES = 10


def examples(count: int) -> int:
    """``count`` examples under the "ci" profile, more under "long"."""
    return count * LONG_EXAMPLES if HYPOTHESIS_PROFILE == "long" else count


def run_prakat(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    """Run the prakat command in a new process, as a user would."""
    return subprocess.run([sys.executable, "-m", "generator", *args], cwd=cwd or ROOT,
                          capture_output=True, text=True, timeout=300)


@pytest.fixture(scope="session")
def seed_build(tmp_path_factory) -> dict[str, Path]:
    """The seed rendered in all three formats by the real command: format → file."""
    out = tmp_path_factory.mktemp("output")
    result = run_prakat("build", str(SEED_CONTENT), "--output", str(out))
    assert result.returncode == 0, result.stderr
    folder = out / "khon-kaen" / "2567"
    return {fmt: folder / f"khon-kaen-2567.{fmt}" for fmt in ("html", "pdf", "docx")}


@pytest.fixture(scope="session")
def seed_text() -> str:
    return SEED_TEXT.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def golden_artifacts():
    """Content file → its golden artifacts, each file rendered once per session."""
    import golden

    cache = {}

    def get(path: Path):
        if path not in cache:
            cache[path] = golden.goldens(golden.render(path))
        return cache[path]

    return get


@pytest.fixture
def province(tmp_path):
    """A province folder holding the real FY 2567 edition and the synthetic FY 2568 one that extends it."""
    import shutil

    folder = tmp_path / "khon-kaen"
    folder.mkdir()
    shutil.copy(SEED_CONTENT, folder / "2567.toml")
    shutil.copy(SYNTHETIC, folder / "2568.toml")
    return folder


@pytest.fixture
def new_edition(tmp_path):
    """The seed in a province folder and what ``prakat new --fiscal-year 2568``
    said and wrote from it: (the run, the new file)."""
    import shutil

    folder = tmp_path / "khon-kaen"
    folder.mkdir()
    shutil.copy(SEED_CONTENT, folder / "2567.toml")
    result = run_prakat("new", str(folder / "2567.toml"), "--fiscal-year", "2568")
    assert result.returncode == 0, result.stderr
    return result, folder / "2568.toml"
