"""Time and peak memory of rendering one document in a new process; prints JSON.
Used by bench.py:

    python bench/memory.py FILE.toml [FORMATS]
    python bench/memory.py items|table SIZE [FORMATS]

FORMATS is a comma-separated list (default: html,pdf,docx). The process first
renders the seed in the same formats (imports, fonts, templates, the Thai
dictionary: what every document after the first finds ready), then the
document; ``seconds`` is that document's render alone, ``peak_mib`` the
process's peak resident memory, ``render_mib`` the peak over the warmed-up
process.
"""

from __future__ import annotations

import json
import re
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))


def status_mib(field: str) -> float:
    text = Path("/proc/self/status").read_text()
    return int(re.search(rf"{field}:\s+(\d+) kB", text).group(1)) / 1024


def main() -> None:
    from generator import build, content

    import scale

    args = sys.argv[1:]
    if args[0] in ("items", "table"):
        document = scale.document(args[0], int(args[1]))
        rest = args[2:]
    else:
        document = content.load(Path(args[0]))
        rest = args[1:]
    formats = tuple(rest[0].split(",")) if rest else build.FORMATS
    build.render_outputs(content.load(scale.SEED), formats)       # warm up
    loaded = status_mib("VmRSS")
    start = time.perf_counter()
    outputs = build.render_outputs(document, formats)
    seconds = time.perf_counter() - start
    peak = status_mib("VmHWM")
    print(json.dumps({"seconds": seconds, "loaded_mib": loaded, "peak_mib": peak,
                      "render_mib": peak - loaded,
                      "bytes": {fmt: len(data) for fmt, data in outputs.items()}}))


if __name__ == "__main__":
    main()
