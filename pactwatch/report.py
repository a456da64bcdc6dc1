"""The HTML report: trend lines, new groupings and a country-relation heat map, with PNGs beside it."""

from __future__ import annotations

import base64
import html
from pathlib import Path

import matplotlib

matplotlib.use("Agg")  # renders to files, no display needed

import matplotlib.pyplot as plt  # noqa: E402 (the backend must be chosen first)
from matplotlib.figure import Figure  # noqa: E402

from storage.reports import NewGrouping, ReportData, Series  # noqa: E402

_STYLE = """
body { font-family: system-ui, sans-serif; margin: 2em auto; max-width: 72em; color: #222; }
table { border-collapse: collapse; }
td, th { padding: .25em .6em; border-bottom: 1px solid #ddd; text-align: left; }
td.n { text-align: right; } img { max-width: 100%; }
"""


def build_report(data: ReportData, out: Path) -> Path:
    """Write report.html (images embedded) and its PNGs into `out`; return the HTML file."""
    out.mkdir(parents=True, exist_ok=True)
    charts = {
        "groupings.png": _trend_chart(data.groupings, "Top groupings (3+ countries): mentions per week"),
        "dyads.png": _trend_chart(data.dyads, "Top country pairs: mentions per week"),
        "heatmap.png": _heat_chart(data),
    }
    images = {}
    for name, figure in charts.items():
        figure.savefig(out / name, dpi=110)
        plt.close(figure)
        images[name] = base64.b64encode((out / name).read_bytes()).decode("ascii")
    window = f"{data.since} to {data.until}" if data.since else "no mentions yet"
    sections = [
        "<h1>pactwatch report</h1>",
        f"<p>Mentions dated {html.escape(window)} (historical background left out).</p>",
        *(
            f'<h2>{alt}</h2><img alt="{alt}" src="data:image/png;base64,{images[name]}">'
            for name, alt in (("groupings.png", "Top groupings"), ("dyads.png", "Top country pairs"))
        ),
        f"<h2>New groupings ({len(data.new_groupings)})</h2>{_new_groupings_table(data.new_groupings)}",
        (
            '<h2>Countries and relations</h2><img alt="Country-relation heat map" '
            f'src="data:image/png;base64,{images["heatmap.png"]}">'
        ),
    ]
    page = (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><title>pactwatch report</title>'
        f"<style>{_STYLE}</style></head><body>\n" + "\n".join(sections) + "\n</body></html>\n"
    )
    report = out / "report.html"
    report.write_text(page, encoding="utf-8")
    return report


def _trend_chart(series: list[Series], title: str) -> Figure:
    figure, axes = plt.subplots(figsize=(10, 4), layout="constrained")
    for line in series:
        axes.plot(line.weeks, line.mentions, marker="o", label=line.label)
    if series:
        axes.legend(fontsize="small", loc="upper left")
    else:
        axes.text(0.5, 0.5, "no mentions in this window", ha="center", transform=axes.transAxes)
    axes.set_title(title)
    axes.set_ylabel("mentions")
    return figure


def _heat_chart(data: ReportData) -> Figure:
    figure, axes = plt.subplots(figsize=(10, 1.5 + 0.35 * len(data.countries)), layout="constrained")
    if data.countries:
        image = axes.imshow(data.heat, cmap="Blues", aspect="auto")
        axes.set_xticks(range(len(data.relations)), data.relations, rotation=30, ha="right")
        axes.set_yticks(range(len(data.countries)), data.countries)
        for row, counts in enumerate(data.heat):
            for column, count in enumerate(counts):
                if count:
                    axes.text(column, row, str(count), ha="center", va="center", fontsize="x-small")
        figure.colorbar(image, ax=axes, label="mentions")
    axes.set_title("Mentions per country and relation (months overlapping the window)")
    return figure


def _new_groupings_table(rows: list[NewGrouping]) -> str:
    if not rows:
        return "<p>None in this window.</p>"
    head = (
        "<tr><th>countries</th><th>relations</th><th>first seen</th><th>mentions</th><th>articles</th>"
        "<th>outlets</th><th>first report</th></tr>"
    )
    body = "".join(
        f"<tr><td>{html.escape(', '.join(row.actors))}</td><td>{html.escape(', '.join(row.relations))}</td>"
        f'<td>{row.first_seen}</td><td class="n">{row.mentions}</td><td class="n">{row.articles}</td>'
        f'<td class="n">{row.outlets}</td><td>{_link(row.url, row.title)}</td></tr>'
        for row in rows
    )
    return f"<table>{head}{body}</table>"


def _link(url: str | None, title: str | None) -> str:
    """A link to the article; only http(s) URLs become links (no javascript: from a feed)."""
    text = html.escape(title or url or "")
    if url and url.lower().startswith(("http://", "https://")):
        return f'<a href="{html.escape(url)}">{text}</a>'
    return text
