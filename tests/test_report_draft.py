"""The draft a Chủ tịch can sign: no false sentence with units missing, each gap said once, results against
targets, the ND30 form (date, DỰ THẢO, annex after the signature), a draft for any schema, outline mistakes."""

from __future__ import annotations

import datetime as dt
import itertools
import re
from pathlib import Path

import pytest
from docx import Document
from docx.document import Document as DocumentObject
from docx.enum.text import WD_COLOR_INDEX
from docx.oxml.ns import qn
from report_data import example_master
from typer.testing import CliRunner

from cchc_cli.errors import CchcError
from cchc_cli.merge.engine import Aggregator, build_master
from cchc_cli.merge.model import MasterData, UnitStatus
from cchc_cli.report import render_report
from cchc_cli.report.charts import x_labels
from cchc_cli.report.context import build_series
from cchc_cli.schema import load_schema
from cchc_cli.targets import evaluate, target_problems

TODAY = dt.date(2020, 6, 5)
HERE = Path(__file__).resolve().parent
CAMPAIGN = HERE.parent / "examples" / "khanh-son-2020"
QUARTERS = HERE / "data" / "quy-tinh.yaml"
MISSING = ("NV", "22735")  # Phòng Nội vụ and Xã Ba Cụm Nam send nothing


def _body(doc: DocumentObject) -> list[str]:
    return [" ".join(p.text.split()) for p in doc.paragraphs if p.style.name == "Normal" and p.text.strip()]


def _para(doc: DocumentObject, start: str) -> str:
    found = [t for t in _body(doc) if t.startswith(start)]
    assert found, start
    return found[0]


@pytest.fixture(scope="module")
def missing_doc(tmp_path_factory: pytest.TempPathFactory) -> DocumentObject:
    master = example_master(*MISSING)
    out = render_report(master, tmp_path_factory.mktemp("thieu") / "bao-cao.docx", today=TODAY)
    return Document(str(out))


@pytest.fixture(scope="module")
def campaign_master() -> MasterData:
    from cchc_cli.validation.engine import validate_paths

    schema = load_schema()
    return build_master(schema, validate_paths(schema, [CAMPAIGN / "bao-cao"], workers=1))


@pytest.fixture(scope="module")
def campaign_doc(campaign_master: MasterData, tmp_path_factory: pytest.TempPathFactory) -> DocumentObject:
    return Document(str(render_report(campaign_master, tmp_path_factory.mktemp("du") / "a.docx", today=TODAY)))


# ---- no false sentence --------------------------------------------------------------------------------------------
def test_missing_flags_never_become_no(missing_doc):
    text = "\n".join(_body(missing_doc))
    assert "huyện chưa xây dựng, áp dụng bộ tiêu chí" not in text
    assert "chưa tổ chức cuộc thi" not in text
    holes = [p.text for p in missing_doc.paragraphs if "bộ tiêu chí đánh giá kết quả CCHC" in p.text]
    assert holes and holes[0].startswith("[Cần bổ sung – Phòng Nội vụ]") and "(chưa có số liệu)" in holes[0]
    runs = [r for p in missing_doc.paragraphs if "Việc tổ chức cuộc thi" in p.text for r in p.runs]
    assert any("Việc tổ chức cuộc thi" in r.text and r.font.highlight_color == WD_COLOR_INDEX.YELLOW for r in runs)


def test_missing_grades_are_unassessed_not_failed(missing_doc):
    text = "\n".join(p.text for p in missing_doc.paragraphs)
    failed = text[text.index("mục tiêu không đạt:") : text.index("Còn 5 mục tiêu chưa có kết quả tự đánh giá")]
    for goal in ("Mục tiêu 2:", "Mục tiêu 3:", "Mục tiêu 4:", "Mục tiêu 11:"):  # Phòng Nội vụ leads them
        assert goal not in failed
        assert goal in text[text.index("Còn 5 mục tiêu chưa có kết quả tự đánh giá") :]


