"""Tests of studybuddy/cli."""
