"""Word footnotes (python-docx has no footnote API): the footnotes part and a reference run, written with lxml.

One place for how a footnote is written, used by the draft (``^[…]`` in the outline markup, see markup.py):

- the part ``/word/footnotes.xml`` (content type ``…wordprocessingml.footnotes+xml``) related to the main document
  part by the ``…/relationships/footnotes`` relationship, created on first use, or the base document's own part
  when it already has one;
- in it, the two footnotes Word expects before any other (ECMA-376 Part 1, 17.11.23): the separator (id -1) and
  the continuation separator (id 0), also listed in ``w:settings/w:footnotePr`` as Word writes them;
- the styles "footnote text" (``FootnoteText``) and "footnote reference" (``FootnoteReference``, superscript),
  added when the base document lacks them;
- each footnote: ``<w:footnote w:id="n">`` holding one paragraph in "footnote text", starting with the
  ``w:footnoteRef`` mark; in the body, a run in "footnote reference" holding ``<w:footnoteReference w:id="n"/>``.
"""

from __future__ import annotations

from typing import Any

from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import XmlPart
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.text.paragraph import Paragraph
from lxml import etree

PARTNAME = "/word/footnotes.xml"
TEXT_STYLE_ID = "FootnoteText"
REFERENCE_STYLE_ID = "FootnoteReference"
_SEPARATORS = (("separator", "-1"), ("continuationSeparator", "0"))
_MATH = "http://schemas.openxmlformats.org/officeDocument/2006/math"

# ECMA-376 CT_Settings order: footnotePr comes before these (and m:mathPr), after the others.
_SETTINGS_AFTER = (
    "endnotePr",
    "compat",
    "docVars",
    "rsids",
    "attachedSchema",
    "themeFontLang",
    "clrSchemeMapping",
    "doNotIncludeSubdocsInStats",
    "doNotAutoCompressPictures",
    "forceUpgrade",
    "captions",
    "readModeInkLockDown",
    "smartTagType",
    "schemaLibrary",
    "shapeDefaults",
    "doNotEmbedSmartTags",
    "decimalSymbol",
    "listSeparator",
)

_TEXT_STYLE = (
    f'<w:style {nsdecls("w")} w:type="paragraph" w:styleId="{TEXT_STYLE_ID}">'
    '<w:name w:val="footnote text"/><w:basedOn w:val="Normal"/><w:uiPriority w:val="99"/><w:unhideWhenUsed/>'
    '<w:pPr><w:spacing w:before="0" w:after="0" w:line="240" w:lineRule="auto"/>'
    '<w:ind w:left="0" w:right="0" w:firstLine="0"/><w:jc w:val="both"/></w:pPr>'
    '<w:rPr><w:sz w:val="22"/><w:szCs w:val="22"/></w:rPr></w:style>'
)
_REFERENCE_STYLE = (
    f'<w:style {nsdecls("w")} w:type="character" w:styleId="{REFERENCE_STYLE_ID}">'
    '<w:name w:val="footnote reference"/><w:uiPriority w:val="99"/><w:unhideWhenUsed/>'
    '<w:rPr><w:vertAlign w:val="superscript"/></w:rPr></w:style>'
)


def _new_part(package: Any) -> XmlPart:
    separators = "".join(
        f'<w:footnote w:type="{kind}" w:id="{fid}"><w:p><w:pPr>'
        '<w:spacing w:before="0" w:after="0" w:line="240" w:lineRule="auto"/></w:pPr>'
        f"<w:r><w:{kind}/></w:r></w:p></w:footnote>"
        for kind, fid in _SEPARATORS
    )
    element = parse_xml(f"<w:footnotes {nsdecls('w', 'r')}>{separators}</w:footnotes>")
    return XmlPart(PackURI(PARTNAME), CT.WML_FOOTNOTES, element, package)


def _settings(document_part: Any) -> None:
    settings = document_part.settings.element
    if settings.find(qn("w:footnotePr")) is not None:
        return
    pr = parse_xml(
        f"<w:footnotePr {nsdecls('w')}>"
        + "".join(f'<w:footnote w:id="{fid}"/>' for _, fid in _SEPARATORS)
        + "</w:footnotePr>"
    )
    later = {qn(f"w:{t}") for t in _SETTINGS_AFTER} | {f"{{{_MATH}}}mathPr"}
    follower = next((child for child in settings if child.tag in later), None)
    if follower is not None:
        follower.addprevious(pr)
    else:
        settings.append(pr)


def _styles(document_part: Any) -> None:
    styles = document_part.styles.element
    have = {s.get(qn("w:styleId")) for s in styles.findall(qn("w:style"))}
    for sid, xml in ((TEXT_STYLE_ID, _TEXT_STYLE), (REFERENCE_STYLE_ID, _REFERENCE_STYLE)):
        if sid not in have:
            styles.append(parse_xml(xml))


def footnotes_element(document_part: Any) -> etree._Element:
    """The ``w:footnotes`` element of the document, the part (with its separators, settings entry and styles)
    created on first use. A base document's own footnotes part is reused: python-docx loads it as a plain part,
    it is replaced by an XML part with the same name and content so it can be edited."""
    for rel in document_part.rels.values():
        if rel.reltype == RT.FOOTNOTES and not rel.is_external:
            part = rel.target_part
            if not isinstance(part, XmlPart):
                part = XmlPart.load(part.partname, part.content_type, part.blob, part.package)
                rel._target = part
            return part.element
    part = _new_part(document_part.package)
    document_part.relate_to(part, RT.FOOTNOTES)
    _settings(document_part)
    _styles(document_part)
    return part.element


def add_footnote(paragraph: Paragraph, text: str) -> int:
    """Append a footnote reference to ``paragraph`` (a run in "footnote reference" style) and the footnote
    ``text`` (one paragraph in "footnote text") to the document's footnotes; returns the footnote's id (1, 2 …)."""
    notes = footnotes_element(paragraph.part)
    ids = [int(n.get(qn("w:id"))) for n in notes.findall(qn("w:footnote"))]
    fid = max([0, *ids]) + 1
    note = parse_xml(
        f'<w:footnote {nsdecls("w")} w:id="{fid}"><w:p><w:pPr><w:pStyle w:val="{TEXT_STYLE_ID}"/></w:pPr>'
        f'<w:r><w:rPr><w:rStyle w:val="{REFERENCE_STYLE_ID}"/></w:rPr><w:footnoteRef/></w:r>'
        '<w:r><w:t xml:space="preserve"> </w:t></w:r></w:p></w:footnote>'
    )
    run = note.find(qn("w:p")).findall(qn("w:r"))[-1]
    run.find(qn("w:t")).text = f" {text}"
    notes.append(note)
    ref = parse_xml(
        f'<w:r {nsdecls("w")}><w:rPr><w:rStyle w:val="{REFERENCE_STYLE_ID}"/></w:rPr>'
        f'<w:footnoteReference w:id="{fid}"/></w:r>'
    )
    paragraph._p.append(ref)
    return fid


def footnote_texts(document_part: Any) -> dict[int, str]:
    """Id → text of the document's footnotes (separators left out); {} when it has none. For tests and checks."""
    for rel in document_part.rels.values():
        if rel.reltype == RT.FOOTNOTES and not rel.is_external:
            part = rel.target_part
            root = part.element if isinstance(part, XmlPart) else etree.fromstring(part.blob)
            return {
                int(n.get(qn("w:id"))): "".join(t.text or "" for t in n.iter(qn("w:t"))).strip()
                for n in root.findall(qn("w:footnote"))
                if n.get(qn("w:type")) in (None, "normal")
            }
    return {}
