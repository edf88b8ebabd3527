"""No module of dateline imports one that imports it back, directly or through others.

The import graph is read from the source with ``ast``: every ``import`` and ``from ... import``
anywhere in a module (at the top, under ``TYPE_CHECKING``, inside functions), so a lazy import
cannot hide a circle. A package's ``__init__`` counts as the package's module; the implicit
import of a parent package that Python performs for ``import a.b.c`` is not an edge (every
submodule would otherwise import its package back).
"""

from __future__ import annotations

import ast
from collections.abc import Iterator, Mapping
from pathlib import Path

import dateline

PACKAGE = Path(dateline.__file__).parent

#: circles that exist today, each the set of modules in one strongly connected component; this
#: list only shrinks (a circle that is gone, or that changed, fails the test until it is updated)
KNOWN_CIRCLES: frozenset[frozenset[str]] = frozenset(
    {
        # a type-only circle: the interface names QueryBudget under TYPE_CHECKING for a
        # parameter's annotation, and the budget raises the interface's StoreError
        frozenset({"dateline.store.budget", "dateline.store.interface"}),
    }
)


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def modules() -> dict[str, Path]:
    return {module_name(path): path for path in sorted(PACKAGE.rglob("*.py"))}


def imported_names(path: Path, name: str) -> Iterator[tuple[str, tuple[str, ...]]]:
    """(module, names imported from it) for every import statement of the file at ``path``."""
    is_package = path.name == "__init__.py"
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield alias.name, ()
        elif isinstance(node, ast.ImportFrom):
            module = node.module or ""
            if node.level:  # relative: resolve against the importing module's package
                base = name.split(".")
                base = base[: len(base) - node.level + (1 if is_package else 0)]
                module = ".".join([*base, module] if module else base)
            yield module, tuple(alias.name for alias in node.names)


def import_graph() -> dict[str, set[str]]:
    """dateline module -> the dateline modules it imports."""
    known = modules()
    graph: dict[str, set[str]] = {name: set() for name in known}
    for name, path in known.items():
        for module, names in imported_names(path, name):
            targets = {f"{module}.{item}" for item in names} & known.keys()
            if len(targets) < len(names) and module in known:
                targets.add(module)  # some names are attributes of the module itself
            if not names and module in known:
                targets.add(module)
            graph[name] |= targets - {name}
    return graph


def circles(graph: Mapping[str, set[str]]) -> set[frozenset[str]]:
    """The strongly connected components of more than one module (Tarjan's algorithm)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: set[frozenset[str]] = set()

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in sorted(graph[node]):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = set()
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.add(member)
                if member == node:
                    break
            if len(component) > 1:
                found.add(frozenset(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def test_no_module_imports_one_that_imports_it_back() -> None:
    found = circles(import_graph())
    new = [sorted(circle) for circle in found - KNOWN_CIRCLES]
    gone = [sorted(circle) for circle in KNOWN_CIRCLES - found]
    assert not new, f"import circles: {new}"
    assert not gone, f"these known circles are gone or changed: update KNOWN_CIRCLES: {gone}"


def test_the_graph_sees_lazy_and_relative_imports(tmp_path: Path) -> None:
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}
    assert circles(graph) == {frozenset({"a", "b", "c"})}
    source = tmp_path / "__init__.py"
    source.write_text(
        "from . import x\nfrom .y import z\ndef f():\n    import dateline.link.stories\n",
        encoding="utf-8",
    )
    found = list(imported_names(source, "dateline.pkg"))
    assert found == [
        ("dateline.pkg", ("x",)),
        ("dateline.pkg.y", ("z",)),
        ("dateline.link.stories", ()),
    ]


def test_the_story_passes_import_the_vocabulary_not_the_conductor() -> None:
    graph = import_graph()
    passes = ("online", "splits", "merges", "reassign", "threads", "features")
    for name in passes:
        imported = graph[f"dateline.link.stories.{name}"]
        assert "dateline.link.stories.conductor" not in imported
        assert "dateline.link.stories" not in imported
