"""The units' narrative reports (Word) following the outline of Phụ lục 1: hand out, collect, pull into the draft."""

from cchc_cli.narrative.collect import Narrative, NarrativeIssue, NarrativeSet, collect_narratives, has_narratives
from cchc_cli.narrative.outline import Outline, OutlineNode, derive_outline, load_outline

__all__ = [
    "Narrative",
    "NarrativeIssue",
    "NarrativeSet",
    "Outline",
    "OutlineNode",
    "collect_narratives",
    "derive_outline",
    "has_narratives",
    "load_outline",
]
