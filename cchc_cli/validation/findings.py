"""Findings: one problem in one returned file, with a stable code. Codes and wording live here only.

Each code has exactly one entry, hence one severity, one title, one message template and one hint. Everything
the validator finds by itself is in CATALOGUE below; each schema rule (schemas/*.yaml) brings its own code,
which ``cchc schema check`` refuses when it is a built-in code or is used by another rule, so
``catalogue(schema)`` is the complete list of codes a campaign can produce. Which check emits which code is
declared in ``cchc_cli.validation.checks`` (every built-in code by exactly one check).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, Literal

if TYPE_CHECKING:
    from cchc_cli.schema.model import Rule, Schema
    from cchc_cli.validation.rules import RuleHit

Severity = Literal["error", "warning", "info"]
Audience = Literal["unit", "specialist"]
SEVERITY_VI = {"error": "lỗi", "warning": "cảnh báo", "info": "thông tin"}


@dataclass(frozen=True)
class Entry:
    """One code: its severity, title, message template and hint, and whom it is for.

    ``audience``: "unit" — the unit must fix or confirm it, so it goes into the copy sent back
    (validation/annotate.py); "specialist" — the specialist's own business (which return was used,
    differences between returns, how a file was recognised), shown in the terminal, the JSON report and
    the master's "Kiểm tra chéo" only.
    """

    severity: Severity
    title: str
    message: str  # str.format template; fields are listed per entry where used
    hint: str
    audience: Audience = "unit"


CATALOGUE: dict[str, Entry] = {
    # --- 1. readable -------------------------------------------------------------------------------
    "tep-rong": Entry("error", "Tệp rỗng", "Tệp rỗng (0 byte).", "Đơn vị gửi lại tệp; có thể tệp bị lỗi khi tải về."),
    "khong-doc-duoc": Entry(
        "error",
        "Không đọc được tệp",
        "Không đọc được tệp bảng tính: {reason}.",
        "Mở thử tệp bằng Excel hoặc LibreOffice; nếu không mở được, đề nghị đơn vị gửi lại.",
    ),
    "tep-ma-hoa": Entry(
        "error",
        "Tệp có mật khẩu",
        "Tệp được đặt mật khẩu mở (mã hóa) nên không đọc được.",
        "Đề nghị đơn vị bỏ mật khẩu mở tệp (File → Info → Protect Workbook) rồi gửi lại.",
    ),
    "tep-nen-mat-khau": Entry(
        "error",
        "Tệp nén có mật khẩu",
        "Tệp nén «{reason}» được đặt mật khẩu nên không mở được bảng tính bên trong.",
        "Đề nghị đơn vị nén lại không đặt mật khẩu (hoặc gửi thẳng tệp bảng tính) rồi gửi lại; bảng tính bên trong "
        "không cần bỏ mật khẩu.",
    ),
    "tep-qua-lon": Entry(
        "error",
        "Tệp quá lớn hoặc bất thường",
        "Tệp quá lớn hoặc nén bất thường ({reason}); không mở để tránh treo máy.",
        "Biểu mẫu thật chỉ vài chục KB; đề nghị đơn vị gửi lại đúng tệp biểu mẫu.",
    ),
    # --- 2. the right workbook ---------------------------------------------------------------------
    "sai-mau": Entry(
        "error",
        "Không phải biểu mẫu của đợt báo cáo này",
        "Tệp không phải biểu mẫu của đợt báo cáo này{reason}.",
        "Đơn vị cần điền vào đúng biểu mẫu đã được gửi (có trang Hướng dẫn ghi tên đơn vị), không gõ lại biểu.",
    ),
    "nhan-dien-theo-bo-cuc": Entry(
        "warning",
        "Nhận diện theo bố cục",
        "Tệp không còn dấu nhận diện của biểu mẫu; nhận ra là của {unit_name} theo tên trang tính và nhãn dòng.",
        "Kiểm tra lại đơn vị gửi; lần sau đề nghị điền trực tiếp vào biểu mẫu gốc.",
        "specialist",
    ),
    "tep-tong-hop": Entry(
        "warning",
        "Bảng tổng hợp, không phải báo cáo",
        "Tệp này là bảng tổng hợp do cchc tạo, không phải báo cáo của một đơn vị; không đọc số liệu trong tệp.",
        "Để bảng tổng hợp ở thư mục tổng hợp, ngoài thư mục báo cáo nhận.",
        "specialist",
    ),
    "sai-phien-ban": Entry(
        "error",
        "Biểu mẫu khác phiên bản",
        "Biểu mẫu thuộc {what} «{seen}», đợt báo cáo này dùng «{expected}».",
        "Gửi lại cho đơn vị biểu mẫu đúng phiên bản (cchc generate-templates) và đề nghị chép số liệu sang.",
        "specialist",
    ),
    "bo-cuc-khac": Entry(
        "warning",
        "Bố cục khác biểu mẫu hiện hành",
        "Tệp được tạo từ một bố cục biểu mẫu khác bố cục hiện hành của {unit_name} (lược đồ hoặc công cụ đã "
        "thay đổi); đã kiểm tra theo bố cục hiện hành.",
        "Nếu có lỗi cấu trúc đi kèm, gửi lại cho đơn vị biểu mẫu mới (cchc generate-templates).",
        "specialist",
    ),
    "nop-trung": Entry(
        "warning",
        "Nộp trùng",
        "Có {count} tệp của {unit_name}; dùng tệp {used} ({why}), bỏ qua tệp {ignored}.",
        "Xác nhận với đơn vị tệp nào là bản cuối cùng.",
        "specialist",
    ),
    "nop-trung-giong-het": Entry(
        "info",
        "Nộp trùng bản giống hệt",
        "Có {count} tệp giống hệt nhau của {unit_name} ({files}); chỉ dùng một tệp ({used}).",
        "Không cần làm gì; có thể xóa bản thừa.",
        "specialist",
    ),
    "khac-ban-truoc": Entry(
        "warning",
        "Khác với bản nộp trước",
        "Giá trị khác giữa hai bản: {old} (tệp {old_file}) → {new} (tệp {new_file}).",
        "Xác nhận với đơn vị số liệu đúng.",
        "specialist",
    ),
    "khong-thong-nhat": Entry(
        "warning",
        "Các đơn vị báo cáo không thống nhất",
        "Chỉ tiêu phải giống nhau giữa các đơn vị nhưng {detail}; số tổng hợp dùng số của đa số.",
        "Đối chiếu với văn bản công bố (ví dụ danh mục TTHC cấp xã của UBND tỉnh) và đề nghị đơn vị báo cáo "
        "sai sửa lại.",
        "specialist",
    ),
    "tu-danh-gia-khac-so-lieu": Entry(
        "warning",
        "Tự đánh giá khác số liệu của đơn vị",
        "Mục tiêu {number} được tự đánh giá «{seen}» nhưng số liệu của chính đơn vị cho thấy: {figures}.",
        "Đơn vị chủ trì xem lại kết quả tự đánh giá hoặc số liệu; nếu mục tiêu được đánh giá theo nguồn khác, "
        "ghi rõ nguồn ở cột Ghi chú.",
    ),
    "tu-danh-gia-khac-tong-hop": Entry(
        "warning",
        "Tự đánh giá khác số liệu tổng hợp",
        "Mục tiêu {number} được đơn vị chủ trì tự đánh giá «{seen}» nhưng số liệu tổng hợp cho thấy: {figures}.",
        "Trao đổi với đơn vị chủ trì trước khi đưa kết quả tự đánh giá vào báo cáo (bảng «Kết quả so với mục tiêu» "
        "của dự thảo đánh dấu «cần xem lại»).",
    ),
    # --- 3. structure ------------------------------------------------------------------------------
    "thieu-trang": Entry(
        "error",
        "Thiếu trang tính",
        "Thiếu trang tính «{sheet}».",
        "Không xóa hoặc đổi tên trang tính của biểu mẫu; dùng lại biểu mẫu gốc nếu cần.",
    ),
    "doi-ten-trang": Entry(
        "error",
        "Trang tính bị đổi tên",
        "Trang tính «{expected}» đã bị đổi tên thành «{seen}».",
        "Đổi lại đúng tên trang tính như biểu mẫu gốc.",
    ),
    "sua-nhan": Entry(
        "error",
        "Nhãn bị sửa",
        "Ô {cell} phải là «{expected}» nhưng đang là «{seen}».",
        "Không sửa tiêu đề, STT, nội dung chỉ tiêu; chép số liệu sang biểu mẫu gốc nếu đã lỡ sửa.",
    ),
    "nhan-khac-mau-moi": Entry(
        "warning",
        "Nhãn khác lược đồ hiện hành",
        "Ô {cell} ghi «{seen}» như biểu mẫu đã gửi; lược đồ hiện hành ghi «{expected}» (lược đồ đã sửa sau khi "
        "gửi biểu mẫu, dòng vẫn đúng vị trí).",
        "Không phải lỗi của đơn vị. Nếu nghĩa của chỉ tiêu không đổi, không cần làm gì; nếu đã đổi, gửi lại biểu "
        "mẫu mới (cchc generate-templates) cho đơn vị.",
        "specialist",
    ),
    "chen-cot": Entry(
        "error",
        "Cột bị chèn",
        "Có cột được chèn thêm tại cột {column} («{seen}»); các cột từ đó về sau bị lệch so với biểu mẫu.",
        "Xóa cột đã chèn; ý kiến thêm ghi vào cột Ghi chú.",
    ),
    "xoa-cot": Entry(
        "error",
        "Cột bị xóa",
        "Thiếu cột «{expected}» (cột {column} của biểu mẫu); các cột từ đó về sau bị lệch so với biểu mẫu.",
        "Dùng lại biểu mẫu gốc; không xóa cột kể cả khi không có số liệu (ghi 0 hoặc ghi chú).",
    ),
    "doi-cho-cot": Entry(
        "error",
        "Cột bị đổi chỗ",
        "Cột «{expected}» bị chuyển từ cột {was} sang cột {column}; các cột ở giữa bị lệch so với biểu mẫu.",
        "Trả các cột về đúng thứ tự như biểu mẫu gốc.",
    ),
    "chen-dong": Entry(
        "error",
        "Dòng bị chèn",
        "Có dòng được chèn thêm tại dòng {row} («{seen}»).",
        "Xóa dòng đã chèn; ý kiến thêm ghi vào cột Ghi chú.",
    ),
    "xoa-dong": Entry(
        "error",
        "Dòng bị xóa",
        "Thiếu dòng «{expected}» (dòng {row} của biểu mẫu).",
        "Dùng lại biểu mẫu gốc; không xóa dòng kể cả khi không có số liệu (ghi 0 hoặc ghi chú).",
    ),
    "dong-moi-mau-cu": Entry(
        "error",
        "Biểu mẫu cũ thiếu dòng mới",
        "Biểu mẫu đơn vị điền là bản gửi trước khi lược đồ thêm dòng «{expected}» (dòng {row} của biểu mẫu hiện "
        "hành); các dòng sau đó lệch vị trí nên trang này chưa đọc được.",
        "Không phải lỗi của đơn vị: gửi đơn vị biểu mẫu mới (cchc generate-templates) để điền lại trang này.",
        "specialist",
    ),
    "doi-cho-dong": Entry(
        "error",
        "Dòng bị đổi chỗ",
        "Dòng «{expected}» bị chuyển từ dòng {expected_row} sang dòng {row}.",
        "Trả các dòng về đúng thứ tự như biểu mẫu gốc.",
    ),
    "ngoai-o-nhap": Entry(
        "warning",
        "Giá trị ngoài ô nhập",
        "{cells} không phải ô nhập liệu nhưng có giá trị {seen}; giá trị này không được tổng hợp.",
        "Chỉ nhập vào các ô nền vàng; chuyển giá trị sang đúng ô hoặc ghi vào cột Ghi chú.",
    ),
    "chua-kiem-tra-trang": Entry(
        "warning",
        "Trang chưa được kiểm tra số liệu",
        "Chưa kiểm tra số liệu của trang «{sheet}» vì {reason}: {count} ô nhập của trang này (đúng kiểu số, "
        "không bỏ trống, khớp tổng và các quy tắc) sẽ được kiểm tra khi trang đúng như biểu mẫu.",
        "Sửa lỗi cấu trúc của trang này trước (xem các lỗi cùng trang); nếu khó sửa, chép số liệu sang biểu "
        "mẫu gốc rồi gửi lại.",
    ),
    # --- 4. values -----------------------------------------------------------------------------------
    "tep-chua-dien": Entry(
        "error",
        "Tệp chưa điền số liệu",
        "Tệp chưa điền số liệu: cả {count} ô nhập đều để trống.",
        "Điền số liệu vào các ô nền vàng (không phát sinh thì ghi 0) rồi gửi lại; nếu đã điền ở tệp khác thì "
        "gửi đúng tệp đó.",
    ),
    "thieu-so-lieu": Entry(
        "error",
        "Bỏ trống",
        "{cells} bỏ trống mà không ghi lý do.",  # cells: "Ô" or "Các ô D6:I8 (18 ô)"
        "Không phát sinh thì ghi 0; không có số liệu thì ghi lý do ở cột Ghi chú của dòng này.",
    ),
    "trong-co-giai-thich": Entry(
        "warning",
        "Bỏ trống có ghi chú",
        "{cells} bỏ trống; Ghi chú: «{note}».",
        "Chấp nhận được; bổ sung số liệu khi có.",
    ),
    "khong-phai-so": Entry(
        "error",
        "Không phải số",
        "Ô cần một số nhưng đang ghi «{seen}».",
        "Chỉ nhập {kind_hint}, không kèm chữ hay đơn vị tính.",  # kind_hint: cchc_cli.kinds KindSpec.hint
    ),
    "chu-thay-so": Entry(
        "error",
        "Ghi chữ thay cho số",
        "Ô cần một số nhưng đang ghi «{seen}».",
        "Không phát sinh thì ghi 0; chỉ để trống khi không có số liệu và ghi lý do ở cột Ghi chú.",
    ),
    "so-am": Entry(
        "error",
        "Số âm",
        "Số âm ({seen}) ở ô {kind_noun}.",  # kind_noun: cchc_cli.kinds KindSpec.noun
        "Ô {kind_noun} không nhận số âm; kiểm tra lại dấu trừ hoặc số đã nhập.",
    ),
    "dinh-dang-ngay": Entry(
        "error",
        "Ô số có định dạng ngày giờ",
        "Ô cần một số nhưng có định dạng ngày giờ nên đang hiện «{seen}»; số lưu trong ô là {stored}.",
        "Đổi định dạng ô sang số (chuột phải → Format Cells → Number), ô sẽ hiện {stored}; nếu đó đúng là số cần "
        "báo cáo thì chỉ cần đổi định dạng, nếu không thì nhập lại {kind_hint}.",  # kind_hint: KindSpec.hint
    ),
    "so-le": Entry(
        "error",
        "Số lượng có phần lẻ",
        "Số lượng phải là số nguyên nhưng đang là {seen}.",
        "Nhập số nguyên; nếu gõ 1.234 để chỉ một nghìn hai trăm ba mươi tư thì bỏ dấu chấm.",
    ),
    "mo-ho": Entry(
        "error",
        "Số viết không rõ",
        "Không xác định được số «{seen}» ({reason}).",
        "Nhập {kind_hint}, không dùng dấu phân cách hàng nghìn.",
    ),
    "ngoai-khoang-ty-le": Entry(
        "error",
        "Tỷ lệ ngoài 0–100",
        "Tỷ lệ {seen} nằm ngoài khoảng 0–100.",
        "Nhập tỷ lệ phần trăm là số từ 0 đến 100 (ví dụ 98,5), không nhập dạng 0,985.",
    ),
    "ty-le-nho": Entry(
        "warning",
        "Tỷ lệ rất nhỏ",
        "Tỷ lệ {seen} rất nhỏ; nếu ý là {seen100}% thì nhập {seen100}.",
        "Ô tỷ lệ nhập số phần trăm từ 0 đến 100 (98,5 là 98,5%); nếu tỷ lệ thật sự dưới 1% thì giữ nguyên.",
    ),
    "sai-co-khong": Entry(
        "error",
        "Sai giá trị có/không",
        "Ô có/không chỉ nhận x hoặc 0, đang ghi «{seen}».",
        "Ghi x nếu có, 0 nếu không.",
    ),
    "sai-danh-gia": Entry(
        "error",
        "Sai giá trị đánh giá",
        "Ô đánh giá chỉ nhận Đạt hoặc Không đạt, đang ghi «{seen}».",
        "Chọn Đạt hoặc Không đạt trong danh sách.",
    ),
    "cong-thuc": Entry(
        "warning",
        "Ô nhập chứa công thức",
        "Ô nhập chứa công thức; dùng giá trị đã tính sẵn {seen}.",
        "Nhập số trực tiếp thay cho công thức.",
    ),
    "cong-thuc-khong-gia-tri": Entry(
        "error",
        "Công thức không có giá trị",
        "Ô nhập chứa công thức không có giá trị tính sẵn hoặc bị lỗi ({seen}).",
        "Nhập số trực tiếp thay cho công thức.",
    ),
    "ty-le-tinh-lai": Entry(
        "warning",
        "Tỷ lệ bị sửa",
        "Ô tỷ lệ ghi {seen} nhưng tính từ các số đã nhập được {expected}; dùng {expected}.",
        "Không sửa ô tỷ lệ (ô nền xanh tự tính); kiểm tra hai số đếm của dòng này.",
    ),
    # --- 4b. plausibility (bounds from the schema, defaults per value kind: cchc_cli.kinds) ---------------
    "ngoai-muc-hop-ly": Entry(
        "warning",
        "Số liệu ngoài mức hợp lý",
        "{seen} {uom} nằm ngoài mức hợp lý của chỉ tiêu này ({bounds}){slip}.",
        "Kiểm tra lại số và đơn vị tính ở cột Đơn vị tính; nếu số đúng, giải thích ở cột Ghi chú.",
    ),
    "vuot-xa-muc-hop-ly": Entry(
        "error",
        "Số liệu vượt xa mức hợp lý",
        "{seen} {uom} lớn gấp hơn {far} lần mức hợp lý của chỉ tiêu này ({bounds}){slip}; không tổng hợp.",
        "Kiểm tra lại số và đơn vị tính ở cột Đơn vị tính rồi nhập lại.",
    ),
    "chenh-lech-bat-thuong": Entry(
        "warning",
        "Chênh lệch bất thường so với các năm khác",
        "{seen} ở {period_label} {direction} {ratio} lần mức của đơn vị ở các năm khác ({others}){slip}.",
        "Kiểm tra lại số này (thừa hoặc thiếu chữ số, nhầm năm); nếu số đúng, giải thích ở cột Ghi chú.",
    ),
    # --- reading: what the person sees (issue 8; checks open_workbook, legacy_text, control_characters,
    # xls_formulas, hidden_sheets, unit_name, hidden_cells, merged_inputs, displayed_values) ------------
    "tep-nen-khac": Entry(
        "error",
        "Tệp nén không đọc được",
        "Tệp nén dạng {reason} — hãy giải nén rồi chạy lại.",
        "Giải nén tệp (chuột phải → Extract) vào thư mục báo cáo rồi chạy lại; tệp .zip thì cchc tự mở được.",
    ),
    "doc-theo-phan-tram": Entry(
        "info",
        "Đọc theo định dạng phần trăm",
        "Ô định dạng phần trăm: giá trị lưu trong tệp là {stored}, hiển thị {display}%; đã đọc là {shown}.",
        "Không cần sửa; lần sau có thể gõ thẳng số phần trăm (ví dụ 98,5).",
    ),
    "phan-tram-sai-cho": Entry(
        "error",
        "Định dạng phần trăm ở ô không phải tỷ lệ",
        "Ô không phải ô tỷ lệ nhưng có định dạng phần trăm: giá trị lưu trong tệp là {stored} nhưng hiển thị {shown}%.",
        "Bỏ định dạng phần trăm (Format Cells → Number) và nhập đúng số theo cột Đơn vị tính của dòng.",
    ),
    "dinh-dang-che-so": Entry(
        "error",
        "Định dạng che mất số",
        "Ô hiển thị «{shown}» (định dạng «{format}») nhưng lưu số {stored}; người xem không thấy số này, "
        "không tổng hợp.",
        "Chọn ô → Format Cells → Number → General, xem lại số trong ô rồi lưu.",
    ),
    "hien-thi-lam-tron": Entry(
        "warning",
        "Số hiển thị đã làm tròn",
        "Ô hiển thị {shown} nhưng lưu {stored} (định dạng «{format}» không hiện hết các chữ số đã lưu); "
        "tổng hợp theo số lưu {stored}.",
        "Nếu số đúng là {shown}, gõ lại đúng {shown}; nếu là {stored}, chọn định dạng hiện đủ chữ số "
        "(Format Cells → Number).",
    ),
    "dinh-dang-thu-nho": Entry(
        "error",
        "Định dạng làm số hiển thị khác số lưu",
        "Ô hiển thị {shown} nhưng giá trị thật là {stored} (định dạng «{format}» chia cho {divisor}); không tổng hợp.",
        "Bỏ định dạng rút gọn (Format Cells → Number) và nhập số đúng đơn vị tính của dòng.",
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
        "Trang «{hidden}» của biểu mẫu đang bị ẩn{other}.",
        "Bỏ ẩn trang (chuột phải vào tên trang → Unhide); nếu có hai trang giống nhau, chép số liệu đúng vào trang "
        "của biểu mẫu và xóa trang thừa, rồi gửi lại.",
    ),
    "trang-an-khong-nhap": Entry(
        "warning",
        "Trang không có ô nhập bị ẩn",
        "Trang «{hidden}» của biểu mẫu đang bị ẩn; trang này không có ô nhập số liệu nên vẫn được đọc bình thường.",
        "Bỏ ẩn trang (chuột phải vào tên trang → Unhide) để người xem thấy đủ biểu mẫu.",
    ),
    "trang-sao-khac": Entry(
        "error",
        "Trang sao chép ghi số liệu khác",
        "Trang «{seen}» là bản sao của trang «{expected}» nhưng ghi số liệu khác ở {count} ô (ví dụ ô {first}: "
        "«{old}» ở trang «{expected}», «{new}» ở trang «{seen}»); không rõ trang nào là số liệu đúng nên chưa "
        "tổng hợp số liệu của trang «{expected}».",
        "Chép số liệu đúng vào trang «{expected}», xóa trang «{seen}» rồi gửi lại.",
    ),
    "trang-thua": Entry(
        "warning",
        "Có trang tính thêm",
        "Có trang «{seen}» không thuộc biểu mẫu (giống trang «{expected}», cùng số liệu); chỉ đọc trang «{expected}».",
        "Xóa trang «{seen}» cho gọn.",
    ),
    "don-vi-khong-khop": Entry(
        "error",
        "Tên đơn vị không khớp",
        "Biểu mẫu là của {unit_name} nhưng ô {cell} ghi «{seen}»; không rõ số liệu của đơn vị nào.",
        "Hỏi đơn vị; mỗi đơn vị điền vào đúng biểu mẫu mang tên mình.",
    ),
    "ten-don-vi-khac": Entry(
        "warning",
        "Tệp ghi tên đơn vị khác",
        "Biểu mẫu là của {unit_name} nhưng {where} ghi «{seen}» (tên của {other}); cần xác nhận đây là số liệu "
        "của {unit_name} trước khi tổng hợp.",
        "Hỏi đơn vị: nếu là số liệu của {other}, đơn vị đó điền vào biểu mẫu mang tên mình và gửi lại.",
        "specialist",
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
        "Mở tệp bằng Excel, nhấn F9 (LibreOffice: Ctrl+Shift+F9) để tính lại rồi lưu; tốt hơn là nhập số trực tiếp.",
    ),
    "cong-thuc-chua-tinh": Entry(
        "error",
        "Công thức chưa được tính",
        "Ô có công thức ={formula} trong tệp do một chương trình ghi ra, chưa được Excel hay LibreOffice tính: "
        "giá trị lưu sẵn {seen} có thể không phải số hiện ra khi mở tệp; không tổng hợp.",
        "Mở tệp bằng Excel hoặc LibreOffice (tệp tự tính lại khi mở), kiểm tra số rồi lưu và gửi lại; tốt hơn là "
        "nhập số trực tiếp.",
    ),
}


@dataclass(frozen=True)
class Finding:
    """One problem found in one file. ``cell`` is on ``sheet``: an A1 reference ("E15"), a range of cells said
    once ("D6:I8", blanks side by side or a row typed outside the table), or, for one Ghi chú explaining
    blanks in several places, ranges separated by spaces ("D6:I6 D9"); either may be None."""

    code: str
    severity: Severity
    message: str
    hint: str
    file: str
    unit: str | None = None
    unit_name: str | None = None
    sheet: str | None = None
    cell: str | None = None
    indicator: str | None = None
    stt: str | None = None
    indicator_text: str | None = None
    period: str | None = None
    period_label: str | None = None
    value: str | None = None
    rule: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def make(code: str, *, file: str, **fields: Any) -> Finding:
    """A finding from the catalogue: its severity is the code's; message and hint are filled from ``fields``.

    Fields that are also Finding attributes (sheet, cell, indicator, value …) are set on the finding too.
    Raises KeyError for a code not in CATALOGUE.
    """
    entry = CATALOGUE[code]
    own = {k: v for k, v in fields.items() if k in _OWN}
    text_fields = {k: ("" if v is None else v) for k, v in fields.items()}
    return Finding(
        code=code,
        severity=entry.severity,
        message=entry.message.format(**text_fields),
        hint=entry.hint.format(**text_fields),
        file=file,
        **own,
    )


_OWN = frozenset(Finding.__dataclass_fields__) - {"code", "severity", "message", "hint", "file"}


def rule_entry(rule: Rule) -> Entry:
    """The catalogue entry of a schema rule's code (its title is the rule id)."""
    return Entry(rule.severity, rule.id, rule.message, rule.hint)


