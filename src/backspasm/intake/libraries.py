"""Import spaCy and the two medspaCy components the intake uses, without what it never runs.

Importing ``spacy`` and ``medspacy.context`` the plain way costs about 0.9 s of a cold
start on the development machine, and about 0.4 s of that is code the intake never runs:

* ``spacy/__init__.py`` imports ``spacy.cli`` (for ``spacy.info``), which pulls in every
  spaCy command with typer, weasel, requests and more;
* every medspaCy module imports ``medspacy.util``, which imports ``quickumls`` only to
  register the QuickUMLS component; QuickUMLS imports NLTK;
* ``medspacy/__init__.py`` imports all of medspaCy's components (sentence splitters with
  pysbd and PyRuSH, which brings loguru; sections, pre- and post-processing, I/O).

:func:`import_spacy` puts a small placeholder module in ``sys.modules`` for spaCy's CLI
and for QuickUMLS while spaCy and medspaCy are imported, then removes the placeholders,
so a later ``import spacy.cli`` or ``import quickumls`` loads the real package as usual;
the placeholder ``spacy.info`` imports the real one when called. The ``medspacy``
package is created without running its ``__init__`` so that only the two components we
use are imported; the first time anything reads another attribute of the package
(``medspacy.load``, say), its ``__init__`` runs in place and the package is complete.
After an ordinary ``import spacy``, ``spacy.cli`` is there without importing it; here it
is imported when first read. The only thing a process lacks is medspaCy's
``medspacy_quickumls`` component until the package is completed or something imports
``quickumls.spacy_component``; backspasm never uses it. What is already imported
is never replaced: a process that imported spaCy and medspaCy itself gets the ordinary
path (the tests compare both paths on every labelled text).
"""

from __future__ import annotations

import contextlib
import importlib
import importlib.util
import sys
import threading
import types
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


def _cli_on_demand(spacy: types.ModuleType) -> None:
    """Make ``spacy.cli`` import spaCy's command-line module when first read (PEP 562)."""
    if "__getattr__" in vars(spacy):
        return  # spaCy has its own: leave it alone

    def on_demand(name: str) -> Any:
        if name == "cli":
            return importlib.import_module("spacy.cli")  # also sets the attribute
        raise AttributeError(f"module 'spacy' has no attribute {name!r}")

    spacy.__dict__["__getattr__"] = on_demand


def _real_quickumls() -> None:
    """Import the QuickUMLS component that medspacy.util imported a placeholder for, so
    a completed medspaCy package has all its components (``medspacy_quickumls`` too)."""
    util = sys.modules.get("medspacy.util")
    with contextlib.suppress(ImportError):
        component = importlib.import_module("quickumls.spacy_component")
        if util is not None:
            util.spacy_component = component  # type: ignore[attr-defined]


def _bare_medspacy() -> None:
    """Register the ``medspacy`` package without running its ``__init__`` (see above)."""
    spec = importlib.util.find_spec("medspacy")
    if spec is None or spec.loader is None or not spec.submodule_search_locations:
        return  # not a normal package: import it the ordinary way
    package = importlib.util.module_from_spec(spec)
    loader = spec.loader
    done = threading.Lock()

    def complete(name: str) -> Any:
        with done:
            if package.__dict__.pop("__getattr__", None) is not None:
                _real_quickumls()
                loader.exec_module(package)
        return object.__getattribute__(package, name)

    package.__dict__["__getattr__"] = complete  # PEP 562: runs for any missing attribute
    sys.modules["medspacy"] = package


def import_spacy() -> Any:
    """Import spaCy, medspaCy's TargetMatcher and ConText (registering their components);
    return the ``spacy`` module.

    Safe to call from any thread. (Imported the ordinary way, spaCy's command-line module
    warns that it uses a deprecated click API; that module is not imported here, so no
    warnings filter has to be changed, which would not be thread-safe.) Should the short
    way to medspaCy fail (a later medspaCy arranged differently), what it half-imported
    is dropped and medspaCy is imported the ordinary way.
    """
    with _lock:
        before = set(sys.modules)
        try:
            return _import_short_way()
        except Exception:
            spacy = sys.modules.get("spacy")
            if spacy is None:
                raise  # spaCy itself did not import (a failed import leaves no module)
            # spaCy is imported (its registries cannot be imported twice); medspaCy is
            # dropped and imported whole, which registers its components.
            for name in set(sys.modules) - before:
                if name.split(".", 1)[0] in {"medspacy", "quickumls"}:
                    del sys.modules[name]
            importlib.import_module("medspacy")
            return spacy


def _import_short_way() -> Any:
    stubs = _placeholders()
    sys.modules.update(stubs)
    try:
        import spacy

        if "medspacy" not in sys.modules:
            _bare_medspacy()
        # Importing these registers the medspacy_target_matcher and medspacy_context
        # components with spaCy; medspaCy's own __init__ would also set its extensions.
        importlib.import_module("medspacy.target_matcher")
        importlib.import_module("medspacy.context")
        importlib.import_module("medspacy._extensions").set_extensions()
    finally:
        for name, module in stubs.items():
            if sys.modules.get(name) is module:
                del sys.modules[name]
    if "spacy.cli" in stubs and "cli" not in vars(spacy):
        _cli_on_demand(spacy)
    return spacy
