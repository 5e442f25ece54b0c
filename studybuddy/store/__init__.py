"""Storage: the user's data directory, kept in TinyDB files written atomically. Never imports textual."""

from studybuddy.store.database import SCHEMA_VERSION, RestoreOffer, Store
from studybuddy.store.errors import StoreError, StoreLocked, StoreReadOnly, StoreTooNew, StoreWriteError
from studybuddy.store.location import resolve_data_dir

__all__ = [
    "SCHEMA_VERSION",
    "RestoreOffer",
    "Store",
    "StoreError",
    "StoreLocked",
    "StoreReadOnly",
    "StoreTooNew",
    "StoreWriteError",
    "resolve_data_dir",
]
