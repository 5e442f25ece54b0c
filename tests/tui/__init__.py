"""Tests of studybuddy/tui."""
