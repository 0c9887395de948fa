"""What a section shape declares (``Shape``): every answer the template, the structure check, the master and
the Word tables ask of a section's shape, in one object per shape module.

See the package docstring (``cchc_cli.shapes``) for the shapes and how to add one.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from cchc_cli.merge.model import MasterData
    from cchc_cli.merge.workbook import SummarySheet
    from cchc_cli.report.table_cells import TableSpec
    from cchc_cli.schema.model import Indicator, Schema, Section, Unit
    from cchc_cli.workbook.layout import SheetLayout

Loc = tuple[str | int, ...]  # a key path in the schema file, e.g. ("sections", 3, "tables")
Problem = tuple[Loc, str]  # (key path, Vietnamese message), as cchc_cli.schema.checks reports it


def no_problems(schema: Schema, section: Section, at: Loc) -> list[Problem]:
    """A shape with no constraint of its own on the section."""
    return []


def no_indicator_problems(section: Section, indicator: Indicator, at: Loc) -> list[Problem]:
    """A shape with no constraint of its own on the section's indicators."""
    return []


def row_note(indicator: Indicator, period: str) -> str:
    """The note key of a shape with one Ghi chú per indicator row: the indicator's id."""
    return indicator.id


def one_table(section: Section) -> list[str]:
    """The Word table keys of a section drawn as one table: its id ("s1")."""
    return [section.id]


@dataclass(frozen=True)
class Shape:
    """One section shape (``shape:`` in a schema section), all it means in one place.

    - ``word``: the schema's word for it (``years``); ``name``: how a Vietnamese message names it.
    - ``tables``: True when the section splits its indicators into ``tables`` (each indicator names one).
    - ``goals``: True when the section's rows are the plan's goals, a grade each: the Word draft reports them
      with the results against targets, not as a sentence per indicator (the outline's ``goal_sections``).
    - ``sheet(schema, unit, section, rows, own)``: the unit's template sheet (cchc_cli.workbook.layout), its
      column headers, labels, input and formula cells; ``rows`` are the section's indicators the sheet shows
      (the unit's own, derived rows and their ancestors) in schema order, ``own`` the ids the unit types.
      The validator reads a return by the same cells (``WorkbookLayout.value_cells``).
    - ``note_key(indicator, period)``: the key of the Ghi chú cell that explains a blank input of ``indicator``
      in ``period`` (validation/checks/blanks.py reads the note by it; ``Cell.key`` of the note cell).
    - ``key_col``: what the structure check expects: the 0-based column whose label identifies a template
      row, so an inserted, deleted or moved row is found (validation/checks/rows.py).
    - ``master_width(section)``: period columns the section needs in the master's Tổng hợp frame (STT, text,
      unit, one column per period, notes; the widest section sets it); ``write_master(sheet, section, row)``
      writes the section's header and rows from 0-based ``row`` on and returns the row after them.
    - ``table_keys(section)``: the keys of the section's Word tables (``table("s4a")`` in the outline);
      ``word_table(master, section, key)``: the table for one of them (header, rows, notes; docx_tables.py
      lays it out).
    - ``problems(schema, section, at)`` / ``indicator_problems(section, indicator, at)``: what ``cchc schema
      check`` refuses in a section of this shape, as (key path, Vietnamese message) pairs.
    """

    word: str
    name: str
    tables: bool
    goals: bool
    key_col: int
    note_key: Callable[[Indicator, str], str]
    sheet: Callable[[Schema, Unit, Section, list[Indicator], set[str]], SheetLayout]
    master_width: Callable[[Section], int]
    write_master: Callable[[SummarySheet, Section, int], int]
    table_keys: Callable[[Section], list[str]]
    word_table: Callable[[MasterData, Section, str], TableSpec]
    problems: Callable[[Schema, Section, Loc], list[Problem]] = no_problems
    indicator_problems: Callable[[Section, Indicator, Loc], list[Problem]] = no_indicator_problems
