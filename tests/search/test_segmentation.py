from search.segmentation import index_terms, normalize, parse_words, query_terms, read_synonym_file


def test_domain_words_are_kept_whole_and_split_for_search():
    terms = index_terms("给予诫勉谈话并责令整改，触碰高压线的依规给予政务处分")
    for word in ("诫勉谈话", "诫勉", "责令整改", "高压线", "政务处分"):
        assert word in terms
    assert query_terms("诫勉谈话") == ["诫勉谈话"]


def test_long_compound_is_found_by_its_words():
    terms = index_terms("腐败风险预警防控管理平台")
    for word in ("腐败", "风险", "预警", "防控", "平台"):
        assert word in terms


def test_mixed_text_numbers_and_full_width_letters():
    assert normalize("ＩＳＯ９００１") == "iso9001"
    assert query_terms("ISO 9001认证") == ["iso", "9001", "认证"]
    assert "iso" in index_terms("通过ISO 9001认证")


def test_punctuation_control_characters_and_emoji_are_dropped():
    assert query_terms("“”，。！？*:()^~\x00\x07😀") == []
    assert query_terms("回避😀\x00") == ["回避"]


def test_stop_words_are_not_terms():
    assert "的" not in index_terms("领导干部的责任")
    assert query_terms("领导干部的责任") == ["领导", "干部", "责任"]


def test_synonym_file_and_word_parsing():
    groups = read_synonym_file()
    assert ["受贿", "收受贿赂"] in groups
    assert ["公款吃喝", "违规公款吃喝"] in groups
    assert parse_words("受贿，收受贿赂、受贿 / 索贿") == ["受贿", "收受贿赂", "索贿"]
