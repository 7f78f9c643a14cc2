"""Shared test fixtures: our own pages (the seed page included) and ``../shared``'s evaluation sets.

The seed page is the project's own example, so a copy lives in ``tests/fixtures/seed``: the suite
means the same thing on a clone with nothing beside it. Only the few quality tests that sample the
evaluation sets need ``../shared`` and skip, saying so, without it."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

# Fake Discord fixtures (fake_discord, fake_scene, discord_endpoints) for every test module.
from tests.fakediscord.fixtures import discord_endpoints, fake_discord, fake_scene  # noqa: F401

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("PRECIS_SHARED", ROOT.parent / "shared"))
FIXTURES = Path(__file__).resolve().parent / "fixtures"


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    if not (SHARED / "fixtures").is_dir():
        pytest.skip(f"../shared is not beside the project ({SHARED}); evaluation data unavailable")
    return SHARED


@pytest.fixture(scope="session")
def seed_dir() -> Path:
    return FIXTURES / "seed"


@pytest.fixture(scope="session")
def fixtures_dir() -> Path:
    return FIXTURES
