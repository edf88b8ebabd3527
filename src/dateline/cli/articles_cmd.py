"""Commands for the corpus itself: ingest (the main job), articles, show, search, export."""

from __future__ import annotations

import sys
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, TextIO

import typer

from dateline.api import ANNOTATE_BATCH, Corpus
from dateline.cli.app import (
    DEFAULT_DB,
    DbOption,
    JsonOption,
    app,
    console,
    date_range_options,
    entity_id_option,
    err_console,
    open_cli_corpus,
    print_json,
    require_story_option,
)
from dateline.cli.progress import progress_bar
from dateline.cli.stopping import stop_on_signals
from dateline.cli.text import new_table, printable, printable_text
from dateline.query.dates import published_shown
from dateline.query.render import describe_value
from dateline.records import Event, IngestReport, Mention
from dateline.store.interface import HIT_END, HIT_START, ArticleFilter, SearchQueryError
from dateline.store.location import shown_location

if TYPE_CHECKING:
    from dateline.api import IngestOptions

#: Exit status of an ingest that stored what it could but skipped some inputs.
EXIT_SKIPPED = 3
#: Longest skip reason printed (a report line never grows with a hostile file).
MAX_REASON_CHARS = 500


def _print_skipped(report: IngestReport) -> None:
    if not report.skipped:
        return
    err_console.print(f"[yellow]skipped {len(report.skipped)} input(s):[/yellow]")
    for item in report.skipped:
        reason = printable(item.reason, limit=MAX_REASON_CHARS)
        line = f"  {printable(item.location)}: [{item.code}] {reason}"
        err_console.print(line, soft_wrap=True)  # one line per input, however long


def _print_warnings(report: IngestReport) -> None:
    """The inputs kept with a warning (W201 impossible date, W202 re-signed store, ...)."""
    if not report.warnings:
        return
    err_console.print(f"[yellow]{len(report.warnings)} warning(s):[/yellow]")
    for item in report.warnings:
        err_console.print(f"  {printable(item.location)}: [{item.code}] {printable(item.reason)}")


def _print_found(corpus: Corpus) -> None:
    """A short account of what the corpus holds: articles, cast, stories."""
    table = new_table(title="articles", show_lines=False)
    for column in ("id", "published", "basis", "source", "title"):
        table.add_column(column, overflow="fold")
    for article in corpus.articles(limit=20):
        table.add_row(
            article.id[:10],
            published_shown(article),
            article.published_basis or "",
            printable(article.source or ""),
            printable(article.title),
        )
    console.print(table)
    entities = corpus.entities(articles=False, limit=12)
    if entities:
        cast = new_table(title="cast (most mentioned)")
        for column in ("entity", "label", "roles", "aliases"):
            cast.add_column(column, overflow="fold")
        for entity in entities[:12]:
            cast.add_row(
                printable(entity.name),
                entity.label,
                printable("; ".join(entity.roles[:2])),
                printable(", ".join(f"{a} ×{c}" for a, c in entity.aliases[:4])),
            )
        console.print(cast)
    stories = corpus.count_stories()
    if stories:
        console.print(f"stories: {stories}; threads: {corpus.count_threads()}")


EngineOption = Annotated[
    str,
    typer.Option(help="Where annotation runs: 'local' (processes on this machine) or 'dask'."),
]
WorkersOption = Annotated[
    int,
    typer.Option(
        min=1, help="Worker processes (local), or local Dask workers without --scheduler."
    ),
]
SchedulerOption = Annotated[
    str | None,
    typer.Option(help="Dask scheduler address, e.g. tcp://10.0.0.5:8786 (with --engine dask)."),
]


def _check_engine(engine: str) -> None:
    if engine not in ("local", "dask"):
        raise typer.BadParameter(f"{engine!r}: use 'local' or 'dask'", param_hint="--engine")


def _annotate(
    corpus: Corpus, engine: str, workers: int, scheduler: str | None, batch_size: int
) -> int:
    """Annotate what is pending with a progress bar; a missing engine is one line, exit 2."""
    _check_engine(engine)
    pending = corpus.pending_annotation()
    try:
        with progress_bar(console, "annotating", total=pending) as advance:
            return corpus.annotate(
                advance, batch_size, engine=engine, workers=workers, scheduler=scheduler
            )
    except RuntimeError as exc:  # the dask extra is not installed
        err_console.print(f"[red]error:[/red] {printable(str(exc))}")
        raise typer.Exit(2) from exc