def test_each_gap_said_once_per_paragraph_and_grammatically(missing_doc):
    body = _body(missing_doc)
    with_gaps = [t for t in body if "thiếu số liệu của" in t]
    assert len(with_gaps) >= 10
    for t in with_gaps:
        assert t.count("thiếu số liệu của") == 1, t
        assert t.endswith("; đề nghị bổ sung."), t
    text = "\n".join(body)
    assert "chưa có số liệu (thiếu" not in text and "ban hành chưa có số liệu" not in text
    vb = _para(missing_doc, "Từ năm 2015 đến năm 2019, Huyện ủy, UBND huyện")
    assert "đã ban hành […] văn bản chỉ đạo" in vb
    assert vb.endswith("Chỗ «[…]»: thiếu số liệu của Phòng Nội vụ; đề nghị bổ sung.")
    marks = [
        r for p in missing_doc.paragraphs if p.text.startswith("Từ năm 2015 đến năm 2019, Huyện ủy") for r in p.runs
    ]
    assert all(r.font.highlight_color == WD_COLOR_INDEX.YELLOW for r in marks if r.text == "[…]")


def test_opening_note_names_missing_units_once(missing_doc):
    note = _para(missing_doc, "Lưu ý khi hoàn thiện dự thảo")
    assert "12/14 cơ quan, đơn vị, địa phương; chưa nhận được báo cáo của Phòng Nội vụ và Xã Ba Cụm Nam." in note
    assert note.count("Phòng Nội vụ") == 1 and note.count("Xã Ba Cụm Nam") == 1


def test_same_and_levels_figures_stay_complete_without_one_commune(missing_doc):
    tthc = _para(missing_doc, "Tính đến ngày 31/3/2020, tổng số TTHC")
    assert "thiếu số liệu" not in tthc and "chưa đầy đủ" not in tthc
    runs = [
        r for p in missing_doc.paragraphs if p.text.startswith("Tính đến ngày 31/3/2020, tổng số TTHC") for r in p.runs
    ]
    assert not any(r.font.highlight_color == WD_COLOR_INDEX.YELLOW for r in runs)
    simplified = _para(missing_doc, "Số TTHC được đơn giản hóa sau rà soát")
    assert "(cấp huyện và cấp xã; số của cấp huyện cộng số chung mà các xã cùng báo cáo)" in simplified
    assert "thiếu số liệu" not in simplified


def test_percentages_have_one_decimal(campaign_doc):
    quoted_targets = {"80%", "90%", "35%", "100%"}  # the plan's own words, quoted
    for t in (t for t in _body(campaign_doc) if not t.startswith("- Mục tiêu")):  # goals quote the plan
        for m in re.finditer(r"(?<![\d,.])\d+(?:,\d+)?%", t):
            assert "," in m.group(0) or m.group(0) in quoted_targets, (m.group(0), t)


def test_series_in_prose_not_per_year_lists(campaign_doc):
    text = "\n".join(_body(campaign_doc))
    assert not re.search(r"năm 2015: [\d.,]+%?; năm 2016", text)
    dvc = _para(campaign_doc, "Về dịch vụ công trực tuyến")
    assert (
        "tăng từ 12 dịch vụ năm 2015 lên 52 dịch vụ năm 2019 (tăng 40, gấp 4,3 lần); năm 2020 (tính đến 31/3): 58"
        in dvc
    )


def test_counts_are_scoped_and_not_read_as_a_sum(campaign_doc):
    org = _para(campaign_doc, "Đến tháng 12/2019, UBND huyện có")
    assert org.startswith("Đến tháng 12/2019, UBND huyện có 12 cơ quan chuyên môn (phòng và thanh tra), trong đó 11")
    assert "Năm 2019, ở cấp huyện, biên chế" in "\n".join(_body(campaign_doc))


# ---- results against targets --------------------------------------------------------------------------------------
def _targets_table(doc: DocumentObject):
    return next(t for t in doc.tables if t.rows[0].cells[0].text == "Mục tiêu, chỉ tiêu đo")


def _goal_rows(table) -> dict[str, list[list[str]]]:
    """Goal number → [the goal row's cells, then each measure row's cells] (a goal row starts "Mục tiêu N")."""
    groups: dict[str, list[list[str]]] = {}
    current = ""
    for row in table.rows[1:]:
        cells = [c.text for c in row.cells]
        found = re.match(r"Mục tiêu (\d+)", cells[0])
        if found or not cells[0].startswith("- "):
            current = found.group(1) if found else cells[0]
            groups[current] = []
        groups[current].append(cells)
    return groups


