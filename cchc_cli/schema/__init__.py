"""The campaign schema: YAML → typed, checked model."""

from cchc_cli.schema.loader import load_schema, load_schema_text
from cchc_cli.schema.model import Aggregate, Indicator, Period, Rule, Schema, Section, Unit, ValueKind

__all__ = [
    "Aggregate",
    "Indicator",
    "Period",
    "Rule",
    "Schema",
    "Section",
    "Unit",
    "ValueKind",
    "load_schema",
    "load_schema_text",
]
