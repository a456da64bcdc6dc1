"""Analysis views over `mentions` and `articles`: stable names for trend queries and ad-hoc SQL.

`mention_facts` and `dyads` (migration 3) read `mentions` and `articles`; the trend
views (migration 5) read the summary tables of storage/summaries.py, which every
write of mentions keeps current. A mention's date is its article's publication date
(the fetch time when the feed gave none); its outlet is the page's site name, else
the URL's host. Historical mentions (background such as "the 1951 treaty") describe
the past, not the period's news: `mention_facts` keeps them, every other view leaves
them out. docs/views.md documents each view with an example.
"""

from __future__ import annotations

# Days of silence after which the next mention of a grouping and relation starts a new event.
EVENT_GAP_DAYS = 3
# `rising`: the recent window, the trailing baseline before it, and what counts as standing out.
RISING_WINDOW_DAYS = 7
RISING_BASELINE_WEEKS = 8
RISING_MIN_MENTIONS = 3
RISING_MIN_SCORE = 2.0

# Positions (i, j), i < j, of every pair in a set of n countries, for each size n in `sizes`.
_PAIR_POSITIONS = "SELECT n, i, j FROM {sizes}, range(1, n) r(i), range(i + 1, n + 1) s(j)"

BASE_VIEWS_SQL = f"""
-- mention_facts: one row per mention with its article's facts, the base of the other views.
-- Columns: mention_id, article_id, actors (sorted VARCHAR[]), n_actors, relation, modality,
-- sentence, seen_at (publication time, else fetch time), day (DATE of seen_at),
-- outlet (site name, else URL host), url, title.
CREATE OR REPLACE VIEW mention_facts AS
SELECT m.mention_id, m.article_id, m.actors, len(m.actors) AS n_actors, m.relation, m.modality,
       m.sentence, coalesce(m.published_at, a.published_at, a.fetched_at) AS seen_at,
       CAST(coalesce(m.published_at, a.published_at, a.fetched_at) AS DATE) AS day, a.outlet, a.url, a.title
FROM mentions m
JOIN (SELECT article_id, published_at, fetched_at, coalesce(site_name, split_part(url, '/', 3)) AS outlet,
             url, title
      FROM articles) a ON a.article_id = m.article_id;

-- dyads: each mention expanded to its country pairs (a mention of n countries gives n(n-1)/2 rows).
-- Columns: mention_id, article_id, actor_a < actor_b (ISO codes), n_actors (size of the mention's
-- actor set: 2 for a bilateral mention), relation, modality, day, outlet.
CREATE OR REPLACE VIEW dyads AS
WITH sizes AS (
    SELECT DISTINCT len(actors) AS n FROM mentions
), pairs AS (
    {_PAIR_POSITIONS.format(sizes="sizes")}
)
SELECT f.mention_id, f.article_id, f.actors[p.i] AS actor_a, f.actors[p.j] AS actor_b, f.n_actors,
       f.relation, f.modality, f.day, f.outlet
FROM mention_facts f JOIN pairs p ON p.n = f.n_actors
WHERE f.modality <> 'historical';
"""

