"""Demo classification of the imported corpus: tier (高压线/警戒线/斑马线) and tags.

Keys are the short titles that appear in the corpus (the part after 中华人民共和国, if any);
matching is by containment so a new version of the same law is classified the same way.
Regulations not listed stay unclassified, as a real library would have some.
"""

from __future__ import annotations

PROHIBITION = "prohibition"  # 高压线: absolute prohibitions
WARNING = "warning"  # 警戒线: warning lines
COMMON = "common"  # 斑马线: common rules

TIERS: dict[str, tuple[str, tuple[str, ...]]] = {
    "刑法": (PROHIBITION, ("职务犯罪", "贪污贿赂")),
    "监察法": (PROHIBITION, ("监察体制", "职务违法")),
    "公职人员政务处分法": (PROHIBITION, ("政务处分", "职务违法")),
    "反洗钱法": (PROHIBITION, ("金融监管",)),
    "监察官法": (WARNING, ("监察体制", "队伍建设")),
    "公务员法": (WARNING, ("公务员管理", "队伍建设")),
    "政府采购法": (WARNING, ("政府采购", "廉洁风险")),
    "政府采购法实施条例": (WARNING, ("政府采购", "廉洁风险")),
    "招标投标法": (WARNING, ("招标投标", "廉洁风险")),
    "招标投标法实施条例": (WARNING, ("招标投标", "廉洁风险")),
    "企业国有资产法": (WARNING, ("国有资产",)),
    "企业国有资产监督管理暂行条例": (WARNING, ("国有资产",)),
    "审计法": (WARNING, ("审计监督",)),
    "审计法实施条例": (WARNING, ("审计监督",)),
    "青岛市审计监督条例": (WARNING, ("审计监督",)),
    "预算法": (WARNING, ("财政资金",)),
    "会计法": (WARNING, ("财务管理",)),
    "行政许可法": (WARNING, ("行政审批", "依法行政")),
    "行政处罚法": (WARNING, ("行政执法", "依法行政")),
    "行政强制法": (WARNING, ("行政执法", "依法行政")),
    "价格违法行为行政处罚规定": (WARNING, ("行政执法",)),
    "反不正当竞争法": (WARNING, ("营商环境",)),
    "信访工作条例": (COMMON, ("信访工作", "群众监督")),
    "信访条例": (COMMON, ("信访工作", "群众监督")),
    "政府信息公开条例": (COMMON, ("政务公开",)),
    "档案法": (COMMON, ("档案管理",)),
    "统计法": (COMMON, ("统计工作",)),
    "国家赔偿法": (COMMON, ("依法行政",)),
    "立法法": (COMMON, ("立法",)),
    "各级人民代表大会常务委员会监督法": (COMMON, ("人大监督",)),
    "山东省行政执法监督条例": (COMMON, ("行政执法",)),
}


def classify(title: str) -> tuple[str, tuple[str, ...]] | None:
    """The (tier, tags) for a regulation title, preferring the longest matching key."""
    short = title.removeprefix("中华人民共和国")
    best = None
    for key, value in TIERS.items():
        if (short == key or short.endswith(key)) and (best is None or len(key) > len(best[0])):
            best = (key, value)
    return best[1] if best else None
