"""Use cases: ``fn(document, …) -> Edit`` (undoable) or ``-> Changes``."""
