"""Shard planning: consecutive years, no shard over the limit unless one year is."""

from site_search import plan_shards


def test_small_site_is_one_shard() -> None:
    assert plan_shards({"2021": 3, "2022": 4}, 10) == [[]]


def test_years_grouped_under_the_limit() -> None:
    counts = {"2019": 3000, "2020": 2500, "2021": 2600, "2022": 2700, "2023": 500}
    shards = plan_shards(counts, 6000)
    assert shards == [["2019", "2020"], ["2021", "2022", "2023"]]
    assert [y for shard in shards for y in shard] == list(counts)


def test_a_year_over_the_limit_stands_alone() -> None:
    assert plan_shards({"2021": 9000, "2022": 10}, 6000) == [["2021"], ["2022"]]
