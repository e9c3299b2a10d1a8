"""The PDF engine layer (issue 15): one module replaces WeasyPrint's functions,
refuses an engine it was not tested with, and these tests fail when an
upgrade changes what a replacement relies on."""

from __future__ import annotations

import ast
import importlib
import inspect
import pkgutil

import pytest

from conftest import ROOT
from generator.engine import patches
from generator.errors import Refused

ENGINE = ROOT / "generator" / "engine"


@pytest.fixture(scope="module")
def installed():
    patches.install()
    return patches.installed()


def _weasyprint_modules():
    """Every module of WeasyPrint, imported (``__main__`` aside)."""
    import weasyprint

    found = {"weasyprint": weasyprint}
    for info in pkgutil.walk_packages(weasyprint.__path__, "weasyprint."):
        if info.name.endswith("__main__"):
            continue
        found[info.name] = importlib.import_module(info.name)
    return found


# --- the versions it was tested with ---------------------------------------------

def test_the_running_engine_is_the_tested_one():
    # An upgrade of WeasyPrint, Pango or HarfBuzz fails here first: run the
    # whole suite with the new one, then update patches.TESTED.
    assert patches.running_versions() == patches.TESTED


def test_the_pango_and_harfbuzz_read_are_the_ones_weasyprint_loaded():
    from generator.archive.store import library_versions
    from weasyprint.text.ffi import pango

    number = pango.pango_version()
    versions = library_versions()
    assert versions["pango"] == f"{number // 10000}.{number // 100 % 100}.{number % 100}"
    assert versions["harfbuzz"] == patches.running_versions()["harfbuzz"]


@pytest.mark.parametrize("name,version", [("weasyprint", "71.0"), ("pango", "1.54.0"),
                                          ("harfbuzz", "8.3.0")])
def test_an_untested_engine_is_refused_in_thai_or_english(monkeypatch, name, version):
    monkeypatch.delenv(patches.UNTESTED_ENV, raising=False)
    faked = dict(patches.TESTED, **{name: version})
    with pytest.raises(patches.UntestedEngine) as caught:
        patches.check(faked)
    error = caught.value
    assert isinstance(error, Refused)
    thai, english = error.format("th"), error.format("en")
    for words in (thai, english):
        assert f"{name} {version}" in words and f"{name} {patches.TESTED[name]}" in words
        assert patches.UNTESTED_ENV in words
    assert "ทดสอบ" in thai and "tested" not in thai         # one language each
    assert "tested" in english and "ทดสอบ" not in english


def test_a_missing_library_is_refused(monkeypatch):
    monkeypatch.delenv(patches.UNTESTED_ENV, raising=False)
    with pytest.raises(patches.UntestedEngine, match="harfbuzz -"):
        patches.check(dict(patches.TESTED, harfbuzz="-"))


def test_the_untested_engine_may_be_tried_on_request(monkeypatch, capsys):
    monkeypatch.setenv(patches.UNTESTED_ENV, "1")
    monkeypatch.delenv("PRAKAT_LANG", raising=False)
    monkeypatch.setattr(patches, "_warned", False)
    patches.check(dict(patches.TESTED, weasyprint="71.0"))   # no refusal
    warned = capsys.readouterr().err
    assert "weasyprint 71.0" in warned and "ลองใช้" in warned and "untested" not in warned
    monkeypatch.setenv("PRAKAT_LANG", "en")                  # the warning's language
    monkeypatch.setattr(patches, "_warned", False)
    patches.check(dict(patches.TESTED, weasyprint="71.0"))
    warned = capsys.readouterr().err
    assert "weasyprint 71.0" in warned and "untested" in warned and "ลองใช้" not in warned
    monkeypatch.setenv(patches.UNTESTED_ENV, "0")
    with pytest.raises(patches.UntestedEngine):
        patches.check(dict(patches.TESTED, weasyprint="71.0"))


def test_the_tested_engine_passes():
    patches.check(dict(patches.TESTED))


def test_the_install_checks_the_versions_first(monkeypatch):
    monkeypatch.delenv(patches.UNTESTED_ENV, raising=False)
    monkeypatch.setattr(patches, "_installed", {})
    monkeypatch.setattr(patches, "running_versions", lambda: dict(patches.TESTED, pango="1.99.0"))
    with pytest.raises(patches.UntestedEngine, match="pango 1.99.0"):
        patches.install()


