"""Benchmark: the reader and `cchc validate` on N distinct filled returns, next to python-calamine.

Usage: .venv/bin/python bench/bench_reader.py [N] [--workers W] [--profile K]     (make bench: N = 1000)

Not a test: figures depend on the machine (and on what else runs on it). The N returns differ from each other:
14 clerk-filled workbooks (one per unit, tests/campaign.py, each with its own seed), then every copy gets its
numbers shifted by its index, so no two files are the same bytes. Prints ms per file for: python-calamine
reading every sheet (values only), cchc's reader (values plus number formats, formulas, errors, sheet states,
hidden rows/columns, merges, fonts, save time), the per-file checks alone, `cchc validate` in one process and
with the worker pool, the ratio to python-calamine, and a profile of where the serial validate spends its time.
N files over the campaign's 14 units means ~N/14 returns per unit: the cross-file checks (which return is used,
what changed since the one it replaced) are part of `validate`. One-process rows are CPU time of this process
(steadier when the machine is shared); the pool row is wall time. The "floor" row unzips and parses the same
XML parts with lxml and does nothing else: no reader built on lxml can go below it; the two expat rows
tokenize the same parts without building a tree, alone and with one empty Python call per element (what a
streaming reader in Python can't avoid).
"""

from __future__ import annotations

import argparse
import cProfile
import io
import os
import pstats
import sys
import tempfile
import time
import zipfile
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path
from xml.parsers import expat

from lxml import etree
from python_calamine import CalamineWorkbook

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

from campaign import consistent_values, fill_unit

from cchc_cli.generate import generate_templates
from cchc_cli.reading import open_book
from cchc_cli.schema import load_schema
from cchc_cli.schema.model import Schema
from cchc_cli.validation.engine import Validator, validate_paths

MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"


def _shift(xml: bytes, by: int) -> bytes:
    """Every whole number stored in the sheet, plus ``by`` (text, formulas and the fingerprint untouched)."""
    root = etree.fromstring(xml)
    for c in root.iter(f"{MAIN}c"):
        v = c.find(f"{MAIN}v")
        if c.get("t") in (None, "n") and v is not None and v.text and c.find(f"{MAIN}f") is None:
            x = float(v.text)
            if x.is_integer():
                v.text = str(int(x) + by)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def make_distinct_returns(n: int, folder: Path) -> list[Path]:
    schema = load_schema()
    written = generate_templates(schema, folder / "templates").written
    seeds = folder / "seed"
    seeds.mkdir()
    filled = []
    for k, (unit, template, _) in enumerate(written):
        out = seeds / f"{unit.code}.xlsx"
        fill_unit(schema, template, out, consistent_values(schema, unit.code, seed=k))
        filled.append(out)
    returns = folder / "returns"
    returns.mkdir()
    paths = []
    for i in range(n):
        src = filled[i % len(filled)]
        by = i // len(filled)
        buf = io.BytesIO()
        with zipfile.ZipFile(src) as zin, zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zout:
            for info in zin.infolist():
                data = zin.read(info)
                if by and info.filename.startswith("xl/worksheets/") and info.filename != "xl/worksheets/sheet_cchc":
                    data = _shift(data, by)
                zout.writestr(info.filename, data)
        dst = returns / f"{i:05d}-{src.name}"
        dst.write_bytes(buf.getvalue())
        paths.append(dst)
    return paths


def _per_file(fn: Callable[[], object], paths: list[Path], clock: Callable[[], float] = time.process_time) -> float:
    t0 = clock()
    fn()
    return (clock() - t0) / len(paths) * 1000


GROUPS = (
    ("XML parsing (lxml)", ("lxml", "reading/xml.py")),
    ("cells into grids (cchc_cli/reading)", ("cchc_cli/reading",)),
    ("zip and container checks (zipfile, zlib)", ("zipfile", "zlib", "reading/container.py")),
    ("checks and value parsing (cchc_cli/validation)", ("cchc_cli/validation", "cchc_cli/kinds", "textutil")),
    ("template layouts (cchc_cli/workbook)", ("cchc_cli/workbook",)),
)


