"""Headings as people type them: numbering ("Phần thứ hai", "II.", "1.1.", "a)"), a normalised text key, and
the matcher that places a sequence of headings on the outline's tree.

Matching uses the numbering AND the normalised text, within the tree: a heading is placed on the node whose text
is most alike (old/new tone marks, NFC/NFD, case, non-breaking spaces and common abbreviations such as TTHC or
CCHC do not matter), preferring nodes near the heading matched before it and nodes with the same numbering. A
heading whose text is not alike enough to any node is not placed, whatever its position or number.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher

from cchc_cli.narrative.outline import Outline, OutlineNode
from cchc_cli.textutil import label_key

_PART_WORDS = {"nhất": 1, "một": 1, "hai": 2, "ba": 3, "tư": 4, "bốn": 4, "năm": 5, "sáu": 6}
_ROMAN = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100}
LETTERS = "abcdđeghiklmnopqrstuvxy"

_BULLET = re.compile(r"^[\-\+\u2022\u2013\u2014\u25cf\u25aa\u2212*·]+\s*")
_PART = re.compile(r"^phần\s+(?:thứ\s+)?([a-zà-ỹđ]+|\d+)\b\s*[.:\-–]?\s*", re.IGNORECASE)
_ROMAN_RE = re.compile(r"^([IVXLC]{1,6})\s*[.)/:\-–]\s*")
_ARABIC = re.compile(r"^(\d{1,2}(?:\s?\.\s?\d{1,2}){0,3})\s*(?:[.)/:\-–]\s*|\s+)")
_LETTER = re.compile(r"^([a-zđ])\s*[)./]\s*", re.IGNORECASE)

# Abbreviations units use in headings, expanded before comparing (keys are already label_key'd).
_ABBREVIATIONS = {
    "tthc": "thủ tục hành chính",
    "cchc": "cải cách hành chính",
    "cbccvc": "cán bộ công chức viên chức",
    "cbcc": "cán bộ công chức",
    "vbqppl": "văn bản quy phạm pháp luật",
    "cntt": "công nghệ thông tin",
    "ubnd": "ủy ban nhân dân",
    "hđnd": "hội đồng nhân dân",
    "đvsn": "đơn vị sự nghiệp",
    "dvc": "dịch vụ công",
    "pakn": "phản ánh kiến nghị",
    "ttđt": "thông tin điện tử",
    "ktxh": "kinh tế xã hội",
}
_STOPWORDS_TEXT = "về việc các của và những đã trong theo được cho đối với là có thực hiện công tác tình hình"
_STOPWORDS = frozenset(_STOPWORDS_TEXT.split())
_WORD = re.compile(r"[0-9a-zà-ỹđ]+")


@dataclass(frozen=True)
class Numbering:
    """A heading's numbering: kind "part" | "roman" | "arabic" | "letter" and its value ((2,), (1, 1) …)."""

    kind: str
    value: tuple[int, ...]
    raw: str

    def same_as(self, other: Numbering | None) -> bool:
        return other is not None and self.kind == other.kind and self.value == other.value


def _roman(text: str) -> int:
    total, prev = 0, 0
    for ch in reversed(text.upper()):
        v = _ROMAN[ch]
        total = total - v if v < prev else total + v
        prev = max(prev, v)
    return total


def split_numbering(text: str) -> tuple[Numbering | None, str]:
    """(numbering, the rest) of a heading as typed: "1.1. Kết quả" → (arabic (1, 1), "Kết quả")."""
    s = " ".join(str(text).replace("\u00a0", " ").split())
    s = _BULLET.sub("", s)
    m = _PART.match(s)
    if m:
        word = m.group(1).casefold()
        n = (
            int(word)
            if word.isdigit()
            else _PART_WORDS.get(word) or (_roman(word) if re.fullmatch("[ivx]+", word) else 0)
        )
        if n:
            return Numbering("part", (n,), m.group(0).strip()), s[m.end() :]
    m = _ROMAN_RE.match(s)
    if m and not (len(m.group(1)) == 1 and s[1:2] == ")"):  # "c)" is a letter, "C." rarely; "I." is roman
        return Numbering("roman", (_roman(m.group(1)),), m.group(0).strip()), s[m.end() :]
    m = _ARABIC.match(s)
    if m and m.end() < len(s):
        parts = tuple(int(p) for p in re.split(r"\s?\.\s?", m.group(1)))
        return Numbering("arabic", parts, m.group(0).strip()), s[m.end() :]
    m = _LETTER.match(s)
    if m and m.end() < len(s):
        letter = m.group(1).casefold()
        return Numbering("letter", (LETTERS.index(letter) + 1,), m.group(0).strip()), s[m.end() :]
    return None, s


