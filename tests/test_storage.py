"""The warehouse: schema versioning, idempotent writes, read-only queries, locks."""

from __future__ import annotations

import multiprocessing
import time
from datetime import datetime

import duckdb
import pytest

from storage import ArticleRow, FetchFailure, MentionRow, QueryError, Warehouse, WarehouseBusy, run_read_query
from storage.schema import LATEST_VERSION

CONTRACT_COLUMNS = {
    "articles": {"article_id", "url", "feed_url", "title", "published_at", "fetched_at", "text"},
    "mentions": {"mention_id", "article_id", "actors", "relation", "modality", "sentence", "published_at"},
    "alerts": {"alert_id", "actors", "relation", "article_id", "created_at", "delivered_at"},
    "runs": {"run_id", "started_at", "finished_at", "feeds_ok", "feeds_failed", "articles_new", "mentions_new"},
    "feeds": {"feed_url", "last_polled_at", "last_ok_at", "last_error", "consecutive_failures"},
    "fetch_errors": {"url", "feed_url", "reason", "attempts", "last_attempt_at"},
}


def article(n: int, guid: str | None = None) -> ArticleRow:
    return ArticleRow(
        article_id=f"a{n}", url=f"http://127.0.0.1/{n}", url_normalized=f"http://127.0.0.1/{n}", final_url=None,
        guid=guid, feed_url="http://127.0.0.1/feed", title=f"t{n}", author=None, site_name=None,
        published_at=datetime(2024, 4, 10), fetched_at=datetime(2024, 4, 11), text="Japan and the U.S. met.",
        text_source="page", text_note=None, content_hash="h",
    )


def mention(n: int, article_id: str) -> MentionRow:
    return MentionRow(
        mention_id=f"m{n}", article_id=article_id, actors=["JPN", "USA"], relation="summit", modality="asserted",
        sentence="Japan and the U.S. met.", sentence_start=0, sentence_end=23, confidence=0.9, grouping=None,
        extractor_version="test", published_at=datetime(2024, 4, 10),
    )


def test_schema_has_the_contract_names_and_records_its_version(tmp_path) -> None:
    db = tmp_path / "w.duckdb"
    assert Warehouse(db).migrate() == LATEST_VERSION
    assert Warehouse(db).migrate() == LATEST_VERSION  # idempotent
    with duckdb.connect(str(db), read_only=True) as con:
        for table, columns in CONTRACT_COLUMNS.items():
            found = {row[0] for row in con.execute(f"describe {table}").fetchall()}
            assert columns <= found, table
        actor_type = con.execute("select data_type from information_schema.columns "
                                 "where table_name = 'mentions' and column_name = 'actors'").fetchone()[0]
        versions = con.execute("select version from schema_migrations").fetchall()
    assert actor_type == "VARCHAR[]"
    assert versions == [(v,) for v in range(1, LATEST_VERSION + 1)]


def test_batches_skip_what_is_already_stored(tmp_path) -> None:
    warehouse = Warehouse(tmp_path / "w.duckdb")
    warehouse.migrate()
    warehouse.start_run("r1", None)
    failure = FetchFailure("http://127.0.0.1/9", "http://127.0.0.1/feed", "HTTP 503", True, {"link": "x"})
    assert warehouse.store_batch("r1", [article(1, "g1"), article(2)], [mention(1, "a1"), mention(2, "a2")], [failure]) == (2, 2)
    # The same rows again, an article with a known guid under a new URL, and the failure again.
    same_guid = article(3, "g1")
    warehouse.start_run("r2", None)
    assert warehouse.store_batch("r2", [article(1, "g1"), article(2), same_guid], [mention(1, "a1")], [failure]) == (0, 0)
    assert warehouse.unseen([("http://127.0.0.1/1", None), ("http://127.0.0.1/7", "g1"), ("http://127.0.0.1/8", None)]) == {
        "http://127.0.0.1/8"}
    pending = warehouse.pending_articles(max_attempts=3)
    assert [(p.url, p.attempts, p.reason) for p in pending] == [("http://127.0.0.1/9", 2, "HTTP 503")]
    assert warehouse.pending_articles(max_attempts=2) == []


def test_read_only_queries_refuse_writes_and_explain_bad_sql(tmp_path) -> None:
    db = tmp_path / "w.duckdb"
    Warehouse(db).migrate()
    assert run_read_query(db, "select count(*) as n from articles").rows == [(0,)]
    for statement, message in [
        ("delete from articles", "read-only here: DELETE statements are refused"),
        ("attach 'other.duckdb'", "ATTACH statements are refused"),
        ("selec 1", "bad SQL"),
        ("select nope from articles", "query failed: Binder Error"),
        ("select 1; select 2", "expected one SQL statement, got 2"),
    ]:
        with pytest.raises(QueryError, match=message):
            run_read_query(db, statement)


def _hold_write_lock(path: str, seconds: float, ready) -> None:  # noqa: ANN001
    con = duckdb.connect(path)
    ready.set()
    time.sleep(seconds)
    con.close()


def test_readers_wait_for_a_short_writer_and_give_up_on_a_long_one(tmp_path) -> None:
    db = str(tmp_path / "w.duckdb")
    Warehouse(db).migrate()
    context = multiprocessing.get_context("spawn")
    ready = context.Event()
    writer = context.Process(target=_hold_write_lock, args=(db, 1.5, ready))
    writer.start()
    ready.wait(30)
    assert run_read_query(db, "select 1", lock_wait_s=20).rows == [(1,)]  # got in once the writer closed
    writer.join()
    ready.clear()
    writer = context.Process(target=_hold_write_lock, args=(db, 5, ready))
    writer.start()
    ready.wait(30)
    with pytest.raises(WarehouseBusy, match="locked by another process"):
        run_read_query(db, "select 1", lock_wait_s=0.5)
    writer.join()
