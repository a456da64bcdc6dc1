"""Pure extraction: text or HTML in, records out. No network, no database."""

from extractors.cleaning import CleanedPage, clean_html
from extractors.mentions import EXTRACTOR_VERSION, Mention, extract_mentions

__all__ = ["EXTRACTOR_VERSION", "CleanedPage", "Mention", "clean_html", "extract_mentions"]
