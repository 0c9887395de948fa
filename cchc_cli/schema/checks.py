"""Consistency checks of a parsed schema: every reference resolves, nothing is defined twice.

Each problem is (key path, Vietnamese message); the loader turns the key path into a file line.
"""

from __future__ import annotations

import string
from collections import Counter
from collections.abc import Iterable
from typing import TYPE_CHECKING

from cchc_cli.schema.model import NUMERIC_KINDS, Aggregate, ValueKind
from cchc_cli.textutil import label_key
from cchc_cli.validation.findings import CATALOGUE

if TYPE_CHECKING:
    from cchc_cli.schema.model import Indicator, Rule, Schema

Problem = tuple[tuple[str | int, ...], str]

RULE_PLACEHOLDERS = {
    "compare": {"left", "right", "left_terms", "right_terms", "period", "unit"},
    "range": {"value", "min", "max", "indicator", "period", "unit"},
    "change": {"value", "previous", "ratio", "change", "indicator", "period", "previous_period", "unit"},
}


def _duplicates(key: str, values: Iterable[str], what: str) -> list[Problem]:
    seen: set[str] = set()
    out: list[Problem] = []
    for i, v in enumerate(values):
        if v in seen:
            out.append(((key, i), f"{what} «{v}» bị khai báo trùng"))
        seen.add(v)
    return out


def _placeholders(template: str) -> set[str]:
    try:
        return {name for _, name, _, _ in string.Formatter().parse(template) if name}
    except ValueError:
        return {"{"}


def check_consistency(s: Schema) -> list[Problem]:
    from cchc_cli.shapes import SHAPES, shape_of  # here: the shape modules import the schema package

    p: list[Problem] = []
    p += _duplicates("periods", (x.id for x in s.periods), "Mã kỳ báo cáo")
    p += _duplicates("units", (x.code for x in s.units), "Mã đơn vị")
    p += _duplicates("groups", (x.id for x in s.groups), "Mã nhóm")
    p += _duplicates("sections", (x.id for x in s.sections), "Mã phần")
    p += _duplicates("sections", (x.sheet.casefold() for x in s.sections), "Tên trang tính")
    p += _duplicates("indicators", (x.id for x in s.indicators), "Mã chỉ tiêu")
    p += _duplicates("rules", (x.id for x in s.rules), "Mã quy tắc")
    p += _editor_mistakes(s)

    units = {u.code for u in s.units}
    groups = {g.id for g in s.groups}
    periods = {x.id for x in s.periods}
    sections = {x.id: x for x in s.sections}
    indicators = {x.id: x for x in s.indicators}

    if s.campaign.collector not in units:
        p.append((("campaign", "collector"), f"đơn vị nhận báo cáo «{s.campaign.collector}» không có trong units"))
    for gi, g in enumerate(s.groups):
        if g.id in units:
            p.append((("groups", gi, "id"), f"mã nhóm «{g.id}» trùng với mã một đơn vị"))
        for mi, m in enumerate(g.members):
            if m not in units:
                p.append((("groups", gi, "members", mi), f"đơn vị «{m}» không có trong units"))

    for pi, per in enumerate(s.periods):
        if per.end < per.start:
            p.append((("periods", pi, "end"), f"kỳ «{per.id}» kết thúc trước khi bắt đầu"))
    used_periods = {pid for sec in s.sections for pid in sec.periods}
    for pi, per in enumerate(s.periods):
        if per.id not in used_periods:
            p.append((("periods", pi, "id"), f"kỳ «{per.id}» không được phần nào sử dụng"))

    for si, sec in enumerate(s.sections):
        for k, pid in enumerate(sec.periods):
            if pid not in periods:
                p.append((("sections", si, "periods", k), f"kỳ «{pid}» không có trong periods"))
        p += shape_of(sec).problems(s, sec, ("sections", si))
        if not any(i.section == sec.id for i in s.indicators):
            p.append((("sections", si, "id"), f"phần «{sec.id}» không có chỉ tiêu nào"))

    for ii, ind in enumerate(s.indicators):
        at = ("indicators", ii)
        home = sections.get(ind.section)
        if home is None:
            p.append(((*at, "section"), f"phần «{ind.section}» không có trong sections"))
        else:
            shape = shape_of(home)
            if not shape.tables and ind.table is not None:
                with_tables = " hoặc ".join(x.name for x in SHAPES if x.tables)
                p.append(((*at, "table"), f"chỉ phần dạng {with_tables} mới chia bảng"))
            p += shape.indicator_problems(home, ind, at)
        if ind.parent is not None:
            parent = indicators.get(ind.parent)
            if parent is None:
                p.append(((*at, "parent"), f"dòng cha «{ind.parent}» không có trong indicators"))
            elif parent.section != ind.section:
                p.append(((*at, "parent"), f"dòng cha «{ind.parent}» thuộc phần khác"))
        for ri, r in enumerate(ind.reporters or []):
            if r not in units and r not in groups:
                p.append(((*at, "reporters", ri), f"đơn vị hoặc nhóm «{r}» không có trong units/groups"))
        p += _check_aggregate(s, ind, at)
        p += _check_plausible(ind, at)

    p += _check_cycles(s)
    from cchc_cli.targets import target_problems  # here: cchc_cli.targets imports the schema package

    p += target_problems(s)

    for ri, rule in enumerate(s.rules):
        p += _check_rule(s, rule, ("rules", ri))
    p += _rule_codes(s)

    return p


