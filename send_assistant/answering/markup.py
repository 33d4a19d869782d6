"""Markup safety for text echoed into answers, shared by the stages that echo it."""

from __future__ import annotations


def escape_markdown_html(text: str) -> str:
    """Neutralise `<` and `>` so text echoed into answer markdown can never become raw HTML.

    They become the entities `&lt;` / `&gt;`, which markdown renders as the plain characters. `&` is left
    alone on purpose, so escaping twice changes nothing (the function is idempotent).
    """
    return text.replace("<", "&lt;").replace(">", "&gt;")
