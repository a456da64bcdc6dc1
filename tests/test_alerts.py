"""Alerts on new groupings: once per grouping, escalations once per step, delivered
exactly once to a real webhook receiver on loopback, even across a failing run."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import time

import duckdb
import pytest
from prefect.client.orchestration import get_client
from prefect.events.filters import EventFilter, EventNameFilter

from flows.nightly import nightly_ingest

from conftest import LoopbackServer, Route
from sites import add_feed, article_page

pytestmark = pytest.mark.usefixtures("prefect_harness")

DAY1 = {
    "/a/first-trilateral.html": ("Japan, Philippines, US hold first trilateral summit", "Wire One", [
        "WASHINGTON - The leaders of Japan, the Philippines and the United States held their first trilateral "
        "summit at the White House on Thursday.",
        "Marcos, Kishida and Biden agreed to form a trilateral security partnership to uphold order at sea, "
        "officials said.",
        "The three countries did not give a timetable for the next meeting, but aides said one was likely.",
    ]),
    "/a/quad-background.html": ("Quad ministers meet", "Wire One", [
        "TOKYO - Foreign ministers of the Quad held talks in Tokyo on Monday on maritime security and supply chains.",
        "The Quad, which groups Australia, India, Japan and the United States, has met regularly since 2017.",
    ]),
}
DAY2 = {
    "/b/trilateral-again.html": ("Trilateral summit sends a message", "Second Outlet", [
        "MANILA - The first summit between the United States, Japan and the Philippines sent a strong message, "
        "analysts said on Friday.",
        "The three nations agreed to form a security partnership, diplomats from all three governments said.",
    ]),
    "/b/denied.html": ("No pact, says Hanoi", "Second Outlet", [
        "HANOI - Vietnamese officials on Friday ruled out a trilateral defence pact with Laos and Cambodia.",
        "The foreign ministry said cooperation would stay economic.",
    ]),
    "/b/escalation.html": ("Allies sign defence treaty", "Third Outlet", [
        "TOKYO - Japan, the Philippines and the United States signed a mutual defence treaty on Monday, "
        "turning their partnership into a formal alliance.",
        "The treaty commits each to come to the aid of the others if attacked, officials said.",
    ]),
}


def serve(server: LoopbackServer, pages: dict) -> str:
    items = []
    for path, (title, outlet, paragraphs) in pages.items():
        server.add(path, body=article_page(title, paragraphs, outlet=outlet))
        items.append((path, title, paragraphs[0]))
    return items


def alert_rows(db: str) -> list[tuple]:
    with duckdb.connect(db, read_only=True) as con:
        return con.execute(
            "select array_to_string(actors, '-'), relation, kind, delivered_at is not null, articles_count, "
            "outlets_count from alerts order by created_at, level"
        ).fetchall()


@pytest.mark.slow
def test_alerts_once_per_grouping_escalate_once_and_survive_a_failing_receiver(server: LoopbackServer, tmp_path) -> None:
    hook = "/hook"
    server.add(hook, status=500)  # the receiver is down on day 1
    notify = [f"json://127.0.0.1:{server.port}{hook}"]
    day1_items = serve(server, DAY1)
    add_feed(server, "/feed.xml", day1_items)
    feeds_file = tmp_path / "feeds.yaml"
    feeds_file.write_text(f"feeds:\n  - url: {server.url('/feed.xml')}\n", encoding="utf-8")
    db = str(tmp_path / "w.duckdb")

    day1 = nightly_ingest(feeds_file=str(feeds_file), db=db, notify=notify)

    assert [(a.actors, a.kind) for a in day1.alerts_new] == [(["JPN", "PHL", "USA"], "new_grouping")]
    assert day1.alerts_pending == 1 and day1.delivery_errors
    assert alert_rows(db) == [("JPN-PHL-USA", "security_partnership", "new_grouping", False, 1, 1)]
    assert server.received(hook) == [("POST", 500)]  # tried once, refused, not retried within the run
    assert message_of(server.hits(hook)[0].body).startswith("New trilateral: Japan, Philippines, United States")
    assert server.posts(hook) == []
    assert_announced_in_prefect("pactwatch.alert.new_grouping", "Japan, Philippines, United States")

    server.add(hook, status=200)  # the receiver recovers
    day2_items = serve(server, DAY2)
    add_feed(server, "/feed.xml", day1_items + day2_items)
    day2 = nightly_ingest(feeds_file=str(feeds_file), db=db, notify=notify)

    assert [(a.actors, a.relation, a.kind) for a in day2.alerts_new] == [
        (["JPN", "PHL", "USA"], "alliance", "escalation")]
    assert day2.alerts_pending == 0
    assert alert_rows(db) == [
        ("JPN-PHL-USA", "security_partnership", "new_grouping", True, 3, 3),
        ("JPN-PHL-USA", "alliance", "escalation", True, 3, 3),
    ]
    assert server.received(hook) == [("POST", 500), ("POST", 200), ("POST", 200)]
    messages = [message_of(body) for body in server.posts(hook)]
    assert len(messages) == 2
    assert messages[0].startswith("New trilateral: Japan, Philippines, United States — security partnership — "
                                  "Japan, Philippines, US hold first trilateral summit (Wire One) http://")
    assert "agreed to form a trilateral security partnership" in messages[0]
    assert messages[1].startswith("Escalation: Japan, Philippines, United States — now alliance "
                                  "(was security partnership) — Allies sign defence treaty (Third Outlet)")

    rerun = nightly_ingest(feeds_file=str(feeds_file), db=db, notify=notify)
    assert rerun.alerts_new == [] and rerun.articles_new == 0
    assert len(server.received(hook)) == 3  # nothing sent again, not even attempted

    env = {k: v for k, v in os.environ.items() if not k.startswith("PREFECT_")}
    shown = subprocess.run([str(Path(sys.executable).parent / "pactwatch"), "alerts", "--db", db],
                           capture_output=True, text=True, env=env, timeout=120)
    assert shown.returncode == 0, shown.stderr
    assert shown.stdout.index("Escalation: Japan") < shown.stdout.index("New trilateral: Japan")  # newest first
    assert shown.stdout.strip().splitlines()[-1] == "2 alert(s)"
    pending = subprocess.run([str(Path(sys.executable).parent / "pactwatch"), "alerts", "--db", db, "--pending"],
                             capture_output=True, text=True, env=env, timeout=120)
    assert pending.returncode == 0, pending.stderr
    assert pending.stdout.strip().splitlines()[-1] == "0 alert(s)"


def test_alerts_reach_a_channel_added_later_and_only_it(server: LoopbackServer, tmp_path) -> None:
    items = serve(server, DAY1)
    add_feed(server, "/feed.xml", items)
    server.add("/one", status=200)
    server.add("/two", status=200)
    feeds_file = tmp_path / "feeds.yaml"
    feeds_file.write_text(f"feeds:\n  - url: {server.url('/feed.xml')}\nnotify:\n  - json://127.0.0.1:{server.port}/one\n",
                          encoding="utf-8")
    db = str(tmp_path / "w.duckdb")
    server.routes["/two"] = Route(status=503)
    first = nightly_ingest(feeds_file=str(feeds_file), db=db, notify=[f"json://127.0.0.1:{server.port}/two"])
    assert first.alerts_pending == 1
    assert server.received("/one") == [("POST", 200)] and server.received("/two") == [("POST", 503)]
    server.routes["/two"] = Route(status=200)
    second = nightly_ingest(feeds_file=str(feeds_file), db=db, notify=[f"json://127.0.0.1:{server.port}/two"])
    assert second.alerts_pending == 0
    assert server.received("/one") == [("POST", 200)]  # the channel that had it is not sent it again
    assert server.received("/two") == [("POST", 503), ("POST", 200)]
    (one,), (two,) = server.posts("/one"), server.posts("/two")
    assert message_of(one) == message_of(two)
    assert message_of(one).startswith("New trilateral: Japan, Philippines, United States")


def message_of(body: bytes) -> str:
    """The message of an Apprise json:// notification body."""
    return json.loads(body)["message"]


