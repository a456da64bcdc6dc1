"""Summary tables behind the trend views, kept current by every write of mentions.

`mention_trends`, `country_activity`, `groupings`, `events` and `rising` read these
tables instead of aggregating every mention on each query. A write that adds or
removes mentions marks the (actors, relation, day) of those mentions
(`touch_articles`) and calls `refresh_summaries` in its own transaction: the summary
rows those keys fall into are recomputed from `mention_facts`, nothing else.
Distinct counts (articles, outlets, partners) are therefore exact, and readers
never see summaries out of step with the mentions they summarise.
"""

from __future__ import annotations

import duckdb

from storage.views import EVENT_GAP_DAYS

# Grains of the time-bucketed summaries; a period is the grain's first day (weeks start on Monday).
GRAINS = "(VALUES ('day'), ('week'), ('month')) g(grain)"

SUMMARY_TABLES_SQL = """
-- Volume per period, actor set and relation (the rows of `mention_trends`).
CREATE TABLE trend_summary (
    grain    VARCHAR NOT NULL,   -- day | week | month
    period   DATE NOT NULL,      -- the day, the Monday of the week, the first of the month
    actors   VARCHAR[] NOT NULL,
    n_actors INTEGER NOT NULL,
    relation VARCHAR NOT NULL,
    mentions BIGINT NOT NULL,
    articles BIGINT NOT NULL,    -- distinct
    outlets  BIGINT NOT NULL     -- distinct
);

-- Each country's volume per period and relation (the rows of `country_activity`).
CREATE TABLE country_summary (
    grain    VARCHAR NOT NULL,
    period   DATE NOT NULL,
    country  VARCHAR NOT NULL,
    relation VARCHAR NOT NULL,
    mentions BIGINT NOT NULL,
    articles BIGINT NOT NULL,
    outlets  BIGINT NOT NULL,
    partners BIGINT NOT NULL     -- distinct other countries in those mentions
);

-- One row per actor set ever mentioned (the rows of `groupings`).
CREATE TABLE grouping_summary (
    actors      VARCHAR[] NOT NULL,
    n_actors    INTEGER NOT NULL,
    first_seen  DATE NOT NULL,
    last_seen   DATE NOT NULL,
    relations   VARCHAR[] NOT NULL,
    mentions    BIGINT NOT NULL,
    articles    BIGINT NOT NULL,
    outlets     BIGINT NOT NULL,
    first_url   VARCHAR,
    first_title VARCHAR
);

-- Mentions of one actor set and relation collapsed into events (the rows of `events`).
CREATE TABLE event_summary (
    event_id    VARCHAR NOT NULL,   -- 'JPN-PHL-USA/summit/2024-04-05'
    actors      VARCHAR[] NOT NULL,
    relation    VARCHAR NOT NULL,
    started_on  DATE NOT NULL,
    ended_on    DATE NOT NULL,
    mentions    BIGINT NOT NULL,
    articles    BIGINT NOT NULL,
    outlets     BIGINT NOT NULL,
    first_url   VARCHAR,
    first_title VARCHAR
);
"""

# The temporary table of keys to refresh; REFRESH_SQL empties it.
TOUCHED_TABLE_SQL = "CREATE TEMP TABLE IF NOT EXISTS touched (actors VARCHAR[], relation VARCHAR, day DATE)"

# The keys of the current mentions of some articles (a table or view with `article_id`).
_TOUCH_ARTICLES = """
INSERT INTO touched SELECT DISTINCT actors, relation, day FROM mention_facts
WHERE article_id IN (SELECT article_id FROM {ids})
"""

# Keys of every mention: refreshing them rebuilds the summaries from scratch.
TOUCH_EVERYTHING_SQL = "INSERT INTO touched SELECT DISTINCT actors, relation, day FROM mention_facts"

