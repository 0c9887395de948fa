"""Collect the units' narrative reports from the returns folder: read, identify the unit, cut into outline headings.

A narrative is cut at its headings: Word heading styles, outline levels, bold or ALL-CAPS numbered paragraphs,
and plain numbered paragraphs whose text matches an outline heading closely. Each heading is placed on the outline
by :class:`~cchc_cli.narrative.headings.HeadingMatcher` (numbering and normalised text, within the tree). Text
under a heading that cannot be placed is kept as an "unplaced" section, never dropped.
"""

from __future__ import annotations

import datetime as dt
import tempfile
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from cchc_cli.narrative.fingerprint import KIND_COMPILATION, read_fingerprint
from cchc_cli.narrative.headings import HeadingMatcher, similarity, split_numbering, text_key
from cchc_cli.narrative.identify import identify_unit, load_mapping
from cchc_cli.narrative.outline import Outline, OutlineNode, load_outline
from cchc_cli.narrative.reader import (
    CONVERT_SUFFIXES,
    WORD_SUFFIXES,
    DocContent,
    DocPara,
    DocTable,
    NarrativeReadError,
    read_word,
)
from cchc_cli.narrative.template_marks import GUIDE_PREFIX, GUIDE_STYLE, REMINDER_TITLE
from cchc_cli.reading.book import ARCHIVE_SUFFIXES
from cchc_cli.reading.errors import Unreadable
from cchc_cli.reading.sources import ZIP_SEP, zip_members
from cchc_cli.schema.model import Schema, Unit
from cchc_cli.textutil import label_key

MAPPING_NAME = "don-vi-bao-cao.yaml"
WEAK_HEADING_CHARS = 160
STRONG_HEADING_CHARS = 250
RUN_IN_CHARS = 110


@dataclass
class Block:
    """A piece of a unit's text: "para" (text), "list" (a list item's text) or "table" (rows of cell texts)."""

    kind: str
    text: str = ""
    rows: list[list[str]] = field(default_factory=list)

    @property
    def plain(self) -> str:
        return self.text if self.kind != "table" else " | ".join(" ; ".join(r) for r in self.rows)


@dataclass
class Section:
    """The text a unit wrote under one heading. ``node`` is None when the heading could not be placed."""

    heading: str
    node: OutlineNode | None
    blocks: list[Block] = field(default_factory=list)


@dataclass
class NarrativeIssue:
    """A finding about a narrative file: stable ``code``, "error" | "warning", Vietnamese message."""

    code: str
    severity: str
    file: str
    message: str

    def to_dict(self) -> dict[str, str]:
        return {"code": self.code, "severity": self.severity, "file": self.file, "message": self.message}


@dataclass
class Narrative:
    """One unit's report: its unit (or None), how it was identified, its sections in document order."""

    path: Path
    unit: Unit | None = None
    identified_by: str = ""
    sections: list[Section] = field(default_factory=list)
    preamble: list[Block] = field(default_factory=list)
    closing: list[Block] = field(default_factory=list)
    expected: list[OutlineNode] = field(default_factory=list)
    modified: dt.datetime | None = None
    used: bool = True
    sort_index: int = 0  # the unit's place in the schema's unit list

    @property
    def label(self) -> str:
        return self.unit.name if self.unit else f"Đơn vị chưa xác định (tệp {self.path.name})"

    @property
    def placed(self) -> list[Section]:
        return [s for s in self.sections if s.node is not None and s.node.narrative and s.blocks]

    @property
    def unplaced(self) -> list[Section]:
        """Headings the outline lacks (or that report figures, Phần thứ tư) — they go to an appendix."""
        return [s for s in self.sections if (s.node is None or not s.node.narrative) and (s.blocks or s.node is None)]

    @property
    def covered(self) -> list[OutlineNode]:
        seen: dict[str, OutlineNode] = {}
        for s in self.placed:
            assert s.node is not None
            seen.setdefault(s.node.id, s.node)
        return list(seen.values())

    @property
    def missing(self) -> list[OutlineNode]:
        """Leaf headings of the unit's own outline it wrote nothing under (nor under an ancestor or descendant)."""
        covered = self.covered
        out = []
        for node in self.expected:
            if node.children or not node.narrative:
                continue
            if any(node.is_under(c) or c.is_under(node) for c in covered):
                continue
            out.append(node)
        return out

    def to_dict(self) -> dict[str, object]:
        return {
            "file": str(self.path),
            "unit": self.unit.code if self.unit else None,
            "unit_name": self.unit.name if self.unit else None,
            "identified_by": self.identified_by or None,
            "used": self.used,
            "covered": [n.title for n in self.covered],
            "missing": [n.title for n in self.missing],
            "unplaced": [s.heading or "(không có đề mục)" for s in self.unplaced],
        }


