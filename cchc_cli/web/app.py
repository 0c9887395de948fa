"""Routes of the local page. Every action calls `cchc_cli.api`; nothing here knows how a return is checked.

Page actions (each is documented in docs/; tests/test_docs.py reads ACTIONS):
"""

from __future__ import annotations

import contextlib
import importlib.resources
import os
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any
from urllib.parse import quote

import jinja2
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import FileResponse, JSONResponse, RedirectResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles
from starlette.templating import Jinja2Templates

from cchc_cli import __version__, api, reminders
from cchc_cli.errors import CchcError, SchemaError
from cchc_cli.status import STATE_MEANINGS
from cchc_cli.validation.report import STATUS_ERRORS, STATUS_OK, STATUS_UNUSABLE, STATUS_WARNINGS
from cchc_cli.web.jobs import Job, Jobs
from cchc_cli.web.schema_words import plain_problems
from cchc_cli.web.security import BodyTooLarge, Guard

#: What a specialist can do on the page: (path, what it is called on the page). docs/ must name every one.
ACTIONS = {
    "/": "Tổng quan",
    "/nhan-bao-cao": "Nhận báo cáo",
    "/don-vi/{code}": "Chi tiết đơn vị",
    "/bieu-mau": "Tạo biểu mẫu",
    "/tong-hop": "Tổng hợp",
    "/bao-cao": "Dự thảo báo cáo",
    "/luoc-do": "Lược đồ",
    "/ban-danh-dau": "Tải bản đánh dấu",
}

NAV = [
    ("/", "Tổng quan"),
    ("/nhan-bao-cao", "Nhận báo cáo"),
    ("/bieu-mau", "Biểu mẫu"),
    ("/tong-hop", "Tổng hợp và báo cáo"),
    ("/luoc-do", "Lược đồ"),
]

#: The colour of each state on the page (the words are status.STATE_MEANINGS').
STATE_CLASS = {
    reminders.STATE_LABELS[reminders.MISSING]: "missing",
    STATUS_OK: "ok",
    STATUS_WARNINGS: "warn",
    STATUS_ERRORS: "bad",
    STATUS_UNUSABLE: "bad",
    reminders.STATE_LABELS[reminders.LATE]: "late",
}


def short_path(path: Path | str, keep: int = 2) -> str:
    """``…\\bao-cao-cchc\\bao-cao-nhan``: the last ``keep`` parts of a long folder path (the page shows the whole
    path in a tooltip), with the separator of this machine."""
    parts = Path(path).parts
    if len(parts) <= keep + 1:
        return str(path)
    return "…" + os.sep + os.sep.join(parts[-keep:])




def _templates() -> Jinja2Templates:
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("cchc_cli.web", "templates"),
        autoescape=True,  # everything from a return (names, cells, notes) is text, never markup
        trim_blocks=True,
        lstrip_blocks=True,
        undefined=jinja2.StrictUndefined,
    )
    env.globals.update(nav=NAV, version=__version__, state_class=STATE_CLASS, local_time=api.local_time)
    env.globals.update(can_annotate=api.can_annotate, state_meanings=STATE_MEANINGS)
    env.globals.update(upload_accept=",".join(sorted(api.UPLOAD_SUFFIXES)))  # the file chooser offers what is taken
    env.filters["q"] = lambda s: quote(str(s), safe="")
    env.filters["short_path"] = short_path
    return Jinja2Templates(env=env)


