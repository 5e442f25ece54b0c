"""Tests of studybuddy/stats."""