def _ingest_and_annotate(
    corpus: Corpus,
    paths: list[Path],
    options: IngestOptions,
    engine: str,
    workers: int,
    scheduler: str | None,
) -> IngestReport:
    """Ingest and annotate as one stream, with a progress bar of the articles annotated."""
    _check_engine(engine)
    try:
        with progress_bar(console, "ingesting and annotating") as advance:
            report, _annotated = corpus.ingest_and_annotate(
                paths, options, advance, engine=engine, workers=workers, scheduler=scheduler
            )
    except RuntimeError as exc:  # the dask extra is not installed
        err_console.print(f"[red]error:[/red] {printable(str(exc))}")
        raise typer.Exit(2) from exc
    return report


INGEST_RESUMES = (
    "every committed batch is kept; the same `dateline ingest` resumes (it skips what is "
    "stored and annotates what is left first)"
)


def _annotation_left(corpus: Corpus) -> str:
    """What a stopped annotate says: what is kept and how to go on."""
    try:
        left = f"{corpus.pending_annotation()} article(s) left to annotate"
    except Exception:  # the store itself may be why we stopped; the advice holds anyway
        left = "some articles left to annotate"
    return f"every committed chunk is kept, {left}; `dateline annotate` resumes"


@app.command()
def ingest(
    paths: Annotated[list[Path], typer.Argument(help="Files and folders of articles.")],
    db: DbOption = DEFAULT_DB,
    annotate: Annotated[
        bool, typer.Option(help="Run entities, times, quotes and events after ingesting.")
    ] = True,
    text_field: Annotated[str, typer.Option(help="JSONL/CSV field holding the text.")] = "text",
    title_field: Annotated[str, typer.Option(help="JSONL/CSV field holding the title.")] = "title",
    date_field: Annotated[
        str, typer.Option(help="JSONL/CSV field holding the publication date.")
    ] = "published",
    url_field: Annotated[str, typer.Option(help="JSONL/CSV field holding the URL.")] = "url",
    source_field: Annotated[
        str, typer.Option(help="JSONL/CSV field holding the outlet name.")
    ] = "source",
    author_field: Annotated[
        str, typer.Option(help="JSONL/CSV field holding the author.")
    ] = "author",
    id_field: Annotated[str, typer.Option(help="JSONL/CSV field holding a record id.")] = "id",
    language_field: Annotated[
        str, typer.Option(help="JSONL/CSV field holding the language code.")
    ] = "language",
    max_mb: Annotated[
        float, typer.Option(min=0.001, help="Skip files larger than this many MB.")
    ] = 50.0,
    follow_links: Annotated[
        bool,
        typer.Option(
            "--follow-links", help="Follow symbolic links that lead out of the given folders."
        ),
    ] = False,
    date: Annotated[
        str | None,
        typer.Option("--date", help="The publication date of every article (YYYY-MM-DD)."),
    ] = None,
    date_range: Annotated[
        str | None,
        typer.Option(
            "--date-range",
            help="FIRST..LAST (YYYY-MM-DD..YYYY-MM-DD): every article was published in this "
            "window; it bounds every date found or inferred.",
        ),
    ] = None,
    engine: EngineOption = "local",
    workers: WorkersOption = 1,
    scheduler: SchedulerOption = None,
) -> None:
    """Read articles into the corpus, then annotate and link them (the main job).

    Exit status: 0 when every input was ingested, 3 when some were skipped (each is listed).
    """
    from dateline.api import FieldNames, IngestOptions, parse_date_window

    fields = FieldNames(
        text=text_field,
        title=title_field,
        published=date_field,
        url=url_field,
        source=source_field,
        author=author_field,
        id=id_field,
        language=language_field,
    )
    try:
        options = IngestOptions(
            fields=fields,
            max_bytes=max(1, int(max_mb * 1024 * 1024)),
            follow_links=follow_links,
            date=date,
            date_range=parse_date_window(date_range) if date_range else None,
        )
    except ValueError as exc:
        hint = "--date" if date and date in str(exc) else "--date-range"
        raise typer.BadParameter(str(exc), param_hint=hint) from exc
    with (
        open_cli_corpus(db, create=True) as corpus,
        stop_on_signals(err_console, lambda: INGEST_RESUMES),
    ):
        if annotate:
            report = _ingest_and_annotate(corpus, paths, options, engine, workers, scheduler)
        else:
            with progress_bar(console, "ingesting") as advance:
                report = corpus.ingest(paths, options, advance)
        console.print(
            f"ingested: {len(report.added)} new, {len(report.unchanged)} already stored, "
            f"{len(report.duplicates)} near-duplicates linked, {len(report.skipped)} skipped"
        )
        if annotate:
            _link(corpus)
        _print_found(corpus)
        console.print(f"database: {printable(shown_location(corpus.location))}")
    _print_warnings(report)
    _print_skipped(report)
    if not report.ok:
        raise typer.Exit(EXIT_SKIPPED)


