"""Escaping text for Streamlit markdown: labels, names and notes that come from files or users.

Who calls it: the pages and the views of ``est.ui`` wherever such text goes into ``st.markdown``,
``st.caption``, ``st.header``, ``st.success`` or a table that renders markdown.
"""

from __future__ import annotations

import re

__all__ = ["escape_markdown"]

_MARKDOWN = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$])")


def escape_markdown(text: str) -> str:
    r"""Escape text from a file (labels, profile names) before it is shown in Streamlit markdown.

    Examples
    --------
    >>> escape_markdown("![x](http://evil)")
    '\\!\\[x\\]\\(http://evil\\)'
    """
    return _MARKDOWN.sub(r"\\\1", text)
