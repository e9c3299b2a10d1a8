"""The typed document: one tree of numbered provisions (:mod:`.model`), the
kinds of document as data (:mod:`.kinds`) and the dates stamped on the files
(:mod:`.stamps`). Every later stage reads this tree; none changes it."""
