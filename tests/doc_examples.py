"""The SQL examples of docs/*.md and the output tables printed under them.

Every ```sql block directly followed by a Markdown table is an example: the table must
be what the query prints on the demo warehouse. tests/test_docs.py checks that;
`python tests/doc_examples.py DB` rewrites the tables from the warehouse DB (made by
`pactwatch demo --db DB --port 0`) after the demo data or the extractor changed.
"""

from __future__ import annotations

import re
import sys
from datetime import date
from pathlib import Path

from storage import run_read_query

DOCS = [Path(__file__).resolve().parents[1] / "docs" / name for name in ("cookbook.md", "views.md")]

# A ```sql block, blank lines, then the table (header, rule, rows).
_EXAMPLE = re.compile(r"```sql\n(?P<sql>(?:(?!```).)*?)```\n\s*\n(?P<table>(?:\|[^\n]*\|\n)+)", re.DOTALL)


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        return "[" + ", ".join(_cell(v) for v in value) + "]"
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def table(db: Path, sql: str) -> str:
    """The Markdown table of what `sql` returns on the warehouse `db`."""
    result = run_read_query(db, sql)
    lines = ["| " + " | ".join(result.columns) + " |", "|" + "---|" * len(result.columns)]
    lines += ["| " + " | ".join(_cell(v) for v in row) + " |" for row in result.rows]
    return "\n".join(lines) + "\n"


def examples(text: str) -> list[tuple[str, str]]:
    """(sql, printed table) of each example in a Markdown text."""
    return [(m["sql"], m["table"]) for m in _EXAMPLE.finditer(text)]


def rewrite(doc: Path, db: Path) -> None:
    """Replace each example's table with the query's current output."""
    text = doc.read_text(encoding="utf-8")
    doc.write_text(_EXAMPLE.sub(lambda m: f"```sql\n{m['sql']}```\n\n{table(db, m['sql'])}", text), encoding="utf-8")


if __name__ == "__main__":
    for path in DOCS:
        rewrite(path, Path(sys.argv[1]))
