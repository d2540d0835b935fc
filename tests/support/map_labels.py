"""The region names on the map (lib/map/js/labels.js) as Chromium draws them: which show, and
whether any two overlap."""

from __future__ import annotations


def visible_labels(frame) -> list[tuple[str, float, float, float, float]]:
    """(text, left, top, right, bottom) of every region label that is shown, inside the map."""
    return frame.evaluate(
        """() => {
            const map = document.getElementById("map_div").getBoundingClientRect();
            return [...document.querySelectorAll(".regiokaart-label")]
                .filter((e) => getComputedStyle(e).visibility === "visible")
                .map((e) => { const b = e.getBoundingClientRect();
                              return [e.textContent, b.left, b.top, b.right, b.bottom]; })
                .filter((b) => b[1] >= map.left && b[3] <= map.right &&
                               b[2] >= map.top && b[4] <= map.bottom);
        }"""
    )


def overlaps(boxes) -> list[tuple[str, str]]:
    """The pairs of names among ``boxes`` (from :func:`visible_labels`) that overlap."""
    return [
        (a[0], b[0])
        for i, a in enumerate(boxes)
        for b in boxes[i + 1 :]
        if a[1] < b[3] and a[3] > b[1] and a[2] < b[4] and a[4] > b[2]
    ]
