# cchc — developer tasks. POSIX make (tested with GNU make 4.3); recipes use /bin/sh.
#
#   make setup      create .venv and install the project with its dev extras
#   make run-setup  create .venv and install only what the tool needs (what make demo uses)
#   make office     make sure LibreOffice is present for the real-client tests
#   make browser    make sure chromium and chromedriver are present for the browser test
#   make check      ruff + mypy
#   make test       setup + office + browser + check, then the whole pytest suite
#   make demo       run the whole workflow on the bundled example campaign into build/demo/
#   make examples   regenerate the example campaign under examples/
#   make dist-windows  offline install bundle for Windows (cchc wheel + every dependency's Windows wheels)
#   make bench      time the reader and validate on BENCH_N distinct returns next to python-calamine
#   make clean      remove build outputs and caches (make distclean also removes .venv)

SHELL = /bin/sh
PYTHON ?= python3
VENV ?= .venv
BIN = $(VENV)/bin
STAMP = $(VENV)/.installed
RUN_STAMP = $(VENV)/.installed-run
BROWSER_PKGS = chromium chromium-driver
DEMO_DIR = build/demo
PYTEST_ARGS ?=
OFFICE_PKGS = libreoffice-calc libreoffice-writer fonts-liberation2 fonts-croscore poppler-utils

.PHONY: help setup run-setup office browser check test demo demo-khanh-hoa examples dist-windows clean distclean bench bench-cli bench-reader bench-generate

help:
	@echo "Các lệnh: make setup | office | browser | check | test | demo | dist-windows | clean | distclean"
	@echo "  setup      tạo môi trường ảo $(VENV) và cài công cụ cùng các gói phát triển"
	@echo "  office     kiểm tra/cài LibreOffice cho các kiểm thử mở tệp bằng phần mềm thật"
	@echo "  browser    kiểm tra/cài chromium và chromedriver cho kiểm thử trang làm việc trên trình duyệt"
	@echo "  check      kiểm tra mã nguồn (ruff, mypy)"
	@echo "  test       chạy toàn bộ kiểm thử (pytest)"
	@echo "  demo       chạy cả quy trình trên đợt báo cáo mẫu Khánh Sơn, kết quả trong $(DEMO_DIR)/"
	@echo "  examples   sinh lại bộ báo cáo mẫu trong examples/ (sau khi đổi lược đồ hoặc biểu mẫu)"
	@echo "  dist-windows  bộ cài ngoại tuyến cho Windows trong dist/ (cần mạng khi tạo, không cần khi cài)"
	@echo "  bench      đo tốc độ (đọc và kiểm tra $(BENCH_N) tệp so với python-calamine; cchc --help …); không phải kiểm thử"
	@echo "  clean      xóa thư mục build/, dist/ và bộ nhớ đệm; distclean xóa cả $(VENV)"

setup: $(STAMP)

run-setup: $(RUN_STAMP)

# Python >= 3.11 and the virtual environment, shared by both installs below.
VENV_READY = \
	$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || \
	  { echo "Lỗi: cần Python 3.11 trở lên ($(PYTHON) là bản cũ hơn)." >&2; exit 1; }; \
	if ! $(BIN)/python -c 'import sys' >/dev/null 2>&1; then \
	  echo "Tạo môi trường ảo $(VENV) ..."; \
	  rm -rf $(VENV) && $(PYTHON) -m venv $(VENV); \
	fi

# The tool alone (make demo): no test or lint tools. Re-installs only when pyproject.toml changes.
$(RUN_STAMP): pyproject.toml
	@$(VENV_READY)
	$(BIN)/python -m pip install --disable-pip-version-check --progress-bar off --upgrade pip
	$(BIN)/python -m pip install --disable-pip-version-check --progress-bar off -e .
	@touch $@

# The tool and its dev extras (make test, make check).
$(STAMP): pyproject.toml
	@$(VENV_READY)
	$(BIN)/python -m pip install --disable-pip-version-check --progress-bar off --upgrade pip
	$(BIN)/python -m pip install --disable-pip-version-check --progress-bar off -e '.[dev]'
	@touch $@ $(RUN_STAMP)

