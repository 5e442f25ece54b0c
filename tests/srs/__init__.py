"""Tests of studybuddy/srs."""