def catalogue(schema: Schema) -> dict[str, Entry]:
    """Every code ``schema``'s campaign can produce: the built-in ones and one per schema rule."""
    return {**CATALOGUE, **{r.code: rule_entry(r) for r in schema.rules}}


_ABOUT: dict[tuple[int, str, str], tuple[Schema, Mapping[str, Any]]] = {}


def about(schema: Schema, indicator: str, period: str) -> Mapping[str, Any]:
    """The fields that place a finding on an indicator and period: id, STT, text, period id and label.

    Read-only (callers unpack it); computed once per schema object, indicator and period. Raises KeyError for
    an id the schema does not have.
    """
    key = (id(schema), indicator, period)
    cached = _ABOUT.get(key)
    if cached is not None and cached[0] is schema:
        return cached[1]
    ind = schema.indicator_by_id[indicator]
    per = schema.period_by_id[period]
    fields = MappingProxyType(
        {
            "indicator": ind.id,
            "stt": ind.stt,
            "indicator_text": ind.text,
            "period": per.id,
            "period_label": per.label,
        }
    )
    if len(_ABOUT) > 100_000:
        _ABOUT.clear()
    _ABOUT[key] = (schema, fields)
    return fields


def from_rule(schema: Schema, hit: RuleHit, *, file: str, value: str | None, **where: Any) -> Finding:
    """A finding for a schema rule that fired (its code, severity, message and hint come from the rule)."""
    return Finding(
        code=hit.rule.code,
        severity=hit.rule.severity,
        message=hit.message,
        hint=hit.rule.hint,
        file=file,
        value=value,
        rule=hit.rule.id,
        **about(schema, hit.indicator, hit.period),
        **where,
    )
