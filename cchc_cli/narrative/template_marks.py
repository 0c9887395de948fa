"""Marks the unit outline (.docx) puts on text that is guidance, not the unit's report, so collection skips it."""

GUIDE_STYLE = "Hướng dẫn viết (xóa khi hoàn thành)"
GUIDE_PREFIX = "Gợi ý nội dung: "
REMINDER_TITLE = "Nhắc số liệu Phụ lục 2 của đơn vị"
