"""``backspasm ask "QUESTION"``: a short cited answer from the passages, triage first."""

from __future__ import annotations

from typing import Annotated

import typer

from ._common import fail, load_knowledge_or_fail

MAX_QUESTION = 1000


def register(app: typer.Typer) -> None:
    app.command("ask")(ask_command)


def ask_command(
    question: Annotated[str, typer.Argument(help="Your question, in quotes.")],
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON instead of text.")] = False,
) -> None:
    """Answer a question about back spasms from cited passages (nothing is made up).

    If the question describes danger signs, the triage result comes first. Questions the
    passages do not cover get "I don't know" rather than an answer to something else.
    """
    text = " ".join(question.split())
    if not text:
        fail(
            "the question is empty: type it in quotes, "
            'e.g. backspasm ask "how long does a back spasm last".'
        )
    if len(text) > MAX_QUESTION:
        fail(f"the question is longer than {MAX_QUESTION} characters; ask something shorter.")
    knowledge = load_knowledge_or_fail()

    from ..knowledge import KnowledgeError
    from ..search.ask import ask
    from ..search.embedder import EmbedderUnavailable
    from ..search.index import default_index
    from ..search.triage import default_triage

    triage = default_triage(knowledge, text)  # a danger sign: the intake loads meanwhile
    try:
        index = default_index(knowledge)
    except KnowledgeError as exc:
        fail(f"the passages are broken: {exc}")
    except EmbedderUnavailable as exc:
        fail(f"answers are unavailable because {exc}")
    try:
        result = ask(text, index, triage=triage)
    except KnowledgeError as exc:  # e.g. the intake's own data files
        fail(f"the knowledge base is broken: {exc}")
    if as_json:
        typer.echo(result.model_dump_json(indent=2))
        return
    from rich.console import Console

    from .render_ask import show_answer

    show_answer(Console(), result)
