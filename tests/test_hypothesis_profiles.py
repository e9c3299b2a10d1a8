"""The property-based tests run the same examples every run unless asked
otherwise (issue 12): profiles "ci" (the default) and "long" (conftest.py)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import settings

TESTS = Path(__file__).resolve().parent


@pytest.mark.skipif(os.environ.get("HYPOTHESIS_PROFILE", "ci") != "ci", reason="another profile")
def test_the_default_profile_is_derandomised():
    import test_properties

    assert settings.default.derandomize and settings.default.database is None
    chosen = test_properties.cheap(7)
    assert chosen.derandomize and chosen.max_examples == 7


def test_the_long_profile_draws_more_random_examples():
    script = ("import conftest, test_properties\n"
              "from hypothesis import settings\n"
              "chosen = test_properties.cheap(7)\n"
              "print(settings.default.derandomize, chosen.derandomize, chosen.max_examples)\n")
    result = subprocess.run([sys.executable, "-c", script], cwd=TESTS, capture_output=True,
                            text=True, timeout=120, env={**os.environ, "HYPOTHESIS_PROFILE": "long"})
    assert result.stdout.split() == ["False", "False", "70"], result.stdout + result.stderr
