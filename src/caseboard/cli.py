"""The `caseboard` command: thin Typer commands over the library's functions.

Only this module parses arguments. Human output goes through Rich; every list
command also has `--json` for scripting. Progress and messages go to stderr so
stdout stays clean for data.
"""

from __future__ import annotations

import getpass
import json
import os
import sys
from dataclasses import asdict
from datetime import date
from pathlib import Path
from typing import Annotated, Any, NoReturn

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table
from rich.text import Text

from caseboard import __version__, board
from caseboard import rebuild as rebuilding
from caseboard.corroboration import Fact, MergedEvent
from caseboard import eval as scoring
from caseboard import export as exports
from caseboard.ingest import DEFAULT_TIMEOUT, IngestReport, ingest, input_files, read_all, safe_process
from caseboard.ingest import reprocess as reprocess_stored
from caseboard.model import ENTITY_TYPES, ROLES, STATUSES, Document, Failure
from caseboard.read import DEFAULT_MAX_BYTES, DEFAULT_MAX_CHARS, read_path
from caseboard.rules.entities import EntityRules, RulesError, load_rules
from caseboard.scale import SchedulerUnavailable
from caseboard.store import Store, database_url
from caseboard.store.queries import SEARCH_RANKED

app = typer.Typer(
    help="Turn news articles and documents into an evidence-linked case board.",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,
)
out = Console()
err = Console(stderr=True)
# Piped output (grep, a file) is as wide as its widest row: ids and names are never wrapped.
PIPED_WIDTH = 100_000


def _version(value: bool) -> None:
    if value:
        sys.stdout.write(f"caseboard {__version__}\n")
        raise typer.Exit()


@app.callback()
def main_options(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Print the version and exit.")
    ] = False,
) -> None:
    """Turn news articles and documents into an evidence-linked case board."""
    out.width = None if out.is_terminal else PIPED_WIDTH  # type: ignore[assignment]

DbOption = Annotated[
    str | None,
    typer.Option(
        "--db",
        envvar="CASEBOARD_DB",
        help="Case board database: a file path (SQLite) or a SQLAlchemy URL. Default ./caseboard.db.",
        show_default=False,
    ),
]
JsonOption = Annotated[bool, typer.Option("--json", help="Print JSON instead of a table.")]
LimitOption = Annotated[int, typer.Option("--limit", "-n", min=1, help="Show at most this many rows.")]
RulesOption = Annotated[
    str | None,
    typer.Option(
        "--rules",
        help="YAML file adding watch-list names (name, type, aliases) and words to the entity rules.",
        show_default=False,
    ),
]
SourceNameOption = Annotated[
    str,
    typer.Option(
        "--source-name",
        help="Name for the document read from stdin (-), e.g. tip-2024-03-05.eml: its source, and its failure's key.",
    ),
]


def _fail(message: str, code: int = 1) -> NoReturn:
    err.print(f"[red]caseboard:[/red] {escape(message)}", highlight=False, soft_wrap=True)
    raise typer.Exit(code)


def _open(db: str | None, create: bool = False) -> Store:
    try:
        return Store.open(db, create=create, notice=lambda message: err.print(f"caseboard: {escape(message)}", highlight=False))
    except FileNotFoundError as exc:
        _fail(str(exc))
    except Exception as exc:  # a bad URL or an unreachable server: say which
        _fail(f"cannot open case board {database_url(db)!r}: {type(exc).__name__}: {exc}")
    raise AssertionError("unreachable")


def _rules(path: str | None) -> EntityRules | None:
    if path is None:
        return None
    try:
        return load_rules(path)
    except RulesError as exc:
        _fail(str(exc), 2)
    raise AssertionError("unreachable")


def _iso_date(value: str | None) -> str | None:
    """--published must be a real YYYY-MM-DD date: it is stored as given and resolves relative dates."""
    if value is None:
        return None
    try:
        if len(value) == 10:  # fromisoformat also takes 20240305 and week dates
            return date.fromisoformat(value).isoformat()
    except ValueError:
        pass
    raise typer.BadParameter(f"{value!r} is not a date in the form YYYY-MM-DD")


def _print_json(data: Any) -> None:
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2, default=str) + "\n")


def _table(title: str | None, columns: list[str], rows: list[list[Any]]) -> Table:
    table = Table(title=title, show_lines=False, header_style="bold")
    for column in columns:
        table.add_column(column, overflow="fold")
    for row in rows:
        # Text(), not str: document text is data, and "[operation]" must not be read as Rich markup
        table.add_row(*[Text("" if v is None else str(v)) for v in row])
    return table


LangOption = Annotated[
    str | None,
    typer.Option(help="Language code (en, es) of every document, over the reader's metadata and detection."),
]


def _in_language(item: Document | Failure, lang: str) -> Document | Failure:
    if isinstance(item, Document):
        item.lang = lang
    return item


