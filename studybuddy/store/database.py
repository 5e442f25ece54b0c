"""The user's database: checklist state, UI state and metadata, in one TinyDB file.

Opening it validates the file first. A file that does not parse, or has the wrong shape, is
moved aside under a timestamped name (never overwritten) and a fresh database is started.
When a daily backup holds a good copy, the store carries a `RestoreOffer` for the app to
put to the user (their call: the backup may be days old); otherwise the caller gets a
warning to show. A file from a newer schema is refused untouched.
"""

from __future__ import annotations

import errno
import json
from dataclasses import asdict, dataclass
from datetime import datetime, timezone
from pathlib import Path
from types import MappingProxyType
from typing import Any
from collections.abc import Mapping

from tinydb import TinyDB
from tinydb.operations import delete
from tinydb.table import Document

from studybuddy.roadmap import ItemState
from studybuddy.settings import Settings
from studybuddy.datadir import BACKUP_DIR, atomic_write, remove_stale_temps, set_aside
from studybuddy.store.backups import newest_good_backup
from studybuddy.store.errors import (
    StoreError,
    StoreReadOnly,
    StoreTooNew,
    StoreWriteError,
)
from studybuddy.store.layout import DB_NAME, META_ID, SETTINGS_ID, UI_ID
from studybuddy.store.lock import DirectoryLock
from studybuddy.store.storage import AtomicJSONStorage

SCHEMA_VERSION = 1



def utc_now() -> datetime:
    return datetime.now(timezone.utc)


@dataclass(frozen=True)
class RestoreOffer:
    """An unreadable database was moved aside and a fresh one started; a backup can replace it."""

    problem: str  # why the database could not be read
    kept_as: str  # the name the unreadable file was moved to, beside the database
    backup_day: str  # ISO date of the newest backup whose copy parses

    @classmethod
    def from_dict(cls, raw: object) -> RestoreOffer | None:
        if not isinstance(raw, dict) or not all(isinstance(raw.get(k), str) for k in ("problem", "kept_as", "backup_day")):
            return None
        return cls(raw["problem"], raw["kept_as"], raw["backup_day"])


