"""`kg bench`: benchmarks that print ratios against a baseline measured in the same run.

Sub-benchmarks (``bench.runner.SUITES``): ``load`` (bulk load of a synthetic graph through the
project's own store API vs. a naive ``UNWIND … MERGE`` baseline, and into Neo4j), ``reference``
(the reference folder end to end, per ingest kind), ``queries`` (every named query and analysis at
province scale, median and p95, both stores), ``extraction`` (words/s and chars/s per extractor).
Each runs in its own subprocess so its peak memory (max RSS) is its own.
"""