@app.command("ingest")
def ingest_command(
    paths: Annotated[
        list[str] | None, typer.Argument(help="Files, folders (read recursively) or - for stdin.", show_default=False)
    ] = None,
    db: DbOption = None,
    published: Annotated[
        str | None,
        typer.Option(help="Publication date (YYYY-MM-DD) for documents that carry none.", callback=_iso_date),
    ] = None,
    max_bytes: Annotated[int, typer.Option(help="Refuse files larger than this many bytes.")] = DEFAULT_MAX_BYTES,
    max_chars: Annotated[
        int, typer.Option(help="Refuse documents longer than this many characters.")
    ] = DEFAULT_MAX_CHARS,
    max_docs: Annotated[
        int | None,
        typer.Option(min=1, help="Process at most this many new documents, then stop (run again for the next ones)."),
    ] = None,
    timeout: Annotated[
        float,
        typer.Option(min=0, help="Seconds one document may take; a slower one is recorded as failed (0: no limit)."),
    ] = DEFAULT_TIMEOUT,
    lang: LangOption = None,
    rules: RulesOption = None,
    workers: Annotated[
        int, typer.Option("--workers", "-w", min=1, help="Extract in this many local processes (one writer stores).")
    ] = 1,
    dask: Annotated[
        str | None,
        typer.Option("--dask", help="Extract on this Dask scheduler, e.g. tcp://10.0.0.5:8786 (workers need caseboard)."),
    ] = None,
    follow_links: Annotated[
        bool,
        typer.Option("--follow-links", help="Follow symbolic links in folders that lead out of them (not followed by default)."),
    ] = False,
    source_name: SourceNameOption = "-",
    reprocess: Annotated[
        bool,
        typer.Option(
            "--reprocess",
            help="Also extract again the stored documents that another caseboard version, model or rules "
            "(--rules) extracted, and replace their facts.",
        ),
    ] = False,
    as_json: JsonOption = False,
) -> None:
    """Read documents, extract their case-board facts and store them.

    Re-running is safe: documents already stored are skipped, so an interrupted
    ingest resumes where it stopped (after Ctrl+C, or at --max-docs). Extraction can
    run in parallel (--workers, --dask); the stored case board is the same as a
    one-process run. Files not read on purpose (a folder's files of types no reader
    handles, hidden files, unsupported attachments) are listed as skipped with the
    reason. Exits 1 when any input failed (see `caseboard failures`); skipped files alone
    do not.

    --reprocess extracts again the stored documents whose recorded provenance
    (caseboard version, spaCy model, hash of the rules and --rules file) differs from
    the current one, e.g. after an upgrade or with new --rules; paths are optional then.
    """
    if workers > 1 and dask:
        _fail("choose --workers or --dask, not both", 2)
    if not paths and not reprocess:
        _fail("give files or folders to ingest (or - for stdin), or --reprocess", 2)
    entity_rules = _rules(rules)
    store = _open(db, create=True)
    files = input_files(paths or [], follow_links)
    report = IngestReport()
    progress = Progress(
        TextColumn("[bold]ingest"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("files"),
        TimeElapsedColumn(),
        TextColumn("{task.fields[current]}"),
        console=err,
        transient=True,
        disable=not err.is_terminal,
        # redrawn as files are read, not by a thread of its own: with no other thread
        # running, --workers forks workers that share the loaded model (scale._process_pool)
        auto_refresh=False,
    )
    try:
        with progress:
            task = progress.add_task("ingest", total=len(files), current="")
            documents = read_all(
                files,
                max_bytes=max_bytes,
                max_chars=max_chars,
                published=published,
                on_file=lambda name: progress.update(task, advance=1, current=Path(name).name[:40], refresh=True),
                timeout=timeout or None,
                stdin_name=source_name,
            )
            if lang:
                documents = (_in_language(item, lang) for item in documents)
            ingest(
                store, documents, report, entity_rules,
                workers=workers, dask=dask, max_docs=max_docs, timeout=timeout or None,
            )
            if reprocess:
                progress.update(task, current="re-extracting stored documents")
                reprocess_stored(store, report, entity_rules, workers=workers, dask=dask, timeout=timeout or None)
    except KeyboardInterrupt:
        err.print(f"interrupted: {report.summary()}; run the same command again to finish", highlight=False, soft_wrap=True)
        raise typer.Exit(130) from None
    except SchedulerUnavailable as exc:
        _fail(f"{exc} ({report.summary()} before that)")
    else:
        _report(report, store, as_json)
    finally:
        store.close()  # a SQLite board is one file again: its log copied back and removed
    if report.failed:
        raise typer.Exit(1)


def _report(report: IngestReport, store: Store, as_json: bool) -> None:
    if as_json:
        _print_json(
            {
                "added": report.added,
                "unchanged": report.unchanged,
                "duplicates": report.duplicates,
                "stopped_at_limit": report.stopped_at_limit,
                "reprocessed": report.reprocessed,
                "failed": report.failed,
                "failures": [{"source": f.source, "reason": f.reason} for f in report.failures],
                "skipped": [{"source": f.source, "reason": f.reason} for f in report.skipped],
                "database": str(store.engine.url.render_as_string(hide_password=True)),
            }
        )
        return
    for failure in report.failures:
        # one line per failure, whatever the terminal width; file names are not Rich markup
        err.print(f"[red]failed[/red] {escape(failure.source)}: {escape(failure.reason)}", highlight=False, soft_wrap=True)
    for skipped in report.skipped:
        err.print(f"[yellow]skipped[/yellow] {escape(skipped.source)}: {escape(skipped.reason)}", highlight=False, soft_wrap=True)
    where = escape(store.engine.url.render_as_string(hide_password=True))
    err.print(f"{report.summary()} -> {where}", highlight=False, soft_wrap=True)


@app.command("extract")
def extract_command(
    path: Annotated[str, typer.Argument(help="One document: text, HTML, PDF, a JSON object, or - for stdin.")],
    published: Annotated[
        str | None,
        typer.Option(help="Publication date YYYY-MM-DD, for resolving relative dates.", callback=_iso_date),
    ] = None,
    lang: LangOption = None,
    rules: RulesOption = None,
    source_name: SourceNameOption = "-",
    as_json: JsonOption = False,
) -> None:
    """Run the whole pipeline on one document alone and print what it states."""
    entity_rules = _rules(rules)
    items = list(read_path(path, published=published, stdin_name=source_name))
    failures = [i for i in items if isinstance(i, Failure)]
    docs = [i for i in items if isinstance(i, Document)]
    if failures and not docs:
        _fail("; ".join(f"{f.source}: {f.reason}" for f in failures))
    if len(docs) != 1:
        _fail(f"{path}: holds {len(docs)} documents; extract takes one (use `caseboard ingest` for many)")
    document = docs[0]
    if published:
        document.published = published
    if lang:
        document.lang = lang
    result = safe_process(document, entity_rules)
    if isinstance(result, Failure):
        _fail(f"{result.source}: {result.reason}")
    if as_json:
        _print_json(result.to_dict())
        return
    doc = result.document
    out.print(f"[bold]{escape(doc.title or doc.source)}[/bold]  id {doc.id}  {len(doc.text):,} chars", highlight=False)
    if doc.author or doc.site or doc.pages:
        byline = ", ".join(filter(None, [doc.author, doc.site, f"{len(doc.pages)} pages" if doc.pages else None]))
        out.print(escape(byline), highlight=False)
    if doc.repeated_spans:
        out.print(f"repeated passages: {doc.repeated_spans}", highlight=False)
    out.print(
        _table(
            "entities",
            ["type", "name", "aliases", "mentions"],
            [[e.type, e.name, ", ".join(e.aliases), len(e.mentions)] for e in result.entities],
        )
    )


@app.command("docs")
def docs_command(db: DbOption = None, limit: LimitOption = 100, as_json: JsonOption = False) -> None:
    """List stored documents."""
    rows = _open(db).list_documents(limit)
    if as_json:
        _print_json(rows)
        return
    out.print(
        _table(
            f"{len(rows)} documents",
            ["id", "title", "published", "lang", "duplicate of", "chars", "source"],
            [[r["id"], r["title"], r["published"], r["lang"], r["duplicate_of"], r["chars"], r["source"]] for r in rows],
        )
    )


@app.command("entities")
def entities_command(
    db: DbOption = None,
    type: Annotated[str | None, typer.Option("--type", help=f"Only this type: {', '.join(ENTITY_TYPES)}.")] = None,
    limit: LimitOption = 100,
    as_json: JsonOption = False,
) -> None:
    """List entities across the corpus, most widely mentioned first."""
    if type is not None and type.upper() not in ENTITY_TYPES:
        _fail(f"unknown entity type {type!r}; choose one of {', '.join(ENTITY_TYPES)}", 2)
    rows = _open(db).list_entities(type.upper() if type else None, limit)
    if as_json:
        _print_json(rows)
        return
    out.print(
        _table(
            f"{len(rows)} entities",
            ["id", "type", "name", "aliases", "docs", "mentions"],
            [[r["id"], r["type"], r["name"], ", ".join(r["aliases"]), r["documents"], r["mentions"]] for r in rows],
        )
    )


@app.command("search")
def search_command(
    query: Annotated[str, typer.Argument(help="Words to find in documents and entity names.")],
    db: DbOption = None,
    limit: LimitOption = 20,
    as_json: JsonOption = False,
) -> None:
    """Full-text search over documents and entity names."""
    found = _open(db).search(query, limit)
    if as_json:
        _print_json(found)
        return
    out.print(
        _table(
            "entities",
            ["id", "type", "name"],
            [[r["id"], r["type"], r["name"]] for r in found["entities"]],
        )
    )
    out.print(
        _table(
            "documents",
            ["id", "title", "snippet"],
            [[r["id"], r["title"] or r["source"], r["snippet"]] for r in found["documents"]],
        )
    )
    if found["latest_first"]:
        out.print(f"More than {SEARCH_RANKED} documents hold these words: the latest stored first.")


@app.command("failures")
def failures_command(db: DbOption = None, as_json: JsonOption = False) -> None:
    """List inputs that could not be stored, with the reason."""
    rows = _open(db).list_failures()
    if as_json:
        _print_json(rows)
        return
    out.print(_table(f"{len(rows)} failures", ["source", "reason", "when"], [[r["source"], r["reason"], r["failed_at"]] for r in rows]))


@app.command("summary")
def summary_command(db: DbOption = None, as_json: JsonOption = False) -> None:
    """Corpus figures and where the case board is."""
    store = _open(db)
    counts = store.counts()
    where = store.engine.url.render_as_string(hide_password=True)
    if as_json:
        _print_json({"database": where, **counts})
        return
    out.print(f"case board: [bold]{escape(where)}[/bold]", highlight=False)
    out.print(_table(None, ["documents", "duplicates", "entities", "relations", "events", "quotes", "failures"], [list(counts.values())]))
    top = store.list_entities(limit=8)
    if top:
        out.print(_table("most mentioned", ["name", "type", "docs"], [[r["name"], r["type"], r["documents"]] for r in top]))


EXPORT_FORMATS = [*exports.FORMATS, *exports.FOLDER_FORMATS]


@app.command("export")
def export_command(
    db: DbOption = None,
    format: Annotated[str, typer.Option("--format", "-f", help=f"One of: {', '.join(EXPORT_FORMATS)}.")] = "jsonl",
    out_path: Annotated[
        str | None,
        typer.Option("--out", "-o", help="Write here instead of stdout (for csv: a folder, required). Missing folders are created."),
    ] = None,
    status: Annotated[
        str | None, typer.Option("--status", help=f"Only facts and events of this status: {', '.join(STATUSES)}.")
    ] = None,
    min_sources: Annotated[
        int, typer.Option("--min-sources", min=1, help="Only facts and events backed by at least this many independent sources.")
    ] = 1,
    entity: Annotated[
        str | None, typer.Option("--entity", "-e", help="Only this entity (name, alias or id) and what lies within --depth links of it.")
    ] = None,
    depth: Annotated[int, typer.Option("--depth", min=0, help="Links followed from --entity.")] = 1,
    isolated: Annotated[
        bool, typer.Option("--isolated/--no-isolated", help="Keep entities that take part in no kept fact or event.")
    ] = True,
    events: Annotated[bool, typer.Option("--events", help="graphml, gexf: events as nodes, linked from their participants.")] = False,
    excel: Annotated[bool, typer.Option("--excel", help="csv: start each file with a byte-order mark, for Excel.")] = False,
) -> None:
    """Export the case board.

    jsonl: one SCHEMA.md object per document, corpus-wide ids. ftm: FollowTheMoney
    entities as JSON lines (Article, Person, Organization, Address, Mention, Directorship,
    Membership, Employment, UnknownLink per source document, Event, Documentation) for
    Aleph and the `ftm` tools. graphml, gexf: entities and relations (and with --events,
    events) with types, statuses and source counts, for Gephi and networkx; GEXF 1.3 with
    colours and sizes. csv: a folder (--out DIR) with documents.csv, entities.csv,
    facts.csv and events.csv.

    --status, --min-sources, --entity/--depth and --no-isolated choose part of the board
    for every format but jsonl (which exports whole documents).
    """
    if format not in EXPORT_FORMATS:
        _fail(f"unknown format {format!r}; choose one of {', '.join(EXPORT_FORMATS)}", 2)
    _check_status(status)
    filters = board.Filters(status, min_sources, entity, depth, isolated)
    given = {"filters": filters != board.Filters(), "events": events, "excel": excel}
    for option, flags in (("filters", "--status, --min-sources, --entity, --depth, --no-isolated"),
                          ("events", "--events"), ("excel", "--excel")):
        if given[option] and option not in exports.OPTIONS[format]:
            takers = ", ".join(f for f in EXPORT_FORMATS if option in exports.OPTIONS[f])
            _fail(f"{flags}: only for {takers}, not {format}", 2)
    options: dict[str, Any] = {"filters": filters, "events": events, "excel": excel}
    options = {k: v for k, v in options.items() if k in exports.OPTIONS[format]}
    if format in exports.FOLDER_FORMATS and not out_path:
        _fail(f"{format} writes several files: give a folder with --out DIR", 2)
    store = _open(db)
    _board_call(board.resolve_ref, store, entity)  # an unknown name fails before anything is written
    try:
        if out_path is None:
            _board_call(exports.write, format, store, sys.stdout, **options)
            return
        target = Path(out_path)
        if format in exports.FOLDER_FORMATS:
            if target.exists() and not target.is_dir():
                _fail(f"{out_path} is a file; {format} writes a folder of files: give a folder with --out DIR", 2)
            count = _board_call(exports.write, format, store, target, **options)
        else:
            if target.is_dir():
                _fail(f"{out_path} is a folder; {format} writes one file: give a file name with --out", 2)
            if not target.parent.exists():
                err.print(f"creating folder {escape(str(target.parent))}", highlight=False, soft_wrap=True)
            target.parent.mkdir(parents=True, exist_ok=True)
            with target.open("w", encoding="utf-8") as stream:
                count = _board_call(exports.write, format, store, stream, **options)
    except OSError as exc:
        _fail(f"cannot write {out_path}: {exc.strerror or exc}")
    err.print(f"wrote {count} records to {escape(str(target))}", highlight=False, soft_wrap=True)


EntityOption = Annotated[str | None, typer.Option("--entity", "-e", help="Only facts about this entity (name, alias or id).")]
RejectedOption = Annotated[
    bool, typer.Option("--rejected", help="Show facts a person rejected too (marked rejected); hidden by default.")
]
ByOption = Annotated[
    str | None,
    typer.Option("--by", envvar="CASEBOARD_USER", help="Who judges (default: $CASEBOARD_USER, else your login name).", show_default=False),
]
NoteOption = Annotated[str | None, typer.Option("--note", help="Why: kept with the judgement.")]
EvidenceOption = Annotated[
    int, typer.Option("--evidence", min=0, help="Evidence sentences shown per fact or event (0: all of them).")
]


def _all_if_zero(number: int) -> int | None:
    return number or None


def _board_call(call: Any, *args: Any, **kwargs: Any) -> Any:
    try:
        return call(*args, **kwargs)
    except board.UnknownEntity as exc:
        _fail(str(exc))


def _check_status(status: str | None) -> None:
    if status is not None and status not in STATUSES:
        _fail(f"unknown status {status!r}; choose one of {', '.join(STATUSES)}", 2)


def _name(names: dict[str, dict[str, str]], ident: str | None) -> str:
    return names.get(ident, {}).get("name", ident) if ident else ""


def _fact_json(fact: Fact, names: dict[str, dict[str, str]]) -> dict[str, Any]:
    return {
        **asdict(fact),
        "subject_name": _name(names, fact.subject),
        "object_name": _name(names, fact.object),
        "attributed_to_name": _name(names, fact.attributed_to) or None,
    }


def _event_json(event: MergedEvent, names: dict[str, dict[str, str]]) -> dict[str, Any]:
    fields = asdict(event)
    del fields["tellings"], fields["first_rows"]  # the store's internal keys
    return {
        **fields,
        "participant_names": {role: [_name(names, i) for i in event.participants.get(role, [])] for role in ROLES},
        "attributed_to_name": _name(names, event.attributed_to) or None,
    }


def _status_cell(status: str, attributed_to: str | None, names: dict[str, dict[str, str]]) -> str:
    return f"{status} ({_name(names, attributed_to)})" if attributed_to else status


def _facts_table(title: str, found: list[Fact], names: dict[str, dict[str, str]]) -> Table:
    return _table(
        title,
        ["id", "subject", "relation", "object", "status", "review", "sources", "independent", "conflict", "evidence"],
        [
            [
                f.id,
                _name(names, f.subject),
                f.relation,
                _name(names, f.object),
                _status_cell(f.status, f.attributed_to, names),
                f.review or "",
                f.sources,
                f.independent_sources,
                f.conflict,
                f.evidence[0].text if f.evidence else "",
            ]
            for f in found
        ],
    )


def _participants_cell(event: MergedEvent, names: dict[str, dict[str, str]]) -> str:
    return "; ".join(
        f"{role}: {', '.join(_name(names, i) for i in event.participants[role])}" for role in ROLES if event.participants.get(role)
    )


def _events_table(title: str, found: list[MergedEvent], names: dict[str, dict[str, str]]) -> Table:
    return _table(
        title,
        ["date", "event", "participants", "status", "sources", "independent", "conflict", "evidence"],
        [
            [
                e.date or "undated",
                e.type,
                _participants_cell(e, names),
                _status_cell(e.status, e.attributed_to, names),
                e.sources,
                e.independent_sources,
                e.conflict,
                "; ".join(sorted({ev.source for ev in e.evidence})),
            ]
            for e in found
        ],
    )


def _shown(what: str, items: list[Any], total: int) -> str:
    return f"{what} ({len(items)} of {total}, best supported first)" if len(items) < total else what


def _show(store: Store, found: list[Any], as_json: bool, as_dict: Any, as_table: Any, what: str) -> None:
    """Print merged facts or events as JSON (with entity names) or as a table."""
    names = board.names(store, found)
    if as_json:
        _print_json([as_dict(item, names) for item in found])
        return
    out.print(as_table(f"{len(found)} {what}", found, names))


@app.command("facts")
def facts_command(
    db: DbOption = None,
    entity: EntityOption = None,
    status: Annotated[str | None, typer.Option("--status", help=f"Only this status: {', '.join(STATUSES)}.")] = None,
    min_sources: Annotated[
        int, typer.Option("--min-sources", min=1, help="Only facts backed by at least this many independent sources.")
    ] = 1,
    relation: Annotated[str | None, typer.Option("--relation", help="Only this relation, e.g. leader_of.")] = None,
    limit: LimitOption = 100,
    evidence: EvidenceOption = 0,
    rejected: RejectedOption = False,
    as_json: JsonOption = False,
) -> None:
    """Relations across the corpus, merged, with their sources and evidence; best supported first.

    `sources` counts documents; `independent_sources` counts near-duplicate
    groups once, so a syndicated copy is not corroboration. Every fact has a stable
    `id` (for `caseboard review`) and a `review`: confirmed, rejected or null.
    """
    _check_status(status)
    store = _open(db)
    found = _board_call(
        board.facts, store, entity, status, min_sources, relation, limit, _all_if_zero(evidence), rejected
    )
    _show(store, found, as_json, _fact_json, _facts_table, "facts")


@app.command("timeline")
def timeline_command(
    db: DbOption = None,
    entity: EntityOption = None,
    type: Annotated[str | None, typer.Option("--type", help="Only this event type, e.g. arrest.")] = None,
    status: Annotated[str | None, typer.Option("--status", help=f"Only this status: {', '.join(STATUSES)}.")] = None,
    evidence: EvidenceOption = 0,
    as_json: JsonOption = False,
) -> None:
    """Events in date order (undated last), with their participants and sources."""
    _check_status(status)
    store = _open(db)
    found = _board_call(board.timeline, store, entity, type, status, evidence=_all_if_zero(evidence))
    _show(store, found, as_json, _event_json, _events_table, "events")


@app.command("profile")
def profile_command(
    name: Annotated[str, typer.Argument(help="An entity's name, alias or id.")],
    db: DbOption = None,
    limit: Annotated[
        int, typer.Option("--limit", min=0, help="Facts, events, quotes, documents and merge records shown, best supported first (0: all).")
    ] = board.PROFILE_ITEMS,
    evidence: EvidenceOption = board.PROFILE_EVIDENCE,
    merges: Annotated[bool, typer.Option("--merges", help="Also show why its names are one entity (rules, keys, documents).")] = False,
    as_json: JsonOption = False,
) -> None:
    """Everything about one entity: names, type, facts with status and evidence, events, quotes, co-occurring entities.

    `totals` (in --json) says how many facts, events, quotes and documents there are in all;
    `merges` why its names were joined into one entity; `mentions` where it is named, with
    the ids `caseboard split --mention` takes."""
    store = _open(db)
    found: board.Profile = _board_call(board.profile, store, name, _all_if_zero(limit), _all_if_zero(evidence))
    names = found.names
    if as_json:
        _print_json(
            {
                "entity": found.entity,
                "facts": [_fact_json(f, names) for f in found.facts],
                "events": [_event_json(e, names) for e in found.events],
                "quotes": found.quotes,
                "cooccurring": found.cooccurring,
                "cooccurring_within": found.cooccurring_within,
                "documents": found.documents,
                "totals": found.totals,
                "merges": found.merges,
                "mentions": found.mentions,
            }
        )
        return
    entity = found.entity
    out.print(f"[bold]{entity['name']}[/bold]  {entity['type']}  {entity['id']}", highlight=False)
    out.print(f"also known as: {', '.join(entity['aliases']) or '-'}", highlight=False)
    totals = found.totals
    out.print(f"named in {totals['documents']} documents", highlight=False)
    out.print(_facts_table(_shown("facts", found.facts, totals["facts"]), found.facts, names))
    out.print(_events_table(_shown("events", found.events, totals["events"]), found.events, names))
    if found.quotes:
        out.print(_table("quotes", ["text", "source"], [[q["text"], q["source"]] for q in found.quotes]))
    sample = "" if found.cooccurring_within == totals["documents"] else f" (in {found.cooccurring_within} of its documents)"
    out.print(
        _table(f"co-occurring{sample}", ["name", "type", "shared documents"], [[c["name"], c["type"], c["documents"]] for c in found.cooccurring])
    )
    if merges:
        out.print(_merges_table(found.merges, totals["merges"]))


def _merges_table(merges: list[dict[str, Any]], total: int) -> Table:
    shown = f"{len(merges)} of {total}, oldest first; --limit 0 shows all" if len(merges) < total else str(total)
    return _table(
        f"why these names are one entity ({shown})",
        ["what", "rule", "key", "score", "joined", "document"],
        [[m["what"], m["rule"], m["key"], m["score"], m["other_id"], m["doc_id"]] for m in merges],
    )


def _author(by: str | None) -> str:
    if by:
        return by
    try:
        return getpass.getuser()
    except Exception:  # no login name (a container): say so rather than guess
        return os.environ.get("USER") or "unknown"


def _entity_id(store: Store, ref: str) -> str:
    return _board_call(board.resolve_ref, store, ref)


def _judged(store: Store, judgement: dict[str, Any], as_json: bool, message: str) -> None:
    if as_json:
        _print_json(judgement)
    else:
        err.print(f"judgement {judgement['id']}: {escape(message)}", highlight=False, soft_wrap=True)


@app.command("merge")
def merge_command(
    first: Annotated[str, typer.Argument(help="An entity's name, alias or id.")],
    second: Annotated[str, typer.Argument(help="Another entity that is the same real one.")],
    db: DbOption = None,
    unsure: Annotated[
        bool, typer.Option("--unsure", help="Only note that they may be one (kept and listed; nothing is merged).")
    ] = False,
    by: ByOption = None,
    note: NoteOption = None,
    as_json: JsonOption = False,
) -> None:
    """Judge two entities to be one (kept, with who, when and why; applied on every later ingest and rebuild)."""
    store = _open(db)
    a, b = _entity_id(store, first), _entity_id(store, second)
    if a == b:
        _fail(f"{first!r} and {second!r} are one entity already ({a})")
    judgement = store.merge_entities(a, b, _author(by), note, "unsure" if unsure else "positive")
    if unsure:
        _judged(store, judgement, as_json, f"{a} and {b} may be one: noted, not merged")
    else:
        _judged(store, judgement, as_json, f"{a} and {b} are one: {judgement['entity']}")


@app.command("split")
def split_command(
    entity: Annotated[str, typer.Argument(help="The entity's name, alias or id.")],
    name: Annotated[str | None, typer.Option("--name", help="The name that is someone (or something) else.")] = None,
    mention: Annotated[
        str | None,
        typer.Option(
            "--mention",
            help="One mention that is someone else: its id DOC:START, as `caseboard profile NAME --json` lists under mentions.",
        ),
    ] = None,
    db: DbOption = None,
    by: ByOption = None,
    note: NoteOption = None,
    as_json: JsonOption = False,
) -> None:
    """Judge a name of an entity to be another one: the documents naming it so (with
    --mention, the one document of that mention) become a new entity, and no later
    ingest or rebuild joins the two again."""
    if name is not None and mention is not None:
        _fail("give one of --name or --mention, not both", 2)
    store = _open(db)
    ident = _entity_id(store, entity)
    doc_id = None
    if mention is not None:
        found = store.find_mention(mention)
        if found is None or found["entity_id"] != ident:
            _fail(f"{ident} has no mention {mention!r} (see `caseboard profile {entity} --json`, mentions)")
        name, doc_id = found["text"], found["doc_id"]
    elif name is None:
        _fail("give one of --name or --mention", 2)
    try:
        judgement = store.split_entity(ident, name, _author(by), note, doc_id=doc_id)
    except LookupError as exc:
        _fail(str(exc))
    _judged(store, judgement, as_json, f"{name!r} split off {ident} as {judgement['split_off']}")


@app.command("review")
def review_command(
    fact: Annotated[str, typer.Argument(help="A fact's id, from `caseboard facts` (or --json).")],
    confirm: Annotated[bool, typer.Option("--confirm", help="The fact is right.")] = False,
    reject: Annotated[bool, typer.Option("--reject", help="The fact is wrong: hidden from views unless asked for.")] = False,
    db: DbOption = None,
    by: ByOption = None,
    note: NoteOption = None,
    as_json: JsonOption = False,
) -> None:
    """Confirm or reject a merged fact (kept, with who, when and why)."""
    if confirm == reject:
        _fail("give one of --confirm or --reject", 2)
    store = _open(db)
    try:
        judgement = board.review(store, fact, "confirmed" if confirm else "rejected", _author(by), note)
    except board.UnknownFact as exc:
        _fail(str(exc))
    _judged(store, judgement, as_json, f"{fact} {judgement['verdict']}")


@app.command("judgements")
def judgements_command(
    db: DbOption = None,
    undo: Annotated[int | None, typer.Option("--undo", help="Undo this judgement (by id); it stays listed as undone.")] = None,
    as_json: JsonOption = False,
) -> None:
    """List what people judged (merges, splits, reviews), or undo one with --undo ID."""
    store = _open(db)
    if undo is not None:
        try:
            judgement = store.undo_judgement(undo)
        except LookupError as exc:
            _fail(str(exc))
        if judgement["kind"] in ("merge", "split"):
            rebuilding.resolve_again(store)  # the entities are resolved as if it had never been made
        _judged(store, judgement, as_json, f"{judgement['kind']} undone")
        return
    rows = store.list_judgements()
    if as_json:
        _print_json(rows)
        return
    out.print(
        _table(
            f"{len(rows)} judgements",
            ["id", "kind", "verdict", "about", "by", "when", "note", "undone"],
            [
                [
                    r["id"], r["kind"], r["verdict"],
                    f"{r['subject']} {r['relation']} {r['object']}"
                    if r["kind"] == "review"
                    else f"{r['key_a']} / {r['key_b']}" + (f" (document {r['doc_id']})" if r["doc_id"] else ""),
                    r["author"], r["created_at"], r["note"], r["undone_at"],
                ]
                for r in rows
            ],
        )
    )


@app.command("rebuild")
def rebuild_command(
    db: DbOption = None,
    rules: RulesOption = None,
    timeout: Annotated[
        float, typer.Option(min=0, help="Seconds one document may take (0: no limit).")
    ] = DEFAULT_TIMEOUT,
    as_json: JsonOption = False,
) -> None:
    """Extract every stored document again (after an upgrade, or with new --rules) and
    rebuild the board, keeping every judgement (merges, splits and reviews are applied again)."""
    entity_rules = _rules(rules)
    store = _open(db)
    failures = rebuilding.rebuild(store, entity_rules, timeout or None)
    counts = store.counts()
    if as_json:
        _print_json({**counts, "failed": [{"source": f.source, "reason": f.reason} for f in failures]})
    else:
        for failure in failures:
            err.print(f"[red]kept as stored[/red] {escape(failure.source)}: {escape(failure.reason)}", highlight=False, soft_wrap=True)
        err.print(f"rebuilt {counts['documents']} documents: {counts['entities']} entities, {counts['relations']} relations", highlight=False)
    if failures:
        raise typer.Exit(1)


@app.command("eval")
def eval_command(
    prediction: Annotated[str, typer.Argument(help="`extract --json` output, or an `export` (JSON lines).")],
    gold: Annotated[str, typer.Argument(help="Gold file(s) in the shape of SCHEMA.md: one JSON object, a list, or JSON lines.")],
    as_json: JsonOption = False,
) -> None:
    """Score an extraction against a gold file: precision, recall and F1 for
    entities, alias clusters, relations and events, and status accuracy."""
    try:
        scores = scoring.evaluate_files(prediction, gold)
    except (OSError, scoring.GoldError) as exc:
        _fail(str(exc), 2)
    if as_json:
        _print_json(scores.to_dict())
        return
    rows = [
        [part, f"{c.precision:.3f}", f"{c.recall:.3f}", f"{c.f1:.3f}", c.tp, c.predicted, c.gold]
        for part, c in scores.counts.items()
    ]
    out.print(_table(f"{scores.documents} documents", ["", "precision", "recall", "F1", "matched", "predicted", "gold"], rows))
    out.print(
        f"status accuracy {scores.status_accuracy:.3f} ({scores.status_correct}/{scores.status_total} matched relations and events)",
        highlight=False,
    )


@app.command("serve")
def serve_command(
    db: DbOption = None,
    host: Annotated[
        str, typer.Option(help="Address to listen on. Anything but this machine needs --allow-remote.")
    ] = "127.0.0.1",
    port: Annotated[int, typer.Option(min=1, max=65535, help="Port to listen on.")] = 8000,
    allow_remote: Annotated[
        bool,
        typer.Option("--allow-remote", help="Allow a --host other machines can reach: they can then read the whole case board."),
    ] = False,
    review: Annotated[
        bool, typer.Option("--review", help="Let a person merge and split entities and confirm or reject facts in the pages.")
    ] = False,
    review_token: Annotated[
        str | None,
        typer.Option(
            "--review-token",
            envvar="CASEBOARD_REVIEW_TOKEN",
            help="With --review and --allow-remote: the token a person gives before judging (default: a new random one, printed).",
            show_default=False,
        ),
    ] = None,
    by: ByOption = None,
) -> None:
    """Browse the case board in a web browser: profiles, documents, timeline, graph, search.
    Read-only, unless --review (then on loopback any visitor may judge; on a reachable
    --host only one who gives the review token)."""
    import secrets

    import uvicorn

    from caseboard.web import create_app
    from caseboard.web.app import LOCAL_HOSTS, Review

    if host not in LOCAL_HOSTS and not allow_remote:
        _fail(
            f"refusing to listen on {host}: anyone who can reach it could read the case board "
            "(there is no login). Use the default 127.0.0.1, or add --allow-remote if you mean it",
            2,
        )
    store = _open(db)
    if host not in LOCAL_HOSTS:
        err.print(
            f"[yellow]warning:[/yellow] listening on {escape(host)}: anyone who can reach it can read the case board",
            highlight=False,
            soft_wrap=True,
        )
    judging = None
    if review:
        token = None
        if host not in LOCAL_HOSTS:
            token = review_token or secrets.token_urlsafe(18)
            if not review_token:
                err.print(f"review token (give it at /login before judging): {token}", highlight=False, soft_wrap=True)
        judging = Review(f"{_author(by)} (web)", token)
    err.print(f"case board at http://{host}:{port}/ (Ctrl+C to stop)", highlight=False)
    uvicorn.run(create_app(store, bind_host=host, review=judging), host=host, port=port, log_level="warning")


def main() -> None:  # pragma: no cover - console entry point
    app()