office:
	@if command -v soffice >/dev/null 2>&1; then \
	  echo "LibreOffice: $$(command -v soffice)"; \
	  exit 0; \
	fi; \
	case "$${CI:-}" in [Tt][Rr][Uu][Ee]|1|[Yy][Ee][Ss]) ci=1 ;; *) ci=0 ;; esac; \
	if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	  echo "Chưa có LibreOffice: đang cài ($(OFFICE_PKGS)) ..."; \
	  if DEBIAN_FRONTEND=noninteractive apt-get update && \
	     DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends $(OFFICE_PKGS) && \
	     command -v soffice >/dev/null 2>&1; then \
	    echo "Đã cài LibreOffice: $$(command -v soffice)"; \
	    exit 0; \
	  fi; \
	  echo "Không cài được LibreOffice." >&2; \
	fi; \
	if [ "$$ci" = 1 ]; then \
	  echo "Lỗi: trong CI bắt buộc phải có LibreOffice (soffice) để chạy các kiểm thử office." >&2; \
	  exit 1; \
	fi; \
	echo "Lưu ý: không có LibreOffice (soffice) và không tự cài được (cần quyền root và apt-get)."; \
	echo "Các kiểm thử cần LibreOffice sẽ bị bỏ qua. Cài thủ công: apt-get install $(OFFICE_PKGS)"

browser:
	@if command -v chromium >/dev/null 2>&1 && command -v chromedriver >/dev/null 2>&1; then \
	  echo "Trình duyệt: $$(command -v chromium), $$(command -v chromedriver)"; \
	  exit 0; \
	fi; \
	case "$${CI:-}" in [Tt][Rr][Uu][Ee]|1|[Yy][Ee][Ss]) ci=1 ;; *) ci=0 ;; esac; \
	if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	  echo "Chưa có chromium/chromedriver: đang cài ($(BROWSER_PKGS)) ..."; \
	  if DEBIAN_FRONTEND=noninteractive apt-get update && \
	     DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends $(BROWSER_PKGS) && \
	     command -v chromium >/dev/null 2>&1 && command -v chromedriver >/dev/null 2>&1; then \
	    echo "Đã cài chromium và chromedriver."; \
	    exit 0; \
	  fi; \
	  echo "Không cài được chromium/chromedriver." >&2; \
	fi; \
	if [ "$$ci" = 1 ]; then \
	  echo "Lỗi: trong CI bắt buộc phải có chromium và chromedriver để chạy kiểm thử trình duyệt." >&2; \
	  exit 1; \
	fi; \
	echo "Lưu ý: không có chromium/chromedriver và không tự cài được (cần quyền root và apt-get)."; \
	echo "Kiểm thử trình duyệt sẽ bị bỏ qua. Cài thủ công: apt-get install $(BROWSER_PKGS)"

# Runs both tools even if the first fails, so one run shows every problem.
check: setup
	@status=0; \
	echo "$(BIN)/ruff check cchc_cli tests tools scripts examples bench templates"; $(BIN)/ruff check cchc_cli tests tools scripts examples bench templates || status=1; \
	echo "$(BIN)/mypy cchc_cli tools scripts examples templates bench"; $(BIN)/mypy cchc_cli tools scripts examples templates bench || status=1; \
	exit $$status

test: setup office browser check
	$(BIN)/python -m pytest $(PYTEST_ARGS)

EXAMPLE = examples/khanh-son-2020

