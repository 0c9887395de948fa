"""`schema check` catches what people editing a copy of the schema get wrong (issue 10 §4).

Each case edits the bundled schema's text the way an editor would and names the line the message must point at
and words the message must contain.
"""

from __future__ import annotations

import pytest
import yaml

from cchc_cli.errors import SchemaError
from cchc_cli.schema import load_schema_text
from cchc_cli.schema.loader import default_schema_text
from cchc_cli.schema.yamlio import load_yaml

_, TEXT = default_schema_text()
PATH = "sua.yaml"


def _line_of(fragment: str) -> int:
    """1-based line of the first line of the bundled schema containing ``fragment``."""
    return next(n for n, line in enumerate(TEXT.splitlines(), start=1) if fragment in line)


def _edit(old: str, new: str, count: int = 1) -> str:
    assert TEXT.count(old) >= count, old
    return TEXT.replace(old, new, count)


# (case, edited text, line the message points at, words it must contain)
CASES = [
    (
        "nhãn kỳ trùng",
        _edit("label: Năm 2016,", "label: Năm 2015,"),
        _line_of("id: y2016"),
        "hai kỳ cùng nhãn «Năm 2015»",
    ),
    (
        "hai kỳ cùng ngày",
        _edit("start: 2016-01-01, end: 2016-12-31", "start: 2015-01-01, end: 2015-12-31"),
        _line_of("id: y2016"),
        "trùng ngày bắt đầu và kết thúc với kỳ y2015",
    ),
    (
        "hai dòng cùng cấp cùng nội dung",
        _edit('text: "Văn bản của UBND huyện, Chủ tịch UBND huyện"', "text: Văn bản của Huyện ủy"),
        _line_of("id: s1_vbcd_ubnd"),
        "cùng nội dung «Văn bản của Huyện ủy»",
    ),
    (
        "khoảng giá trị min lớn hơn max",
        _edit("    min: 0\n    max: 100", "    min: 100\n    max: 0"),
        _line_of("    min: 0"),
        "min (100) lớn hơn max (0)",
    ),
    (
        "hai phần cùng số",
        _edit('number: "2"', 'number: "1"'),
        _line_of("  - id: s2"),
        "hai phần cùng số «1»",
    ),
    (
        "hạn gửi trước ngày ban hành kế hoạch",
        _edit("deadline: 2020-06-01", "deadline: 2020-04-01"),
        _line_of("  deadline: 2020-06-01"),
        "hạn gửi báo cáo 01/04/2020 trước ngày ban hành kế hoạch 29/04/2020",
    ),
    (
        "nhóm đơn vị rỗng",
        _edit("members: [NV, TP, TCKH, VHTT, VP, KTHT]", "members: []"),
        _line_of("members: [NV, TP, TCKH, VHTT, VP, KTHT]"),
        "nhóm «co_quan_chuyen_mon» không có đơn vị nào",
    ),
    (
        "danh sách đơn vị báo cáo rỗng",
        _edit("reporters: [TTVHTTTT], aggregate: single}", "reporters: [], aggregate: single}"),
        _line_of("id: s1_ban_tin"),
        "danh sách đơn vị báo cáo rỗng",
    ),
    (
        "khóa viết hai lần",
        _edit("  plan_number: 283/KH-UBND\n", "  plan_number: 283/KH-UBND\n  plan_number: 87/KH-UBND\n"),
        _line_of("plan_number: 283/KH-UBND") + 1,
        "khóa «plan_number» được viết hai lần",
    ),
    (
        "thụt lề bằng Tab",
        _edit("  plan_number: 283/KH-UBND", "\tplan_number: 283/KH-UBND"),
        _line_of("plan_number: 283/KH-UBND"),
        "dùng dấu cách, không dùng phím Tab",
    ),
    (
        "dấu hai chấm trong câu không có ngoặc kép",
        _edit("  place: Khánh Sơn", "  place: Khánh Sơn: huyện miền núi"),
        _line_of("  place: Khánh Sơn"),
        "câu có dấu hai chấm phải đặt trong ngoặc kép",
    ),
    (
        "thụt lề lệch một dấu cách",
        _edit("  place: Khánh Sơn", "   place: Khánh Sơn"),
        _line_of("  place: Khánh Sơn"),
        "thụt lề không thẳng hàng",
    ),
    (
        "ngoặc kép không đóng",
        _edit('version: "1.0.0"', 'version: "1.0.0'),
        _line_of('version: "1.0.0"'),
        "thiếu dấu ngoặc kép đóng",
    ),
    (
        "dấu phẩy trong câu giữa ngoặc nhọn",
        _edit("text: Số lượng bản tin chuyên đề CCHC,", "text: Số lượng bản tin, tài liệu chuyên đề CCHC,"),
        _line_of("id: s1_ban_tin"),
        "câu có dấu phẩy trong ngoặc {…} phải đặt trong ngoặc kép",
    ),
    (
        "ngoặc nhọn có dấu hai chấm trong câu",
        _edit("text: Văn bản của Huyện ủy,", "text: Văn bản của Huyện ủy: chỉ đạo,"),
        _line_of("id: s1_vbcd_huyen_uy"),
        "chưa đặt trong ngoặc kép",
    ),
    (
        "ngày không có thật",
        _edit("deadline: 2020-06-01", "deadline: 2020-13-01"),
        _line_of("deadline: 2020-06-01"),
        "ngày «2020-13-01» không có thật",
    ),
]


