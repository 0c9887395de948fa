"""The narrative step of `render-report`: pull the units' text into the draft, write the companion document.

render.py calls :func:`narrative_step` once; the step wraps the draft's properties callback (run on the finished
python-docx Document before it is saved) and, after the draft is written, writes the companion document
"Tổng hợp nội dung báo cáo của các đơn vị theo đề cương" next to it.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from docx.document import Document as DocumentObject

from cchc_cli.errors import CchcError
from cchc_cli.narrative.collect import NarrativeSet
from cchc_cli.narrative.compilation import companion_path, write_compilation
from cchc_cli.narrative.pull import PullReport, insert_narratives


class NarrativeStep:
    def __init__(self, narratives: NarrativeSet | None, out: Path, *, force: bool) -> None:
        self.narratives = narratives
        self.companion = companion_path(out)
        self.force = force
        self.report: PullReport | None = None
        if narratives is not None and self.companion.exists() and not force:
            raise CchcError(f"tệp {self.companion} đã có; dùng --force để ghi đè")

    def wrap(self, properties: Callable[[DocumentObject], None]) -> Callable[[DocumentObject], None]:
        def apply(doc: DocumentObject) -> None:
            properties(doc)
            if self.narratives is not None:
                self.report = insert_narratives(doc, self.narratives)

        return apply

    def finish(self) -> Path | None:
        if self.narratives is None:
            return None
        return write_compilation(self.narratives, self.companion, force=True)


def narrative_step(narratives: Any, out: Path, *, force: bool) -> NarrativeStep:
    """A step that does nothing when ``narratives`` is None."""
    return NarrativeStep(narratives, Path(out), force=force)
