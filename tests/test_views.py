"""The analysis views (storage/views.py) on small real warehouses with known answers."""

from __future__ import annotations

import random
from datetime import date, datetime, timedelta
from pathlib import Path

import duckdb

from storage import ArticleRow, MentionRow, Warehouse, run_read_query
from storage.schema import LATEST_VERSION

Mention = tuple[str, str, str]  # "JPN-PHL-USA", relation, modality


Article = tuple[str, date, str | None, str, list[Mention]]  # slug, published day, site, title, mentions


def build_warehouse(db: Path, articles: list[Article]) -> Path:
    """A migrated warehouse holding (slug, published day, site name, title, mentions) articles.

    Articles without a site name come from https://<slug>.example/, so their outlet is that host.
    """
    warehouse = Warehouse(db)
    warehouse.migrate()
    store_articles(warehouse, "run", articles)
    return db


def store_articles(warehouse: Warehouse, run_id: str, articles: list[Article]) -> None:
    """Store articles and their mentions as one batch of a run."""
    rows, mentions = [], []
    for slug, day, site, title, found in articles:
        url = f"https://{slug if site is None else 'news'}.example/{slug}"
        published = datetime.combine(day, datetime.min.time()) + timedelta(hours=9)
        rows.append(
            ArticleRow(slug, url, url, None, None, None, title, None, site, published, published, "text", "page",
                       None, slug)
        )
        for n, (actors, relation, modality) in enumerate(found):
            mentions.append(
                MentionRow(f"{slug}-{n}", slug, actors.split("-"), relation, modality, "s.", 0, 2, 0.9, None,
                           "test", published)
            )
    warehouse.store_batch(run_id, rows, mentions, [])


def query(db: Path, sql: str) -> list[tuple[object, ...]]:
    return run_read_query(db, sql).rows


SUMMIT = ("JPN-PHL-USA", "summit", "asserted")


def summit_week(tmp_path: Path) -> Path:
    return build_warehouse(
        tmp_path / "w.duckdb",
        [
            ("a1", date(2024, 3, 4), "Wire A", "Summit set", [SUMMIT, ("JPN-USA", "alliance", "historical")]),
            ("a2", date(2024, 3, 5), None, "Summit held", [SUMMIT, SUMMIT]),
            ("a3", date(2024, 3, 7), "Wire C", "Summit wrap", [("JPN-PHL-USA", "summit", "planned")]),
            ("a4", date(2024, 3, 20), "Wire A", "Second summit", [SUMMIT]),
            ("a5", date(2024, 4, 2), "Wire A", "Water cannon", [("CHN-PHL", "confrontation", "asserted")]),
        ],
    )


def test_migration_3_creates_the_views(tmp_path: Path) -> None:
    db = summit_week(tmp_path)
    assert LATEST_VERSION >= 3
    assert (3, "analysis views") in query(db, "select version, description from schema_migrations")
    views = {row[0] for row in query(db, "select view_name from duckdb_views() where not internal")}
    assert {
        "mention_facts",
        "mention_trends",
        "dyads",
        "groupings",
        "country_activity",
        "rising",
        "events",
    } <= views
    assert Warehouse(db).migrate() == LATEST_VERSION  # applying again changes nothing


def test_mention_trends_count_mentions_articles_and_outlets_per_grain(tmp_path: Path) -> None:
    db = summit_week(tmp_path)
    rows = query(
        db,
        "select grain, period, mentions, articles, outlets from mention_trends "
        "where actors = ['JPN', 'PHL', 'USA'] and relation = 'summit' order by grain, period",
    )
    assert rows == [
        ("day", date(2024, 3, 4), 1, 1, 1),
        ("day", date(2024, 3, 5), 2, 1, 1),
        ("day", date(2024, 3, 7), 1, 1, 1),
        ("day", date(2024, 3, 20), 1, 1, 1),
        ("month", date(2024, 3, 1), 5, 4, 3),
        ("week", date(2024, 3, 4), 4, 3, 3),
        ("week", date(2024, 3, 18), 1, 1, 1),
    ]
    assert query(db, "select count(*) from mention_trends where relation = 'alliance'") == [
        (0,)
    ]  # historical


def test_dyads_expand_each_mention_to_its_pairs(tmp_path: Path) -> None:
    db = summit_week(tmp_path)
    rows = query(db, "select actor_a, actor_b, n_actors, count(*) from dyads group by all order by 1, 2")
    assert rows == [("CHN", "PHL", 2, 1), ("JPN", "PHL", 3, 5), ("JPN", "USA", 3, 5), ("PHL", "USA", 3, 5)]


def test_groupings_have_first_and_last_sighting_and_first_report(tmp_path: Path) -> None:
    db = summit_week(tmp_path)
    rows = query(
        db,
        "select actors, first_seen, last_seen, relations, mentions, articles, outlets, first_url, "
        "first_title from groupings order by first_seen",
    )
    assert rows == [
        (
            ["JPN", "PHL", "USA"],
            date(2024, 3, 4),
            date(2024, 3, 20),
            ["summit"],
            5,
            4,
            3,
            "https://news.example/a1",
            "Summit set",
        ),
        (
            ["CHN", "PHL"],
            date(2024, 4, 2),
            date(2024, 4, 2),
            ["confrontation"],
            1,
            1,
            1,
            "https://news.example/a5",
            "Water cannon",
        ),
    ]


