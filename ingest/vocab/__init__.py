"""Vocabulary and matcher helpers for the extractors (one module per topic, distinct names)."""
