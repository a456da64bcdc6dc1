"""Loading of the packaged pattern data (extractors/data/*.yaml), cached per process."""

from __future__ import annotations

from functools import cache
from importlib import resources
from typing import Any

import yaml


@cache
def load_data(name: str) -> Any:
    """Parse one YAML file of extractors/data/."""
    text = resources.files("extractors").joinpath("data", name).read_text(encoding="utf-8")
    return yaml.safe_load(text)
