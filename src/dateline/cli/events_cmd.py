"""Commands for what happened and who said it: timeline, quotes, events, PolNeAR evaluation."""

from __future__ import annotations

import shlex
from typing import TYPE_CHECKING, Annotated

import typer

from dateline.api import EVENT_CATEGORIES, Corpus
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
from dateline.cli.text import printable
from dateline.query.render import describe_value
from dateline.records import Entity

if TYPE_CHECKING:
    from dateline.query.points import ArticlePage


#: the entity's articles ``timeline`` and ``quotes --by`` read by default: the API's page
#: (``dateline.api.TIMELINE_ARTICLES``, not imported here: it loads the query layer)
ARTICLES_READ = 100
#: the most they read in one page (--all reads every article)
ARTICLES_READ_MAX = 10_000

ArticlesOption = Annotated[
    int,
    typer.Option(
        "--articles",
        min=1,
        max=ARTICLES_READ_MAX,
        help="Read this many of the entity's articles, latest first.",
    ),
]
BeforeOption = Annotated[
    str | None,
    typer.Option("--before", help="Read the articles after this one (the next, older page)."),
]
EveryOption = Annotated[bool, typer.Option("--all", help="Read every article of the entity.")]


def _require_entity(corpus: Corpus, name: str) -> Entity:
    entity = corpus.find_entity(name)
    if entity is None:
        err_console.print(
            f"[red]error:[/red] no entity named {printable(repr(name))} in this corpus"
        )
        raise typer.Exit(1)
    return entity


@app.command()
def timeline(
    name: Annotated[str, typer.Argument(help="The entity: a name, an alias or an id.")],
    db: DbOption = DEFAULT_DB,
    category: Annotated[
        list[str] | None, typer.Option("--category", "-c", help="Only these event categories.")
    ] = None,
    articles: ArticlesOption = ARTICLES_READ,
    before: BeforeOption = None,
    every: EveryOption = False,
    as_json: JsonOption = False,
) -> None:
    """The events an entity took part in, in time order: in its latest articles (as the API
    pages them), or in every one with --all."""
    from dateline.query.dates import describe_date_basis

    with open_cli_corpus(db) as corpus:
        entity = _require_entity(corpus, name)
        page = None if every else _article_page(corpus, entity, articles, before)
        lines = corpus.timeline(
            entity.id,
            categories=tuple(category or ()),
            article_ids=None if page is None else page.article_ids,
        )
        if as_json:
            print_json(lines)
            return
        console.print(f"[bold]{printable(entity.name)}[/bold]: {len(lines)} event(s)")
        lane = None
        for line in lines:
            if line.lane != lane:
                lane = line.lane
                console.print(f"\n[bold underline]{LANE_HEADINGS[lane]}[/bold underline]")
            first = corpus.article(line.sources[0].article_id) if line.sources else None
            basis = describe_date_basis(
                line.date_basis,
                first.published_basis if first else None,
                first.published_confidence if first else None,
            )
            modality = "" if line.modality == "happened" else f" [{line.modality}]"
            when = describe_value(line.date)
            if line.lane == "approximate":
                when = f"around {when}"
            console.print(
                f"\n[bold]{printable(when)}[/bold] ({basis})  "
                f"{line.category}{printable(modality)}: {printable(line.summary)}"
            )
            console.print(f"  “{printable(line.sentence)}”")
            for source in line.sources:
                console.print(
                    f"  [dim]{source.article_id[:10]} {printable(source.title)} "
                    f"@{source.sentence_start}-{source.sentence_end}[/dim]"
                )
        _say_which_articles(corpus, entity, page, "timeline", name)


def _article_page(corpus: Corpus, entity: Entity, articles: int, before: str | None) -> ArticlePage:
    try:
        return corpus.entity_article_page(entity.id, articles, before)
    except KeyError:
        err_console.print(
            f"[red]error:[/red] --before {printable(repr(before))} is not an article "
            f"naming {printable(entity.name)}"
        )
        raise typer.Exit(2) from None


def _say_which_articles(
    corpus: Corpus, entity: Entity, page: ArticlePage | None, command: str, name: str
) -> None:
    """Which of the entity's articles were read, and how to read the older ones."""
    if page is None:
        return
    total = corpus.article_counts([entity]).get(entity.id, 0)
    if page.next_before is None and len(page.article_ids) >= total:
        return
    console.print(
        f"\n[dim]from {len(page.article_ids)} of the {total:,} articles naming "
        f"{printable(entity.name)}, latest first[/dim]"
    )
    if page.next_before is not None:
        console.print(
            f"[dim]older: dateline {command} {printable(shlex.quote(name))} "
            f"--before {page.next_before}; every article: --all[/dim]"
        )


#: how the CLI heads each lane of a timeline (see dateline.query.timeline)
LANE_HEADINGS = {
    "dated": "Dated",
    "approximate": "Approximate: dated only by a guessed article date",
    "undated": "Undated",
}


