"""The ingestion flow: feeds -> new entries -> pages -> articles and mentions -> DuckDB.

Each stage is one task over the whole batch, so Prefect's per-task overhead is
paid a handful of times per run, never per article or sentence.
"""

from __future__ import annotations

import asyncio
import math
import uuid
from contextlib import AbstractContextManager, nullcontext
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from prefect import flow, get_run_logger, task
from prefect.artifacts import create_markdown_artifact
from prefect.cache_policies import NO_CACHE
from prefect.concurrency.sync import concurrency
from prefect.events import emit_event
from prefect.runtime import flow_run

from extractors.feeds import FeedEntry, article_entry, parse_feed
from extractors.sitemaps import parse_sitemap
from pactwatch.alerting import alert_candidates, alerts_markdown, describe
from pactwatch.config import DEFAULT_DB, FeedsFile, Settings, load_feeds_file
from pactwatch.http import FeedRequest, Fetched, Fetcher, HttpLimits
from pactwatch.notify import Channel, alert_channels, send
from pactwatch.pipeline import ArticleOutcome, FeedReport, backoff_until, build_article, next_feed_state
from pactwatch.run_report import run_report_markdown
from storage import AlertRow, FeedState, RunStats, Warehouse, utc_now


@dataclass(slots=True)
class RunSummary:
    """What a run did, for the CLI and for callers of the flow."""

    run_id: str
    db: str
    feeds: list[FeedReport]
    articles_new: int = 0
    articles_failed: int = 0
    mentions_new: int = 0
    mentions_by_relation: dict[str, int] = field(default_factory=dict)
    alerts_new: list[AlertRow] = field(default_factory=list)
    alerts_pending: int = 0
    delivery_errors: list[str] = field(default_factory=list)


@dataclass(slots=True)
class RunContext:
    """What every task of one run shares."""

    settings: Settings
    db: str
    run_id: str
    started: datetime
    channels: list[Channel]
    limits: HttpLimits


def begin_run(db: str, notify: list[str] | None, more_notify: list[str] | None = None) -> RunContext:
    """Settings, a new run id, the validated alert channels (flag, feeds file, environment)
    and the HTTP limits."""
    settings = Settings()
    return RunContext(settings, str(Path(db)), uuid.uuid4().hex[:16], utc_now(),
                      alert_channels(settings, notify, more_notify), http_limits(settings))


def http_limits(settings: Settings) -> HttpLimits:
    return HttpLimits(
        user_agent=settings.user_agent, timeout_s=settings.timeout_s, max_redirects=settings.max_redirects,
        concurrency=settings.concurrency, per_host_concurrency=settings.per_host_concurrency,
        max_feed_bytes=settings.max_feed_bytes, max_page_bytes=settings.max_page_bytes,
        retries=settings.retries, retry_delay_s=settings.retry_delay_s,
    )


@task(cache_policy=NO_CACHE)
def load_feeds(feeds_file: str) -> FeedsFile:
    return load_feeds_file(feeds_file)


@task(cache_policy=NO_CACHE)
def open_run(db: str, run_id: str, feed_urls: list[str]) -> dict[str, FeedState]:
    """Migrate the warehouse, record the run, and read the feeds' polling state."""
    warehouse = Warehouse(db)
    warehouse.migrate()
    warehouse.start_run(run_id, str(flow_run.id) if flow_run.id else None)
    return warehouse.feed_states(feed_urls)


def network_timeout_s(requests: int, limits: HttpLimits) -> float:
    """A task timeout no healthy batch can reach: every request of the batch, one host
    at a time, with all its retries, timing out (a safety net for a hung run)."""
    rounds = math.ceil(max(requests, 1) / limits.per_host_concurrency) + 1  # robots.txt first
    per_request = (limits.retries + 1) * limits.timeout_s + limits.retry_delay_s * (2 ** limits.retries)
    return rounds * per_request + 60


def outbound_slot(global_limit: str | None) -> AbstractContextManager[None]:
    """A slot of the Prefect global concurrency limit that the network tasks of all
    runs share (`PACTWATCH_GLOBAL_LIMIT`), when one is configured."""
    return concurrency(global_limit, occupy=1, strict=True) if global_limit else nullcontext()


@task(cache_policy=NO_CACHE)
def poll_feeds(requests: list[FeedRequest], limits: HttpLimits, global_limit: str | None = None) -> list[Fetched]:
    async def poll() -> list[Fetched]:
        async with Fetcher(limits) as fetcher:
            return await fetcher.feeds(requests)

    with outbound_slot(global_limit):
        return asyncio.run(poll())