def text_key(text: str) -> str:
    """The comparable form of a heading's words: label_key, "&" → "và", abbreviations expanded, punctuation gone."""
    s = label_key(text).replace("&", " và ")
    words = _WORD.findall(s)
    out: list[str] = []
    for w in words:
        out.extend(_ABBREVIATIONS.get(w, w).split())
    return " ".join(out)


def _tokens(key: str) -> set[str]:
    return {w for w in key.split() if w not in _STOPWORDS}


def similarity(a: str, b: str) -> float:
    """0…1 likeness of two heading texts (after text_key): the best of character ratio and word overlap."""
    ka, kb = text_key(a), text_key(b)
    if not ka or not kb:
        return 0.0
    if ka == kb:
        return 1.0
    ratio = SequenceMatcher(None, ka, kb, autojunk=False).ratio()
    ta, tb = _tokens(ka), _tokens(kb)
    if not ta or not tb:
        return ratio
    common = len(ta & tb)
    contain = common / min(len(ta), len(tb))
    jaccard = common / len(ta | tb)
    overlap = (contain + jaccard) / 2 if min(len(ta), len(tb)) >= 2 else jaccard
    return max(ratio, overlap)


def node_numbering(node: OutlineNode) -> Numbering | None:
    return split_numbering(node.number + " x")[0] if node.number else None


# ---- the matcher ------------------------------------------------------------------------------------------

ACCEPT = 0.75  # score (text likeness, adjusted for numbering) needed to place a heading
MIN_TEXT = 0.5  # and the text must be at least this alike, whatever the numbering says
GLOBAL_MARGIN = 0.3  # a node elsewhere in the tree wins over one near the context only by this much


@dataclass(frozen=True)
class Placement:
    node: OutlineNode | None
    score: float
    text_score: float


class HeadingMatcher:
    """Places headings one after another on an outline, remembering the last placed node as context.

    The search starts under the last placed node and widens one ancestor at a time; the first scope holding a
    node alike enough wins, unless a node elsewhere is much more alike (a unit that skipped a heading).
    """

    def __init__(self, outline: Outline, nodes: Sequence[OutlineNode] | None = None) -> None:
        self.nodes = list(nodes) if nodes is not None else list(outline.walk())
        self.numbering = {n.id: node_numbering(n) for n in self.nodes}
        keys = [text_key(n.text) for n in self.nodes]
        self.unique_keys = {k for k in keys if keys.count(k) == 1}
        self.current: OutlineNode | None = None

    def score(self, numbering: Numbering | None, text: str, node: OutlineNode) -> tuple[float, float]:
        """(score, text likeness) of a heading against one node."""
        own = self.numbering[node.id]
        if numbering is not None and numbering.kind == "part":
            same_part = numbering.same_as(own)
            if not text_key(text):  # "Phần thứ hai" on its own line: the numbering is the whole heading
                return (1.0, 1.0) if same_part else (0.0, 0.0)
            if not same_part:
                return 0.0, 0.0
            text_score = max(*(similarity(text, t) for t in [node.text, *node.aliases]), MIN_TEXT)
            return text_score + 0.25, text_score  # "Phần thứ hai" is unambiguous; the title may be shortened
        text_score = max(similarity(text, t) for t in [node.text, *node.aliases])
        total = text_score
        if numbering is not None and own is not None and numbering.same_as(own):
            total += 0.1
        return total, text_score

    def _best(
        self, numbering: Numbering | None, text: str, scope: OutlineNode | None
    ) -> tuple[float, float, OutlineNode] | None:
        best: tuple[float, float, OutlineNode] | None = None
        for node in self.nodes:
            if scope is not None and not node.is_under(scope):
                continue
            total, text_score = self.score(numbering, text, node)
            if text_score >= MIN_TEXT and (best is None or total > best[0]):
                best = (total, text_score, node)
        return best

    def place(self, heading: str) -> Placement:
        """The node for one heading (or None), updating the context when placed."""
        numbering, text = split_numbering(heading)
        if not text_key(text) and numbering is None:
            return Placement(None, 0.0, 0.0)
        overall = self._best(numbering, text, None)
        if overall is None or overall[0] < ACCEPT:
            return Placement(None, overall[0] if overall else 0.0, overall[1] if overall else 0.0)
        scopes = [self.current, *reversed(self.current.ancestors)] if self.current else []
        # The exact words of one heading of the outline beat a nearer guess, unless that guess has the same number.
        exact = overall[1] == 1.0 and text_key(text) in self.unique_keys and len(_tokens(text_key(text))) >= 6
        chosen = overall
        for scope in scopes:
            near = self._best(numbering, text, scope)
            if near is not None and near[0] >= ACCEPT and overall[0] - near[0] <= GLOBAL_MARGIN:
                same_number = near[1] >= 0.8 and numbering is not None and numbering.same_as(self.numbering[near[2].id])
                if not exact or near[2] is overall[2] or same_number:
                    chosen = near
                break
        self.current = chosen[2]
        return Placement(chosen[2], chosen[0], chosen[1])
