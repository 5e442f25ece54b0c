"""CJK, emoji and very long text render without breaking the layout."""

from __future__ import annotations

from rich.text import Text

from studybuddy.content import load_content
from studybuddy.tui.widgets.guide_tree import GuideTree
from studybuddy.tui.widgets.item_list import ItemList
from tests.helpers.clock import FakeClock
from tests.helpers.tui import Session, text

LONG = "A remarkably long title " * 12


def odd_content(root):
    (root / "guides").mkdir(parents=True)
    (root / "decks").mkdir()
    (root / "guides" / "odd.yaml").write_text(
        f"""id: odd
title: 机器学习入门指南 🚀 {LONG}
source: https://example.org/
summary: 这是一个测试。 Emoji 🎉 and **bold**.
sections:
  - id: cjk
    title: 深度学习与神经网络 🧠 {LONG}
    summary: 第一句。 Second sentence with 😀.
    items:
      - id: wide
        title: 全角文字のタイトル 🎯 {LONG}
        url: https://example.org/wide
        kind: article
        note: {"很长的说明 " * 40}
""",
        encoding="utf-8",
    )
    (root / "decks" / "odd.yaml").write_text(
        f"""id: odd-deck
title: Odd
cards:
  - id: odd-card
    term: 过拟合 🤯 {LONG}
    zh: 过拟合
    definition: {"非常长的定义 " * 80}
    sections: [cjk]
""",
        encoding="utf-8",
    )
    return load_content([root], bundled=False)


async def test_wide_and_long_text_fits(tmp_path):
    s = Session(tmp_path / "data", FakeClock(), odd_content(tmp_path / "c"), review=False)
    async with s.app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        tree = s.app.screen.query_one(GuideTree)
        width = tree.scrollable_content_region.width
        for node_id in ("odd", "cjk"):
            label: Text = tree._node_by_id[node_id].label
            assert label.cell_len <= width, (node_id, label.cell_len, width)
        await pilot.press("j")
        assert text(s.app, "#detail-title").startswith("深度学习与神经网络 🧠")
        assert len(s.app.screen.query_one(ItemList).options) == 1
        await pilot.press("r", "space")
        assert "非常长的定义" in text(s.app, "#card-definition")
        assert s.app.screen.query_one("#card").region.right <= 80
    s.close()
