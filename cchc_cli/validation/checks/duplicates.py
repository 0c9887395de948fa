"""Cross-file: a unit that sent several readable returns; the newest is used (engine.resolve_duplicates).

Each file of the group gets one finding naming the file used and the files left aside; when the files are the
same bytes (one file saved twice), one information finding says so: there is nothing to settle with the unit.
"""

from __future__ import annotations

from collections.abc import Iterator

from cchc_cli.validation.checks.base import Check, FilesContext
from cchc_cli.validation.findings import Finding, make
from cchc_cli.validation.report import FileResult

CODES = ("nop-trung", "nop-trung-giong-het")


def run(ctx: FilesContext) -> Iterator[Finding]:
    for unit_code, group in groups(ctx).items():
        newest = next(r for r in group if r.superseded_by is None)
        fields: dict[str, object] = {"count": len(group), "used": newest.name}
        if len({r.sha256 for r in group}) == 1:  # the same file twice ("a.xlsx", "a (1).xlsx"): nothing to settle
            code = "nop-trung-giong-het"
            fields["files"] = ", ".join(sorted(r.name for r in group))
        else:
            code = "nop-trung"
            latest = max(group, key=lambda r: (r.submitted_at, r.mtime, r.name))
            fields["ignored"] = ", ".join(g.name for g in group if g is not newest)
            fields["why"] = "mới hơn" if latest is newest else f"tệp {latest.name} mới hơn nhưng chưa điền số liệu"
        unit_name = ctx.schema.unit_by_code[unit_code].name
        for r in group:
            yield make(code, file=r.name, unit=unit_code, unit_name=unit_name, **fields)


def groups(ctx: FilesContext) -> dict[str, list[FileResult]]:
    """Units with two or more readable files → their files, oldest first (as engine.resolve_duplicates left
    them: exactly one, the newest, has ``superseded_by`` None)."""
    by_unit: dict[str, list[FileResult]] = {}
    for r in ctx.results:
        if r.unit and r.read:
            by_unit.setdefault(r.unit, []).append(r)
    return {
        u: sorted(g, key=lambda r: (r.superseded_by is None, r.submitted_at, r.mtime, r.name))
        for u, g in by_unit.items()
        if len(g) > 1
    }


CHECK = Check("duplicates", CODES, run)
