"""Exceptions that stop a run. Bad data is never an exception: it becomes a finding."""

from __future__ import annotations

import errno

EXIT_OK = 0
EXIT_INVALID = 1
EXIT_USAGE = 2


class CchcError(Exception):
    """A failure the user can act on; ``str(err)`` is a one-line Vietnamese message."""

    exit_code = EXIT_USAGE

    def __init__(self, message: str, *, exit_code: int | None = None) -> None:
        super().__init__(message)
        if exit_code is not None:
            self.exit_code = exit_code


class SchemaError(CchcError):
    """The schema file is unreadable or inconsistent; the message names file, line and key."""

    def __init__(self, problems: list[str], *, path: str) -> None:
        self.problems = problems
        self.path = path
        if len(problems) == 1:
            super().__init__(f"lược đồ không dùng được: {problems[0]}")
        else:
            head = f"lược đồ {path} không hợp lệ ({len(problems)} lỗi):"
            super().__init__("\n".join([head, *(f"  - {p}" for p in problems)]))


_OS_REASONS = {
    errno.ENOENT: "không có đường dẫn này",
    errno.EACCES: "không có quyền",
    errno.EPERM: "không được phép",
    errno.ENOSPC: "hết dung lượng đĩa",
    errno.EROFS: "ổ đĩa chỉ cho đọc",
    errno.ENOTDIR: "một phần của đường dẫn không phải thư mục",
    errno.EISDIR: "đây là thư mục",
    errno.EEXIST: "đã có",
    errno.ENAMETOOLONG: "tên quá dài",
    errno.EBUSY: "tệp đang được dùng (đang mở trong Excel?); đóng tệp rồi chạy lại",
    errno.ETXTBSY: "tệp đang được dùng (đang mở trong Excel?); đóng tệp rồi chạy lại",
}
_IN_USE = "tệp đang mở trong Excel hoặc chương trình khác; đóng tệp rồi chạy lại"


def _windows_reason(exc: OSError) -> str | None:
    """Windows' sharing violation (a file open in Excel): winerror 32/33."""
    return _IN_USE if getattr(exc, "winerror", None) in (32, 33) else None


def os_reason(exc: OSError) -> str:
    """A Vietnamese reason for an operating-system error (falls back to the system's own words)."""
    return _windows_reason(exc) or _OS_REASONS.get(exc.errno or -1, exc.strerror or str(exc))