def _check_plausible(ind: Indicator, at: tuple[str | int, ...]) -> list[Problem]:
    """``plausible:`` only on money and count rows, with min ≤ max."""
    bounds = ind.plausible
    if bounds is None:
        return []
    if ind.kind not in (ValueKind.COUNT, ValueKind.MONEY):
        return [((*at, "plausible"), "mức hợp lý (plausible) chỉ dùng cho chỉ tiêu kiểu count hoặc money")]
    if bounds.min is not None and bounds.max is not None and bounds.min > bounds.max:
        return [((*at, "plausible", "min"), "mức hợp lý: min lớn hơn max")]
    return []


def _same_twice(at: str, items: Iterable[tuple[int, object, str]], message: str) -> list[Problem]:
    """A problem at every item whose key was already seen: ``items`` are (index, key, shown text)."""
    first: dict[object, str] = {}
    out: list[Problem] = []
    for i, key, shown in items:
        if key in first:
            out.append(((at, i), message.format(shown=shown, first=first[key])))
        else:
            first[key] = shown
    return out


def _editor_mistakes(s: Schema) -> list[Problem]:
    """What people editing a copy of a schema get wrong and YAML lets through (issue 10 §4)."""
    p: list[Problem] = []
    c = s.campaign
    if c.deadline < c.plan_date:
        p.append(
            (
                ("campaign", "deadline"),
                f"hạn gửi báo cáo {c.deadline:%d/%m/%Y} trước ngày ban hành kế hoạch {c.plan_date:%d/%m/%Y}",
            )
        )
    if c.report_deadline is not None and c.report_deadline < c.deadline:
        p.append(
            (
                ("campaign", "report_deadline"),
                f"hạn nộp báo cáo tổng hợp {c.report_deadline:%d/%m/%Y} trước hạn các đơn vị gửi {c.deadline:%d/%m/%Y}",
            )
        )
    p += _same_twice(
        "periods",
        ((i, label_key(x.label), x.label) for i, x in enumerate(s.periods)),
        "hai kỳ cùng nhãn «{shown}»: biểu mẫu sẽ có hai cột giống hệt nhau",
    )
    p += _same_twice(
        "periods",
        ((i, (x.start, x.end), f"{x.id} ({x.start:%d/%m/%Y}–{x.end:%d/%m/%Y})") for i, x in enumerate(s.periods)),
        "kỳ {shown} trùng ngày bắt đầu và kết thúc với kỳ {first}",
    )
    p += _same_twice(
        "sections",
        ((i, label_key(x.number), x.number) for i, x in enumerate(s.sections)),
        "hai phần cùng số «{shown}»",
    )
    p += _same_twice(
        "indicators",
        ((i, (x.section, x.table, x.parent, label_key(x.text)), x.text) for i, x in enumerate(s.indicators)),
        "hai dòng cùng cấp trong một phần có cùng nội dung «{shown}» (người điền không phân biệt được)",
    )
    levels = [g for g in s.groups if g.commune_level]
    for gi, g in enumerate(s.groups):
        if g.commune_level and g is not levels[0]:
            p.append((("groups", gi, "commune_level"), f"chỉ một nhóm là cấp xã (đã có nhóm «{levels[0].id}»)"))
        if not g.members:
            p.append((("groups", gi, "members"), f"nhóm «{g.id}» không có đơn vị nào (members rỗng)"))
    for ii, ind in enumerate(s.indicators):
        if ind.reporters is not None and not ind.reporters:
            p.append((("indicators", ii, "reporters"), f"chỉ tiêu «{ind.id}»: danh sách đơn vị báo cáo rỗng"))
    for ri, rule in enumerate(s.rules):
        if rule.min is not None and rule.max is not None and rule.min > rule.max:
            p.append(
                (
                    ("rules", ri, "min"),
                    f"quy tắc «{rule.id}»: min ({rule.min:g}) lớn hơn max ({rule.max:g}), không giá trị nào thỏa được",
                )
            )
    return p


