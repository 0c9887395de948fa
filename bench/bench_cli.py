"""Benchmark: wall time of `cchc --help` (and of each command's --help), as a new process each time.

Usage: .venv/bin/python bench/bench_cli.py [RUNS]
Not a test: figures depend on the machine and its load. Target: `cchc --help` under 0.3 s (issue 9 §6).
The command line imports Rich, the schema and the workbook libraries only inside the command that needs
them; `python -X importtime -m cchc_cli --help` shows what is loaded.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import time

TARGET_S = 0.3
COMMANDS = [[], ["validate"], ["merge"], ["status"], ["generate-templates"], ["render-report"], ["schema", "check"]]


def wall(args: list[str], runs: int) -> list[float]:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run([sys.executable, "-m", "cchc_cli", *args, "--help"], capture_output=True, check=True)
        times.append(time.perf_counter() - start)
    return times


def main() -> None:
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 5
    bare = statistics.median(wall_python(runs))
    print(f"python -c pass (no cchc): median {bare * 1000:.0f} ms")
    for args in COMMANDS:
        times = wall(args, runs)
        label = " ".join(["cchc", *args, "--help"])
        best, median = min(times), statistics.median(times)
        flag = "" if args or median < TARGET_S else f"  (vượt mục tiêu {TARGET_S * 1000:.0f} ms)"
        print(f"{label:34} median {median * 1000:4.0f} ms, best {best * 1000:4.0f} ms{flag}")


def wall_python(runs: int) -> list[float]:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run([sys.executable, "-c", "pass"], check=True)
        times.append(time.perf_counter() - start)
    return times


if __name__ == "__main__":
    main()
