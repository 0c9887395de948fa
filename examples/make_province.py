"""Build the returns of the second example campaign (Khánh Hòa 2025 by quarter) with the product's templates.

Run:  .venv/bin/python examples/make_province.py [OUT_DIR]     (default: examples/khanh-hoa-2025/bao-cao)

Generates the templates of schemas/khanh-hoa-2025.yaml, types plausible values into every input cell of each
(found from the row label and the column header, as a clerk reads them) and saves one return per unit. Values
hold every rule of the schema: on-time ≤ received, online ≤ received, rates 0–100, the communes give one TTHC
catalogue size, and the partial fourth quarter (to 14/12) holds only its share of a quarter's flow.
Deterministic content (fixed seed); every file is saved 12/12/2025 09:30 (before the deadline), same bytes each run.
"""

from __future__ import annotations

import datetime as dt
import io
import random
import sys
import tempfile
from pathlib import Path
from typing import Any

import openpyxl

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "examples"))

from make_examples import normalise_xlsx  # noqa: E402

from cchc_cli.generate import generate_templates  # noqa: E402
from cchc_cli.schema.loader import load_schema  # noqa: E402
from cchc_cli.schema.model import Schema  # noqa: E402
from cchc_cli.workbook.layout import build_layout  # noqa: E402

SCHEMA = ROOT / "schemas" / "khanh-hoa-2025.yaml"
OUT = Path(__file__).resolve().parent / "khanh-hoa-2025" / "bao-cao"
CONTACT = {"nguoi_lap": "Nguyễn Thị Lan", "chuc_vu": "Chuyên viên", "dien_thoai": "0258 3822 111"}


def unit_values(schema: Schema, code: str) -> dict[tuple[str, str], Any]:
    rng = random.Random(f"khanh-hoa-2025:{code}")
    out: dict[tuple[str, str], Any] = {}
    for ind_id in build_layout(schema, code).indicator_ids:
        ind = schema.indicator_by_id[ind_id]
        base = rng.randint(30, 300)
        for per in schema.section_periods(schema.section_by_id[ind.section]):
            share = per.fraction_of_nominal if per.partial and ind.temporal == "flow" else 1.0
            kind = ind.kind.value
            if kind == "count":
                if ind_id == "s2_tthc_xa":
                    out[(ind_id, per.id)] = 97  # one commune catalogue: the same for every commune
                elif ind.aggregate.value == "levels" and code in schema.commune_units:
                    out[(ind_id, per.id)] = round(12 * share)  # the common commune-level figure
                else:
                    out[(ind_id, per.id)] = round(base * rng.uniform(0.9, 1.1) * share)
            elif kind == "money":
                out[(ind_id, per.id)] = round(base * rng.uniform(0.9, 1.1) * share, 1)
            elif kind == "percent":
                out[(ind_id, per.id)] = round(rng.uniform(70, 99), 1)
            elif kind == "flag":
                out[(ind_id, per.id)] = "x"
            elif kind == "grade":
                out[(ind_id, per.id)] = "Đạt"
            else:
                out[(ind_id, per.id)] = "Số hóa hồ sơ tại Bộ phận một cửa"
    for ind_id, period_id in list(out):
        received = out.get(("s2_hs_tiep_nhan", period_id))
        if ind_id == "s2_hs_dung_hen" and received is not None:
            out[(ind_id, period_id)] = int(received * 0.93)
        if ind_id == "s3_hs_truc_tuyen" and received is not None:
            out[(ind_id, period_id)] = int(received * 0.45)
    return out


SAVED = dt.datetime(2025, 12, 12, 9, 30, tzinfo=dt.timezone(dt.timedelta(hours=7)))  # before 16/12/2025


def main() -> None:
    out = Path(sys.argv[1]) if len(sys.argv) > 1 else OUT
    out.mkdir(parents=True, exist_ok=True)
    schema = load_schema(SCHEMA)
    with tempfile.TemporaryDirectory() as tmp:
        result = generate_templates(schema, Path(tmp), force=True)
        for unit, template, layout in result.written:
            values = unit_values(schema, unit.code)
            wb = openpyxl.load_workbook(template)
            for (ind_id, per), (sheet, ref) in layout.value_cells.items():
                if (ind_id, per) in values and schema.indicator_by_id[ind_id].is_input:
                    wb[sheet][ref] = values[(ind_id, per)]
            for sh, cell in layout.cells("contact"):
                if cell.key in CONTACT:
                    wb[sh.name][cell.ref] = CONTACT[cell.key]
            buf = io.BytesIO()
            wb.save(buf)
            # saved by the unit before the deadline (not at the time this script runs): the demo is on time
            (out / template.name).write_bytes(normalise_xlsx(buf.getvalue(), SAVED))
            print(f"{out / template.name}")


if __name__ == "__main__":
    main()
