"""bot.errors: the exception tree in the module docstring is the tree of the classes."""

from __future__ import annotations

import inspect

import bot.errors as errors


def _documented_tree() -> set[tuple[str, str | None]]:
    """(class, parent) pairs read from the indented tree after the docstring's ``::``."""
    doc = errors.__doc__ or ""
    block = doc.split("::", 1)[1].split("\n\n")[1]
    pairs: set[tuple[str, str | None]] = set()
    stack: list[tuple[int, str]] = []
    for line in block.splitlines():
        depth = len(line) - len(line.lstrip())
        name = line.strip()
        while stack and stack[-1][0] >= depth:
            stack.pop()
        pairs.add((name, stack[-1][1] if stack else None))
        stack.append((depth, name))
    return pairs


def _class_tree() -> set[tuple[str, str | None]]:
    pairs: set[tuple[str, str | None]] = set()
    for name, cls in inspect.getmembers(errors, inspect.isclass):
        if not issubclass(cls, errors.PrecisError) or cls.__module__ != errors.__name__:
            continue
        parents = [b for b in cls.__bases__ if issubclass(b, errors.PrecisError)]
        pairs.add((name, parents[0].__name__ if parents else None))
    return pairs


def test_docstring_tree_lists_every_error_under_its_parent() -> None:
    documented, actual = _documented_tree(), _class_tree()
    assert ("PrecisError", None) in actual
    missing = sorted(str(p) for p in actual - documented)
    stale = sorted(str(p) for p in documented - actual)
    assert not missing and not stale, f"add to the docstring: {missing}; remove: {stale}"
