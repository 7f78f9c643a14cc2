from __future__ import annotations

from pathlib import Path

import pytest

from bot.config import load_settings
from bot.errors import ConfigError


def test_defaults_without_anything_set():
    s = load_settings({})
    assert s.discord_token is None
    assert s.data_dir == Path("data")
    assert s.fetch_allow_private == frozenset()
    assert s.fetch_max_bytes == 5 * 1024 * 1024


def test_values_are_parsed():
    s = load_settings(
        {
            "DISCORD_TOKEN": " abc ",
            "DEV_GUILD_ID": "123",
            "OWNER_IDS": "1, 2",
            "FETCH_ALLOW_PRIVATE": "127.0.0.1:8080, [::1]:9000",
            "DISCORD_API_BASE": "http://127.0.0.1:1/api/v10/",
            "RETENTION_DAYS": "30",
        }
    )
    assert s.discord_token == "abc"
    assert s.dev_guild_id == 123
    assert s.owner_ids == {1, 2}
    assert s.fetch_allow_private == {"127.0.0.1:8080", "::1:9000"}
    assert s.discord_api_base == "http://127.0.0.1:1/api/v10"
    assert s.retention_days == 30


@pytest.mark.parametrize(
    ("env", "needle"),
    [
        ({"DEV_GUILD_ID": "abc"}, "DEV_GUILD_ID"),
        ({"FETCH_ALLOW_PRIVATE": "localhost"}, "FETCH_ALLOW_PRIVATE"),
        ({"FETCH_TIMEOUT": "0"}, "FETCH_TIMEOUT"),
        ({"DISCORD_GATEWAY_URL": "http://x"}, "DISCORD_GATEWAY_URL"),
        ({"LOG_LEVEL": "LOUD"}, "LOG_LEVEL"),
        ({"OWNER_IDS": "me"}, "OWNER_IDS"),
    ],
)
def test_bad_values_name_the_setting(env, needle):
    with pytest.raises(ConfigError) as info:
        load_settings(env)
    assert needle in info.value.user_message


def test_env_example_lists_every_setting():
    example = (Path(__file__).resolve().parents[1] / ".env.example").read_text()
    source = (Path(__file__).resolve().parents[1] / "bot" / "config.py").read_text()
    import re

    read = set(re.findall(r'env(?:\.get\(|, )"([A-Z][A-Z_]+)"', source))
    listed = set(re.findall(r"^([A-Z][A-Z_]+)=", example, re.M))
    assert len(read) >= 15
    assert read <= listed, f"settings missing from .env.example: {sorted(read - listed)}"
