"""Benchmark: validate + merge N generated returns; prints seconds and peak memory.

Usage: .venv/bin/python bench/bench_merge.py [N ...]      (default: 1000 3321 — 3,321 communes since 7/2025)
Not a test. Each run happens in a fresh process so peak memory (max RSS of the process and its workers)
belongs to that N alone.
"""

from __future__ import annotations

import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent


def one(n: int) -> dict[str, float]:
    sys.path.insert(0, str(HERE))
    from bench_validate import make_returns

    from cchc_cli.merge.engine import build_master
    from cchc_cli.merge.workbook import write_outputs
    from cchc_cli.schema import load_schema
    from cchc_cli.validation.engine import validate_paths

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        make_returns(n, folder)
        schema = load_schema()
        t0 = time.perf_counter()
        report = validate_paths(schema, [folder / "returns"])
        t1 = time.perf_counter()
        master = build_master(schema, report)
        write_outputs(master, folder / "out")
        t2 = time.perf_counter()
    self_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    children_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return {
        "n": n,
        "validate_s": t1 - t0,
        "merge_s": t2 - t1,
        "peak_mib": max(self_kb, children_kb) / 1024,
        "main_mib": self_kb / 1024,
        "worker_mib": children_kb / 1024,
    }


def main() -> None:
    if len(sys.argv) > 2 and sys.argv[1] == "--one":
        print(json.dumps(one(int(sys.argv[2]))))
        return
    sizes = [int(a) for a in sys.argv[1:]] or [1000, 3321]
    for n in sizes:
        out = subprocess.run([sys.executable, __file__, "--one", str(n)], capture_output=True, text=True, check=True)
        r = json.loads(out.stdout.strip().splitlines()[-1])
        total = r["validate_s"] + r["merge_s"]
        print(
            f"N={r['n']}: validate {r['validate_s']:.1f} s + merge {r['merge_s']:.1f} s = {total:.1f} s; "
            f"peak memory {r['main_mib']:.0f} MiB (main), {r['worker_mib']:.0f} MiB (largest worker)"
        )


if __name__ == "__main__":
    main()