class Store:
    """The open data directory. Use `Store.open`, and `close` when done (or `with`)."""

    def __init__(self, directory: Path, db: TinyDB, lock: DirectoryLock | None, warnings: list[str]):
        self.directory = directory
        self.readonly = lock is None
        self.warnings = warnings
        self.restore_offer: RestoreOffer | None = None
        self._lock = lock
        self._attach(db)

    def _attach(self, db: TinyDB) -> None:
        self._db = db
        self._checklist = db.table("checklist", cache_size=0)
        self._ui = db.table("ui", cache_size=0)
        self._settings = db.table("settings", cache_size=0)
        # The one owner of the checklist in memory: screens render from the read-only view.
        self._states: dict[str, ItemState] = {}
        self._doc_ids: dict[str, int] = {}
        for doc in self._checklist.all():
            item_id, state = doc.get("item"), doc.get("state")
            if isinstance(item_id, str) and state in ItemState.__members__.values():
                self._states[item_id] = ItemState(state)
                self._doc_ids[item_id] = doc.doc_id
        self.states: Mapping[str, ItemState] = MappingProxyType(self._states)

    @classmethod
    def open(cls, directory: Path, *, readonly: bool = False, now: datetime | None = None) -> Store:
        """Open (creating if needed) the data directory.

        With readonly=True nothing is created, locked or written, so commands like
        `studybuddy stats` work while the app is open in another terminal.
        """
        directory = Path(directory)
        lock = None
        if not readonly:
            try:
                directory.mkdir(parents=True, exist_ok=True)
            except OSError as err:
                if err.errno in (errno.EACCES, errno.EPERM, errno.EROFS) and directory.is_dir():
                    raise StoreReadOnly(f"the data directory {directory} is read-only ({err.strerror})") from err
                raise StoreError(f"cannot create the data directory {directory}: {err.strerror}") from err
            lock = DirectoryLock(directory)
            lock.acquire()
            remove_stale_temps(directory)
        try:
            path = directory / DB_NAME
            warnings: list[str] = []
            data, offer = _load_checked(path, readonly, warnings, now or utc_now())
            db = TinyDB(storage=AtomicJSONStorage, path=path, initial=data, readonly=readonly)
            store = cls(directory, db, lock, warnings)
            if data is None and not readonly:
                store._init_meta(now or utc_now(), offer)
            # Kept in the database until answered, so a question the user never saw (the
            # app killed, or a CLI command that cannot ask) is asked at the next start.
            if not readonly:  # read-only, the offer could not be carried out: it waits
                store.restore_offer = offer or RestoreOffer.from_dict(store._meta().get("restore_offer"))
            return store
        except BaseException:
            if lock is not None:
                lock.release()
            raise

    def _init_meta(self, now: datetime, offer: RestoreOffer | None) -> None:
        doc: dict[str, Any] = {"schema_version": SCHEMA_VERSION, "created_at": now.isoformat()}
        if offer is not None:
            doc["restore_offer"] = asdict(offer)
        self._db.table("meta").upsert(Document(doc, doc_id=META_ID))

    def _meta(self) -> dict[str, Any]:
        return dict(self._db.table("meta").get(doc_id=META_ID) or {})

    def decline_restore(self) -> None:
        """Keep the fresh database; the offer is not made again (the backups stay on disk)."""
        self.restore_offer = None
        if "restore_offer" in self._meta() and not self.readonly:
            self._db.table("meta").update(delete("restore_offer"), doc_ids=[META_ID])

    def restore_backup(self) -> str:
        """Accept the restore offer: the newest good backup replaces the fresh database.

        Returns the backup's day. The unreadable file stays where the offer said it was kept.
        """
        if self.restore_offer is None or self.readonly:
            raise StoreError("there is no backup to restore")
        found = newest_good_backup(self.directory, DB_NAME)
        if found is None:
            raise StoreError(f"the backups in {self.directory / BACKUP_DIR} can no longer be read")
        day, blob = found
        try:
            atomic_write(self.path, blob)
        except OSError as err:
            raise StoreWriteError(f"could not restore {self.path}: {err.strerror or err}") from err
        self._db.close()
        self._attach(TinyDB(storage=AtomicJSONStorage, path=self.path, initial=json.loads(blob)))
        self.restore_offer = None
        return day

    def close(self) -> None:
        self._db.close()
        if self._lock is not None:
            self._lock.release()
            self._lock = None

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def path(self) -> Path:
        return self.directory / DB_NAME

    # -- checklist --------------------------------------------------------------------

    def item_states(self) -> dict[str, ItemState]:
        """A copy of every recorded item state, including ids the content no longer has."""
        return dict(self._states)

    def item_changes(self) -> dict[str, str]:
        """When each recorded item state was last changed (ISO times, UTC)."""
        return {d["item"]: d.get("changed_at", "") for d in self._checklist.all() if isinstance(d.get("item"), str)}

    def item_state(self, item_id: str) -> ItemState:
        return self._states.get(item_id, ItemState.TODO)

    def set_item_state(self, item_id: str, state: ItemState | str, now: datetime | None = None) -> None:
        """Record the state durably; returns only once it is on disk."""
        state = ItemState(state)  # ValueError for an unknown state
        doc = {"item": item_id, "state": state.value, "changed_at": (now or utc_now()).isoformat()}
        doc_id = self._doc_ids.get(item_id)
        if doc_id is None:
            doc_id = self._checklist.insert(doc)
        else:
            self._checklist.upsert(Document(doc, doc_id=doc_id))
        self._states[item_id] = state
        self._doc_ids[item_id] = doc_id

    # -- settings ---------------------------------------------------------------------

    def settings(self) -> Settings:
        """The stored settings; a damaged value falls back to its default (noted in warnings)."""
        settings, problems = Settings.from_dict(self._settings.get(doc_id=SETTINGS_ID))
        for problem in problems:
            if problem not in self.warnings:
                self.warnings.append(problem)
        return settings

    def save_settings(self, settings: Settings) -> None:
        self._settings.upsert(Document(settings.as_dict(), doc_id=SETTINGS_ID))

    def reset_settings(self) -> None:
        self._settings.truncate()

    # -- UI state ---------------------------------------------------------------------

    def ui_get(self, key: str, default: Any = None) -> Any:
        doc = self._ui.get(doc_id=UI_ID)
        return default if doc is None else doc.get(key, default)

    def ui_set(self, **values: Any) -> None:
        doc = dict(self._ui.get(doc_id=UI_ID) or {})
        if all(doc.get(k) == v for k, v in values.items()):
            return
        doc.update(values)
        self._ui.upsert(Document(doc, doc_id=UI_ID))


def _load_checked(path: Path, readonly: bool, warnings: list[str], now: datetime) -> tuple[dict | None, RestoreOffer | None]:
    """The parsed database, or None for a fresh start (after moving a bad file aside), with
    the offer of a backup when there is a good one."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return None, None
    except OSError as err:
        raise StoreError(f"cannot read {path}: {err.strerror}") from err
    problem = None
    data: Any = None
    if not raw.strip():
        problem = "it is empty"
    else:
        try:
            data = json.loads(raw)
        except (ValueError, RecursionError) as err:
            problem = f"it is not valid JSON ({err})" if isinstance(err, ValueError) else "it is not valid JSON"
        else:
            problem = _shape_problem(data)
    if problem is None:
        version = _schema_version(data)
        if version is not None and version > SCHEMA_VERSION:
            raise StoreTooNew(
                f"{path} was written by a newer StudyBuddy (schema {version}, this one knows "
                f"{SCHEMA_VERSION}); upgrade StudyBuddy. The file was not touched."
            )
        return data, None
    if readonly:
        raise StoreError(f"cannot read {path}: {problem}")
    aside = set_aside(path, "corrupt", now=now)
    found = newest_good_backup(path.parent, path.name)
    if found is not None:
        return None, RestoreOffer(problem, aside.name, found[0])
    warnings.append(f"Your database {path} could not be read ({problem}). It was kept as {aside.name} and a fresh one was started.")
    return None, None


def _shape_problem(data: Any) -> str | None:
    if not isinstance(data, dict):
        return "it is not a JSON object of tables"
    for name, table in data.items():
        if not isinstance(table, dict) or not all(isinstance(doc, dict) for doc in table.values()):
            return f"its table {name!r} has the wrong shape"
        if not all(str(key).isdigit() for key in table):
            return f"its table {name!r} has non-numeric document ids"
    return None


def _schema_version(data: dict) -> int | None:
    doc = data.get("meta", {}).get(str(META_ID), {})
    version = doc.get("schema_version")
    return version if isinstance(version, int) else None