@dataclass
class NarrativeSet:
    """Every narrative found, files that could not be read, and the findings."""

    outline: Outline
    narratives: list[Narrative] = field(default_factory=list)
    issues: list[NarrativeIssue] = field(default_factory=list)

    @property
    def used(self) -> list[Narrative]:
        return [n for n in self.narratives if n.used]

    def contributions(self, node: OutlineNode) -> list[tuple[Narrative, list[Block]]]:
        """Each used narrative's text placed exactly on ``node``: the node's lead units first (in the outline's
        order), then the others in the schema's unit order, then unidentified files."""
        found: list[tuple[Narrative, list[Block]]] = []
        for narrative in self.used:
            blocks = [b for s in narrative.placed if s.node is node for b in s.blocks]
            if blocks:
                found.append((narrative, blocks))
        return sorted(found, key=lambda nb: _order_key(self.outline, node, nb[0]))

    def to_dict(self) -> dict[str, object]:
        return {
            "outline": self.outline.source,
            "files": [n.to_dict() for n in self.narratives],
            "issues": [i.to_dict() for i in self.issues],
        }


def _order_key(outline: Outline, node: OutlineNode, narrative: Narrative) -> tuple[int, int, str]:
    leads = outline.leads_of(node)
    if narrative.unit is None:
        return (2, 0, narrative.path.name)
    code = narrative.unit.code
    if code in leads:
        return (0, leads.index(code), "")
    return (1, narrative.sort_index, "")


# ---- cutting a document into sections ---------------------------------------------------------------------


def _guide_keys(outline: Outline) -> set[str]:
    keys = set()
    for node in outline.walk():
        for g in (node.guide, node.guide_xa):
            if g:
                keys.add(text_key(g))
                keys.add(text_key(GUIDE_PREFIX + g))
    return keys


def _is_template_text(p: DocPara, guides: set[str]) -> bool:
    if p.style == GUIDE_STYLE:
        return True
    key = text_key(p.text)
    return key in guides or label_key(p.text).startswith(label_key(GUIDE_PREFIX))


def _is_closing(block: DocPara | DocTable) -> bool:
    text = block.text if isinstance(block, DocPara) else (block.rows[0][0] if block.rows and block.rows[0] else "")
    key = label_key(text)
    return key.startswith(("nơi nhận", "trên đây là báo cáo", "trên đây là tình hình", "trên đây là kết quả"))


def _heading_kind(p: DocPara) -> str | None:
    """ "strong" (styled, bold or capitals), "weak" (numbered plain text) or None."""
    if not p.text or p.title:
        return None
    numbering, _rest = split_numbering(p.text)
    if p.heading_level is not None and len(p.text) <= STRONG_HEADING_CHARS:
        return "strong"
    if len(p.text) <= STRONG_HEADING_CHARS and (p.bold or p.caps) and not p.list_item:
        return "strong" if (numbering is not None or p.caps or len(p.text) <= WEAK_HEADING_CHARS) else None
    if numbering is not None and len(p.text) <= WEAK_HEADING_CHARS:
        return "weak"
    if p.list_item and p.bold and len(p.text) <= WEAK_HEADING_CHARS:
        return "weak"  # a heading numbered by Word's own list numbering: kept only if it matches the outline well
    return None


def _list_text(p: DocPara) -> str:
    text = p.text
    if p.list_item and not text.startswith(("-", "+", "•", "–")) and split_numbering(text)[0] is None:
        return "- " + text
    return text


