"""Reads behind `pactwatch report` and `pactwatch export`, read-only over the analysis views."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

import duckdb

from storage.connection import connect
from storage.errors import WarehouseError

# Without --since, a report covers this many days up to the latest mention.
DEFAULT_WINDOW_DAYS = 90
# Rows of the country-relation heat map: the most active countries.
HEAT_COUNTRIES = 25


@dataclass(frozen=True, slots=True)
class Series:
    """Weekly mention counts of one grouping or dyad, every week of the window (0 where none)."""

    label: str  # "JPN-PHL-USA"
    weeks: list[date]
    mentions: list[int]


@dataclass(frozen=True, slots=True)
class NewGrouping:
    actors: list[str]
    relations: list[str]
    first_seen: date
    mentions: int
    articles: int
    outlets: int
    url: str | None
    title: str | None


@dataclass(frozen=True, slots=True)
class ReportData:
    since: date | None  # None: the warehouse has no mentions yet
    until: date | None
    groupings: list[Series]  # top actor sets of 3 or more countries by mentions in the window
    dyads: list[Series]  # top country pairs by mentions in the window
    new_groupings: list[NewGrouping]  # actor sets first seen in the window
    countries: list[str]  # heat map rows, most active first
    relations: list[str]  # heat map columns
    heat: list[list[int]]  # mentions per country (row) and relation (column)


# Weekly series of the `top` labels with the most mentions; `weekly` gives (label, week, n).
_TOP_WEEKLY = """
WITH weekly AS ({weekly}), top AS (
    SELECT label FROM weekly GROUP BY label ORDER BY sum(n) DESC, label LIMIT $top
)
SELECT label, list(week ORDER BY week), list(n ORDER BY week)
FROM weekly JOIN top USING (label) GROUP BY label ORDER BY sum(n) DESC, label
"""

_WEEKLY_GROUPINGS = _TOP_WEEKLY.format(weekly="""
    SELECT array_to_string(actors, '-') AS label, CAST(date_trunc('week', day) AS DATE) AS week, count(*) AS n
    FROM mention_facts
    WHERE modality <> 'historical' AND n_actors >= 3 AND day BETWEEN $since AND $until
    GROUP BY ALL
""")

_WEEKLY_DYADS = _TOP_WEEKLY.format(weekly="""
    SELECT actor_a || '-' || actor_b AS label, CAST(date_trunc('week', day) AS DATE) AS week, count(*) AS n
    FROM dyads WHERE day BETWEEN $since AND $until GROUP BY ALL
""")

_NEW_GROUPINGS = """
SELECT actors, relations, first_seen, mentions, articles, outlets, first_url, first_title
FROM groupings WHERE first_seen BETWEEN $since AND $until
ORDER BY n_actors DESC, articles DESC, first_seen, array_to_string(actors, '-') LIMIT $limit
"""

_HEAT = """
SELECT country, relation, sum(mentions)::BIGINT FROM country_activity
WHERE grain = 'month' AND period BETWEEN date_trunc('month', $since::DATE) AND $until
GROUP BY ALL
"""


def report_data(path: str | Path, since: date | None = None, top: int = 6, limit: int = 50) -> ReportData:
    """Everything the report shows, for mentions dated from `since` to the latest one."""
    with connect(path, read_only=True) as con:
        try:
            row = con.execute(
                "SELECT least(max(day), current_date) FROM mention_facts WHERE modality <> 'historical' "
                "HAVING count(*) > 0"
            ).fetchone()
            if row is None:
                return ReportData(None, None, [], [], [], [], [], [])
            latest: date = row[0]
            start = since or latest - timedelta(days=DEFAULT_WINDOW_DAYS)
            window = {"since": start, "until": latest, "top": top}
            groupings = _weekly(con.execute(_WEEKLY_GROUPINGS, window).fetchall(), start, latest)
            dyads = _weekly(con.execute(_WEEKLY_DYADS, window).fetchall(), start, latest)
            new = [
                NewGrouping(*row)
                for row in con.execute(
                    _NEW_GROUPINGS, {"since": start, "until": latest, "limit": limit}
                ).fetchall()
            ]
            cells = con.execute(_HEAT, {"since": start, "until": latest}).fetchall()
        except duckdb.Error as error:
            raise WarehouseError(f"reading the report from {path} failed: {error}") from error
    totals: dict[str, int] = {}
    for country, _, n in cells:
        totals[country] = totals.get(country, 0) + n
    countries = sorted(totals, key=lambda c: (-totals[c], c))[:HEAT_COUNTRIES]
    relations = sorted({relation for _, relation, _ in cells})
    index = {(c, r): n for c, r, n in cells}
    heat = [[index.get((c, r), 0) for r in relations] for c in countries]
    return ReportData(start, latest, groupings, dyads, new, countries, relations, heat)


def _weekly(rows: list[tuple[str, list[date], list[int]]], start: date, end: date) -> list[Series]:
    """Series over every Monday from `start`'s week to `end`, with 0 for weeks without mentions."""
    monday = start - timedelta(days=start.weekday())
    weeks = [monday + timedelta(weeks=i) for i in range((end - monday).days // 7 + 1)]
    series = []
    for label, days, counts in rows:
        by_week = dict(zip(days, counts, strict=True))
        series.append(Series(label, weeks, [by_week.get(week, 0) for week in weeks]))
    return series


def export_parquet(path: str | Path, out: str | Path) -> int:
    """Write mentions with their article's url, title and outlet as Parquet under `out`,
    partitioned by month (`out/month=2024-04/data_0.parquet`); return the rows written."""
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    with connect(path, read_only=True) as con:
        try:
            rows = con.execute(
                f"""
                COPY (
                    SELECT m.*, f.outlet, f.url, f.title, strftime(f.day, '%Y-%m') AS month
                    FROM mentions m JOIN mention_facts f USING (mention_id)
                ) TO '{_quoted(out)}' (FORMAT parquet, PARTITION_BY (month), OVERWRITE_OR_IGNORE)
                """
            ).fetchone()
        except duckdb.Error as error:
            raise WarehouseError(f"exporting {path} to {out} failed: {error}") from error
    return int(rows[0]) if rows else 0


def _quoted(path: Path) -> str:
    """A path as the inside of a SQL string literal (COPY takes no parameter for its target)."""
    return str(path).replace("'", "''")
