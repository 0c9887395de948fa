"""Background jobs of the local page (templates, merge, draft): one at a time, polled for progress."""

from __future__ import annotations

import secrets
import threading
import traceback
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any

from cchc_cli.errors import CchcError


@dataclass
class Job:
    id: str
    title: str
    total: int = 0
    done: int = 0
    label: str = ""
    state: str = "chờ"  # chờ → đang chạy → xong | lỗi
    message: str = ""
    links: list[tuple[str, str]] = field(default_factory=list)  # (text, url)
    error: str = ""

    def step(self, label: str) -> None:
        self.done += 1
        self.label = label

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "title": self.title,
            "total": self.total,
            "done": self.done,
            "label": self.label,
            "state": self.state,
            "message": self.message,
            "links": [{"text": t, "url": u} for t, u in self.links],
            "error": self.error,
        }


Work = Callable[[Job], None]


class Jobs:
    """Runs jobs one after another in a worker thread (two jobs never write the campaign folder at once)."""

    def __init__(self) -> None:
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="cchc-job")
        self._jobs: dict[str, Job] = {}
        self._lock = threading.Lock()

    def start(self, title: str, work: Work) -> Job:
        job = Job(secrets.token_hex(8), title)
        with self._lock:
            self._jobs[job.id] = job
        self._pool.submit(self._run, job, work)
        return job

    def get(self, job_id: str) -> Job | None:
        with self._lock:
            return self._jobs.get(job_id)

    def _run(self, job: Job, work: Work) -> None:
        job.state = "đang chạy"
        try:
            work(job)
        except CchcError as err:
            job.error = str(err)
            job.state = "lỗi"
            return
        except Exception as err:  # a bug: say so plainly, keep the details for the developer
            job.error = f"Lỗi không mong đợi ({type(err).__name__}: {err}). Gửi nội dung này cho người phát triển."
            job.message = traceback.format_exc(limit=5)
            job.state = "lỗi"
            return
        job.done = max(job.done, job.total)
        job.state = "xong"

    def shutdown(self) -> None:
        self._pool.shutdown(wait=False, cancel_futures=True)