class Page:
    """State of one run: the campaign folder, the job runner, the templates."""

    def __init__(self, campaign: api.Campaign) -> None:
        self.campaign = campaign
        self.jobs = Jobs()
        self.templates = _templates()
        self._name: tuple[object, str] | None = None

    # -- helpers ---------------------------------------------------------------------------------------
    def campaign_name(self) -> str:
        """The campaign's name for the header: "Kế hoạch số 283/KH-UBND – UBND huyện Khánh Sơn" from its schema
        (read again when the schema file changes); the folder's name while the schema can't be read."""
        path = self.campaign.schema_path
        try:
            stamp: object = path.stat().st_mtime_ns if path is not None else None
        except OSError:
            stamp = "?"
        if self._name is None or self._name[0] != stamp:
            try:
                c = api.load_campaign_schema(self.campaign).campaign
                name = f"Kế hoạch số {c.plan_number} – {c.issuing_body_short}"
            except CchcError:
                name = self.campaign.root.name
            self._name = (stamp, name)
        return self._name[1]

    def render(self, request: Request, name: str, status: int = 200, **context: Any) -> Response:
        context.setdefault("campaign_name", self.campaign_name())
        context.setdefault("campaign", self.campaign)
        context.setdefault("active", request.url.path)
        return self.templates.TemplateResponse(request, name, context, status_code=status)

    def schema_or_page(self, request: Request) -> Any:
        try:
            return api.load_campaign_schema(self.campaign)
        except SchemaError as err:
            problems = plain_problems(err.problems, self.campaign.schema_path)
            return self.render(request, "loi-luoc-do.html", status=200, problems=problems)

    def download_url(self, path: Path) -> str:
        rel = path.resolve().relative_to(self.campaign.root.resolve())
        return "/tai-ve/" + "/".join(quote(part, safe="") for part in rel.parts)

    # -- pages -----------------------------------------------------------------------------------------
    async def overview(self, request: Request) -> Response:
        schema = self.schema_or_page(request)
        if isinstance(schema, Response):
            return schema
        returns_dir = self.campaign.folder("returns")
        report = await run_in_threadpool(api.validate_folder, schema, returns_dir)
        narratives = None
        if api.narratives_supported():
            try:
                narratives = api.narrative_units(schema, returns_dir, self.campaign.schema_path)
            except CchcError:
                narratives = None  # an outline the reader cannot use: the column says "chưa hỗ trợ"
        status = api.campaign_status(schema, report, narratives)
        return self.render(
            request, "tong-quan.html", status=200, st=status, schema=schema, collector=schema.campaign.collector
        )

    async def unit(self, request: Request) -> Response:
        schema = self.schema_or_page(request)
        if isinstance(schema, Response):
            return schema
        code = request.path_params["code"]
        if code not in schema.unit_by_code:
            raise HTTPException(404, "Không có đơn vị này trong lược đồ.")
        unit = schema.unit_by_code[code]
        report = await run_in_threadpool(api.validate_folder, schema, self.campaign.folder("returns"))
        files = [r for r in report.files if r.unit == code]
        collector = reminders.is_collector(schema, code)  # the collecting office does not remind itself
        texts = {r.name: "" if collector else api.reminder_text(schema, r, unit.name) for r in files}
        own = {r.name: api.own_task(schema, code, r) for r in files}
        missing = api.reminder_text(schema, None, unit.name) if not files and not collector else ""
        own_missing = api.own_task(schema, code, None) if not files else ""
        return self.render(
            request,
            "don-vi.html",
            unit=unit,
            files=files,
            reminders=texts,
            own=own,
            missing=missing,
            own_missing=own_missing,
            api=api,
        )

    async def upload_form(self, request: Request) -> Response:
        return self.render(request, "nhan-bao-cao.html", results=None, refused=[])

    async def upload(self, request: Request) -> Response:
        schema = self.schema_or_page(request)
        if isinstance(schema, Response):
            return schema
        try:
            form = await request.form(max_files=50, max_fields=10)
        except BodyTooLarge:
            return self.render(request, "nhan-bao-cao.html", status=413, results=None, refused=[("", "Tệp quá lớn.")])
        uploads = [f for f in form.getlist("tep") if isinstance(f, UploadFile) and f.filename]
        refused: list[tuple[str, str]] = []
        results: list[dict[str, Any]] = []
        returns_dir = self.campaign.folder("returns")
        saved_now: set[Path] = set()  # files stored by this upload: one chosen twice is checked once
        for up in uploads:
            data = await up.read(api.MAX_UPLOAD_BYTES + 1)
            try:
                received = await run_in_threadpool(api.receive, self.campaign, up.filename or "", data)
            except CchcError as err:
                refused.append((up.filename or "", str(err)))
                continue
            again = bool(received.already) and received.already[0] in saved_now
            saved_now.update(received.saved)
            sheets = [p for p in received.saved if p.suffix.lower() not in api.NARRATIVE_UPLOADS and not again]
            words = [p for p in received.saved if p.suffix.lower() in api.NARRATIVE_UPLOADS and not again]
            checked = await run_in_threadpool(api.check_files, schema, sheets)
            results.append(
                {
                    "original": received.original,
                    "saved": [p.relative_to(returns_dir).as_posix() for p in received.saved],
                    "already": [p.relative_to(returns_dir).as_posix() for p in received.already],
                    "clash": received.renamed_for_clash,
                    "cleaned": received.renamed_for_safety,
                    "checked": checked,
                    "words": [p.relative_to(returns_dir).as_posix() for p in words],
                    "reminders": {
                        r.name: ""
                        if reminders.is_collector(schema, r.unit)
                        else api.reminder_text(schema, r, r.unit_name or "đơn vị")
                        for r in checked
                    },
                    "own": {r.name: api.own_task(schema, r.unit, r) for r in checked},
                }
            )
        await form.close()  # the uploads' temporary files
        if not uploads and not refused:
            refused.append(("", "Chưa chọn tệp nào."))
        return self.render(
            request,
            "nhan-bao-cao.html",
            results=results,
            refused=refused,
            api=api,
            narratives=api.narratives_supported(),
        )

    async def annotated(self, request: Request) -> Response:
        """The annotated copy of one return of the returns folder, as a download (nothing written)."""
        schema = self.schema_or_page(request)
        if isinstance(schema, Response):
            return schema
        name = request.query_params.get("tep", "")
        report = await run_in_threadpool(api.validate_folder, schema, self.campaign.folder("returns"))
        result = next((r for r in report.files if r.name == name), None)
        if result is None:
            raise HTTPException(404, "Không có tệp này trong thư mục báo cáo nhận.")
        data = await run_in_threadpool(api.annotated_bytes, result, schema)
        if data is None:
            raise HTTPException(404, "Tệp này không có gì cần đánh dấu, hoặc không đánh dấu được (chỉ tệp .xlsx).")
        filename = api.annotated_file_name(result)
        return Response(
            data,
            media_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            headers={"content-disposition": f"attachment; filename*=UTF-8''{quote(filename)}"},
        )

    async def templates_page(self, request: Request) -> Response:
        schema = self.schema_or_page(request)
        if isinstance(schema, Response):
            return schema
        from cchc_cli.generate import plan_templates

        layouts, empty = plan_templates(schema, schema.units)
        folder = self.campaign.folder("templates")
        rows = [(lay.unit, lay.file_name, (folder / lay.file_name).is_file()) for lay in layouts]
        return self.render(request, "bieu-mau.html", rows=rows, empty=empty, folder=folder)

    async def templates_job(self, request: Request) -> Response:
        schema = self.schema_or_page(request)
        if isinstance(schema, Response):
            return schema
        form = await request.form(max_files=0, max_fields=5)
        unit = str(form.get("don_vi") or "")
        if unit and unit not in schema.unit_by_code:
            raise HTTPException(400, "Không có đơn vị này.")

        def work(job: Job) -> None:
            out = self.campaign.ensure("templates")
            before = {p.name for p in out.glob("*.xlsx")}
            result = api.generate_into(schema, out, [unit] if unit else None, progress=job.step, total=_total(job, 1))
            paths = [p for _, _, p in result.written]
            replaced = sum(1 for p in paths if p.name in before)
            if unit:
                job.message = f"Đã tạo biểu mẫu của {schema.unit_by_code[unit].name} trong thư mục {short_path(out)}."
                job.links = [(f"Tải biểu mẫu {paths[0].name}", self.download_url(paths[0]))] if paths else []
                if not paths:
                    job.message = f"{schema.unit_by_code[unit].name} không có chỉ tiêu nào phải báo cáo."
                return
            job.label = "Đóng gói tệp .zip"
            archive = out / "bieu-mau-tat-ca.zip"
            api.write_bytes_atomic(archive, api.zip_files(paths))
            job.message = f"Đã tạo {len(paths)} biểu mẫu trong thư mục {short_path(out)}" + (
                f" ({replaced} biểu mẫu cũ cùng tên được thay bằng bản mới)." if replaced else "."
            )
            job.links = [(f"Tải tất cả ({archive.name})", self.download_url(archive))]

        title = f"Tạo biểu mẫu – {schema.unit_by_code[unit].name}" if unit else "Tạo biểu mẫu cho mọi đơn vị"
        return RedirectResponse(f"/viec/{self.jobs.start(title, work).id}", status_code=303)

    async def outputs_page(self, request: Request) -> Response:
        master_dir, report_dir = self.campaign.folder("master"), self.campaign.folder("report")
        master = [p for p in (master_dir / "tong-hop.xlsx", master_dir / "du-lieu.csv") if p.is_file()]
        drafts = (
            sorted(report_dir.glob("*.docx"), key=lambda p: p.stat().st_mtime, reverse=True)
            if report_dir.is_dir()
            else []
        )
        return self.render(
            request,
            "tong-hop.html",
            master=[(p, self.download_url(p)) for p in master],
            drafts=[(p, self.download_url(p)) for p in drafts[:10]],
        )

    def _returns_job(self, title: str, finish: Any) -> Response:
        campaign = self.campaign

        def work(job: Job) -> None:
            schema = api.load_campaign_schema(campaign)
            job.label = "Kiểm tra các báo cáo đã nhận"
            report = api.validate_folder(schema, campaign.folder("returns"), progress=job.step, total=_total(job, 2))
            finish(job, schema, report)

        return RedirectResponse(f"/viec/{self.jobs.start(title, work).id}", status_code=303)

    async def merge_job(self, request: Request) -> Response:
        def finish(job: Job, schema: Any, report: Any) -> None:
            job.label = "Ghi bảng tổng hợp"
            master, xlsx, csv_path = api.merge_into(schema, report, self.campaign.folder("master"))
            job.step("Ghi bảng tổng hợp")
            left = [f"{s.name} ({s.reason})" if s.reason else s.name for s in master.status if not s.used]
            job.message = f"Đã tổng hợp {len(master.by_unit)}/{len(master.status)} đơn vị." + (
                f" Chưa có trong tổng hợp: {', '.join(left)}." if left else ""
            )
            job.links = [
                (f"Tải bảng tổng hợp ({xlsx.name})", self.download_url(xlsx)),
                (f"Tải bảng dữ liệu ({csv_path.name})", self.download_url(csv_path)),
            ]

        return self._returns_job("Tổng hợp số liệu", finish)

    async def draft_job(self, request: Request) -> Response:
        def finish(job: Job, schema: Any, report: Any) -> None:
            job.label = "Dựng dự thảo báo cáo Word"
            draft = api.campaign_draft(self.campaign, schema, report)
            path, companion = draft.path, draft.companion
            job.step("Dựng dự thảo báo cáo Word")
            job.message = f"Đã ghi dự thảo {path.name} vào thư mục {short_path(path.parent)}."
            job.links = [(f"Tải dự thảo ({path.name})", self.download_url(path))]
            if companion is not None:
                job.message += f" Nội dung báo cáo của các đơn vị được tổng hợp trong tệp {companion.name}."
                job.links.append((f"Tải tổng hợp nội dung các đơn vị ({companion.name})", self.download_url(companion)))

        return self._returns_job("Dự thảo báo cáo", finish)

    async def job_page(self, request: Request) -> Response:
        job = self.jobs.get(request.path_params["job"])
        if job is None:
            raise HTTPException(404, "Không có việc này (trang đã được chạy lại?).")
        return self.render(request, "viec.html", job=job)

    async def job_state(self, request: Request) -> Response:
        job = self.jobs.get(request.path_params["job"])
        if job is None:
            raise HTTPException(404, "Không có việc này.")
        return JSONResponse(job.to_dict(), headers={"cache-control": "no-store"})

    async def schema_page(self, request: Request) -> Response:
        check = api.check_schema(self.campaign.schema_path)
        problems = plain_problems(check.problems, self.campaign.schema_path)
        return self.render(request, "luoc-do.html", check=check, problems=problems)

    async def download(self, request: Request) -> Response:
        rel = request.path_params["path"]
        root = self.campaign.root.resolve()
        path = (root / rel).resolve()
        allowed = [self.campaign.folder(k).resolve() for k in api.FOLDERS]
        if not path.is_file() or not any(path.is_relative_to(a) for a in allowed):
            raise HTTPException(404, "Không có tệp này.")
        return _download(path)


