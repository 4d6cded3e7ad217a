"""The size rule (issue 18): no module over 500 lines and no function over 80 lines, migrations
aside. Enforced for the service centre; widen :data:`ROOTS` to apply it to more of ``src/``."""

from __future__ import annotations

import ast
from pathlib import Path

import anliegen

SRC = Path(anliegen.__file__).resolve().parent
ROOTS = (SRC / "servicecenter",)
MAX_MODULE_LINES = 500
MAX_FUNCTION_LINES = 80


def modules() -> list[Path]:
    return sorted(
        path
        for root in ROOTS
        for path in root.rglob("*.py")
        if "migrations" not in path.relative_to(root).parts
    )


def oversized(name: str, text: str) -> list[str]:
    """What in the module ``name`` with source ``text`` breaks the rule, as readable lines."""
    found = []
    lines = len(text.splitlines())
    if lines > MAX_MODULE_LINES:
        found.append(f"{name}: {lines} lines (at most {MAX_MODULE_LINES})")
    for node in ast.walk(ast.parse(text, filename=name)):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            length = (node.end_lineno or node.lineno) - node.lineno + 1
            if length > MAX_FUNCTION_LINES:
                found.append(
                    f"{name}:{node.lineno} {node.name}() has {length} lines "
                    f"(at most {MAX_FUNCTION_LINES})"
                )
    return found


def test_the_rule_sees_the_modules():
    found = modules()
    assert len(found) > 30
    assert not any("migrations" in path.parts for path in found)


def test_no_module_or_function_over_the_limits():
    problems = [
        problem
        for path in modules()
        for problem in oversized(path.relative_to(SRC.parent).as_posix(), path.read_text("utf-8"))
    ]
    assert not problems, "\n".join(problems)


def test_the_check_finds_an_oversized_function_and_module():
    body = "\n".join(f"    x{i} = {i}" for i in range(MAX_FUNCTION_LINES))
    source = f"def long():\n{body}\n" + "\n" * MAX_MODULE_LINES
    problems = oversized("probe.py", source)
    assert problems == [
        f"probe.py: {MAX_MODULE_LINES + MAX_FUNCTION_LINES + 1} lines (at most 500)",
        "probe.py:1 long() has 81 lines (at most 80)",
    ]


def test_a_function_at_the_limit_passes():
    body = "\n".join(f"    x{i} = {i}" for i in range(MAX_FUNCTION_LINES - 1))
    assert oversized("probe.py", f"async def fits():\n{body}\n") == []