@app.command()
def annotate(
    db: DbOption = DEFAULT_DB,
    engine: EngineOption = "local",
    workers: WorkersOption = 1,
    scheduler: SchedulerOption = None,
    relink: Annotated[
        bool,
        typer.Option(
            "--link/--no-link",
            help="Re-link entities, stories and events afterwards (--no-link: leave that to "
            "`dateline link`, e.g. after annotating in several parts).",
        ),
    ] = True,
    batch_size: Annotated[
        int,
        typer.Option(
            min=1,
            help="Articles a chunk: each chunk is committed whole, and a stop loses at most "
            "the chunks in flight.",
        ),
    ] = ANNOTATE_BATCH,
) -> None:
    """Annotate articles not annotated yet and re-link the corpus (resumes an interrupted run).

    Ctrl-C or SIGTERM cancels the chunks in flight, keeps every committed one, and exits 130
    or 143.
    """
    with (
        open_cli_corpus(db) as corpus,
        stop_on_signals(err_console, lambda: _annotation_left(corpus)),
    ):
        done = _annotate(corpus, engine, workers, scheduler, batch_size)
        if not relink:
            console.print(f"annotated {done} article(s); not linked (run `dateline link`)")
            return
        entities, stories = _link(corpus)
        console.print(f"annotated {done} article(s); {entities} entities, {stories} stories")


@app.command()
def link(
    db: DbOption = DEFAULT_DB,
    full: Annotated[
        bool,
        typer.Option(
            "--full",
            help="Cluster every article into stories and every event afresh instead of linking "
            "only what is new.",
        ),
    ] = False,
) -> None:
    """Link the corpus: entities across articles, stories and threads, shared events."""
    with (
        open_cli_corpus(db) as corpus,
        stop_on_signals(err_console, lambda: "what was committed is kept; `dateline link` resumes"),
    ):
        entities, stories = _link(corpus, full=full)
    console.print(f"{entities} entities, {stories} stories")


def _link(corpus: Corpus, *, full: bool = False) -> tuple[int, int]:
    with console.status("linking entities and stories"):
        return corpus.link(full=full)


@app.command()
def articles(
    db: DbOption = DEFAULT_DB,
    since: Annotated[
        str | None, typer.Option(help="Published on or after (YYYY, YYYY-MM or YYYY-MM-DD).")
    ] = None,
    until: Annotated[
        str | None, typer.Option(help="Published on or before (YYYY, YYYY-MM or YYYY-MM-DD).")
    ] = None,
    source: Annotated[str | None, typer.Option(help="Only this outlet.")] = None,
    category: Annotated[
        str | None, typer.Option(help="Only articles filed under this category (any case).")
    ] = None,
    limit: Annotated[int, typer.Option(min=1)] = 50,
    offset: Annotated[int, typer.Option(min=0)] = 0,
) -> None:
    """List articles, oldest ingested first."""
    since, until = date_range_options(since, until)
    filters = ArticleFilter(since=since, until=until, source=source, category=category)
    with open_cli_corpus(db) as corpus:
        table = new_table(title=f"articles ({corpus.count_articles(filters)})")
        for column in ("id", "published", "basis", "lang", "source", "title", "duplicate of"):
            table.add_column(column, overflow="fold")
        for article in corpus.articles(filters, limit, offset):
            table.add_row(
                article.id[:10],
                published_shown(article),
                article.published_basis or "",
                article.language or "?",
                printable(article.source or ""),
                printable(article.title),
                (article.duplicate_of or "")[:10],
            )
        console.print(table)


#: how many entities and events ``show`` lists before "… N more (--all)"
SHOW_LIMIT = 12


def _bounded(lines: list[str], show_all: bool, what: str) -> list[str]:
    if show_all or len(lines) <= SHOW_LIMIT:
        return lines
    hidden = len(lines) - SHOW_LIMIT
    return [*lines[:SHOW_LIMIT], f"  … {hidden} more {what} (--all lists them)"]


