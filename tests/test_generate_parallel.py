"""Many templates are rendered by two processes; the files are the same bytes as one process writes."""

from __future__ import annotations

from pathlib import Path

from cchc_cli import generate
from cchc_cli.schema import load_schema


def test_parallel_output_is_byte_identical(tmp_path, monkeypatch):
    schema = load_schema()
    serial = generate.generate_templates(schema, tmp_path / "mot")
    monkeypatch.setattr(generate, "PARALLEL_FROM", 2)
    parallel = generate.generate_templates(schema, tmp_path / "hai")
    assert [p.name for _, p, _ in serial.written] == [p.name for _, p, _ in parallel.written]
    assert len(serial.written) == 14
    for (_, a, _), (_, b, _) in zip(serial.written, parallel.written, strict=True):
        assert a.read_bytes() == b.read_bytes(), a.name


def test_count_templates_matches_the_plan():
    for path in (None, Path(__file__).parents[1] / "schemas" / "khanh-hoa-2025.yaml"):
        schema = load_schema(path)
        layouts, empty = generate.plan_templates(schema, schema.units)
        assert generate.count_templates(schema, schema.units) == len(layouts)
        assert len(layouts) + len(empty) == len(schema.units)