def test_targets_table_flags_the_contradictions(campaign_doc):
    table = _targets_table(campaign_doc)
    rows = _goal_rows(table)
    assert rows["7"][0][3:] == ["chưa đạt", "Đạt", "cần xem lại"]
    assert rows["7"][1][2].startswith("89,3%") and rows["7"][1][3] == "chưa đạt"
    assert rows["10"][0][3:] == ["chưa đạt", "Đạt", "cần xem lại"]
    assert rows["2"][0][3:] == ["đạt", "Đạt", ""]
    assert rows["9"][0][3:] == ["chưa đạt", "Không đạt", ""]  # 35,2% ≥ 35% but 96,1% < 100%: not reached, as rated
    assert [m[3] for m in rows["9"][1:]] == ["đạt", "chưa đạt"]
    assert rows["1"] == [[rows["1"][0][0]] * 3 + ["—", "Đạt", ""]]  # no measure: one row, no indicator rows
    review = [r for r in table.rows if r.cells[-1].text == "cần xem lại"]
    assert all(
        run.font.highlight_color == WD_COLOR_INDEX.YELLOW for r in review for run in r.cells[-1].paragraphs[0].runs
    )
    intro = _para(campaign_doc, "Đối chiếu kết quả với các mục tiêu")
    assert "2 mục tiêu có kết quả tự đánh giá khác với số liệu (mục tiêu 7 và 10)" in intro


def test_targets_are_judged_once_for_report_and_merge(campaign_master):
    found = [f for f in campaign_master.cross_findings if f.code == "tu-danh-gia-khac-tong-hop"]
    assert sorted((f.unit, f.indicator) for f in found) == [("VHTT", "s8_mt07"), ("VP", "s8_mt10")]
    assert "89,3%" in next(f.message for f in found if f.unit == "VHTT")
    schema = campaign_master.schema
    results = evaluate(schema, lambda i, p: (campaign_master.value(i, p).value, campaign_master.value(i, p).complete))
    staffing = next(r for r in results if r.target.id == "tinh_gian_bien_che")
    assert staffing.met is False and round(staffing.measures[0].actual or 0, 1) == -5.4  # 92 → 87
    assert not staffing.disagrees  # no self-assessment to contradict


def test_incomplete_figures_judge_nothing():
    schema = load_schema()
    results = evaluate(schema, lambda i, p: (95.0, False) if i == "s7_vb_dien_tu" else (None, False))
    goal7 = next(r for r in results if r.target.id == "mt07")
    assert goal7.met is None and not goal7.disagrees


def test_schema_check_catches_a_wrong_target():
    schema = load_schema()
    bad = schema.model_copy(
        update={"targets": [schema.targets[1].model_copy(update={"goal": "s1_vbcd"}), schema.targets[1]]}
    )
    problems = [msg for _, msg in target_problems(bad)]
    assert any("s1_vbcd" in m and "grade" in m for m in problems)
    assert any("bị trùng" in m for m in problems)


# ---- form ----------------------------------------------------------------------------------------------------------
def test_date_line_is_left_for_the_clerk_or_given(tmp_path):
    master = example_master()
    doc = Document(str(render_report(master, tmp_path / "a.docx", today=dt.date(2026, 11, 29))))
    assert doc.tables[0].rows[1].cells[1].text == "Khánh Sơn, ngày      tháng      năm 2020"
    assert doc.paragraphs[0].text == "DỰ THẢO"
    final = render_report(master, tmp_path / "b.docx", today=TODAY, date=dt.date(2020, 6, 5), final=True)
    doc = Document(str(final))
    assert doc.tables[0].rows[1].cells[1].text == "Khánh Sơn, ngày 05 tháng 6 năm 2020"
    assert "DỰ THẢO" not in "\n".join(p.text for p in doc.paragraphs)


def test_cli_date_and_final_options(tmp_path, campaign_master):
    from cchc_cli.cli import app
    from cchc_cli.merge.workbook import master_bytes

    book = tmp_path / "tong-hop.xlsx"
    book.write_bytes(master_bytes(campaign_master))
    out = tmp_path / "bc.docx"
    runner = CliRunner()
    args = ["render-report", "--data", str(book), "--out", str(out), "--ngay", "05/6/2020", "--ban-chinh-thuc"]
    result = runner.invoke(app, args, terminal_width=120)
    assert result.exit_code == 0, result.output
    doc = Document(str(out))
    assert doc.tables[0].rows[1].cells[1].text == "Khánh Sơn, ngày 05 tháng 6 năm 2020"
    assert doc.paragraphs[0].text != "DỰ THẢO"
    bad = runner.invoke(app, [*args[:5], "--ngay", "31/02/2020", "--force"], terminal_width=120)
    assert bad.exit_code == 2 and "31/02/2020" in bad.output


