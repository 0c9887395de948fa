"""The right workbook: whose template this is, by its fingerprint, else by sheet names and row labels.

Sets ``ctx.unit`` and ``ctx.layout``; an error here (another campaign, another version, not a template)
stops the file.
"""

from __future__ import annotations

from collections.abc import Iterator

from cchc_cli.merge.model import DATA_SHEET
from cchc_cli.textutil import label_key
from cchc_cli.validation.checks.base import Check, FileContext
from cchc_cli.validation.findings import Finding, make
from cchc_cli.validation.reader import read_grid
from cchc_cli.validation.structure import MATCH_THRESHOLD, label_score
from cchc_cli.workbook.layout import TEMPLATE_VERSION, WorkbookLayout

CODES = ("sai-mau", "sai-phien-ban", "bo-cuc-khac", "nhan-dien-theo-bo-cuc", "tep-tong-hop")


def run(ctx: FileContext) -> Iterator[Finding]:
    book = ctx.book
    assert book is not None
    layouts = ctx.shared.layouts
    schema = ctx.schema
    if DATA_SHEET in book.sheet_names:  # cchc's own master copied among the returns: not a unit's report
        yield make("tep-tong-hop", **ctx.where())
        return
    fp = book.fingerprint
    if fp is not None:
        checks = (
            ("đợt báo cáo", fp.get("schema_id", ""), schema.meta.id, "sai-mau"),
            ("phiên bản lược đồ", fp.get("schema_version", ""), schema.meta.version, "sai-phien-ban"),
            ("phiên bản biểu mẫu", fp.get("template_version", ""), TEMPLATE_VERSION, "sai-phien-ban"),
        )
        for what, seen, expected, code in checks:
            if seen != expected:
                if code == "sai-mau":
                    yield make(code, **ctx.where(reason=f" (biểu mẫu của đợt «{seen}»)"))
                else:
                    yield make(code, **ctx.where(what=what, seen=seen, expected=expected))
                return
        unit = schema.unit_by_code.get(fp.get("unit_code", ""))
        if unit is None:
            reason = f" (mã đơn vị «{fp.get('unit_code', '')}» không có trong đợt báo cáo)"
            yield make("sai-mau", **ctx.where(reason=reason))
            return
        layout = layouts.get(unit.code)
        if not layout.sheets:
            yield make("sai-mau", **ctx.where(reason=f" ({unit.name} không có chỉ tiêu)"))
            return
        ctx.unit, ctx.layout = unit, layout
        if fp.get("layout_hash") != layout.layout_hash:
            ctx.older_layout = True
            yield make("bo-cuc-khac", **ctx.where())
        return
    # No fingerprint: a re-typed form, or a copy whose hidden sheet was deleted.
    best: tuple[float, WorkbookLayout] | None = None
    names = {label_key(n): n for n in book.sheet_names}
    for layout in layouts.all():
        sheets = [s for s in layout.sheets if label_key(s.name) in names]
        if len(sheets) < len(layout.sheets):
            continue
        try:
            score = min(label_score(s, read_grid(book, names[label_key(s.name)])) for s in sheets)
        except Exception:
            continue
        if best is None or score > best[0]:
            best = (score, layout)
    if best is None or best[0] < MATCH_THRESHOLD:
        yield make("sai-mau", **ctx.where(reason=""))
        return
    ctx.layout = best[1]
    ctx.unit = best[1].unit
    yield make("nhan-dien-theo-bo-cuc", **ctx.where())


CHECK = Check("identity", CODES, run)