def test_a_changed_signature_is_refused_even_when_untested_is_allowed(monkeypatch, installed):
    import dataclasses

    first, *rest = patches.REPLACEMENTS
    changed = dataclasses.replace(first, signature="(self, text, justify=False, extra=None)")
    monkeypatch.setenv(patches.UNTESTED_ENV, "1")
    monkeypatch.setattr(patches, "REPLACEMENTS", (changed, *rest))
    monkeypatch.setattr(patches, "_installed", {})
    with pytest.raises(patches.UntestedEngine, match="changed"):
        patches.install()


# --- the replacements and what they rely on ---------------------------------------

def test_every_replacement_says_why_and_where():
    assert len({r.upstream for r in patches.REPLACEMENTS}) == len(patches.REPLACEMENTS)
    for replacement in patches.REPLACEMENTS:
        assert len(replacement.why) > 40, replacement.upstream
        assert all(":" in name for name in (replacement.upstream, *replacement.names,
                                            *replacement.kept))
        assert all(len(why) > 10 for why in replacement.kept.values())


@pytest.mark.parametrize("replacement", patches.REPLACEMENTS, ids=lambda r: r.upstream)
def test_each_replaced_function_keeps_its_signature(installed, replacement):
    original = patches.originals()[replacement.upstream]
    assert str(inspect.signature(original)) == replacement.signature
    assert original is not installed[replacement.upstream]


@pytest.mark.parametrize("replacement", patches.REPLACEMENTS, ids=lambda r: r.upstream)
def test_each_name_is_replaced(installed, replacement):
    for name in replacement.names:
        assert patches._resolve(name)[2] is installed[replacement.upstream], name
    for name in replacement.kept:
        assert patches._resolve(name)[2] is patches.originals()[replacement.upstream], name


def test_every_module_holding_a_replaced_function_is_known(installed):
    """An upgrade that calls a replaced function from one more module (a new
    ``from .line_break import split_first_line``) would silently bypass the
    replacement: every module-level name of it is replaced or kept on purpose."""
    originals = patches.originals()
    modules = _weasyprint_modules()
    for replacement in patches.REPLACEMENTS:
        original = originals[replacement.upstream]
        if "." in replacement.upstream.partition(":")[2]:
            continue  # a method (Layout.set_text): replaced on its class, for every caller
        holders = {f"{name}:{attribute}" for name, module in modules.items()
                   for attribute, value in vars(module).items() if value is original}
        assert holders == set(replacement.kept), replacement.upstream


def test_the_helpers_the_replacements_call_keep_their_signatures():
    from weasyprint.css import StyleFor
    from weasyprint.layout import inline
    from weasyprint.pdf.stream import Stream
    from weasyprint.text import fonts, line_break

    expected = {
        line_break.create_layout: "(text, style, context, max_width, justification_spacing)",
        line_break.first_line_metrics: "(first_line, text, layout, resume_at, space_collapse,"
                                       " style, hyphenated=False, hyphenation_character=None)",
        line_break.Layout.get_first_line: "(self)",
        line_break.Layout.__init__: "(self, style, justification_spacing=0, max_width=None)",
        inline.add_word_spacing: "(context, box, justification_spacing, x_advance)",
        fonts.get_hb_object_data: "(hb_object, ot_color=None, glyph=None)",
        fonts.get_pango_font_hb_face: "(pango_font)",
        Stream.begin_marked_content: "(self, tag, property_list=None)",
        Stream.end_marked_content: "(self)",
        StyleFor.add_page_declarations: "(self, page_type)",
        StyleFor.set_computed_styles: "(self, element, parent, root=None, pseudo_type=None,"
                                      " base_url=None, target_collector=None)",
        StyleFor._page_type_match: "(page_selector_type, page_type)",
    }
    for function, signature in expected.items():
        assert str(inspect.signature(function)) == signature, function.__qualname__
    assert line_break.TO_UNITS == 1024


_PAGED = """<html><head><style>
@page { size: A5; margin: 20mm; @bottom-center { content: counter(page) } }
@page :first { @top-center { content: "first" } }
@page :left { @top-left { content: "left" } @bottom-center { content: "even " counter(page) } }
@page :right { @top-right { content: "right"; font-size: 8pt } }
@page :blank { @top-center { content: "blank" } }
@page :nth(3) { @footnote { margin-top: 1mm } }
</style></head><body><p>x</p></body></html>"""


