"""WeasyPrint alone, in a process of its own (none of prakat's replacements),
turning finished HTML files into PDF. Used by bench.py for its baselines.

    python bench/weasyprint_alone.py REPEAT FILE.html [FILE.html ...]
    python bench/weasyprint_alone.py cold FILE.html

Warm: each file is rendered once to warm up, then REPEAT times; prints JSON
with the median wall and CPU seconds per document, and the best wall. Cold: imports WeasyPrint
and renders the file once (the bench times the whole process).
"""

from __future__ import annotations

import json
import statistics
import sys
import time


def main() -> None:
    if sys.argv[1] == "cold":
        import weasyprint

        weasyprint.HTML(filename=sys.argv[2]).write_pdf()
        return
    import weasyprint

    repeat, files = int(sys.argv[1]), sys.argv[2:]
    for name in files:
        weasyprint.HTML(filename=name).write_pdf()
    walls, cpus = [], []
    for _ in range(repeat):
        for name in files:
            wall, cpu = time.perf_counter(), time.process_time()
            weasyprint.HTML(filename=name).write_pdf()
            walls.append(time.perf_counter() - wall)
            cpus.append(time.process_time() - cpu)
    print(json.dumps({"wall": statistics.median(walls), "cpu": statistics.median(cpus),
                      "best": min(walls)}))


if __name__ == "__main__":
    main()
