"""The run report: the figures of one run as markdown, for the Prefect UI."""

from __future__ import annotations

from typing import TYPE_CHECKING

from pactwatch.alerting import alerts_markdown, md_escape

if TYPE_CHECKING:
    from flows.nightly import RunSummary


def run_report_markdown(summary: RunSummary) -> str:
    """Feeds ok/failed, new articles, mentions by relation and alerts of one run."""
    ok = sum(r.status in ("ok", "not modified") for r in summary.feeds)
    lines = [
        f"# pactwatch run {summary.run_id}",
        "",
        f"**{ok}** feeds ok, **{len(summary.feeds) - ok}** failed; **{summary.articles_new}** new articles "
        f"({summary.articles_failed} to retry); **{summary.mentions_new}** new mentions; "
        f"**{len(summary.alerts_new)}** new alerts, {summary.alerts_pending} awaiting delivery.",
        "",
        "| feed | status | entries | new articles | note |",
        "|---|---|---:|---:|---|",
    ]
    for report in summary.feeds:
        lines.append(f"| {md_escape(report.name or report.url)} | {report.status} | {report.entries} | "
                     f"{report.new_articles} | {md_escape(report.note)} |")
    if summary.mentions_by_relation:
        lines += ["", "| relation | new mentions |", "|---|---:|"]
        lines += [f"| {relation} | {count} |" for relation, count in summary.mentions_by_relation.items()]
    lines += ["", alerts_markdown(summary.alerts_new).replace("# pactwatch alerts", "## Alerts", 1)]
    return "\n".join(lines)
