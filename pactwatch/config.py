"""Configuration: settings from the environment, and the feeds file (CONTRACT.md)."""

from __future__ import annotations

import io
import os
import tempfile
from pathlib import Path
from typing import Annotated

import yaml
from ruamel.yaml import YAML
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator
from pydantic_settings import (
    BaseSettings,
    NoDecode,
    PydanticBaseSettingsSource,
    SettingsConfigDict,
    TomlConfigSettingsSource,
)

DEFAULT_DB = Path("data/pactwatch.duckdb")


class ConfigError(Exception):
    """Unusable configuration; the message is one line a user can act on."""


class Settings(BaseSettings):
    """Everything tunable: PACTWATCH_* environment variables, over a settings file
    (`pactwatch.toml` in the working directory, or the file $PACTWATCH_CONFIG names)."""

    model_config = SettingsConfigDict(env_prefix="PACTWATCH_", extra="ignore")

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        config_file = Path(os.environ.get("PACTWATCH_CONFIG", "pactwatch.toml"))
        return init_settings, env_settings, TomlConfigSettingsSource(settings_cls, toml_file=config_file)

    db: Path = Field(DEFAULT_DB, description="warehouse file")
    feeds: Path = Field(Path("feeds.yaml"), description="feeds file")
    user_agent: str = Field("pactwatch/0.1 (+https://github.com/pactwatch/pactwatch)", description="User-Agent of every request")
    timeout_s: float = Field(20.0, gt=0, description="whole-request timeout, feeds and pages")
    max_feed_bytes: int = Field(10_000_000, gt=0, description="largest feed body read")
    max_page_bytes: int = Field(20_000_000, gt=0, description="largest article body read")
    max_redirects: int = Field(5, ge=0, description="redirects followed per request")
    retries: int = Field(2, ge=0, description="further attempts after a timeout, 5xx or 429, with doubling delays")
    retry_delay_s: float = Field(1.0, ge=0, description="delay before the first retry")
    concurrency: int = Field(16, ge=1, description="requests in flight at once")
    per_host_concurrency: int = Field(2, ge=1, description="requests in flight to one host")
    max_fetch_attempts: int = Field(3, ge=1, description="runs that retry a transiently failing article before its feed summary stands in")
    batch_size: int = Field(50, ge=1, description="articles cleaned, extracted and committed together")
    global_limit: str | None = Field(None, description="name of a Prefect global concurrency limit shared by the network tasks of all runs")
    failing_after: int = Field(3, ge=1, description="consecutive failed polls after which a feed is reported as failing and polled less often")
    notify: Annotated[list[str], NoDecode] = Field(default_factory=list, description="Apprise URLs, comma-separated")

    @field_validator("notify", mode="before")
    @classmethod
    def _split_urls(cls, value: object) -> object:
        if isinstance(value, str):
            return [part.strip() for part in value.replace("\n", ",").split(",") if part.strip()]
        return value


class FeedSpec(BaseModel):
    model_config = ConfigDict(extra="forbid")

    url: str
    name: str | None = None
    tags: list[str] = Field(default_factory=list)

    @field_validator("url")
    @classmethod
    def _http_url(cls, value: str) -> str:
        value = value.strip()
        if not value.startswith(("http://", "https://")):
            raise ValueError(f"feed url must start with http:// or https://, got {value!r}")
        return value


class FeedsFile(BaseModel):
    model_config = ConfigDict(extra="forbid")

    feeds: list[FeedSpec]
    notify: list[str] = Field(default_factory=list)


def load_feeds_file(path: str | Path) -> FeedsFile:
    """Read and validate a feeds file; raise ConfigError with one readable line."""
    path = Path(path)
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigError(f"feeds file not found: {path}") from None
    except (OSError, UnicodeDecodeError) as error:
        raise ConfigError(f"cannot read feeds file {path}: {error}") from None
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f" (line {mark.line + 1}, column {mark.column + 1})" if mark else ""
        problem = getattr(error, "problem", None) or str(error).splitlines()[0]
        raise ConfigError(f"feeds file {path} is not valid YAML{where}: {problem}") from None
    if not isinstance(raw, dict) or "feeds" not in raw:
        raise ConfigError(f"feeds file {path} must be a mapping with a 'feeds:' list")
    try:
        return FeedsFile.model_validate(raw)
    except ValidationError as error:
        first = error.errors()[0]
        where = ".".join(str(part) for part in first["loc"])
        message = first["msg"]
        if first["type"] == "missing":
            message = "is missing (every feed needs a url)" if where.endswith("url") else "is missing"
        raise ConfigError(f"feeds file {path}: {where} {message}") from None


def add_feed(path: str | Path, url: str, name: str | None = None, tags: list[str] | None = None) -> FeedSpec:
    """Append a feed to the feeds file (comments kept), refusing duplicates and bad URLs."""
    spec = FeedSpec(url=url, name=name, tags=tags or [])
    document = _round_trip(path, create=True)
    feeds = document.setdefault("feeds", [])
    if any(str(f.get("url", "")).strip() == spec.url for f in feeds):
        raise ConfigError(f"{spec.url} is already in {path}")
    entry = {"url": spec.url}
    if name:
        entry["name"] = name
    if tags:
        entry["tags"] = list(tags)
    feeds.append(entry)
    _write_validated(path, document)
    return spec


def remove_feed(path: str | Path, url: str) -> None:
    """Remove a feed from the feeds file (comments kept)."""
    document = _round_trip(path, create=False)
    feeds = document.get("feeds") or []
    kept = [f for f in feeds if str(f.get("url", "")).strip() != url.strip()]
    if len(kept) == len(feeds):
        raise ConfigError(f"{url} is not in {path}")
    feeds[:] = kept
    _write_validated(path, document)


def _yaml() -> YAML:
    handler = YAML()
    handler.preserve_quotes = True
    handler.indent(mapping=2, sequence=4, offset=2)
    return handler


def _round_trip(path: str | Path, create: bool) -> dict:
    path = Path(path)
    if not path.exists():
        if create:
            return {"feeds": []}
        raise ConfigError(f"feeds file not found: {path}")
    load_feeds_file(path)  # refuse to edit a file that is already broken
    return _yaml().load(path.read_text(encoding="utf-8"))


def _write_validated(path: str | Path, document: dict) -> None:
    """Validate the new content, then replace the file atomically."""
    path = Path(path)
    buffer = io.StringIO()
    _yaml().dump(document, buffer)
    text = buffer.getvalue()
    FeedsFile.model_validate(yaml.safe_load(text))
    path.parent.mkdir(parents=True, exist_ok=True)
    descriptor, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
        handle.write(text)
    os.replace(temporary, path)
