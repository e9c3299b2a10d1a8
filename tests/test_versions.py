"""An edition renders with the template and profile versions it was issued with (issue 6)."""

from __future__ import annotations

import re
import shutil

import pytest

from conftest import ROOT, SEED_CONTENT, run_prakat
from generator import build
from generator import content
from generator.format import versions

TEMPLATES = ROOT / "templates"


def _unpinned(tmp_path):
    """The seed without its [issued] table: it follows the current versions."""
    text = SEED_CONTENT.read_text(encoding="utf-8")
    path = tmp_path / "2567.toml"
    path.write_text(text[:text.index("# แม่แบบและรูปแบบ")], encoding="utf-8")
    return content.load(path)


@pytest.fixture
def changed_templates(tmp_path, monkeypatch):
    """A copy of the templates tree where a new version of format 2's template
    (the next free number) and version 3 of the official profile have become
    current, as a later layout change would."""
    root = tmp_path / "templates"
    shutil.copytree(TEMPLATES, root)
    later = root / f"v{versions.template_versions(root)[-1] + 1}"
    shutil.copytree(root / "v2", later)
    page = later / "document.html.j2"
    page.write_text(page.read_text(encoding="utf-8").replace('content="prakat"', 'content="prakat next"'),
                    encoding="utf-8")
    css = later / "prakat.css.j2"
    css.write_text(css.read_text(encoding="utf-8") + ".title { letter-spacing: 0.5pt; }\n", encoding="utf-8")
    profiles = root / "profiles"
    (profiles / "versions").mkdir(exist_ok=True)
    shutil.copy(profiles / "official.toml", profiles / "versions" / "official-v2.toml")
    current = (profiles / "official.toml").read_text(encoding="utf-8")
    current = current.replace("version = 2", "version = 3").replace("margin_left_mm = 30.0", "margin_left_mm = 32.0")
    (profiles / "official.toml").write_text(current, encoding="utf-8")
    monkeypatch.setenv("PRAKAT_TEMPLATES", str(root))
    return root


def test_a_pinned_edition_renders_byte_identically_after_the_templates_change(changed_templates, tmp_path,
                                                                            monkeypatch):
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    seed = content.load(SEED_CONTENT)
    assert (seed.template_version, seed.profile_version) == (1, 1)
    assert versions.current_template_version() == versions.template_versions()[-1] > 3
    assert versions.load_profile("official").version == 3
    after = build.render_outputs(seed)

    monkeypatch.delenv("PRAKAT_TEMPLATES")
    before = build.render_outputs(seed)
    assert set(before) == {"html", "pdf", "docx"}
    for fmt in before:
        assert after[fmt] == before[fmt], f"{fmt}: the pinned edition changed with the current template"

    # The same content without the pin follows the new profile, but a format-1
    # file keeps template 1, the one it was written for.
    monkeypatch.setenv("PRAKAT_TEMPLATES", str(changed_templates))
    current = build.render_outputs(_unpinned(tmp_path))
    assert b"20.0mm 32.0mm;" in current["html"]
    assert b'content="prakat next"' not in current["html"] and b"letter-spacing" not in current["html"]
    assert all(current[fmt] != before[fmt] for fmt in before)
    # A format-2 file without the pin follows the new template: the change is real.
    example = ROOT / "content" / "examples" / "06_moph-poe-no3-2567.toml"
    text = example.read_text(encoding="utf-8")
    unpinned = tmp_path / "06.toml"
    unpinned.write_text(text.split("[issued]")[0], encoding="utf-8")
    newest = build.render_outputs(content.load(unpinned), ("html",))
    assert b'content="prakat next"' in newest["html"] and b"letter-spacing" in newest["html"]


def test_an_unknown_pinned_version_is_located(tmp_path):
    path = tmp_path / "2567.toml"
    path.write_text(SEED_CONTENT.read_text(encoding="utf-8").replace("template_version = 1", "template_version = 9"),
                    encoding="utf-8")
    result = run_prakat("build", str(path), "--output", str(tmp_path / "out"))
    assert result.returncode == 2, result.stderr
    line = next(i for i, text in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
                if text.startswith("template_version"))
    assert f"{path}:{line}: ช่อง issued.template_version: ไม่มีแม่แบบรุ่น 9 (ที่มี: 1," in result.stderr, result.stderr
    assert "(known:" not in result.stderr
    english = run_prakat("build", str(path), "--output", str(tmp_path / "out"), "--lang", "en")
    assert english.returncode == 2, english.stderr
    assert (f"{path}:{line}: field issued.template_version: no template version 9 (known: 1,"
            in english.stderr), english.stderr
    assert "แม่แบบ" not in english.stderr


def test_template_versions_are_numbered_folders_with_every_template():
    found = versions.template_versions(TEMPLATES)
    assert found and found == list(range(1, len(found) + 1)), found
    for version in found:
        folder = TEMPLATES / f"v{version}"
        # A plan-page version (1, 3) has the plan's page; a document-tree version (2) the tree's page and its kinds.
        plan = (folder / versions.FORMAT_PAGES[1]).is_file()
        names = versions.TEMPLATE_FILES if plan else ("document.html.j2", "prakat.css.j2", "kinds.toml")
        for name in names:
            assert (folder / name).is_file(), folder / name


def test_every_kept_profile_names_its_own_version():
    for name in {p.stem for p in (TEMPLATES / "profiles").glob("*.toml")}:
        kept = versions.profile_versions(name, TEMPLATES)
        current = versions.load_profile(name, root=TEMPLATES).version
        assert sorted(kept) == list(range(1, current + 1)), f"{name}: keep every earlier version in profiles/versions/"
        for version, path in kept.items():
            assert re.search(rf"^version = {version}$", path.read_text(encoding="utf-8"), re.M), path
