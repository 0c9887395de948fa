"""Finding codes of the reading rules (issue 8 §2): one entry, one severity per code.

They join cchc_cli.validation.findings.CATALOGUE when this package is imported, so ``make(code, …)`` and the
docs see one catalogue; when the check registry lands, these entries move into it unchanged.
"""

from __future__ import annotations

from cchc_cli.validation.findings import CATALOGUE, Entry

READING_CATALOGUE: dict[str, Entry] = {
    "bo-qua": Entry(
        "info",
        "Bỏ qua tệp",
        "Không đọc tệp này: {reason}.",
        "Nếu đây là báo cáo của đơn vị, đổi tên hoặc giải nén cho đúng rồi chạy lại.",
    ),
    "tep-nen-khac": Entry(
        "error",
        "Tệp nén không đọc được",
        "Tệp nén dạng {reason} — hãy giải nén rồi chạy lại.",
        "Giải nén tệp (chuột phải → Extract) vào thư mục báo cáo rồi chạy lại; tệp .zip thì cchc tự mở được.",
    ),
    "doc-theo-phan-tram": Entry(
        "info",
        "Đọc theo định dạng phần trăm",
        "Ô định dạng phần trăm: Excel lưu {stored}, hiển thị {shown}%; đã đọc là {shown}.",
        "Không cần sửa; lần sau có thể gõ thẳng số phần trăm (ví dụ 98,5).",
    ),
    "phan-tram-sai-cho": Entry(
        "error",
        "Định dạng phần trăm ở ô không phải tỷ lệ",
        "Ô số lượng/số tiền có định dạng phần trăm: Excel lưu {stored} nhưng hiển thị {shown}%.",
        "Bỏ định dạng phần trăm (Format Cells → Number) và nhập đúng số lượng.",
    ),
    "dinh-dang-thu-nho": Entry(
        "error",
        "Định dạng làm số hiển thị khác số lưu",
        "Ô hiển thị {shown} nhưng giá trị thật là {stored} (định dạng «{format}» chia cho {divisor}); không tổng hợp.",
        "Bỏ định dạng rút gọn (Format Cells → Number) và nhập số đúng đơn vị tính của dòng.",
    ),
    "o-dinh-dang-ngay": Entry(
        "error",
        "Ô số bị định dạng ngày giờ",
        "Ô cần một số nhưng được định dạng ngày/giờ «{format}» (giá trị lưu {stored}); không tổng hợp.",
        "Đổi định dạng ô về Number rồi nhập lại số.",
    ),
    "so-qua-lon": Entry(
        "error",
        "Số quá lớn hoặc không hợp lệ",
        "Giá trị {seen} vượt quá giới hạn hợp lý của ô ({limit}); không tổng hợp.",
        "Kiểm tra lại số đã nhập (có thể gõ thừa chữ số hoặc dán nhầm).",
    ),
    "van-ban-qua-dai": Entry(
        "error",
        "Văn bản quá dài",
        "Ô có {length} ký tự, vượt quá {limit} ký tự một ô Excel chứa được; không tổng hợp.",
        "Rút gọn nội dung; phần dài ghi vào báo cáo Word kèm theo.",
    ),
    "trang-an": Entry(
        "error",
        "Trang tính bị ẩn",
        "Trang «{hidden}» của biểu mẫu đang bị ẩn{other}; không rõ trang nào là số liệu đúng.",
        "Hỏi đơn vị trang nào đúng; xóa trang thừa, bỏ ẩn trang của biểu mẫu (chuột phải → Unhide) rồi gửi lại.",
    ),
    "trang-thua": Entry(
        "warning",
        "Có trang tính thêm",
        "Có trang «{seen}» không thuộc biểu mẫu (giống trang «{expected}»); chỉ đọc trang «{expected}».",
        "Nếu số liệu đúng nằm ở trang «{seen}», chép sang trang «{expected}» rồi xóa trang thừa.",
    ),
    "don-vi-khong-khop": Entry(
        "error",
        "Tên đơn vị không khớp",
        "Biểu mẫu là của {unit_name} nhưng ô {cell} ghi «{seen}»; không rõ số liệu của đơn vị nào.",
        "Hỏi đơn vị; mỗi đơn vị điền vào đúng biểu mẫu mang tên mình.",
    ),
    "dong-cot-an": Entry(
        "warning",
        "Dòng hoặc cột bị ẩn",
        "Trang có {what} bị ẩn chứa ô nhập ({cells}); người xem bảng có thể không thấy các số này.",
        "Bỏ ẩn (chọn cả trang → chuột phải → Unhide) và kiểm tra các ô nhập.",
    ),
    "o-gop": Entry(
        "error",
        "Ô bị gộp che ô nhập",
        "Vùng gộp ô {range} che các ô nhập {cells}; giá trị trong đó không nhìn thấy được, không tổng hợp.",
        "Bỏ gộp ô (Merge & Center → Unmerge) và nhập lại từng ô.",
    ),
    "phong-chu-cu": Entry(
        "warning",
        "Dùng phông chữ cũ",
        "Tệp có chữ gõ bằng bảng mã cũ {encoding} ({count} ô); đã chuyển sang Unicode để đọc "
        "(ví dụ «{before}» → «{after}»).",
        "Dùng bảng mã Unicode (phông Times New Roman) khi nhập; có thể chuyển bằng Unikey (Ctrl+Shift+F6).",
    ),
    "ky-tu-dieu-khien": Entry(
        "warning",
        "Ký tự điều khiển",
        "Ô có ký tự điều khiển không nhìn thấy được ({count} ô); đã thay bằng ký hiệu dễ thấy.",
        "Xóa nội dung ô và gõ lại.",
    ),
    "khong-kiem-tra-cong-thuc": Entry(
        "warning",
        "Không kiểm tra được công thức",
        "Không kiểm tra được công thức trong tệp {fmt}: ô có công thức được đọc như số đã nhập.",
        "Nên lưu tệp dạng .xlsx (File → Save As → Excel Workbook) rồi gửi lại.",
    ),
    "cong-thuc-gia-tri-cu": Entry(
        "error",
        "Công thức có giá trị cũ",
        "Ô có công thức ={formula} tính ra {expected} nhưng giá trị lưu sẵn là {seen} (chưa tính lại); không tổng hợp.",
        "Mở tệp bằng Excel, nhấn F9 để tính lại rồi lưu; tốt hơn là nhập số trực tiếp.",
    ),
}

for _code, _entry in READING_CATALOGUE.items():
    CATALOGUE.setdefault(_code, _entry)
