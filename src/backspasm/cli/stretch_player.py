"""Run a timed stretching session in the terminal with Rich.

The player only counts down the steps planned by :mod:`backspasm.care.session`; the
clock is the ``sleep`` function it is given, so tests run a session instantly.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from rich.console import Console, Group
from rich.live import Live
from rich.panel import Panel
from rich.progress_bar import ProgressBar
from rich.table import Table
from rich.text import Text

from ..care.models import Exercise
from ..care.session import Step, total_seconds

KIND_WORDS = {"ready": "GET READY", "hold": "HOLD", "rest": "REST"}
KIND_STYLE = {"ready": "bold yellow", "hold": "bold green", "rest": "bold cyan"}


def _clock(seconds: int) -> str:
    return f"{seconds // 60}:{seconds % 60:02d}"


def frame(step: Step, remaining: int, done: int, total: int) -> Group:
    side = f" - {step.side} side" if step.side else ""
    rep = f" - repetition {step.rep} of {step.reps}" if step.kind != "ready" else ""
    head = Text.assemble(
        (f"{KIND_WORDS[step.kind]}{side}{rep}", KIND_STYLE[step.kind]),
        ("   ", ""),
        (_clock(remaining), "bold"),
    )
    body = Panel(
        Group(head, Text(step.text)),
        title=f"{step.title} ({step.index}/{step.of})",
        title_align="left",
    )
    progress = Table.grid(padding=(0, 1))
    progress.add_row(
        Text("Session", style="dim"),
        ProgressBar(total=max(total, 1), completed=done, width=40),
        Text(f"{_clock(done)} / {_clock(total)}", style="dim"),
    )
    return Group(body, progress)


def play(
    console: Console,
    title: str,
    exercises: Sequence[Exercise],
    steps: Sequence[Step],
    sleep: Callable[[float], None],
) -> None:
    """Count down every step, one second at a time. Ctrl-C propagates to the caller."""
    console.print(Text(title, style="bold"))
    for ex in exercises:
        if ex.not_for:
            console.print(f"Not for: {'; '.join(ex.not_for)}", style="yellow")
    console.print("Stop at once if pain spreads down a leg or you feel numbness. Ctrl-C ends.")
    total = total_seconds(steps)
    done = 0
    with Live(
        frame(steps[0], steps[0].seconds, 0, total), console=console, auto_refresh=False
    ) as live:
        for step in steps:
            for remaining in range(step.seconds, 0, -1):
                live.update(frame(step, remaining, done, total), refresh=True)
                sleep(1)
                done += 1
        live.update(frame(steps[-1], 0, done, total), refresh=True)
    console.print(Text("Session complete. Well done.", style="bold green"))
