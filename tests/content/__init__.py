"""Tests of studybuddy/content."""
