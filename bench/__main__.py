"""Run every benchmark module in this folder (`python -m bench`), in name order."""

import importlib
import sys
from pathlib import Path


def benchmark_modules() -> list[str]:
    """The importable names of the `bench_*.py` modules beside this file."""
    return [f"bench.{path.stem}" for path in sorted(Path(__file__).parent.glob("bench_*.py"))]


def main() -> int:
    names = benchmark_modules()
    if not names:
        print("No benchmarks yet: add a bench/bench_<name>.py module with a main() function.")
        return 0
    for name in names:
        print(f"== {name}", flush=True)
        importlib.import_module(name).main()
    return 0


if __name__ == "__main__":
    sys.exit(main())
