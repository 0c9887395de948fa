"""Every built-in check, one module each, run from one list per level. The engines only loop over these lists.

Levels of one file, in order (``FILE_LEVELS``)::

    readable   the file opens safely as a spreadsheet                 open_workbook
    identity   it is a template of this campaign, and whose; what     identity, legacy_text, control_characters,
               the reader saw of the workbook                         xls_formulas, unit_name
    structure  sheets, columns, rows and labels as the template       sheets, hidden_sheets, rows, outside_cells,
               left them; no hidden or differing copy of a sheet      hidden_cells, merged_inputs, unchecked_sheets
    values     each input cell holds a value of its kind, read as     cell_values, displayed_values, blanks,
               the person sees it, and a plausible one                derived_rates, plausible_range,
                                                                      plausible_ratio
    rules      the schema's unit rules hold; self-assessment vs figures unit_rules, self_assessment

A level listed in ``GATES`` stops the file when any of its checks found an error (readable, identity: nothing else
can be trusted). Structure stops only what it makes unreliable: the sheets it marks damaged
(``FileContext.damaged``: missing, hidden, copied with other values, or columns or rows inserted, deleted or moved
inside the table) are not read, every other sheet goes on to the value and rule checks in the same round, so a unit
gets all its problems at once (``unchecked_sheets`` tells it what is checked once a damaged sheet is fixed); a file
with no intact sheet stops there. Values and rules never stop anything (an unreadable cell counts as blank).
Between structure and values the engine reads the values of the intact sheets into the context
(``FileContext.inputs``, ``rates``, ``numbers``, ``result.values``); that reading is data, not a check.

After every file: ``CROSS_FILE`` (duplicates, changed_values) over all files of the run. At `cchc merge`:
``DISTRICT`` (inconsistent_units, district_rules, self_assessment_district) over the district figures.

How to add a check (one module, one list entry, one test, one example)
--------------------------------------------------------------------
1. The codes: add each new code with its severity, title, message template and hint to
   ``cchc_cli.validation.findings.CATALOGUE`` (one code = one severity; never reuse a code for another
   meaning or severity).
2. The module: ``cchc_cli/validation/checks/<name>.py``::

       from collections.abc import Iterator
       from cchc_cli.validation.checks.base import Check, FileContext
       from cchc_cli.validation.findings import Finding, about, make

       CODES = ("so-qua-lon",)

       def run(ctx: FileContext) -> Iterator[Finding]:
           for item in ctx.inputs:                      # what the level before left in the context
               if <problem>:
                   yield make("so-qua-lon", **ctx.where(sheet=item.sheet, cell=item.cell.ref,
                              **about(ctx.schema, item.cell.indicator, item.cell.period),
                              seen=..., value=...))   # message/hint fields of the catalogue entry

       CHECK = Check("so_qua_lon", CODES, run)

   ``make(code, file=…, **fields)`` fills the entry's message and hint from ``fields``; fields that are
   Finding attributes (unit, unit_name, sheet, cell, indicator, stt, indicator_text, period, period_label,
   value) are set on the finding. ``ctx.where(**fields)`` adds file, unit and unit_name; ``about(schema,
   indicator, period)`` adds indicator, stt, indicator_text, period and period_label. A check reads the
   context (``ctx.book``, ``ctx.layout``, ``ctx.sheet_names``, ``ctx.inputs``, ``ctx.numbers``,
   ``ctx.result``) and returns findings; only the readable, identity and structure checks set context
   fields (book; unit and layout; sheet_names). Cross-file checks take a ``FilesContext`` (``schema``,
   ``results``), district checks a ``DistrictContext`` (``schema``, ``district``, ``file``); their findings
   carry the file they belong to.
3. The list entry: import the module below and put its ``CHECK`` in its level's tuple (order = run order).
4. The test: a test in tests/ that plants the fault in a filled template (tests/clerk.py) and asserts the
   code, sheet and cell; tests/test_checks.py already holds every check to its declared codes and every
   emitted code to the catalogue.
5. The example: a faulty return in examples/khanh-son-2020/loi/ via examples/make_examples.py (a
   ``Fault``), then ``make examples`` regenerates it and its golden ``expected.yaml``.
"""

from __future__ import annotations

from typing import Any

from cchc_cli.validation.checks import (
    blanks,
    cell_values,
    changed_values,
    control_characters,
    derived_rates,
    displayed_values,
    district_rules,
    duplicates,
    hidden_cells,
    hidden_sheets,
    identity,
    inconsistent_units,
    legacy_text,
    merged_inputs,
    open_workbook,
    other_unit,
    outside_cells,
    plausible_range,
    plausible_ratio,
    rows,
    self_assessment,
    self_assessment_district,
    sheets,
    unchecked_sheets,
    unit_name,
    unit_rules,
    xls_formulas,
)
from cchc_cli.validation.checks.base import (
    Check,
    DistrictContext,
    FileContext,
    FilesContext,
    InputCell,
    RateCell,
    Shared,
)

READABLE: tuple[Check[FileContext], ...] = (open_workbook.CHECK,)
IDENTITY: tuple[Check[FileContext], ...] = (
    identity.CHECK,
    legacy_text.CHECK,
    control_characters.CHECK,
    xls_formulas.CHECK,
    unit_name.CHECK,
)
STRUCTURE: tuple[Check[FileContext], ...] = (
    sheets.CHECK,
    hidden_sheets.CHECK,
    rows.CHECK,
    outside_cells.CHECK,
    hidden_cells.CHECK,
    merged_inputs.CHECK,
    unchecked_sheets.CHECK,
)
VALUES: tuple[Check[FileContext], ...] = (
    cell_values.CHECK,
    displayed_values.CHECK,
    blanks.CHECK,
    derived_rates.CHECK,
    plausible_range.CHECK,
    plausible_ratio.CHECK,
)
RULES: tuple[Check[FileContext], ...] = (unit_rules.CHECK, self_assessment.CHECK, other_unit.CHECK)

FILE_LEVELS: tuple[tuple[str, tuple[Check[FileContext], ...]], ...] = (
    ("readable", READABLE),
    ("identity", IDENTITY),
    ("structure", STRUCTURE),
    ("values", VALUES),
    ("rules", RULES),
)
GATES = frozenset({"readable", "identity"})  # an error at these levels stops the file (structure: see above)

CROSS_FILE: tuple[Check[FilesContext], ...] = (duplicates.CHECK, changed_values.CHECK)
DISTRICT: tuple[Check[DistrictContext], ...] = (
    inconsistent_units.CHECK,
    district_rules.CHECK,
    self_assessment_district.CHECK,
)


def all_checks() -> list[Check[Any]]:
    """Every registered check, in run order."""
    return [c for _, level in FILE_LEVELS for c in level] + [*CROSS_FILE, *DISTRICT]


def declared_codes() -> dict[str, str]:
    """Built-in code → name of the one check that declares it."""
    return {code: check.name for check in all_checks() for code in check.codes}


__all__ = [
    "CROSS_FILE",
    "DISTRICT",
    "FILE_LEVELS",
    "GATES",
    "Check",
    "DistrictContext",
    "FileContext",
    "FilesContext",
    "InputCell",
    "RateCell",
    "Shared",
    "all_checks",
    "declared_codes",
]
