from regulations.models.constants import (
    CATEGORY_FOLDERS,
    LAW_SECTORS,
    TIER_DESCRIPTIONS,
    Category,
    EventKind,
    NodeKind,
    Status,
    Tier,
)
from regulations.models.pages import (
    RegulationLibraryPage,
    RegulationPage,
    RegulationPageTag,
    derive_status,
    make_work_key,
    source_digest,
)
from regulations.models.structure import RegulationArticle, RegulationNode

__all__ = [
    "CATEGORY_FOLDERS",
    "LAW_SECTORS",
    "TIER_DESCRIPTIONS",
    "Category",
    "EventKind",
    "NodeKind",
    "RegulationArticle",
    "RegulationLibraryPage",
    "RegulationNode",
    "RegulationPage",
    "RegulationPageTag",
    "Status",
    "Tier",
    "derive_status",
    "make_work_key",
    "source_digest",
]
