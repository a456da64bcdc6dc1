"""`pactwatch serve`: run the nightly flow on its schedule without a work pool or worker."""

from __future__ import annotations

import os
from typing import Annotated

import typer

from pactwatch.cli_common import DbOption, FeedsOption, NotifyOption, check_channels, fail
from pactwatch.config import ConfigError, Settings, load_feeds_file
from pactwatch.quiet import APPLIED

NIGHTLY_CRON = "0 2 * * *"
NO_SERVER = (
    "PREFECT_API_URL is not set; `pactwatch serve` needs a running Prefect server: "
    "run `prefect server start`, then `export PREFECT_API_URL=http://127.0.0.1:4200/api`"
)

def serve(
    feeds: FeedsOption = None,
    db: DbOption = None,
    cron: Annotated[str, typer.Option("--cron", help="When to run, a cron expression in UTC.")] = NIGHTLY_CRON,
    notify: NotifyOption = None,
) -> None:
    """Serve the ingestion flow as the `nightly-ingest` deployment and run it on schedule until stopped.

    Needs a running Prefect server (PREFECT_API_URL). Runs execute in subprocesses of
    this command; stopping it (Ctrl+C) pauses the deployment until it serves again.

    Example: `pactwatch serve --feeds feeds.yaml --db data/pactwatch.duckdb --cron "0 2 * * *"`
    """
    from prefect.client.orchestration import get_client
    from prefect.schedules import Cron
    from prefect.settings import get_current_settings
    from prefect.types.entrypoint import EntrypointType

    api_url = get_current_settings().api.url
    if not api_url:
        raise fail(NO_SERVER)
    settings = Settings()
    feeds_path = (feeds or settings.feeds).resolve()
    try:
        feeds_file = load_feeds_file(feeds_path)
    except ConfigError as error:
        raise fail(str(error)) from None
    check_channels(settings, notify, feeds_file.notify)
    try:
        schedule = Cron(cron, timezone="UTC")
    except ValueError as error:
        raise fail(f"--cron: {error}") from None
    with get_client(sync_client=True) as client:
        unreachable = client.api_healthcheck()
    if unreachable is not None:
        raise fail(f"cannot reach the Prefect server at {api_url} ({unreachable}); is `prefect server start` running?")

    from flows.nightly import nightly_ingest

    if "PREFECT_LOGGING_LEVEL" in APPLIED:
        # Served runs inherit this environment: without this, their logs would miss the UI
        # (a level the user set is kept).
        os.environ["PREFECT_LOGGING_LEVEL"] = "INFO"
    nightly_ingest.serve(
        name="nightly-ingest",
        schedules=[schedule],
        parameters={"feeds_file": str(feeds_path), "db": str((db or settings.db).resolve()), "notify": notify or []},
        tags=["pactwatch", "ingest", "served"],
        entrypoint_type=EntrypointType.MODULE_PATH,
    )


def register(app: typer.Typer) -> None:
    """Add the `serve` command to the pactwatch CLI."""
    app.command()(serve)