def _page_styles(set_styles) -> list[tuple]:
    """The page styles ``set_styles`` leaves, in order, for eight pages (the
    fourth blank, the third laid out twice)."""
    import weasyprint
    from weasyprint.css.counters import CounterStyle
    from weasyprint.document import Document
    from weasyprint.layout.page import PageType
    from weasyprint.text.fonts import FontConfiguration

    html = weasyprint.HTML(string=_PAGED)
    context = Document._build_layout_context(html, FontConfiguration(), CounterStyle(), {},
                                             dict(weasyprint.DEFAULT_OPTIONS))
    for index in (0, 1, 2, 2, 3, 4, 5, 6, 7):
        page_type = PageType("right" if index % 2 == 0 else "left", index == 3, "", index, ())
        set_styles(page_type, html, context.style_for)
    return [(key[0], key[1], style["content"], style["font_size"], style["margin_top"])
            for key, style in context.style_for.get_computed_styles().items()
            if isinstance(key[0], PageType)]


def test_page_styles_are_weasyprints_own(installed):
    """The page-style replacement sets the same margin boxes, in the same
    order, with the same computed styles as WeasyPrint's own function."""
    from weasyprint.layout import page

    spec = "weasyprint.layout.page:set_page_type_computed_styles"
    ours, upstream = patches.installed()[spec], patches.originals()[spec]
    assert page.set_page_type_computed_styles is ours
    expected = _page_styles(upstream)
    # every page and its margin boxes (WeasyPrint's own @page rules name all 16 and @footnote)
    assert {key[0].index for key in expected} == set(range(8)) and len(expected) > 8 * 16
    tops = {key[0].index: key[2] for key in expected if key[1] == "@top-center"}
    assert tops[0] == (("string", "first"),) and tops[3] == (("string", "blank"),), tops
    assert _page_styles(ours) == expected


def test_the_pango_structures_the_replacements_walk():
    from weasyprint.text.constants import PANGO_WRAP_MODE
    from weasyprint.text.ffi import ffi, harfbuzz, pango

    def fields(name):
        return {field for field, _ in ffi.typeof(name).fields}

    assert {"runs", "start_index", "resolved_dir"} <= fields("PangoLayoutLine")
    assert {"data", "next"} <= fields("GSList")
    assert {"item", "glyphs"} <= fields("PangoGlyphItem")
    assert {"num_glyphs", "glyphs", "log_clusters"} <= fields("PangoGlyphString")
    assert {"glyph", "geometry"} <= fields("PangoGlyphInfo")
    assert {"width", "x_offset", "y_offset"} <= fields("PangoGlyphGeometry")
    assert "analysis" in fields("PangoItem") and "font" in fields("PangoAnalysis")
    assert {"start_index", "end_index"} <= fields("PangoAttribute")
    for function in ("pango_layout_get_attributes", "pango_layout_set_attributes",
                     "pango_attr_list_new", "pango_attr_list_unref", "pango_attr_list_insert",
                     "pango_layout_set_single_paragraph_mode", "pango_layout_set_width",
                     "pango_layout_set_wrap", "pango_layout_get_line_readonly",
                     "pango_version"):
        assert callable(getattr(pango, function)), function
    assert callable(harfbuzz.hb_face_get_index)
    assert "WRAP_WORD_CHAR" in PANGO_WRAP_MODE
    # the Pango function prakat binds itself (Pango 1.44+), and the list it goes in
    from generator.engine import typeset
    own, library = typeset._own_pango()
    attribute = library.pango_attr_allow_breaks_new(0)
    assert attribute.start_index == 0 and attribute.end_index == 2 ** 32 - 1  # the whole text
    assert own.sizeof("PangoAttribute") == ffi.sizeof("PangoAttribute")
    attributes = ffi.gc(pango.pango_attr_list_new(), pango.pango_attr_list_unref)
    library.pango_attr_list_insert(own.cast("void *", int(ffi.cast("uintptr_t", attributes))),
                                   attribute)


def test_the_stylesheets_reach_the_cache_by_keyword():
    """The cache answers only ``CSS(string=..., ...)`` calls with these
    keywords; WeasyPrint parses a ``<style>`` element with exactly them."""
    from weasyprint import css

    tree = ast.parse(inspect.getsource(css.find_stylesheets))
    calls = [node for node in ast.walk(tree) if isinstance(node, ast.Call)
             and getattr(node.func, "id", None) == "CSS"
             and any(k.arg == "string" for k in node.keywords)]
    assert len(calls) == 1 and not calls[0].args
    assert {k.arg for k in calls[0].keywords} == {
        "string", "base_url", "url_fetcher", "media_type", "font_config", "counter_style",
        "page_rules", "color_profiles", "layers"}


