"""Storage for the diary: SQLAlchemy 2 models, Alembic migrations and the service layer.

Import this package only where storage is needed (it imports SQLAlchemy).

Errors: :class:`~backspasm.store.engine.StoreError` (the database cannot be used) and
:class:`~backspasm.core.diary.DiaryError` (the input conflicts with what is stored); both
carry one plain sentence.
"""

from .engine import ENV_URL, StoreError, default_url, make_engine, url_for
from .service import CheckinResult, Diary, ImportReport, Store, open_store

__all__ = [
    "ENV_URL",
    "CheckinResult",
    "Diary",
    "ImportReport",
    "Store",
    "StoreError",
    "default_url",
    "make_engine",
    "open_store",
    "url_for",
]
