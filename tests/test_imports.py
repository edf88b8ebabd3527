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
KNOWN_CIRCLES: frozenset[frozenset[str]] = frozenset()


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


# -- who may import whom: the fronts ask Corpus, the renderers render query records --------

#: what cli/ and serve/ may import from dateline beyond their own package: the front
#: (dateline.api), the records, the presentation helpers, the query layer's date words and
#: value renderer, the store interface's types and errors, the query budget (a web request
#: cancels its query), and the store location's display helpers
FRONT_ALLOWED = (
    "dateline.api",
    "dateline.records",
    "dateline.present",
    "dateline.query.dates",
    "dateline.query.render",
    "dateline.store.interface",
    "dateline.store.budget",
    "dateline.store.location",
)
#: what cli/ may import besides: the evaluation commands run dateline.evaluate, and the watch
#: command runs the watcher (itself a loop over Corpus)
CLI_ALLOWED = ("dateline.evaluate", "dateline.watch")
#: edges that exist today beyond the rules, each with why; this list only shrinks
FRONT_EXCEPTIONS: dict[str, frozenset[str]] = {
    # `dateline serve` starts the web server: the one command that must import it
    "dateline.cli.serve_cmd": frozenset(
        {"dateline.serve.app", "dateline.serve.server", "dateline.serve.bind"}
    ),
    # `dateline evaluate tempeval --spacy` parses with the annotate stage's own pipeline
    "dateline.cli.time_cmd": frozenset({"dateline.annotate.nlp"}),
    # the upload worker process dies with the server that started it
    "dateline.serve.upload_process": frozenset({"dateline.engines.orphans"}),
}


def front_imports(module: str) -> Iterator[tuple[str, tuple[str, ...]]]:
    """(dateline module, names) for every dateline import of a cli/ or serve/ module."""
    path = modules()[module]
    for imported, names in imported_names(path, module):
        if imported == "dateline" or imported.startswith("dateline."):
            yield imported, names


def is_record(module: str, name: str) -> bool:
    """Whether ``module.name`` is a record type (a dataclass): an answer, not a query."""
    import dataclasses
    import importlib

    found = getattr(importlib.import_module(module), name, None)
    return isinstance(found, type) and dataclasses.is_dataclass(found)


def front_offences(package: str, allowed: tuple[str, ...]) -> dict[str, set[str]]:
    offences: dict[str, set[str]] = {}
    for module in modules():
        if not (module == package or module.startswith(package + ".")):
            continue
        for imported, names in front_imports(module):
            if imported == "dateline" or imported.startswith((package, *allowed)):
                continue  # the package itself is the public API (open, __version__)
            if imported.startswith("dateline.query.") and names:
                # query record types may be named (to render them); query functions may not
                names = tuple(name for name in names if not is_record(imported, name))
                if not names:
                    continue
            if imported in FRONT_EXCEPTIONS.get(module, frozenset()):
                continue
            offences.setdefault(module, set()).add(imported)
    return offences


def test_cli_and_serve_ask_corpus_and_render_records() -> None:
    assert front_offences("dateline.serve", FRONT_ALLOWED) == {}
    assert front_offences("dateline.cli", FRONT_ALLOWED + CLI_ALLOWED) == {}


def test_export_and_cli_never_import_serve() -> None:
    graph = import_graph()
    for module, imported in graph.items():
        if module.startswith(("dateline.export", "dateline.cli")):
            from_serve = {name for name in imported if name.startswith("dateline.serve")}
            assert from_serve <= FRONT_EXCEPTIONS.get(module, frozenset()), (module, from_serve)


def test_the_front_exceptions_only_shrink() -> None:
    graph = import_graph()
    for module, allowed in FRONT_EXCEPTIONS.items():
        assert module in graph, f"{module} is gone: remove it from FRONT_EXCEPTIONS"
        unused = allowed - graph[module]
        assert not unused, f"{module} no longer imports {unused}: update FRONT_EXCEPTIONS"


def test_a_query_record_may_be_named_but_not_a_query() -> None:
    assert is_record("dateline.query.dossier", "Dossier")
    assert not is_record("dateline.query.dossier", "build_dossier")
    assert not is_record("dateline.query.dossier", "RELATED_SHOWN")
