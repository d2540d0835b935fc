"""Other regional divisions of the 2025 municipalities, and how well each lines up with the regions.

- ``sources``: the nine kinds (vervoerregio's, eerstelijnszones, …) and the pinned files;
- ``tables``: download, read, check and cache the tables (``data/divisions.json``);
- ``scores``: pure functions that score each division, kind, region and municipality;
- ``report``: ``python -m lib.divisions report --format csv|text [--from DIR]``.
"""
