"""Where things are inside the database file, shared by the store and `peek_settings`."""

DB_NAME = "studybuddy.json"
META_ID = 1  # the one document of the meta table
SETTINGS_ID = 1  # the one document of the settings table
UI_ID = 1  # the one document of the ui table