@pytest.mark.parametrize(("case", "text", "line", "words"), CASES, ids=[c[0] for c in CASES])
def test_editor_mistake_is_refused_at_its_line(case, text, line, words):
    with pytest.raises(SchemaError) as info:
        load_schema_text(text, PATH)
    hits = [p for p in info.value.problems if words in p]
    assert hits, f"{case}: {info.value.problems}"
    assert hits[0].startswith(f"{PATH}:{line}:"), hits[0]
    assert "found" not in hits[0] and "mapping" not in hits[0]  # no PyYAML English left


@pytest.mark.parametrize("code", ["00010", "01234", "00001"])
def test_codes_with_a_leading_zero_stay_as_typed(code):
    """Unquoted 00010 is octal 8 in YAML 1.1; a commune code keeps its digits whether quoted or not."""
    text = TEXT.replace('"22714"', code)
    schema = load_schema_text(text, PATH)
    assert code in schema.unit_by_code
    assert code in schema.group_by_id["cap_xa"].members
    assert schema.unit_by_code[code].name == "Thị trấn Tô Hạp"


def test_numbers_without_a_leading_zero_are_still_numbers():
    assert load_yaml("a: 0\nb: 12\nc: 0.5\nd: 010\ne: -07\n") == {"a": 0, "b": 12, "c": 0.5, "d": "010", "e": "-07"}


def test_bundled_schema_has_none_of_these_mistakes():
    load_schema_text(TEXT, PATH)


def test_yaml_mistake_through_the_cli(tmp_path):
    from typer.testing import CliRunner

    from cchc_cli.cli import app

    bad = tmp_path / "luoc-do.yaml"
    bad.write_text(_edit("  plan_number: 283/KH-UBND", "\tplan_number: 283/KH-UBND"), encoding="utf-8")
    result = CliRunner().invoke(app, ["schema", "check", str(bad)])
    assert result.exit_code == 2
    line = _line_of("plan_number: 283/KH-UBND")
    assert f"{bad}:{line}: YAML sai cú pháp: có ký tự Tab: dùng dấu cách, không dùng phím Tab" in result.stderr


def test_yaml_error_text_is_vietnamese_for_any_parse_failure():
    for text in ("a: [1, 2\n", "a: *x\n", "- a\nb: 1\n", "a: 'x\n"):
        with pytest.raises(SchemaError) as info:
            load_schema_text(text, PATH)
        message = str(info.value)
        assert "YAML sai cú pháp" in message
        assert not any(w in message for w in ("expected", "found", "while")), message


def test_yaml_module_unchanged():
    """The custom resolver is ours alone: PyYAML's own safe loader still reads 010 as octal 8."""
    assert yaml.safe_load("a: 010") == {"a": 8}


def test_unknown_period_kind_lists_the_kinds_in_vietnamese():
    with pytest.raises(SchemaError) as info:
        load_schema_text(_edit("kind: year, start: 2016", "kind: quy, start: 2016"), PATH)
    (problem,) = info.value.problems
    assert problem.startswith(f"{PATH}:{_line_of('id: y2016')}: khóa periods[1].kind: giá trị không hợp lệ")
    assert "«quy» (chấp nhận: year, half_year, quarter, month, stage hoặc assessment)" in problem
