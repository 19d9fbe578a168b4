"""The scenario brief: one page to attach to a memo (PDF) or paste into an email (Markdown).

``content`` assembles what the brief says from the model; ``charts`` renders the charts from
the dashboard's own Altair specs; ``pdf`` and ``markdown`` lay it out; ``build`` is the one
call (the CLI's, and the worker's that the dashboard's Share menu uses). Imports the model and
the charts, never Streamlit or the UI. Nothing heavy is imported here: the dashboard imports
``build`` on its first visit, and fpdf2 and vl-convert only where a brief is built.
"""
