"""Commands for entities: the ranked list, one entity's dossier, corrections, MEANTIME scoring."""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from dateline.api import DEFAULT_MODEL, Corpus
from dateline.cli.app import (
    DEFAULT_DB,
    DbOption,
    JsonOption,
    app,
    console,
    err_console,
    evaluate_app,
    open_cli_corpus,
    print_json,
)
from dateline.cli.text import new_table, printable
from dateline.evaluate.datasets import dataset_root
from dateline.query.dates import describe_published
from dateline.records import ENTITY_LABELS, Entity

if TYPE_CHECKING:
    from dateline.evaluate.meantime import CorefScores

entity_app = typer.Typer(
    help="Correct entity resolution: merge, split, rename.", no_args_is_help=True
)
app.add_typer(entity_app, name="entity")


def fail(message: str) -> typer.Exit:
    err_console.print(f"[red]error:[/red] {printable(message)}", soft_wrap=True)
    return typer.Exit(1)


def require(corpus: Corpus, name: str) -> Entity:
    entity = corpus.find_entity(name, articles=False)  # its id, name and label are used
    if entity is None:
        raise fail(f"no entity matches {name!r} (try `dateline entities`)")
    return entity


def other_language_counts(corpus: Corpus) -> Counter[str]:
    """Articles per language that the English entity stage skipped."""
    return Counter(corpus.withheld_language_counts())


@app.command()
def entities(
    label: Annotated[
        str | None, typer.Option("--label", help=f"Only this label: {', '.join(ENTITY_LABELS)}.")
    ] = None,
    limit: Annotated[int, typer.Option("--limit", min=1, help="How many to list.")] = 30,
    db: DbOption = DEFAULT_DB,
) -> None:
    """List entities, most mentioned first, with their aliases and roles."""
    if label is not None and label.upper() not in ENTITY_LABELS:
        raise fail(f"unknown label {label!r}; choose one of {', '.join(ENTITY_LABELS)}")
    with open_cli_corpus(db) as corpus:
        kind = label.upper() if label else None
        found = corpus.entities(kind, articles=False, limit=limit)
        total = corpus.count_entities(kind) if found else 0
        counts = corpus.article_counts(found)
        skipped = other_language_counts(corpus)
    if skipped:
        languages = ", ".join(f"{code} ×{count}" for code, count in skipped.most_common())
        console.print(
            f"{sum(skipped.values())} articles in other languages ({printable(languages)}) were "
            "not run through entity recognition (no pipeline for their language is installed; "
            "the pipeline reads English): their entities are not listed"
        )
    if not found:
        console.print("no entities yet (run `dateline ingest` first)")
        return
    table = new_table(title=f"entities ({total})")
    for column in ("#", "entity", "label", "mentions", "articles", "aliases", "roles"):
        table.add_column(column, overflow="fold")
    for rank, entity in enumerate(found, start=1):
        table.add_row(
            str(rank),
            printable(entity.name),
            entity.label,
            str(sum(count for _, count in entity.aliases)),
            str(counts.get(entity.id, 0)),
            printable(", ".join(f"{alias} ×{count}" for alias, count in entity.aliases[:5])),
            printable("; ".join(entity.roles[:2])),
        )
    console.print(table)


@app.command()
def dossier(
    name: Annotated[str, typer.Argument(help="Any name, alias or close misspelling.")],
    articles: Annotated[
        int | None,
        typer.Option(
            "--articles", min=1, help="How many of its latest articles to list (default 50)."
        ),
    ] = None,
    db: DbOption = DEFAULT_DB,
    as_json: JsonOption = False,
) -> None:
    """Everything about one entity: names, roles, its latest articles, who appears with it."""
    with open_cli_corpus(db) as corpus:
        entity = require(corpus, name)
        report = corpus.dossier(entity.id, articles=articles)
    assert report is not None  # the entity was just found
    if as_json:
        print_json(report)
        return
    console.print(f"[bold]{printable(entity.name)}[/bold] ({entity.label}, id {entity.id})")
    console.print(
        "aliases: " + printable(", ".join(f"{alias} ×{count}" for alias, count in report.aliases))
    )
    if report.roles:
        console.print("roles:")
        for role in report.roles:
            console.print(f"  - {printable(role)}")
    listed = len(report.articles)
    title = f"articles ({listed})"
    if report.article_count > listed:
        title = f"articles (the latest {listed} of {report.article_count})"
    table = new_table(title=title)
    for column in ("id", "published", "how dated", "title"):
        table.add_column(column, overflow="fold")
    for article in report.articles:
        table.add_row(
            article.id[:10],
            article.published or "?",
            describe_published(article.published_basis, article.published_confidence),
            printable(article.title),
        )
    console.print(table)
    if report.co_occurring:
        shown = ", ".join(f"{other.name} ({count})" for other, count in report.co_occurring[:15])
        console.print("appears with: " + printable(shown))


@entity_app.command("merge")
def merge(
    names: Annotated[
        list[str], typer.Argument(help="Two or more entities; the first keeps its name.")
    ],
    db: DbOption = DEFAULT_DB,
) -> None:
    """Merge entities into one (stored, and re-applied on every re-link)."""
    if len(names) < 2:
        raise fail("name at least two entities to merge")
    with open_cli_corpus(db) as corpus:
        entities_found = [require(corpus, name) for name in names]
        from dateline.api import CorrectionError

        try:
            corpus.merge_entities([e.name for e in entities_found])
        except CorrectionError as exc:
            raise fail(str(exc)) from exc
    console.print("merged: " + printable(" + ".join(e.name for e in entities_found)))


