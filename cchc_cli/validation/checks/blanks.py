"""Values: a required input left blank is an error, unless the row's Ghi chú says why (then a warning).

Said once, not cell by cell: a file with every input blank (a blank template sent back) is one finding
(tep-chua-dien); blank cells side by side are one finding with a range ("D6:I6", a block of rows "D6:I8");
blanks explained by the same Ghi chú are one finding per note.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from xlsxwriter.utility import xl_rowcol_to_cell

from cchc_cli.schema.model import Schema
from cchc_cli.shapes import shape_of
from cchc_cli.validation.checks.base import Check, FileContext, InputCell
from cchc_cli.validation.findings import Finding, about, make

CODES = ("tep-chua-dien", "thieu-so-lieu", "trong-co-giai-thich")


def run(ctx: FileContext) -> Iterator[Finding]:
    schema = ctx.schema
    blank = [i for i in ctx.inputs if i.parsed.code is None and i.parsed.value is None and i.cell.indicator]
    if blank and len(blank) == len(ctx.inputs) and not ctx.result.notes:
        yield make("tep-chua-dien", **ctx.where(count=len(blank)))
        return
    missing: list[InputCell] = []
    explained: dict[tuple[str, str], list[InputCell]] = {}
    for item in blank:
        cell = item.cell
        assert cell.indicator is not None and cell.period is not None
        ind = schema.indicator_by_id[cell.indicator]
        note_key = shape_of(schema.section_by_id[ind.section]).note_key(ind, cell.period)
        note = ctx.result.notes.get(note_key)
        if note:
            explained.setdefault((item.sheet, note), []).append(item)
        elif ind.required:
            missing.append(item)
    by_sheet: dict[str, list[InputCell]] = {}
    for item in missing:
        by_sheet.setdefault(item.sheet, []).append(item)
    for sheet, items in by_sheet.items():
        for block in blocks(items):
            yield make("thieu-so-lieu", **ctx.where(sheet=sheet, **placed(schema, block)))
    for (sheet, note), items in explained.items():
        found = blocks(items)
        fields = placed(schema, [i for b in found for i in b])
        fields["cell"] = " ".join(area(b) for b in found)
        if len(found) > 1 or len(found[0]) > 1:
            fields["cells"] = f"Các ô {', '.join(area(b) for b in found)} ({sum(len(b) for b in found)} ô)"
        yield make("trong-co-giai-thich", note=note, **ctx.where(sheet=sheet, **fields))


def blocks(items: Iterable[InputCell]) -> list[list[InputCell]]:
    """Cells of one sheet grouped into rectangles: neighbours on a row, then equal row spans on next rows."""
    rows: list[list[InputCell]] = []
    for item in sorted(items, key=lambda i: (i.cell.row, i.cell.col)):
        last = rows[-1][-1].cell if rows else None
        if last is not None and last.row == item.cell.row and last.col + 1 == item.cell.col:
            rows[-1].append(item)
        else:
            rows.append([item])
    out: list[list[InputCell]] = []
    spans: list[tuple[int, int, int]] = []  # per block: first col, last col, last row
    for run_cells in rows:
        first, last = run_cells[0].cell, run_cells[-1].cell
        for k, (c1, c2, r) in enumerate(spans):
            if (c1, c2) == (first.col, last.col) and r + 1 == first.row:
                out[k].extend(run_cells)
                spans[k] = (c1, c2, first.row)
                break
        else:
            out.append(list(run_cells))
            spans.append((first.col, last.col, first.row))
    return out


def area(block: list[InputCell]) -> str:
    """ "D6" for one cell, "D6:I8" for a rectangle."""
    first = min(block, key=lambda i: (i.cell.row, i.cell.col)).cell
    last = max(block, key=lambda i: (i.cell.row, i.cell.col)).cell
    if first is last:
        return first.ref
    return f"{xl_rowcol_to_cell(first.row, first.col)}:{xl_rowcol_to_cell(last.row, last.col)}"


def placed(schema: Schema, block: list[InputCell]) -> dict[str, Any]:
    """cell, the message's ``cells`` ("Ô" or "Các ô D6:I8 (18 ô)") and what the cells have in common: the
    indicator and period of one cell; the indicator of one row of years; the period of one row of a
    periods-as-rows table."""
    ref = area(block)
    first = block[0].cell
    assert first.indicator is not None and first.period is not None
    fields: dict[str, Any] = {"cell": ref, "cells": "Ô" if len(block) == 1 else f"Các ô {ref} ({len(block)} ô)"}
    place = about(schema, first.indicator, first.period)
    if len({i.cell.indicator for i in block}) > 1:
        place = {k: v for k, v in place.items() if k.startswith("period")}
    if len({i.cell.period for i in block}) > 1:
        place = {k: v for k, v in place.items() if not k.startswith("period")}
    return {**fields, **place}


CHECK = Check("blanks", CODES, run)
