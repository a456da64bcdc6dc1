"""The `pactwatch` command line (CONTRACT.md: run, demo, extract, sql, alerts)."""

from __future__ import annotations

from pactwatch.quiet import apply_quiet_defaults

apply_quiet_defaults()

import csv  # noqa: E402 (Prefect's environment must be set first)
import io  # noqa: E402
import json  # noqa: E402
import sys  # noqa: E402
import tempfile  # noqa: E402
from datetime import date, datetime  # noqa: E402
from enum import Enum  # noqa: E402
from pathlib import Path  # noqa: E402
from typing import Annotated, Any, Optional  # noqa: E402

import typer  # noqa: E402
from pydantic import ValidationError  # noqa: E402
from rich.console import Console  # noqa: E402
from rich.markup import escape  # noqa: E402

from pactwatch.cli_common import DbOption, FeedsOption, NotifyOption, check_channels, err_console, fail  # noqa: E402
from pactwatch.config import ConfigError, Settings, load_feeds_file  # noqa: E402
from pactwatch.render import print_alerts, print_feed_health, print_query_result, print_run_summary  # noqa: E402
from storage import WarehouseError, run_read_query  # noqa: E402

app = typer.Typer(
    help="Watch security relationships between countries form and shift in the news.",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode="markdown",
)
console = Console()


class OutputFormat(str, Enum):
    table = "table"
    csv = "csv"
    json = "json"


def _db(db: Path | None) -> Path:
    return db or Settings().db


@app.command()
def run(
    feeds: FeedsOption = None,
    db: DbOption = None,
    notify: NotifyOption = None,
) -> None:
    """One ingestion run: the same Prefect flow as the nightly deployment.

    Example: `pactwatch run --feeds feeds.yaml --db data/pactwatch.duckdb --notify json://127.0.0.1:8080/hook`
    """
    settings = Settings()
    feeds_path = feeds or settings.feeds
    try:
        feeds_file = load_feeds_file(feeds_path)
    except ConfigError as error:
        raise fail(str(error)) from None
    check_channels(settings, notify, feeds_file.notify)
    _run_flow(str(feeds_path), db or settings.db, notify or [])


@app.command()
def demo(
    db: DbOption = None,
    notify: NotifyOption = None,
    port: Annotated[int, typer.Option(help="Loopback port of the demo site; fixed so reruns see the same URLs.")] = 8765,
) -> None:
    """Run the real flow over the bundled sample feeds, served on 127.0.0.1 (no network needed).

    Example: `pactwatch demo && pactwatch sql "select relation, count(*) from mentions group by 1"`
    """
    from pactwatch.demo import DemoSite

    check_channels(Settings(), notify)
    try:
        site = DemoSite(port=port)
    except OSError as error:
        raise fail(f"cannot serve the demo on 127.0.0.1:{port} ({error.strerror}); try --port 0") from None
    with site, tempfile.TemporaryDirectory(prefix="pactwatch-demo-") as tmp:
        console.print(f"Demo site serving 3 feeds at [bold]{site.base_url}[/]")
        feeds_file = site.write_feeds_file(Path(tmp))
        _run_flow(str(feeds_file), _db(db), notify or [])


def _run_flow(feeds_file: str, db: Path, notify: list[str]) -> None:
    from flows.nightly import nightly_ingest

    try:
        summary = nightly_ingest(feeds_file=feeds_file, db=str(db), notify=notify)
    except (ConfigError, WarehouseError) as error:
        raise fail(str(error), 1) from None
    print_run_summary(console, summary)


@app.command()
def ingest(
    urls: Annotated[Optional[list[str]], typer.Argument(help="Article URLs.")] = None,  # noqa: UP045
    file: Annotated[Optional[Path], typer.Option("--file", help="A reading list: one URL a line; # starts a comment.")] = None,  # noqa: UP045
    db: DbOption = None,
    notify: NotifyOption = None,
) -> None:
    """Fetch, clean, extract and store given article URLs: the nightly path without feeds.

    Example: `pactwatch ingest https://example.org/news/japan-philippines-pact --file reading-list.txt`
    """
    wanted = list(urls or [])
    if file is not None:
        try:
            lines = file.read_text(encoding="utf-8").splitlines()
        except OSError as error:
            raise fail(f"cannot read {file}: {error.strerror}") from None
        wanted += [line.split("#", 1)[0].strip() for line in lines if line.split("#", 1)[0].strip()]
    if not wanted:
        raise fail("give article URLs, or --file with one URL a line")
    bad = [url for url in wanted if not url.startswith(("http://", "https://"))]
    if bad:
        raise fail(f"not an http(s) URL: {bad[0]}")
    check_channels(Settings(), notify)
    from flows.nightly import ingest_urls

    try:
        summary = ingest_urls(urls=wanted, db=str(_db(db)), notify=notify or [])
    except WarehouseError as error:
        raise fail(str(error), 1) from None
    print_run_summary(console, summary)


