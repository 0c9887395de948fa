"""`cchc status`: who has sent a usable return, who is late, who must be reminded, and how to reach them.

Built from the master's submission status (merge/engine.py) and the validation report (for the contact each
unit wrote on its guide sheet). The library returns data; the command line prints it or its JSON.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass, field
from typing import Any

from cchc_cli.merge.model import MasterData, UnitStatus
from cchc_cli.reminders import (
    ERRORS,
    LATE,
    MISSING,
    STATE_LABELS,
    UNUSABLE,
    is_collector,
    own_return_text,
    reminder_text,
    subject,
)
from cchc_cli.schema.model import Schema
from cchc_cli.validation.report import (
    STATUS_ERRORS,
    STATUS_OK,
    STATUS_UNUSABLE,
    STATUS_WARNINGS,
    FileResult,
    ValidationReport,
)

VN_TIME = dt.timezone(dt.timedelta(hours=7))

SOURCE_RETURN = "biểu mẫu đơn vị gửi"
SOURCE_REGISTRY = "danh sách đơn vị trong lược đồ"

#: What each state a unit is shown in means (the page's legend), in the words the page, the validation report
#: (validation/report.py) and the reminders (reminders.STATE_LABELS) use; in the order the overview counts them.
STATE_MEANINGS: tuple[tuple[str, str], ...] = (
    (STATE_LABELS[MISSING], "chưa nhận được tệp nào của đơn vị."),
    (STATUS_OK, "đã nộp, không có lỗi; số liệu được đưa vào tổng hợp."),
    (
        STATUS_WARNINGS,
        "đã nộp, số liệu vẫn được tổng hợp, nhưng có điểm nên hỏi lại đơn vị (số liệu khác thường, thiếu ghi chú…).",
    ),
    (
        STATUS_ERRORS,
        "đã nộp nhưng còn lỗi phải sửa; chưa được tổng hợp. Gửi bản đánh dấu để đơn vị sửa rồi gửi lại.",
    ),
    (
        STATUS_UNUSABLE,
        "tệp không đọc được hoặc không phải biểu mẫu của đợt này; chưa được tổng hợp. Đề nghị đơn vị gửi lại "
        "đúng tệp biểu mẫu đã phát.",
    ),
    (STATE_LABELS[LATE], "nộp sau hạn; số liệu vẫn được tổng hợp nếu không có lỗi."),
)

# Keys of the guide sheet's contact block (workbook/layout.py CONTACT_FIELDS).
_PERSON, _ROLE, _PHONE, _EMAIL = "nguoi_lap", "chuc_vu", "dien_thoai", "email"


@dataclass
class Contact:
    """How to reach a unit: from the return's guide sheet, else the schema's unit registry (``source``)."""

    person: str = ""
    role: str = ""
    phone: str = ""
    email: str = ""
    source: str = ""  # SOURCE_RETURN, SOURCE_REGISTRY, or "" when nothing is known

    @property
    def known(self) -> bool:
        return bool(self.phone or self.email or self.person)


@dataclass
class UnitFollowUp:
    """One expected unit: its status, its problems (reminders.MISSING …), its contact and the reminder text;
    for the collecting office itself no reminder but ``own_task``, what it must fill in or fix."""

    status: UnitStatus
    states: list[str] = field(default_factory=list)
    contact: Contact = field(default_factory=Contact)
    reminder: str = ""
    own_task: str = ""

    def to_dict(self) -> dict[str, Any]:
        s = self.status
        return {
            "unit": s.code,
            "unit_name": s.name,
            "received": s.received,
            "file": s.file,
            "submitted_at": s.submitted_at.isoformat() if s.submitted_at else None,
            "on_time": s.on_time,
            "used": s.used,
            "errors": s.errors,
            "warnings": s.warnings,
            "states": self.states,
            "state_labels": [STATE_LABELS[k] for k in self.states],
            "contact": asdict(self.contact),
            "reminder": self.reminder or None,
            "own_task": self.own_task or None,
        }


@dataclass
class StatusReport:
    schema_id: str
    campaign: str
    deadline: dt.date
    deadline_text: str
    today: dt.date
    subject: str
    units: list[UnitFollowUp]
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (file, reason) of every file not read
    unattributed: list[tuple[str, str]] = field(default_factory=list)  # (file, why): read, no unit known

    @property
    def counts(self) -> dict[str, int]:
        """expected, received, used, late, missing, with_errors, unusable, to_remind."""
        u = self.units
        return {
            "expected": len(u),
            "received": sum(1 for x in u if x.status.received),
            "used": sum(1 for x in u if x.status.used),
            "late": sum(1 for x in u if LATE in x.states),
            "missing": sum(1 for x in u if MISSING in x.states),
            "with_errors": sum(1 for x in u if ERRORS in x.states),
            "unusable": sum(1 for x in u if UNUSABLE in x.states),
            "to_remind": sum(1 for x in u if x.reminder),
        }

    def to_dict(self) -> dict[str, Any]:
        """``{"schema_id", "campaign", "deadline", "deadline_text", "today", "subject", "counts", "units", "skipped",
        "unattributed"}``;
        ``units``: UnitFollowUp.to_dict() each, in registry order. Exactly what `cchc status --format json`
        prints."""
        return {
            "schema_id": self.schema_id,
            "campaign": self.campaign,
            "deadline": self.deadline.isoformat(),
            "deadline_text": self.deadline_text,
            "today": self.today.isoformat(),
            "subject": self.subject,
            "counts": self.counts,
            "units": [u.to_dict() for u in self.units],
            "skipped": [{"file": f, "reason": r} for f, r in self.skipped],
            "unattributed": [{"file": f, "reason": r} for f, r in self.unattributed],
        }


def unit_state(s: UnitStatus, readable: bool = True) -> str:
    """The one word a unit is shown with (the page's table and its legend, STATE_MEANINGS): chưa nộp, không
    dùng được (its return could not be read: ``readable`` False), có lỗi, có cảnh báo or hợp lệ. Built on
    ``states_of``, so the page and `cchc status` judge a unit alike."""
    problems = states_of(s)
    if MISSING in problems:
        return STATE_LABELS[MISSING]
    if not readable or (UNUSABLE in problems and ERRORS not in problems):
        return STATUS_UNUSABLE
    if ERRORS in problems:
        return STATUS_ERRORS
    return STATUS_WARNINGS if s.warnings else STATUS_OK


def states_of(s: UnitStatus) -> list[str]:
    """The unit's problems: not sent; sent but unusable or with errors; sent after the deadline."""
    if not s.received:
        return [MISSING]
    states = []
    if s.errors:
        states.append(ERRORS)
    elif not s.used:
        states.append(UNUSABLE)
    if s.on_time is False:
        states.append(LATE)
    return states


def contact_of(schema: Schema, report: ValidationReport, code: str, file: str | None = None) -> Contact:
    """Unit ``code``'s contact: on its return ``file`` (the one used), else on its newest return that has one,
    else the schema's unit registry (``units[].contact``), else an empty Contact."""
    files = [r for r in report.files if r.unit == code]
    files.sort(key=lambda r: (r.name != file, -r.submitted_at.timestamp()))
    for r in files:
        c = _from_return(r)
        if c.known:
            return c
    reg = schema.unit_by_code[code].contact
    if reg is not None and (reg.person or reg.phone or reg.email):
        return Contact(reg.person, "", reg.phone, reg.email, SOURCE_REGISTRY)
    return Contact()


def contact_line(c: Contact) -> str:
    """``Nguyễn Văn A (Chuyên viên) · 0905 110 714 · a@example.vn``; "" when nothing is known."""
    person = f"{c.person} ({c.role})" if c.person and c.role else c.person
    return " · ".join(x for x in (person, c.phone, c.email) if x)


def _from_return(r: FileResult) -> Contact:
    get = r.contact.get
    return Contact(get(_PERSON, ""), get(_ROLE, ""), get(_PHONE, ""), get(_EMAIL, ""), SOURCE_RETURN)


def build_status(master: MasterData, report: ValidationReport, *, today: dt.date) -> StatusReport:
    """Every expected unit with its problems, contact and reminder (``today``: Vietnam date of the run)."""
    schema = master.schema
    units = []
    for s in master.status:
        states = states_of(s)
        contact = contact_of(schema, report, s.code, s.file)
        if is_collector(schema, s.code):  # the collecting office does not remind itself
            own = own_return_text(schema, s.code, states, file=s.file, errors=s.errors)
            units.append(UnitFollowUp(s, states, contact, "", own))
            continue
        text = reminder_text(
            schema,
            s.code,
            states,
            person=contact.person,
            file=s.file,
            submitted=s.submitted_at.astimezone(VN_TIME) if s.submitted_at else None,
            errors=s.errors,
            today=today,
        )
        units.append(UnitFollowUp(s, states, contact, text))
    c = schema.campaign
    skipped = [(k.name, k.reason) for k in report.skipped]
    head = (schema.meta.id, c.title, c.deadline, c.deadline_text, today, subject(schema))
    return StatusReport(*head, units, skipped, unattributed(report))


def unattributed(report: ValidationReport) -> list[tuple[str, str]]:
    """(file, why) of every return read that belongs to no unit: it can't be opened (a password, damaged,
    empty) or is not a return of this campaign. Its unit shows as «chưa nộp», so the specialist must see the
    file: the unit may well have sent it. ``why``: the file's first error (a sentence, without its final
    stop), else "Không nhận ra đơn vị"."""
    out = []
    for r in report.files:
        if r.unit is not None:
            continue
        first = next((f for f in r.findings if f.severity == "error"), None)
        out.append((r.name, first.message.rstrip(". ") if first is not None else "Không nhận ra đơn vị"))
    return out
