"""Chinese word segmentation, applied identically when indexing and when querying.

jieba with the domain dictionary in ``search/data/userdict.txt``. Documents are cut in jieba's
"search engine" mode (a long word also yields the dictionary words inside it, so 腐败风险预警
is found by 风险 and by 预警); queries are cut in precise mode. Both go through the same
normalisation (NFKC: full-width letters and digits become ASCII; lower case) and drop the same
punctuation and stop words, so a query term always has the shape of an indexed term.
"""

from __future__ import annotations

import logging
import re
import threading
import unicodedata
from functools import cache
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


def get_tokenizer():
    """The shared jieba tokenizer with the domain dictionary (loaded once, on first use)."""
    global _tokenizer
    if _tokenizer is None:
        with _lock:
            if _tokenizer is None:
                import jieba

                jieba.setLogLevel(logging.WARNING)
                tokenizer = jieba.Tokenizer()
                tokenizer.initialize()
                tokenizer.load_userdict(str(USERDICT_PATH))
                for group in read_synonym_file():
                    for word in group:
                        tokenizer.add_word(word, freq=300)
                _tokenizer = tokenizer
    return _tokenizer


def add_words(words) -> None:
    """Teach the segmenter extra words (e.g. synonyms that editors add in the admin)."""
    tokenizer = get_tokenizer()
    for word in words:
        word = normalize(word).strip()
        if word and len(word) <= MAX_TERM_LENGTH and tokenizer.FREQ.get(word, 0) <= 0:
            tokenizer.add_word(word, freq=300)


def is_term(token: str) -> bool:
    return bool(token) and token not in stopwords() and bool(_WORDLIKE.search(token))


def _clean(tokens) -> list[str]:
    out = []
    for token in tokens:
        token = token.strip()
        if is_term(token):
            out.append(token[:MAX_TERM_LENGTH])
    return out


def index_terms(text: str) -> list[str]:
    """Terms of a document (with repeats, in order): search-engine mode."""
    text = normalize(text)
    if not text.strip():
        return []
    return _clean(get_tokenizer().cut_for_search(text, HMM=False))


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
