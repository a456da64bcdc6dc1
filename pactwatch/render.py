"""Rich output for the CLI: run summaries and query results."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.console import Console
from rich.markup import escape
from rich.table import Table

from pactwatch.alerting import describe
from storage import AlertRow, QueryResult

if TYPE_CHECKING:
    from flows.nightly import RunSummary

_STATUS_STYLE = {"ok": "green", "not modified": "cyan", "failed": "red"}


def print_run_summary(console: Console, summary: RunSummary) -> None:
    feeds = Table(title="Feeds", title_justify="left")
    for column in ("feed", "status", "entries", "new articles", "note"):
        feeds.add_column(column, overflow="fold")
    for report in summary.feeds:
        style = _STATUS_STYLE.get(report.status, "")
        feeds.add_row(
            escape(report.name or report.url), f"[{style}]{report.status}[/]", str(report.entries),
            str(report.new_articles), escape(report.error or report.warning or ""),
        )
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
        message = describe(alert.kind, alert.actors, alert.relation, alert.headline, alert.outlet, alert.url,
                           alert.previous_relation)
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