def cut_sections(content: DocContent, outline: Outline) -> tuple[list[Block], list[Section], list[Block]]:
    """(preamble, sections, closing) of a document. Pure: the same blocks always give the same cut."""
    matcher = HeadingMatcher(outline)
    guides = _guide_keys(outline)
    preamble: list[Block] = []
    closing: list[Block] = []
    sections: list[Section] = []
    in_closing = False
    figures: OutlineNode | None = None  # inside a part that holds figures, not text (Phần thứ tư)

    def sink() -> list[Block]:
        return sections[-1].blocks if sections else preamble

    for block in content.blocks:
        if in_closing or _is_closing(block):
            in_closing = True
            closing.append(_to_block(block))
            continue
        if isinstance(block, DocTable):
            if block.rows and label_key(block.rows[0][0] if block.rows[0] else "").startswith(
                label_key(REMINDER_TITLE)
            ):
                continue
            if not sections and not preamble and _looks_like_letterhead(block):
                preamble.append(_to_block(block))
                continue
            sink().append(_to_block(block))
            continue
        if not block.text or _is_template_text(block, guides):
            continue
        kind = _heading_kind(block)
        if kind is None:
            sink().append(Block("list" if block.list_item else "para", _list_text(block)))
            continue
        heading, rest = block.text, ""
        prev = sections[-1] if sections else None
        if (
            prev is not None
            and prev.node is not None
            and prev.node.parent is None
            and not prev.blocks
            and split_numbering(heading)[0] is None
            and similarity(heading, prev.node.text) >= 0.5
        ):
            continue  # the title line of a "Phần thứ …" heading written on two paragraphs
        placement = matcher.place(heading)
        if placement.node is None and ":" in block.text:
            head, _, tail = block.text.partition(":")
            if len(head) <= RUN_IN_CHARS and tail.strip():
                run_in = matcher.place(head)
                if run_in.node is not None and run_in.text_score >= 0.75:
                    placement, heading, rest = run_in, head.strip(), tail.strip()
        if placement.node is not None and kind == "weak" and placement.text_score < 0.8:
            placement = type(placement)(None, placement.score, placement.text_score)
            matcher.current = prev.node if prev else None
        auto_numbered = block.list_item or block.heading_level is not None  # the number may be Word's own
        if (
            placement.node is not None
            and split_numbering(heading)[0] is None
            and (placement.text_score < 0.85 or (not sections and not auto_numbered))
        ):
            # an unnumbered line before the first heading is the document's title, not a heading
            placement = type(placement)(None, placement.score, placement.text_score)
            matcher.current = prev.node if prev else None
        if placement.node is None:
            if kind == "weak" and _continues_numbering(heading, prev):
                kind = "strong"  # "5. Công tác dân vận" after "2. Cải cách TTHC": a heading of the unit's own
            if kind == "weak" or (prev is None and split_numbering(heading)[0] is None):
                sink().append(Block("list" if block.list_item else "para", _list_text(block)))
                continue
            sections.append(Section(heading, None))
        elif prev is not None and prev.node is placement.node and not prev.blocks:
            pass
        elif figures is not None and placement.node.parent is not None:
            sections.append(Section(heading, figures))  # a table title under Phần thứ tư: not outline text
        else:
            if placement.node.parent is None:
                figures = None if placement.node.narrative else placement.node
            sections.append(Section(heading, placement.node))
        if rest:
            sections[-1].blocks.append(Block("para", rest))
    return preamble, sections, closing


def _continues_numbering(heading: str, prev: Section | None) -> bool:
    """A short numbered line whose number follows the current heading's (same kind, larger): a heading."""
    numbering, text = split_numbering(heading)
    if numbering is None or prev is None or prev.node is None or len(heading) > 100:
        return False
    if heading.rstrip().endswith((".", ";", ",")) or not text:
        return False
    for node in [prev.node, *reversed(prev.node.ancestors)]:
        own = split_numbering(node.number + " x")[0] if node.number else None
        if own is not None and own.kind == numbering.kind and len(own.value) == len(numbering.value):
            return numbering.value > own.value
    return False


def _looks_like_letterhead(table: DocTable) -> bool:
    key = label_key(table.text)
    return "cộng hòa xã hội chủ nghĩa" in key or "độc lập" in key


def _to_block(block: DocPara | DocTable) -> Block:
    if isinstance(block, DocTable):
        return Block("table", rows=[list(r) for r in block.rows])
    return Block("list" if block.list_item else "para", _list_text(block))


# ---- the returns folder -----------------------------------------------------------------------------------


