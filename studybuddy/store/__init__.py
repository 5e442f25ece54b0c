"""Storage: the user's data directory, kept in TinyDB files written atomically. Never imports textual.

Names are imported on first use, so `studybuddy due` can find the data directory and peek
at the settings without loading TinyDB.
"""

from studybuddy.store.errors import (
    StoreError,
    StoreLocked,
    StoreReadOnly,
    StoreTooNew,
    StoreWriteError,
)

__all__ = [
    "SCHEMA_VERSION",
    "RestoreOffer",
    "Store",
    "StoreError",
    "StoreLocked",
    "StoreReadOnly",
    "StoreTooNew",
    "StoreWriteError",
]


def __getattr__(name: str):
    if name in ("SCHEMA_VERSION", "RestoreOffer", "Store"):
        from studybuddy.store import database

        return getattr(database, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
