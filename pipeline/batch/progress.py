"""A rich progress bar over input records (rate and ETA); silent when stderr is not a terminal."""
from __future__ import annotations

from contextlib import contextmanager

from rich.console import Console
from rich.progress import (BarColumn, MofNCompleteColumn, Progress, ProgressColumn, TextColumn,
                           TimeElapsedColumn, TimeRemainingColumn)
from rich.text import Text


class _Rate(ProgressColumn):
    def render(self, task) -> Text:
        return Text(f"{task.speed:,.1f} rec/s" if task.speed else "— rec/s")


@contextmanager
def records_progress(console: Console, total: int | None):
    """Yields advance(n). total None: the bar still shows a count and rate, without an ETA."""
    if not console.is_terminal:
        yield lambda n: None
        return
    columns = [TextColumn("checking"), BarColumn(), MofNCompleteColumn(), _Rate(),
               TimeElapsedColumn(), TextColumn("ETA"), TimeRemainingColumn()]
    with Progress(*columns, console=console) as progress:
        task = progress.add_task("batch", total=total)
        yield lambda n: progress.advance(task, n)
