"""Spelling-tolerant suggestions when nothing matches.

For each query term that is not in the index, the indexed term at edit distance one (a wrong,
missing or extra character: 贿络 → 贿赂, 廉正 → 廉政) that occurs in the most documents. The
vocabulary is read once per state of the index (its entry count and last id) and kept in memory.
"""

from __future__ import annotations

from django.db.models import Count

from search.models import SearchPosting

MAX_VOCABULARY = 200_000


def _masks(word: str):
    for i in range(len(word)):
        yield word[:i] + "?" + word[i + 1 :]  # substitution
        yield word[:i] + word[i + 1 :]  # deletion (the user typed an extra character)


_memo: dict = {}


def vocabulary() -> dict[str, list[tuple[str, int]]]:
    """Kept in process memory (not the Django cache: unpickling it per request is slow)."""
    from django.db.models import Max

    from search.models import SearchEntry

    # Every index write inserts new entries or removes some: this pair changes with the index.
    key = tuple(SearchEntry.objects.aggregate(n=Count("id"), last=Max("id")).values())
    if _memo.get("key") == key:
        return _memo["index"]
    index = {}
    rows = (
        SearchPosting.objects.values_list("term")
        .annotate(df=Count("entry"))
        .order_by("-df")[:MAX_VOCABULARY]
    )
    for term, df in rows:
        if len(term) < 2:
            continue
        for mask in _masks(term):
            index.setdefault(mask, []).append((term, df))
        index.setdefault(term, []).append((term, df))  # for a missing character in the query
    _memo.clear()
    _memo.update(key=key, index=index)
    return index


def correct(term: str, index) -> str | None:
    candidates: dict[str, int] = {}
    keys = [term, *_masks(term)] if len(term) >= 2 else []
    for key in keys:
        for word, df in index.get(key, ()):
            if word != term:
                candidates[word] = max(candidates.get(word, 0), df)
    if not candidates:
        return None
    return max(candidates.items(), key=lambda kv: (kv[1], -abs(len(kv[0]) - len(term))))[0]


def suggest(query, *, df: dict[str, int]) -> list[str]:
    """Alternative queries: misspelt words replaced; or fewer words when all are known."""
    from search.segmentation import query_terms

    if not query.terms:
        return []
    unknown = [t for t in query.terms if not df.get(t)]
    if not unknown:
        if len(query.terms) > 1:
            # Every word is known but not together: suggest the most specific one.
            return [min(query.terms, key=lambda t: df.get(t, 0))]
        return []
    index = vocabulary()
    fixed: list[str] = []
    changed = False
    for word in query.words or query.terms:
        terms = query_terms(word)
        if all(df.get(t) for t in terms):
            fixed.append(word)
            continue
        better = correct("".join(terms), index) if len("".join(terms)) <= 12 else None
        if better:
            fixed.append(better)
            changed = True
            continue
        kept = []
        for term in terms:
            if df.get(term):
                kept.append(term)
            else:
                replacement = correct(term, index)
                if replacement:
                    kept.append(replacement)
                changed = True
        if kept:
            fixed.append("".join(kept))
    suggestion = " ".join(fixed)
    if changed and suggestion and suggestion != query.raw:
        return [suggestion]
    return []
