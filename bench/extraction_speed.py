"""Speed of mention extraction, measured against trafilatura cleaning as the baseline.

Cleaning is what every fetched page already pays, so extraction is reported as a
ratio to it (target: <= 0.1). Reports, never asserts: the exit status is always 0.

    /work/venv/bin/python bench/extraction_speed.py [--pages N] [--repeat R] [--json FILE]
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import statistics
import time
import tracemalloc
from collections.abc import Callable
from dataclasses import asdict, dataclass
from functools import partial
from pathlib import Path
from typing import Any

from extractors import clean_html, extract_mentions

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "html"  # shared/ beside the clone
SLOWEST = 5


@dataclass(frozen=True, slots=True)
class Page:
    """One corpus page: file name, original URL (if known) and raw bytes."""

    name: str
    url: str | None
    body: bytes


@dataclass(frozen=True, slots=True)
class Timing:
    """Best-of-R timings of one page, in milliseconds, and its cleaned text length."""

    name: str
    clean_ms: float
    extract_ms: float
    chars: int

    @property
    def ratio(self) -> float:
        return self.extract_ms / self.clean_ms


def load_pages(corpus: Path, limit: int | None) -> list[Page]:
    """The corpus's HTML pages as bytes, in file-name order, with MANIFEST URLs."""
    with (corpus / "MANIFEST.tsv").open(encoding="utf-8", newline="") as manifest:
        urls = {row["file"]: row["url"] or None for row in csv.DictReader(manifest, delimiter="\t")}
    paths = sorted(corpus.glob("*.html"))[:limit]
    return [Page(p.name, urls.get(p.name), p.read_bytes()) for p in paths]


def best_ms(call: Callable[[], object], repeat: int) -> float:
    """Fastest of `repeat` calls, in milliseconds."""
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        call()
        best = min(best, time.perf_counter() - start)
    return best * 1000


def peak_bytes(calls: list[Callable[[], object]]) -> int:
    """Peak traced memory while running `calls` one after another, results discarded."""
    tracemalloc.start()
    try:
        for call in calls:
            call()
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def measure(pages: list[Page], repeat: int) -> dict[str, Any]:
    """Warm up, time every page, trace peak memory; return the figures."""
    clean_html(pages[0].body, url=pages[0].url)
    start = time.perf_counter()
    extract_mentions("Japan and the Philippines signed a defence pact.")
    gazetteer_ms = (time.perf_counter() - start) * 1000

    texts: list[str] = []
    timings: list[Timing] = []
    for page in pages:
        clean_ms = best_ms(partial(clean_html, page.body, url=page.url), repeat)
        text = clean_html(page.body, url=page.url).text
        extract_ms = best_ms(partial(extract_mentions, text), repeat)
        texts.append(text)
        timings.append(Timing(page.name, clean_ms, extract_ms, len(text)))

    clean_peak = peak_bytes([partial(clean_html, p.body, url=p.url) for p in pages])
    extract_peak = peak_bytes([partial(extract_mentions, t) for t in texts])
    clean = [t.clean_ms for t in timings]
    extract = [t.extract_ms for t in timings]
    slowest = sorted(timings, key=lambda t: t.extract_ms, reverse=True)[:SLOWEST]
    return {
        "pages": len(timings),
        "pages_without_text": sum(1 for t in timings if t.chars == 0),
        "repeat": repeat,
        "cpus": os.cpu_count(),
        "gazetteer_build_ms": gazetteer_ms,
        "cleaning_ms": {"total": sum(clean), "median": statistics.median(clean)},
        "extraction_ms": {"total": sum(extract), "median": statistics.median(extract)},
        "text_chars": sum(t.chars for t in timings),
        "ratio": {
            "total": sum(extract) / sum(clean),
            "median_per_page": statistics.median(t.ratio for t in timings),
        },
        "peak_memory_bytes": {
            "cleaning": clean_peak,
            "extraction": extract_peak,
            "ratio": extract_peak / clean_peak,
        },
        "slowest_extraction": [{**asdict(t), "ratio": t.ratio} for t in slowest],
    }


def report(figures: dict[str, Any]) -> str:
    """The figures as a small plain-text table."""
    clean, extract = figures["cleaning_ms"], figures["extraction_ms"]
    ratio, memory = figures["ratio"], figures["peak_memory_bytes"]
    lines = [
        f"pages {figures['pages']} ({figures['pages_without_text']} without text), "
        f"best of {figures['repeat']}, {figures['cpus']} cpus; "
        f"gazetteer build (first call) {figures['gazetteer_build_ms']:.0f} ms",
        "",
        f"{'':<22}{'total ms':>10}{'median ms':>11}",
        f"{'cleaning (baseline)':<22}{clean['total']:>10.0f}{clean['median']:>11.2f}",
        f"{'extraction':<22}{extract['total']:>10.0f}{extract['median']:>11.2f}",
        f"{'text chars':<22}{figures['text_chars']:>10}",
        f"{'ratio extract/clean':<22}{ratio['total']:>10.3f}{ratio['median_per_page']:>11.3f}"
        "   (total, median per page; target <= 0.1)",
        f"peak memory: cleaning {memory['cleaning'] / 2**20:.1f} MiB, extraction "
        f"{memory['extraction'] / 2**20:.1f} MiB, ratio {memory['ratio']:.3f}",
        "",
        f"{'slowest extraction':<60}{'extract ms':>11}{'clean ms':>10}{'chars':>8}{'ratio':>7}",
    ]
    lines += [
        f"  {t['name'][:58]:<58}{t['extract_ms']:>11.1f}{t['clean_ms']:>10.1f}"
        f"{t['chars']:>8}{t['ratio']:>7.2f}"
        for t in figures["slowest_extraction"]
    ]
    return "\n".join(lines)


def main() -> int:
    """Parse arguments, measure, print the table and optionally write JSON."""
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--pages", type=int, help="only the first N pages (default: all)")
    parser.add_argument("--repeat", type=int, default=3, help="repeats per page, best kept")
    parser.add_argument("--json", type=Path, help="also write the figures to this JSON file")
    parser.add_argument("--corpus", type=Path, default=CORPUS, help="corpus folder")
    args = parser.parse_args()
    figures = measure(load_pages(args.corpus, args.pages), max(1, args.repeat))
    print(report(figures))
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