SUMMARY_VIEWS_SQL = f"""
-- mention_trends: volume per period, actor set and relation, at three grains.
-- Columns: grain ('day' | 'week' | 'month'), period (DATE: the day, the Monday of the week,
-- the first of the month), actors, relation, mentions, articles (distinct), outlets (distinct).
CREATE OR REPLACE VIEW mention_trends AS
SELECT grain, period, actors, relation, mentions, articles, outlets FROM trend_summary;

-- groupings: one row per actor set ever mentioned.
-- Columns: actors, n_actors, first_seen, last_seen (DATEs), relations (sorted list),
-- mentions, articles, outlets, first_url and first_title (the earliest article naming the set).
CREATE OR REPLACE VIEW groupings AS
SELECT actors, n_actors, first_seen, last_seen, relations, mentions, articles, outlets, first_url, first_title
FROM grouping_summary;

-- country_activity: each country's volume per relation over time, whatever its partners.
-- Columns: grain ('day' | 'week' | 'month'), period (DATE), country, relation, mentions,
-- articles, outlets, partners (distinct other countries in those mentions).
CREATE OR REPLACE VIEW country_activity AS
SELECT grain, period, country, relation, mentions, articles, outlets, partners FROM country_summary;

-- rising: groupings (actor sets of 3 or more) and dyads whose mentions in the last
-- {RISING_WINDOW_DAYS} days stand out against their own previous {RISING_BASELINE_WEEKS} weeks.
-- "Today" is the latest mention's day (never after the current date), so a warehouse
-- that stopped updating still answers for its last week.
-- score = (recent - baseline_weekly) / sqrt(baseline_weekly + 1); rows need at least
-- {RISING_MIN_MENTIONS} recent mentions and a score of {RISING_MIN_SCORE} or more.
-- Columns: kind ('grouping' | 'dyad'), actors, window_start, window_end (DATEs), recent_mentions,
-- baseline_weekly (mean mentions per week before the window), score, relations (in the window).
CREATE OR REPLACE VIEW rising AS
WITH ref AS (
    SELECT least(max(period), current_date) AS today FROM trend_summary WHERE grain = 'day'
), daily AS (  -- daily counts of every actor set over the window and its baseline
    SELECT t.actors, t.n_actors, t.relation, t.period AS day, t.mentions
    FROM trend_summary t, ref
    WHERE t.grain = 'day' AND t.period <= ref.today
      AND t.period > ref.today - {RISING_WINDOW_DAYS + 7 * RISING_BASELINE_WEEKS}
), pairs AS (
    {_PAIR_POSITIONS.format(sizes="(SELECT DISTINCT n_actors AS n FROM daily)")}
), keyed AS (
    SELECT 'grouping' AS kind, actors, relation, day, mentions FROM daily WHERE n_actors >= 3
    UNION ALL
    SELECT 'dyad', [d.actors[p.i], d.actors[p.j]], d.relation, d.day, d.mentions
    FROM daily d JOIN pairs p ON p.n = d.n_actors
), counted AS (
    SELECT k.kind, k.actors, any_value(ref.today) AS today,
           coalesce(sum(k.mentions) FILTER (WHERE k.day > ref.today - {RISING_WINDOW_DAYS}), 0) AS recent,
           coalesce(sum(k.mentions) FILTER (WHERE k.day <= ref.today - {RISING_WINDOW_DAYS}), 0)
               / {RISING_BASELINE_WEEKS}.0 AS baseline_weekly,
           list(DISTINCT k.relation ORDER BY k.relation)
               FILTER (WHERE k.day > ref.today - {RISING_WINDOW_DAYS}) AS relations
    FROM keyed k, ref
    GROUP BY k.kind, k.actors
)
SELECT kind, actors, today - {RISING_WINDOW_DAYS - 1} AS window_start, today AS window_end,
       CAST(recent AS BIGINT) AS recent_mentions, baseline_weekly,
       round((recent - baseline_weekly) / sqrt(baseline_weekly + 1), 2) AS score, relations
FROM counted
WHERE recent >= {RISING_MIN_MENTIONS}
  AND (recent - baseline_weekly) / sqrt(baseline_weekly + 1) >= {RISING_MIN_SCORE};

-- events: mentions of the same actor set and relation, each within {EVENT_GAP_DAYS} days of the
-- previous one, across outlets, collapsed into one event.
-- Columns: event_id ('JPN-PHL-USA/summit/2024-04-05'), actors, relation, started_on, ended_on
-- (DATEs), mentions, articles, outlets, first_url and first_title (the earliest report).
CREATE OR REPLACE VIEW events AS
SELECT event_id, actors, relation, started_on, ended_on, mentions, articles, outlets, first_url, first_title
FROM event_summary;
"""
