"""The fingerprint of a unit's Word outline: custom document properties (File → Properties → Custom).

Custom properties are kept by Word, LibreOffice (as ``meta:user-defined`` in .odt, back to docProps/custom.xml
in .docx) and WPS, so a report written in the outline names its unit and campaign whatever it was renamed to.
"""

from __future__ import annotations

from xml.sax.saxutils import escape

from docx.document import Document as DocumentObject
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part

from cchc_cli.narrative.reader import read_custom_properties

__all__ = ["KIND_OUTLINE", "Fingerprint", "read_custom_properties", "read_fingerprint", "write_fingerprint"]

PREFIX = "cchc_"
KIND_OUTLINE = "de-cuong-bao-cao"
KIND_COMPILATION = "tong-hop-de-cuong"
_FMTID = "{D5CDD505-2E9C-101B-9397-08002B2CF9AE}"
_CT = "application/vnd.openxmlformats-officedocument.custom-properties+xml"


class Fingerprint(dict[str, str]):
    """Property name (without the ``cchc_`` prefix) → value: kind, schema, schema_version, unit, outline_version."""


def write_fingerprint(doc: DocumentObject, values: dict[str, str]) -> None:
    """Add ``values`` as custom properties ``cchc_<name>`` (text) to a python-docx Document before saving."""
    props = []
    for pid, (name, value) in enumerate(sorted(values.items()), start=2):
        props.append(
            f'<property fmtid="{_FMTID}" pid="{pid}" name="{escape(PREFIX + name)}">'
            f"<vt:lpwstr>{escape(str(value))}</vt:lpwstr></property>"
        )
    xml = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/custom-properties" '
        'xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">'
        + "".join(props)
        + "</Properties>"
    )
    package = doc.part.package
    part = Part(PackURI("/docProps/custom.xml"), _CT, xml.encode("utf-8"), package)
    package.relate_to(part, RT.CUSTOM_PROPERTIES)


def read_fingerprint(custom: dict[str, str]) -> Fingerprint:
    """The cchc_ properties among a document's custom properties (prefix removed)."""
    return Fingerprint({k[len(PREFIX) :]: v for k, v in custom.items() if k.startswith(PREFIX)})