def assert_announced_in_prefect(event_name: str, countries: str) -> None:
    """The run's markdown artifact lists the alert, and a Prefect event was emitted for it."""
    with get_client(sync_client=True) as client:
        artifacts = [a for a in client.read_artifacts() if a.key == "pactwatch-alerts"]
        assert any(countries in str(a.data) for a in artifacts)
        deadline = time.monotonic() + 30
        while True:  # events reach the API asynchronously
            page = client.read_events(filter=EventFilter(event=EventNameFilter(name=[event_name])), limit=50)
            if any(e.payload.get("actors") == ["JPN", "PHL", "USA"] for e in page.events):
                return
            assert time.monotonic() < deadline, f"no {event_name} event"
            time.sleep(0.5)


@pytest.mark.slow
def test_pactwatch_run_delivers_to_notify_urls_from_the_flag_and_the_feeds_file(server: LoopbackServer, tmp_path) -> None:
    from test_cli import pactwatch

    server.add("/robots.txt", body=b"User-agent: *\nAllow: /\n", content_type="text/plain")
    add_feed(server, "/feed.xml", serve(server, DAY1))
    server.add("/from-flag", status=200)
    server.add("/from-file", status=200)
    feeds_file = tmp_path / "feeds.yaml"
    feeds_file.write_text(f"feeds:\n  - url: {server.url('/feed.xml')}\nnotify:\n"
                          f"  - json://127.0.0.1:{server.port}/from-file\n", encoding="utf-8")

    result = pactwatch("run", "--feeds", str(feeds_file), "--db", str(tmp_path / "w.duckdb"),
                       "--notify", f"json://127.0.0.1:{server.port}/from-flag")

    assert result.returncode == 0, result.stderr
    assert "Alerts: 1 new, 0 awaiting delivery" in result.stdout
    for hook in ("/from-flag", "/from-file"):
        assert server.received(hook) == [("POST", 200)], hook
        (body,) = server.posts(hook)
        assert message_of(body).startswith("New trilateral: Japan, Philippines, United States")
