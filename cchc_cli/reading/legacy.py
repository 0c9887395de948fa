"""Vietnamese text typed in the legacy 8-bit font encodings TCVN3 (ABC, fonts ".VnTime" …) and VNI-Windows.

Excel stores such text as the Windows-1252 characters of the font's bytes, so "Đạt" typed in .VnTime is stored
"§¹t", and in VNI-Times "Ñaït". A person with the font installed reads Vietnamese; without it, garble. Here the
text is recognised (by the cell's font, or for TCVN3 by characters that no Unicode Vietnamese text contains) and
converted to Unicode NFC.

Sources: TCVN 5712:1993 (VN3 table) and the VNI-Windows table, as used by Unikey's converter.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache

# TCVN3 byte (as its Windows-1252/Latin-1 character) → Unicode, lowercase table (fonts .VnTime, .VnArial …).
_TCVN3 = {
    "¡": "Ă", "¢": "Â", "£": "Ê", "¤": "Ô", "¥": "Ơ", "¦": "Ư", "§": "Đ",
    "¨": "ă", "©": "â", "ª": "ê", "«": "ô", "¬": "ơ", "\xad": "ư", "®": "đ",
    "µ": "à", "¶": "ả", "·": "ã", "¸": "á", "¹": "ạ",
    "»": "ằ", "¼": "ẳ", "½": "ẵ", "¾": "ắ", "Æ": "ặ",
    "Ç": "ầ", "È": "ẩ", "É": "ẫ", "Ê": "ấ", "Ë": "ậ",
    "Ì": "è", "Î": "ẻ", "Ï": "ẽ", "Ð": "é", "Ñ": "ẹ",
    "Ò": "ề", "Ó": "ể", "Ô": "ễ", "Õ": "ế", "Ö": "ệ",
    "×": "ì", "Ø": "ỉ", "Ü": "ĩ", "Ý": "í", "Þ": "ị",
    "ß": "ò", "á": "ỏ", "â": "õ", "ã": "ó", "ä": "ọ",
    "å": "ồ", "æ": "ổ", "ç": "ỗ", "è": "ố", "é": "ộ",
    "ê": "ờ", "ë": "ở", "ì": "ỡ", "í": "ớ", "î": "ợ",
    "ï": "ù", "ñ": "ủ", "ò": "ũ", "ó": "ú", "ô": "ụ",
    "õ": "ừ", "ö": "ử", "÷": "ữ", "ø": "ứ", "ù": "ự",
    "ú": "ỳ", "û": "ỷ", "ü": "ỹ", "ý": "ý", "þ": "ỵ",
}  # fmt: skip
_TCVN3_TABLE = str.maketrans(_TCVN3)

# Characters of TCVN3 text that Unicode Vietnamese never uses (quotes, middle dot and © ® ¬ left out: they
# appear in ordinary text).
_TCVN3_ONLY = frozenset(_TCVN3) - frozenset("«»·©®¬\xadàáâãèéêìíòóôõùúýÀÁÂÃÈÉÊÌÍÒÓÔÕÙÚÝ")
# Letters only Unicode Vietnamese has (ă đ ĩ ũ ơ ư and the precomposed tone letters).
_UNICODE_VI = frozenset("ăđơưĂĐƠƯĩũĨŨ") | frozenset(chr(c) for c in range(0x1EA0, 0x1EFA))

# VNI-Windows: a base letter followed by mark characters; a few letters are one character of their own.
_VNI_SINGLE = {
    "ñ": "đ", "Ñ": "Đ", "ô": "ơ", "Ô": "Ơ", "ö": "ư", "Ö": "Ư",
    "í": "í", "Í": "Í", "ì": "ì", "Ì": "Ì", "æ": "ỉ", "Æ": "Ỉ", "ó": "ĩ", "Ó": "Ĩ", "ò": "ị", "Ò": "Ị",
    "î": "ỵ", "Î": "Ỵ",
}  # fmt: skip
_ACUTE, _GRAVE, _HOOK, _TILDE, _DOT = "\u0301", "\u0300", "\u0309", "\u0303", "\u0323"
_CIRC, _BREVE = "\u0302", "\u0306"
_VNI_MARKS = {
    "ù": _ACUTE, "ø": _GRAVE, "û": _HOOK, "õ": _TILDE, "ï": _DOT,
    "â": _CIRC, "ê": _BREVE,
    "á": _CIRC + _ACUTE, "à": _CIRC + _GRAVE, "å": _CIRC + _HOOK, "ã": _CIRC + _TILDE, "ä": _CIRC + _DOT,
    "é": _BREVE + _ACUTE, "è": _BREVE + _GRAVE, "ú": _BREVE + _HOOK, "ü": _BREVE + _TILDE, "ë": _BREVE + _DOT,
}  # fmt: skip
_VNI_MARKS |= {k.upper(): v for k, v in _VNI_MARKS.items()}
_VNI_BASES = frozenset("aeiouyAEIOUY") | frozenset("ơưƠƯ")


def legacy_font(font: str | None) -> str | None:
    """ "TCVN3" for .Vn… fonts, "VNI" for VNI-… fonts, else None."""
    if not font:
        return None
    name = font.strip().lower()
    if name.startswith(".vn"):
        return "TCVN3"
    if name.startswith("vni-") or name.startswith("vni "):
        return "VNI"
    return None


def looks_tcvn3(text: str) -> bool:
    """Text that can only be TCVN3: it has TCVN3-only characters and no Unicode Vietnamese letter."""
    if text.isascii():
        return False
    chars = set(text)
    return bool(chars & _TCVN3_ONLY) and not (chars & _UNICODE_VI)


def from_tcvn3(text: str, upper: bool = False) -> str:
    """TCVN3 text to Unicode NFC; ``upper`` for the capital fonts (.VnTimeH …) that show the same bytes as capitals."""
    out = text.translate(_TCVN3_TABLE)
    return out.upper() if upper else out


def from_vni(text: str) -> str:
    """VNI-Windows text to Unicode NFC."""
    out: list[str] = []
    for ch in text:
        if out and ch in _VNI_MARKS and out[-1][:1] in _VNI_BASES:
            out[-1] += _VNI_MARKS[ch]
            continue
        single = _VNI_SINGLE.get(ch)
        out.append(single if single is not None else ch)
    return unicodedata.normalize("NFC", "".join(out))


_TONES = frozenset("\u0300\u0301\u0303\u0309\u0323")
_VI_LATIN1 = frozenset("àáâãèéêìíòóôõùúýÀÁÂÃÈÉÊÌÍÒÓÔÕÙÚÝ")


def _bad(text: str) -> int:
    """How unlike Vietnamese a converted text is: words with two tones, and letters Vietnamese never uses."""
    bad = 0
    for word in text.split():
        decomposed = unicodedata.normalize("NFD", word)
        if sum(1 for ch in decomposed if ch in _TONES) > 1:
            bad += 1
        bad += sum(1 for ch in word if not ch.isascii() and ch not in _UNICODE_VI and ch not in _VI_LATIN1)
    return bad


@lru_cache(maxsize=4096)
def convert(text: str, font: str | None) -> tuple[str, str] | None:
    """(Unicode text, encoding) when ``text`` is legacy-encoded, by its cell's ``font`` or its characters."""
    if text.isascii():
        return None
    if set(text) & _UNICODE_VI:
        return None  # Unicode Vietnamese: already right, whatever the font says
    enc = legacy_font(font)
    if enc is None and looks_tcvn3(text):
        as_vni = from_vni(text)
        if _bad(as_vni) < _bad(from_tcvn3(text)):
            enc = "VNI"  # VNI text shares characters with TCVN3; the one that makes Vietnamese syllables wins
    if enc == "VNI":
        new = from_vni(text)
    elif enc == "TCVN3" or looks_tcvn3(text):
        upper = enc == "TCVN3" and font is not None and font.strip().lower().endswith("h")
        new, enc = from_tcvn3(text, upper), "TCVN3"
    else:
        return None
    return (new, enc) if new != text else None
