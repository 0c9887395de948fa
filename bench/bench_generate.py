"""`cchc generate-templates` at national scale: N communes (default 3,321) sharing one layout.

Run:  .venv/bin/python bench/bench_generate.py [N]
Builds a schema from the bundled one with N communes in the commune group, generates every template into a
temporary folder and prints the time, templates per second, and that two runs give byte-identical files.
"""

from __future__ import annotations

import hashlib
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from cchc_cli.generate import generate_templates  # noqa: E402
from cchc_cli.schema import load_schema  # noqa: E402
from cchc_cli.schema.model import Schema  # noqa: E402


def national(n: int) -> Schema:
    base = load_schema()
    data = base.model_dump(by_alias=True)
    communes = [f"{90000 + k:05d}" for k in range(n)]
    offices = [u for u in data["units"] if u["code"] not in base.commune_units]
    data["units"] = offices + [
        {"code": c, "name": f"Xã Thử Nghiệm {k + 1}", "short_name": f"Xã {k + 1}", "kind": "xa"}
        for k, c in enumerate(communes)
    ]
    for g in data["groups"]:
        if g["commune_level"]:
            g["members"] = communes
    return Schema.model_validate(data)


def digest(folder: Path) -> str:
    h = hashlib.sha256()
    for p in sorted(folder.iterdir()):
        h.update(p.name.encode())
        h.update(p.read_bytes())
    return h.hexdigest()


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 3321
    schema = national(n)
    with tempfile.TemporaryDirectory() as tmp:
        start = time.perf_counter()
        result = generate_templates(schema, Path(tmp) / "a")
        elapsed = time.perf_counter() - start
        count = len(result.written)
        print(f"generate-templates: {count} biểu mẫu trong {elapsed:.1f} s ({count / elapsed:.0f} biểu mẫu/giây)")
        if n <= 400:
            generate_templates(schema, Path(tmp) / "b")
            same = digest(Path(tmp) / "a") == digest(Path(tmp) / "b")
            print(f"hai lần tạo giống hệt từng byte: {'có' if same else 'KHÔNG'}")


if __name__ == "__main__":
    main()
