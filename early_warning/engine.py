"""The rule engine: pure functions from (rules, signal rows) to levels. No database access, so
that evaluating ten thousand staff is a matter of dictionaries, not queries."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from early_warning.models.choices import Scope

MAX_SIGNAL_IDS = 50  # signal ids kept per rule in an explanation


@dataclass(frozen=True)
class RuleSpec:
    id: int
    name: str
    scope: str
    source: str
    kind: str
    min_severity: int
    window: int
    threshold: int
    consecutive: int
    level: int

    @classmethod
    def from_rule(cls, rule) -> RuleSpec:
        return cls(
            id=rule.pk,
            name=rule.name,
            scope=rule.scope,
            source=rule.source,
            kind=rule.kind,
            min_severity=rule.min_severity,
            window=max(rule.window_months or 1, 1),
            threshold=max(rule.count_threshold or 1, 1),
            consecutive=rule.consecutive_months if (rule.consecutive_months or 0) >= 2 else 0,
            level=rule.level,
        )

    @property
    def span(self) -> int:
        return max(self.window, self.consecutive, 1)


# A signal row: (id, user_id, department_id, source, kind, severity, month_index)
Row = tuple[int, int | None, int | None, str, str, int, int]


@dataclass
class Result:
    level: int = 0
    matches: list[dict] = field(default_factory=list)
    signal_ids: set[int] = field(default_factory=set)
    inherited: dict | None = None

    def explanation(self) -> dict:
        data: dict = {"rules": sorted(self.matches, key=lambda m: (-m["level"], m["rule"]))}
        if self.inherited:
            data["inherited"] = self.inherited
        return data


def max_span(rules: list[RuleSpec]) -> int:
    return max((rule.span for rule in rules), default=1)


def _matches(rule: RuleSpec, per_month: dict[int, list[int]], month_idx: int) -> list[int] | None:
    """The ids of the signals that make ``rule`` fire, or None."""
    if rule.consecutive:
        ids: list[int] = []
        for idx in range(month_idx - rule.consecutive + 1, month_idx + 1):
            found = per_month.get(idx, ())
            if len(found) < rule.threshold:
                return None
            ids.extend(found)
        return ids
    ids = [
        signal_id
        for idx in range(month_idx - rule.window + 1, month_idx + 1)
        for signal_id in per_month.get(idx, ())
    ]
    return ids if len(ids) >= rule.threshold else None


def evaluate(
    rules: list[RuleSpec], rows: list[Row], month_idx: int
) -> tuple[dict[int, Result], dict[int, Result]]:
    """Levels of staff members and departments for the month ``month_idx`` (year*12+month-1)
    from the rules alone (without department inheritance). Subjects whose signals match no
    rule are absent (green), unless they have signals in the month itself."""
    by_kind: dict[tuple[str, str], list[Row]] = defaultdict(list)
    for row in rows:
        by_kind[(row[3], row[4])].append(row)
    staff: dict[int, Result] = {}
    departments: dict[int, Result] = {}
    for rule in rules:
        first = month_idx - rule.span + 1
        grouped: dict[int, dict[int, list[int]]] = defaultdict(lambda: defaultdict(list))
        for (source, kind), bucket in by_kind.items():
            if rule.source and rule.source != source:
                continue
            if rule.kind and rule.kind != kind:
                continue
            for signal_id, user_id, department_id, _s, _k, severity, idx in bucket:
                if severity < rule.min_severity or not first <= idx <= month_idx:
                    continue
                key = user_id if rule.scope == Scope.STAFF else department_id
                if key is None:
                    continue
                grouped[key][idx].append(signal_id)
        target = staff if rule.scope == Scope.STAFF else departments
        for key, per_month in grouped.items():
            ids = _matches(rule, per_month, month_idx)
            if ids is None:
                continue
            result = target.get(key)
            if result is None:
                result = target[key] = Result()
            result.level = max(result.level, rule.level)
            result.signal_ids.update(ids)
            result.matches.append(
                {
                    "rule": rule.id,
                    "name": rule.name,
                    "level": rule.level,
                    "count": len(ids),
                    "signals": sorted(ids)[:MAX_SIGNAL_IDS],
                }
            )
    return staff, departments


def inherit(
    departments: dict[int, Result], staff_levels: dict[int, list[tuple[int, int, str]]]
) -> dict[int, Result]:
    """A department is at least as high as its highest staff member. ``staff_levels`` maps a
    department id to ``(level, user_id, name)`` of its staff above green."""
    for department_id, members in staff_levels.items():
        members = [m for m in members if m[0] > 0]
        if not members:
            continue
        top = max(m[0] for m in members)
        result = departments.get(department_id)
        if result is None:
            result = departments[department_id] = Result()
        result.level = max(result.level, top)
        ranked = sorted(members, key=lambda m: (-m[0], m[1]))
        result.inherited = {
            "level": top,
            "count": len(members),
            "people": [{"user": m[1], "name": m[2], "level": m[0]} for m in ranked[:10]],
        }
    return departments