def profile(schema: Schema, folder: Path) -> None:
    prof = cProfile.Profile()
    prof.enable()
    validate_paths(schema, [folder], workers=1)
    prof.disable()
    stats = pstats.Stats(prof)
    total = sum(v[2] for v in stats.stats.values())  # type: ignore[attr-defined]
    by_group: dict[str, float] = defaultdict(float)
    for (file, _line, func), (_cc, _nc, tottime, _ct, _callers) in stats.stats.items():  # type: ignore[attr-defined]
        where = f"{file}:{func}"
        group = next((g for g, keys in GROUPS if any(k in where for k in keys)), "other (Python built-ins, hashing …)")
        by_group[group] += tottime
    print("\nWhere serial validate spends its time (cProfile, own time per group):")
    for group, t in sorted(by_group.items(), key=lambda kv: -kv[1]):
        print(f"  {t / total * 100:5.1f} %  {group}")
    print("\nTop functions by own time:")
    stats.sort_stats("tottime").print_stats(12)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("n", nargs="?", type=int, default=1000)
    parser.add_argument("--workers", type=int, default=None, help="pool size (default: automatic)")
    parser.add_argument("--profile", type=int, default=200, help="files to profile (0: no profile)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        t0 = time.perf_counter()
        paths = make_distinct_returns(args.n, folder)
        print(
            f"{len(paths)} distinct returns made in {time.perf_counter() - t0:.0f} s "
            f"({len({p.read_bytes() for p in paths})} distinct byte contents); {os.cpu_count()} CPU"
        )
        schema = load_schema()

        def calamine() -> None:
            for p in paths:
                wb = CalamineWorkbook.from_path(str(p))
                for name in wb.sheet_names:
                    wb.get_sheet_by_name(name).to_python()

        def floor() -> None:
            # what no lxml-based reader can avoid: unzip the parts a reader needs and parse them (no cell work)
            parser = etree.XMLParser(resolve_entities=False, no_network=True)
            for p in paths:
                with zipfile.ZipFile(p) as z:
                    for info in z.infolist():
                        if info.filename.startswith("xl/") and "/theme/" not in info.filename:
                            etree.fromstring(z.read(info), parser)

        def parts_of(p: Path) -> list[bytes]:
            with zipfile.ZipFile(p) as z:
                return [
                    z.read(i) for i in z.infolist() if i.filename.startswith("xl/") and "/theme/" not in i.filename
                ]

        def expat_floor(on_element: Callable[..., None] | None) -> Callable[[], None]:
            # unzip, then only tokenize the same parts with expat (C); with ``on_element``, one Python call per
            # element start: the least a streaming reader written in Python does for every cell
            def run() -> None:
                for p in paths:
                    for data in parts_of(p):
                        x = expat.ParserCreate()
                        if on_element is not None:
                            x.StartElementHandler = on_element
                        x.Parse(data, True)

            return run

        def reader() -> None:
            for p in paths:
                open_book(p)

        validator = Validator(schema)

        def per_file_checks() -> None:
            for p in paths:
                validator.check(p, p.name)

        calamine()  # warm the page cache
        cal = _per_file(calamine, paths)
        parse_only = _per_file(floor, paths)
        tokens_only = _per_file(expat_floor(None), paths)
        callbacks = _per_file(expat_floor(lambda name, attrs: None), paths)
        ours = _per_file(reader, paths)
        checks = _per_file(per_file_checks, paths)
        serial = _per_file(lambda: validate_paths(schema, [folder / "returns"], workers=1), paths)
        pooled = _per_file(
            lambda: validate_paths(schema, [folder / "returns"], workers=args.workers), paths, time.perf_counter
        )
        print()
        print(f"| what (N = {len(paths)}) | ms/file | × python-calamine |")
        print("|---|---|---|")
        print(f"| python-calamine, every sheet, values only | {cal:.2f} | 1.0 |")
        print(
            f"| unzip + lxml parse of the same parts, no cell work (floor of any lxml reader) | {parse_only:.2f} "
            f"| {parse_only / cal:.1f} |"
        )
        print(
            f"| unzip + expat tokenizing alone, no tree, no Python per element | {tokens_only:.2f} "
            f"| {tokens_only / cal:.1f} |"
        )
        print(
            f"| unzip + expat with one empty Python call per element (floor of a streaming Python reader) "
            f"| {callbacks:.2f} | {callbacks / cal:.1f} |"
        )
        print(f"| cchc reader (values + formats, formulas, errors, states, merges …) | {ours:.2f} | {ours / cal:.1f} |")
        print(f"| cchc per-file checks (read + levels 1–5, no cross-file) | {checks:.2f} | {checks / cal:.1f} |")
        print(f"| cchc validate, one process (+ duplicates, cross-file) | {serial:.2f} | {serial / cal:.1f} |")
        print(f"| cchc validate, worker pool (wall time / N) | {pooled:.2f} | {pooled / cal:.1f} |")
        if args.profile:
            sub = folder / "profiled"
            sub.mkdir()
            for p in paths[: args.profile]:
                (sub / p.name).symlink_to(p)
            profile(schema, sub)


if __name__ == "__main__":
    main()
