"""Benchmark: render the Word draft of the example campaign (validate + merge once, then render N times).

Usage: .venv/bin/python bench/bench_report.py [N]      (default: 3)
Not a test: the report tests assert on content only; the time a render takes is measured here.
"""

from __future__ import annotations

import datetime as dt
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
CAMPAIGN = HERE.parent / "examples" / "khanh-son-2020" / "bao-cao"


def main(n: int = 3) -> int:
    from cchc_cli.merge.engine import build_master
    from cchc_cli.report import render_report
    from cchc_cli.schema import load_schema
    from cchc_cli.validation.engine import validate_paths

    schema = load_schema()
    master = build_master(schema, validate_paths(schema, [CAMPAIGN], workers=1))
    times = []
    with tempfile.TemporaryDirectory() as tmp:
        for i in range(n):
            start = time.perf_counter()
            render_report(master, Path(tmp) / f"bao-cao-{i}.docx", today=dt.date(2020, 6, 5))
            times.append(time.perf_counter() - start)
    print(f"render-report (example campaign): best {min(times):.2f} s, mean {sum(times) / len(times):.2f} s, n={n}")
    return 0


if __name__ == "__main__":
    sys.exit(main(int(sys.argv[1]) if len(sys.argv) > 1 else 3))
