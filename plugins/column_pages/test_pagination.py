"""Stable pagination: archive chunks never move when items are added."""

from column_pages.pagination import stable_pages


def pages_for(total: int, size: int = 3):
    items = [f"item{n}" for n in range(total, 0, -1)]  # newest first
    return stable_pages(items, size, "news/")


def test_small_column_has_only_a_front_page() -> None:
    pages = pages_for(3)
    assert len(pages) == 1 and pages[0].items == ["item3", "item2", "item1"]
    assert pages[0].older_url is None


def test_chunks_count_from_the_oldest() -> None:
    pages = pages_for(7)
    front, first, second = pages
    assert front.items == ["item7", "item6", "item5"]
    assert first.items == ["item3", "item2", "item1"] and first.url == "news/page/1/"
    assert second.items == ["item6", "item5", "item4"]
    assert front.older_url == "news/page/2/"
    assert second.newer_url == "news/" and second.older_url == "news/page/1/"
    assert first.newer_url == "news/page/2/" and first.older_url is None


def test_adding_items_never_changes_existing_chunks() -> None:
    before = {p.url: p.items for p in pages_for(10)[1:]}
    after = {p.url: p.items for p in pages_for(11)[1:]}
    assert all(after[url] == items for url, items in before.items())
    later = {p.url: p.items for p in pages_for(12)[1:]}
    assert len(later) == len(before) + 1 and all(later[u] == i for u, i in before.items())


def test_every_item_is_reachable() -> None:
    for total in range(0, 20):
        seen = {item for page in pages_for(total) for item in page.items}
        assert seen == {f"item{n}" for n in range(1, total + 1)}, total