@task(cache_policy=NO_CACHE)
def parse_feeds(
    feeds: FeedsFile, polls: dict[str, Fetched], states: dict[str, FeedState], failing_after: int
) -> tuple[list[FeedEntry], list[FeedReport], list[FeedState]]:
    """Parse every polled feed; update each feed's state and report. Feeds absent
    from `polls` were backed off after repeated failures."""
    logger = get_run_logger()
    now = utc_now()
    entries: list[FeedEntry] = []
    reports: list[FeedReport] = []
    new_states: list[FeedState] = []
    for spec in feeds.feeds:
        fetched = polls.get(spec.url)
        if fetched is None:
            state = states[spec.url]
            new_states.append(state)
            resume = backoff_until(state, failing_after)
            reports.append(FeedReport(spec.url, state.name, "backed off", error=state.last_error,
                                      warning=f"failing {state.consecutive_failures} polls in a row; "
                                              f"next poll after {resume:%Y-%m-%d %H:%M} UTC"))
            continue
        parsed = None
        if fetched.body is not None:
            parsed = parse_feed(fetched.body, spec.url, fetched.content_type)
        state = next_feed_state(states[spec.url], fetched, parsed, now)
        state.name = spec.name or (parsed.title if parsed else None) or state.name
        new_states.append(state)
        if state.last_error:
            logger.warning("feed=%s status=failed reason=%r failures=%d", spec.url, state.last_error,
                           state.consecutive_failures)
            failing = state.consecutive_failures >= failing_after
            reports.append(FeedReport(
                spec.url, state.name, "failed", error=state.last_error,
                warning=f"failing {state.consecutive_failures} polls in a row" if failing else None))
        elif fetched.not_modified:
            logger.info("feed=%s status=not-modified", spec.url)
            reports.append(FeedReport(spec.url, state.name, "not modified"))
        else:
            assert parsed is not None
            logger.info("feed=%s status=ok entries=%d", spec.url, len(parsed.entries))
            entries.extend(parsed.entries)
            reports.append(FeedReport(spec.url, state.name, "ok", entries=len(parsed.entries),
                                      warning=parsed.warning))
    return entries, reports, new_states


@task(cache_policy=NO_CACHE)
def select_new_entries(db: str, entries: list[FeedEntry], max_attempts: int) -> list[tuple[FeedEntry, int]]:
    """Entries not yet stored (by normalised URL or guid), plus earlier failures to retry."""
    warehouse = Warehouse(db)
    unique = list({e.url_normalized: e for e in reversed(entries)}.values())[::-1]
    unseen = warehouse.unseen([(e.url_normalized, e.guid) for e in unique])
    pending = {p.url: p for p in warehouse.pending_articles(max_attempts)}
    selected = [(e, pending[e.url_normalized].attempts if e.url_normalized in pending else 0)
                for e in unique if e.url_normalized in unseen]
    chosen = {e.url_normalized for e, _ in selected}
    for url, item in pending.items():
        if url not in chosen:
            selected.append((FeedEntry.from_dict(item.entry), item.attempts))
    return selected


@task(cache_policy=NO_CACHE)
def fetch_articles(urls: list[str], limits: HttpLimits, global_limit: str | None = None) -> list[Fetched]:
    async def fetch() -> list[Fetched]:
        async with Fetcher(limits) as fetcher:
            return await fetcher.pages(urls)

    with outbound_slot(global_limit):
        return asyncio.run(fetch())


@task(cache_policy=NO_CACHE)
def build_articles(items: list[tuple[FeedEntry, int]], pages: list[Fetched], max_attempts: int) -> list[ArticleOutcome]:
    """Clean each page and extract its mentions (pure CPU work, one task per batch)."""
    now = utc_now()
    return [build_article(entry, page, attempts, max_attempts, now)
            for (entry, attempts), page in zip(items, pages, strict=True)]


@task(cache_policy=NO_CACHE)
def store_articles(db: str, run_id: str, outcomes: list[ArticleOutcome]) -> tuple[int, int]:
    articles = [o.article for o in outcomes if o.article]
    mentions = [m for o in outcomes for m in o.mentions]
    failures = [o.failure for o in outcomes if o.failure]
    candidates = alert_candidates(articles, mentions)
    added = Warehouse(db).store_batch(run_id, articles, mentions, failures, candidates)
    logger = get_run_logger()
    for failure in failures:
        then = "retried next run" if failure.transient else "feed summary kept"
        logger.warning("article=%s status=failed reason=%r (%s)", failure.url, failure.reason, then)
    return added


