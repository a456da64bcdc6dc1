"""Speed of the analysis views (storage/views.py) and of `pactwatch report` on a large warehouse.

Generates 1,000,000 synthetic mentions over two years (250,000 articles, 40 outlets,
skewed actor sets) into a DuckDB file, then times one typical query per view, best of
R runs, as milliseconds and as a ratio to `select count(*) from mentions` measured in
the same run. Targets: each view query under 200 ms, the report under 10 s. Reports,
never asserts: the exit status is always 0. Also times one nightly batch stored into
that warehouse (the summary tables behind the views are kept current by each write)
against the same batch stored into an empty warehouse.

    /work/venv/bin/python bench/views_speed.py [--db FILE] [--mentions N] [--repeat R]
"""

from __future__ import annotations

import argparse
import random
import tempfile
import time
from datetime import date, datetime
from pathlib import Path

import duckdb

from extractors.cues import RELATIONS
from pactwatch.report import build_report
from storage import ArticleRow, MentionRow, Warehouse
from storage.reports import report_data

COUNTRIES = [
    "USA",
    "JPN",
    "PHL",
    "AUS",
    "KOR",
    "CHN",
    "IND",
    "GBR",
    "TWN",
    "PRK",
    "VNM",
    "IDN",
    "FRA",
    "DEU",
    "ITA",
    "CAN",
    "NZL",
    "MYS",
    "SGP",
    "THA",
    "RUS",
    "UKR",
    "PAK",
    "BGD",
    "LKA",
    "NPL",
    "MNG",
    "KHM",
    "LAO",
    "MMR",
]
MODALITIES = ["asserted", "asserted", "asserted", "planned", "speculative", "historical"]
POOL = 600  # distinct actor sets; mentions pick them with a skew, as the news does

QUERIES = {
    "mention_trends": "select period, relation, mentions, outlets from mention_trends "
    "where grain = 'week' and actors = ['JPN', 'PHL', 'USA'] order by period, relation",
    "dyads": "select actor_a, actor_b, count(*) as n from dyads where relation = 'military_exercise' "
    "and day >= date '2024-07-01' group by all order by n desc limit 20",
    "groupings": "select * from groupings where n_actors >= 3 order by first_seen desc limit 20",
    "country_activity": "select period, relation, mentions, partners from country_activity "
    "where grain = 'month' and country = 'PHL' order by period, relation",
    "rising": "select * from rising order by score desc limit 20",
    "events": "select * from events where started_on >= date '2024-10-01' "
    "order by outlets desc, mentions desc limit 20",
}
BASELINE = "select count(*) from mentions"


def actor_pool(seed: int = 7) -> list[list[str]]:
    """POOL distinct sorted actor sets of 2 to 4 countries, common countries more likely."""
    rng = random.Random(seed)
    weights = [1 / (rank + 1) for rank in range(len(COUNTRIES))]
    pool: dict[tuple[str, ...], None] = {}
    while len(pool) < POOL:
        size = rng.choice([2, 2, 2, 3, 3, 4])
        members: set[str] = set()
        while len(members) < size:
            members.add(rng.choices(COUNTRIES, weights)[0])
        pool[tuple(sorted(members))] = None
    return [list(actors) for actors in pool]


def generate(db: Path, mentions: int) -> None:
    """A migrated warehouse with `mentions` mentions, four per article, over 2023-01-01 .. 2024-12-31."""
    Warehouse(db).migrate()
    articles = mentions // 4
    with duckdb.connect(str(db)) as con:
        con.execute("CREATE TEMP TABLE pool (k INTEGER, actors VARCHAR[])")
        con.executemany("INSERT INTO pool VALUES (?, ?)", list(enumerate(actor_pool())))
        con.execute(
            """
            INSERT INTO articles (article_id, url, url_normalized, feed_url, title, site_name, published_at,
                                  fetched_at, text, text_source, content_hash)
            SELECT printf('%016x', i), url, url, 'https://outlet' || (i % 40) || '.example/rss',
                   'Synthetic article ' || i, CASE WHEN i % 5 = 0 THEN NULL ELSE 'Outlet ' || (i % 40) END,
                   ts, ts, '', 'page', ''
            FROM (SELECT i, 'https://outlet' || (i % 40) || '.example/a/' || i AS url,
                         TIMESTAMP '2023-01-01' + to_seconds((hash(i) % (730 * 86400))::BIGINT) AS ts
                  FROM range($n) t(i))
            """,
            {"n": articles},
        )
        con.execute(
            """
            INSERT INTO mentions (mention_id, article_id, actors, relation, modality, sentence,
                                  sentence_start, sentence_end, confidence, extractor_version, published_at)
            SELECT printf('%016x', m.i), a.article_id, p.actors, $relations[(1 + hash(m.i, 1) % 8)::BIGINT],
                   $modalities[(1 + hash(m.i, 2) % 6)::BIGINT], 'Synthetic sentence.', 0, 19, 0.9, 'bench',
                   a.published_at
            FROM (SELECT i, floor($pool * pow((hash(i, 3) % 1000000) / 1e6, 2))::INTEGER AS k
                  FROM range($n) t(i)) m
            JOIN pool p ON p.k = m.k
            JOIN articles a ON a.article_id = printf('%016x', m.i // 4)
            """,
            {"n": mentions, "pool": POOL, "relations": list(RELATIONS), "modalities": MODALITIES},
        )
        con.execute("CHECKPOINT")
    Warehouse(db).rebuild_summaries()


