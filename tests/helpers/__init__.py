"""What the tests share: fake clocks, small content, app sessions and a real terminal.

Test modules import from here (or get fixtures from conftest.py), never from each other.
"""
