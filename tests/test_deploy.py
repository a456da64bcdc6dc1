"""The schedule, end to end against a real `prefect server start` (docs/schedule.md).

`prefect deploy --all` registers prefect.yaml's two deployments, a process worker
runs one of them from another directory, and `pactwatch serve` takes the nightly
deployment over and runs it itself. Every process is killed by process group.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

import httpx
import pytest
from conftest import LoopbackServer

from pactwatch.demo import DemoSite

pytestmark = pytest.mark.slow

REPO = Path(__file__).resolve().parents[1]
PREFECT = str(Path(sys.executable).parent / "prefect")
NIGHTLY = "nightly_ingest/nightly-ingest"
HOURLY = "nightly_ingest/hourly-ingest"
PACTWATCH_SERVE = [str(Path(sys.executable).parent / "pactwatch"), "serve"]

T = TypeVar("T")


def quiet_env(**extra: str) -> dict[str, str]:
    """The caller's environment without any PREFECT_* setting (as in a fresh shell), plus `extra`."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("PREFECT_")}
    return env | {"PREFECT_SERVER_ANALYTICS_ENABLED": "false", "DO_NOT_TRACK": "1"} | extra


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def tail(log: Path) -> str:
    return log.read_text(encoding="utf-8", errors="replace")[-3000:] if log.exists() else ""


@contextmanager
def background(args: list[str], env: dict[str, str], cwd: Path, log: Path) -> Iterator[subprocess.Popen[bytes]]:
    """A process in its own session; its whole group is terminated (then killed) on exit."""
    with log.open("wb") as out:
        proc = subprocess.Popen(args, env=env, cwd=cwd, stdout=out, stderr=subprocess.STDOUT, start_new_session=True)
        try:
            yield proc
        finally:
            for sig in (signal.SIGTERM, signal.SIGKILL):
                try:
                    os.killpg(proc.pid, sig)
                except ProcessLookupError:
                    break
                try:
                    proc.wait(timeout=20)
                except subprocess.TimeoutExpired:
                    continue


def wait_for(check: Callable[[], T | None], what: str, proc: subprocess.Popen[bytes], log: Path,
             timeout: float = 60) -> T:
    """Poll `check` until it returns a value; fail early if `proc` exits."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if (found := check()) is not None:
            return found
        if proc.poll() is not None:
            pytest.fail(f"{what}: process exited with {proc.returncode}\n{tail(log)}")
        time.sleep(0.5)
    pytest.fail(f"{what}: not within {timeout:.0f} s\n{tail(log)}")


@dataclass
class PrefectServer:
    api: httpx.Client
    env: dict[str, str]
    proc: subprocess.Popen[bytes]
    log: Path

    def cli(self, *args: str, cwd: Path = REPO, timeout: float = 60) -> str:
        """Run the prefect CLI against this server; its stdout, or a failure with its output."""
        done = subprocess.run([PREFECT, *args], env=self.env, cwd=cwd, capture_output=True, text=True,
                              timeout=timeout, check=False)
        assert done.returncode == 0, f"prefect {' '.join(args)}: {done.stdout}\n{done.stderr}"
        return done.stdout

    def request(self, method: str, url: str, **kwargs: Any) -> httpx.Response:
        """One API call, retried while the server answers 503: its sqlite database is
        briefly locked under load, and Prefect's own client retries these too."""
        for _ in range(10):
            response = self.api.request(method, url, **kwargs)
            if response.status_code != 503:
                break
            time.sleep(0.5)
        return response.raise_for_status()

    def deployment(self, name: str) -> dict[str, Any]:
        return dict(self.request("GET", f"/deployments/name/{name}").json())

    def run_deployment(self, name: str, **body: Any) -> str:
        response = self.request("POST", f"/deployments/{self.deployment(name)['id']}/create_flow_run", json=body)
        return str(response.json()["id"])

    def finished_run(self, flow_run_id: str) -> dict[str, Any] | None:
        run = dict(self.request("GET", f"/flow_runs/{flow_run_id}").json())
        return run if run["state_type"] in {"COMPLETED", "FAILED", "CRASHED", "CANCELLED"} else None

    def run_report(self, flow_run_id: str) -> str | None:
        """The flow's closing `run=... feeds_ok=...` log line, once the server has it."""
        response = self.request("POST", "/logs/filter", json={"logs": {"flow_run_id": {"any_": [flow_run_id]}}})
        return next((log["message"] for log in response.json() if log["message"].startswith("run=")), None)

    def artifact_keys(self, flow_run_id: str) -> list[str]:
        response = self.request("POST", "/artifacts/filter",
                                json={"artifacts": {"flow_run_id": {"any_": [flow_run_id]}}})
        return [artifact["key"] for artifact in response.json()]


@pytest.fixture(scope="module")
def prefect_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[PrefectServer]:
    home = tmp_path_factory.mktemp("prefect-home")
    port = free_port()
    api_url = f"http://127.0.0.1:{port}/api"
    env = quiet_env(PREFECT_HOME=str(home), PREFECT_API_URL=api_url)
    log = home / "server.log"
    with (background([PREFECT, "server", "start", "--host", "127.0.0.1", "--port", str(port)], env, home, log) as proc,
          httpx.Client(base_url=api_url, timeout=10) as api):

        def healthy() -> bool | None:
            try:
                return api.get("/health").json() is True or None
            except httpx.TransportError:
                return None

        wait_for(healthy, "prefect server start", proc, log, timeout=90)
        yield PrefectServer(api, env, proc, log)


@pytest.fixture
def demo_feeds(tmp_path: Path) -> Iterator[Path]:
    """The bundled demo site on a free loopback port, and a feeds file pointing at it."""
    with DemoSite(port=0) as site:
        yield site.write_feeds_file(tmp_path)


