"""The warehouse: every read and write the pipeline makes, each in one short transaction."""

from __future__ import annotations

import dataclasses
import json
import logging
from collections.abc import Iterable, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa

from storage.connection import connect
from storage.errors import WarehouseError
from storage.records import (
    AlertCandidate,
    AlertRow,
    ArticleRow,
    FeedState,
    FetchFailure,
    MentionRow,
    PendingArticle,
    RunStats,
)
from storage.schema import MIGRATIONS, SCHEMA_TABLE
from storage.summaries import REBUILD_SQL, refresh_summaries, touch_articles

log = logging.getLogger(__name__)

_ARTICLE_SCHEMA = pa.schema([
    ("article_id", pa.string()), ("url", pa.string()), ("url_normalized", pa.string()),
    ("final_url", pa.string()), ("guid", pa.string()), ("feed_url", pa.string()),
    ("title", pa.string()), ("author", pa.string()), ("site_name", pa.string()),
    ("published_at", pa.timestamp("us")), ("fetched_at", pa.timestamp("us")),
    ("text", pa.string()), ("text_source", pa.string()), ("text_note", pa.string()),
    ("content_hash", pa.string()), ("extracted_by", pa.string()),
])
_MENTION_SCHEMA = pa.schema([
    ("mention_id", pa.string()), ("article_id", pa.string()), ("actors", pa.list_(pa.string())),
    ("relation", pa.string()), ("modality", pa.string()), ("sentence", pa.string()),
    ("sentence_start", pa.int32()), ("sentence_end", pa.int32()), ("confidence", pa.float64()),
    ("grouping", pa.string()), ("extractor_version", pa.string()), ("published_at", pa.timestamp("us")),
    ("cameo_code", pa.string()),
])
_FAILURE_SCHEMA = pa.schema([
    ("url", pa.string()), ("feed_url", pa.string()), ("reason", pa.string()),
    ("transient", pa.bool_()), ("entry", pa.string()),
])
_KEY_SCHEMA = pa.schema([("url_normalized", pa.string()), ("guid", pa.string())])
_ALERT_SCHEMA = pa.schema([
    ("alert_id", pa.string()), ("actors", pa.list_(pa.string())), ("relation", pa.string()),
    ("modality", pa.string()), ("level", pa.int32()), ("known_level", pa.int32()), ("known_relation", pa.string()),
    ("article_id", pa.string()), ("published_at", pa.timestamp("us")), ("headline", pa.string()),
    ("url", pa.string()), ("outlet", pa.string()), ("sentence", pa.string()),
])
_ALERT_FIELDS = [f.name for f in dataclasses.fields(AlertRow)]

# Raise an alert per grouping first seen in this run's articles, or an escalation
# when a grouping already alerted on (or long-standing) reaches a higher rung.
# One row per grouping per batch: its strongest relation, earliest report.
_RAISE_ALERTS = """
INSERT INTO alerts (alert_id, actors, relation, kind, previous_relation, modality, level, article_id,
                    headline, url, outlet, sentence, created_at)
WITH prior AS (
    SELECT actors, max(level) AS level, arg_max(relation, level) AS relation FROM alerts GROUP BY actors
), decided AS (
    SELECT c.*, coalesce(p.level, c.known_level) AS base_level,
           coalesce(p.relation, c.known_relation) AS base_relation
    FROM batch_alerts c LEFT JOIN prior p ON p.actors = c.actors
    WHERE c.article_id IN (SELECT article_id FROM articles WHERE run_id = $run_id)
)
SELECT alert_id, actors, relation,
       CASE WHEN base_level IS NULL THEN 'new_grouping' ELSE 'escalation' END,
       base_relation, modality, level, article_id, headline, url, outlet, sentence, $now
FROM decided
WHERE base_level IS NULL
   OR (level > base_level AND modality IN ('asserted', 'planned'))
QUALIFY row_number() OVER (PARTITION BY actors ORDER BY level DESC, published_at NULLS LAST, article_id) = 1
ON CONFLICT DO NOTHING
"""

# Keep each alert's count of reporting articles and outlets current.
_COUNT_REPORTS = """
UPDATE alerts SET articles_count = s.articles, outlets_count = s.outlets, updated_at = $now
FROM (
    SELECT actors, count(DISTINCT article_id) AS articles, count(DISTINCT outlet) AS outlets
    FROM mention_facts
    WHERE relation <> 'confrontation' AND modality <> 'historical'
      AND actors IN (SELECT actors FROM batch_alerts)
    GROUP BY actors
) s
WHERE alerts.actors = s.actors
"""



def utc_now() -> datetime:
    """Now, in UTC without time zone (the warehouse's convention)."""
    return datetime.now(UTC).replace(tzinfo=None)