def _total(job: Job, more: int) -> Any:
    """The facade's ``total`` callback: the job's steps are the facade's and ``more`` of the page's own."""

    def total(steps: int) -> None:
        job.total = steps + more

    return total


def _download(path: Path) -> Response:
    return FileResponse(path, filename=path.name, content_disposition_type="attachment")


#: Starlette's own answers (a page or a method that does not exist) in the page's words.
HTTP_WORDS = {
    404: "Không có trang này. Quay lại trang chính để chọn việc cần làm.",
    405: "Trang này không mở theo cách đó. Quay lại trang chính rồi bấm nút tương ứng.",
}


async def _http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HTTPException)
    page: Page = request.app.state.page
    message = exc.detail
    if message in ("Not Found", "Method Not Allowed") or not message or message.isascii():
        message = HTTP_WORDS.get(exc.status_code, f"Không thực hiện được yêu cầu (mã {exc.status_code}).")
    return page.render(request, "loi.html", status=exc.status_code, message=message)


async def _unexpected(request: Request, exc: Exception) -> Response:
    """A bug, not bad input: say so in words, with what to send the developer (the console has the traceback)."""
    page: Page = request.app.state.page
    message = (
        f"Lỗi không mong đợi ({type(exc).__name__}: {exc}). Chụp màn hình này gửi người phát triển; "
        "cửa sổ dòng lệnh đen có thêm chi tiết."
    )
    return page.render(request, "loi.html", status=500, message=message)


