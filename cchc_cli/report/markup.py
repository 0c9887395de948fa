"""The light markup the outline template produces, parsed into blocks and inline runs.

Block syntax (one item per line; a blank line ends a paragraph):

- ``# …`` … ``##### …``  heading, level 1–5 (Word styles Heading 1–5); consecutive heading lines of the same
  level form one heading with a line break ("Phần thứ nhất" / its title);
- ``!! …``  a placeholder paragraph: text only people can write, highlighted so it is not missed;
- ``- …`` / ``+ …``  starts a new paragraph (the dash is kept: outline numbers are typed as text);
- ``>> …``  a centred line (style "Giữa trang"): the title block of the Phụ lục;
- ``::: landscape`` / ``::: portrait`` / ``::: pagebreak``  page layout; ``::: annex``  what follows goes after
  the signature (the Phụ lục), on a new page;
- ``[[table:KEY]]`` / ``[[chart:KEY]]``  a table or chart registered by the template's ``table()``/``chart()``;
- anything else is body text; consecutive lines are joined with a space.

Inline: ``**bold**``, ``*italic*``, ``==highlighted==``, ``^[a footnote's text]`` (a Word footnote at that
place, see footnotes.py); a backslash makes the next character literal.

Missing data: a figure with a gap leaves an invisible marker (``gap_marker``) where it stands; each body
paragraph ends with ONE highlighted sentence that names every unit whose data is missing in it (``gap_sentence``),
so a paragraph never repeats "thiếu số liệu của …" after each figure.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from cchc_cli.errors import CchcError

_HEADING = re.compile(r"^(#{1,5})\s+(.*?)\s*$")
_DIRECTIVE = re.compile(r"^:::\s*([A-Za-z-]+)\s*$")
_REF = re.compile(r"^\[\[(table|chart):([A-Za-z0-9_-]+)\]\]$")
DIRECTIVES = frozenset({"landscape", "portrait", "pagebreak", "annex"})
_SPECIAL = "\\*=[]#!:-+^"
_GAP_OPEN, _GAP_SEP, _GAP_CLOSE = "\ue000", "\ue001", "\ue002"
_GAP = re.compile(f"{_GAP_OPEN}([min]){_GAP_SEP}([^{_GAP_CLOSE}]*){_GAP_CLOSE}")


def gap_marker(kind: str, names: list[str], note: str = "") -> str:
    """An invisible marker: kind "m" (figure missing), "i" (incomplete) or "n" (a note), with unit names."""
    clean = [n.replace(_GAP_SEP, " ").replace(_GAP_CLOSE, " ") for n in names]
    return (
        _GAP_OPEN
        + kind
        + _GAP_SEP
        + _GAP_SEP.join([note.replace(_GAP_SEP, " ").replace(_GAP_CLOSE, " "), *clean])
        + _GAP_CLOSE
    )


def _join(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " và " + items[-1] if items else ""


def gap_sentence(text: str) -> tuple[str, str]:
    """(text without markers, the one closing sentence for its gaps — "" when it has none)."""
    missing: dict[str, None] = {}
    incomplete: dict[str, None] = {}
    notes: dict[str, None] = {}
    has_missing = has_incomplete = False
    for m in _GAP.finditer(text):
        kind = m.group(1)
        fields: list[str] = m.group(2).split(_GAP_SEP)
        note, names = fields[0], fields[1:]
        if kind == "m":
            has_missing = True
            missing.update(dict.fromkeys(names))
        elif kind == "i":
            has_incomplete = True
            incomplete.update(dict.fromkeys(names))
        elif note:
            notes[note] = None
    clean = _GAP.sub("", text)
    sentence = ""
    if has_missing or has_incomplete:
        who = _join([escape(n) for n in {**missing, **incomplete} if n])
        if has_missing and has_incomplete:
            head = "Chỗ «[…]» và số tô vàng"
        elif has_missing:
            head = "Chỗ «[…]»"
        else:
            head = "Số tô vàng chưa đầy đủ"
        if who:
            sentence = f"{head}: thiếu số liệu của {who}; đề nghị bổ sung."
        else:
            sentence = f"{head}: chưa có số liệu; đề nghị bổ sung." if has_missing else f"{head}; đề nghị bổ sung."
    for note in notes:
        n = escape(note)
        sentence += (" " if sentence else "") + f"Lưu ý: {n[:1].lower()}{n[1:]}."
    return clean, (f"=={sentence}==" if sentence else "")


def strip_gaps(text: str) -> str:
    """The text without gap markers (headings, Word fields, table cells)."""
    return _GAP.sub("", text)


@dataclass
class Heading:
    level: int
    lines: list[str]


@dataclass
class Para:
    text: str
    placeholder: bool = False
    centred: bool = False


@dataclass
class Ref:
    kind: str  # "table" | "chart"
    key: str


@dataclass
class Directive:
    name: str


Block = Heading | Para | Ref | Directive


@dataclass(frozen=True)
class Run:
    text: str
    bold: bool = False
    italic: bool = False
    highlight: bool = False
    footnote: bool = False  # the text is a footnote's, its reference stands here


def escape(text: str) -> str:
    """Make data text literal in the markup (a unit name or a typed note never turns into formatting)."""
    lines = [" ".join(line.split()) for line in str(text).splitlines()]
    text = "; ".join(line for line in lines if line)
    return "".join("\\" + c if c in _SPECIAL else c for c in text)


@dataclass
class _Builder:
    blocks: list[Block] = field(default_factory=list)
    para: list[str] = field(default_factory=list)
    placeholder: bool = False
    last_heading: bool = False

    def flush(self) -> None:
        if self.para:
            text, sentence = gap_sentence(" ".join(self.para))
            text = " ".join(text.split())
            if sentence and not self.placeholder:
                text = f"{text} {sentence}"
            self.blocks.append(Para(text, self.placeholder))
        self.para, self.placeholder = [], False


def parse_blocks(text: str, *, source: str) -> list[Block]:
    """Blocks of the rendered outline; an unknown ``:::`` directive is a CchcError naming ``source``."""
    b = _Builder()
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        heading = _HEADING.match(line)
        if heading:
            b.flush()
            level, title = len(heading.group(1)), strip_gaps(heading.group(2))
            prev = b.blocks[-1] if b.blocks else None
            if b.last_heading and isinstance(prev, Heading) and prev.level == level:
                prev.lines.append(title)
            else:
                b.blocks.append(Heading(level, [title]))
            b.last_heading = True
            continue
        b.last_heading = False
        if not line:
            b.flush()
            continue
        directive = _DIRECTIVE.match(line)
        ref = _REF.match(line)
        if directive:
            b.flush()
            name = directive.group(1).lower()
            if name not in DIRECTIVES:
                allowed = ", ".join(f"::: {d}" for d in sorted(DIRECTIVES))
                raise CchcError(
                    f"mẫu báo cáo {source}: lệnh «{line}» không hợp lệ (dòng {number} của văn bản sau khi dựng); "
                    f"chỉ dùng {allowed}."
                )
            b.blocks.append(Directive(name))
        elif ref:
            b.flush()
            b.blocks.append(Ref(ref.group(1), ref.group(2)))
        elif line.startswith("!! ") or line == "!!":
            b.flush()
            b.para, b.placeholder = [line[2:].strip()], True
        elif line.startswith(">> "):
            b.flush()
            b.blocks.append(Para(strip_gaps(line[3:].strip()), centred=True))
        elif line.startswith(("- ", "+ ")):
            b.flush()
            b.para = [line]
        else:
            b.para.append(line)
    b.flush()
    return b.blocks


def parse_inline(text: str) -> list[Run]:
    """Runs of ``text`` with ``**bold**``, ``*italic*`` and ``==highlight==`` applied; escapes removed."""
    runs: list[Run] = []
    buf: list[str] = []
    bold = italic = highlight = False

    def emit() -> None:
        if buf:
            runs.append(Run("".join(buf), bold, italic, highlight))
            buf.clear()

    text = strip_gaps(text)
    i, n = 0, len(text)
    while i < n:
        c = text[i]
        if c == "\\" and i + 1 < n:
            buf.append(text[i + 1])
            i += 2
        elif text.startswith("^[", i):
            emit()
            i = _footnote(text, i + 2, runs)
        elif text.startswith("**", i):
            emit()
            bold = not bold
            i += 2
        elif text.startswith("==", i):
            emit()
            highlight = not highlight
            i += 2
        elif c == "*":
            emit()
            italic = not italic
            i += 1
        else:
            buf.append(c)
            i += 1
    emit()
    return runs


def _footnote(text: str, i: int, runs: list[Run]) -> int:
    """Read a footnote's text from ``text[i:]`` up to its unescaped "]"; append it as a footnote run; return the
    index after the "]" (an unclosed footnote runs to the end of the text)."""
    buf: list[str] = []
    n = len(text)
    while i < n and text[i] != "]":
        if text[i] == "\\" and i + 1 < n:
            i += 1
        buf.append(text[i])
        i += 1
    note = " ".join("".join(buf).split())
    if note:
        runs.append(Run(note, footnote=True))
    return i + 1


def plain(text: str) -> str:
    """The text a reader sees on the line (markup removed, footnotes left out)."""
    return "".join(r.text for r in parse_inline(text) if not r.footnote)
