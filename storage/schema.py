"""The warehouse schema: forward-only numbered migrations, each applied once.

Timestamps are UTC without time zone. Ids are hex digests, so a rerun over the
same input computes the same ids and inserts nothing twice.
"""

from __future__ import annotations

from typing import NamedTuple

from storage.summaries import BUILD_SUMMARIES_SQL
from storage.views import BASE_VIEWS_SQL, SUMMARY_VIEWS_SQL


class Migration(NamedTuple):
    version: int
    description: str
    sql: str


SCHEMA_TABLE = """
CREATE TABLE IF NOT EXISTS schema_migrations (
    version     INTEGER PRIMARY KEY,
    description VARCHAR NOT NULL,
    applied_at  TIMESTAMP NOT NULL
);
"""

MIGRATIONS: tuple[Migration, ...] = (
    Migration(
        1,
        "feeds, articles, mentions, runs, fetch_errors, alerts",
        """
-- One row per feed ever polled: conditional-GET validators and health.
CREATE TABLE feeds (
    feed_url             VARCHAR PRIMARY KEY,
    name                 VARCHAR,
    etag                 VARCHAR,   -- sent back as If-None-Match
    last_modified        VARCHAR,   -- sent back as If-Modified-Since
    last_polled_at       TIMESTAMP,
    last_ok_at           TIMESTAMP,
    last_status          INTEGER,   -- HTTP status of the last poll; NULL when none came
    last_error           VARCHAR,   -- NULL when the last poll succeeded
    consecutive_failures INTEGER NOT NULL DEFAULT 0,
    entries_seen         BIGINT NOT NULL DEFAULT 0,  -- entries in the last parsed feed body
    polls                BIGINT NOT NULL DEFAULT 0,
    articles_new_total   BIGINT NOT NULL DEFAULT 0   -- articles this feed brought in, all runs
);

-- One row per article; the same story linked by two feeds lands once.
CREATE TABLE articles (
    article_id     VARCHAR PRIMARY KEY,       -- sha256(normalised URL), 16 hex digits
    url            VARCHAR NOT NULL,          -- the link as the feed gave it
    url_normalized VARCHAR NOT NULL UNIQUE,   -- courlan-normalised, the dedup key with guid
    final_url      VARCHAR,                   -- after redirects
    guid           VARCHAR,                   -- the feed entry's id / guid
    feed_url       VARCHAR,
    title          VARCHAR,
    author         VARCHAR,
    site_name      VARCHAR,
    published_at   TIMESTAMP,
    fetched_at     TIMESTAMP NOT NULL,
    text           VARCHAR NOT NULL,
    text_source    VARCHAR NOT NULL,          -- 'page' or 'feed_summary'
    text_note      VARCHAR,                   -- why the feed summary stands in for the page
    content_hash   VARCHAR NOT NULL,          -- sha256 of text, 16 hex digits
    run_id         VARCHAR
);
CREATE INDEX articles_guid ON articles (guid);

-- One row per relation stated in one sentence (CONTRACT.md taxonomy).
CREATE TABLE mentions (
    mention_id        VARCHAR PRIMARY KEY,    -- digest of article, actors, relation, offset
    article_id        VARCHAR NOT NULL,
    actors            VARCHAR[] NOT NULL,     -- sorted ISO 3166-1 alpha-3 codes, 2 or more
    relation          VARCHAR NOT NULL,
    modality          VARCHAR NOT NULL,       -- asserted | planned | speculative | historical
    sentence          VARCHAR NOT NULL,       -- the evidence
    sentence_start    INTEGER NOT NULL,       -- offsets of the sentence in articles.text
    sentence_end      INTEGER NOT NULL,
    confidence        DOUBLE NOT NULL,
    grouping          VARCHAR,                -- named grouping involved (AUKUS, Quad, ...)
    extractor_version VARCHAR NOT NULL,
    published_at      TIMESTAMP,              -- the article's, copied for trend queries
    run_id            VARCHAR
);
CREATE INDEX mentions_article ON mentions (article_id);

-- Alerts on new groupings of three or more countries (outbox: delivered_at
-- stays NULL until a channel accepted the message).
CREATE TABLE alerts (
    alert_id     VARCHAR PRIMARY KEY,
    actors       VARCHAR[] NOT NULL,
    relation     VARCHAR NOT NULL,
    kind         VARCHAR NOT NULL DEFAULT 'new_grouping',
    article_id   VARCHAR NOT NULL,
    message      VARCHAR,
    created_at   TIMESTAMP NOT NULL,
    delivered_at TIMESTAMP,
    attempts     INTEGER NOT NULL DEFAULT 0,
    last_error   VARCHAR
);

-- One row per ingestion run.
CREATE TABLE runs (
    run_id          VARCHAR PRIMARY KEY,
    flow_run_id     VARCHAR,                  -- Prefect's id, when run under Prefect
    started_at      TIMESTAMP NOT NULL,
    finished_at     TIMESTAMP,
    status          VARCHAR NOT NULL,         -- running | completed | interrupted
    feeds_ok        INTEGER NOT NULL DEFAULT 0,
    feeds_failed    INTEGER NOT NULL DEFAULT 0,
    feeds_unchanged INTEGER NOT NULL DEFAULT 0,  -- answered 304 Not Modified
    articles_new    INTEGER NOT NULL DEFAULT 0,
    articles_failed INTEGER NOT NULL DEFAULT 0,
    mentions_new    INTEGER NOT NULL DEFAULT 0
);

-- Articles that could not be fetched or cleaned. Transient failures keep the
-- feed entry so that the next run retries without the feed; the row goes once
-- the page lands. Permanent ones (and retries given up) stay, not retried,
-- while the feed's summary stands in for the page in `articles`.
CREATE TABLE fetch_errors (
    url              VARCHAR PRIMARY KEY,     -- normalised article URL
    feed_url         VARCHAR,
    reason           VARCHAR NOT NULL,        -- one readable line: "HTTP 500", "timeout after 20 s"
    transient        BOOLEAN NOT NULL,        -- worth retrying (timeouts, 5xx, 429)
    attempts         INTEGER NOT NULL,
    first_attempt_at TIMESTAMP NOT NULL,
    last_attempt_at  TIMESTAMP NOT NULL,
    entry            JSON NOT NULL            -- the feed entry: link, guid, title, summary, published
);
""",
    ),
    Migration(
        2,
        "alert details, report counts and per-channel deliveries",
        """
ALTER TABLE alerts ADD COLUMN level INTEGER;            -- rank of the relation on the escalation ladder
ALTER TABLE alerts ADD COLUMN previous_relation VARCHAR; -- for escalations: the relation it rose from
ALTER TABLE alerts ADD COLUMN modality VARCHAR;
ALTER TABLE alerts ADD COLUMN headline VARCHAR;
ALTER TABLE alerts ADD COLUMN url VARCHAR;
ALTER TABLE alerts ADD COLUMN outlet VARCHAR;
ALTER TABLE alerts ADD COLUMN sentence VARCHAR;          -- the evidence
ALTER TABLE alerts ADD COLUMN articles_count INTEGER;    -- articles reporting the grouping so far
ALTER TABLE alerts ADD COLUMN outlets_count INTEGER;     -- distinct outlets among them
ALTER TABLE alerts ADD COLUMN updated_at TIMESTAMP;

-- One row per alert and channel that accepted it, so a retry after a partial
-- failure sends only to the channels that have not got it.
CREATE TABLE alert_deliveries (
    alert_id     VARCHAR NOT NULL,
    channel      VARCHAR NOT NULL,   -- digest of the Apprise URL (URLs carry secrets)
    channel_name VARCHAR,            -- the URL with secrets masked
    delivered_at TIMESTAMP NOT NULL,
    PRIMARY KEY (alert_id, channel)
);
""",
    ),
    Migration(3, "analysis views", BASE_VIEWS_SQL),
    Migration(
        4,
        "CAMEO crosswalk on mentions",
        """
-- The CAMEO event code (GDELT's and ICEWS's scheme) of each mention, so that rows
-- can be compared with GDELT; rows older than this column get their relation's
-- default code (`pactwatch reextract` gives them their cue's own).
ALTER TABLE mentions ADD COLUMN cameo_code VARCHAR;
UPDATE mentions SET cameo_code = CASE relation
    WHEN 'alliance' THEN '057' WHEN 'security_partnership' THEN '057' WHEN 'summit' THEN '040'
    WHEN 'military_exercise' THEN '062' WHEN 'defense_industrial' THEN '062'
    WHEN 'basing_access' THEN '074' WHEN 'intelligence_sharing' THEN '064' ELSE '17' END;
""",
    ),
    Migration(
        5,
        "summary tables behind the trend views",
        # The trend views of migration 3 aggregated every mention on each query; they
        # now read summary tables filled here and kept current by each write.
        f"{BUILD_SUMMARIES_SQL}\n{SUMMARY_VIEWS_SQL}",
    ),
    Migration(
        6,
        "the extractor version that last read each article",
        """
-- Which extractor version last read the article, so that `pactwatch reextract`
-- also rereads articles in which an older version found nothing. Articles stored
-- before this column keep the version of their mentions when all agree; the
-- rest (no mentions, or mixed versions) stay NULL and are read again once.
ALTER TABLE articles ADD COLUMN extracted_by VARCHAR;
UPDATE articles SET extracted_by = v.version
FROM (SELECT article_id, any_value(extractor_version) AS version FROM mentions
      GROUP BY article_id HAVING count(DISTINCT extractor_version) = 1) v
WHERE articles.article_id = v.article_id;
""",
    ),
)

LATEST_VERSION = MIGRATIONS[-1].version
