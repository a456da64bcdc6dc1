"""`pactwatch reextract`: current extractor over stored text, older mentions replaced atomically."""

from __future__ import annotations

import dataclasses
from datetime import datetime

import duckdb

from extractors import EXTRACTOR_VERSION
from storage import ArticleRow, MentionRow, Warehouse
from storage.schema import MIGRATIONS, SCHEMA_TABLE

from test_cli import pactwatch

TEXT = ("Japan and the Philippines signed a reciprocal access agreement on Monday. "
        "China warned both countries against stoking confrontation.")


def test_reextract_replaces_mentions_of_older_versions_only(tmp_path) -> None:
    db = tmp_path / "w.duckdb"
    warehouse = Warehouse(db)
    warehouse.migrate()
    warehouse.start_run("old", None)
    article = ArticleRow(
        article_id="a1", url="http://127.0.0.1/a1", url_normalized="http://127.0.0.1/a1", final_url=None, guid=None,
        feed_url=None, title="RAA", author=None, site_name=None, published_at=datetime(2024, 7, 8),
        fetched_at=datetime(2024, 7, 8), text=TEXT, text_source="page", text_note=None, content_hash="h",
        extracted_by="rules-0.0.1",
    )
    untouched = dataclasses.replace(article, article_id="a2", url="http://127.0.0.1/a2",
                                    url_normalized="http://127.0.0.1/a2", extracted_by=EXTRACTOR_VERSION)
    stale = MentionRow(
        mention_id="old-1", article_id="a1", actors=["JPN", "USA"], relation="alliance", modality="asserted",
        sentence="wrong", sentence_start=0, sentence_end=5, confidence=0.5, grouping=None,
        extractor_version="rules-0.0.1", published_at=datetime(2024, 7, 8),
    )
    current = dataclasses.replace(stale, mention_id="cur-1", article_id="a2", extractor_version=EXTRACTOR_VERSION)
    warehouse.store_batch("old", [article, untouched], [stale, current], [])

    result = pactwatch("reextract", "--db", str(db))

    assert result.returncode == 0, result.stderr
    assert "re-extracted 1 article(s)" in result.stdout
    with duckdb.connect(str(db), read_only=True) as con:
        rows = con.execute("select article_id, array_to_string(actors, '-'), relation, extractor_version "
                           "from mentions order by all").fetchall()
        cameo = con.execute("select cameo_code from mentions where relation = 'basing_access'").fetchone()
    assert ("a1", "JPN-PHL", "basing_access", EXTRACTOR_VERSION) in rows
    assert ("a1", "CHN-JPN", "confrontation", EXTRACTOR_VERSION) in rows
    assert ("a2", "JPN-USA", "alliance", EXTRACTOR_VERSION) in rows  # current version: left alone
    assert not any(version == "rules-0.0.1" for *_, version in rows)
    assert cameo == ("074",)

    again = pactwatch("reextract", "--db", str(db))
    assert "re-extracted 0 article(s)" in again.stdout
    forced = pactwatch("reextract", "--db", str(db), "--all")
    assert "re-extracted 2 article(s)" in forced.stdout


def test_reextract_reads_a_warehouse_of_an_older_schema_including_articles_without_mentions(tmp_path) -> None:
    db = tmp_path / "old.duckdb"
    with duckdb.connect(str(db)) as con:  # the schema as it stood before articles.extracted_by
        con.execute(SCHEMA_TABLE)
        for migration in MIGRATIONS[:5]:
            con.execute(migration.sql)
            con.execute("INSERT INTO schema_migrations VALUES (?, ?, now())", [migration.version, migration.description])
        for article_id in ("read", "empty", "current"):
            con.execute("INSERT INTO articles (article_id, url, url_normalized, fetched_at, text, text_source, "
                        "content_hash) VALUES (?, ?, ?, now(), ?, 'page', 'h')",
                        [article_id, f"http://127.0.0.1/{article_id}", f"http://127.0.0.1/{article_id}", TEXT])
        con.execute("INSERT INTO mentions (mention_id, article_id, actors, relation, modality, sentence, sentence_start, "
                    "sentence_end, confidence, extractor_version) VALUES "
                    "('m1', 'read', ['JPN', 'USA'], 'alliance', 'asserted', 's', 0, 1, 0.5, 'rules-0.0.1'), "
                    "('m2', 'current', ['JPN', 'USA'], 'alliance', 'asserted', 's', 0, 1, 0.5, $v)", {"v": EXTRACTOR_VERSION})

    first = pactwatch("reextract", "--db", str(db))

    assert first.returncode == 0, first.stderr
    assert "re-extracted 2 article(s)" in first.stdout  # the old version's article and the one it found nothing in
    with duckdb.connect(str(db), read_only=True) as con:
        found = con.execute("select article_id, array_to_string(actors, '-'), relation from mentions order by all").fetchall()
        versions = dict(con.execute("select article_id, extracted_by from articles").fetchall())
    assert ("empty", "JPN-PHL", "basing_access") in found
    assert ("read", "JPN-PHL", "basing_access") in found
    assert ("current", "JPN-USA", "alliance") in found and ("read", "JPN-USA", "alliance") not in found
    assert versions == {"read": EXTRACTOR_VERSION, "empty": EXTRACTOR_VERSION, "current": EXTRACTOR_VERSION}
    assert "re-extracted 0 article(s)" in pactwatch("reextract", "--db", str(db)).stdout
