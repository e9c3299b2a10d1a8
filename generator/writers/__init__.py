"""One writer per output format, each turning the rendered HTML into bytes."""
