"""Rules: the file's name or its "người lập biểu" line names another unit of the campaign, not the unit whose
template it is — the template of Xã Sơn Bình filled by Xã Sơn Lâm and sent as "BC CCHC xa Son Lam.xlsx".
A warning for the specialist, to settle before merging: the figures would otherwise go into the master under
Sơn Bình's code while Sơn Lâm stays "chưa nộp" (issue 8 §2). Not an error: a file name is weaker evidence
than the template's own unit line (``unit_name``, an error), and a name can match by chance.

A unit is named by its name after its kind word ("xã Sơn Lâm", "UBND Sơn Lâm", "phòng Tư pháp"), folded to
ASCII and matched as whole words; of two names where one holds the other (Sơn Lâm, Sơn Lâm Bắc) the longer one
is meant. Never matched: the collecting office (files are sent "gửi Phòng Nội vụ"), a name that is one word
once its kind is taken away ("Văn phòng UBND tỉnh" → "tỉnh"), and a text that also names the file's own unit.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator

from cchc_cli.schema.model import Schema
from cchc_cli.textutil import fold_ascii
from cchc_cli.validation.checks.base import Check, FileContext
from cchc_cli.validation.findings import Finding, make

CODES = ("ten-don-vi-khac",)
KIND_WORDS = (
    "uy ban nhan dan",
    "ubnd",
    "xa",
    "phuong",
    "thi tran",
    "dac khu",
    "phong",
    "so",
    "ban",
    "van phong",
)
MIN_WORDS = 2  # a one-word name left after its kind ("tỉnh", "Ba") says too little to be matched in free text


def _fold(text: str) -> str:
    return " ".join(re.sub(r"[^a-z0-9]+", " ", fold_ascii(text).lower()).split())


def core(name: str) -> str:
    """ "Xã Sơn Lâm" → "son lam"; "UBND xã Ba Cụm Bắc" → "ba cum bac"; "Phòng Tư pháp" → "tu phap"."""
    words = _fold(name)
    changed = True
    while changed:
        changed = False
        for kind in KIND_WORDS:
            if words.startswith(kind + " "):
                words = words[len(kind) + 1 :]
                changed = True
    return words


_CORES: dict[int, tuple[Schema, tuple[tuple[str, str], ...]]] = {}


def _cores(schema: Schema) -> tuple[tuple[str, str], ...]:
    """(unit code, core) of every unit whose core is long enough to be matched; once per schema object."""
    cached = _CORES.get(id(schema))
    if cached is None or cached[0] is not schema:
        if len(_CORES) > 64:
            _CORES.clear()
        cached = _CORES[id(schema)] = (
            schema,
            tuple(
                (u.code, c)
                for u in schema.units
                if len((c := core(u.name)).split()) >= MIN_WORDS and u.code != schema.campaign.collector
            ),
        )
    return cached[1]


KIND_ENDS = frozenset(k.rsplit(" ", 1)[-1] for k in KIND_WORDS)  # "xa", "tran", "dan", "phong" …
# The same words with their marks, for text typed with them: "phường" is a kind, "Phương" a person's name.
KIND_ENDS_VI = frozenset({"xã", "phường", "trấn", "khu", "phòng", "ubnd", "dân", "sở", "ban"})


def _words(text: str) -> tuple[list[str], list[str]]:
    """(folded words, the same words lower case with their marks); one entry per word in both."""
    marked = re.sub(r"[^\w]+", " ", unicodedata.normalize("NFC", text).lower().replace("_", " ")).split()
    folded = [_fold(w) or w for w in marked]
    return folded, marked


def named_units(schema: Schema, text: str, *, with_kind: bool = False) -> set[str]:
    """Codes of the units ``text`` names (whole words, the longest name where one holds another).

    ``with_kind``: only a name written after its kind word ("xã Thành Sơn", "UBND Sơn Lâm"), for free text where
    a person's name (Lê Thành Sơn) may hold a commune's.
    """
    words, marked = _words(text)
    folded = f" {' '.join(words)} "
    typed_with_marks = not text.isascii()

    def kind_before(i: int) -> bool:
        return marked[i - 1] in KIND_ENDS_VI if typed_with_marks else words[i - 1] in KIND_ENDS

    hits = []
    for code, c in _cores(schema):
        if f" {c} " not in folded:
            continue
        if with_kind:
            n = len(c.split())
            starts = [i for i in range(1, len(words) - n + 1) if " ".join(words[i : i + n]) == c]
            if not any(kind_before(i) for i in starts):
                continue
        hits.append((code, c))
    return {code for code, c in hits if not any(c != other and f" {c} " in f" {other} " for _, other in hits)}


def run(ctx: FileContext) -> Iterator[Finding]:
    if ctx.unit is None:
        return
    schema, own = ctx.schema, ctx.unit.code
    by_code = {u.code: u.name for u in schema.units}
    places = [("tên tệp", ctx.name.rsplit("›", 1)[-1].strip().rsplit(".", 1)[0])]
    places += [("dòng người lập biểu", text) for text in ctx.result.contact.values()]
    for where, text in places:
        named = named_units(schema, text, with_kind=True)
        others = sorted(named - {own})
        if others and own not in named:
            yield make(
                "ten-don-vi-khac",
                **ctx.where(where=where, seen=text, other=", ".join(by_code[c] for c in others), value=text),
            )
            return  # one finding says it; the specialist asks the unit once


CHECK = Check("other_unit", CODES, run)
