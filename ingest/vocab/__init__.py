"""Vocabularies and matchers used by the ingesters (one module per vocabulary)."""
