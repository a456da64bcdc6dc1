"""`pactwatch report` and `pactwatch export` on real warehouses, through the real commands."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import duckdb
import typer
from typer.testing import CliRunner

from pactwatch.analysis_cli import register
from test_views import build_warehouse, summit_week

HOSTILE = '<script>alert("x")</script> Pact & "drills"'


def invoke(*args: str) -> tuple[int, str]:
    """Run a command on an app holding only the analysis commands (pactwatch.cli adds the same)."""
    app = typer.Typer()
    app.callback()(lambda: None)
    register(app)
    result = CliRunner().invoke(app, list(args))
    return result.exit_code, result.output


def test_report_writes_self_contained_html_with_escaped_article_strings(tmp_path: Path) -> None:
    db = build_warehouse(
        tmp_path / "w.duckdb",
        [
            ("a1", date(2024, 5, 1), "Wire A", "Old pact", [("JPN-USA", "alliance", "asserted")]),
            ("a2", date(2024, 6, 3), "Wire A", HOSTILE, [("AUS-JPN-PHL", "security_partnership", "planned")]),
            (
                "javascript:alert(1)//",
                date(2024, 6, 4),
                None,
                "Link trap",
                [("IND-JPN-PHL", "summit", "asserted")],
            ),
        ],
    )
    code, output = invoke("report", "--db", str(db), "--since", "2024-06-01", "--out", str(tmp_path / "r"))

    assert code == 0, output
    page = (tmp_path / "r" / "report.html").read_text(encoding="utf-8")
    assert "<script" not in page and "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; Pact &amp;" in page
    assert '<a href="https://news.example/a2">' in page
    assert "Link trap" in page and 'href="javascript' not in page
    assert "Old pact" not in page  # first seen before --since: not new
    assert "Mentions dated 2024-06-01 to 2024-06-04" in page
    assert len(re.findall(r'src="data:image/png;base64,[A-Za-z0-9+/=]{1000,}"', page)) == 3
    for name in ("groupings.png", "dyads.png", "heatmap.png"):
        assert (tmp_path / "r" / name).read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_report_on_an_empty_warehouse_and_bad_input(tmp_path: Path) -> None:
    db = build_warehouse(tmp_path / "w.duckdb", [])
    code, output = invoke("report", "--db", str(db), "--out", str(tmp_path / "r"))
    assert code == 0, output
    assert "no mentions yet" in (tmp_path / "r" / "report.html").read_text(encoding="utf-8")

    code, output = invoke("report", "--db", str(db), "--since", "June")
    assert code == 2 and output.strip() == "error: --since must be YYYY-MM-DD, got 'June'"
    code, output = invoke("report", "--db", str(tmp_path / "none.duckdb"))
    assert code == 1 and "no warehouse at" in output and output.strip().count("\n") == 0


def test_export_writes_parquet_partitioned_by_month(tmp_path: Path) -> None:
    db = summit_week(tmp_path)
    out = tmp_path / "export"
    code, output = invoke("export", "--format", "parquet", "--out", str(out), "--db", str(db))

    assert code == 0, output
    assert "Exported 7 mentions" in output  # historical ones too: the export is the raw mentions
    assert sorted(p.name for p in out.iterdir()) == ["month=2024-03", "month=2024-04"]
    with duckdb.connect() as con:
        rows = con.execute(
            "select month, count(*), list(distinct outlet order by outlet), min(url), any_value(title), "
            "bool_and(len(actors) >= 2) from read_parquet(?, hive_partitioning = true) group by 1 order by 1",
            [str(out / "**" / "*.parquet")],
        ).fetchall()
    assert rows == [
        ("2024-03", 6, ["Wire A", "Wire C", "a2.example"], "https://a2.example/a2", rows[0][4], True),
        ("2024-04", 1, ["Wire A"], "https://news.example/a5", "Water cannon", True),
    ]
    code, _ = invoke("export", "--format", "parquet", "--out", str(out), "--db", str(db))
    assert code == 0  # exporting again replaces the files
    with duckdb.connect() as con:
        assert con.execute(
            "select count(*) from read_parquet(?)", [str(out / "**" / "*.parquet")]
        ).fetchone() == (7,)
