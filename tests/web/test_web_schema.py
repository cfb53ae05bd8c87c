"""Property-based tests of the JSON API against its own OpenAPI schema (schemathesis).

Bounded: a modest number of generated requests per operation. Every response must be a
non-5xx answer that matches the documented status codes and response schemas.
"""

from __future__ import annotations

import atexit
import shutil
import tempfile
from pathlib import Path

import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
)

from backspasm.web import Settings, create_app

# The diary operations write: give them a throwaway SQLite file, removed at exit.
_DB = Path(tempfile.mkdtemp(prefix="backspasm-schema-"))
atexit.register(shutil.rmtree, _DB, ignore_errors=True)
_APP = create_app(Settings(database_url=f"sqlite:///{_DB / 'diary.sqlite3'}"))
schema = schemathesis.openapi.from_asgi("/api/v1/openapi.json", _APP)


@schema.parametrize()
@settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
def test_api_never_fails_and_matches_its_schema(case: schemathesis.Case) -> None:
    case.call_and_validate(
        checks=[not_a_server_error, response_schema_conformance, status_code_conformance,
                content_type_conformance]
    )