def test_the_fonts_the_text_layer_corrects(installed):
    """``build_fonts_dictionary`` gets WeasyPrint's fonts with these attributes."""
    import weasyprint

    from generator.engine import stylesheets

    seen = []
    wrapped = patches._resolve("weasyprint.pdf:build_fonts_dictionary")[2]

    def spy(pdf, fonts, *args, **kwargs):
        seen.extend(fonts.values())
        return wrapped(pdf, fonts, *args, **kwargs)

    import weasyprint.pdf as wpdf
    wpdf.build_fonts_dictionary = spy
    try:
        weasyprint.HTML(string="<p lang=th>ทดสอบ test</p>").write_pdf(
            font_config=stylesheets.font_config())
    finally:
        wpdf.build_fonts_dictionary = wrapped
    assert seen
    for font in seen:
        assert isinstance(font.to_unicode, dict) and isinstance(font.file_content, bytes)
        assert isinstance(font.index, int) and hasattr(font, "bitmap")


# --- only the engine reaches in ------------------------------------------------------

def _weasyprint_names(tree: ast.AST) -> set[str]:
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {(a.asname or a.name).split(".")[0] for a in node.names
                      if a.name.split(".")[0] in ("weasyprint", "pydyf", "cffi")}
        elif isinstance(node, ast.ImportFrom) and (node.module or "").split(".")[0] == "weasyprint":
            names |= {a.asname or a.name for a in node.names}
    return names


def _root(node):
    while isinstance(node, ast.Attribute):
        node = node.value
    return node.id if isinstance(node, ast.Name) else None


def test_only_the_patches_module_replaces_weasyprint_functions():
    wrong = []
    for path in sorted((ROOT / "generator").rglob("*.py")):
        if path == ENGINE / "patches.py":
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        names = _weasyprint_names(tree)
        for node in ast.walk(tree):
            targets = []
            if isinstance(node, (ast.Assign, ast.AugAssign, ast.AnnAssign)):
                targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            elif (isinstance(node, ast.Call) and getattr(node.func, "id", None) == "setattr"
                  and node.args):
                targets = [ast.Attribute(value=node.args[0], attr="?")]
            for target in targets:
                # a name in a module or class of WeasyPrint's (not in a box it handed over)
                if isinstance(target, ast.Attribute) and _root(target) in names:
                    wrong.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    assert not wrong, "replace WeasyPrint functions in generator/engine/patches.py: " + str(wrong)


def test_the_pdf_writer_goes_through_the_engine(installed):
    source = (ROOT / "generator" / "writers" / "pdf.py").read_text(encoding="utf-8")
    assert "patches.install()" in source
    for private in ("weasyprint.css", "weasyprint.text", "weasyprint.layout", "weasyprint.draw"):
        assert private not in source, private


# --- loading WeasyPrint ------------------------------------------------------------

def _names_weasyprint_tries() -> list[str]:
    import weasyprint.text.ffi as wffi

    tree = ast.parse(inspect.getsource(wffi))
    return [argument.value for node in ast.walk(tree) if isinstance(node, ast.Call)
            and getattr(node.func, "id", None) == "_dlopen"
            for argument in node.args if isinstance(argument, ast.Constant)]


def test_the_quick_library_lookup_finds_what_ctypes_finds(monkeypatch):
    import ctypes.util

    from generator.engine import loading

    monkeypatch.delenv("LD_LIBRARY_PATH", raising=False)
    finder = loading.ldconfig_finder()
    if finder is None:
        pytest.skip("no ldconfig cache here: WeasyPrint is imported the usual way")
    names = _names_weasyprint_tries()
    assert len(names) > 20 and "pango-1.0" in names and "harfbuzz" in names
    for name in names:
        assert finder(name) == ctypes.util.find_library(name), name


def test_the_quick_lookup_steps_aside(monkeypatch):
    import ctypes.util

    from generator.engine import loading

    monkeypatch.setenv("LD_LIBRARY_PATH", "/nowhere")
    assert loading.ldconfig_finder() is None
    loading.import_weasyprint()
    assert ctypes.util.find_library.__module__ == "ctypes.util"


def test_a_new_process_loads_the_same_libraries():
    import subprocess
    import sys

    script = ("import sys, ctypes.util\n"
              "if sys.argv[1] == 'quick':\n"
              "    from generator.engine.loading import import_weasyprint; import_weasyprint()\n"
              "else:\n"
              "    import weasyprint\n"
              "assert ctypes.util.find_library.__module__ == 'ctypes.util'\n"
              "print(sorted({line.split()[-1] for line in open('/proc/self/maps')\n"
              "              if '.so' in line and any(n in line for n in ('pango', 'harfbuzz',"
              " 'fontconfig', 'gobject', 'freetype', 'glib'))}))\n")
    loaded = [subprocess.run([sys.executable, "-c", script, way], capture_output=True, text=True,
                             check=True, cwd=ROOT).stdout for way in ("quick", "usual")]
    assert loaded[0] == loaded[1] and "libpango" in loaded[0]
