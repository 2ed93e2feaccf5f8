"""Run every benchmark in bench/ (each writes bench/results/<name>.json) and print a summary.

Usage: python -m bench.run_all [name ...]
"""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent


def main(argv: list[str]) -> int:
    names = argv or sorted(p.stem for p in HERE.glob("*.py") if p.stem not in {"__init__", "run_all", "common"})
    failed = []
    for name in names:
        started = time.time()
        print(f"== bench.{name}", flush=True)
        code = subprocess.call([sys.executable, "-m", f"bench.{name}"], cwd=HERE.parent)
        print(f"== bench.{name}: exit {code} in {time.time() - started:.0f} s", flush=True)
        if code:
            failed.append(name)
    if failed:
        print("failed:", ", ".join(failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
