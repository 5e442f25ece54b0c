"""A review collection opened the way the tests need it."""

from __future__ import annotations

from studybuddy.srs.collection import Collection
from studybuddy.srs.scheduling import make_scheduler


def open_col(data_dir, clock, retention=0.9, **kw) -> Collection:
    data_dir.mkdir(parents=True, exist_ok=True)
    return Collection.open(data_dir, make_scheduler(retention), clock=clock, **kw)
