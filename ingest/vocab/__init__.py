"""Vocabularies and matchers of the extractors (skills, posts, …)."""
