"""The `report` and `export` commands, added to the `pactwatch` app by `register(app)`."""

from __future__ import annotations

from datetime import date
from enum import Enum
from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.console import Console

from pactwatch.cli_common import DbOption, fail
from pactwatch.config import Settings
from storage import WarehouseError

REPORT_DIR = Path("report")


class ExportFormat(str, Enum):
    parquet = "parquet"


def report(
    db: DbOption = None,
    since: Annotated[
        Optional[str],  # noqa: UP045
        typer.Option(help="First day covered (YYYY-MM-DD) [default: 90 days before the latest mention]."),
    ] = None,
    out: Annotated[Path, typer.Option("--out", help="Directory for report.html and its PNGs.")] = REPORT_DIR,
) -> None:
    """Write an HTML report (self-contained) and PNG charts: trends of the top groupings and
    country pairs, new groupings with links, and a country-relation heat map.

    Example: `pactwatch report --since 2024-04-01 --out report/ && open report/report.html`
    """
    from pactwatch.report import build_report
    from storage.reports import report_data

    try:
        since_day = date.fromisoformat(since) if since else None
    except ValueError:
        raise fail(f"--since must be YYYY-MM-DD, got {since!r}") from None
    try:
        page = build_report(report_data(db or Settings().db, since=since_day), out)
    except WarehouseError as error:
        raise fail(str(error), 1) from None
    except OSError as error:
        raise fail(f"cannot write the report to {out}: {error.strerror}", 1) from None
    Console().print(f"Report: [bold]{page}[/]", highlight=False)


def export(
    out: Annotated[Path, typer.Option("--out", help="Directory to write into (month=YYYY-MM/ partitions).")],
    db: DbOption = None,
    format: Annotated[  # noqa: A002 (the option's name)
        ExportFormat, typer.Option("--format", help="Output format.")
    ] = ExportFormat.parquet,
) -> None:
    """Export mentions, with their article's url, title and outlet, as Parquet partitioned by month.

    Example: `pactwatch export --format parquet --out export/`
    (then: `select month, count(*) from 'export/**/*.parquet' group by 1`)
    """
    from storage.reports import export_parquet

    try:
        rows = export_parquet(db or Settings().db, out)
    except WarehouseError as error:
        raise fail(str(error), 1) from None
    except OSError as error:
        raise fail(f"cannot write to {out}: {error.strerror}", 1) from None
    Console().print(f"Exported {rows} mentions as {format.value} to [bold]{out}[/]", highlight=False)


def register(app: typer.Typer) -> None:
    """Add `report` and `export` to the command line."""
    app.command()(report)
    app.command()(export)
