"""The report outline (Phụ lục 1) as data: a heading tree, who writes each heading, a short guide per heading.

The outline of a schema ``X.yaml`` is the file ``X.outline.yaml`` beside it (bundled: the Khánh Sơn outline in
``cchc_cli.data.schemas``). A schema without one still gets an outline, derived from its sections (one heading
per Phụ lục 2 section, written by the units that report it, plus a heading for proposals).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from cchc_cli.errors import CchcError, os_reason
from cchc_cli.schema.loader import DEFAULT_SCHEMA_NAME
from cchc_cli.schema.model import Schema
from cchc_cli.textutil import nfc

OUTLINE_SUFFIX = ".outline.yaml"
ALL = "all"


@dataclass
class OutlineNode:
    """One heading of the outline. ``writers``/``lead`` are unit codes (groups and "all" expanded)."""

    id: str
    number: str
    text: str
    lead: list[str] = field(default_factory=list)
    writers: list[str] = field(default_factory=list)
    guide: str = ""
    guide_xa: str = ""
    narrative: bool = True
    aliases: list[str] = field(default_factory=list)  # other wordings units use for this heading
    children: list[OutlineNode] = field(default_factory=list)
    parent: OutlineNode | None = field(default=None, repr=False, compare=False)

    @property
    def depth(self) -> int:
        """1 for a top-level node (Phần), 2 for its children …"""
        return 1 + (self.parent.depth if self.parent else 0)

    @property
    def ancestors(self) -> list[OutlineNode]:
        """From the top-level node down to the parent."""
        chain: list[OutlineNode] = []
        node = self.parent
        while node is not None:
            chain.append(node)
            node = node.parent
        return chain[::-1]

    @property
    def title(self) -> str:
        """Numbering and text as printed: "1.1. Kết quả chủ yếu đã đạt được"."""
        return f"{self.number} {self.text}".strip()

    def walk(self) -> Iterator[OutlineNode]:
        yield self
        for child in self.children:
            yield from child.walk()

    def is_under(self, other: OutlineNode) -> bool:
        """True when ``other`` is this node or one of its ancestors."""
        node: OutlineNode | None = self
        while node is not None:
            if node is other:
                return True
            node = node.parent
        return False


@dataclass
class Outline:
    schema_id: str
    version: str
    title: str
    roots: list[OutlineNode]
    source: str = "derived"

    def walk(self) -> Iterator[OutlineNode]:
        for root in self.roots:
            yield from root.walk()

    @property
    def by_id(self) -> dict[str, OutlineNode]:
        return {n.id: n for n in self.walk()}

    def nodes_for_unit(self, unit_code: str) -> list[OutlineNode]:
        """The headings a unit writes (lead or writer), with their ancestors, in outline order."""
        keep: set[str] = set()
        for node in self.walk():
            if node.narrative and (unit_code in node.writers or unit_code in node.lead):
                keep.add(node.id)
                keep.update(a.id for a in node.ancestors)
        return [n for n in self.walk() if n.id in keep]

    def leads_of(self, node: OutlineNode) -> list[str]:
        """The lead units of a node (its own, else the nearest ancestor's)."""
        for n in [node, *reversed(node.ancestors)]:
            if n.lead:
                return n.lead
        return []


# ---- loading ----------------------------------------------------------------------------------------------


def _expand(schema: Schema, names: list[str], where: str) -> list[str]:
    codes: list[str] = []
    for name in names:
        if name == ALL:
            codes.extend(u.code for u in schema.units)
        elif name in schema.group_by_id:
            codes.extend(schema.group_by_id[name].members)
        elif name in schema.unit_by_code:
            codes.append(name)
        else:
            raise CchcError(f"đề cương {where}: không có đơn vị hay nhóm «{name}» trong lược đồ")
    return [u.code for u in schema.units if u.code in set(codes)]


def _node(raw: Any, schema: Schema, parent: OutlineNode | None, inherited: list[str], where: str) -> OutlineNode:
    if not isinstance(raw, dict) or "id" not in raw or "text" not in raw:
        raise CchcError(f"đề cương {where}: mỗi mục cần có id và text")
    allowed = {"id", "number", "text", "lead", "writers", "guide", "guide_xa", "narrative", "aliases", "children"}
    extra = set(raw) - allowed
    if extra:
        raise CchcError(f"đề cương {where}: mục «{raw['id']}» có khóa không biết: {', '.join(sorted(extra))}")
    lead = _expand(schema, [str(x) for x in raw.get("lead") or []], where)
    writers = _expand(schema, [str(x) for x in raw["writers"]], where) if "writers" in raw else list(inherited)
    node = OutlineNode(
        id=str(raw["id"]),
        number=nfc(str(raw.get("number", ""))).strip(),
        text=nfc(str(raw["text"])).strip(),
        lead=lead or (parent.lead if parent else []),
        writers=sorted(set(writers) | set(lead or (parent.lead if parent else [])), key=_order(schema)),
        guide=nfc(str(raw.get("guide", ""))).strip(),
        guide_xa=nfc(str(raw.get("guide_xa", ""))).strip(),
        narrative=bool(raw.get("narrative", parent.narrative if parent else True)),
        aliases=[nfc(str(a)).strip() for a in raw.get("aliases") or []],
        parent=parent,
    )
    node.children = [_node(c, schema, node, writers, where) for c in raw.get("children") or []]
    return node


def _order(schema: Schema) -> Any:
    index = {u.code: i for i, u in enumerate(schema.units)}
    return lambda code: index.get(code, len(index))


def parse_outline(text: str, schema: Schema, source: str) -> Outline:
    """An Outline from YAML text; CchcError naming ``source`` when it is malformed or names unknown units."""
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise CchcError(f"đề cương {source}: không đọc được YAML ({exc})") from exc
    if not isinstance(data, dict) or not isinstance(data.get("nodes"), list):
        raise CchcError(f"đề cương {source}: cần khóa «nodes» là danh sách các mục")
    meta = data.get("outline") or {}
    schema_id = str(meta.get("schema", schema.meta.id))
    if schema_id != schema.meta.id:
        raise CchcError(f"đề cương {source} dành cho lược đồ «{schema_id}», không phải «{schema.meta.id}»")
    roots = [_node(r, schema, None, [], source) for r in data["nodes"]]
    outline = Outline(schema_id, str(meta.get("version", "1")), nfc(str(meta.get("title", ""))), roots, source)
    ids = [n.id for n in outline.walk()]
    dupes = sorted({i for i in ids if ids.count(i) > 1})
    if dupes:
        raise CchcError(f"đề cương {source}: mã mục trùng nhau: {', '.join(dupes)}")
    return outline


def derive_outline(schema: Schema) -> Outline:
    """A minimal outline from the schema: Phần thứ nhất with one heading per section, then the general assessment
    and the directions and proposals, as the generic draft has them."""
    everyone = [u.code for u in schema.units]
    part1 = OutlineNode("p1", "Phần thứ nhất", "Kết quả thực hiện", writers=everyone)
    for sec in schema.sections:
        reporters = {c for i in schema.indicators if i.section == sec.id for c in schema.reporting_units.get(i.id, [])}
        writers = [c for c in everyone if c in reporters]
        offices = [c for c in writers if not schema.unit_by_code[c].is_commune]
        lead = offices if len(offices) <= 2 else []
        guide = f"Kết quả thực hiện về {sec.title[0].lower()}{sec.title[1:]}; tồn tại, hạn chế và nguyên nhân."
        part1.children.append(
            OutlineNode(
                f"s_{sec.id}", f"{sec.number}.", sec.title, lead=lead, writers=writers, guide=guide, parent=part1
            )
        )
    parts = [part1]
    for pid, number, title, children in _LATER_PARTS:
        part = OutlineNode(pid, number, title, writers=everyone)
        for cid, cnumber, ctitle, guide in children:
            part.children.append(OutlineNode(cid, cnumber, ctitle, writers=everyone, guide=guide, parent=part))
        parts.append(part)
    return Outline(schema.meta.id, schema.meta.version, schema.campaign.title, parts, "derived")


#: The parts after the results in a derived outline, as the generic draft (templates/bao-cao-chung.md.j2) has
#: them, so that what a unit writes under each lands under the same heading of the draft:
#: (id, number, title, [(id, number, title, guide)]).
_LATER_PARTS = (
    (
        "p2",
        "Phần thứ hai",
        "Đánh giá chung",
        [
            ("p2_1", "I.", "Kết quả đạt được", "Đánh giá khái quát những kết quả nổi bật."),
            ("p2_2", "II.", "Tồn tại, hạn chế và nguyên nhân", "Tồn tại, hạn chế; nguyên nhân chủ quan, khách quan."),
        ],
    ),
    (
        "p3",
        "Phần thứ ba",
        "Phương hướng, nhiệm vụ và kiến nghị, đề xuất",
        [
            ("p3_1", "I.", "Phương hướng, nhiệm vụ trọng tâm", "Phương hướng, nhiệm vụ trọng tâm thời gian tới."),
            ("p3_2", "II.", "Kiến nghị, đề xuất", "Kiến nghị, đề xuất với cơ quan cấp trên (nếu có)."),
        ],
    ),
)


def outline_path_for(schema_path: Path) -> Path:
    """``X.yaml`` → ``X.outline.yaml`` beside it."""
    name = schema_path.name
    stem = name[: -len(".yaml")] if name.endswith(".yaml") else schema_path.stem
    return schema_path.with_name(stem + OUTLINE_SUFFIX)


def load_outline(schema: Schema, schema_path: Path | str | None = None) -> Outline:
    """The outline beside ``schema_path``, else the bundled outline written for this schema id (a campaign folder
    holds a copy of the bundled schema), else one derived from the schema's sections.

    Raises CchcError when an outline file exists but is unreadable or inconsistent."""
    if schema_path is not None:
        path = outline_path_for(Path(schema_path))
        if path.is_file():
            try:
                text = path.read_text(encoding="utf-8-sig")
            except (OSError, UnicodeDecodeError) as exc:
                reason = os_reason(exc) if isinstance(exc, OSError) else "không phải UTF-8"
                raise CchcError(f"không đọc được đề cương {path}: {reason}") from exc
            return parse_outline(text, schema, str(path))
    bundled = resources.files("cchc_cli.data.schemas").joinpath(DEFAULT_SCHEMA_NAME[: -len(".yaml")] + OUTLINE_SUFFIX)
    if bundled.is_file():
        text = bundled.read_text(encoding="utf-8")
        head = yaml.safe_load(text) or {}
        if str((head.get("outline") or {}).get("schema", "")) == schema.meta.id:
            return parse_outline(text, schema, bundled.name)
    return derive_outline(schema)
