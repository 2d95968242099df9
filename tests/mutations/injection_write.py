"""Interpolate the college text into resolve.college's Cypher (no parameter): a hostile name writes."""
from _edit import replace

replace("queries/resolve.py",
        '''store.read("MATCH (c:College) WHERE c.moe_code = $t OR''',
        '''store.read("MATCH (c:College) WHERE c.moe_code = '" + text + "' OR''')
print("tests/queries/test_injection_cli.py::test_hostile_text_through_every_command")
