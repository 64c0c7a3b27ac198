"""Content is data: every text from YAML is escaped for the place it lands."""

from __future__ import annotations

import html
import re

# Characters that are markup anywhere in a line (Python-Markdown's backslash escapes,
# plus "|" for tables); "&", "<" and ">" become entities instead.
_INLINE_SPECIALS = re.compile(r"([\\`*_{}\[\]|])")
# Characters that are markup only at the start of a line (headings, lists, quotes, and
# admonitions: "!!! danger").
_LEADING_MARKUP = re.compile(r"^(\s*)([#>+\-!]|\d+[.)])")


def markdown_inline(text: str) -> str:
    """One line of Markdown that shows `text` literally, whatever characters it holds."""
    flat = re.sub(r"\s+", " ", text)  # single spaces kept: templates join with ", "
    escaped = flat.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    escaped = _INLINE_SPECIALS.sub(r"\\\1", escaped)
    return _LEADING_MARKUP.sub(_escape_leading, escaped)


def _escape_leading(match: re.Match[str]) -> str:
    marker = match.group(2)
    if marker[0].isdigit():
        return match.group(1) + marker[:-1] + "\\" + marker[-1]
    return match.group(1) + "\\" + marker


def markdown_paragraphs(text: str) -> str:
    """Paragraphs separated by blank lines in YAML stay paragraphs; nothing else is markup.

    YAML has already folded the lines: in a `>-` text (or an unquoted one) a blank line is
    left as a single line break, so every line break that remains starts a paragraph."""
    paragraphs = [p for p in re.split(r"\n\s*", text.strip()) if p.strip()]
    return "\n\n".join(markdown_inline(p) for p in paragraphs)


def html_text(text: str) -> str:
    """Text inside an HTML element (raw HTML blocks are not Markdown-processed)."""
    return html.escape(" ".join(text.split()), quote=False)


def nav_title(text: str) -> str:
    """A title in the navigation (mkdocs.yml's `nav`): MkDocs and its themes print nav
    titles as HTML, just as the titles they take from a page's first heading."""
    return html_text(text)


def html_attribute(text: str) -> str:
    return html.escape(text, quote=True)


# Mermaid label text: anything but plain letters, digits and spaces becomes a Mermaid entity
# code (#60; for "<"), which Mermaid turns into an HTML entity, so it shows as text and can
# neither end the label nor the statement (quotes, brackets, "-->", "%%", markdown backticks).
_MERMAID_SAFE = re.compile(r"[0-9A-Za-zÀ-ÖØ-öø-ÿ ]")


def mermaid_label(text: str) -> str:
    flat = " ".join(text.split())
    return "".join(c if _MERMAID_SAFE.fullmatch(c) else f"#{ord(c)};" for c in flat)


def mermaid_plain(text: str) -> str:
    """For accTitle/accDescr lines, which Mermaid takes verbatim up to the line end:
    keep only characters that cannot start Mermaid syntax."""
    flat = " ".join(text.split())
    return re.sub(r"[^0-9A-Za-zÀ-ÖØ-öø-ÿ ,.?!()/–+:-]", " ", flat).strip()