REFRESH_SQL = f"""
-- The summary rows the touched mentions fall into, and the days whose facts can feed them.
CREATE OR REPLACE TEMP TABLE touched_periods AS
SELECT DISTINCT g.grain, CAST(date_trunc(g.grain, t.day) AS DATE) AS period, t.actors, t.relation
FROM touched t CROSS JOIN {GRAINS};
CREATE OR REPLACE TEMP TABLE touched_countries AS
SELECT DISTINCT grain, period, unnest(actors) AS country, relation FROM touched_periods;
CREATE OR REPLACE TEMP TABLE touched_span AS
SELECT min(period) AS first_day,
       max(CASE grain WHEN 'day' THEN period + 1 WHEN 'week' THEN period + 7
                      ELSE CAST(period + INTERVAL 1 MONTH AS DATE) END) AS end_day
FROM touched_periods;
CREATE OR REPLACE TEMP TABLE touched_facts AS
SELECT f.* FROM mention_facts f, touched_span s
WHERE f.modality <> 'historical' AND f.day >= s.first_day AND f.day < s.end_day
  AND f.relation IN (SELECT relation FROM touched)
  AND list_has_any(f.actors, (SELECT list(DISTINCT country) FROM touched_countries));

DELETE FROM trend_summary s USING touched_periods p
WHERE s.grain = p.grain AND s.period = p.period AND s.actors = p.actors AND s.relation = p.relation;
INSERT INTO trend_summary
WITH counted AS (
    SELECT g.grain, CAST(date_trunc(g.grain, f.day) AS DATE) AS period, f.actors,
           any_value(f.n_actors) AS n_actors, f.relation, count(*) AS mentions,
           count(DISTINCT f.article_id) AS articles, count(DISTINCT f.outlet) AS outlets
    FROM touched_facts f CROSS JOIN {GRAINS}
    GROUP BY g.grain, period, f.actors, f.relation
)
SELECT c.* FROM counted c SEMI JOIN touched_periods p
    ON c.grain = p.grain AND c.period = p.period AND c.actors = p.actors AND c.relation = p.relation;

DELETE FROM country_summary s USING touched_countries p
WHERE s.grain = p.grain AND s.period = p.period AND s.country = p.country AND s.relation = p.relation;
INSERT INTO country_summary
WITH counted AS (
    SELECT g.grain, CAST(date_trunc(g.grain, x.day) AS DATE) AS period, x.country, x.relation,
           count(*) AS mentions, count(DISTINCT x.article_id) AS articles, count(DISTINCT x.outlet) AS outlets,
           len(list_distinct(flatten(list(x.actors)))) - 1 AS partners
    FROM (SELECT unnest(actors) AS country, actors, relation, day, article_id, outlet FROM touched_facts) x
    CROSS JOIN {GRAINS}
    GROUP BY g.grain, period, x.country, x.relation
)
SELECT c.* FROM counted c SEMI JOIN touched_countries p
    ON c.grain = p.grain AND c.period = p.period AND c.country = p.country AND c.relation = p.relation;

-- Groupings and events span all time: their touched actor sets are recomputed over every day.
CREATE OR REPLACE TEMP TABLE touched_sets AS
SELECT f.* FROM mention_facts f SEMI JOIN (SELECT DISTINCT actors FROM touched) t ON f.actors = t.actors
WHERE f.modality <> 'historical';

DELETE FROM grouping_summary WHERE actors IN (SELECT actors FROM touched);
INSERT INTO grouping_summary
SELECT actors, any_value(n_actors), min(day), max(day), list(DISTINCT relation ORDER BY relation),
       count(*), count(DISTINCT article_id), count(DISTINCT outlet), arg_min(url, seen_at), arg_min(title, seen_at)
FROM touched_sets
GROUP BY actors;

DELETE FROM event_summary s USING (SELECT DISTINCT actors, relation FROM touched) t
WHERE s.actors = t.actors AND s.relation = t.relation;
INSERT INTO event_summary
WITH keyed AS (
    SELECT f.* FROM touched_sets f
    SEMI JOIN (SELECT DISTINCT actors, relation FROM touched) t ON f.actors = t.actors AND f.relation = t.relation
), marked AS (  -- 1 where a mention comes more than EVENT_GAP_DAYS after the previous one
    SELECT *, CASE WHEN day - lag(day) OVER w <= {EVENT_GAP_DAYS} THEN 0 ELSE 1 END AS starts
    FROM keyed WINDOW w AS (PARTITION BY actors, relation ORDER BY day)
), numbered AS (
    SELECT *, sum(starts) OVER (PARTITION BY actors, relation ORDER BY day, starts DESC
                                ROWS UNBOUNDED PRECEDING) AS event_no
    FROM marked
)
SELECT array_to_string(actors, '-') || '/' || relation || '/' || CAST(min(day) AS VARCHAR),
       actors, relation, min(day), max(day), count(*), count(DISTINCT article_id), count(DISTINCT outlet),
       arg_min(url, seen_at), arg_min(title, seen_at)
FROM numbered
GROUP BY actors, relation, event_no;

DROP TABLE touched_sets;
DROP TABLE touched_facts;
DROP TABLE touched_span;
DROP TABLE touched_countries;
DROP TABLE touched_periods;
DELETE FROM touched;
"""

def touch_articles(con: duckdb.DuckDBPyConnection, ids: str) -> None:
    """Mark the summary rows fed by the current mentions of the articles in table `ids`;
    call it before mentions go and after they come, then `refresh_summaries`."""
    con.execute(TOUCHED_TABLE_SQL)
    con.execute(_TOUCH_ARTICLES.format(ids=ids))


def refresh_summaries(con: duckdb.DuckDBPyConnection) -> None:
    """Recompute the marked summary rows, inside the caller's transaction."""
    con.execute(REFRESH_SQL)


# Every summary recomputed from the mentions.
REBUILD_SQL = f"""
DELETE FROM trend_summary;
DELETE FROM country_summary;
DELETE FROM grouping_summary;
DELETE FROM event_summary;
{TOUCHED_TABLE_SQL};
{TOUCH_EVERYTHING_SQL};
{REFRESH_SQL}
"""

# Migration 5: the tables, filled from the mentions already stored.
BUILD_SUMMARIES_SQL = f"{SUMMARY_TABLES_SQL}\n{REBUILD_SQL}"
