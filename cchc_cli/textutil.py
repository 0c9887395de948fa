"""Vietnamese text helpers: NFC, ASCII folding for file names, a normalised key for matching labels."""

from __future__ import annotations

import re
import unicodedata

_SPACES = re.compile(r"\s+")


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def fold_ascii(text: str) -> str:
    """'Thị trấn Tô Hạp' → 'Thi tran To Hap' (đ/Đ become d/D)."""
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


SLUG_MAX = 60  # characters: a unit's name in a file name, so the whole path stays within Windows' 260


def slug(text: str, limit: int = SLUG_MAX) -> str:
    """A file-name part anyone recognises: "Phòng Tài chính – Kế hoạch" → "Phong-Tai-chinh-Ke-hoach"; a name
    longer than ``limit`` characters is cut at a word ("Ban-Quan-ly-cac-khu-cong-nghiep-…" stays readable)."""
    ascii_text = fold_ascii(text)
    out = re.sub(r"[^A-Za-z0-9]+", "-", ascii_text).strip("-")
    if len(out) > limit:
        cut = out[:limit]
        out = (cut.rsplit("-", 1)[0] if "-" in cut else cut).strip("-")
    return out


def label_key(text: object) -> str:
    """A matching key for labels typed or re-saved by people: NFC, old/new tone placement, spacing, case.

    'Hoà' and 'Hòa', NBSP and line breaks, different dashes all map to the same key.
    """
    if text is None:
        return ""
    s = unicodedata.normalize("NFC", str(text))
    s = s.replace("\u00a0", " ").replace("–", "-").replace("—", "-")
    s = _SPACES.sub(" ", s).strip().casefold()
    # Old-style tone placement ("hoà", "uỷ", "thuỵ") → new style ("hòa", "ủy", "thụy").
    for old, new in _TONE_MOVES:
        s = s.replace(old, new)
    return s


_TONES = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}


def _tone_moves() -> list[tuple[str, str]]:
    moves = []
    for first, second in (("o", "a"), ("o", "e"), ("u", "y")):
        for tone in _TONES:
            old = unicodedata.normalize("NFC", first + second + tone)
            new = unicodedata.normalize("NFC", first + tone + second)
            moves.append((old, new))
    return moves


_TONE_MOVES = _tone_moves()
