"""Commands built on :func:`generator.build.render_outputs`: many editions at
once (:mod:`.batch`) and the word-level comparison of two editions (:mod:`.diffing`)."""
