"""Benchmark: validate N filled returns; prints ms per file next to the bare fast-reader cost.

Usage: .venv/bin/python bench/bench_validate.py [N] [--workers W]
Not a test: figures depend on the machine. The returns are 14 clerk-filled workbooks (one per unit of the
bundled campaign) copied N/14 times, so every file is read and checked in full.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from pathlib import Path

from python_calamine import CalamineWorkbook

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

from campaign import consistent_values, fill_unit

from cchc_cli.generate import generate_templates
from cchc_cli.schema import load_schema
from cchc_cli.validation.engine import validate_paths


def make_returns(n: int, folder: Path) -> list[Path]:
    schema = load_schema()
    seeds = folder / "seed"
    written = generate_templates(schema, folder / "templates").written
    seeds.mkdir()
    filled = []
    for unit, template, _ in written:
        out = seeds / f"{unit.code}.xlsx"
        fill_unit(schema, template, out, consistent_values(schema, unit.code))
        filled.append(out)
    returns = folder / "returns"
    returns.mkdir()
    paths = []
    for i in range(n):
        src = filled[i % len(filled)]
        dst = returns / f"{i:05d}-{src.name}"
        shutil.copyfile(src, dst)
        paths.append(dst)
    return paths


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("n", nargs="?", type=int, default=1000)
    parser.add_argument("--workers", type=int, default=None, help="default: automatic (all cores from 64 files)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        paths = make_returns(args.n, folder)
        t0 = time.perf_counter()
        for p in paths:
            wb = CalamineWorkbook.from_path(str(p))
            for name in wb.sheet_names:
                wb.get_sheet_by_name(name).to_python()
        reader = (time.perf_counter() - t0) / len(paths) * 1000
        schema = load_schema()
        t0 = time.perf_counter()
        serial = validate_paths(schema, [folder / "returns"], workers=1)
        one = (time.perf_counter() - t0) / len(paths) * 1000
        t0 = time.perf_counter()
        auto = validate_paths(schema, [folder / "returns"], workers=args.workers)
        wall = time.perf_counter() - t0
        assert len(serial.files) == len(auto.files) == len(paths)
        errors = sum(r.errors for r in auto.files)
        print(f"files: {len(paths)} (findings with errors: {errors})")
        print(f"python-calamine alone, all sheets: {reader:.2f} ms/file")
        print(f"cchc validate, one process:        {one:.2f} ms/file ({one / reader:.1f}× the reader)")
        print(f"cchc validate, worker pool:        {wall / len(paths) * 1000:.2f} ms/file, {wall:.1f} s in all")


if __name__ == "__main__":
    main()
