"""Chinese word segmentation, applied identically when indexing and when querying.

jieba's dictionary and algorithm (through jieba-rs, ``rjieba``, when installed: identical tokens,
much faster; plain jieba otherwise) with the domain dictionary in ``search/data/userdict.txt``.
Documents are cut in jieba's "search engine" mode (a long word also yields the dictionary words
inside it, so 腐败风险预警 is found by 风险 and by 预警); queries are cut in precise mode. Both go
through the same normalisation (NFKC: full-width letters and digits become ASCII; lower case) and
drop the same punctuation and stop words, so a query term always has the shape of an indexed term.
"""

from __future__ import annotations

import logging
import re
import threading
import unicodedata
from functools import cache, lru_cache
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent / "data"
USERDICT_PATH = DATA_DIR / "userdict.txt"
SYNONYMS_PATH = DATA_DIR / "synonyms.txt"
STOPWORDS_PATH = DATA_DIR / "stopwords.txt"

MAX_TERM_LENGTH = 40
# A term must contain at least one letter, digit or CJK character.
_WORDLIKE = re.compile(r"[0-9a-z\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
# Control characters and other invisible code points are dropped before anything else.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u200b-\u200f\u2028-\u202f\ufeff]")

_lock = threading.Lock()
_tokenizer = None


@cache
def stopwords() -> frozenset[str]:
    return frozenset(STOPWORDS_PATH.read_text(encoding="utf-8").split())


def read_synonym_file(path: Path = SYNONYMS_PATH) -> list[list[str]]:
    """The shipped default synonym groups (one group a line, ``#`` comments)."""
    groups = []
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        words = parse_words(line)
        if len(words) > 1:
            groups.append(words)
    return groups


def parse_words(text: str) -> list[str]:
    """Split an editor's synonym line on spaces, commas, 、 and slashes; keep the order."""
    words: list[str] = []
    for word in re.split(r"[\s,，、/;；|]+", normalize(text)):
        if word and word not in words:
            words.append(word)
    return words


def normalize(text: str) -> str:
    """NFKC (full-width → half-width), lower case, without control characters."""
    text = _CONTROL.sub(" ", text or "")
    return unicodedata.normalize("NFKC", text).lower()


class _RustTokenizer:
    """jieba-rs (``rjieba``) behind jieba's interface: the same dictionary and algorithm, so the
    same tokens (checked on the whole corpus), about 20 times faster and with a quicker start."""

    def __init__(self):
        import rjieba

        self._jieba = rjieba.Jieba()

    def load_userdict(self, path: str) -> None:
        for line in Path(path).read_text(encoding="utf-8").splitlines():
            parts = line.split()
            if not parts:
                continue
            freq = int(parts[1]) if len(parts) > 1 and parts[1].isdigit() else None
            tag = parts[2] if len(parts) > 2 else None
            self._jieba.add_word(parts[0], freq, tag)

    def add_word(self, word: str, freq: int | None = None) -> None:
        self._jieba.add_word(word, freq, None)

    def has_word(self, word: str) -> bool:
        return self._jieba.has_word(word)

    def cut(self, text: str, HMM: bool = False):
        return self._jieba.cut(text, HMM)

    def cut_for_search(self, text: str, HMM: bool = False):
        return self._jieba.cut_for_search(text, HMM)


class _PythonTokenizer:
    """Plain jieba, used when rjieba is not installed."""

    def __init__(self):
        import jieba

        jieba.setLogLevel(logging.WARNING)
        self._jieba = jieba.Tokenizer()
        self._jieba.initialize()

    def load_userdict(self, path: str) -> None:
        self._jieba.load_userdict(path)

    def add_word(self, word: str, freq: int | None = None) -> None:
        self._jieba.add_word(word, freq=freq)

    def has_word(self, word: str) -> bool:
        return self._jieba.FREQ.get(word, 0) > 0

    def cut(self, text: str, HMM: bool = False):
        return self._jieba.cut(text, HMM=HMM)

    def cut_for_search(self, text: str, HMM: bool = False):
        return self._jieba.cut_for_search(text, HMM=HMM)


def _new_tokenizer():
    try:
        return _RustTokenizer()
    except ImportError:
        return _PythonTokenizer()


def get_tokenizer():
    """The shared tokenizer with the domain dictionary (loaded once, on first use)."""
    global _tokenizer
    if _tokenizer is None:
        with _lock:
            if _tokenizer is None:
                tokenizer = _new_tokenizer()
                tokenizer.load_userdict(str(USERDICT_PATH))
                for group in read_synonym_file():
                    for word in group:
                        tokenizer.add_word(word, freq=300)
                _tokenizer = tokenizer
    return _tokenizer


def add_words(words) -> None:
    """Teach the segmenter extra words (e.g. synonyms that editors add in the admin)."""
    tokenizer = get_tokenizer()
    added = False
    for word in words:
        word = normalize(word).strip()
        if word and len(word) <= MAX_TERM_LENGTH and not tokenizer.has_word(word):
            tokenizer.add_word(word, freq=300)
            added = True
    if added:
        title_terms.cache_clear()  # titles cut before the new words would be cut differently


def is_term(token: str) -> bool:
    return bool(token) and token not in stopwords() and bool(_WORDLIKE.search(token))


@lru_cache(maxsize=65536)
def _term_of(token: str) -> str:
    """The index term a raw token stands for, or "" when it is no term (cached: the same tokens
    recur throughout a corpus, and this runs for every token of every document)."""
    token = token.strip()
    return token[:MAX_TERM_LENGTH] if is_term(token) else ""


def _clean(tokens) -> list[str]:
    term_of = _term_of
    return [term for term in map(term_of, tokens) if term]


def index_terms(text: str) -> list[str]:
    """Terms of a document (with repeats, in order): search-engine mode."""
    text = normalize(text)
    if not text.strip():
        return []
    return _clean(get_tokenizer().cut_for_search(text, HMM=False))


@lru_cache(maxsize=4096)
def title_terms(text: str) -> tuple[str, ...]:
    """``index_terms`` of a short text that recurs across documents (every article of a
    regulation carries the regulation's title), cached; cleared when words are added."""
    return tuple(index_terms(text))


def query_terms(text: str) -> list[str]:
    """Terms of a query (without repeats, in order): precise mode."""
    text = normalize(text)
    terms: list[str] = []
    for token in _clean(get_tokenizer().cut(text, HMM=False)):
        if token not in terms:
            terms.append(token)
    return terms


def sub_terms(term: str) -> list[str]:
    """The dictionary words inside a long query term (used when the whole term is unknown)."""
    parts = [t for t in _clean(get_tokenizer().cut_for_search(term, HMM=False)) if t != term]
    if not parts:
        parts = [t for t in _clean(term) if t]  # single characters as the last resort
    out: list[str] = []
    for part in parts:
        if part not in out:
            out.append(part)
    return out


def has_cjk(text: str) -> bool:
    return bool(_CJK.search(text))


def segmented(text: str) -> str:
    """The document's terms joined by spaces (what Elasticsearch and FTS engines are fed)."""
    return " ".join(index_terms(text))
