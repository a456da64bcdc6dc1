"""The real ingestion flow, under Prefect, over loopback HTTP, into a real DuckDB file."""

from __future__ import annotations

import duckdb
import pytest
from prefect.client.orchestration import get_client

from flows.nightly import nightly_ingest
from storage import Warehouse

from conftest import LoopbackServer, Route
from sites import add_feed, article_page, serve_demo_site

pytestmark = pytest.mark.usefixtures("prefect_harness")

SECURITY_PARAGRAPHS = [
    "MANILA - The Philippines and Japan signed a reciprocal access agreement on Monday, "
    "allowing their forces to train on each other's soil.",
    "The two countries also agreed to hold joint exercises with the United States next year, "
    "officials said, as tensions with China grow in the South China Sea.",
    "Analysts said the pact marks the deepest security tie between Manila and Tokyo since the war, "
    "and follows months of negotiation between defence officials of both governments.",
]


def write_feeds_file(tmp_path, urls: list[str]) -> str:
    path = tmp_path / "feeds.yaml"
    path.write_text("feeds:\n" + "".join(f"  - url: {u}\n" for u in urls), encoding="utf-8")
    return str(path)


def count(db: str, sql: str) -> int:
    with duckdb.connect(db, read_only=True) as con:
        return con.execute(sql).fetchone()[0]


def test_demo_site_lands_once_and_rerun_sends_conditional_gets(server: LoopbackServer, tmp_path) -> None:
    feed_urls = serve_demo_site(server)
    feeds_file = write_feeds_file(tmp_path, feed_urls)
    db = str(tmp_path / "w.duckdb")

    first = nightly_ingest(feeds_file=feeds_file, db=db)

    assert first.articles_new == 13  # 14 feed items, one article listed by two feeds
    assert first.mentions_new == count(db, "select count(*) from mentions") > 20
    assert count(db, "select count(*) from articles where text_source = 'page'") == 13
    seed = ("select list(distinct relation order by relation) from mentions m join articles a using (article_id) "
            "where a.url like '%us-japan-summit-shift%'")
    with duckdb.connect(db, read_only=True) as con:
        relations = con.execute(seed).fetchone()[0]
        pairs = set(con.execute(
            "select array_to_string(actors, '-'), relation from mentions m join articles a using (article_id) "
            "where a.url like '%us-japan-summit-shift%'").fetchall())
        run = con.execute("select status, feeds_ok, articles_new, mentions_new from runs").fetchall()
        comments = con.execute("select count(*) from mentions where sentence ilike '%leave a reply%' "
                               "or sentence ilike '%back to top%'").fetchone()[0]
    assert {"summit", "security_partnership", "alliance", "defense_industrial", "military_exercise"} <= set(relations)
    assert {("JPN-USA", "summit"), ("JPN-PHL-USA", "summit"), ("JPN-PHL-USA", "security_partnership"),
            ("JPN-USA", "alliance"), ("AUS-GBR-JPN-USA", "defense_industrial"),
            ("AUS-JPN-PHL-USA", "military_exercise")} <= pairs
    assert comments == 0
    assert run == [("completed", 3, 13, first.mentions_new)]
    with get_client(sync_client=True) as client:
        reports = [str(a.data) for a in client.read_artifacts() if a.key == "pactwatch-run-report"]
    assert any(f"pactwatch run {first.run_id}" in r and "**13** new articles" in r and "| summit |" in r
               for r in reports)

    feed_hits_before = sum(len(server.hits(u.removeprefix(server.base_url))) for u in feed_urls)
    second = nightly_ingest(feeds_file=feeds_file, db=db)

    assert (second.articles_new, second.mentions_new) == (0, 0)
    assert [r.status for r in second.feeds] == ["not modified"] * 3
    for url in feed_urls:
        last = server.hits(url.removeprefix(server.base_url))[-1]
        assert last.headers.get("If-None-Match")
    assert sum(len(server.hits(u.removeprefix(server.base_url))) for u in feed_urls) == feed_hits_before + 3
    assert count(db, "select count(*) from articles") == 13
    assert count(db, "select count(*) from runs where status = 'completed'") == 2