def _rule_codes(s: Schema) -> list[Problem]:
    """Each rule's code is its own: not a built-in finding code, not another rule's (one code, one meaning and
    one severity; see cchc_cli.validation.findings)."""
    out: list[Problem] = []
    first: dict[str, str] = {}
    for ri, rule in enumerate(s.rules):
        at = ("rules", ri, "code")
        if rule.code in CATALOGUE:
            title = CATALOGUE[rule.code].title
            out.append(
                (at, f"quy tắc «{rule.id}» dùng mã «{rule.code}» trùng mã có sẵn của cchc ({title}); đặt mã khác")
            )
        elif rule.code in first:
            out.append(
                (
                    at,
                    f"quy tắc «{rule.id}» dùng mã «{rule.code}» đã dùng cho quy tắc «{first[rule.code]}»; "
                    "mỗi quy tắc một mã riêng",
                )
            )
        first.setdefault(rule.code, rule.id)
    return out


def _check_cycles(s: Schema) -> list[Problem]:
    out: list[Problem] = []
    by_id = {i.id: i for i in s.indicators}
    for ii, ind in enumerate(s.indicators):
        seen = [ind.id]
        cur = by_id.get(ind.parent) if ind.parent else None
        while cur is not None:
            if cur.id in seen:
                chain = " → ".join([*seen, cur.id])
                out.append((("indicators", ii, "parent"), f"quan hệ cha–con tạo vòng lặp: {chain}"))
                break
            seen.append(cur.id)
            cur = by_id.get(cur.parent) if cur.parent else None
    return out


def _check_aggregate(s: Schema, ind: Indicator, at: tuple[str | int, ...]) -> list[Problem]:
    out: list[Problem] = []
    if ind.kind is ValueKind.HEADING:
        if ind.aggregate is not Aggregate.NONE or ind.derive is not None:
            out.append(((*at, "aggregate"), "dòng tiêu đề (heading) không có giá trị để tổng hợp"))
        return out
    if ind.aggregate is Aggregate.NONE:
        out.append(((*at, "aggregate"), "chỉ tiêu có giá trị phải khai báo cách tổng hợp (aggregate)"))
        return out
    declared = s.declared_reporters(ind)
    reporters = s.expand_reporters([r for r in declared if r in s.unit_by_code or r in s.group_by_id])
    if ind.aggregate is Aggregate.CHILDREN_SUM:
        if not s.children(ind.id):
            out.append(((*at, "aggregate"), "children_sum cần ít nhất một dòng con"))
        return out
    if ind.derive is not None:
        if ind.aggregate is not Aggregate.RATIO:
            out.append(((*at, "aggregate"), "chỉ tiêu tính tỷ lệ (derive.ratio) phải tổng hợp kiểu ratio"))
        if ind.kind is not ValueKind.PERCENT:
            out.append(((*at, "kind"), "chỉ tiêu tính tỷ lệ phải có kiểu percent"))
        for part in ("numerator", "denominator"):
            ref = getattr(ind.derive.ratio, part)
            target = s.indicator_by_id.get(ref)
            if target is None:
                out.append(((*at, "derive", "ratio", part), f"chỉ tiêu «{ref}» không có trong indicators"))
            elif target.kind is not ValueKind.COUNT or target.section != ind.section:
                out.append(((*at, "derive", "ratio", part), f"«{ref}» phải là số đếm (count) cùng phần"))
            elif s.expand_reporters(s.declared_reporters(target)) != reporters:
                out.append(((*at, "derive", "ratio", part), f"«{ref}» phải do cùng các đơn vị báo cáo"))
        return out
    if ind.aggregate is Aggregate.RATIO:
        out.append(((*at, "derive"), "tổng hợp kiểu ratio cần khai báo derive.ratio"))
    if not declared:
        out.append(
            (
                (*at, "reporters"),
                "chỉ tiêu nhập liệu phải có đơn vị báo cáo (reporters) ở dòng này hoặc dòng cha",
            )
        )
        return out
    agg = ind.aggregate
    if agg in (Aggregate.SINGLE, Aggregate.GRADE) and len(reporters) > 1:
        out.append(((*at, "aggregate"), f"«{agg.value}» chỉ dùng khi một đơn vị báo cáo (đang có {len(reporters)})"))
    if agg is Aggregate.GRADE and ind.kind is not ValueKind.GRADE:
        out.append(((*at, "aggregate"), "tổng hợp kiểu grade chỉ dùng cho chỉ tiêu Đạt/Không đạt"))
    if agg is Aggregate.ANY and ind.kind is not ValueKind.FLAG:
        out.append(((*at, "aggregate"), "tổng hợp kiểu any chỉ dùng cho chỉ tiêu x/0"))
    if agg in (Aggregate.SUM, Aggregate.SAME, Aggregate.LEVELS) and ind.kind not in NUMERIC_KINDS:
        out.append(((*at, "aggregate"), f"tổng hợp kiểu {agg.value} chỉ dùng cho chỉ tiêu dạng số"))
    if agg is Aggregate.SUM and ind.kind is ValueKind.PERCENT:
        out.append(((*at, "aggregate"), "không cộng các tỷ lệ phần trăm; hãy dùng ratio từ hai số đếm"))
    if agg is Aggregate.LEVELS and not s.commune_units:
        out.append(
            (
                (*at, "aggregate"),
                "levels cần một nhóm cấp xã được khai báo: thêm «commune_level: true» vào nhóm các xã trong groups",
            )
        )
    elif agg is Aggregate.LEVELS and not s.commune_units & set(reporters):
        out.append(((*at, "aggregate"), "levels cần có đơn vị cấp xã (nhóm commune_level) trong các đơn vị báo cáo"))
    return out


