"""Ad-hoc SQL while a real run writes: every query gets through within the retry window."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from storage import run_read_query

from conftest import LoopbackServer
from sites import serve_demo_site
from test_flow import write_feeds_file

PACTWATCH = str(Path(sys.executable).parent / "pactwatch")
PROGRESS = (
    "select (select count(*) from articles), (select list(status) from runs), (select count(*) from groupings)"
)


@pytest.mark.slow
def test_queries_succeed_while_a_run_is_writing(server: LoopbackServer, tmp_path: Path) -> None:
    feeds_file = write_feeds_file(tmp_path, serve_demo_site(server))
    for path, route in server.routes.items():
        if path.startswith("/articles/"):
            route.delay_s = 0.5  # slow pages: the run stores its batches over several seconds
    db = tmp_path / "w.duckdb"
    env = {k: v for k, v in os.environ.items() if not k.startswith("PREFECT_")} | {
        "PACTWATCH_BATCH_SIZE": "2"
    }
    run = subprocess.Popen(
        [PACTWATCH, "run", "--feeds", feeds_file, "--db", str(db)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    seen: list[tuple[int, list[str], int]] = []
    cli_results: list[subprocess.CompletedProcess[str]] = []

    def cli_queries() -> None:
        while run.poll() is None:
            cli_results.append(
                subprocess.run(
                    [PACTWATCH, "sql", "select count(*) from mentions", "--db", str(db), "--format", "csv"],
                    env=env,
                    capture_output=True,
                    text=True,
                    timeout=60,
                    check=False,
                )
            )

    try:
        while not db.exists():
            assert run.poll() is None, run.communicate()
            time.sleep(0.1)
        cli = threading.Thread(target=cli_queries)
        cli.start()
        while run.poll() is None:
            started = time.monotonic()
            result = run_read_query(db, PROGRESS, lock_wait_s=30)  # raises if it cannot get in
            assert time.monotonic() - started < 30
            seen.append(result.rows[0])  # type: ignore[arg-type]
            time.sleep(0.05)
        cli.join()
    finally:
        if run.poll() is None:
            run.kill()
    _, err = run.communicate()

    assert run.returncode == 0, err
    assert cli_results and all(
        r.returncode == 0 and r.stdout.startswith("count_star()") for r in cli_results
    ), [r.stderr for r in cli_results if r.returncode]
    during = [articles for articles, statuses, _ in seen if statuses == ["running"]]
    assert len(set(during)) >= 3, seen  # the queries saw the run's batches land one after another
    assert run_read_query(db, PROGRESS).rows[0][:2] == (13, ["completed"])
