"""The one exception the reader raises: the file cannot be read safely or at all."""

from __future__ import annotations


class Unreadable(Exception):
    """The file cannot be read safely; ``code`` is a finding code, ``reason`` its Vietnamese detail."""

    def __init__(self, code: str, reason: str = "") -> None:
        super().__init__(reason or code)
        self.code = code
        self.reason = reason
