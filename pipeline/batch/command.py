"""The `tickercheck batch` command: options → BatchJob → run_batch, with a progress bar."""
from __future__ import annotations

import json
from pathlib import Path
from typing import List, Optional

import typer
from rich.console import Console

from pipeline.errors import InputError, TickercheckError


def batch(
    inputs: List[Path] = typer.Argument(..., help="JSONL, CSV, Parquet, RSS/Atom files, or directories of .txt/.html."),
    out: Path = typer.Option(..., "--out", "-o", help="Claims output: .parquet, .jsonl or .csv (errors and summary go beside it)."),
    resume: bool = typer.Option(False, help="Continue an interrupted run from its finished chunks."),
    workers: int = typer.Option(1, min=1, help="Local worker processes (spaCy loaded once per worker)."),
    scheduler: Optional[str] = typer.Option(None, help="Dask scheduler address (tcp://host:8786): run on that cluster."),
    chunk_size: int = typer.Option(64, min=1, help="Articles per chunk (one price fetch per chunk)."),
    published: Optional[str] = typer.Option(None, help="Publication time for records that give none."),
    id_field: Optional[str] = typer.Option(None, help="Record field holding the article id (default: id, guid, ...)."),
    text_field: Optional[str] = typer.Option(None, help="Record field holding the text (default: text, body, content, ...)."),
    published_field: Optional[str] = typer.Option(None, help="Record field holding the publication time (default: published, date, ...)."),
    source_field: Optional[str] = typer.Option(None, help="Record field holding the source (default: source, publisher)."),
    url_field: Optional[str] = typer.Option(None, help="Record field holding the URL (default: url, link)."),
    offline: bool = typer.Option(False, help="Never touch the network: answer from the local store only."),
    data_dir: Optional[Path] = typer.Option(None, envvar="TICKERCHECK_DATA", help="Data directory with reference/ lists."),
    home: Optional[Path] = typer.Option(None, envvar="TICKERCHECK_HOME", help="Where the price store lives."),
) -> None:
    """Check every claim in a feed of articles; one output row per claim, resumable."""
    from pipeline.batch.progress import records_progress
    from pipeline.batch.readers import count_records
    from pipeline.batch.records import FieldMap
    from pipeline.batch.runner import BatchJob, run_batch
    from pipeline.cli import ExitStatus, _settings

    console = Console(stderr=True)
    fields = FieldMap.with_overrides(id=id_field, text=text_field, published=published_field,
                                     source=source_field, url=url_field)
    job = BatchJob(tuple(inputs), out, fields, published, chunk_size)
    try:
        missing = [str(p) for p in inputs if not p.exists()]
        if missing:
            raise InputError(f"cannot read {', '.join(missing)}: no such file or directory")
        settings = _settings(offline, data_dir, home)
        with records_progress(console, count_records(list(inputs)) if console.is_terminal else None) as advance:
            summary = run_batch(job, settings, workers=workers, scheduler=scheduler, resume=resume,
                                on_records=advance)
    except TickercheckError as exc:
        console.print(f"[red]error:[/] {exc}")
        raise typer.Exit(ExitStatus.BAD_INPUT if isinstance(exc, InputError) else ExitStatus.ERROR)
    except KeyboardInterrupt:
        console.print(f"interrupted: finished chunks are kept in {job.work_dir}; run the same command with --resume")
        raise typer.Exit(130)
    typer.echo(json.dumps(summary, indent=2))
    if summary["labels"].get("NOT_CHECKED"):
        raise typer.Exit(ExitStatus.NOT_CHECKED)
