"""Peak memory of rendering one content file (all three formats) in a new
process; prints JSON. Used by bench.py: ``python bench/memory.py FILE``."""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def status_mib(field: str) -> float:
    text = Path("/proc/self/status").read_text()
    return int(re.search(rf"{field}:\s+(\d+) kB", text).group(1)) / 1024


def main() -> None:
    import docx  # noqa: F401  (loaded before the baseline, like WeasyPrint)
    import weasyprint  # noqa: F401

    from generator import build, content
    announcement = content.load(sys.argv[1])
    loaded = status_mib("VmRSS")
    build.render_outputs(announcement)
    peak = status_mib("VmHWM")
    print(json.dumps({"loaded_mib": loaded, "peak_mib": peak, "render_mib": peak - loaded}))


if __name__ == "__main__":
    main()
