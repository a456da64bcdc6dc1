"""The console script, run as a user runs it: a real process, real files."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import SEED

PACTWATCH = str(Path(sys.executable).parent / "pactwatch")
README = Path(__file__).resolve().parents[1] / "README.md"


def pactwatch(*args: str, stdin: str | None = None, cwd: Path | None = None, timeout: float = 240) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PREFECT_")} | {"COLUMNS": "250"}
    return subprocess.run(
        [PACTWATCH, *args], input=stdin, capture_output=True, text=True, cwd=cwd, env=env, timeout=timeout
    )


def test_extract_prints_json_lines_for_the_seed() -> None:
    result = pactwatch("extract", str(SEED), "--published", "2024-04-05")
    assert result.returncode == 0, result.stderr
    mentions = [json.loads(line) for line in result.stdout.splitlines()]
    assert {"actors", "relation", "modality", "sentence"} <= set(mentions[0])
    assert any(m["actors"] == ["JPN", "PHL", "USA"] and m["relation"] == "summit" for m in mentions)
    assert all(m["extractor_version"] and 0 < m["confidence"] <= 1 for m in mentions)


def test_extract_html_from_stdin_and_jsonl_batch(tmp_path: Path) -> None:
    page = (
        "<html><body><nav>Japan, Australia sign pact | Quad summit</nav><article><h1>Drills</h1>"
        "<p>" + "Japanese and Philippine troops began joint exercises on Luzon on Monday, the military said. " * 3
        + "</p></article><footer>Leave a Reply</footer></body></html>"
    )
    result = pactwatch("extract", "-", "--html", stdin=page)
    assert result.returncode == 0, result.stderr
    assert {(tuple(m["actors"]), m["relation"]) for m in map(json.loads, result.stdout.splitlines())} == {
        (("JPN", "PHL"), "military_exercise")}

    batch = tmp_path / "in.jsonl"
    batch.write_text(
        json.dumps({"id": "t1", "text": "China warned Japan over the drills."}) + "\n"
        + json.dumps({"id": "h1", "html": page}) + "\n\n"
        + json.dumps({"id": "n1", "text": "The weather was fine."}) + "\n",
        encoding="utf-8",
    )
    result = pactwatch("extract", "--jsonl", str(batch))
    assert result.returncode == 0, result.stderr
    assert {(m["id"], m["relation"]) for m in map(json.loads, result.stdout.splitlines())} == {
        ("t1", "confrontation"), ("h1", "military_exercise")}


def test_extract_bad_input_is_one_line_error(tmp_path: Path) -> None:
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"id": 1}\n', encoding="utf-8")
    result = pactwatch("extract", "--jsonl", str(bad))
    assert result.returncode == 2 and 'bad.jsonl:1: each line needs "text" or "html"' in result.stderr
    result = pactwatch("extract", str(tmp_path / "missing.txt"))
    assert result.returncode == 2 and "cannot read" in result.stderr


def test_run_with_unusable_configuration_exits_non_zero_with_one_line(tmp_path: Path) -> None:
    result = pactwatch("run", "--feeds", str(tmp_path / "none.yaml"), "--db", str(tmp_path / "w.duckdb"))
    assert result.returncode == 2
    assert result.stderr.strip().count("\n") == 0 and "feeds file not found" in result.stderr
    (tmp_path / "f.yaml").write_text("feeds:\n  - name: x\n", encoding="utf-8")
    result = pactwatch("run", "--feeds", str(tmp_path / "f.yaml"))
    assert result.returncode == 2 and "every feed needs a url" in result.stderr


@pytest.mark.slow
def test_every_command_has_help_with_an_example() -> None:
    for command in ("run", "demo", "serve", "ingest", "backfill", "extract", "reextract", "sql", "report", "export", "alerts", "feeds", "feeds add", "feeds remove"):
        result = pactwatch(*command.split(), "--help")
        assert result.returncode == 0 and "Example" in result.stdout, command
        assert f"`pactwatch {command}" in README.read_text(encoding="utf-8"), f"{command} undocumented"


@pytest.mark.slow
def test_readme_demo_then_sql(tmp_path: Path) -> None:
    """The README's promise: `pactwatch demo`, then `pactwatch sql` shows the seed's relations."""
    db = tmp_path / "demo.duckdb"
    result = pactwatch("demo", "--db", str(db), "--port", "0", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "New articles: 13" in result.stdout and "Warehouse:" in result.stdout
    assert "Traceback" not in result.stdout + result.stderr
    assert "database is locked" not in result.stdout + result.stderr
    for relation in ("summit", "security_partnership", "alliance", "military_exercise", "defense_industrial"):
        assert relation in result.stdout

    result = pactwatch("sql", "select relation, count(*) as n from mentions group by 1 order by 1",
                       "--db", str(db), "--format", "json")
    assert result.returncode == 0, result.stderr
    counts = {row["relation"]: row["n"] for row in json.loads(result.stdout)}
    assert {"summit", "security_partnership", "alliance", "military_exercise", "defense_industrial",
            "confrontation", "basing_access", "intelligence_sharing"} <= set(counts)

    result = pactwatch("sql", "select count(*) from articles", "--db", str(db), "--format", "csv")
    assert result.stdout.splitlines() == ["count_star()", "13"]
    result = pactwatch("sql", "drop table mentions", "--db", str(db))
    assert result.returncode == 1 and "read-only" in result.stderr
    result = pactwatch("sql", "select * from nowhere", "--db", str(db))
    assert result.returncode == 1 and "Catalog Error" in result.stderr
    result = pactwatch("alerts", "--db", str(db))
    assert result.returncode == 0 and "Alerts" in result.stdout
