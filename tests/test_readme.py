"""Every README section something points to exists (issue 14): the README's
own cross-references and those in prakat's messages, help and comments."""

from __future__ import annotations

import re

from conftest import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")
#: In the README: ("Section") and see "Section".
OWN = re.compile(r'(?:\(|see )"([A-Z][^"]{3,80})"')
#: Elsewhere: README, "Section" and README หัวข้อ "Section" (also escaped, in the .po).
ELSEWHERE = re.compile(r'README(?:, | หัวข้อ )\\?"([A-Z][^"\\]{3,80})\\?"')


def _headings() -> set[str]:
    return {line.lstrip("#").strip().replace("`", "")
            for line in README.splitlines() if re.match(r"#{1,4} ", line)}


def test_the_readme_points_only_to_its_own_sections():
    found = set(OWN.findall(README))
    assert len(found) > 3, "the pattern no longer matches"
    missing = found - _headings()
    assert not missing, missing


def test_prakat_points_only_to_sections_the_readme_has():
    texts = [path.read_text(encoding="utf-8") for path in sorted((ROOT / "generator").rglob("*.py"))]
    texts += [path.read_text(encoding="utf-8") for path in (ROOT / "generator" / "locale").rglob("*.po")]
    found = set().union(*(ELSEWHERE.findall(text) for text in texts))
    assert found, "no reference found: the pattern no longer matches"
    missing = found - _headings()
    assert not missing, missing
