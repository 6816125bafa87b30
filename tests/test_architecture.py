"""The layers, checked on the source: only the app layer (dashboard/, app.py, pages/) knows Streamlit; the core
(jeugdhulp/) imports neither the loaders nor the app layer; loaders/ and bench/ never import the app layer;
and the packages import each other in one direction only (core <- loaders, core <- app <- pages)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("jeugdhulp", "loaders", "dashboard", "bench")
LONG_FILE = 300
LONG_REASON = "longer than 300 lines because"


def _sources() -> list[Path]:
    found = [ROOT / "app.py", *sorted((ROOT / "pages").glob("*.py"))]
    for package in PACKAGES:
        found += sorted((ROOT / package).rglob("*.py"))
    return found


# Streamlit apps of their own, not modules of the layer they sit in: the bare page bench.paginas serves as the floor.
OWN_APPS = ("bench/hello/app.py",)


def _layer(path: Path) -> str:
    relative = path.relative_to(ROOT)
    if relative.as_posix() in OWN_APPS:
        return "pages"
    return "pages" if relative.parts[0] in ("pages", "app.py") else relative.parts[0]


def _imported_modules(path: Path) -> set[str]:
    """The modules a module imports, by full name, wherever in the module the import stands (also inside functions)."""
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module)
    return names


def _imported_top_levels(path: Path) -> set[str]:
    return {name.split(".")[0] for name in _imported_modules(path)}


ALLOWED = {   # layer -> the project's layers it may import
    "jeugdhulp": set(),
    "loaders": {"jeugdhulp"},
    "bench": {"jeugdhulp", "loaders"},
    "dashboard": {"jeugdhulp", "loaders"},
    "pages": {"jeugdhulp", "loaders", "dashboard"},
}


@pytest.mark.parametrize("path", _sources(), ids=lambda p: str(p.relative_to(ROOT)))
def test_each_module_imports_only_the_layers_below_it(path: Path) -> None:
    layer = _layer(path)
    imported = _imported_top_levels(path)
    project = imported & set(ALLOWED) - {layer}
    assert project <= ALLOWED[layer], f"{layer} may not import {sorted(project - ALLOWED[layer])}"
    if layer not in ("dashboard", "pages"):
        # The load run's reader without a browser speaks the app's wire format: Streamlit's protobuf messages only.
        wire_only = layer == "bench" and all(m.startswith("streamlit.proto.") for m in _imported_modules(path)
                                             if m.split(".")[0] == "streamlit")
        assert "streamlit" not in imported or wire_only, \
            "only the app layer (dashboard/, app.py, pages/) may import streamlit (the bench its messages)"


def test_the_package_graph_has_no_cycle() -> None:
    edges = {layer: set() for layer in ALLOWED}
    for path in _sources():
        layer = _layer(path)
        edges[layer] |= (_imported_top_levels(path) & set(ALLOWED)) - {layer}
    state: dict[str, str] = {}

    def visit(node: str, trail: list[str]) -> None:
        state[node] = "open"
        for nxt in edges[node]:
            assert state.get(nxt) != "open", f"import cycle: {' -> '.join([*trail, node, nxt])}"
            if nxt not in state:
                visit(nxt, [*trail, node])
        state[node] = "done"

    for layer in edges:
        if layer not in state:
            visit(layer, [])


def test_long_modules_say_why() -> None:
    long = [str(p.relative_to(ROOT)) for p in _sources()
            if len(p.read_text(encoding="utf-8").splitlines()) > LONG_FILE
            and LONG_REASON not in (ast.get_docstring(ast.parse(p.read_text(encoding="utf-8"))) or "")]
    assert long == [], f"over {LONG_FILE} lines without '{LONG_REASON} ...' in the module docstring"


def test_every_text_field_has_a_character_limit() -> None:
    """dashboard/nederlands.py puts Dutch over Streamlit's "Press Enter to apply" only where it is the first of two
    hints, the second being the count of characters: a text field without max_chars would show the English again."""
    missing = []
    for path in _sources():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                    and node.func.attr in ("text_input", "text_area")
                    and "max_chars" not in {k.arg for k in node.keywords}):
                missing.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    assert missing == []
