"""The fast tokenizer (jieba-rs) gives exactly jieba's tokens, dictionary words included."""

from pathlib import Path

import pytest

from search import segmentation

CORPUS = Path(__file__).resolve().parents[2] / "regulations" / "data" / "corpus"


def _loaded(tokenizer):
    tokenizer.load_userdict(str(segmentation.USERDICT_PATH))
    for group in segmentation.read_synonym_file():
        for word in group:
            tokenizer.add_word(word, freq=300)
    return tokenizer


@pytest.fixture(scope="module")
def tokenizers():
    pytest.importorskip("rjieba")
    return _loaded(segmentation._RustTokenizer()), _loaded(segmentation._PythonTokenizer())


def test_same_tokens_on_the_corpus(tokenizers):
    rust, python = tokenizers
    text = segmentation.normalize(
        "".join(p.read_text(encoding="utf-8") for p in sorted(CORPUS.rglob("*.md"))[:12])
    )
    assert list(rust.cut_for_search(text)) == list(python.cut_for_search(text))
    assert list(rust.cut(text)) == list(python.cut(text))


def test_domain_words_are_kept_whole(tokenizers):
    rust, _python = tokenizers
    tokens = list(rust.cut("对其进行诫勉谈话并责令整改，给予政务处分"))
    assert {"诫勉谈话", "责令整改", "政务处分"} <= set(tokens)


def test_added_words_are_known(tokenizers):
    rust, python = tokenizers
    for tokenizer in (rust, python):
        assert not tokenizer.has_word("廉洁从业承诺书")
        tokenizer.add_word("廉洁从业承诺书", freq=300)
        assert tokenizer.has_word("廉洁从业承诺书")
        assert "廉洁从业承诺书" in list(tokenizer.cut("签订廉洁从业承诺书"))