@app.command()
def backfill(
    sitemap: Annotated[str, typer.Option("--sitemap", help="URL of a (news) sitemap or sitemap index.")],
    since: Annotated[Optional[str], typer.Option(help="Only articles published or modified on or after this date (YYYY-MM-DD).")] = None,  # noqa: UP045
    db: DbOption = None,
    notify: NotifyOption = None,
) -> None:
    """Ingest articles older than the feeds' window from a sitemap.

    Example: `pactwatch backfill --sitemap https://example.org/news-sitemap.xml --since 2024-01-01`
    """
    if not sitemap.startswith(("http://", "https://")):
        raise fail(f"not an http(s) URL: {sitemap}")
    try:
        if since:
            date.fromisoformat(since)
    except ValueError:
        raise fail(f"--since must be YYYY-MM-DD, got {since!r}") from None
    check_channels(Settings(), notify)
    from flows.nightly import backfill_sitemap

    try:
        summary = backfill_sitemap(sitemap_url=sitemap, db=str(_db(db)), since=since, notify=notify or [])
    except WarehouseError as error:
        raise fail(str(error), 1) from None
    print_run_summary(console, summary)


@app.command()
def reextract(
    db: DbOption = None,
    everything: Annotated[bool, typer.Option("--all", help="Re-extract every article, not only those from older extractor versions.")] = False,
    batch: Annotated[int, typer.Option(help="Articles replaced per transaction.")] = 200,
) -> None:
    """Rerun the current extractor over stored article text (no refetch); replace older mentions atomically.

    Example: `pactwatch reextract --db data/pactwatch.duckdb`
    """
    from extractors import EXTRACTOR_VERSION
    from pactwatch.pipeline import mention_rows
    from storage import Warehouse

    warehouse = Warehouse(_db(db))
    try:
        warehouse.migrate()
        stale = warehouse.stale_articles(EXTRACTOR_VERSION, everything)
        removed = added = 0
        for start in range(0, len(stale), batch):
            chunk = stale[start:start + batch]
            rows = [row for article_id, text, published in chunk for row in mention_rows(article_id, text, published)]
            gone, new = warehouse.replace_mentions([article_id for article_id, _, _ in chunk], rows, EXTRACTOR_VERSION)
            removed, added = removed + gone, added + new
    except WarehouseError as error:
        raise fail(str(error), 1) from None
    console.print(f"re-extracted {len(stale)} article(s) with {EXTRACTOR_VERSION}: "
                  f"{removed} mention(s) replaced by {added}", highlight=False)


feeds_app = typer.Typer(no_args_is_help=False, rich_markup_mode="markdown")
app.add_typer(feeds_app, name="feeds")


@feeds_app.callback(invoke_without_command=True)
def feeds(ctx: typer.Context, feeds: FeedsOption = None, db: DbOption = None) -> None:
    """Each feed's health: last success, last error, failures in a row, entries, new articles per poll.

    Example: `pactwatch feeds --feeds feeds.yaml`
    """
    if ctx.invoked_subcommand:
        return
    from storage import Warehouse

    settings = Settings()
    feeds_path = feeds or settings.feeds
    try:
        listed = load_feeds_file(feeds_path).feeds
    except ConfigError as error:
        raise fail(str(error)) from None
    warehouse_path = db or settings.db
    try:
        health = Warehouse(warehouse_path).feed_states(spec.url for spec in listed) if warehouse_path.exists() else {}
    except WarehouseError as error:
        raise fail(str(error), 1) from None
    print_feed_health(console, listed, health, settings.failing_after)


@feeds_app.command("add")
def feeds_add(
    url: Annotated[str, typer.Argument(help="The feed's URL (http or https).")],
    name: Annotated[Optional[str], typer.Option(help="A name to show instead of the URL.")] = None,  # noqa: UP045
    tag: Annotated[Optional[list[str]], typer.Option("--tag", help="A tag; repeatable.")] = None,  # noqa: UP045
    feeds: FeedsOption = None,
) -> None:
    """Add a feed to the feeds file (validated before writing; comments kept).

    Example: `pactwatch feeds add https://example.org/rss.xml --name Example --tag asia`
    """
    from pactwatch.config import add_feed

    path = feeds or Settings().feeds
    try:
        add_feed(path, url, name, tag)
    except (ConfigError, ValueError) as error:
        raise fail(_one_line(error)) from None
    console.print(f"added {escape(url)} to {escape(str(path))}", highlight=False)


@feeds_app.command("remove")
def feeds_remove(
    url: Annotated[str, typer.Argument(help="The feed's URL, as in the feeds file.")],
    feeds: FeedsOption = None,
) -> None:
    """Remove a feed from the feeds file (its history stays in the warehouse).

    Example: `pactwatch feeds remove https://example.org/rss.xml`
    """
    from pactwatch.config import remove_feed

    path = feeds or Settings().feeds
    try:
        remove_feed(path, url)
    except ConfigError as error:
        raise fail(str(error)) from None
    console.print(f"removed {escape(url)} from {escape(str(path))}", highlight=False)


