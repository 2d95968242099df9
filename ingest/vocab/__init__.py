"""Vocabularies and matchers of the extractors and over the reference standards (skills, posts, GB/T 4754 terms, …), one module each."""
