"""The reminder a specialist sends a unit (Zalo or e-mail): the one place for its wording.

Campaign words (annex, plan number and date, issuing body, collector, deadline) come from the schema; the
unit's state (not sent, sent with errors, unusable file, late) from ``cchc status`` (status.py).

The collecting office (``campaign.collector``, Phòng Nội vụ) fills in its own rows too, but it does not remind
itself: for it ``own_return_text`` says what it must fill in or fix instead (``is_collector``).
"""

from __future__ import annotations

import datetime as dt

from cchc_cli.schema.model import Schema

#: State keys, in the order a unit's problems are told (status.py sets them).
MISSING = "chua-nop"
UNUSABLE = "khong-dung-duoc"
ERRORS = "co-loi"
LATE = "nop-muon"

LATE_ADVICE = "đề nghị đơn vị lưu ý gửi đúng hạn ở các kỳ báo cáo sau"  # every message about a late return

STATE_LABELS = {
    MISSING: "chưa nộp",
    UNUSABLE: "tệp không dùng được",
    ERRORS: "có lỗi",
    LATE: "nộp muộn",
}


def _date(day: dt.date) -> str:
    return f"{day.day:02d}/{day.month}/{day.year}"


def subject(schema: Schema) -> str:
    """E-mail subject: ``Nhắc gửi báo cáo Phụ lục 2 – Kế hoạch số 283/KH-UBND``."""
    c = schema.campaign
    return f"Nhắc gửi báo cáo {c.annex} – Kế hoạch số {c.plan_number}"


def reminder_text(
    schema: Schema,
    unit_code: str,
    states: list[str],
    *,
    person: str = "",
    file: str | None = None,
    submitted: dt.datetime | None = None,
    errors: int = 0,
    today: dt.date,
) -> str:
    """A ready-to-send Vietnamese message to one unit, or "" when ``states`` needs none.

    ``states``: keys above (MISSING, UNUSABLE, ERRORS, LATE); ``person``: who filled in the return (from its
    guide sheet) or the registry's contact; ``file``/``submitted``/``errors``: the return received, if any;
    ``today``: the day the message is written (Vietnam time), to say whether the deadline has passed.
    """
    if not states:
        return ""
    c = schema.campaign
    unit = schema.unit_by_code[unit_code]
    collector = schema.unit_by_code[c.collector].name
    to = f"Kính gửi đồng chí {person} – {unit.name}." if person else f"Kính gửi {unit.name}."
    report = (
        f"báo cáo {c.annex} ({c.annex_title}) theo Kế hoạch số {c.plan_number} ngày {_date(c.plan_date)} "
        f"của {c.issuing_body}"
    )
    overdue = today >= c.deadline
    lines = [to]
    if MISSING in states:
        when = f"Hạn gửi {c.deadline_text} đã qua" if overdue else f"Hạn gửi {c.deadline_text}"
        lines.append(
            f"{collector} chưa nhận được {report}. {when}; đề nghị đơn vị điền biểu mẫu đã gửi và gửi lại "
            f"{collector} {'sớm nhất có thể' if overdue else c.deadline_text}."
        )
    elif UNUSABLE in states or ERRORS in states:
        got = f"tệp «{file}»" if file else "tệp báo cáo"
        if submitted is not None:
            got += f" gửi lúc {submitted:%H:%M} ngày {_date(submitted.date())}"
        if UNUSABLE in states:
            problem = "không đọc được hoặc không đúng biểu mẫu của đợt này, nên chưa tổng hợp được"
            fix = "gửi lại đúng tệp biểu mẫu đã phát (định dạng .xlsx), không sao chép số liệu sang tệp khác"
        else:
            problem = f"còn {errors} lỗi cần sửa, nên chưa tổng hợp được"
            fix = (
                "xem bản có đánh dấu các ô cần sửa gửi kèm (ô tô màu, mỗi ô có ghi chú cách sửa), sửa ngay trên "
                "bản đó hoặc trên tệp của đơn vị, rồi gửi lại"
            )
        lines.append(f"{collector} đã nhận {report} ({got}); tệp {problem}.")
        deadline = "sớm nhất có thể" if overdue else c.deadline_text
        lines.append(f"Đề nghị đơn vị {fix} {deadline}.")
    elif LATE in states:
        when = f"Ngày {_date(submitted.date())}, " if submitted is not None else ""
        lines.append(
            f"{when}{collector} đã nhận {report}, sau hạn (hạn gửi {c.deadline_text}). Số liệu đã được tổng hợp; "
            f"{LATE_ADVICE}."
        )
    lines.append("Trân trọng cảm ơn.")
    lines.append(collector)
    return "\n".join(lines)


def is_collector(schema: Schema, unit_code: str | None) -> bool:
    """Whether ``unit_code`` is the office that collects the returns (``campaign.collector``)."""
    return unit_code is not None and unit_code == schema.campaign.collector


def own_return_text(
    schema: Schema, unit_code: str, states: list[str], *, file: str | None = None, errors: int = 0
) -> str:
    """For the collecting office's own return, in place of a reminder: what it must fill in (its template's
    file name, its input rows per sheet) or fix; "" when nothing is left to do (sent and usable, even late).

    ``states``: keys above, as for ``reminder_text``; ``file``/``errors``: its return, if any.
    """
    from cchc_cli.workbook.layout import build_layout

    if not (MISSING in states or UNUSABLE in states or ERRORS in states):
        return ""
    c = schema.campaign
    office = schema.unit_by_code[unit_code].name
    lead = f"{office} là nơi nhận báo cáo nên không cần lời nhắc, nhưng cũng tự điền phần số liệu của mình."
    if ERRORS in states:
        got = f"«{file}» của {office}" if file else f"của {office}"
        return (
            f"{lead} Tệp {got} còn {errors} lỗi: sửa các ô ghi trong kết quả kiểm tra (hoặc trên bản đánh dấu), "
            "lưu lại rồi nhận lại tệp đã sửa như báo cáo của các đơn vị khác."
        )
    layout = build_layout(schema, unit_code)
    rows: dict[str, set[str]] = {}
    for sheet, cell in layout.cells("input"):
        if cell.indicator:
            rows.setdefault(sheet.name, set()).add(cell.indicator)
    if not rows:
        return ""
    what = ", ".join(f"trang «{sheet}» ({len(ids)} chỉ tiêu)" for sheet, ids in rows.items())
    if UNUSABLE in states:
        got = f"Tệp «{file}» không dùng được (không đọc được hoặc không đúng biểu mẫu của đợt này). " if file else ""
        return (
            f"{lead} {got}Điền lại đúng biểu mẫu {layout.file_name} — {what} — rồi nhận tệp đó như báo cáo của "
            "các đơn vị khác."
        )
    return (
        f"{lead} Chưa có báo cáo {c.annex} của {office}: điền biểu mẫu {layout.file_name} (thư mục biểu mẫu) — "
        f"{what} — rồi nhận tệp đã điền như báo cáo của các đơn vị khác, {c.deadline_text}."
    )
