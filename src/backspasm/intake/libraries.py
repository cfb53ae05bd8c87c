"""Import spaCy and the two medspaCy components the intake uses, without what it never runs.

Importing ``spacy`` and ``medspacy.context`` the plain way costs about 0.9 s of a cold
start on the development machine, and about 0.4 s of that is code the intake never runs:

* ``spacy/__init__.py`` imports ``spacy.cli`` (for ``spacy.info``), which pulls in every
  spaCy command with typer, weasel, requests and more;
* every medspaCy module imports ``medspacy.util``, which imports ``quickumls`` only to
  register the QuickUMLS component; QuickUMLS imports NLTK.

:func:`import_spacy` puts a small placeholder module in ``sys.modules`` for each of them
while spaCy and medspaCy are imported, then removes the placeholders, so a later
``import spacy.cli`` or ``import quickumls`` loads the real package as usual. The
placeholder ``spacy.info`` imports the real one when called. The only thing a process
loses is medspaCy's ``medspacy_quickumls`` component until something imports
``quickumls`` itself; backspasm never uses it. When spaCy or QuickUMLS is already
imported nothing is replaced, and ``plain=True`` skips the shortcut altogether (the
tests compare both ways on every labelled text).
"""

from __future__ import annotations

import importlib
import sys
import threading
import types
import warnings
from typing import Any

_lock = threading.Lock()


def _spacy_info(*args: Any, **kwargs: Any) -> Any:
    """``spacy.info``, imported on first call (spaCy's own command-line module)."""
    from spacy.cli.info import info

    return info(*args, **kwargs)


def _placeholders() -> dict[str, types.ModuleType]:
    found: dict[str, types.ModuleType] = {}
    if "spacy" not in sys.modules and "spacy.cli" not in sys.modules:
        cli = types.ModuleType("spacy.cli", "Placeholder while spaCy is imported.")
        cli.__path__ = []
        info = types.ModuleType("spacy.cli.info", "Placeholder while spaCy is imported.")
        info.info = _spacy_info  # type: ignore[attr-defined]
        cli.info = info  # type: ignore[attr-defined]
        found.update({"spacy.cli": cli, "spacy.cli.info": info})
    if "quickumls" not in sys.modules and "medspacy" not in sys.modules:
        quick = types.ModuleType("quickumls", "Placeholder while medspaCy is imported.")
        quick.__path__ = []
        component = types.ModuleType("quickumls.spacy_component", "Placeholder.")
        quick.spacy_component = component  # type: ignore[attr-defined]
        found.update({"quickumls": quick, "quickumls.spacy_component": component})
    return found


def import_spacy(plain: bool = False) -> Any:
    """Import spaCy, medspaCy's TargetMatcher and ConText (registering their components);
    return the ``spacy`` module."""
    with _lock, warnings.catch_warnings():
        # spaCy's command-line helpers, imported with spaCy, use a click API that click
        # marks as deprecated; that is spaCy's business, not a problem with our input.
        warnings.simplefilter("ignore", DeprecationWarning)
        stubs = {} if plain else _placeholders()
        sys.modules.update(stubs)
        try:
            import spacy

            # Importing these registers the medspacy_target_matcher and medspacy_context
            # components with spaCy.
            importlib.import_module("medspacy.target_matcher")
            importlib.import_module("medspacy.context")
        finally:
            for name, module in stubs.items():
                if sys.modules.get(name) is module:
                    del sys.modules[name]
    return spacy
