"""Shared fixtures: the seed edition built once per test session."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(__file__).resolve().parent / "data"
SEED_CONTENT = ROOT / "content" / "khon-kaen" / "2567.toml"
SEED_TEXT = DATA / "khon-kaen-2567.txt"


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
