"""The package's shape: no import cycle inside ``bot/``, and the layering the README promises.

Imports are read with ``ast`` (nothing is imported), at module level only: an import inside a
function or under ``if TYPE_CHECKING:`` runs later or never, which is how a deliberate
back-reference is written.
"""

from __future__ import annotations

import ast
from pathlib import Path

BOT = Path(__file__).resolve().parents[1] / "bot"


def _name(path: Path) -> str:
    parts = list(path.relative_to(BOT.parent).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {_name(p): p for p in BOT.rglob("*.py")}


def _imports(name: str) -> set[str]:
    """Everything ``name`` imports at module level (modules of ours and third-party tops)."""
    path = MODULES[name]
    found: set[str] = set()

    def visit(nodes: list[ast.stmt]) -> None:
        for node in nodes:
            if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
                continue
            if isinstance(node, ast.Import):
                found.update(alias.name for alias in node.names)
            elif isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:
                    package = (
                        name.split(".") if path.name == "__init__.py" else name.split(".")[:-1]
                    )
                    package = package[: len(package) - node.level + 1]
                    base = ".".join([*package, *([node.module] if node.module else [])])
                for alias in node.names:
                    # ``from bot.storage import search`` imports the submodule, not the package.
                    sub = f"{base}.{alias.name}"
                    found.add(sub if sub in MODULES else base)
            elif isinstance(node, ast.If | ast.Try | ast.With):
                visit(node.body)
                visit(getattr(node, "orelse", []))
                for handler in getattr(node, "handlers", []):
                    visit(handler.body)
                visit(getattr(node, "finalbody", []))

    visit(ast.parse(path.read_text(encoding="utf-8")).body)
    return found


GRAPH = {name: {m for m in _imports(name) if m in MODULES and m != name} for name in MODULES}


def _cycle_from(start: str) -> list[str] | None:
    """A path start → … → start through module-level imports, if there is one."""
    stack = [(start, [start])]
    seen: set[str] = set()
    while stack:
        node, path = stack.pop()
        for nxt in sorted(GRAPH[node]):
            if nxt == start:
                return [*path, start]
            if nxt not in seen:
                seen.add(nxt)
                stack.append((nxt, [*path, nxt]))
    return None


def test_no_import_cycle_inside_bot() -> None:
    cycles = [c for name in sorted(MODULES) if (c := _cycle_from(name))]
    assert not cycles, "import cycle: " + " -> ".join(cycles[0])


def test_only_discord_ui_imports_discord_and_nothing_imports_cogs() -> None:
    for name in MODULES:
        tops = {m.split(".")[0] for m in _imports(name)}
        assert "cogs" not in tops, f"{name} imports cogs"
        if not name.startswith("bot.discord_ui"):
            assert "discord" not in tops, f"{name} imports discord outside bot.discord_ui"


def test_storage_and_guild_meet_through_a_small_interface() -> None:
    # Storage owns GuildDBs; a GuildDB only knows the Owner protocol it is given.
    assert "bot.storage.guild" in GRAPH["bot.storage.store"]
    assert "bot.storage.store" not in _imports("bot.storage.guild")
    text = (BOT / "storage" / "store.py").read_text(encoding="utf-8")
    assert "._conn" not in text and "._mark_deleted" not in text