def test_country_activity_counts_each_country_with_its_partners(tmp_path: Path) -> None:
    db = summit_week(tmp_path)
    rows = query(
        db,
        "select period, relation, mentions, articles, outlets, partners from country_activity "
        "where grain = 'month' and country = 'PHL' order by period",
    )
    assert rows == [(date(2024, 3, 1), "summit", 5, 4, 3, 2), (date(2024, 4, 1), "confrontation", 1, 1, 1, 1)]
    assert query(db, "select count(*) from country_activity where country = 'CHN' and grain = 'day'") == [
        (1,)
    ]


def test_events_collapse_reports_within_a_few_days(tmp_path: Path) -> None:
    db = summit_week(tmp_path)
    rows = query(
        db,
        "select event_id, started_on, ended_on, mentions, articles, outlets, first_title from events "
        "where relation = 'summit' order by started_on",
    )
    assert rows == [
        ("JPN-PHL-USA/summit/2024-03-04", date(2024, 3, 4), date(2024, 3, 7), 4, 3, 3, "Summit set"),
        ("JPN-PHL-USA/summit/2024-03-20", date(2024, 3, 20), date(2024, 3, 20), 1, 1, 1, "Second summit"),
    ]


def test_rising_scores_recent_volume_against_each_key_s_own_baseline(tmp_path: Path) -> None:
    end = date(2024, 6, 30)
    articles = []
    for week in range(1, 9):  # eight quiet weeks before the window: KOR-USA once, JPN-KOR three times
        day = end - timedelta(days=7 * week)
        articles.append(
            (
                f"old{week}",
                day,
                "Wire",
                "t",
                [("KOR-USA", "summit", "asserted")] + [("JPN-KOR", "military_exercise", "asserted")] * 3,
            )
        )
    articles.append(
        (
            "now1",
            end - timedelta(days=2),
            "Wire",
            "t",
            [("KOR-USA", "summit", "asserted")] * 6 + [("JPN-KOR", "military_exercise", "asserted")] * 3,
        )
    )
    articles.append(("now2", end, "Wire", "t", [("AUS-JPN-PHL", "security_partnership", "planned")] * 3))
    db = build_warehouse(tmp_path / "w.duckdb", articles)

    rows = query(
        db,
        "select kind, array_to_string(actors, '-'), window_start, window_end, recent_mentions, "
        "baseline_weekly, score, relations from rising order by score desc, 2",
    )
    assert rows[0] == ("dyad", "KOR-USA", date(2024, 6, 24), end, 6, 1.0, 3.54, ["summit"])
    assert {row[:2] for row in rows[1:]} == {
        ("grouping", "AUS-JPN-PHL"),
        ("dyad", "AUS-JPN"),
        ("dyad", "AUS-PHL"),
        ("dyad", "JPN-PHL"),
    }
    assert all(row[6] == 3.0 for row in rows[1:])  # 3 recent mentions, no baseline


SUMMARY_VIEWS = ("mention_trends", "groupings", "country_activity", "rising", "events")


def snapshot(db: Path) -> dict[str, list[tuple[object, ...]]]:
    """Every row of every summary-backed view, in a stable order."""
    return {view: sorted(query(db, f"select * from {view}"), key=repr) for view in SUMMARY_VIEWS}


def test_a_warehouse_from_before_migration_5_gets_its_summaries_filled(tmp_path: Path) -> None:
    db = summit_week(tmp_path)
    expected = snapshot(db)
    with duckdb.connect(str(db)) as con:  # back to version 4: trend views over bare mentions
        for view in SUMMARY_VIEWS:
            con.execute(f"drop view {view}")
        for table in ("trend_summary", "country_summary", "grouping_summary", "event_summary"):
            con.execute(f"drop table {table}")
        con.execute("delete from schema_migrations where version = 5")
    assert Warehouse(db).migrate() == LATEST_VERSION
    assert snapshot(db) == expected
    assert query(db, "select count(*) from events") == [(3,)]


def test_summaries_kept_by_writes_equal_a_rebuild_from_scratch(tmp_path: Path) -> None:
    """Batches over overlapping days and keys, then re-extraction that moves and drops
    mentions: the incrementally kept summaries match a full recomputation."""
    rng = random.Random(5)
    sets = ["JPN-PHL-USA", "JPN-USA", "CHN-PHL", "AUS-JPN-PHL-USA", "KOR-USA"]
    relations = ["summit", "alliance", "confrontation", "military_exercise"]
    modalities = ["asserted", "planned", "historical"]
    start = date(2024, 1, 25)

    def article(slug: str) -> tuple[str, date, str | None, str, list[Mention]]:
        found = [(rng.choice(sets), rng.choice(relations), rng.choice(modalities)) for _ in range(rng.randint(0, 4))]
        site = rng.choice(["Wire A", "Wire B", None])
        return slug, start + timedelta(days=rng.randint(0, 45)), site, f"title {slug}", found

    db = build_warehouse(tmp_path / "w.duckdb", [article(f"a{i}") for i in range(30)])
    warehouse = Warehouse(db)
    for batch in range(3):  # later runs
        store_articles(warehouse, f"run{batch}", [article(f"b{batch}x{i}") for i in range(15)])
    # Re-extraction: some articles lose mentions, others gain new keys.
    targets = [f"a{i}" for i in range(0, 30, 3)]
    replacement = [
        MentionRow(f"{slug}-new{n}", slug, rng.choice(sets).split("-"), rng.choice(relations), "asserted",
                   "s.", 0, 2, 0.9, None, "test-2", None)
        for slug in targets for n in range(rng.randint(0, 2))
    ]
    warehouse.replace_mentions(targets, replacement, "test-2")
    kept = snapshot(db)
    warehouse.rebuild_summaries()
    assert snapshot(db) == kept
    assert kept["groupings"] and kept["events"] and kept["mention_trends"]