@task(cache_policy=NO_CACHE)
def close_run(db: str, run_id: str, stats: RunStats, states: list[FeedState]) -> dict[str, int]:
    warehouse = Warehouse(db)
    warehouse.finish_run(run_id, stats, states)
    return warehouse.mentions_by_relation(run_id)


@task(cache_policy=NO_CACHE)
def deliver_alerts(db: str, notify: list[Channel]) -> tuple[int, list[str]]:
    """Send every undelivered alert to each channel that has not had it (after commit).

    A channel that fails keeps the alert pending for the next run; channels that
    accepted it are not sent it again. Returns (alerts still pending, errors).
    """
    warehouse = Warehouse(db)
    errors: list[str] = []
    pending = warehouse.alerts(pending_only=True)
    if not notify:
        return len(pending), errors
    still_pending = 0
    delivered = warehouse.delivered_channels([alert.alert_id for alert in pending])
    for alert in reversed(pending):  # oldest first
        message = describe(alert)
        body = f"{message}\n\n“{alert.sentence}”" if alert.sentence else message
        done = delivered.get(alert.alert_id, set())
        failed = []
        for channel in notify:
            if channel.key in done:
                continue
            error = send(channel, "pactwatch alert", body)
            if error:
                failed.append(error)
            else:
                warehouse.record_delivery(alert.alert_id, channel.key, channel.name)
        warehouse.finish_delivery(alert.alert_id, message, "; ".join(failed) or None)
        if failed:
            still_pending += 1
            errors.extend(failed)
    if errors:
        get_run_logger().warning("alerts pending=%d errors=%r", still_pending, errors[:3])
    return still_pending, errors


@task(cache_policy=NO_CACHE)
def announce_alerts(alerts: list[AlertRow]) -> None:
    """A Prefect event per new alert (for Automations) and a markdown artifact for the run."""
    for alert in alerts:
        emit_event(
            event=f"pactwatch.alert.{alert.kind}",
            resource={"prefect.resource.id": f"pactwatch.grouping.{'-'.join(alert.actors)}",
                      "prefect.resource.name": ", ".join(alert.actors)},
            payload={"alert_id": alert.alert_id, "actors": alert.actors, "relation": alert.relation,
                     "headline": alert.headline, "url": alert.url, "outlet": alert.outlet,
                     "sentence": alert.sentence},
        )
    create_markdown_artifact(
        key="pactwatch-alerts", markdown=alerts_markdown(alerts), description="Alerts raised by this run"
    )


@flow(
    name="nightly_ingest",
    description="Poll feeds, fetch and clean new articles, extract mentions, store them, deliver alerts.",
    timeout_seconds=6 * 3600,  # a stuck run must not block the next night's
)
def nightly_ingest(feeds_file: str = "feeds.yaml", db: str = str(DEFAULT_DB), notify: list[str] | None = None) -> RunSummary:
    """One ingestion run over the feeds file into the warehouse; alerts go to `notify`
    plus the feeds file's and $PACTWATCH_NOTIFY's Apprise URLs."""
    feeds = load_feeds(feeds_file)
    run = begin_run(db, notify, feeds.notify)
    settings, started = run.settings, run.started
    states = open_run(run.db, run.run_id, [f.url for f in feeds.feeds])
    due = [f for f in feeds.feeds if (backoff_until(states[f.url], settings.failing_after) or started) <= started]
    requests = [FeedRequest(f.url, states[f.url].etag, states[f.url].last_modified) for f in due]
    limits = run.limits
    polling = poll_feeds.with_options(timeout_seconds=network_timeout_s(len(requests), limits))
    polls = dict(zip([f.url for f in due], polling(requests, limits, settings.global_limit), strict=True))
    entries, reports, new_states = parse_feeds(feeds, polls, states, settings.failing_after)
    selected = select_new_entries(run.db, entries, settings.max_fetch_attempts)
    stats = RunStats(
        feeds_ok=sum(r.status == "ok" for r in reports),
        feeds_failed=sum(r.status in ("failed", "backed off") for r in reports),
        feeds_unchanged=sum(r.status == "not modified" for r in reports),
    )
    return ingest_selected(run, selected, reports, new_states, stats)