def _files(paths: Sequence[Path], suffixes: Collection[str]) -> list[Path]:
    """Files under ``paths`` (folders searched recursively) whose suffix is one of ``suffixes``, lock files
    (~$…) and hidden files left out, sorted by path."""
    found: set[Path] = set()
    for path in map(Path, paths):
        candidates = path.rglob("*") if path.is_dir() else [path]
        found.update(
            p for p in candidates if p.suffix.lower() in suffixes and not p.name.startswith(("~$", ".")) and p.is_file()
        )
    return sorted(found)


def find_narrative_files(paths: Sequence[Path]) -> list[Path]:
    """Word-like files under ``paths`` (see ``_files``)."""
    return _files(paths, WORD_SUFFIXES)


def is_narrative_file(path: Path) -> bool:
    """A file collection reads (Word-like, PDF) or uses (the mapping file)."""
    return path.suffix.lower() in WORD_SUFFIXES | {".pdf"} or path.name == MAPPING_NAME


def has_narratives(path: Path) -> bool:
    """True when a folder holds at least one Word-like file (also inside a .zip)."""
    path = Path(path)
    if not path.is_dir():
        return False
    return bool(find_narrative_files([path])) or any(_zip_words(z) for z in _files([path], ARCHIVE_SUFFIXES))


def _zip_words(path: Path) -> list[tuple[str, bytes | Unreadable]]:
    """The Word-like members of a .zip (a unit's Excel return and Word report sent together); [] when the
    .zip can't be opened (validate reports that file)."""
    try:
        return zip_members(path, WORD_SUFFIXES)
    except Unreadable:
        return []


def _word_files(paths: Sequence[Path], tmp: Path, result: NarrativeSet) -> list[tuple[Path, Path]]:
    """(file to read, name to show) of every Word report under ``paths``: the files themselves, and the Word
    members of each .zip written into ``tmp`` (shown as "bao-cao.zip › BC Sơn Bình.docx", read under the name
    the unit gave it); a member that can't be read becomes an issue of ``result``."""
    files = [(p, p) for p in find_narrative_files(paths)]
    for k, archive in enumerate(_files(paths, ARCHIVE_SUFFIXES)):
        for j, (name, data) in enumerate(_zip_words(archive)):
            shown = archive.parent / name
            if isinstance(data, Unreadable):
                why = data.reason or "không đọc được"
                result.issues.append(NarrativeIssue("khong-doc-duoc", "error", str(shown), f"{name}: {why}."))
                continue
            member = tmp / f"{k}-{j}" / name.rsplit(ZIP_SEP, 1)[-1]
            member.parent.mkdir(parents=True)
            member.write_bytes(data)
            files.append((member, shown))
    return files


Progress = Callable[[str], None]


def collect_narratives(
    schema: Schema,
    paths: Sequence[Path],
    *,
    outline: Outline | None = None,
    schema_path: Path | None = None,
    progress: Progress | None = None,
) -> NarrativeSet:
    """Read every Word report under ``paths`` and return the NarrativeSet (never raises on a bad file: a file
    that cannot be read becomes an issue). A mapping file ``don-vi-bao-cao.yaml`` in a folder ("tên tệp: mã
    hoặc tên đơn vị") says which unit sent a file the tool cannot identify.

    Raises CchcError only for an unreadable outline or mapping file.
    """
    outline = outline or load_outline(schema, schema_path)
    result = NarrativeSet(outline)
    mapping: dict[str, str] = {}
    for path in paths:
        folder = Path(path) if Path(path).is_dir() else Path(path).parent
        mapping.update(load_mapping(folder / MAPPING_NAME, schema))
    index = {u.code: i for i, u in enumerate(schema.units)}
    for pdf in _files(paths, {".pdf"}):
        result.issues.append(
            NarrativeIssue(
                "bao-cao-pdf",
                "warning",
                str(pdf),
                f"{pdf.name}: báo cáo dạng PDF không lấy được nội dung theo đề mục; đề nghị đơn vị gửi thêm bản Word "
                "(.docx, .doc hoặc .odt).",
            )
        )
    with tempfile.TemporaryDirectory(prefix="cchc-zip-") as tmp:
        for path, shown in _word_files(paths, Path(tmp), result):
            if progress:
                progress(shown.name)
            narrative = _read_narrative(schema, outline, path, shown, mapping, index, result)
            if narrative is not None:
                result.narratives.append(narrative)
    _resolve_duplicates(result)
    return result


