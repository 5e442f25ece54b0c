"""Getting things in and out: Anki text files, progress and review-log exports, backups,
and the user's own content directory. Never imports textual."""