def ingest_selected(
    run: RunContext,
    selected: list[tuple[FeedEntry, int]],
    reports: list[FeedReport],
    new_states: list[FeedState],
    stats: RunStats,
) -> RunSummary:
    """Fetch, clean, extract and store the selected entries in batches, close the run,
    then announce and deliver its alerts. Called inside a flow."""
    logger = get_run_logger()
    settings, db, run_id, limits = run.settings, run.db, run.run_id, run.limits
    new_by_feed: Counter[str] = Counter()
    for start in range(0, len(selected), settings.batch_size):
        batch = selected[start:start + settings.batch_size]
        fetching = fetch_articles.with_options(timeout_seconds=network_timeout_s(len(batch), limits))
        pages = fetching([entry.link for entry, _ in batch], limits, settings.global_limit)
        outcomes = build_articles(batch, pages, settings.max_fetch_attempts)
        added_articles, added_mentions = store_articles(db, run_id, outcomes)
        stats.articles_new += added_articles
        stats.mentions_new += added_mentions
        stats.articles_failed += sum(o.article is None for o in outcomes)  # to retry next run
        new_by_feed.update(o.article.feed_url for o in outcomes if o.article and o.article.feed_url)
    for state in new_states:
        state.articles_new_total += new_by_feed[state.feed_url]
    for report in reports:
        report.new_articles = new_by_feed[report.url]
    by_relation = close_run(db, run_id, stats, new_states)
    new_alerts = Warehouse(db).alerts(since=run.started)
    announce_alerts(new_alerts)
    pending, delivery_errors = deliver_alerts(db, run.channels)
    logger.info(
        "run=%s feeds_ok=%d feeds_failed=%d articles_new=%d mentions_new=%d alerts_new=%d alerts_pending=%d",
        run_id, stats.feeds_ok, stats.feeds_failed, stats.articles_new, stats.mentions_new, len(new_alerts), pending,
    )
    summary = RunSummary(run_id, db, reports, stats.articles_new, stats.articles_failed, stats.mentions_new,
                         by_relation, new_alerts, pending, delivery_errors)
    create_markdown_artifact(key="pactwatch-run-report", markdown=run_report_markdown(summary),
                             description="Feeds, new articles, mentions by relation and alerts of this run")
    return summary


@flow(name="ingest_urls", description="Fetch, clean, extract and store the given article URLs (a reading list).")
def ingest_urls(urls: list[str], db: str = str(DEFAULT_DB), notify: list[str] | None = None) -> RunSummary:
    """The nightly path for article URLs given directly instead of feeds."""
    run = begin_run(db, notify)
    open_run(run.db, run.run_id, [])
    entries = [article_entry(url) for url in urls]
    selected = select_new_entries(run.db, entries, run.settings.max_fetch_attempts)
    return ingest_selected(run, selected, [], [], RunStats())


@task(cache_policy=NO_CACHE)
def read_sitemaps(sitemap_url: str, limits: HttpLimits, max_sitemaps: int = 50) -> tuple[list[FeedEntry], list[str]]:
    """Follow a sitemap (and the sitemaps an index lists, up to `max_sitemaps`); return entries and problems."""
    async def crawl() -> tuple[list[FeedEntry], list[str]]:
        entries: list[FeedEntry] = []
        problems: list[str] = []
        queue, seen = [sitemap_url], set()
        async with Fetcher(limits) as fetcher:
            while queue and len(seen) < max_sitemaps:
                url = queue.pop(0)
                if url in seen:
                    continue
                seen.add(url)
                (fetched,) = await fetcher.feeds([FeedRequest(url)])
                if fetched.body is None:
                    problems.append(f"{url}: {fetched.error}")
                    continue
                sitemap = parse_sitemap(fetched.body, url)
                if sitemap.problem:
                    problems.append(f"{url}: {sitemap.problem}")
                entries.extend(sitemap.entries)
                queue.extend(sitemap.children)
        return entries, problems

    return asyncio.run(crawl())


@flow(name="backfill_sitemap", description="Ingest the articles a news sitemap lists, optionally since a date.")
def backfill_sitemap(sitemap_url: str, db: str = str(DEFAULT_DB), since: str | None = None,
                     notify: list[str] | None = None) -> RunSummary:
    """Articles older than the feeds' window, from a sitemap, through the nightly path."""
    run = begin_run(db, notify)
    open_run(run.db, run.run_id, [])
    entries, problems = read_sitemaps(sitemap_url, run.limits)
    cutoff = datetime.fromisoformat(since) if since else None
    if cutoff is not None:
        entries = [e for e in entries if e.published is not None and e.published >= cutoff]
    selected = select_new_entries(run.db, entries, run.settings.max_fetch_attempts)
    report = FeedReport(sitemap_url, "sitemap", "failed" if problems and not entries else "ok",
                        entries=len(entries), error="; ".join(problems) or None)
    stats = RunStats(feeds_ok=int(report.status == "ok"), feeds_failed=int(report.status == "failed"))
    return ingest_selected(run, selected, [report], [], stats)