def _read_narrative(
    schema: Schema,
    outline: Outline,
    path: Path,
    shown: Path,
    mapping: dict[str, str],
    index: dict[str, int],
    result: NarrativeSet,
) -> Narrative | None:
    """One Word report read (``path``; named ``shown`` everywhere), its unit identified and its text cut by the
    outline's headings; its problems go to ``result``. None when it can't be read or is our own compilation."""
    try:
        content = read_word(path)
    except NarrativeReadError as exc:
        code = (
            "can-libreoffice"
            if path.suffix.lower() in CONVERT_SUFFIXES and "LibreOffice" in str(exc)
            else "khong-doc-duoc"
        )
        result.issues.append(NarrativeIssue(code, "error", str(shown), f"{shown.name}: {exc}."))
        return None
    fp = read_fingerprint(content.custom)
    if fp.get("kind") == KIND_COMPILATION:
        return None  # our own compilation document, if someone saved it into the returns folder
    narrative = Narrative(path=shown, modified=content.modified)
    ident = identify_unit(schema, content, path, mapping)
    narrative.unit, narrative.identified_by = ident.unit, ident.how
    for message in ident.conflicts:
        result.issues.append(NarrativeIssue("don-vi-khong-khop", "warning", str(shown), message))
    if fp and fp.get("schema") not in (None, schema.meta.id):
        result.issues.append(
            NarrativeIssue(
                "sai-dot-bao-cao",
                "warning",
                str(shown),
                f"{shown.name}: đề cương của đợt báo cáo khác («{fp.get('schema')}»); "
                "vẫn đọc theo đề cương hiện hành.",
            )
        )
    narrative.preamble, narrative.sections, narrative.closing = cut_sections(content, outline)
    narrative.sort_index = index.get(narrative.unit.code, len(index)) if narrative.unit else len(index)
    if narrative.unit is not None:
        narrative.expected = outline.nodes_for_unit(narrative.unit.code)
    else:
        result.issues.append(
            NarrativeIssue(
                "chua-xac-dinh-don-vi",
                "warning",
                str(shown),
                f"{shown.name}: chưa xác định đơn vị (không có dấu vân tay của đề cương, tiêu đề không ghi tên "
                f"đơn vị nào trong lược đồ). Ghi «{shown.name}: <mã đơn vị>» vào tệp {MAPPING_NAME} trong thư mục "
                "này, hoặc đặt mã đơn vị ở đầu tên tệp (ví dụ 22720_bao-cao.docx).",
            )
        )
    for section in narrative.sections:
        if section.node is None:
            result.issues.append(
                NarrativeIssue(
                    "muc-ngoai-de-cuong",
                    "warning",
                    str(shown),
                    f"{shown.name}: đề mục «{section.heading}» không khớp mục nào của đề cương; nội dung được đưa "
                    "vào phần phụ lục của dự thảo để biên tập.",
                )
            )
    if not narrative.sections:
        result.issues.append(
            NarrativeIssue(
                "khong-co-de-muc",
                "warning",
                str(shown),
                f"{shown.name}: không nhận ra đề mục nào của đề cương; toàn bộ nội dung được đưa vào phần phụ lục.",
            )
        )
    return narrative


def _resolve_duplicates(result: NarrativeSet) -> None:
    """Two reports from one unit: use the later saved (then the later file name), report the other."""
    by_unit: dict[str, list[Narrative]] = {}
    for n in result.narratives:
        if n.unit is not None:
            by_unit.setdefault(n.unit.code, []).append(n)
    for group in by_unit.values():
        if len(group) < 2:
            continue
        stamp = dt.datetime.min

        def key(n: Narrative, stamp: dt.datetime = stamp) -> tuple[dt.datetime, str]:
            modified = n.modified.replace(tzinfo=None) if isinstance(n.modified, dt.datetime) else stamp
            return (modified, n.path.name)

        group.sort(key=key)
        keep = group[-1]
        for old in group[:-1]:
            old.used = False
            result.issues.append(
                NarrativeIssue(
                    "nop-trung",
                    "warning",
                    str(old.path),
                    f"{old.path.name}: {keep.unit.name if keep.unit else ''} gửi hai báo cáo; dùng bản lưu sau "
                    f"({keep.path.name}), không dùng tệp này.",
                )
            )
