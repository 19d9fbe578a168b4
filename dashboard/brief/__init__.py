"""The scenario brief: one page to attach to a memo (PDF) or paste into an email (Markdown).

``content`` assembles what the brief says from the model; ``charts`` renders the charts from
the dashboard's own Altair specs; ``pdf`` and ``markdown`` lay it out. Imports the model and
the charts, never Streamlit or the UI.
"""

from .content import Brief, assemble
from .markdown import brief_markdown
from .pdf import brief_pdf

__all__ = ["Brief", "assemble", "brief_markdown", "brief_pdf"]
