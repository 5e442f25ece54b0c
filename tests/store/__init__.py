"""Tests of studybuddy/store."""
