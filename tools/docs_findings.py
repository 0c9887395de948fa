"""Write docs/ma-phat-hien.md from the findings catalogue and the bundled schema's rule codes.

    .venv/bin/python tools/docs_findings.py          # rewrite the generated part of the page
    .venv/bin/python tools/docs_findings.py --check  # exit 1 when the page is out of date

Only the part between the two markers is generated; the text above and below it is written by hand.
tests/test_docs.py fails when a code of the catalogue or of a bundled schema is missing from the page.
"""

from __future__ import annotations

import argparse
import re
import string
import sys
from pathlib import Path

from cchc_cli.schema import load_schema
from cchc_cli.schema.model import Rule
from cchc_cli.validation.findings import CATALOGUE

ROOT = Path(__file__).resolve().parent.parent
PAGE = ROOT / "docs" / "ma-phat-hien.md"
BEGIN = "<!-- BEGIN: sinh tự động bởi tools/docs_findings.py -->"
END = "<!-- END: sinh tự động -->"
SEVERITY = {"error": "lỗi", "warning": "cảnh báo", "info": "thông tin"}
GROUPS = [
    ("Mức 1 – Đọc được tệp", ("tep-rong", "khong-doc-duoc", "tep-ma-hoa", "tep-qua-lon")),
    (
        "Mức 2 – Đúng biểu mẫu, nộp trùng",
        ("sai-mau", "nhan-dien-theo-bo-cuc", "sai-phien-ban", "bo-cuc-khac", "nop-trung", "khac-ban-truoc"),
    ),
    (
        "Mức 3 – Cấu trúc biểu mẫu",
        ("thieu-trang", "doi-ten-trang", "sua-nhan", "chen-dong", "xoa-dong", "doi-cho-dong"),
    ),
]


def _blank_fields(template: str) -> str:
    """A message template with its {fields} shown as «…»."""
    names = [f for _, f, _, _ in string.Formatter().parse(template) if f]
    return template.format(**dict.fromkeys(names, "…"))


def count(rules: list[Rule]) -> str:
    return f" ({len(rules)} quy tắc dùng mã này)" if len(rules) > 1 else ""


def generated() -> str:
    files = sorted(p for p in (ROOT / "schemas").glob("*.yaml") if not p.name.endswith(".outline.yaml"))
    schemas = [load_schema(None)] + [load_schema(p) for p in files]
    grouped = {code for _, codes in GROUPS for code in codes}
    groups = [*GROUPS, ("Mức 4 – Giá trị từng ô", tuple(c for c in CATALOGUE if c not in grouped))]
    out = [BEGIN, ""]
    for title, codes in groups:
        out += [f"### {title}", "", "| Mã | Mức độ | Nghĩa là | Nói với đơn vị |", "|---|---|---|---|"]
        for code in codes:
            if code not in CATALOGUE:
                continue
            e = CATALOGUE[code]
            meaning = f"**{e.title}.** {_blank_fields(e.message)}"
            out.append(f"| `{code}` | {SEVERITY[e.severity]} | {meaning} | {_blank_fields(e.hint)} |")
        out.append("")
    out += [
        "### Mức 5 – Quy tắc của các lược đồ kèm theo",
        "",
        "Mỗi lược đồ có quy tắc riêng; lược đồ của đợt báo cáo khác có thể có mã khác (lời giải thích và cách sửa",
        "nằm ngay trong lược đồ).",
        "",
        "| Mã | Mức độ | Quy tắc | Nói với đơn vị |",
        "|---|---|---|---|",
    ]
    seen: set[str] = set()
    for schema in schemas:
        for rule in schema.rules:
            if rule.code in seen:
                continue
            seen.add(rule.code)
            rules = [r for r in schema.rules if r.code == rule.code]
            example = _blank_fields(rule.message)
            out.append(
                f"| `{rule.code}` | {SEVERITY[rule.severity]} | {example}{count(rules)} | {_blank_fields(rule.hint)} |"
            )
    out += ["", END]
    return "\n".join(out)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--check", action="store_true")
    args = parser.parse_args()
    text = PAGE.read_text(encoding="utf-8")
    pattern = re.compile(re.escape(BEGIN) + ".*?" + re.escape(END), re.S)
    new = pattern.sub(lambda _: generated(), text)
    if args.check:
        return 0 if new == text else 1
    PAGE.write_text(new, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
