"""Benchmark: wall time of `cchc --help` (and of each command's --help), as a new process each time.

Usage: .venv/bin/python bench/bench_cli.py [RUNS]
Not a test: figures depend on the machine and its load. Target: `cchc --help` under 0.3 s (issue 9 §6).
The command line imports Rich, the schema and the workbook libraries only inside the command that needs
them; `python -X importtime -m cchc_cli --help` shows what is loaded. A command's own --help costs more:
Typer 0.29 coerces the root options (--debug, --version) through pydantic before the command is reached.
CPU time (user + system) is printed beside wall time: it is far less sensitive to a busy machine.
"""

from __future__ import annotations

import resource
import statistics
import subprocess
import sys
import time

TARGET_S = 0.3
COMMANDS = [[], ["validate"], ["merge"], ["status"], ["generate-templates"], ["render-report"], ["schema", "check"]]


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def wall(args: list[str], runs: int, cpu: list[float] | None = None) -> list[float]:
    """Wall times of ``runs`` runs; the CPU time of each (user + system, less sensitive to a busy machine)
    is appended to ``cpu``."""
    times = []
    for _ in range(runs):
        before = _children_cpu()
        start = time.perf_counter()
        subprocess.run([sys.executable, "-m", "cchc_cli", *args, "--help"], capture_output=True, check=True)
        times.append(time.perf_counter() - start)
        if cpu is not None:
            cpu.append(_children_cpu() - before)
    return times


def main() -> None:
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 5
    bare = statistics.median(wall_python(runs))
    print(f"python -c pass (no cchc): median {bare * 1000:.0f} ms")
    for args in COMMANDS:
        cpu: list[float] = []
        times = wall(args, runs, cpu)
        label = " ".join(["cchc", *args, "--help"])
        best, median = min(times), statistics.median(times)
        flag = "" if args or median < TARGET_S else f"  (vượt mục tiêu {TARGET_S * 1000:.0f} ms)"
        print(
            f"{label:34} median {median * 1000:4.0f} ms, best {best * 1000:4.0f} ms, "
            f"CPU {statistics.median(cpu) * 1000:4.0f} ms{flag}"
        )


def wall_python(runs: int) -> list[float]:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run([sys.executable, "-c", "pass"], check=True)
        times.append(time.perf_counter() - start)
    return times


if __name__ == "__main__":
    main()