def test_annex_after_the_signature_and_rows_kept_with_their_parent(campaign_doc):
    body = campaign_doc.element.body
    blocks = list(body.iterchildren())
    closing = next(i for i, b in enumerate(blocks) if b.tag == qn("w:tbl") and "Nơi nhận" in "".join(b.itertext()))
    annex = next(i for i, b in enumerate(blocks) if "(Kèm theo Báo cáo số" in "".join(b.itertext()))
    first_data = next(
        i
        for i, b in enumerate(blocks)
        if i > closing and b.tag == qn("w:tbl") and "Số lượng văn bản chỉ đạo" in "".join(b.itertext())
    )
    assert closing < annex < first_data
    assert "(có Phụ lục kèm theo)" in _body(campaign_doc)
    table = next(
        t
        for t in campaign_doc.tables
        if len(t.rows) > 1 and len(t.columns) > 2 and t.rows[1].cells[1].text.startswith("Số lượng văn bản chỉ")
    )
    parent = table.rows[1]  # "1 Số lượng văn bản chỉ đạo, điều hành", then its two sub-rows
    assert parent.cells[0].paragraphs[0].paragraph_format.keep_with_next
    text_row = next(
        r for t in campaign_doc.tables for r in t.rows if r.cells[1].text.startswith("Hình thức tuyên truyền")
    )
    span = text_row._tr.findall(qn("w:tc"))[-1].find(qn("w:tcPr")).find(qn("w:gridSpan"))
    assert span is not None and span.get(qn("w:val")) == "6"
    assert "Năm 2016: Chuyên mục trên Đài Truyền thanh" in text_row.cells[-1].text


def test_goals_numbered_as_in_the_plan_in_the_annex(campaign_doc):
    table = campaign_doc.tables[-1]
    numbers = [r.cells[0].text for r in table.rows[1:]]
    assert numbers == ["1", "2", "3", "4", "5", "7", "8", "9", "10", "11", "12"]


def test_chart_axis_uses_period_labels():
    from cchc_cli.report.figures import Figure, PeriodView

    schema = load_schema(QUARTERS)
    quarters = [PeriodView.of(p) for p in schema.periods if p.kind == "year"]
    labels = x_labels([Figure("x", "count", p, 1) for p in quarters])
    assert labels[:3] == ["Quý 1/2024", "Quý 2/2024", "Quý 3/2024"] and "2024" not in labels
    assert labels[3] == "Quý 4/2024\n(số liệu\n14/12)"
    ks = {p.id: PeriodView.of(p) for p in load_schema().periods}
    assert x_labels([Figure("x", "count", ks[i], 1) for i in ("y2019", "y2020")]) == ["2019", "2020\n(đến 31/3)"]
    odd = PeriodView("y2020", "Năm 2020 (quý I)", 2020, True, "year")
    assert x_labels([Figure("x", "count", ks["y2019"], 1), Figure("x", "count", odd, 1)]) == ["2019", "2020*"]


# ---- a draft for any schema ----------------------------------------------------------------------------------------
def quarter_master(missing: str | None = None) -> MasterData:
    schema = load_schema(QUARTERS)
    values = {
        "SNV": {("co_khao_sat", q): v for q, v in zip(("q1", "q2", "q3", "q4"), ("0", "x", "x", "x"), strict=True)},
        "VPUB": {
            **{("hs_tiep_nhan", q): v for q, v in zip(("q1", "q2", "q3", "q4"), (100, 120, 150, 90), strict=True)},
            **{("ty_le_dt", q): v for q, v in zip(("q1", "q2", "q3", "q4"), (30.0, 41.5, 47.25, 52.0), strict=True)},
            ("mt_truc_tuyen", "dg2024"): "Không đạt",
        },
        "00010": {
            **{("hs_tiep_nhan", q): v for q, v in zip(("q1", "q2", "q3", "q4"), (10, 12, 15, 9), strict=True)},
            **{("dm_tthc_xa", q): 106 for q in ("q1", "q2", "q3", "q4")},
        },
        "00013": {
            **{("hs_tiep_nhan", q): v for q, v in zip(("q1", "q2", "q3", "q4"), (5, 6, 7, 4), strict=True)},
            **{("dm_tthc_xa", q): 106 for q in ("q1", "q2", "q3", "q4")},
        },
    }
    by_unit = {k: v for k, v in values.items() if k != missing}
    agg = Aggregator(schema, by_unit)
    for ind in schema.indicators:
        for p in schema.section_by_id[ind.section].periods:
            agg.compute(ind, p)
    status = [UnitStatus(c, schema.unit_by_code[c].name, received=c != missing, used=c != missing) for c in values]
    return MasterData(schema=schema, district=agg.district, by_unit=by_unit, provenance={}, status=status)


