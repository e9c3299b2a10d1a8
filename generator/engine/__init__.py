"""The only code that reaches into WeasyPrint's and Pango's internals: Thai
line breaking and distributed justification (:mod:`.typeset`) and the PDF
text layer (:mod:`.textlayer`)."""