def test_deploy_all_registers_both_deployments_and_a_worker_runs_them(
    prefect_server: PrefectServer, demo_feeds: Path, tmp_path: Path
) -> None:
    server = prefect_server
    server.cli("work-pool", "create", "pactwatch", "--type", "process")
    server.cli("--no-prompt", "deploy", "--all")

    nightly, hourly = server.deployment(NIGHTLY), server.deployment(HOURLY)
    for deployment in (nightly, hourly):
        assert deployment["work_pool_name"] == "pactwatch"
        assert deployment["entrypoint"] == "flows/nightly.py:nightly_ingest"
        assert deployment["parameters"] == {"feeds_file": "feeds.yaml", "db": "data/pactwatch.duckdb"}
        assert deployment["description"] and "pactwatch" in deployment["tags"]
        assert deployment["pull_steps"] == [
            {"prefect.deployments.steps.set_working_directory": {"directory": str(REPO)}}
        ]
        assert not deployment["paused"]
    [nightly_schedule], [hourly_schedule] = nightly["schedules"], hourly["schedules"]
    assert nightly_schedule["schedule"] | {"active": nightly_schedule["active"]} == {
        "cron": "0 2 * * *", "timezone": "UTC", "day_or": True, "active": True}
    assert hourly_schedule["schedule"] | {"active": hourly_schedule["active"]} == {
        "cron": "15 * * * *", "timezone": "UTC", "day_or": True, "active": False}
    assert "breaking" in hourly["tags"]

    # A worker started elsewhere runs the flow from the clone (the pull step). The run
    # goes to its own queue so that no scheduled run (real feeds) can be picked up.
    db = tmp_path / "worker.duckdb"
    flow_run_id = server.run_deployment(
        NIGHTLY, parameters={"feeds_file": str(demo_feeds), "db": str(db)}, work_queue_name="test"
    )
    worker_log = tmp_path / "worker.log"
    with background([PREFECT, "worker", "start", "--pool", "pactwatch", "--work-queue", "test", "--run-once"],
                    server.env, tmp_path, worker_log) as worker:
        assert worker.wait(timeout=90) == 0, tail(worker_log)
    run = server.finished_run(flow_run_id)
    assert run and run["state_type"] == "COMPLETED", tail(worker_log)
    report = wait_for(lambda: server.run_report(flow_run_id), "worker run's logs", server.proc, server.log, timeout=20)
    assert "feeds_ok=3" in report
    assert "pactwatch-alerts" in server.artifact_keys(flow_run_id)
    assert db.exists()

    # docs/schedule.md: switching the hourly schedule on.
    schedule_id = json.loads(server.cli("deployment", "schedule", "ls", HOURLY, "-o", "json"))[0]["id"]
    server.cli("deployment", "schedule", "resume", HOURLY, schedule_id)
    assert server.deployment(HOURLY)["schedules"][0]["active"] is True


def test_serve_takes_over_the_nightly_deployment_and_runs_it(
    prefect_server: PrefectServer, demo_feeds: Path, tmp_path: Path, server: LoopbackServer
) -> None:
    notify = server.add("/hook").replace("http://", "json://", 1)
    db = tmp_path / "served.duckdb"
    log = tmp_path / "serve.log"
    env = prefect_server.env | {"PREFECT_RUNNER_POLL_FREQUENCY": "1"}
    args = [*PACTWATCH_SERVE, "--feeds", str(demo_feeds), "--db", str(db), "--notify", notify]
    with background(args, env, tmp_path, log) as serve:

        def served() -> dict[str, Any] | None:
            response = prefect_server.api.get(f"/deployments/name/{NIGHTLY}")
            found = response.json() if response.status_code == 200 else None
            return found if found and found["entrypoint"] == "flows.nightly.nightly_ingest" else None

        deployment = wait_for(served, "pactwatch serve", serve, log)
        [schedule] = deployment["schedules"]
        assert schedule["schedule"] == {"cron": "0 2 * * *", "timezone": "UTC", "day_or": True}
        assert schedule["active"] and not deployment["paused"]
        assert deployment["work_pool_name"] is None
        assert deployment["parameters"] == {
            "feeds_file": str(demo_feeds), "db": str(db), "notify": [notify]}

        flow_run_id = prefect_server.run_deployment(NIGHTLY)
        run = wait_for(lambda: prefect_server.finished_run(flow_run_id), "served run", serve, log)
        assert run["state_type"] == "COMPLETED", tail(log)
        # The CLI's quiet logging must not hide a served run's report from the UI.
        report = wait_for(lambda: prefect_server.run_report(flow_run_id), "served run's logs", serve, log, timeout=20)
        assert "feeds_ok=3" in report
        assert server.posts("/hook"), "the served run did not deliver alerts to --notify"
    assert prefect_server.deployment(NIGHTLY)["paused"], "stopping serve should pause the deployment"


@pytest.mark.parametrize(
    ("api_url", "message"),
    [(None, "PREFECT_API_URL is not set"), ("http://127.0.0.1:{port}/api", "cannot reach the Prefect server")],
)
def test_serve_without_a_server_exits_2(tmp_path: Path, api_url: str | None, message: str) -> None:
    env = quiet_env(PREFECT_HOME=str(tmp_path))
    if api_url:
        env["PREFECT_API_URL"] = api_url.format(port=free_port())
    done = subprocess.run([*PACTWATCH_SERVE, "--feeds", str(REPO / "feeds.yaml")], env=env, cwd=tmp_path,
                          capture_output=True, text=True, timeout=60, check=False)
    assert done.returncode == 2, done.stderr
    assert done.stderr.count("\n") == 1 and message in done.stderr
    assert "prefect server start" in done.stderr
