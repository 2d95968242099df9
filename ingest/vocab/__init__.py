"""Vocabularies and matchers over the reference standards (GB/T 4754 terms, …), one module each."""
