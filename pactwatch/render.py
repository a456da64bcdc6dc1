"""Rich output for the CLI: run summaries and query results."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.console import Console
from rich.markup import escape
from rich.table import Table

from pactwatch.alerting import describe
from storage import AlertRow, FeedState, QueryResult

if TYPE_CHECKING:
    from flows.nightly import RunSummary
    from pactwatch.config import FeedSpec

_STATUS_STYLE = {"ok": "green", "not modified": "cyan", "failed": "red", "backed off": "magenta"}


def print_run_summary(console: Console, summary: RunSummary) -> None:
    feeds = Table(title="Feeds", title_justify="left")
    for column in ("feed", "status", "entries", "new articles", "note"):
        feeds.add_column(column, overflow="fold")
    for report in summary.feeds:
        style = _STATUS_STYLE.get(report.status, "")
        feeds.add_row(
            escape(report.name or report.url), f"[{style}]{report.status}[/]", str(report.entries),
            str(report.new_articles), escape(report.note),
        )
    if summary.feeds:
        console.print(feeds)
    relations = Table(title="New mentions by relation", title_justify="left")
    relations.add_column("relation")
    relations.add_column("mentions", justify="right")
    for relation, count in summary.mentions_by_relation.items():
        relations.add_row(relation, str(count))
    if summary.mentions_by_relation:
        console.print(relations)
    console.print(
        f"New articles: [bold]{summary.articles_new}[/]   failed (retried next run): "
        f"[bold]{summary.articles_failed}[/]   new mentions: [bold]{summary.mentions_new}[/]"
    )
    if summary.alerts_new:
        print_alerts(console, summary.alerts_new, title="New alerts")
    console.print(
        f"Alerts: [bold]{len(summary.alerts_new)}[/] new, [bold]{summary.alerts_pending}[/] awaiting delivery"
        + (f" ({escape(summary.delivery_errors[0])})" if summary.delivery_errors else "")
    )
    console.print(f"Warehouse: [bold]{escape(summary.db)}[/]")
    console.print(
        f"Try: pactwatch sql \"select relation, count(*) from mentions group by 1\" --db {escape(summary.db)}",
        highlight=False,
    )


def print_query_result(console: Console, result: QueryResult, title: str | None = None) -> None:
    table = Table(title=title, title_justify="left")
    for column in result.columns:
        table.add_column(escape(column), overflow="fold")
    for row in result.rows:
        table.add_row(*(escape("" if value is None else str(value)) for value in row))
    console.print(table)
    console.print(f"{len(result.rows)} row(s)", style="dim")


def print_alerts(console: Console, alerts: list[AlertRow], title: str = "Alerts") -> None:
    """One block per alert: when, delivery state, reach, then the message and evidence."""
    console.print(f"[bold]{title}[/]")
    for alert in alerts:
        message = describe(alert)
        delivered = (f"[green]delivered {alert.delivered_at:%Y-%m-%d %H:%M}[/]" if alert.delivered_at
                     else f"[yellow]pending[/] {escape(alert.last_error or '')}")
        console.print(
            f"{alert.created_at:%Y-%m-%d %H:%M} UTC  {delivered}  "
            f"{alert.articles_count or 0} article(s), {alert.outlets_count or 0} outlet(s)", highlight=False
        )
        console.print(f"  {escape(message)}", highlight=False, soft_wrap=True)
        if alert.sentence:
            console.print(f"  [dim]“{escape(alert.sentence)}”[/]", highlight=False, soft_wrap=True)
    console.print(f"{len(alerts)} alert(s)", style="dim")


def print_feed_health(console: Console, listed: list[FeedSpec], health: dict[str, FeedState], failing_after: int) -> None:
    """The feeds of the feeds file with their polling health, failing ones first."""
    table = Table(title="Feeds", title_justify="left")
    for column in ("feed", "health", "last ok (UTC)", "fails in a row", "entries", "new/poll", "last error"):
        table.add_column(column, overflow="fold")
    rows = []
    for spec in listed:
        row = health.get(spec.url)
        if row is None or row.polls == 0:
            rows.append((-1, [escape(spec.name or spec.url), "[dim]never polled[/]", "", "", "", "", ""]))
            continue
        failures = row.consecutive_failures
        state = ("[red]failing[/]" if failures >= failing_after else "[yellow]failed[/]") if failures else "[green]ok[/]"
        last_ok = row.last_ok_at.strftime("%Y-%m-%d %H:%M") if row.last_ok_at else "never"
        new_per_poll = round(row.articles_new_total / row.polls, 2) or 0
        rows.append((failures, [escape(spec.name or row.name or spec.url), state, last_ok, str(failures),
                                str(row.entries_seen), str(new_per_poll), escape(row.last_error or "")]))
    for _, cells in sorted(rows, key=lambda r: -r[0]):
        table.add_row(*cells)
    console.print(table)