def _mention_lines(corpus: Corpus, mentions: Iterable[Mention]) -> list[str]:
    """One line per entity (or unlinked name): how often it is mentioned and as what."""
    groups: dict[str, list[Mention]] = {}
    for mention in mentions:
        groups.setdefault(mention.entity_id or f"?{mention.text}", []).append(mention)
    lines = []
    for key, found in sorted(groups.items(), key=lambda item: (-len(item[1]), item[0])):
        entity = corpus.entity(key) if not key.startswith("?") else None
        name = entity.name if entity is not None else found[0].text
        forms = ", ".join(dict.fromkeys(f"“{m.text}”" for m in found))
        linked = "" if entity is not None else ", not linked"
        lines.append(
            f"  entity {printable(name)} ({found[0].label}{linked}): "
            f"{len(found)}× as {printable(forms)}"
        )
    return lines


def _event_lines(corpus: Corpus, events: Iterable[Event]) -> list[str]:
    """One line per event: when, what kind, who did it to whom."""

    def names(ids: Iterable[str]) -> str:
        found = (corpus.entity(i) for i in ids)
        return ", ".join(e.name for e in found if e is not None)

    lines = []
    for event in events:
        modality = "" if event.modality == "happened" else f" [{event.modality}]"
        who = " ".join(
            part
            for part in (names(event.actor_ids), event.trigger, names(event.target_ids))
            if part
        )
        lines.append(
            f"  event  {printable(describe_value(event.when))} {event.category}"
            f"{printable(modality)}: {printable(who)}"
        )
    return lines


@app.command()
def show(
    article_id: Annotated[str, typer.Argument(help="Article id or a unique prefix of it.")],
    db: DbOption = DEFAULT_DB,
    show_all: Annotated[
        bool,
        typer.Option("--all", help=f"List every entity and event (else the first {SHOW_LIMIT})."),
    ] = False,
) -> None:
    """Show one article: metadata, text, and what was found in it."""
    with open_cli_corpus(db) as corpus:
        article = corpus.article(article_id)
        if article is None:
            err_console.print(f"[red]error:[/red] no article matches {printable(repr(article_id))}")
            raise typer.Exit(1)
        console.rule(printable(article.title or article.id))
        rows = {
            "id": article.id,
            "source": article.source,
            "author": article.author,
            "categories": ", ".join(article.categories),
            "url": article.url,
            "path": article.path,
            "published": article.published or "undated",
            "published basis": article.published_basis,
            "published range": " … ".join(article.published_range or ()),
            "confidence": None
            if article.firmly_dated or article.published_confidence is None
            else f"{article.published_confidence:.0%} that the date is in the range",
            "language": article.language,
            "duplicate of": article.duplicate_of,
            "story": corpus.story_of(article.id),
            "removed": "; ".join(article.removed),
        }
        for key, value in rows.items():
            if value not in (None, ""):
                console.print(f"[bold]{key}:[/bold] {printable(str(value))}")
        console.print()
        console.print(printable_text(article.text))
        found = corpus.annotations(article.id)
        console.print()
        console.print(
            f"[bold]found:[/bold] {len(found.mentions)} mentions, {len(found.times)} time "
            f"expressions, {len(found.quotes)} quotes, {len(found.events)} events"
        )
        from dateline.api import entities_withheld, in_other_language

        language = printable(article.language or "?")
        if entities_withheld(article):
            console.print(
                f"  entities, quotes and events not extracted: the article is in {language} "
                "and no pipeline for it is installed (the pipeline reads English)"
            )
        elif in_other_language(article):
            console.print(
                f"  quotes and events not extracted: the article is in {language} "
                "(entities come from that language's pipeline)"
            )
        for timex in found.times:
            console.print(
                f"  time  {printable(repr(timex.text))} → "
                f"{printable(describe_value(timex.value))} ({timex.basis})"
            )
        for quote in found.quotes:
            speaker = quote.speaker_text or "?"
            console.print(f"  quote {printable(speaker)}: “{printable(quote.text[:90])}”")
        for line in _bounded(_mention_lines(corpus, found.mentions), show_all, "entities"):
            console.print(line, highlight=False)
        for line in _bounded(_event_lines(corpus, found.events), show_all, "events"):
            console.print(line, highlight=False)


