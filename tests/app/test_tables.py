"""explorer/tables.py: read-only tables as HTML (#24) — what is written, escaped and read back."""
import math

import pandas as pd

from explorer.tables import CLASS, read, table


def test_cells_written_escaped_and_read_back():
    df = pd.DataFrame({"来源": ["参考数据", "<script>alert(1)</script> & co"], "行数": [12345, 7],
                       "占比": [0.123456, 2.0], "备注": [None, math.nan]})
    body = table(df)
    assert body.startswith(f'<div class="{CLASS}"')
    assert "<script>" not in body and "&lt;script&gt;alert(1)&lt;/script&gt; &amp; co" in body
    back = read(body)
    assert list(back.columns) == ["来源", "行数", "占比", "备注"]
    assert back.values.tolist() == [["参考数据", "12,345", "0.1235", ""],
                                    ["<script>alert(1)</script> & co", "7", "2", ""]]


def test_numbers_right_aligned_text_wraps_header_and_key_column_stay_in_view():
    body = table(pd.DataFrame({"企业": ["比亚迪"], "得分": [0.5]}), height=300)
    assert "max-height:300px" in body and "overflow:auto" in body
    th = body.split("<th ", 1)[1].split(">", 1)[0]
    assert "position:sticky" in th and "top:0" in th
    tds = [c.split(">", 1)[0] for c in body.split("<td ")[1:]]
    assert "left:0" in tds[0] and "text-align:right" not in tds[0] and "max-width" in tds[0]
    assert "text-align:right" in tds[1] and "left:0" not in tds[1]
    assert "left:0" not in table(pd.DataFrame({"a": ["x"]}), key_column=False).split("<td ", 1)[1].split(">", 1)[0]


def test_empty_table_keeps_its_header():
    back = read(table(pd.DataFrame({"企业": [], "得分": []})))
    assert list(back.columns) == ["企业", "得分"] and back.empty


def test_show_draws_short_tables_as_html_and_long_ones_as_the_interactive_grid():
    from streamlit.testing.v1 import AppTest

    def page(rows: int):
        import pandas as pd

        from explorer import tables

        tables.show(pd.DataFrame({"企业": [f"企业{i}" for i in range(rows)]}), height=300)

    short = AppTest.from_function(page, args=(3,)).run()
    assert [e.proto.body.startswith(f'<div class="{CLASS}"') for e in short.get("html")] == [True]
    assert not short.dataframe
    from explorer.tables import MAX_ROWS

    long = AppTest.from_function(page, args=(MAX_ROWS + 1,)).run()
    assert not long.get("html") and len(long.dataframe[0].value) == MAX_ROWS + 1
