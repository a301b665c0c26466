"""The SQLite workshop document: the only package that contains SQL."""