def _table(rows: Sequence[Any], schema: pa.Schema, **extra: Any) -> pa.Table:
    dicts = [dataclasses.asdict(row) | extra for row in rows]
    return pa.Table.from_pylist(dicts, schema=schema)


class Warehouse:
    """The DuckDB file at `path`; every method opens, works and closes."""

    def __init__(self, path: str | Path):
        self.path = Path(path)

    # -- schema ---------------------------------------------------------------

    def migrate(self) -> int:
        """Apply the migrations this file lacks, each in its own transaction; return the version."""
        with connect(self.path) as con:
            con.execute(SCHEMA_TABLE)
            applied = {row[0] for row in con.execute("SELECT version FROM schema_migrations").fetchall()}
            for migration in MIGRATIONS:
                if migration.version in applied:
                    continue
                try:
                    con.execute("BEGIN TRANSACTION")
                    con.execute(migration.sql)
                    con.execute(
                        "INSERT INTO schema_migrations VALUES (?, ?, ?)",
                        [migration.version, migration.description, utc_now()],
                    )
                    con.execute("COMMIT")
                except duckdb.Error as error:
                    con.execute("ROLLBACK")
                    raise WarehouseError(
                        f"migration {migration.version} ({migration.description}) failed on {self.path}: {error}"
                    ) from error
                log.info("warehouse=%s migrated to version=%s", self.path, migration.version)
            row = con.execute("SELECT max(version) FROM schema_migrations").fetchone()
            return int(row[0]) if row and row[0] is not None else 0

    # -- feeds ----------------------------------------------------------------

    def feed_states(self, feed_urls: Iterable[str]) -> dict[str, FeedState]:
        """Stored state of the given feeds; feeds never polled get a fresh state."""
        urls = list(feed_urls)
        fields = [f.name for f in dataclasses.fields(FeedState)]
        with connect(self.path) as con:
            rows = con.execute(
                f"SELECT {', '.join(fields)} FROM feeds WHERE list_contains(?, feed_url)", [urls]
            ).fetchall()
        states = {row[0]: FeedState(**dict(zip(fields, row, strict=True))) for row in rows}
        return {url: states.get(url, FeedState(feed_url=url)) for url in urls}

    # -- articles -------------------------------------------------------------

    def unseen(self, keys: Sequence[tuple[str, str | None]]) -> set[str]:
        """Of (normalised URL, guid) pairs, the URLs of entries not yet stored as articles."""
        if not keys:
            return set()
        batch = pa.Table.from_pylist(
            [{"url_normalized": u, "guid": g} for u, g in keys], schema=_KEY_SCHEMA
        )
        with connect(self.path) as con:
            con.register("candidate_keys", batch)
            rows = con.execute(
                """
                SELECT DISTINCT c.url_normalized FROM candidate_keys c
                WHERE NOT EXISTS (SELECT 1 FROM articles a WHERE a.url_normalized = c.url_normalized)
                  AND (c.guid IS NULL OR NOT EXISTS (SELECT 1 FROM articles a WHERE a.guid = c.guid))
                """
            ).fetchall()
        return {row[0] for row in rows}

    def pending_articles(self, max_attempts: int) -> list[PendingArticle]:
        """Earlier fetch failures still worth retrying."""
        with connect(self.path) as con:
            rows = con.execute(
                "SELECT url, feed_url, reason, attempts, entry FROM fetch_errors "
                "WHERE transient AND attempts < ? ORDER BY last_attempt_at",
                [max_attempts],
            ).fetchall()
        return [PendingArticle(r[0], r[1], r[2], r[3], json.loads(r[4])) for r in rows]

    def store_batch(
        self,
        run_id: str,
        articles: Sequence[ArticleRow],
        mentions: Sequence[MentionRow],
        failures: Sequence[FetchFailure],
        alert_candidates: Sequence[AlertCandidate] = (),
    ) -> tuple[int, int]:
        """Append articles and mentions, record failures and raise alerts, in one transaction.

        Rows already present (same ids, URL or guid) are skipped, so a rerun adds
        nothing twice. Alerts are written with their mentions (an outbox): they
        are delivered after the commit. Returns (articles added, mentions added).
        """
        now = utc_now()
        article_table = _table(articles, _ARTICLE_SCHEMA)
        mention_table = _table(mentions, _MENTION_SCHEMA)
        failure_table = pa.Table.from_pylist(
            [{"url": f.url, "feed_url": f.feed_url, "reason": f.reason, "transient": f.transient,
              "entry": json.dumps(f.entry, default=str)} for f in failures],
            schema=_FAILURE_SCHEMA,
        )
        alert_table = _table(alert_candidates, _ALERT_SCHEMA)
        with connect(self.path) as con:
            con.register("batch_articles", article_table)
            con.register("batch_mentions", mention_table)
            con.register("batch_failures", failure_table)
            con.register("batch_alerts", alert_table)
            try:
                con.execute("BEGIN TRANSACTION")
                added_articles = con.execute(
                    """
                    INSERT INTO articles BY NAME
                    SELECT b.*, ? AS run_id FROM batch_articles b
                    WHERE NOT EXISTS (SELECT 1 FROM articles a
                                      WHERE a.article_id = b.article_id
                                         OR a.url_normalized = b.url_normalized
                                         OR (b.guid IS NOT NULL AND a.guid = b.guid))
                    QUALIFY row_number() OVER (PARTITION BY b.url_normalized) = 1
                    """,
                    [run_id],
                ).fetchone()[0]  # an INSERT answers with the number of rows it wrote
                added_mentions = con.execute(
                    """
                    INSERT INTO mentions BY NAME
                    SELECT m.*, ? AS run_id FROM batch_mentions m
                    WHERE m.article_id IN (SELECT article_id FROM articles WHERE run_id = ?)
                      AND NOT EXISTS (SELECT 1 FROM mentions x WHERE x.mention_id = m.mention_id)
                    QUALIFY row_number() OVER (PARTITION BY m.mention_id) = 1
                    """,
                    [run_id, run_id],
                ).fetchone()[0]
                if added_mentions:
                    touch_articles(con, "batch_mentions")
                    refresh_summaries(con)
                con.execute(  # a page that landed after all leaves the list of failures
                    "DELETE FROM fetch_errors WHERE url IN (SELECT url_normalized FROM batch_articles) "
                    "AND url NOT IN (SELECT url FROM batch_failures)"
                )
                con.execute(
                    """
                    INSERT INTO fetch_errors
                    SELECT url, feed_url, reason, transient, 1, ?, ?, entry::JSON FROM batch_failures
                    QUALIFY row_number() OVER (PARTITION BY url) = 1
                    ON CONFLICT (url) DO UPDATE SET
                        reason = excluded.reason, transient = excluded.transient,
                        attempts = fetch_errors.attempts + 1, last_attempt_at = excluded.last_attempt_at
                    """,
                    [now, now],
                )
                if alert_candidates:  # both statements read only the batch's candidates
                    con.execute(_RAISE_ALERTS, {"run_id": run_id, "now": now})
                    con.execute(_COUNT_REPORTS, {"now": now})
                con.execute("COMMIT")
            except duckdb.Error as error:
                con.execute("ROLLBACK")
                raise WarehouseError(f"storing a batch of run {run_id} failed: {error}") from error
        return added_articles, added_mentions

    # -- runs -----------------------------------------------------------------

    def start_run(self, run_id: str, flow_run_id: str | None) -> None:
        """Record a run as started; runs left 'running' by a killed process become 'interrupted'."""
        with connect(self.path) as con:
            con.execute("UPDATE runs SET status = 'interrupted' WHERE status = 'running'")
            con.execute(
                "INSERT INTO runs (run_id, flow_run_id, started_at, status) VALUES (?, ?, ?, 'running')",
                [run_id, flow_run_id, utc_now()],
            )

    def finish_run(self, run_id: str, stats: RunStats, feed_states: Sequence[FeedState]) -> None:
        """Save the feeds' polling state and the run's figures together.

        Feed validators (ETag, Last-Modified) are saved only here, after every
        article of the run is stored: a run killed before this point polls the
        feeds in full again, and loses nothing.
        """
        fields = [f.name for f in dataclasses.fields(FeedState)]
        states = pa.Table.from_pylist([dataclasses.asdict(s) for s in feed_states])
        with connect(self.path) as con:
            try:
                con.execute("BEGIN TRANSACTION")
                if feed_states:
                    con.register("batch_feeds", states)
                    con.execute(
                        f"INSERT OR REPLACE INTO feeds ({', '.join(fields)}) "
                        f"SELECT {', '.join(fields)} FROM batch_feeds"
                    )
                con.execute(
                    """
                    UPDATE runs SET finished_at = ?, status = 'completed', feeds_ok = ?, feeds_failed = ?,
                        feeds_unchanged = ?, articles_new = ?, articles_failed = ?, mentions_new = ?
                    WHERE run_id = ?
                    """,
                    [utc_now(), stats.feeds_ok, stats.feeds_failed, stats.feeds_unchanged,
                     stats.articles_new, stats.articles_failed, stats.mentions_new, run_id],
                )
                con.execute("COMMIT")
            except duckdb.Error as error:
                con.execute("ROLLBACK")
                raise WarehouseError(f"finishing run {run_id} failed: {error}") from error

    def mentions_by_relation(self, run_id: str) -> dict[str, int]:
        """How many mentions a run added, per relation."""
        with connect(self.path) as con:
            rows = con.execute(
                "SELECT relation, count(*) FROM mentions WHERE run_id = ? GROUP BY 1 ORDER BY 2 DESC",
                [run_id],
            ).fetchall()
        return {relation: count for relation, count in rows}

    # -- alerts ---------------------------------------------------------------

    def alerts(self, *, pending_only: bool = False, since: datetime | None = None) -> list[AlertRow]:
        """Alerts, newest first; `pending_only` keeps those not yet delivered everywhere."""
        with connect(self.path, read_only=True) as con:
            rows = con.execute(
                f"SELECT {', '.join(_ALERT_FIELDS)} FROM alerts "
                "WHERE (NOT $pending OR delivered_at IS NULL) AND ($since IS NULL OR created_at >= $since) "
                "ORDER BY created_at DESC, alert_id",
                {"pending": pending_only, "since": since},
            ).fetchall()
        return [AlertRow(**dict(zip(_ALERT_FIELDS, row, strict=True))) for row in rows]

    def delivered_channels(self, alert_ids: Sequence[str]) -> dict[str, set[str]]:
        """Per alert, the channels that have already accepted it."""
        with connect(self.path) as con:
            rows = con.execute(
                "SELECT alert_id, list(channel) FROM alert_deliveries WHERE list_contains(?, alert_id) GROUP BY 1",
                [list(alert_ids)],
            ).fetchall()
        return {alert_id: set(channels) for alert_id, channels in rows}

    def record_delivery(self, alert_id: str, channel: str, channel_name: str) -> None:
        """Note that one channel accepted the alert (so a retry skips it)."""
        with connect(self.path) as con:
            con.execute(
                "INSERT INTO alert_deliveries VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING",
                [alert_id, channel, channel_name, utc_now()],
            )

    def finish_delivery(self, alert_id: str, message: str, error: str | None) -> None:
        """Mark the alert delivered (every channel accepted it) or count a failed attempt."""
        with connect(self.path) as con:
            con.execute(
                "UPDATE alerts SET attempts = attempts + 1, message = ?, last_error = ?, "
                "delivered_at = CASE WHEN ? IS NULL THEN ? ELSE NULL END WHERE alert_id = ?",
                [message, error, error, utc_now(), alert_id],
            )

    def rebuild_summaries(self) -> None:
        """Recompute every summary table from the mentions (writes keep them current; this
        is for mentions loaded by other means, such as bench/views_speed.py)."""
        with connect(self.path) as con:
            try:
                con.execute("BEGIN TRANSACTION")
                con.execute(REBUILD_SQL)
                con.execute("COMMIT")
            except duckdb.Error as error:
                con.execute("ROLLBACK")
                raise WarehouseError(f"rebuilding the summaries of {self.path} failed: {error}") from error

    # -- re-extraction --------------------------------------------------------

    def stale_articles(self, version: str, everything: bool = False) -> list[tuple[str, str, datetime | None]]:
        """(article_id, text, published_at) of articles that another extractor version read last."""
        with connect(self.path, read_only=True) as con:
            return con.execute(
                """
                SELECT article_id, text, published_at FROM articles
                WHERE $everything OR extracted_by IS DISTINCT FROM $version
                ORDER BY article_id
                """,
                {"version": version, "everything": everything},
            ).fetchall()

    def replace_mentions(
        self, article_ids: Sequence[str], mentions: Sequence[MentionRow], version: str
    ) -> tuple[int, int]:
        """Swap the mentions of these articles for new ones found by extractor `version`, in one
        transaction; (removed, added)."""
        ids = pa.table({"article_id": pa.array(list(article_ids), pa.string())})
        with connect(self.path) as con:
            con.register("batch_ids", ids)
            con.register("batch_mentions", _table(mentions, _MENTION_SCHEMA))
            try:
                con.execute("BEGIN TRANSACTION")
                touch_articles(con, "batch_ids")  # the mentions going
                removed = con.execute(
                    "DELETE FROM mentions WHERE article_id IN (SELECT article_id FROM batch_ids)"
                ).fetchone()[0]
                added = con.execute(
                    "INSERT INTO mentions BY NAME SELECT m.*, NULL AS run_id FROM batch_mentions m "
                    "QUALIFY row_number() OVER (PARTITION BY m.mention_id) = 1"
                ).fetchone()[0]
                touch_articles(con, "batch_ids")  # and those coming
                con.execute("UPDATE articles SET extracted_by = ? WHERE article_id IN (SELECT article_id FROM batch_ids)",
                            [version])
                refresh_summaries(con)
                con.execute("COMMIT")
            except duckdb.Error as error:
                con.execute("ROLLBACK")
                raise WarehouseError(f"replacing mentions failed: {error}") from error
        return removed, added
