"""What can go wrong with the data directory, each said in words a user can act on."""


class StoreError(Exception):
    """The data directory cannot be used as asked."""

    def __rich__(self) -> str:
        # Rich-renderable, so an app that meets one ends with this sentence (Textual hands
        # renderable errors to `App.panic`) instead of treating it as a bug with a traceback.
        return str(self)


class StoreLocked(StoreError):
    """Another StudyBuddy process holds the data directory."""


class StoreTooNew(StoreError):
    """The data was written by a newer StudyBuddy; touching it could lose information."""


class StoreWriteError(StoreError):
    """A change could not be made durable; what was on disk before is intact."""


class StoreReadOnly(StoreError):
    """The data directory cannot be written (permissions, a read-only disk)."""
