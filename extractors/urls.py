"""URL normalisation and the ids derived from it."""

from __future__ import annotations

import hashlib
from urllib.parse import urldefrag

from courlan import normalize_url as _courlan_normalize


def normalize_url(url: str) -> str:
    """Canonical form for dedup: courlan's normalisation (case, ports, sorted query,
    tracking parameters dropped), without the fragment."""
    try:
        normalized = _courlan_normalize(url.strip())
    except ValueError:
        normalized = url.strip()
    return urldefrag(normalized).url


def short_digest(*parts: object) -> str:
    """16 hex digits of sha256 over the parts: stable ids for reruns."""
    joined = "\x1f".join("" if p is None else str(p) for p in parts)
    return hashlib.sha256(joined.encode("utf-8")).hexdigest()[:16]


def article_id(url_normalized: str) -> str:
    return short_digest(url_normalized)
