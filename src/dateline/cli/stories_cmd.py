"""Commands for stories: the list, one story, related articles, and ECB+ scoring."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from dateline.cli.app import (
    DEFAULT_DB,
    DbOption,
    JsonOption,
    app,
    console,
    date_range_options,
    err_console,
    evaluate_app,
    open_cli_corpus,
    print_json,
)
from dateline.cli.text import new_table, printable
from dateline.evaluate.datasets import dataset_root
from dateline.query.render import describe_value


def _fail(message: str) -> typer.Exit:
    err_console.print(f"[red]error:[/red] {printable(message)}", soft_wrap=True)
    return typer.Exit(1)


def _span(first: str | None, last: str | None) -> str:
    if not first:
        return "undated"
    return first if first == last else f"{first} – {last}"


@app.command()
def stories(
    since: Annotated[str | None, typer.Option(help="Only stories still running on/after.")] = None,
    until: Annotated[str | None, typer.Option(help="Only stories begun on/before.")] = None,
    min_size: Annotated[int, typer.Option("--min-size", min=1, help="Fewest articles.")] = 1,
    limit: Annotated[int, typer.Option(min=1, help="How many to list.")] = 30,
    db: DbOption = DEFAULT_DB,
    as_json: JsonOption = False,
) -> None:
    """List stories, biggest first: dates, articles, independent reports, thread."""
    since, until = date_range_options(since, until)
    with open_cli_corpus(db) as corpus:
        found = corpus.stories(since, until, min_size, limit=limit)
        total = corpus.count_stories(since, until, min_size) if found else 0
    if as_json:
        print_json(found)
        return
    if not found:
        console.print("no stories yet (run `dateline ingest PATH` first)")
        return
    table = new_table(title=f"stories ({total})")
    for column in ("story", "dates", "articles", "independent", "thread", "title"):
        table.add_column(column, overflow="fold", no_wrap=column in ("story", "thread"))
    for summary in found:
        story = summary.story
        table.add_row(
            story.id,
            _span(story.first, story.last),
            str(summary.size),
            str(summary.independent_reports),
            story.thread_id or "",
            printable(story.title),
        )
    console.print(table)


@app.command()
def story(
    story_id: Annotated[str, typer.Argument(help="Story id (or its first characters).")],
    db: DbOption = DEFAULT_DB,
    as_json: JsonOption = False,
) -> None:
    """One story: its articles, entities, independent reports, mini-timeline and thread."""
    with open_cli_corpus(db) as corpus:
        detail = corpus.story(story_id)
    if detail is None:
        raise _fail(f"no story matches {story_id!r} (try `dateline stories`)")
    if as_json:
        print_json(detail)
        return
    found = detail.story
    console.print(f"[bold]{printable(found.title)}[/bold]  {found.id}")
    console.print(
        f"{_span(found.first, found.last)} · {len(found.article_ids)} articles · "
        f"{len(detail.reports) or len(found.article_ids)} independent reports"
    )
    articles = new_table(title="articles")
    for column in ("article", "published", "source", "title", "copy of"):
        articles.add_column(column, overflow="fold", no_wrap=column in ("article", "copy of"))
    for article in detail.articles:
        articles.add_row(
            article.id,
            article.published or "",
            printable(article.source or ""),
            printable(article.title),
            article.copy_of or "",
        )
    console.print(articles)
    for report in detail.reports:
        if len(report.article_ids) > 1:
            outlets = ", ".join(report.outlets) or "unknown outlets"
            console.print(
                f"copies of {report.original}: {len(report.article_ids) - 1} "
                f"(ran by {printable(outlets)})"
            )
    if detail.entities:
        names = ", ".join(f"{name} ×{count}" for name, count in detail.entities[:15])
        console.print(f"[bold]entities[/bold]: {printable(names)}")
    if detail.timeline:
        timeline = new_table(title="timeline")
        for column in ("date", "what", "article"):
            timeline.add_column(column, overflow="fold")
        for entry in detail.timeline:
            what = f"published: {entry.text}" if entry.kind == "published" else entry.text
            timeline.add_row(describe_value(entry.date), printable(what), entry.article_id)
        console.print(timeline)
    if len(detail.thread) > 1:
        console.print(f"[bold]thread[/bold] {found.thread_id}:")
        for member in detail.thread:
            marker = "→" if member.id == found.id else " "
            console.print(
                f" {marker} {_span(member.first, member.last)}  {member.id}  "
                f"{printable(member.title)}"
            )
        for reason in detail.reasons:
            direction = "later" if reason.later else "earlier"
            shared = ", ".join(name for name, _, _ in reason.shared_entities[:8])
            alike = "" if reason.similarity is None else f" (entity similarity {reason.similarity})"
            console.print(
                f"   linked to {direction} story {reason.other.id}: shares {printable(shared)}"
                f"{alike}"
            )
            for ref in reason.back_references:
                console.print(
                    f"     refers back ({printable(str(ref['value']))}, matching "
                    f"{printable(str(ref['matched']))}): “{printable(str(ref['sentence']))}”"
                )


@app.command()
def related(
    article: Annotated[str, typer.Argument(help="Article id (or its first characters).")],
    limit: Annotated[int, typer.Option(min=1, help="How many to list.")] = 10,
    db: DbOption = DEFAULT_DB,
    as_json: JsonOption = False,
) -> None:
    """Articles related to one article: same story, same thread, then similar text."""
    with open_cli_corpus(db) as corpus:
        chosen = corpus.article(article)
        if chosen is None:
            raise _fail(f"no article matches {article!r} (try `dateline articles`)")
        article_id = chosen.id
        found = corpus.related(article_id, limit)
    if as_json:
        print_json(found)
        return
    if not found:
        console.print(
            "no related articles (run `dateline ingest` or `dateline annotate` to link the corpus)"
        )
        return
    table = new_table(title=f"related to {article_id}")
    for column in ("article", "published", "source", "title", "why"):
        table.add_column(column, overflow="fold", no_wrap=column == "article")
    for item in found:
        table.add_row(
            item.article_id,
            item.published or "",
            printable(item.source or ""),
            printable(item.title),
            printable(item.reason),
        )
    console.print(table)


@evaluate_app.command("ecbplus")
def evaluate_ecbplus(
    split: Annotated[
        str, typer.Option(help="Topics to cluster: train, dev, test or numbers like 2,5.")
    ] = "dev",
    data: Annotated[
        Path | None,
        typer.Option(
            help="The ECB+ folder (with doc_index.tsv); default: shared/datasets/ecbplus "
            "beside the checkout."
        ),
    ] = None,
    inputs: Annotated[
        str,
        typer.Option(
            help="What each article is given: 'text' (title and text) or 'dates' (plus the "
            "publication date the dataset gives for some documents)."
        ),
    ] = "text",
    as_json: Annotated[bool, typer.Option("--json", help="Print the scores as JSON.")] = False,
) -> None:
    """Story clustering on ECB+ through the product: the documents of the split, mixed, are
    ingested, annotated and linked in a fresh corpus (number of stories not given), and its
    stories are scored against the gold sub-topics (B³, pairwise, ARI, V-measure)."""
    # The evaluation loads spaCy and the story passes: imported here so the CLI starts fast.
    from dateline.evaluate.ecbplus import DatasetError, evaluate

    try:
        scores = evaluate(split, root=data or dataset_root() / "ecbplus", mode=inputs)
    except (DatasetError, ValueError) as exc:
        raise _fail(str(exc)) from exc
    if as_json:
        console.print_json(json.dumps({"inputs": inputs, **scores}))
        return
    documents = int(scores["documents"])
    given = int(scores["dated_inputs"])
    table = new_table(
        title=f"ECB+ story clustering, {printable(split)} ({documents} docs; inputs: "
        + ("title and text only" if inputs == "text" else f"text, {given} with a given date")
        + ")"
    )
    table.add_column("score")
    table.add_column("value", justify="right")
    for name, value in scores.items():
        shown = f"{value:.0f}" if name.endswith(("clusters", "documents")) else f"{value:.4f}"
        table.add_row(name, shown)
    console.print(table)
