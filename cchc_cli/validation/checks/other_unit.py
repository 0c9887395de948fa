"""Rules: the file's name or its "người lập biểu" line names another unit of the campaign, not the unit whose
template it is — the template of Xã Sơn Bình filled by Xã Sơn Lâm and sent as "BC CCHC xa Son Lam.xlsx".
An error: the figures would otherwise go into the master under Sơn Bình's code while Sơn Lâm stays "chưa nộp"
(issue 8 §2: "never one commune's figures merged under another's code").

A unit is named by its name without the kind word ("Xã", "Phòng", "UBND xã" …), folded to ASCII and matched
as whole words, so "Son Lam" in a file name names Xã Sơn Lâm; of two names where one holds the other (Sơn Lâm,
Sơn Lâm Bắc) the longer one is meant. A text that also names the file's own unit says nothing.
"""

from __future__ import annotations

import re
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
MIN_CORE = 4  # characters: shorter names ("Ba") say too little to be matched in free text


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
            tuple((u.code, c) for u in schema.units if len(c := core(u.name)) >= MIN_CORE),
        )
    return cached[1]


KIND_ENDS = frozenset(k.rsplit(" ", 1)[-1] for k in KIND_WORDS)  # "xa", "tran", "dan", "phong" …


def named_units(schema: Schema, text: str, *, with_kind: bool = False) -> set[str]:
    """Codes of the units ``text`` names (whole words, the longest name where one holds another).

    ``with_kind``: only a name written after its kind word ("xã Thành Sơn", "UBND Sơn Lâm"), for free text where
    a person's name (Lê Thành Sơn) may hold a commune's.
    """
    folded = f" {_fold(text)} "
    words = folded.split()
    hits = []
    for code, c in _cores(schema):
        if f" {c} " not in folded:
            continue
        if with_kind:
            n = len(c.split())
            starts = [i for i in range(1, len(words) - n + 1) if " ".join(words[i : i + n]) == c]
            if not any(words[i - 1] in KIND_ENDS for i in starts):
                continue
        hits.append((code, c))
    return {code for code, c in hits if not any(c != other and f" {c} " in f" {other} " for _, other in hits)}


def run(ctx: FileContext) -> Iterator[Finding]:
    if ctx.unit is None:
        return
    schema, own = ctx.schema, ctx.unit.code
    by_code = {u.code: u.name for u in schema.units}
    places = [("tên tệp", ctx.name.rsplit("›", 1)[-1].strip().rsplit(".", 1)[0], False)]
    places += [("dòng người lập biểu", text, True) for text in ctx.result.contact.values()]
    for where, text, with_kind in places:
        named = named_units(schema, text, with_kind=with_kind)
        others = sorted(named - {own})
        if others and own not in named:
            yield make(
                "ten-don-vi-khac",
                **ctx.where(where=where, seen=text, other=", ".join(by_code[c] for c in others), value=text),
            )
            return  # one finding says it; the specialist asks the unit once


CHECK = Check("other_unit", CODES, run)
