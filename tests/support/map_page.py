"""The Leaflet map inside streamlit-folium's component frame: wait for it, find a pixel on it."""

from __future__ import annotations

MAP_FRAME = 'iframe[title="streamlit_folium.st_folium"]'

_PIXEL_JS = """(code) => {
    const layer = Object.values(window.map._layers).find(
        (l) => l.feature && l.feature.properties && l.feature.properties.nis_code === code
            && typeof l.getCenter === "function");
    const p = window.map.latLngToContainerPoint(layer.getCenter());
    const box = window.map.getContainer().getBoundingClientRect();
    return {x: p.x + box.left, y: p.y + box.top};
}"""


def wait_for_map(page, timeout: float = 60_000):
    """Wait until Leaflet has drawn the polygons inside the component frame.

    Any drawn polygon will do: a map fitted to one region leaves the others out of view.
    """
    polygons = page.frame_locator(MAP_FRAME).locator("path.leaflet-interactive")
    polygons.filter(visible=True).first.wait_for(timeout=timeout)
    return page.locator(MAP_FRAME)


def municipality_pixel(page, nis_code: str) -> tuple[float, float]:
    """Page coordinates of a municipality's centre, from Leaflet's latLngToContainerPoint."""
    iframe = page.locator(MAP_FRAME)
    point = iframe.element_handle().content_frame().evaluate(_PIXEL_JS, nis_code)
    box = iframe.bounding_box()
    return box["x"] + point["x"], box["y"] + point["y"]


def move_off_the_map(page, timeout: float = 10_000) -> None:
    """Move the pointer to the page's corner and wait until no tooltip is left on the map
    (Leaflet removes a closed tooltip after its fade)."""
    page.mouse.move(5, 5)
    tooltips = page.frame_locator(MAP_FRAME).locator(".leaflet-tooltip")
    tooltips.first.wait_for(state="detached", timeout=timeout)
