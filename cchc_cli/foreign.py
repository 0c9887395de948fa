"""A returns folder of another campaign: detected once for the folder, not blamed on each unit.

When every return that carries a cchc fingerprint names another campaign (schema id) and none belongs to
the campaign in use, the specialist ran the tool without the right ``--schema``. :func:`check_campaign`
raises :class:`WrongCampaignError` with what the returns say (schema id and version, from the fingerprint)
and, when one is found, the schema file that matches them (bundled with cchc, or next to the folder).
The command line words it and exits 2 without writing anything.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

from cchc_cli.errors import EXIT_USAGE, CchcError
from cchc_cli.schema.loader import DEFAULT_SCHEMA_NAME
from cchc_cli.schema.model import Schema
from cchc_cli.validation.report import ValidationReport
from cchc_cli.workbook.fingerprint import read_fingerprint

SCHEMA_SUFFIXES = (".yaml", ".yml")


@dataclass(frozen=True)
class SchemaFile:
    """A schema file found on disk, by its header: ``schema.id``, ``schema.version``, ``schema.title``."""

    path: Path | None  # None for the schema bundled with cchc (used when --schema is not given)
    name: str  # how to pass it to --schema ("" for the bundled one)
    schema_id: str
    version: str
    title: str


@dataclass
class ForeignCampaign:
    """What a folder of another campaign's returns says about itself."""

    schema_id: str  # the campaign most returns name
    version: str
    files: list[str] = field(default_factory=list)  # returns naming another campaign (names as shown)
    match: SchemaFile | None = None  # a schema file for that campaign, if one was found


class WrongCampaignError(CchcError):
    """The returns belong to another campaign (exit 2). ``found`` and ``expected`` (the schema id in use) are
    for the front end to word (api.wrong_campaign_line); ``str()`` is a plain fallback."""

    exit_code = EXIT_USAGE

    def __init__(self, found: ForeignCampaign, expected: str) -> None:
        self.found = found
        self.expected = expected
        super().__init__(f"các tệp báo cáo thuộc đợt {found.schema_id}, không phải đợt {expected} đang dùng")


def foreign_campaign(schema: Schema, report: ValidationReport, near: Sequence[Path] = ()) -> ForeignCampaign | None:
    """The other campaign the folder's returns belong to, or None when some return is this campaign's.

    Only files that opened as spreadsheets are looked at (their fingerprint is read again, from the hidden
    sheet). ``near``: the folders/files given on the command line; schema files next to them (and the
    current folder, and the schemas bundled with cchc) are searched for one whose ``schema.id`` matches.
    """
    opened = [r for r in report.files if r.opened]
    if not opened or any(r.unit is not None for r in opened):
        return None
    seen: Counter[tuple[str, str]] = Counter()
    files = []
    for r in opened:
        try:
            fp = read_fingerprint(r.path)
        except Exception:  # the file opened once; a second failure just means "no fingerprint"
            fp = None
        if fp is None or fp.get("schema_id", "") in ("", schema.meta.id):
            continue
        seen[(fp["schema_id"], fp.get("schema_version", ""))] += 1
        files.append(r.name)
    if not seen:
        return None
    (schema_id, version), _ = seen.most_common(1)[0]
    candidates = [s for s in schema_files(near) if s.schema_id == schema_id]
    candidates.sort(key=lambda s: (s.version != version, s.path is None, str(s.path)))
    return ForeignCampaign(schema_id, version, files, candidates[0] if candidates else None)


def check_campaign(schema: Schema, report: ValidationReport, near: Sequence[Path] = ()) -> None:
    """Raise WrongCampaignError when :func:`foreign_campaign` finds the folder is another campaign's."""
    found = foreign_campaign(schema, report, near)
    if found is not None:
        raise WrongCampaignError(found, schema.meta.id)


def _places(near: Sequence[Path]) -> list[Path]:
    places: list[Path] = []
    for p in [*near, Path.cwd()]:
        folder = p if p.is_dir() else p.parent
        for f in (folder, folder.parent, folder / "schemas", folder.parent / "schemas"):
            if f.is_dir() and f.resolve() not in [x.resolve() for x in places]:
                places.append(f)
    return places


def schema_files(near: Sequence[Path] = ()) -> Iterable[SchemaFile]:
    """Schema files next to ``near`` (their folder, its parent, a ``schemas/`` beside them, the current
    folder) and the bundled ones; files that are not a schema are passed over."""
    import yaml

    for folder in _places(near):
        for path in sorted(folder.iterdir()):
            if path.suffix.lower() not in SCHEMA_SUFFIXES or not path.is_file():
                continue
            try:
                header = _header(yaml.safe_load(path.read_text(encoding="utf-8")))
            except Exception:  # not YAML, not UTF-8, unreadable: not a schema to suggest
                continue
            if header:
                yield SchemaFile(path, str(path), *header)
    # The bundled schema is the one used without --schema.
    bundled = resources.files("cchc_cli.data.schemas").joinpath(DEFAULT_SCHEMA_NAME)
    header = _header(yaml.safe_load(bundled.read_text(encoding="utf-8")))
    if header:
        yield SchemaFile(None, "", *header)


def _header(doc: object) -> tuple[str, str, str] | None:
    if not isinstance(doc, dict) or not isinstance(doc.get("schema"), dict):
        return None
    head = doc["schema"]
    if not head.get("id"):
        return None
    return str(head["id"]), str(head.get("version", "")), str(head.get("title", head["id"]))