def _one_line(error: Exception) -> str:
    if isinstance(error, ValidationError):
        return error.errors()[0]["msg"]
    return str(error).splitlines()[0]


@app.command()
def extract(
    file: Annotated[Optional[str], typer.Argument(help="Article file, or - for standard input.")] = "-",  # noqa: UP045
    html: Annotated[bool, typer.Option("--html", help="Input is HTML: clean it first (trafilatura).")] = False,
    jsonl: Annotated[Optional[Path], typer.Option("--jsonl", help='Batch input: lines of {"id": ..., "text": ...} or {"id": ..., "html": ...}.')] = None,  # noqa: UP045
    published: Annotated[Optional[str], typer.Option(help="Publication date (YYYY-MM-DD): dates leaders' terms and history.")] = None,  # noqa: UP045
) -> None:
    """Print the mentions in one article (or a batch) as JSON Lines.

    Example: `pactwatch extract article.txt` or `curl -s URL | pactwatch extract - --html`
    """
    from extractors import clean_html, extract_mentions

    try:
        published_on = date.fromisoformat(published) if published else None
    except ValueError:
        raise fail(f"--published must be YYYY-MM-DD, got {published!r}") from None

    def mentions_of(text: str | None, page: str | bytes | None) -> list[dict[str, Any]]:
        if page is not None:
            cleaned = clean_html(page)
            if cleaned.problem:
                err_console.print(f"warning: {cleaned.problem}", highlight=False)
            text = cleaned.text
        return [m.as_dict() for m in extract_mentions(text or "", published_on)]

    out = sys.stdout
    if jsonl is not None:
        try:
            lines = jsonl.read_text(encoding="utf-8").splitlines()
        except OSError as error:
            raise fail(f"cannot read {jsonl}: {error.strerror}") from None
        for number, line in enumerate(lines, 1):
            if not line.strip():
                continue
            try:
                item = json.loads(line)
                if not isinstance(item, dict) or not ("text" in item or "html" in item):
                    raise ValueError('each line needs "text" or "html"')
            except ValueError as error:
                raise fail(f"{jsonl}:{number}: {error}") from None
            for mention in mentions_of(item.get("text"), item.get("html")):
                out.write(json.dumps({"id": item.get("id"), **mention}, ensure_ascii=False) + "\n")
        return
    try:
        raw = sys.stdin.buffer.read() if file in (None, "-") else Path(file).read_bytes()
    except OSError as error:
        raise fail(f"cannot read {file}: {error.strerror}") from None
    if html:
        found = mentions_of(None, raw)
    else:
        found = mentions_of(raw.decode("utf-8", "replace"), None)
    for mention in found:
        out.write(json.dumps(mention, ensure_ascii=False) + "\n")


@app.command()
def sql(
    query: Annotated[str, typer.Argument(help="One read-only SQL statement.")],
    db: DbOption = None,
    format: Annotated[OutputFormat, typer.Option("--format", help="Output format.")] = OutputFormat.table,  # noqa: A002
) -> None:
    """Ad-hoc, read-only SQL on the warehouse (works while a run is writing).

    Example: `pactwatch sql "select relation, count(*) from mentions group by 1" --format csv`
    """
    try:
        result = run_read_query(_db(db), query)
    except WarehouseError as error:
        raise fail(str(error), 1) from None
    if format is OutputFormat.table:
        print_query_result(console, result)
    elif format is OutputFormat.csv:
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        writer.writerow(result.columns)
        writer.writerows(result.rows)
        sys.stdout.write(buffer.getvalue())
    else:
        records = [dict(zip(result.columns, row, strict=True)) for row in result.rows]
        sys.stdout.write(json.dumps(records, default=str, ensure_ascii=False, indent=1) + "\n")


@app.command()
def alerts(
    db: DbOption = None,
    since: Annotated[Optional[str], typer.Option(help="Only alerts raised on or after this date (YYYY-MM-DD).")] = None,  # noqa: UP045
    pending: Annotated[bool, typer.Option("--pending", help="Only alerts not yet delivered to every channel.")] = False,
) -> None:
    """The alerts raised so far, newest first.

    Example: `pactwatch alerts --since 2024-04-01 --pending`
    """
    from storage import Warehouse

    try:
        since_at = datetime.fromisoformat(since) if since else None
    except ValueError:
        raise fail(f"--since must be YYYY-MM-DD, got {since!r}") from None
    try:
        rows = Warehouse(_db(db)).alerts(pending_only=pending, since=since_at)
    except WarehouseError as error:
        raise fail(str(error), 1) from None
    print_alerts(console, rows)


from pactwatch.analysis_cli import register as register_analysis  # noqa: E402
from pactwatch.serve_cli import register as register_serve  # noqa: E402

register_analysis(app)
register_serve(app)


if __name__ == "__main__":
    app()
