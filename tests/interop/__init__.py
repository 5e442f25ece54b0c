"""Tests of studybuddy/interop."""
