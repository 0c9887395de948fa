"""Many units, one layout: build and render a template once per shape, then stamp each unit into it.

A national campaign has 3,321 communes that report the same rows: their templates differ only in the unit's
name and code, the layout hash, and row heights where a long name wraps. ``Stamper`` builds the layout of a
stand-in unit once per set of reported rows, renders it once per set of row heights, and for each unit
replaces the stand-in's name, code and hash in the workbook's XML parts and zips them again exactly as
XlsxWriter does. The result is the same bytes as ``render_workbook(build_layout(schema, code), schema)``;
when a unit's name could make it differ (a control character, a header past Excel's 255 characters, a name
equal to another text of the workbook), that unit is rendered directly.
"""

from __future__ import annotations

import dataclasses
import io
import json
import zipfile
from xml.sax.saxutils import escape

from cchc_cli.schema.model import Schema, Unit
from cchc_cli.workbook.layout import SheetLayout, WorkbookLayout, build_layout, hash_payload, hash_text
from cchc_cli.workbook.writer import FINGERPRINT_NOTE, header_text, render_workbook, row_heights

NAME = "QQcchc9TENQQ"
CODE = "QQcchc9MAQQ"
HASH = "QQcchc9BAMQQ"
_STAND_IN = Unit.model_construct(code=CODE, name=NAME, short_name=NAME, kind="khac")
_ZIP_TIME = (1980, 1, 1, 0, 0, 0)  # XlsxWriter's in-memory part time


def _swap(text: str, unit: Unit) -> str:
    return text.replace(NAME, unit.name).replace(CODE, unit.code) if NAME in text or CODE in text else text


def _stamped(text: str) -> bool:
    return NAME in text or CODE in text


def _strings(layout: WorkbookLayout) -> list[str]:
    """Every string the workbook's shared string table holds (cell texts and the fingerprint sheet)."""
    texts = [c.text for sh in layout.sheets for c in sh.cells if c.text] + [FINGERPRINT_NOTE]
    for key, value in layout.fingerprint().items():
        texts += [key, value]
    return texts


class Stamper:
    """Layouts and template bytes for many units of one schema, each shape built and rendered once."""

    def __init__(self, schema: Schema) -> None:
        self.schema = schema
        self._layouts: dict[frozenset[str], WorkbookLayout] = {}
        self._payloads: dict[frozenset[str], str] = {}
        self._parts: dict[tuple[object, ...], list[tuple[str, bytes]]] = {}
        self._shapes: dict[str, frozenset[str]] = {}
        self._heights: dict[tuple[object, ...], tuple[tuple[tuple[int, float], ...], ...]] = {}

    def _shape(self, unit_code: str) -> frozenset[str]:
        shape = self._shapes.get(unit_code)
        if shape is None:
            shape = self._shapes[unit_code] = frozenset(i.id for i in self.schema.indicators_by_unit[unit_code])
        return shape

    def _stand_in(self, unit_code: str) -> WorkbookLayout:
        shape = self._shape(unit_code)
        layout = self._layouts.get(shape)
        if layout is None:
            layout = build_layout(self.schema, unit_code, shown=_STAND_IN)
            layout.layout_hash = HASH
            self._layouts[shape] = layout
            self._payloads[shape] = hash_payload(layout.sheets)
        return layout

    def layout(self, unit_code: str) -> WorkbookLayout:
        """The same layout as ``build_layout(schema, unit_code)``, stamped from the shape's stand-in."""
        unit = self.schema.unit_by_code[unit_code]
        proto = self._stand_in(unit_code)
        sheets = [
            SheetLayout(
                sh.name,
                sh.kind,
                sh.section,
                [dataclasses.replace(c, text=_swap(c.text, unit)) if _stamped(c.text) else c for c in sh.cells],
                sh.merges,
                sh.col_widths,
                sh.repeat_rows,
                sh.freeze,
                sh.last_col,
            )
            for sh in proto.sheets
        ]
        layout = WorkbookLayout(
            proto.schema_id, proto.schema_version, unit, sheets, proto.template_version, "", proto.file_prefix
        )
        # The hash payload is JSON: escaping is per character, so the stand-in's payload with the tokens replaced
        # by the JSON-escaped name and code is the unit's own payload.
        payload = self._payloads[self._shape(unit_code)]
        for token, value in ((NAME, unit.name), (CODE, unit.code)):
            payload = payload.replace(token, json.dumps(value, ensure_ascii=False)[1:-1])
        layout.layout_hash = hash_text(payload)
        return layout

    def _stampable(self, layout: WorkbookLayout, proto: WorkbookLayout) -> bool:
        name = layout.unit.name
        if any(ord(ch) < 32 for ch in name) or any(t in name for t in (NAME, CODE, HASH)):
            return False
        if any(len(header_text(name, sh.name).encode("utf-16-le")) // 2 > 255 for sh in layout.sheets):
            return False
        # Same number of distinct strings: no stamped text collides with another (shared strings stay aligned).
        return len(set(_strings(layout))) == len(set(_strings(proto)))

    def render(self, layout: WorkbookLayout) -> bytes:
        """The template bytes of a layout made by :meth:`layout` (byte-identical to ``render_workbook``)."""
        proto = self._stand_in(layout.unit.code)
        if not proto.sheets or not self._stampable(layout, proto):
            return render_workbook(layout, self.schema)
        # Row heights depend on text lengths only: the same for every unit whose name and code are as long.
        unit = layout.unit
        size = (self._shape(unit.code), len(unit.name), len(unit.code), "\n" in unit.name)
        heights = self._heights.get(size)
        if heights is None:
            heights = self._heights[size] = row_heights(layout)
        key = (self._shape(unit.code), heights)
        parts = self._parts.get(key)
        if parts is None:
            data = render_workbook(proto, self.schema, heights_from=layout)
            with zipfile.ZipFile(io.BytesIO(data)) as z:
                parts = [(info.filename, z.read(info)) for info in z.infolist()]
            self._parts[key] = parts
        plain = {NAME: escape(unit.name), CODE: unit.code, HASH: layout.layout_hash}
        in_header = {**plain, NAME: escape(unit.name.replace("&", "&&"))}
        buf = io.BytesIO()
        with zipfile.ZipFile(buf, "w", compression=zipfile.ZIP_DEFLATED, allowZip64=False) as out:
            for name, body in parts:
                table = in_header if name.startswith("xl/worksheets/") else plain
                text = body
                for token, value in table.items():
                    text = text.replace(token.encode(), value.encode("utf-8"))
                info = zipfile.ZipInfo(name, _ZIP_TIME)
                info.compress_type = zipfile.ZIP_DEFLATED
                out.writestr(info, text)
        return buf.getvalue()

