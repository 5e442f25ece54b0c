"""Spaced repetition: the review journal, FSRS scheduling and the daily queue. Never imports textual."""
