"""The read-only store fails a read when another process's writer holds the file (the behaviour before
the pool: "recovery is pending" → a read-write replay → "locked by process N" → error to the user)."""
from _edit import replace

replace("kg/store/embedded.py",
        '''                except WriterLocked as e:
                    err = e  # a checkpoint under way in the writer's process: wait for it''',
        '''                except WriterLocked:  # MUTATION
                    raise''')
print("tests/bench/test_concurrency.py::test_ten_sessions_while_an_ingest_writes_embedded")