@app.command()
def quotes(
    db: DbOption = DEFAULT_DB,
    by: Annotated[str | None, typer.Option("--by", help="Only quotes of this speaker.")] = None,
    articles: ArticlesOption = ARTICLES_READ,
    before: BeforeOption = None,
    every: EveryOption = False,
) -> None:
    """Quotes with their speakers and articles; a speaker's in their latest articles (as the
    API pages them), or in every one with --all."""
    with open_cli_corpus(db) as corpus:
        speaker = _require_entity(corpus, by) if by else None
        page = (
            None if speaker is None or every else _article_page(corpus, speaker, articles, before)
        )
        found = corpus.quotes(
            speaker.id if speaker else None, None if page is None else page.article_ids
        )
        console.print(f"{len(found)} quote(s)")
        for line in found:
            quote = line.quote
            console.print(
                f"\n[bold]{printable(line.speaker or '?')}[/bold] "
                f"({quote.cue or '?'}, {quote.kind}) "
                f"[dim]{line.article_id[:10]} {printable(line.published_shown)} "
                f"{printable(line.title)}[/dim]"
            )
            console.print(f"  “{printable(quote.text)}”")
        if speaker is not None and by is not None:
            _say_which_articles(corpus, speaker, page, "quotes --by", by)


@app.command()
def events(
    db: DbOption = DEFAULT_DB,
    category: Annotated[
        str | None, typer.Option("--category", "-c", help="Only this event category.")
    ] = None,
    limit: Annotated[int, typer.Option(help="Show at most this many events.")] = 100,
) -> None:
    """Events extracted from the corpus, optionally of one category."""
    if category is not None and category not in EVENT_CATEGORIES:
        err_console.print(
            f"[red]error:[/red] unknown category {printable(repr(category))}; "
            f"choose one of {', '.join(EVENT_CATEGORIES)}"
        )
        raise typer.Exit(2)
    with open_cli_corpus(db) as corpus:
        shown = 0
        for item in corpus.events(category=category):
            event = item.event
            if shown >= limit:
                break
            shown += 1
            actors = ", ".join(e.name for e in item.actors) or "?"
            targets = ", ".join(e.name for e in item.targets)
            modality = "" if event.modality == "happened" else f" [{event.modality}]"
            console.print(
                f"{printable(describe_value(event.when))} {event.category}{printable(modality)}: "
                f"{printable(actors)} {printable(event.trigger)} {printable(targets)}  "
                f"[dim]{event.article_id[:10]}[/dim]"
            )
        console.print(f"{shown} event(s)")


@evaluate_app.command("polnear")
def evaluate_polnear(
    split: Annotated[str, typer.Option(help="train, dev or test.")] = "dev",
    limit: Annotated[int | None, typer.Option(help="Score only the first N articles.")] = None,
) -> None:
    """Quote attribution on PolNeAR: content spans and speakers, precision and recall."""
    from dateline.evaluate.polnear import PolnearError, evaluate

    try:
        scores = evaluate(split, limit)
    except PolnearError as exc:
        err_console.print(f"[red]error:[/red] {printable(str(exc))}")
        raise typer.Exit(2) from exc
    for key, value in scores.items():
        shown = (
            f"{value:.0f}"
            if key in ("documents", "gold_relations", "predicted_quotes")
            else f"{value:.3f}"
        )
        console.print(f"{key:24} {shown}")


@evaluate_app.command("ecbplus-events")
def evaluate_ecbplus_events(
    topics: Annotated[
        str, typer.Option(help="train, dev, test, or topic numbers like '2,5'.")
    ] = "dev",
) -> None:
    """ECB+ event mentions found and cross-document event coreference, end to end."""
    from dateline.evaluate.datasets import dataset_root
    from dateline.evaluate.ecbplus import DatasetError
    from dateline.evaluate.ecbplus_events import evaluate_events

    try:
        report = evaluate_events(topics, dataset_root() / "ecbplus")
    except (DatasetError, ValueError) as exc:
        err_console.print(f"[red]error:[/red] {printable(str(exc))}")
        raise typer.Exit(2) from exc
    counts = report.counts
    found = counts["matched_mentions"] / counts["gold_mentions"] if counts["gold_mentions"] else 0.0
    console.print(f"{'documents':28} {counts['documents']:.0f}")
    console.print(
        f"{'gold actions found':28} {found:.3f} "
        f"({counts['matched_mentions']:.0f} / {counts['gold_mentions']:.0f})"
    )
    for name, scores in (
        ("end to end", report.end_to_end),
        ("on the mentions found", report.found_only),
    ):
        console.print(
            f"{'CoNLL F1, ' + name:28} {scores.conll_f1:.3f} (MUC {scores.muc.f1:.3f}, "
            f"B³ {scores.b_cubed.f1:.3f}, CEAF-e {scores.ceaf_e.f1:.3f})"
        )


@evaluate_app.command("meantime-events")
def evaluate_meantime_events(
    limit: Annotated[int | None, typer.Option(help="Score only the first N documents.")] = None,
) -> None:
    """MEANTIME event-participant pairs (Arg0 as actor, Arg1 as target): precision, recall."""
    from dateline.evaluate.datasets import dataset_root
    from dateline.evaluate.meantime_events import evaluate_participants

    try:
        scores = evaluate_participants(dataset_root() / "meantime-en", limit=limit)
    except FileNotFoundError as exc:
        err_console.print(f"[red]error:[/red] {printable(str(exc))}")
        raise typer.Exit(2) from exc
    console.print(f"{'pairs':12} P {scores.precision:.3f}  R {scores.recall:.3f}")
    for role, (correct, predicted, gold) in scores.by_role.items():
        precision = correct / predicted if predicted else 0.0
        recall = correct / gold if gold else 0.0
        console.print(f"{role:12} P {precision:.3f}  R {recall:.3f}")