demo: run-setup
	@echo "== 1. Tạo biểu mẫu cho từng đơn vị =="
	$(BIN)/cchc generate-templates --out $(DEMO_DIR)/bieu-mau --force
	@echo "== 2. Kiểm tra các báo cáo mẫu đơn vị gửi về (bộ sạch: phải không có lỗi) =="
	$(BIN)/cchc validate $(EXAMPLE)/bao-cao
	@echo "== 3. Kiểm tra các tệp có lỗi điển hình, ghi bản đánh dấu để gửi lại =="
	@echo "$(BIN)/cchc validate $(EXAMPLE)/loi --annotate $(DEMO_DIR)/tra-lai --force"
	@$(BIN)/cchc validate $(EXAMPLE)/loi --annotate $(DEMO_DIR)/tra-lai --force; status=$$?; \
	if [ $$status -eq 1 ]; then \
	  echo "→ Đúng như mong đợi: các tệp mẫu này cố ý có lỗi, lệnh kiểm tra báo lỗi (mã thoát 1)."; \
	else \
	  echo "Bước 3 không như mong đợi: mã thoát $$status (mong đợi 1: có tệp lỗi)." >&2; exit 1; \
	fi
	@echo "== 4. Tổng hợp toàn huyện =="
	$(BIN)/cchc merge $(EXAMPLE)/bao-cao --out $(DEMO_DIR)/tong-hop --force
	@echo "== 5. Dự thảo báo cáo tổng kết (Word) =="
	$(BIN)/cchc render-report --data $(DEMO_DIR)/tong-hop/tong-hop.xlsx --out $(DEMO_DIR)/bao-cao-tong-ket.docx --force \
	  --narratives $(EXAMPLE)/thuyet-minh
	@echo ""
	@echo "Kết quả trong $(DEMO_DIR)/:"
	@echo "  bieu-mau/   biểu mẫu trống gửi các đơn vị"
	@echo "  tra-lai/    bản sao có đánh dấu ô sai của các tệp lỗi, để gửi lại đơn vị"
	@echo "  tong-hop/   tong-hop.xlsx (bảng tổng hợp) và du-lieu.csv (bảng dữ liệu dài)"
	@echo "  bao-cao-tong-ket.docx   dự thảo báo cáo tổng kết theo đề cương Phụ lục 1"
	@echo "  bao-cao-tong-ket-noi-dung-don-vi.docx   nội dung báo cáo thuyết minh của các đơn vị theo đề cương"
	@echo ""
	@echo "Làm việc trên trình duyệt thay cho dòng lệnh: $(BIN)/cchc giao-dien --thu-muc <thư mục đợt báo cáo>"

# The second bundled campaign, run from a campaign folder made by `cchc init` (no path or --schema needed).
DEMO2_DIR = build/demo-khanh-hoa-2025

demo-khanh-hoa: run-setup
	rm -rf $(DEMO2_DIR)
	$(BIN)/cchc init $(DEMO2_DIR) --from khanh-hoa-2025
	cd $(DEMO2_DIR) && ../../$(BIN)/cchc generate-templates
	cp examples/khanh-hoa-2025/bao-cao/*.xlsx $(DEMO2_DIR)/bao-cao-nhan/
	cd $(DEMO2_DIR) && ../../$(BIN)/cchc validate
	cd $(DEMO2_DIR) && ../../$(BIN)/cchc merge

# National scale: templates for 3,321 communes (bench/bench_generate.py N for another count).
bench-generate: setup
	$(BIN)/python bench/bench_generate.py

examples: setup
	$(BIN)/python examples/make_values.py
	$(BIN)/python examples/make_examples.py
	$(BIN)/python examples/make_narratives.py

dist-windows: run-setup
	$(BIN)/python tools/bundle.py --out dist/cchc-windows

# Timings, not tests (figures depend on the machine). Each bench script has its own bench-* target.
BENCH_N ?= 1000

bench: bench-cli bench-reader bench-generate

bench-cli: setup
	$(BIN)/python bench/bench_cli.py

bench-reader: setup
	$(BIN)/python bench/bench_reader.py $(BENCH_N)

clean:
	rm -rf build dist .pytest_cache .mypy_cache .ruff_cache .hypothesis *.egg-info
	find cchc_cli tests schemas templates -name __pycache__ -type d -prune -exec rm -rf {} + 2>/dev/null || true

distclean: clean
	rm -rf $(VENV)