def test_generic_draft_for_a_quarterly_schema(tmp_path):
    master = quarter_master()
    doc = Document(str(render_report(master, tmp_path / "quy.docx", today=TODAY)))
    headings = [" ".join(p.text.split()) for p in doc.paragraphs if p.style.name.startswith("Heading")]
    assert "1. Kết quả giải quyết thủ tục hành chính" in headings
    assert any(h.startswith("Phần thứ nhất") for h in headings)
    hs = _para(doc, "- Số hồ sơ đã tiếp nhận")
    # toàn tỉnh = Văn phòng UBND tỉnh + the two communes: Q1 115, Q3 172, Q4 (to 14/12) 103
    assert hs.startswith("- Số hồ sơ đã tiếp nhận (toàn tỉnh): tăng từ 115 hồ sơ quý 1/2024 lên 172 hồ sơ quý 3/2024")
    assert "quý 4/2024 (số liệu 14/12): 103 hồ sơ" in hs
    rate = _para(doc, "- Tỷ lệ hồ sơ trực tuyến")
    assert "từ 30,0% quý 1/2024 lên 47,3% quý 3/2024 (tăng 17,3 điểm phần trăm)" in rate
    flag = _para(doc, "- Có khảo sát sự hài lòng")
    assert "có ở quý 2/2024, quý 3/2024 và quý 4/2024" in flag
    same = _para(doc, "- Số TTHC cấp xã")
    assert same.startswith("- Số TTHC cấp xã: giữ ở mức 106 TTHC")  # the scope is not repeated
    holes = [p.text for p in doc.paragraphs if p.style.name == "Cần bổ sung"]
    assert holes[0].startswith("[Cần bổ sung – Văn phòng UBND tỉnh, UBND các xã và Sở Nội vụ]")
    table = next(t for t in doc.tables if t.rows[0].cells[0].text == "STT")
    row = next(r for r in table.rows if r.cells[1].text == "Số hồ sơ đã tiếp nhận")
    assert [c.text for c in row.cells[-4:]] == ["115", "138", "172", "103"]
    targets = _targets_table(doc)
    assert [c.text for c in targets.rows[1].cells[3:]] == ["đạt", "Không đạt", "cần xem lại"]  # 52,0% ≥ 50%
    assert doc.tables[0].rows[1].cells[1].text == "Thử, ngày      tháng      năm 2024"


def test_generic_draft_with_a_missing_commune(tmp_path):
    master = quarter_master("00013")
    doc = Document(str(render_report(master, tmp_path / "quy.docx", today=TODAY)))
    hs = _para(doc, "- Số hồ sơ đã tiếp nhận")
    assert hs.endswith("Số tô vàng chưa đầy đủ: thiếu số liệu của Xã Hai; đề nghị bổ sung.")
    assert "thiếu" not in _para(doc, "- Số TTHC cấp xã")  # one shared list: complete
    assert "chưa nhận được báo cáo của Xã Hai" in _para(doc, "Lưu ý khi hoàn thiện dự thảo")


def test_totals_say_which_periods_they_include():
    series = build_series(quarter_master())["hs_tiep_nhan"]
    total = series.total()
    assert total.value == 115 + 138 + 172
    assert str(total.span) == "quý 1/2024, quý 2/2024 và quý 3/2024"
    assert total.left_out_note == ", chưa tính quý 4/2024 (số liệu 14/12)"


# ---- outline mistakes: all of them, at the caller's line, in Vietnamese ---------------------------------------------
def test_every_outline_mistake_in_one_run_with_caller_lines(tmp_path):
    outline = tmp_path / "de-cuong.md.j2"
    outline.write_text(
        "{% macro nam(s) %}{{ s.y2030 }}{% endmacro %}\n"
        "# Phần thứ nhất\n"
        "\n"
        "Số TTHC: {{ ind.s3_tthc_huyn.y2019 }}.\n"
        "\n"
        "{{ nam(ind.s3_tthc_huyen) }}\n"
        "\n"
        "{{ office('NV', 'KTH') }} {{ table('s33') }}\n",
        encoding="utf-8",
    )
    with pytest.raises(CchcError) as err:
        render_report(example_master(), tmp_path / "x.docx", template=outline, today=TODAY)
    message = str(err.value)
    assert message.startswith("mẫu báo cáo de-cuong.md.j2 có 4 lỗi:")
    assert "- dòng 4: không có chỉ tiêu «s3_tthc_huyn» trong lược đồ; gần giống: «s3_tthc_huyen»" in message
    assert "- dòng 6: chỉ tiêu «s3_tthc_huyen» không có kỳ «y2030»" in message and "(trong macro, dòng 1)" in message
    assert "- dòng 8: office(): không có đơn vị hay nhóm mã «KTH»; gần giống: «KTHT»" in message
    assert "- dòng 8: không có bảng «s33»" in message and "«s3»" in message
    for python_word in ("object", "Series", "dict", "Traceback", "NoneType"):
        assert python_word not in message
    assert not (tmp_path / "x.docx").exists()


