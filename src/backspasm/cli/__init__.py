"""The ``backspasm`` command. Every command is a few lines over the core.

Heavy libraries (spaCy, SQLAlchemy, FastAPI, onnxruntime) are imported inside the
commands that need them, so ``backspasm --help`` stays fast.
"""

from __future__ import annotations

import typer

from . import ask as _ask
from . import assess as _assess
from . import care as _care
from . import diary as _diary
from . import knowledge as _knowledge
from . import report as _report
from . import web as _web

app = typer.Typer(
    name="backspasm",
    help=(
        "Decision support for a back that has just locked up: is it dangerous, and what to "
        "do now. Not a diagnosis: if you are worried, contact a doctor or emergency services."
    ),
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
_assess.register(app)
_knowledge.register(app)
_care.register(app)
_diary.register(app)
_ask.register(app)
_web.register(app)
_report.register(app)


def main() -> None:
    app()
