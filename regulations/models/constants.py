"""Choices shared by the regulation models, services and views."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Category(models.TextChoices):
    LAW = "law", _("Law")
    ADMINISTRATIVE_REGULATION = "administrative_regulation", _("Administrative regulation")
    SUPERVISION_REGULATION = "supervision_regulation", _("Supervision regulation")
    DEPARTMENTAL_RULE = "departmental_rule", _("Departmental rule")
    LOCAL_REGULATION = "local_regulation", _("Local regulation")
    JUDICIAL_INTERPRETATION = "judicial_interpretation", _("Judicial interpretation")
    PARTY_REGULATION = "party_regulation", _("Party regulation")
    NORMATIVE_DOCUMENT = "normative_document", _("Normative document")
    INTERNAL_RULE = "internal_rule", _("Internal rule of this unit")


class Status(models.TextChoices):
    CURRENT = "current", _("In force")
    AMENDED = "amended", _("Amended")
    REPEALED = "repealed", _("Repealed")
    PENDING = "pending", _("Not yet in force")


class Tier(models.TextChoices):
    PROHIBITION = "prohibition", _("High-voltage line")
    WARNING = "warning", _("Warning line")
    COMMON = "common", _("Zebra crossing")
    __empty__ = _("Unclassified")


TIER_DESCRIPTIONS = {
    Tier.PROHIBITION: _("Absolute prohibitions: never to be crossed."),
    Tier.WARNING: _("Warning lines: conduct that calls for vigilance."),
    Tier.COMMON: _("Common rules: everyday rules of conduct."),
}


class NodeKind(models.TextChoices):
    PART = "part", _("Part")
    SUBPART = "subpart", _("Sub-part")
    CHAPTER = "chapter", _("Chapter")
    SECTION = "section", _("Section")
    HEADING = "heading", _("Heading")
    ARTICLE = "article", _("Article")
    PARAGRAPH = "paragraph", _("Paragraph")


HEADING_KINDS = ("part", "subpart", "chapter", "section", "heading")


class EventKind(models.TextChoices):
    ADOPTED = "adopted", pgettext_lazy("history event", "Adopted")
    APPROVED = "approved", pgettext_lazy("history event", "Approved")
    PROMULGATED = "promulgated", pgettext_lazy("history event", "Promulgated")
    AMENDED = "amended", pgettext_lazy("history event", "Amended")
    REVISED = "revised", pgettext_lazy("history event", "Revised")
    EFFECTIVE = "effective", pgettext_lazy("history event", "Came into force")
    REPEALED = "repealed", pgettext_lazy("history event", "Repealed")
    OTHER = "other", pgettext_lazy("history event", "Other")


# Folder names of the corpus -> (category, sector). Laws are filed by legal sector.
LAW_SECTORS = (
    "宪法",
    "宪法相关法",
    "民法典",
    "民法商法",
    "行政法",
    "经济法",
    "社会法",
    "刑法",
    "诉讼与非诉讼程序法",
)
CATEGORY_FOLDERS = {
    "法律": Category.LAW,
    "行政法规": Category.ADMINISTRATIVE_REGULATION,
    "监察法规": Category.SUPERVISION_REGULATION,
    "部门规章": Category.DEPARTMENTAL_RULE,
    "地方性法规": Category.LOCAL_REGULATION,
    "司法解释": Category.JUDICIAL_INTERPRETATION,
    "党内法规": Category.PARTY_REGULATION,
    "规范性文件": Category.NORMATIVE_DOCUMENT,
    "本单位制度": Category.INTERNAL_RULE,
}
