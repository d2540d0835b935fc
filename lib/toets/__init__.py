"""Toets een samenwerking: a set of municipalities against the reference regions ("pas toe of
leg uit").

- ``entries``: names, pre-2025 names and NIS codes (typed or in an uploaded file) → 2025
  municipalities, every entry accounted for;
- ``verdict``: pure functions: within / region / regions / crosses, the two smallest changes,
  the closest existing areas;
- ``assessment``: what a toets loads, the result for one set, as JSON and Dutch text;
- ``cli``: ``python -m lib.toets [--format text|json] [--from DIR_OR_URL] [--file F] ENTRY…``.
"""
