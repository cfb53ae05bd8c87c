"""The ``backspasm`` console command (also ``python -m backspasm``).

Typer renders help with Rich by default, which costs about a tenth of a second on every
``--help``; the command uses Click's plain help instead unless ``TYPER_USE_RICH`` is set.
Rich still draws the assessments, plans and sessions themselves.
"""

from __future__ import annotations

import os


def main() -> None:
    os.environ.setdefault("TYPER_USE_RICH", "0")
    from .cli import main as cli_main

    cli_main()


if __name__ == "__main__":
    main()
