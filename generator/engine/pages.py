"""Set a new page's styles without looking through every page before it.

WeasyPrint's ``set_page_type_computed_styles`` (``weasyprint.layout.page``)
finds the margin boxes of a new page (``@top-center``, ``@footnote``, …) by
going through all the cascaded styles it holds. Once the document's elements
are styled those are the page styles, and each page has its own (a page's
type includes its index), so page n looks at the margin boxes of the n − 1
pages before it: a document of n pages costs n²/2 look-ups. That is a few
per cent of a 10,000-item list's time and much of a 100,000-item list's.

:func:`set_page_type_computed_styles` asks the page rules instead, the way
``StyleFor.add_page_declarations`` matches them: the same margin boxes, in
the order they were first added, get the same computed styles.
"""

from __future__ import annotations


def margin_boxes(style_for, page_type) -> list[str]:
    """The pseudo-types (margin boxes) of ``page_type``'s page rules, in the
    order ``add_page_declarations`` adds their styles."""
    found: dict[str, None] = {}
    for sheet, _origin, _sheet_specificity in style_for._sheets:
        for _rule, selector_list, _declarations in sheet.page_rules:
            for _specificity, pseudo_type, page_selector_type in selector_list:
                if (pseudo_type and pseudo_type not in found
                        and style_for._page_type_match(page_selector_type, page_type)):
                    found[pseudo_type] = None
    return list(found)


def set_page_type_computed_styles(original, page_type, html, style_for) -> None:
    """``weasyprint.layout.page.set_page_type_computed_styles``, in time
    independent of the number of pages before (``original`` is not called)."""
    style_for.add_page_declarations(page_type)
    # @page inherits from the root element, as upstream
    style_for.set_computed_styles(page_type, root=html.etree_element,
                                  parent=html.etree_element, base_url=html.base_url)
    cascaded = style_for.get_cascaded_styles()
    for pseudo_type in margin_boxes(style_for, page_type):
        if (page_type, pseudo_type) in cascaded:
            # the margin box inherits from its page
            style_for.set_computed_styles(page_type, pseudo_type=pseudo_type,
                                          root=html.etree_element, parent=page_type,
                                          base_url=html.base_url)
