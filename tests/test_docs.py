"""The SQL examples in docs/ print what they say on the demo warehouse."""

from __future__ import annotations

from pathlib import Path

import pytest

from doc_examples import DOCS, examples, table
from pactwatch.demo import DemoSite


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory: pytest.TempPathFactory, prefect_harness: None) -> Path:
    from flows.nightly import nightly_ingest

    tmp = tmp_path_factory.mktemp("docs")
    with DemoSite(port=0) as site:
        nightly_ingest(feeds_file=str(site.write_feeds_file(tmp)), db=str(tmp / "demo.duckdb"))
    return tmp / "demo.duckdb"


@pytest.mark.parametrize("doc", DOCS, ids=lambda path: path.name)
def test_every_example_prints_its_documented_output(doc: Path, demo_db: Path) -> None:
    found = examples(doc.read_text(encoding="utf-8"))
    assert len(found) >= 6
    stale = [sql for sql, printed in found if table(demo_db, sql) != printed]
    assert not stale, f"regenerate with `python tests/doc_examples.py DB`; stale in {doc.name}:\n" + "\n".join(stale)
