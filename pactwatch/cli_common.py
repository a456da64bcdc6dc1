"""What the `pactwatch` command modules share: the error exit, common options, channel checks."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.console import Console

from pactwatch.config import ConfigError, Settings
from pactwatch.notify import alert_channels

err_console = Console(stderr=True)

DbOption = Annotated[
    Optional[Path],  # noqa: UP045 (typer needs Optional)
    typer.Option("--db", help="Warehouse file [default: data/pactwatch.duckdb, or $PACTWATCH_DB]."),
]
FeedsOption = Annotated[
    Optional[Path],  # noqa: UP045
    typer.Option("--feeds", help="Feeds file (YAML) [default: feeds.yaml, or $PACTWATCH_FEEDS]."),
]
NotifyOption = Annotated[
    Optional[list[str]],  # noqa: UP045
    typer.Option("--notify", help="Apprise URL for alerts (json://, slack://, mailto://...); repeatable."),
]


def fail(message: str, code: int = 2) -> typer.Exit:
    """Print `message` as an error and return the exit to raise."""
    err_console.print(f"[bold red]error:[/] {message}", highlight=False, soft_wrap=True)
    return typer.Exit(code)


def check_channels(settings: Settings, *url_lists: Iterable[str] | None) -> None:
    """Refuse to start a run whose alert URLs (flags, feeds file, environment) are unusable."""
    try:
        alert_channels(settings, *url_lists)
    except ConfigError as error:
        raise fail(str(error)) from None
