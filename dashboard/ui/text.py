"""Text from users on the page: shown as typed, never read as Markdown or HTML.

Streamlit reads Markdown in almost every text it shows (``st.markdown``, titles, captions,
alerts, expander and widget labels). A parameter name, a rule's title from a link, a room
title or a group name written as ``[Sign in](https://evil.example) ![](http://t.example/p.gif)``
would become a link and an image fetched on sight. Every such string goes through
``plain()`` before it joins a Markdown text; the page's own formatting stays outside it.
"""

from __future__ import annotations

import re

# Every ASCII punctuation character: CommonMark lets each be escaped with a backslash, and
# together they cover links, images, emphasis, code, HTML, Streamlit's directives
# (":red[...]") and its LaTeX ("$...$").
_MARKUP = re.compile(r"([!-/:-@\[-`{-~])")
# GitHub-flavoured autolinks ("http://...", "www....", "name@host") are found in the text
# after escapes are resolved, so escaping cannot stop them: a zero-width space breaks each
# pattern (after every colon, inside "www.", before "@"), which also keeps Streamlit's
# ":icon:" shortcodes literal. The text reads the same.
_ZWSP = "\u200b"
_AUTOLINK = re.compile(r"(:)|(?<=www)(?=\.)|(?=@)", re.IGNORECASE)
ECHO_CHARS = 60  # a value echoed back to its sender (a file name, a code) is cut to this length


def plain(value: object, limit: int | None = None) -> str:
    """``value`` as literal text inside Markdown: on one line, cut to ``limit`` characters
    (with "…"), and every Markdown or HTML character escaped."""
    text = " ".join("".join(c if c.isprintable() else " " for c in str(value)).split())
    if limit is not None and len(text) > limit:
        text = text[: limit - 1] + "…"
    return _MARKUP.sub(r"\\\1", _AUTOLINK.sub(lambda m: (m.group(1) or "") + _ZWSP, text))


def plain_list(lines: list[str], limit: int | None = None) -> str:
    """Several lines of user-derived text as a Markdown bullet list, each line ``plain()``."""
    return "\n".join(f"- {plain(line, limit)}" for line in lines)
