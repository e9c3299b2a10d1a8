"""The PDF engine: the only code that reaches into WeasyPrint's and Pango's
internals.

- :mod:`.patches`: the one module that replaces WeasyPrint functions (the
  table :data:`~.patches.REPLACEMENTS` names each and why), after checking
  the WeasyPrint, Pango and HarfBuzz versions it was tested with;
- :mod:`.typeset` (Thai line breaking and distributed justification),
  :mod:`.textlayer` (the PDF's text), :mod:`.stylesheets` (what is kept
  per process) and :mod:`.pages` (page styles without a look through every
  page before): the behaviour of those replacements;
- :mod:`.loading` (WeasyPrint imported quicker), :mod:`.libraries` (the
  libraries' versions), :mod:`.glyphs` (characters the font lacks) and
  :mod:`.locate` (where the layout put an element).

Importing this package imports nothing of WeasyPrint.
"""
