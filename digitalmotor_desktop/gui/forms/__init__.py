"""Python modules compiled from ui/*.ui at build time (see setup.py)."""
