"""One view and model per workshop stage."""
