"""explorer/ui.py helpers that need no browser."""
from __future__ import annotations


def test_markdown_of_data_never_looks_like_an_emoji_shortcode():
    """Source titles such as "job:boss_2026:1696" would make Streamlit load its emoji plugin (#24): ui.md escapes
    the colons (Streamlit's own test for a shortcode no longer matches) and leaves links and times readable."""
    import re

    from explorer.ui import md

    streamlit_test = re.compile(r":(?!material/|streamlit:)[\w+-][\w_+-]*:")  # StreamlitMarkdown's hm()
    text = "skills of job postings job:boss_2026:1696 … job:51job_shanghai_c2020:5765 see https://a.example/x"
    assert streamlit_test.search(text) and not streamlit_test.search(md(text))
    assert md(text).replace("\\:", ":") == text and "https://a.example/x" in md(text)