def _lifespan(page: Page) -> Any:
    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        yield
        page.jobs.shutdown()

    return lifespan


def create_app(campaign: api.Campaign, *, token: str, hosts: set[str], port: int) -> Starlette:
    """The ASGI app for ``campaign``, guarded by ``token`` and the allowed ``hosts`` ("127.0.0.1:PORT")."""
    page = Page(campaign)
    static = importlib.resources.files("cchc_cli.web") / "static"
    routes = [
        Route("/", page.overview),
        Route("/nhan-bao-cao", page.upload_form, methods=["GET"]),
        Route("/nhan-bao-cao", page.upload, methods=["POST"]),
        Route("/don-vi/{code}", page.unit),
        Route("/ban-danh-dau", page.annotated),
        Route("/bieu-mau", page.templates_page, methods=["GET"]),
        Route("/bieu-mau", page.templates_job, methods=["POST"]),
        Route("/tong-hop", page.outputs_page, methods=["GET"]),
        Route("/tong-hop", page.merge_job, methods=["POST"]),
        Route("/bao-cao", page.draft_job, methods=["POST"]),
        Route("/viec/{job}", page.job_page),
        Route("/viec/{job}/trang-thai", page.job_state),
        Route("/luoc-do", page.schema_page),
        Route("/tai-ve/{path:path}", page.download),
        Mount("/static", StaticFiles(directory=str(static)), name="static"),
    ]
    app = Starlette(
        routes=routes,
        middleware=[Middleware(Guard, token=token, hosts=hosts, port=port)],
        exception_handlers={HTTPException: _http_error, Exception: _unexpected},
        lifespan=_lifespan(page),
    )
    app.state.page = page
    return app