@pytest.mark.slow
def test_failing_feeds_and_pages_are_recorded_and_healthy_ones_land(server: LoopbackServer, tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("PACTWATCH_TIMEOUT_S", "1")
    monkeypatch.setenv("PACTWATCH_RETRY_DELAY_S", "0.05")
    monkeypatch.setenv("PACTWATCH_MAX_PAGE_BYTES", "200000")
    server.add("/robots.txt", body=b"User-agent: *\nDisallow: /private/\n", content_type="text/plain")
    server.add("/ok.html", body=article_page("Pact signed", SECURITY_PARAGRAPHS))
    server.add("/flaky.html", status=500, body=b"oops")
    server.add("/binary.html", body=b"\x00\x01\x02" * 1000, content_type="application/octet-stream")
    server.add("/huge.html", body=b"<p>" + b"x" * 300_000 + b"</p>")
    latin = article_page("Drills", SECURITY_PARAGRAPHS + ["Le ministre a déclaré: coopération renforcée."], "latin-1")
    server.add("/latin.html", body=latin, content_type="text/html; charset=utf-8")  # declared charset is wrong
    server.add("/private/secret.html", body=article_page("Secret", SECURITY_PARAGRAPHS))
    good = add_feed(server, "/good.xml", [
        ("/ok.html", "Pact signed", "Japan and the Philippines sign an access pact."),
        ("/flaky.html", "Flaky", "The U.S. and Japan held talks on Monday."),
        ("/binary.html", "Binary", "Australia and India held naval drills."),
        ("/huge.html", "Huge", "France and Germany agreed a defence pact."),
        ("/latin.html", "Latin", "Latin-1 page."),
        ("/private/secret.html", "Private", "Robots say no."),
    ])
    broken = server.add("/broken.xml", status=500, body=b"error")
    slow = add_feed(server, "/slow.xml", [("/ok.html", "x", "y")], delay_s=3)
    malformed = server.add("/malformed.xml", body=b"<rss><channel><item><title>unclosed", content_type="application/rss+xml")
    dead = "http://127.0.0.1:9/dead.xml"  # nothing listens on the discard port
    feeds_file = write_feeds_file(tmp_path, [broken, slow, good, malformed, dead])
    db = str(tmp_path / "w.duckdb")

    summary = nightly_ingest(feeds_file=feeds_file, db=db)

    status = {r.url: (r.status, r.error) for r in summary.feeds}
    assert status[good] == ("ok", None)
    assert status[broken] == ("failed", "HTTP 500")
    assert status[slow] == ("failed", "timeout after 1 s")
    assert status[malformed][0] == "failed" and status[malformed][1].startswith("malformed feed")
    assert status[dead][0] == "failed" and status[dead][1].startswith("connection failed")
    assert summary.articles_new == 5 and summary.articles_failed == 1
    with duckdb.connect(db, read_only=True) as con:
        feeds = dict(con.execute("select feed_url, last_error from feeds").fetchall())
        failures = con.execute("select consecutive_failures from feeds where feed_url = ?", [broken]).fetchone()
        notes = dict(con.execute("select url, coalesce(text_note, text_source) from articles").fetchall())
        errors = {u: (r, t, a) for u, r, t, a in con.execute(
            "select url, reason, transient, attempts from fetch_errors").fetchall()}
        latin_text = con.execute("select text from articles where url like '%latin%'").fetchone()[0]
    assert feeds[good] is None and feeds[broken] == "HTTP 500" and failures == (1,)
    assert notes[server.url("/ok.html")] == "page"
    assert notes[server.url("/binary.html")].startswith("not HTML")
    assert notes[server.url("/huge.html")] == "body over 0.2 MB"
    assert notes[server.url("/private/secret.html")] == "disallowed by robots.txt"
    assert "coopération renforcée" in latin_text
    assert errors[server.url("/flaky.html")] == ("HTTP 500", True, 1)  # to retry next run
    assert errors[server.url("/binary.html")][:2] == ("not HTML (application/octet-stream)", False)
    assert errors[server.url("/huge.html")] == ("body over 0.2 MB", False, 1)
    assert errors[server.url("/private/secret.html")] == ("disallowed by robots.txt", False, 1)
    assert len(errors) == 4
    assert len(server.hits("/flaky.html")) == 3  # retried twice within the run
    assert len(server.hits("/slow.xml")) == 3
    assert len(server.hits("/private/secret.html")) == 0

    # The page recovers: the next run retries it from fetch_errors and lands it, once.
    server.add("/flaky.html", body=article_page("Talks", SECURITY_PARAGRAPHS))
    server.routes["/broken.xml"] = Route(body=server.routes["/good.xml"].body, content_type="application/rss+xml")
    again = nightly_ingest(feeds_file=feeds_file, db=db)

    assert again.articles_new == 1
    assert count(db, f"select count(*) from fetch_errors where url = '{server.url('/flaky.html')}'") == 0
    assert count(db, "select count(*) from fetch_errors where not transient") == 3  # recorded, not retried
    assert count(db, "select count(*) from articles") == 6
    assert count(db, "select count(*) from (select mention_id from mentions group by 1 having count(*) > 1)") == 0
    assert count(db, f"select consecutive_failures from feeds where feed_url = '{broken}'") == 0
    assert count(db, f"select consecutive_failures from feeds where feed_url = '{slow}'") == 2


def test_a_run_killed_after_a_batch_loses_and_duplicates_nothing(server: LoopbackServer, tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("PACTWATCH_BATCH_SIZE", "4")
    feed_urls = serve_demo_site(server)
    feeds_file = write_feeds_file(tmp_path, feed_urls)
    db = str(tmp_path / "w.duckdb")
    # Simulate a run that stored its first batches and died before finishing:
    # reproduce it by running fully, then deleting the run's feed state and the
    # second half of its articles, as if they had never been committed.
    full = nightly_ingest(feeds_file=feeds_file, db=db)
    with duckdb.connect(db) as con:
        con.execute("delete from mentions where article_id in (select article_id from articles order by article_id limit 6)")
        con.execute("delete from articles where article_id in (select article_id from articles order by article_id limit 6)")
        con.execute("delete from feeds")
        con.execute("update runs set status = 'running', finished_at = null")
    Warehouse(db).migrate()

    rerun = nightly_ingest(feeds_file=feeds_file, db=db)

    assert rerun.articles_new == 6
    assert count(db, "select count(*) from articles") == 13
    assert count(db, "select count(*) from runs where status = 'interrupted'") == 1
    assert count(db, "select count(*) from mentions") == full.mentions_new
    assert count(db, "select count(*) from (select mention_id from mentions group by 1 having count(*) > 1)") == 0


def test_transient_errors_are_retried_within_the_run_and_404s_are_not(server: LoopbackServer, tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("PACTWATCH_RETRY_DELAY_S", "0.05")
    answers = iter([503, 429, 200])

    def recovering(handler) -> None:  # noqa: ANN001
        status = next(answers, 200)
        body = article_page("Talks", SECURITY_PARAGRAPHS) if status == 200 else b"busy"
        handler.send_response(status)
        handler.send_header("Content-Type", "text/html; charset=utf-8")
        handler.send_header("Content-Length", str(len(body)))
        handler.end_headers()
        handler.wfile.write(body)

    server.add("/recovering.html", Route(handler=recovering))
    feed = add_feed(server, "/feed.xml", [("/recovering.html", "Talks", "s"), ("/gone.html", "Gone", "Japan and Australia held talks.")])
    feeds_file = write_feeds_file(tmp_path, [feed])
    db = str(tmp_path / "w.duckdb")

    summary = nightly_ingest(feeds_file=feeds_file, db=db)

    assert summary.articles_new == 2 and summary.articles_failed == 0
    assert len(server.hits("/recovering.html")) == 3 and len(server.hits("/gone.html")) == 1
    with duckdb.connect(db, read_only=True) as con:
        sources = dict(con.execute("select url, coalesce(text_note, text_source) from articles").fetchall())
    assert sources == {server.url("/recovering.html"): "page", server.url("/gone.html"): "HTTP 404"}


@pytest.mark.slow
def test_ingest_reading_list_through_the_cli(server: LoopbackServer, tmp_path) -> None:
    from test_cli import pactwatch

    server.add("/robots.txt", body=b"User-agent: *\nAllow: /\n", content_type="text/plain")
    server.add("/one.html", body=article_page("Pact", SECURITY_PARAGRAPHS))
    server.add("/two.html", body=article_page("Drills", [
        "Australia and India held naval drills in the Bay of Bengal on Tuesday, the navies said.",
        "The exercise involved destroyers, submarines and maritime patrol aircraft from both countries.",
        "Officials said the drills would be repeated next year with a larger number of ships.",
    ]))
    reading_list = tmp_path / "list.txt"
    reading_list.write_text(f"# to read\n{server.url('/two.html')}\n\n", encoding="utf-8")
    db = tmp_path / "w.duckdb"

    result = pactwatch("ingest", server.url("/one.html"), "--file", str(reading_list), "--db", str(db))
    assert result.returncode == 0, result.stderr
    assert "New articles: 2" in result.stdout
    with duckdb.connect(str(db), read_only=True) as con:
        pairs = set(con.execute("select array_to_string(actors, '-'), relation from mentions").fetchall())
        feed_urls = con.execute("select distinct feed_url from articles").fetchall()
    assert {("JPN-PHL", "basing_access"), ("AUS-IND", "military_exercise")} <= pairs
    assert feed_urls == [(None,)]

    again = pactwatch("ingest", server.url("/one.html"), "--db", str(db))
    assert again.returncode == 0 and "New articles: 0" in again.stdout
    bad = pactwatch("ingest", "file:///etc/passwd", "--db", str(db))
    assert bad.returncode == 2 and "not an http(s) URL" in bad.stderr


@pytest.mark.slow
def test_backfill_from_a_sitemap_index_since_a_date(server: LoopbackServer, tmp_path) -> None:
    from test_cli import pactwatch

    for name in ("old", "new", "newer"):
        server.add(f"/{name}.html", body=article_page(name, SECURITY_PARAGRAPHS))
    server.add("/sitemap-index.xml", content_type="application/xml", body=(
        '<?xml version="1.0" encoding="UTF-8"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
        f"<sitemap><loc>{server.url('/sitemap-1.xml')}</loc></sitemap>"
        f"<sitemap><loc>{server.url('/sitemap-news.xml')}</loc></sitemap>"
        f"<sitemap><loc>{server.url('/missing.xml')}</loc></sitemap></sitemapindex>").encode())
    server.add("/sitemap-1.xml", content_type="application/xml", body=(
        '<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
        f"<url><loc>{server.url('/old.html')}</loc><lastmod>2023-01-05</lastmod></url>"
        f"<url><loc>{server.url('/new.html')}</loc><lastmod>2024-03-01T10:00:00+08:00</lastmod></url>"
        "</urlset>").encode())
    server.add("/sitemap-news.xml", content_type="application/xml", body=(
        '<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
        'xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">'
        f"<url><loc>{server.url('/newer.html')}</loc><news:news><news:publication_date>2024-05-02T08:00:00Z"
        "</news:publication_date><news:title>Newer</news:title></news:news></url></urlset>").encode())
    db = tmp_path / "w.duckdb"

    result = pactwatch("backfill", "--sitemap", server.url("/sitemap-index.xml"), "--since", "2024-01-01",
                       "--db", str(db))

    assert result.returncode == 0, result.stderr
    assert "New articles: 2" in result.stdout and "missing.xml" in result.stdout
    with duckdb.connect(str(db), read_only=True) as con:
        landed = con.execute("select url, title, published_at from articles order by url").fetchall()
    assert [(u.rsplit("/", 1)[1], t) for u, t, _ in landed] == [("new.html", "new"), ("newer.html", "Newer")]
    assert str(landed[0][2]) == "2024-03-01 02:00:00"  # UTC


def test_network_tasks_take_slots_of_a_prefect_global_concurrency_limit(server: LoopbackServer, tmp_path, monkeypatch) -> None:
    from prefect.client.schemas.actions import GlobalConcurrencyLimitCreate

    feed = add_feed(server, "/feed.xml", [("/a.html", "A", "Japan and Australia held talks.")])
    server.add("/a.html", body=article_page("A", SECURITY_PARAGRAPHS))
    feeds_file = write_feeds_file(tmp_path, [feed])
    monkeypatch.setenv("PACTWATCH_GLOBAL_LIMIT", "pactwatch-test-missing")
    with pytest.raises(Exception, match="pactwatch-test-missing"):
        nightly_ingest(feeds_file=feeds_file, db=str(tmp_path / "w.duckdb"))

    with get_client(sync_client=True) as client:
        client.create_global_concurrency_limit(GlobalConcurrencyLimitCreate(name="pactwatch-outbound-test", limit=1))
    monkeypatch.setenv("PACTWATCH_GLOBAL_LIMIT", "pactwatch-outbound-test")
    summary = nightly_ingest(feeds_file=feeds_file, db=str(tmp_path / "w.duckdb"))
    assert summary.articles_new == 1
    with get_client(sync_client=True) as client:
        limit = client.read_global_concurrency_limit_by_name("pactwatch-outbound-test")
    assert limit.active_slots == 0  # taken by the network tasks, released after them
