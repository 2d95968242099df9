"""A document's facts are written without their transaction (each upsert commits on its own): a reader
between two writes meets a half-ingested document."""
from _edit import replace

replace("ingest/base.py",
        '''    def write_alone(b: Batch, sources: list[str]) -> None:
        with store.transaction():''',
        '''    def write_alone(b: Batch, sources: list[str]) -> None:
        import contextlib  # MUTATION
        with contextlib.nullcontext():''')
print("tests/bench/test_concurrency.py::test_a_reader_between_two_writes_sees_each_document_absent_or_complete")
