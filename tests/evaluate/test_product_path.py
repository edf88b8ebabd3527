"""Every score comes from the product: no evaluation module holds its own pipeline.

An evaluation converts a dataset into the product's input (articles through ``Corpus``),
reads the result back from the store or a public query (``dateline.query``), and scores it.
It must not import the clusterer, the timeline builder's or the extractors' internals
(``dateline.link``, ``dateline.annotate``, ``dateline.ingest``, ``dateline.engines``, a concrete
store), else its figure measures a twin, not what a user gets.
"""

from __future__ import annotations

import ast
from pathlib import Path

import dateline.evaluate

EVALUATE = Path(dateline.evaluate.__file__).parent
#: what an evaluation may import from dateline: the public API and queries, the records, the
#: store's interface (types), and its own loaders and scorers
ALLOWED = ("dateline.api", "dateline.records", "dateline.query.", "dateline.evaluate.")
ALLOWED_EXACT = frozenset({"dateline", "dateline.store.interface"})
#: modules that still measure a component on its own, each with why; this list only shrinks
#: (a module named here that no longer needs it fails the test, so the entry is removed)
COMPONENT_BENCHMARKS: dict[str, tuple[str, ...]] = {
    # the time tagger scored on gold TimeML text with the gold creation date as reference,
    # through the annotate stage's own dating, parse and tagging functions
    "tempeval": ("dateline.annotate.nlp", "dateline.annotate.pipeline"),
}
#: the evaluations of the product path: never component benchmarks
PRODUCT_PATH = ("ecbplus", "semeval_timeline")


def dateline_imports(path: Path) -> set[str]:
    """The dateline modules a source file imports, anywhere in it (also inside functions)."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
            # "from dateline.link import stories" imports a module too
            found.update(f"{node.module}.{alias.name}" for alias in node.names)
    return {name for name in found if name == "dateline" or name.startswith("dateline.")}


def allowed(name: str) -> bool:
    if name in ALLOWED_EXACT or name.startswith(ALLOWED):
        return True
    # "from dateline.store.interface import Store" adds "dateline.store.interface.Store"
    module = name.rsplit(".", 1)[0]
    return module != "dateline" and (module in ALLOWED_EXACT or module.startswith(ALLOWED))


def internals(path: Path) -> set[str]:
    """The pipeline internals a source file imports."""
    return {name for name in dateline_imports(path) if not allowed(name)}


def test_evaluations_import_no_pipeline_internals() -> None:
    offenders = {}
    for path in sorted(EVALUATE.glob("*.py")):
        found = internals(path)
        component = COMPONENT_BENCHMARKS.get(path.stem, ())
        found = {name for name in found if not name.startswith(component)}
        if found:
            offenders[path.stem] = sorted(found)
    assert offenders == {}, f"evaluation modules importing pipeline internals: {offenders}"


def test_the_component_benchmark_list_only_shrinks() -> None:
    for stem, component in COMPONENT_BENCHMARKS.items():
        path = EVALUATE / f"{stem}.py"
        assert path.is_file(), f"{stem} is gone: remove it from COMPONENT_BENCHMARKS"
        found = internals(path)
        for prefix in component:
            assert any(name.startswith(prefix) for name in found), (
                f"{stem} no longer imports {prefix}: remove it from COMPONENT_BENCHMARKS"
            )
    assert not set(PRODUCT_PATH) & set(COMPONENT_BENCHMARKS)


def test_the_check_sees_imports_inside_functions(tmp_path: Path) -> None:
    source = tmp_path / "twin.py"
    source.write_text(
        "from dateline.api import open_corpus\n"
        "def run():\n"
        "    from dateline.link.stories import cluster\n"
        "    from dateline import annotate\n"
        "    import dateline.query.timeline\n",
        encoding="utf-8",
    )
    assert internals(source) == {
        "dateline.link.stories",
        "dateline.link.stories.cluster",
        "dateline.annotate",
    }
