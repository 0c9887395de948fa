"""XML parsing for untrusted parts: lxml, entities never expanded, nothing fetched, no DTD accepted."""

from __future__ import annotations

import io
import threading
from collections.abc import Iterable, Iterator
from typing import Any

from lxml import etree

from cchc_cli.reading.errors import Unreadable

_OPTIONS: dict[str, Any] = {
    "resolve_entities": False,
    "no_network": True,
    "load_dtd": False,
    "huge_tree": False,
    "remove_comments": True,
    "remove_pis": True,
}


_LOCAL = threading.local()  # one parser per thread: lxml parsers are reusable but not thread-safe


def _parser() -> Any:
    parser = getattr(_LOCAL, "parser", None)
    if parser is None:
        parser = _LOCAL.parser = etree.XMLParser(collect_ids=False, **_OPTIONS)
    return parser


def parse(data: bytes, part: str) -> Any:
    """The root element of ``data``; raises Unreadable for malformed XML or any DTD (Excel writes none)."""
    try:
        root = etree.fromstring(data, _parser())
    except (etree.XMLSyntaxError, ValueError) as exc:
        raise Unreadable("khong-doc-duoc", f"phần «{part}» không phải XML hợp lệ") from exc
    if root.getroottree().docinfo.doctype:
        raise Unreadable("khong-doc-duoc", f"phần «{part}» có khai báo DTD (tệp bất thường)")
    return root


def iterparse(data: bytes, part: str, tags: Iterable[str]) -> Iterator[Any]:
    """Elements of ``tags`` as each ends (streaming); the caller clears what it has used.

    Raises Unreadable for malformed XML or a DTD.
    """
    it = etree.iterparse(io.BytesIO(data), events=("end",), tag=list(tags), **_OPTIONS)
    try:
        first = True
        for _, el in it:
            if first:
                first = False
                if el.getroottree().docinfo.doctype:
                    raise Unreadable("khong-doc-duoc", f"phần «{part}» có khai báo DTD (tệp bất thường)")
            yield el
        if first and it.root is not None and it.root.getroottree().docinfo.doctype:
            raise Unreadable("khong-doc-duoc", f"phần «{part}» có khai báo DTD (tệp bất thường)")
    except (etree.XMLSyntaxError, ValueError) as exc:
        raise Unreadable("khong-doc-duoc", f"phần «{part}» không phải XML hợp lệ") from exc


def local(tag: Any) -> str:
    """The local name of an element tag ("{ns}c" → "c"); "" for comments and processing instructions."""
    if not isinstance(tag, str):
        return ""
    return tag.rpartition("}")[2]
