"""Where things are inside the database file, shared by the store and `peek_settings`."""

from studybuddy.datadir import DB_NAME  # noqa: F401  (re-exported for the store and peek)

META_ID = 1  # the one document of the meta table
SETTINGS_ID = 1  # the one document of the settings table
UI_ID = 1  # the one document of the ui table
