from regulations.diff import Item, compare, mark_changes, summary


def items(*texts):
    return [Item(key=f"art-{i}", label=f"第{i}条", text=t) for i, t in enumerate(texts, 1)]


def test_identical_lists_are_unchanged():
    changes = compare(items("甲乙丙", "丁戊己"), items("甲乙丙", "丁戊己"))
    assert [c.kind for c in changes] == ["unchanged", "unchanged"]
    assert summary(changes)["unchanged"] == 2


def test_inserted_article_renumbers_the_following_ones_without_marking_them_changed():
    old = items("第一条的内容很长很长", "第二条的内容也很长", "第三条的内容同样很长")
    new = items(
        "第一条的内容很长很长", "一条全新的条文内容", "第二条的内容也很长", "第三条的内容同样很长"
    )
    changes = compare(old, new)
    assert [c.kind for c in changes] == ["unchanged", "added", "unchanged", "unchanged"]
    assert (
        changes[2].renumbered
        and changes[2].old.label == "第2条"
        and changes[2].new.label == "第3条"
    )
    assert summary(changes) == {
        "unchanged": 3,
        "changed": 0,
        "added": 1,
        "removed": 0,
        "renumbered": 2,
    }


def test_changed_and_removed_articles():
    old = items(
        "监察机关应当依法履行职责。", "这一条将被整条删除，内容完全不同。", "最后一条保持不变。"
    )
    new = items("监察机关应当依法全面履行职责。", "最后一条保持不变。")
    changes = compare(old, new)
    assert [c.kind for c in changes] == ["changed", "removed", "unchanged"]
    assert "<ins>全面</ins>" in changes[0].new_html
    assert "<del>" not in changes[0].new_html


def test_every_article_appears_once():
    old = items(*[f"条文{i}内容" * 3 for i in range(30)])
    new = items(*[f"条文{i}内容" * 3 for i in range(0, 30, 2)] + ["新条文甲乙丙丁"])
    changes = compare(old, new)
    assert sum(1 for c in changes if c.old) == 30
    assert sum(1 for c in changes if c.new) == 16


def test_mark_changes_escapes_html():
    old_html, new_html = mark_changes("<b>甲</b>", "<b>乙</b>")
    assert "<b>" not in old_html and "&lt;b&gt;" in new_html
    assert "<del>甲</del>" in old_html and "<ins>乙</ins>" in new_html


def test_article_that_gained_paragraphs_is_changed_not_removed_and_added():
    kept = "监察机关对公职人员进行监督，调查职务违法和职务犯罪。"
    grown = (
        kept
        + "\n新增第一款内容，规定了更多的程序要求和具体的办理方式。"
        + "\n新增第二款内容，说明了留置期间的权利保障措施。"
    )
    old = items("开头一条保持不变。", kept, "这一条和前后都不同，完全是别的话。")
    new = items("开头一条保持不变。", grown, "这一条和前后都不同，完全是别的话。")
    changes = compare(old, new)
    assert [c.kind for c in changes] == ["unchanged", "changed", "unchanged"]
    assert changes[1].old.label == changes[1].new.label == "第2条"


def test_same_label_with_unrelated_text_stays_removed_and_added():
    old = items("开头一条保持不变。", "旧的条文讲的是财务报销的具体规定。", "结尾一条保持不变。")
    new = items("开头一条保持不变。", "新的条文说明选举程序与候选人名单。", "结尾一条保持不变。")
    assert [c.kind for c in compare(old, new)] == ["unchanged", "removed", "added", "unchanged"]
