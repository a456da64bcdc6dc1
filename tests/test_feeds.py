"""Feed health across failing and recovering runs, back-off, and safe edits of the feeds file."""

from __future__ import annotations

import duckdb
import pytest

from flows.nightly import nightly_ingest

from conftest import LoopbackServer, Route
from sites import add_feed, article_page
from test_cli import pactwatch


@pytest.mark.slow
@pytest.mark.usefixtures("prefect_harness")
def test_a_failing_feed_is_reported_backed_off_and_recovers(server: LoopbackServer, tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("PACTWATCH_FAILING_AFTER", "2")
    server.add("/a.html", body=article_page("Drills", ["Japan and Australia held joint naval drills on Monday."] * 5))
    healthy = add_feed(server, "/healthy.xml", [("/a.html", "Drills", "Japan and Australia held drills.")])
    flaky = server.add("/flaky.xml", status=503)
    feeds_file = tmp_path / "feeds.yaml"
    feeds_file.write_text(f"feeds:\n  - url: {healthy}\n  - url: {flaky}\n    name: Flaky\n", encoding="utf-8")
    db = str(tmp_path / "w.duckdb")

    def run() -> dict[str, tuple[str, str | None]]:
        summary = nightly_ingest(feeds_file=str(feeds_file), db=db)
        return {r.url: (r.status, r.warning) for r in summary.feeds}

    assert run()[flaky] == ("failed", None)
    assert run()[flaky] == ("failed", "failing 2 polls in a row")
    polls_before = len(server.hits("/flaky.xml"))
    status, warning = run()[flaky]
    assert status == "backed off" and warning.startswith("failing 2 polls in a row; next poll after")
    assert len(server.hits("/flaky.xml")) == polls_before  # not polled while backed off

    shown = pactwatch("feeds", "--feeds", str(feeds_file), "--db", db)
    assert shown.returncode == 0 and "failing" in shown.stdout and "HTTP 503" in shown.stdout

    with duckdb.connect(db) as con:  # two hours pass
        con.execute("update feeds set last_polled_at = last_polled_at - interval 2 hour")
    server.routes["/flaky.xml"] = Route(body=server.routes["/healthy.xml"].body, content_type="application/rss+xml")
    assert run()[flaky] == ("ok", None)
    with duckdb.connect(db, read_only=True) as con:
        health = con.execute("select consecutive_failures, last_error, polls from feeds where feed_url = ?",
                             [flaky]).fetchone()
        runs = con.execute("select feeds_ok, feeds_failed from runs order by started_at").fetchall()
    assert health == (0, None, 3)
    assert runs == [(1, 1), (1, 1), (1, 1), (2, 0)]


def test_feeds_add_and_remove_edit_the_file_safely(tmp_path) -> None:
    path = tmp_path / "feeds.yaml"
    path.write_text("# my feeds\nfeeds:\n  - url: https://a.example/rss  # the first\nnotify: []\n", encoding="utf-8")

    added = pactwatch("feeds", "add", "https://b.example/atom", "--name", "B", "--tag", "asia", "--feeds", str(path))
    assert added.returncode == 0, added.stderr
    text = path.read_text(encoding="utf-8")
    assert "# my feeds" in text and "# the first" in text and "https://b.example/atom" in text and "asia" in text

    for args, message in [
        (("add", "https://b.example/atom"), "already in"),
        (("add", "ftp://c.example/feed"), "must start with http:// or https://"),
        (("remove", "https://nowhere.example/rss"), "is not in"),
    ]:
        result = pactwatch("feeds", *args, "--feeds", str(path))
        assert result.returncode == 2 and message in result.stderr, result.stderr
    assert path.read_text(encoding="utf-8") == text  # refused edits leave the file untouched

    removed = pactwatch("feeds", "remove", "https://a.example/rss", "--feeds", str(path))
    assert removed.returncode == 0
    assert "a.example" not in path.read_text(encoding="utf-8")
    assert "b.example" in path.read_text(encoding="utf-8")

    path.write_text("feeds: [\n", encoding="utf-8")
    broken = pactwatch("feeds", "add", "https://d.example/rss", "--feeds", str(path))
    assert broken.returncode == 2 and "not valid YAML" in broken.stderr
