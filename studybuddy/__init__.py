"""StudyBuddy: a terminal study companion for people learning machine learning."""

__version__ = "0.1.0"
