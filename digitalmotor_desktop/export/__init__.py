"""Exports: reportlab PDF, SVG, CSV, XLSX (no Qt)."""
