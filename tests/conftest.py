"""Shared test fixtures: our own pages, the seed page included.

The seed page is the project's own example, so a copy lives in ``tests/fixtures/seed``: the suite
means the same thing on a clone with nothing beside it. Nothing here reads ``../shared``; the
checks that sample the evaluation sets live in ``benchmarks/test_evalsets.py``."""

from __future__ import annotations

from pathlib import Path

import pytest

# Fake Discord fixtures (fake_discord, fake_scene, discord_endpoints) for every test module.
from tests.fakediscord.fixtures import discord_endpoints, fake_discord, fake_scene  # noqa: F401

FIXTURES = Path(__file__).resolve().parent / "fixtures"


@pytest.fixture(scope="session")
def seed_dir() -> Path:
    return FIXTURES / "seed"


@pytest.fixture(scope="session")
def fixtures_dir() -> Path:
    return FIXTURES