def nightly_batch(run: str, articles: int = 100, per_article: int = 4) -> tuple[list[ArticleRow], list[MentionRow]]:
    """A night's worth of new articles (dated the last week of the data) and their mentions."""
    rng = random.Random(run)
    pool = actor_pool()
    rows, mentions = [], []
    for i in range(articles):
        published = datetime(2024, 12, 24 + rng.randint(0, 7), 9)
        article_id = f"{run}-{i}"
        url = f"https://outlet{i % 40}.example/{run}/{i}"
        rows.append(ArticleRow(article_id, url, url, None, None, None, f"Night {i}", None, f"Outlet {i % 40}",
                               published, published, "", "page", None, ""))
        for n in range(per_article):
            mentions.append(MentionRow(f"{article_id}-{n}", article_id, pool[rng.randrange(60)],
                                       rng.choice(RELATIONS), "asserted", "s.", 0, 2, 0.9, None, "bench", published))
    return rows, mentions


def best_ms(con: duckdb.DuckDBPyConnection, sql: str, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        con.execute(sql).fetchall()
        times.append((time.perf_counter() - start) * 1000)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, help="reuse (or create) this warehouse file")
    parser.add_argument("--mentions", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="pactwatch-bench-") as tmp:
        db = args.db or Path(tmp) / "bench.duckdb"
        if not db.exists():
            start = time.perf_counter()
            generate(db, args.mentions)
            print(f"generated {args.mentions:,} mentions and their summaries in "
                  f"{time.perf_counter() - start:.1f} s: {db}")
        # The cost of keeping summaries current: one batch into this warehouse and into an empty one.
        empty = Warehouse(Path(tmp) / "empty.duckdb")
        empty.migrate()
        batch_seconds = {}
        for name, warehouse in (("empty", empty), ("full", Warehouse(db))):
            run = f"night-{time.time_ns()}"
            start = time.perf_counter()
            warehouse.store_batch(run, *nightly_batch(run), [])
            batch_seconds[name] = time.perf_counter() - start
        print(f"store_batch of 100 articles / 400 mentions: {batch_seconds['full'] * 1000:.0f} ms into this "
              f"warehouse, {batch_seconds['empty'] * 1000:.0f} ms into an empty one "
              f"(ratio {batch_seconds['full'] / batch_seconds['empty']:.1f})")
        with duckdb.connect(str(db), read_only=True) as con:
            baseline = best_ms(con, BASELINE, args.repeat)
            print(f"{'query':<18}{'ms':>9}{'ratio':>9}  target < 200 ms")
            print(f"{'count(*) baseline':<18}{baseline:>9.1f}{1:>9.1f}")
            for view, sql in QUERIES.items():
                ms = best_ms(con, sql, args.repeat)
                print(f"{view:<18}{ms:>9.1f}{ms / baseline:>9.1f}  {'ok' if ms < 200 else 'SLOW'}")
        start = time.perf_counter()
        report = build_report(report_data(db, since=date(2024, 10, 1)), Path(tmp) / "report")
        seconds = time.perf_counter() - start
        print(f"report (--since 2024-10-01): {seconds:.2f} s, {report.stat().st_size:,} bytes  target < 10 s")


if __name__ == "__main__":
    main()