def _marked(snippet: str) -> str:
    """A search snippet for the console: hits in reverse video, everything else escaped."""
    first, *hits = snippet.split(HIT_START)
    parts = [printable(first)]
    for piece in hits:
        hit, _, rest = piece.partition(HIT_END)
        parts.append(f"[reverse]{printable(hit)}[/]{printable(rest.replace(HIT_END, ''))}")
    return "".join(parts)


@app.command()
def search(
    query: Annotated[str, typer.Argument(help="Words to find (accents and case ignored).")],
    db: DbOption = DEFAULT_DB,
    limit: Annotated[int, typer.Option(min=1)] = 20,
    since: Annotated[str | None, typer.Option(help="Published on or after.")] = None,
    until: Annotated[str | None, typer.Option(help="Published on or before.")] = None,
    source: Annotated[str | None, typer.Option(help="Only this outlet.")] = None,
    as_json: JsonOption = False,
) -> None:
    """Full-text search over titles and texts."""
    since, until = date_range_options(since, until)
    filters = ArticleFilter(since=since, until=until, source=source)
    with open_cli_corpus(db) as corpus:
        try:
            hits = corpus.search(query, limit=limit, filters=filters)
        except SearchQueryError as exc:
            err_console.print(f"[red]error:[/red] {printable(str(exc))}")
            raise typer.Exit(2) from exc
        if as_json:
            print_json(hits)
            return
        if not hits:
            console.print("no matches")
            return
        for hit in hits:
            snippet = _marked(hit.snippet)
            console.print(
                f"[bold]{hit.article_id[:10]}[/bold] {hit.published or '?'} "
                f"{printable(hit.title)}\n    {snippet}"
            )


@app.command("set-date")
def set_date(
    article_id: Annotated[str, typer.Argument(help="Article id or a unique prefix.")],
    date: Annotated[str, typer.Argument(help="Publication date, YYYY-MM-DD.")],
    db: DbOption = DEFAULT_DB,
) -> None:
    """Give an article the publication date you know; its dates are re-resolved."""
    with open_cli_corpus(db) as corpus:
        try:
            article = corpus.set_published(article_id, date)
        except (KeyError, ValueError) as exc:
            err_console.print(f"[red]error:[/red] {printable(str(exc))}")
            raise typer.Exit(1) from exc
        corpus.link()
        console.print(f"{article.id[:10]} is now dated {article.published} (basis: user)")


@app.command()
def export(
    db: DbOption = DEFAULT_DB,
    format: Annotated[
        str,
        typer.Option("--format", "-f", help="Output format: jsonl, csv, graphml or timelinejs."),
    ] = "jsonl",
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", help="File to write (csv: a folder); default: stdout."),
    ] = None,
    entity: Annotated[
        str | None, typer.Option(help="timelinejs: the timeline of this entity (name or id).")
    ] = None,
    story: Annotated[
        str | None, typer.Option(help="timelinejs: the timeline of this story (id).")
    ] = None,
) -> None:
    """Export the corpus: JSON Lines (the documented contract), CSV (one file per kind),
    GraphML (entities and relations) or TimelineJS JSON (corpus, --entity or --story)."""
    formats = ("jsonl", "csv", "graphml", "timelinejs")
    if format not in formats:
        err_console.print(
            f"[red]error:[/red] unknown format {printable(repr(format))} "
            f"(use: {', '.join(formats)})"
        )
        raise typer.Exit(2)
    if format == "csv" and output is None:
        err_console.print("[red]error:[/red] csv writes one file per kind: give --output FOLDER")
        raise typer.Exit(2)
    if (entity or story) and format != "timelinejs":
        err_console.print("[red]error:[/red] --entity and --story go with --format timelinejs")
        raise typer.Exit(2)
    with open_cli_corpus(db) as corpus:
        if format == "csv":
            assert output is not None
            counts = corpus.write_csv(output)
            err_console.print(
                f"wrote {sum(counts.values())} rows in {len(counts)} files to {output}"
            )
            return
        entity_id = entity_id_option(corpus, entity)
        require_story_option(corpus, story)

        def write(handle: TextIO) -> str:
            if format == "graphml":
                nodes, edges = corpus.write_graphml(handle)
                return f"{nodes} nodes and {edges} edges"
            if format == "timelinejs":
                return f"{corpus.write_timelinejs(handle, entity_id, story)} events"
            return f"{corpus.write_jsonl(handle)} records"

        if output is None:
            write(sys.stdout)
            return
        with output.open("w", encoding="utf-8") as handle:
            summary = write(handle)
        err_console.print(f"wrote {summary} to {output}")
