"""A disk cache of the intake's compiled rules (plain JSON, no code).

Compiling the rule files into spaCy patterns runs spaCy's tokenizer over every phrase
word; the result depends only on the inputs the caller hashes into the *key* (rule
files, lay phrases, spaCy version, the compiler's own source), so it is kept on disk
between processes: ``$BACKSPASM_CACHE_DIR`` or the platform's user cache folder, one
file ``intake-<key>.json``.

The file is one header line (format, key, SHA-256 of the rest) and the JSON payload. A
file that is missing, from another key, cut short, changed, not JSON or unreadable reads
as ``None`` and the caller compiles again; a folder that cannot be written is ignored.
Writes go to a temporary file first and replace the old one in one step, so a reader
never sees half a file; files of other keys are removed.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
from pathlib import Path
from typing import Any

FORMAT = "backspasm-intake-compiled-v1"
PREFIX = "intake-"


def default_cache_dir() -> Path:
    """Same place as the ask index's vectors: ``$BACKSPASM_CACHE_DIR`` or the user cache."""
    env = os.environ.get("BACKSPASM_CACHE_DIR")
    if env:
        return Path(env)
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("backspasm"))


def cache_key(*parts: Any) -> str:
    """A short hash of ``parts`` (JSON-serialisable) and the cache format."""
    raw = json.dumps([FORMAT, *parts], sort_keys=True, ensure_ascii=False, default=sorted)
    return hashlib.sha256(raw.encode()).hexdigest()[:24]


def cache_path(directory: Path, key: str) -> Path:
    return directory / f"{PREFIX}{key}.json"


def read(directory: Path, key: str) -> Any | None:
    """The payload stored under ``key``, or None when there is no sound copy."""
    try:
        raw = cache_path(directory, key).read_bytes()
        head, _, body = raw.partition(b"\n")
        header = json.loads(head)
        if not isinstance(header, dict):
            return None
        if header.get("format") != FORMAT or header.get("key") != key:
            return None
        if header.get("sha256") != hashlib.sha256(body).hexdigest():
            return None
        return json.loads(body)
    except (OSError, ValueError):  # ValueError covers bad JSON and bad UTF-8
        return None


def write(directory: Path, key: str, payload: Any) -> bool:
    """Store ``payload`` under ``key``; False (and nothing raised) when it cannot."""
    body = json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode()
    header = {"format": FORMAT, "key": key, "sha256": hashlib.sha256(body).hexdigest()}
    path = cache_path(directory, key)
    tmp = path.with_name(f"{path.stem}.{os.getpid()}.tmp")
    try:
        directory.mkdir(parents=True, exist_ok=True)
        tmp.write_bytes(json.dumps(header).encode() + b"\n" + body)
        tmp.replace(path)
        for old in directory.glob(f"{PREFIX}*.json"):  # rules of older versions
            if old != path:
                old.unlink(missing_ok=True)
    except OSError:
        with contextlib.suppress(OSError):
            tmp.unlink(missing_ok=True)
        return False
    return True