def _check_rule(s: Schema, rule: Rule, at: tuple[str | int, ...]) -> list[Problem]:
    out: list[Problem] = []
    indicators = s.indicator_by_id
    for key in ("left", "right", "indicators"):
        for k, ref in enumerate(getattr(rule, key)):
            if isinstance(ref, str) and ref not in indicators:
                out.append(((*at, key, k), f"quy tắc «{rule.id}» dùng chỉ tiêu «{ref}» không có trong indicators"))
            elif isinstance(ref, str) and indicators[ref].kind not in NUMERIC_KINDS:
                out.append(((*at, key, k), f"quy tắc so sánh số chỉ dùng chỉ tiêu dạng số («{ref}» không phải)"))
    if rule.kind == "compare":
        if not rule.left or not rule.right or rule.op is None:
            out.append((at, "quy tắc so sánh cần left, op và right"))
        if rule.indicators:
            out.append(((*at, "indicators"), "quy tắc so sánh dùng left/right, không dùng indicators"))
    else:
        if not rule.indicators:
            out.append(((*at, "indicators"), f"quy tắc {rule.kind} cần danh sách indicators"))
        if rule.left or rule.right or rule.op:
            out.append((at, f"quy tắc {rule.kind} không dùng left/op/right"))
    if rule.kind == "range" and rule.min is None and rule.max is None:
        out.append((at, "quy tắc khoảng giá trị cần min hoặc max"))
    if rule.kind == "change" and (rule.max_ratio is None or rule.max_ratio <= 1):
        out.append(((*at, "max_ratio"), "quy tắc biến động cần max_ratio lớn hơn 1"))
    refs = [r for r in rule.indicator_ids if r in indicators]
    if rule.scope == "unit" and refs:
        common = set(s.expand_reporters(s.declared_reporters(indicators[refs[0]])))
        for r in refs[1:]:
            common &= set(s.expand_reporters(s.declared_reporters(indicators[r])))
        if not common and rule.kind == "compare":
            out.append(
                (
                    (*at, "scope"),
                    "các chỉ tiêu của quy tắc không cùng một đơn vị báo cáo; dùng scope: district",
                )
            )
    if rule.scope == "unit":
        for r in refs:
            if not indicators[r].is_input:
                out.append((at, f"«{r}» không do đơn vị nhập; quy tắc cấp đơn vị chỉ dùng chỉ tiêu nhập liệu"))
    sections = {indicators[r].section for r in refs}
    period_sets = {tuple(s.section_by_id[x].periods) for x in sections if x in s.section_by_id}
    if len(period_sets) > 1:
        out.append((at, "các chỉ tiêu của quy tắc thuộc các phần có kỳ báo cáo khác nhau"))
    unknown = _placeholders(rule.message) - RULE_PLACEHOLDERS[rule.kind]
    if unknown:
        out.append(((*at, "message"), f"mẫu thông báo dùng biến không có: {', '.join(sorted(unknown))}"))
    return out


def rows_per_unit(s: Schema) -> Counter[str]:
    """How many input indicators each unit reports (for the schema summary)."""
    counts: Counter[str] = Counter({u.code: 0 for u in s.units})
    for units in s.reporting_units.values():
        counts.update(units)
    return counts
