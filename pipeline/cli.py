"""The command line: a thin adapter over pipeline.run. Validates, calls, prints, exits."""
from __future__ import annotations

import sys
from enum import IntEnum
from pathlib import Path
from typing import Optional

import typer
from rich.console import Console

from pipeline import __version__
from pipeline.errors import InputError, TickercheckError

app = typer.Typer(add_completion=False, no_args_is_help=True,
                  help="Extract numeric market claims from news text and check them against real prices.")
data_app = typer.Typer(help="Manage the data directory and the local price store.", no_args_is_help=True)
app.add_typer(data_app, name="data")


class ExitStatus(IntEnum):
    OK = 0  # ran; every claim has a verdict
    ERROR = 1  # a system error (store, data directory)
    BAD_INPUT = 2  # unreadable input or options
    CONTRADICTED = 3  # --strict: at least one claim INACCURATE or MISLEADING
    NOT_CHECKED = 4  # the provider failed for at least one claim: try again later


def _settings(offline: bool, data_dir: Optional[Path], home: Optional[Path]):
    from pipeline.config import Settings

    return Settings.from_env(offline=offline, data_dir=data_dir, home=home)


@app.command()
def check(
    article: str = typer.Argument(..., help="Article file (text), or - for standard input."),
    published: Optional[str] = typer.Option(None, help="Publication date (YYYY-MM-DD) or ISO datetime with zone. Default: now."),
    format: str = typer.Option("table", "--format", "-f", help="Output: table, json, csv, html or claimreview."),
    offline: bool = typer.Option(False, help="Never touch the network: answer from the local store only."),
    prices_dir: Optional[Path] = typer.Option(None, help="Load daily-bar CSVs from this directory into the store first."),
    data_dir: Optional[Path] = typer.Option(None, envvar="TICKERCHECK_DATA", help="Data directory with reference/ lists."),
    home: Optional[Path] = typer.Option(None, envvar="TICKERCHECK_HOME", help="Where the price store lives."),
    strict: bool = typer.Option(False, help="Exit 3 when a claim is INACCURATE or MISLEADING."),
) -> None:
    """Check every numeric market claim in one article."""
    from pipeline.report.formats import EXPORTERS
    from pipeline.article import read_input
    from pipeline.report.to_text import render_table
    from pipeline.run import check_text, default_checker
    from pipeline.types import Label

    console = Console(stderr=True)
    if format != "table" and format not in EXPORTERS:
        console.print(f"[red]error:[/] unknown format '{format}' (use table, {', '.join(EXPORTERS)})")
        raise typer.Exit(ExitStatus.BAD_INPUT)
    try:
        if article == "-":
            raw = read_input(sys.stdin.buffer)
        else:
            with open(article, "rb") as fh:
                raw = read_input(fh)
    except OSError as exc:
        console.print(f"[red]error:[/] cannot read {article}: {exc.strerror}")
        raise typer.Exit(ExitStatus.BAD_INPUT)
    try:
        settings = _settings(offline, data_dir, home)
        report = check_text(raw, published, settings=settings, prices_dir=prices_dir)
    except TickercheckError as exc:
        console.print(f"[red]error:[/] {exc}")
        raise typer.Exit(ExitStatus.BAD_INPUT if isinstance(exc, InputError) else ExitStatus.ERROR)
    if format in EXPORTERS:
        typer.echo(EXPORTERS[format].render(report, default_checker(settings)))
    else:
        out = Console()
        render_table(report, out if out.is_terminal else Console(width=180))
    labels = {c.verdict.label for c in report.claims}
    if Label.NOT_CHECKED in labels:
        raise typer.Exit(ExitStatus.NOT_CHECKED)
    if strict and labels & {Label.INACCURATE, Label.MISLEADING}:
        raise typer.Exit(ExitStatus.CONTRADICTED)


@data_app.command("seed")
def data_seed(
    prices_dir: Path = typer.Argument(..., help="Directory of daily-bar CSVs (like ../shared/data/prices)."),
    home: Optional[Path] = typer.Option(None, envvar="TICKERCHECK_HOME", help="Where the price store lives."),
    rebuild: bool = typer.Option(False, help="Set the existing store aside (kept, renamed) and build a new one."),
) -> None:
    """Load daily-bar CSVs into the local price store."""
    from pipeline.prices.csv_files import seed_store
    from pipeline.prices.store import PriceStore

    settings = _settings(True, None, home)
    if rebuild and (old := PriceStore.set_aside(settings.store_path)):
        typer.echo(f"set the old store aside as {old}")
    try:
        n = seed_store(PriceStore(settings.store_path), prices_dir)
    except TickercheckError as exc:
        Console(stderr=True).print(f"[red]error:[/] {exc}")
        raise typer.Exit(ExitStatus.ERROR)
    typer.echo(f"loaded {n} price files into {settings.store_path}")


