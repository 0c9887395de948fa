"""Section shapes: how a Phụ lục 2 section's indicators and periods become rows and columns.

A schema section names its shape (``shape: years``). Everything that shape means lives in one module here,
whose ``SHAPE`` (``cchc_cli.shapes.base.Shape``) answers every consumer:

==================  ============================================================  ==========================
shape word          module                                                        e.g.
==================  ============================================================  ==========================
``years``           ``years.py``: a row per indicator, a column per period        phần 1–3, 5–7
``periods_as_rows`` ``period_rows.py``: a row per period, a column per indicator  phần 4 (bảng a, b)
``assessment``      ``assessment.py``: a grade (Đạt/Không đạt) per goal           phần 8
==================  ============================================================  ==========================

Consumers ask :func:`shape_of` and never branch on a shape word themselves (tests/test_shapes.py holds them
to it): the template layout (workbook/layout.py), the structure check (validation/structure.py,
checks/rows.py) and the blank check's Ghi chú (checks/blanks.py), the master (merge/workbook.py), the Word
tables (report/tables.py, and through ``section_tables``/``goal_sections`` the outlines in templates/) and
``cchc schema check`` (schema/checks.py). The schema's ``shape:`` accepts exactly the words registered here
(schema/model.py).

A new shape is one module with a ``SHAPE``, added to ``SHAPES`` below.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from cchc_cli.shapes import assessment, period_rows, years
from cchc_cli.shapes.base import Shape

if TYPE_CHECKING:
    from cchc_cli.schema.model import Section

SHAPES: tuple[Shape, ...] = (years.SHAPE, period_rows.SHAPE, assessment.SHAPE)


def registered() -> dict[str, Shape]:
    """Shape word → shape, in the order of ``SHAPES`` (read at each call, so a test may register one)."""
    return {s.word: s for s in SHAPES}


def shape_of(section: Section) -> Shape:
    """The shape of a schema section; KeyError for a word no module registers (the schema model refuses it)."""
    return registered()[section.shape]


__all__ = ["SHAPES", "Shape", "registered", "shape_of"]
