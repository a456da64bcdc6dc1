"""The feeds file and settings: clear one-line errors for unusable configuration."""

from __future__ import annotations

import pytest

from pactwatch.config import ConfigError, Settings, load_feeds_file


def test_feeds_file_in_contract_format_loads(tmp_path) -> None:
    path = tmp_path / "feeds.yaml"
    path.write_text(
        "feeds:\n  - url: https://example.org/rss.xml\n    name: Example\n    tags: [asia, defence]\n"
        "  - url: http://127.0.0.1:8000/atom\nnotify:\n  - json://127.0.0.1:8080/hook\n",
        encoding="utf-8",
    )
    feeds = load_feeds_file(path)
    assert [f.url for f in feeds.feeds] == ["https://example.org/rss.xml", "http://127.0.0.1:8000/atom"]
    assert feeds.feeds[0].tags == ["asia", "defence"] and feeds.feeds[1].name is None
    assert feeds.notify == ["json://127.0.0.1:8080/hook"]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (None, "feeds file not found"),
        ("feeds: [\n  - url: x", "is not valid YAML (line"),
        ("feeds:\n  - name: no url here\n", "feeds.0.url is missing (every feed needs a url)"),
        ("feeds:\n  - url: ftp://example.org/feed\n", "must start with http:// or https://"),
        ("- just a list\n", "must be a mapping with a 'feeds:' list"),
        ("feeds:\n  - url: https://a.example/feed\n    colour: red\n", "feeds.0.colour Extra inputs are not permitted"),
    ],
)
def test_unusable_feeds_files_give_one_readable_line(tmp_path, content: str | None, message: str) -> None:
    path = tmp_path / "feeds.yaml"
    if content is not None:
        path.write_text(content, encoding="utf-8")
    with pytest.raises(ConfigError) as error:
        load_feeds_file(path)
    assert message in str(error.value)
    assert "\n" not in str(error.value)


def test_settings_come_from_the_environment(monkeypatch) -> None:
    monkeypatch.setenv("PACTWATCH_DB", "/tmp/x.duckdb")
    monkeypatch.setenv("PACTWATCH_TIMEOUT_S", "2.5")
    monkeypatch.setenv("PACTWATCH_NOTIFY", "json://127.0.0.1:1/a, mailto://u:p@example.org")
    settings = Settings()
    assert str(settings.db) == "/tmp/x.duckdb" and settings.timeout_s == 2.5
    assert settings.notify == ["json://127.0.0.1:1/a", "mailto://u:p@example.org"]


def test_settings_file_is_read_and_the_environment_wins(tmp_path, monkeypatch) -> None:
    config = tmp_path / "settings.toml"
    config.write_text('db = "/srv/pactwatch.duckdb"\ntimeout_s = 7\nnotify = ["json://127.0.0.1:9/x"]\n', encoding="utf-8")
    monkeypatch.setenv("PACTWATCH_CONFIG", str(config))
    monkeypatch.setenv("PACTWATCH_TIMEOUT_S", "3")
    settings = Settings()
    assert str(settings.db) == "/srv/pactwatch.duckdb" and settings.timeout_s == 3
    assert settings.notify == ["json://127.0.0.1:9/x"]
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("PACTWATCH_CONFIG")
    (tmp_path / "pactwatch.toml").write_text("max_fetch_attempts = 5\n", encoding="utf-8")
    assert Settings().max_fetch_attempts == 5