@data_app.command("update")
def data_update(
    data_dir: Path = typer.Option(..., envvar="TICKERCHECK_DATA", help="Data directory to fill."),
) -> None:
    """Refresh the reference lists in the data directory from their public sources (online)."""
    from pipeline.data_update import update_reference

    try:
        written = update_reference(data_dir)
    except TickercheckError as exc:
        Console(stderr=True).print(f"[red]error:[/] {exc}")
        raise typer.Exit(ExitStatus.ERROR)
    for path in written:
        typer.echo(f"wrote {path}")


@app.command()
def evaluate(
    split: str = typer.Option("test", help="train, dev, test or all."),
    annotations: Path = typer.Option(Path("fixtures/annotations"), help="Directory of gold_*.jsonl files."),
    data_dir: Path = typer.Option(..., envvar="TICKERCHECK_DATA", help="Data directory holding corpus/."),
    show_misses: bool = typer.Option(False, help="List unmatched gold and predicted claims (never on test)."),
    rules_only: bool = typer.Option(False, help="spaCy + rules alone, without the fine-tuned model."),
    ablation: bool = typer.Option(False, help="Table: rules alone vs the model deciding each label."),
    throughput: int = typer.Option(0, help="Instead of scores: words/s on N corpus articles vs plain spaCy."),
    model_alone: bool = typer.Option(False, help="The model's raw spans per label vs the rules' on the same sentences."),
) -> None:
    """Score extraction (span and claim P/R/F1) on the hand-annotated real articles."""
    import json

    from pipeline.evaluate import ablation as run_ablation, evaluate as run_evaluation

    if throughput:
        from pipeline.ner.throughput import measure

        result = measure(data_dir, throughput)
    elif model_alone:
        from pipeline.ner.score import model_alone as score_model

        result = score_model(annotations, data_dir, split)
    elif ablation:
        result = run_ablation(annotations, data_dir, split)
    else:
        result = run_evaluation(annotations, data_dir, split, show_misses, model_labels=() if rules_only else None)
    typer.echo(json.dumps(result, indent=2))


@app.command()
def serve(
    host: str = typer.Option("127.0.0.1", help="Interface to listen on (loopback unless told otherwise)."),
    port: int = typer.Option(8000, help="TCP port."),
    offline: bool = typer.Option(False, help="Never touch the network: answer from the local store only."),
    data_dir: Optional[Path] = typer.Option(None, envvar="TICKERCHECK_DATA", help="Data directory with reference/ lists."),
    home: Optional[Path] = typer.Option(None, envvar="TICKERCHECK_HOME", help="Where the price store lives."),
) -> None:
    """Start the web page and JSON API for fact-checkers."""
    from pipeline.web.app import serve as run_server

    run_server(_settings(offline, data_dir, home), host, port)


@app.command()
def loadtest(
    url: str = typer.Option("http://127.0.0.1:8000", help="A running `tickercheck serve` on this machine (loopback only)."),
    clients: int = typer.Option(20, min=1, max=64, help="Concurrent clients."),
    seconds: float = typer.Option(60.0, min=1, max=600, help="How long to send requests."),
    article: Optional[Path] = typer.Option(None, help="Article to post (default: a short built-in market paragraph)."),
    published: str = typer.Option("2025-12-13", help="Publication date sent with each request."),
) -> None:
    """Load-test a local server: N clients post articles for S seconds; prints p50/p95 and errors."""
    from pipeline.web.loadtest import run_loadtest

    try:
        typer.echo(run_loadtest(url, clients, seconds, article, published))
    except TickercheckError as exc:
        Console(stderr=True).print(f"[red]error:[/] {exc}")
        raise typer.Exit(ExitStatus.BAD_INPUT)


@app.command()
def version() -> None:
    """Print the version."""
    typer.echo(__version__)


from pipeline.batch.command import batch  # noqa: E402  (its logic lives in pipeline/batch/)
from pipeline.bench import bench  # noqa: E402

app.command()(batch)
app.command()(bench)


def main() -> None:
    app()


if __name__ == "__main__":  # `python -m pipeline.cli` as well as `python -m pipeline`
    main()