def test_every_outline_helper_is_documented():
    from cchc_cli.report.context import Goal, Goals, Submission, build_context
    from cchc_cli.report.figures import Change, Figure, Flags, PeriodView, Series, Total
    from cchc_cli.report.template import make_env

    guide = (HERE.parent / "templates" / "HUONG-DAN.md").read_text(encoding="utf-8")
    guide = re.sub(r"```.*?```", "", guide, flags=re.S)  # fenced examples are not the reference
    documented = set(re.findall(r"`([^`]+)`", guide))
    words = {w for d in documented for w in re.findall(r"[A-Za-z_][A-Za-z0-9_]*", d)}
    names = set(build_context(example_master(), TODAY)) | {"table", "chart"}
    env = make_env(HERE)
    names |= {n for n in env.filters if n in ("number", "percent", "join_and")} | {"rate"}
    for cls in (Series, Figure, Total, Flags, Change, PeriodView, Goal, Goals, Submission):
        names |= {n for n in dir(cls) if not n.startswith("_") and n != "of"}
        names |= set(getattr(cls, "__dataclass_fields__", {}))
    missing = sorted(n for n in names if n not in words)
    assert not missing, f"not in templates/HUONG-DAN.md: {missing}"


def test_each_placeholder_is_its_own_paragraph_directly_under_its_heading(campaign_doc):
    """The contract with the narrative step: heading (numbered, Word heading style) then its placeholder(s)."""
    paragraphs = [p for p in campaign_doc.paragraphs if p.text.strip()]
    holes = 0
    for before, p in itertools.pairwise(paragraphs):
        if p.style.name != "Cần bổ sung":
            continue
        holes += 1
        assert before.style.name.startswith("Heading") or before.style.name == "Cần bổ sung", p.text
        assert p.text.startswith("[Cần bổ sung – ")
        assert all(r.font.highlight_color == WD_COLOR_INDEX.YELLOW for r in p.runs if r.text.strip())
    assert holes >= 45
    assert campaign_doc.styles["Cần bổ sung"].style_id == "CanBoSung"


def test_charts_are_drawn_in_greys_with_the_target_line():
    import io

    from PIL import Image

    from cchc_cli.report.charts import ChartSpec, render_png

    series = build_series(example_master())
    lines = [series["s7_vb_dien_tu"], series["s7_hop_thu"]]
    plain_spec = ChartSpec("1", lines, ["Văn bản điện tử", "Hộp thư"], "Biểu đồ", "line", "%")
    target_spec = ChartSpec("1", lines, ["Văn bản điện tử", "Hộp thư"], "Biểu đồ", "line", "%", target=90.0)
    with_target = render_png(target_spec)
    assert with_target != render_png(plain_spec)
    image = Image.open(io.BytesIO(with_target)).convert("RGB")
    lo, hi = image.convert("HSV").split()[1].getextrema()  # saturation of every pixel
    assert hi <= 40, (lo, hi)  # greys only: nothing is told apart by colour alone


def test_key_figures_by_phase(campaign_doc):
    table = next(t for t in campaign_doc.tables if len(t.columns) > 2 and "Giai đoạn 2011" in t.rows[0].cells[2].text)
    rows = {r.cells[0].text: [c.text for c in r.cells[2:]] for r in table.rows[1:]}
    # examples/khanh-son-2020/so-lieu.yaml: Phòng Nội vụ 37 | 26 + 25 + 21 + 31 + 6 documents; e-documents 31,5 → 89,3
    assert rows["Số lượng văn bản chỉ đạo, điều hành"] == ["37", "109", "tổng các kỳ"]
    assert rows["Tỷ lệ văn bản hành chính được trao đổi dưới dạng điện tử"] == ["31,5", "89,3", "số cuối giai đoạn"]
    assert rows["Tổng số biên chế cán bộ, công chức: tổng số được giao"] == ["92", "87", "số cuối giai đoạn"]