@entity_app.command("split")
def split(
    name: Annotated[str, typer.Argument(help="The entity to split.")],
    alias: Annotated[
        list[str] | None, typer.Option("--alias", help="Move mentions written like this.")
    ] = None,
    article: Annotated[
        list[str] | None, typer.Option("--article", help="Move its mentions in this article.")
    ] = None,
    db: DbOption = DEFAULT_DB,
) -> None:
    """Split mentions (by alias and/or article) out of an entity into a new one."""
    if not alias and not article:
        raise fail("say which mentions to split off with --alias and/or --article")
    with open_cli_corpus(db) as corpus:
        entity = require(corpus, name)
        from dateline.api import CorrectionError

        try:
            corpus.split_entity(entity.name, aliases=alias or [], articles=article or [])
        except CorrectionError as exc:
            raise fail(str(exc)) from exc
    console.print(
        f"split from {printable(entity.name)}: " + printable(", ".join(alias or article or []))
    )


@entity_app.command("rename")
def rename(
    name: Annotated[str, typer.Argument(help="The entity to rename.")],
    new_name: Annotated[str, typer.Argument(help="Its new canonical name.")],
    db: DbOption = DEFAULT_DB,
) -> None:
    """Give an entity a new canonical name (its id stays)."""
    if not new_name.strip():
        raise fail("the new name is empty")
    with open_cli_corpus(db) as corpus:
        entity = require(corpus, name)
        from dateline.api import CorrectionError

        try:
            corpus.rename_entity(entity.name, new_name)
        except CorrectionError as exc:
            raise fail(str(exc)) from exc
    console.print(f"renamed {printable(entity.name)} -> {printable(new_name)}")


def score_cells(scores: CorefScores) -> list[str]:
    cross = scores.cross_document
    return [
        f"{scores.muc.f1:.4f}",
        f"{scores.b_cubed.f1:.4f}",
        f"{scores.ceaf_e.f1:.4f}",
        f"{scores.conll_f1:.4f}",
        f"{cross.precision:.4f}" if cross else "-",
        f"{cross.recall:.4f}" if cross else "-",
    ]


@evaluate_app.command("meantime")
def evaluate_meantime_command(
    data: Annotated[
        Path | None, typer.Option("--data", help="The meantime-en folder (default: in --data).")
    ] = None,
    mentions: Annotated[
        str, typer.Option("--mentions", help="Gold mentions scored: 'named' or 'all'.")
    ] = "named",
    limit: Annotated[
        int | None, typer.Option("--limit", min=1, help="Only the first N documents.")
    ] = None,
    model: Annotated[str, typer.Option("--model", help="spaCy pipeline.")] = DEFAULT_MODEL,
) -> None:
    """Cross-document entity coreference on MEANTIME: MUC, B³, CEAF-e and CoNLL F1."""
    from dateline.evaluate.meantime import evaluate_meantime

    if mentions not in ("named", "all"):
        raise fail("--mentions must be 'named' or 'all'")
    try:
        report = evaluate_meantime(
            data or dataset_root() / "meantime-en", scored=mentions, limit=limit, model=model
        )
    except (FileNotFoundError, RuntimeError) as exc:
        raise fail(str(exc)) from exc
    table = new_table(
        title=f"MEANTIME cross-document entity coreference ({mentions} gold mentions)"
    )
    columns = ("setting", "system", "MUC F1", "B³ F1", "CEAF-e F1", "CoNLL F1", "xdoc P", "xdoc R")
    for column in columns:
        table.add_column(column)
    for setting, runs in (("strict", report.strict), ("key-aligned", report.aligned)):
        for system, scores in (("dateline", runs[0]), ("exact-string baseline", runs[1])):
            table.add_row(setting, system, *score_cells(scores))
    console.print(table)
    console.print("xdoc P/R: pairwise precision and recall of links across articles")
    console.print(
        f"{report.documents} documents; key: {report.key_mentions} mentions in "
        f"{report.key_entities} entities; dateline: {report.response_mentions} mentions in "
        f"{report.response_entities} entities (strict)"
    )


@evaluate_app.command("ecbplus-entities")
def evaluate_ecbplus_entities_command(
    data: Annotated[
        Path | None,
        typer.Option("--data", help="The ECB+ folder; default: shared/datasets/ecbplus."),
    ] = None,
    split: Annotated[
        list[str] | None,
        typer.Option("--split", help="train and/or dev (repeatable; default both)."),
    ] = None,
    limit: Annotated[
        int | None, typer.Option("--limit", min=1, help="Only the first N documents.")
    ] = None,
    model: Annotated[str, typer.Option("--model", help="spaCy pipeline.")] = DEFAULT_MODEL,
) -> None:
    """Cross-document coreference of ECB+ participant names, through the product."""
    from dateline.evaluate.ecbplus import DatasetError
    from dateline.evaluate.ecbplus_entities import DEFAULT_SPLITS, evaluate_participants

    splits = tuple(split or DEFAULT_SPLITS)
    try:
        report = evaluate_participants(
            splits, data or dataset_root() / "ecbplus", limit=limit, model=model
        )
    except (DatasetError, ValueError, FileNotFoundError) as exc:
        raise fail(str(exc)) from exc
    table = new_table(title=f"ECB+ participant names, key-aligned ({'+'.join(splits)})")
    columns = ("system", "MUC F1", "B³ F1", "CEAF-e F1", "CoNLL F1", "xdoc P", "xdoc R")
    for column in columns:
        table.add_column(column)
    for system, scores in (("dateline", report.dateline), ("exact-string", report.baseline)):
        table.add_row(system, *score_cells(scores))
    console.print(table)
    console.print(
        f"{report.documents} documents; key: {report.key_mentions} named participant mentions "
        f"in {report.key_entities} entities; {report.aligned_mentions} aligned; "
        "xdoc P/R: pairwise precision and recall of links across articles"
    )
