"""Build the folium map of the reference regions and the layer that highlights a selection.

The base map is built the same way on every rerun (same data, same options), so that
streamlit-folium keeps the mounted map — zoom and pan stay — and only swaps the highlight,
which travels in ``feature_group_to_add``. folium ``Map`` objects are never cached: st_folium
mutates them; the map artifact they are drawn from is cached instead (see lib.app.store).

The map's JavaScript and CSS are files in ``lib/map/js`` and ``lib/map/css``: the map's loader
file (:func:`lib.map.static_files.publish_loader`, loaded before Leaflet) defines their functions
once, and each element here only calls one with its data. Data enters
the map's scripts only as JSON made by :func:`script_json`: text from the data is drawn with
``textContent``, never parsed as HTML, and stays literal through branca's templates.
"""

from __future__ import annotations

import json
from collections.abc import Sequence

import folium
import xyzservices
from branca.element import Element, Figure
from branca.element import MacroElement as _BrancaMacroElement
from jinja2 import Template

from lib import browser_code
from lib.map import leaflet_assets, static_files
from lib.map.artifact import (
    MUNICIPALITY_NAME,
    REGION_ID,
    REGION_NAME,
    MapArtifact,
    Region,
)
from lib.map.colors import CONTEXT_COLOR, REGION_COLORS, region_color

TILES_URL = "https://{s}.basemaps.cartocdn.com/light_nolabels/{z}/{x}/{y}{r}.png"
TILES_ATTRIBUTION = (
    '&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a>-bijdragers, '
    '&copy; <a href="https://carto.com/attributions">CARTO</a>'
)
# A provider object, not a URL string: folium would look a string up among xyzservices'
# providers on every rerun first.
TILES = xyzservices.TileProvider(
    name="CartoDB.PositronNoLabels",
    url=TILES_URL,
    attribution=TILES_ATTRIBUTION,
    html_attribution=TILES_ATTRIBUTION,
    subdomains="abcd",
    max_zoom=19,
)
BOUNDARY_ATTRIBUTION = "Grenzen: Statbel, Provincies in Cijfers"
CONTEXT_LABEL = "Brussel (geen referentieregio)"
HIGHLIGHT_COLOR = "#0b1f33"
LAYER_FAILED = "Een kaartlaag kon niet worden geladen; herlaad de pagina."
FADED_OPACITY = 0.12  # fill of the regions around a chosen one (the chosen one keeps 0.55)
MUNICIPALITY_MAX_ZOOM = 10  # how close a search for a municipality zooms in


_INERT = (("<", "\\u003c"), ("{{", "{\\u007b"), ("{%", "{\\u0025"), ("{#", "{\\u0023"))


def script_json(value: object = None, *, text: str | None = None) -> str:
    """``value`` (or JSON ``text`` made elsewhere) as JSON that is safe in the map's scripts.

    - Every ``<`` becomes ``\\u003c``: not only ``</script>`` ends a script early,
      ``<!--<script>`` makes the HTML parser skip the real ``</script>`` and swallow the page.
    - ``{{``, ``{%`` and ``{#`` get their second character escaped too. When folium renders the
      page, branca compiles the output of folium's elements as a Jinja template once more (ours
      skip that, see :class:`MacroElement`, but data may reach folium's elements too), and
      streamlit-folium rewrites ``{{'name'}}``; without these three openers the text passes both
      unchanged, so a name like ``{{ 7*7 }}`` stays literal instead of becoming 49.

    In JSON these sequences only occur inside strings (after a structural ``{`` comes ``"`` or
    ``}``), where ``\\uXXXX`` escapes are valid, so the result means the same to the browser.
    """
    result = json.dumps(value, ensure_ascii=False) if text is None else text
    for unsafe, escaped in _INERT:
        result = result.replace(unsafe, escaped)
    return result


class _Rendered(Element):
    """Output of an element's macro, put into the page as it is."""

    _template = Template("{{ this.text }}")  # compiled once; the text itself never is

    def __init__(self, text: str):
        super().__init__()
        self.text = text


class MacroElement(_BrancaMacroElement):
    """branca's MacroElement whose rendered sections are not compiled as templates again.

    branca wraps each section an element renders in a new ``Element(template=output)``, so the
    output (for the map: the encoded municipalities, about 110 KB) is parsed by Jinja once more
    on every render, and streamlit-folium renders a map twice per run: that was a third of the
    server time of a click. The page is the same; data stays inert either way (see
    :func:`script_json`).
    """

    def render(self, **kwargs) -> None:
        figure = self.get_root()
        if not isinstance(figure, Figure):
            raise TypeError("Render this element inside a folium Map (a branca Figure).")
        macros = self._template.module.__dict__
        for section in ("header", "html", "script"):
            macro = macros.get(section)
            if macro is not None:
                part = _Rendered(macro(self, kwargs))
                getattr(figure, section).add_child(part, name=self.get_name())
        for child in self._children.values():
            child.render(**kwargs)


# The map's scripts (lib/map/js), in the order they must run: each defines functions on
# ``window`` that the elements below call with their data (as ``script_json``).
class Legend(MacroElement):
    """A legend control built with DOM calls and ``textContent``: data never becomes HTML."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        regiokaartLegend({{ this._parent.get_name() }}, {{ this.title_json }},
                         {{ this.entries_json }});
        {% endmacro %}
        """
    )

    def __init__(self, entries: Sequence[tuple[str, str]], title: str = "Referentieregio's"):
        super().__init__()
        self._name = "Legend"
        self.entries_json = script_json([{"label": t, "color": c} for t, c in entries])
        self.title_json = script_json(title)


class MapStyle(MacroElement):
    """The map's CSS (``lib/map/css/map.css``), put into the map's header."""

    _template = Template(
        """
        {% macro header(this, kwargs) %}
        <style>
{{ this.css }}</style>
        {% endmacro %}
        """
    )

    def __init__(self):
        super().__init__()
        self._name = "MapStyle"
        self.css = browser_code.read("map/css/map.css")


class CompactGeoJson(MacroElement):
    """A GeoJSON layer in the page form of :mod:`lib.map.encoding`, fetched by the map's frame
    from a file the app serves (:mod:`lib.map.static_files`, whose loader script the map loads
    first) and decoded there by the page's decoder (``layer.js``, in the same loader file).

    The layer is on the map at once, empty, and filled when its file has arrived: streamlit-folium
    binds its click handler to the layers on the map when it runs the script, and a click on a
    polygon reaches it through this layer, with the clicked feature (``properties`` included).
    Each layer draws in a pane of its own, so the order in which the files arrive does not
    matter: borders over the municipalities, the selection and other layers over both.
    Tooltips are built with ``textContent``, so names from the data are never parsed as HTML;
    the data itself is read with ``response.json()``, never as script.
    """

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        regiokaartGeoJson({{ this._parent.get_name() }}, {{ this.options_json }});
        {% endmacro %}
        """
    )

    def __init__(
        self,
        url: str,
        pane: str,
        z_index: int,
        style: dict,
        colors: dict[str, str] | None = None,
        fallback: str = CONTEXT_COLOR,
        hover: dict | None = None,
        tooltip: Sequence[tuple[str, str]] = (),
        empty: str = "",
        attribution: str | None = None,
        fade: float | None = None,
        click_fits: bool = False,
    ):
        """``url``: the layer's file (:func:`lib.map.static_files.publish_layer`); ``pane`` and
        ``z_index``: where it draws (Leaflet's overlays are at 400, its tiles at 200).

        ``fade``: the fill opacity of features outside the chosen region, if any;
        ``click_fits``: a click on a feature fits the map to its region (``view.js``).
        """
        super().__init__()
        self._name = "CompactGeoJson"
        self.options_json = script_json(
            {
                "url": url,
                "pane": pane,
                "zIndex": z_index,
                "interactive": bool(tooltip),
                "style": style,
                "colors": colors,
                "colorBy": REGION_ID,
                "fallback": fallback,
                "hover": hover or {},
                "tooltip": [list(field) for field in tooltip],
                "empty": empty,
                "attribution": attribution,
                "fade": fade,
                "failed": LAYER_FAILED,
                "clickFits": click_fits,
            }
        )


def short_name(name: str) -> str:
    """A region's name for a narrow map: "Zuid-West-Vlaanderen" → "Zuid-West-Vl."."""
    return name.replace("Vlaanderen", "Vl.").replace("Vlaamse", "Vl.")


class RegionLabels(MacroElement):
    """Region names at fixed points, drawn with ``textContent``; they let clicks through.

    Every region keeps its name on screen. Largest region first, each label takes the first
    place near its point that overlaps no label placed before it, trying a smaller type and
    then a shorter name before hiding it; a narrow map (a phone) starts small and short. The
    labels are placed again after every zoom and when the map changes size.
    """

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        regiokaartLabels({{ this._parent.get_name() }}, {{ this.labels_json }});
        {% endmacro %}
        """
    )

    def __init__(self, labels: Sequence[Region]):
        super().__init__()
        self._name = "RegionLabels"
        ordered = sorted(labels, key=lambda label: -label.area_km2)
        self.labels_json = script_json(
            [
                {
                    "name": label.name,
                    "short": short_name(label.name),
                    "lat": label.lat,
                    "lon": label.lon,
                }
                for label in ordered
            ]
        )


class FitToBounds(MacroElement):
    """The map's view: all of Flanders, or what the selection asked for (``SelectionView``),
    clear of the open legend; a click on a region fits that region (``lib/map/js/view.js``)."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        regiokaartFitToBounds({{ this._parent.get_name() }}, {{ this.bounds_json }},
                              {{ this.regions_json }});
        {% endmacro %}
        """
    )

    def __init__(self, bounds: list[list[float]], regions: dict[str, Region] | None = None):
        """``bounds``: Flanders; ``regions``: where a click on a region fits the map, the same
        bounds a link to the region fits (:func:`selection_layer`)."""
        super().__init__()
        self._name = "FitToBounds"
        self.bounds_json = script_json(bounds)
        self.regions_json = script_json(
            {rid: [list(corner) for corner in r.bounds] for rid, r in (regions or {}).items()}
        )


class HomeControl(MacroElement):
    """A button on the map that shows all of Flanders again (the choice stays)."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        regiokaartHomeControl({{ this._parent.get_name() }}, {{ this.label_json }});
        {% endmacro %}
        """
    )

    def __init__(self, label: str = "Heel Vlaanderen"):
        super().__init__()
        self._name = "HomeControl"
        self.label_json = script_json(label)


class MapControls(MacroElement):
    """Zoom buttons and credits in Dutch, and a scale in kilometres and metres only.

    Leaflet's own zoom buttons are titled in English and its scale adds miles; folium's are
    switched off (``zoom_control``, ``control_scale``) and these take their place.
    """

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        regiokaartControls({{ this._parent.get_name() }});
        {% endmacro %}
        """
    )


class BackgroundTiles(MacroElement):
    """The optional background map; its credits appear only once a tile has been shown.

    Behind a firewall no tile loads, and the map then credits only what it shows.
    """

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        regiokaartTiles({{ this._parent.get_name() }}, {{ this.url_json }}, {{ this.options_json }},
                        {{ this.credits_json }});
        {% endmacro %}
        """
    )

    def __init__(self, provider: xyzservices.TileProvider = TILES):
        super().__init__()
        self._name = "BackgroundTiles"
        self.url_json = script_json(provider.url)
        self.options_json = script_json(
            {"subdomains": provider.get("subdomains", "abc"), "maxZoom": provider.max_zoom}
        )
        self.credits_json = script_json(provider.html_attribution)


def base_map(artifact: MapArtifact, tiles: bool = True) -> folium.Map:
    """The map without any selection: regions as a choropleth, borders, labels, legend."""
    bounds = [list(corner) for corner in artifact.bounds]
    fmap = folium.Map(
        location=[(bounds[0][0] + bounds[1][0]) / 2, (bounds[0][1] + bounds[1][1]) / 2],
        zoom_start=8,
        min_zoom=6,
        max_zoom=13,
        tiles=None,
        zoom_control=False,
        control_scale=False,
        zoom_snap=0,
        zoom_delta=0.5,
    )
    municipalities, outlines, loader = static_files.publish_map(
        artifact.vintage, artifact.municipality_layer, artifact.outline_layer
    )
    # Our loader (it fetches the layers while Leaflet loads, then defines the map's own scripts),
    # then Leaflet itself, both served by the app (no jQuery, Bootstrap or Font Awesome, no CDN).
    fmap.default_js = [
        ("regiokaart_loader", loader),
        ("leaflet", leaflet_assets.JS_URL),
    ]
    fmap.default_css = [("leaflet_css", leaflet_assets.CSS_URL)]
    FitToBounds(bounds, artifact.regions).add_to(fmap)
    if tiles:
        BackgroundTiles().add_to(fmap)
    MapStyle().add_to(fmap)
    MapControls().add_to(fmap)
    HomeControl().add_to(fmap)
    CompactGeoJson(
        municipalities,
        "regiokaart-gemeenten",
        350,
        style={"fillOpacity": 0.55, "color": "#ffffff", "weight": 0.7},
        colors=REGION_COLORS,
        hover={"fillOpacity": 0.8, "weight": 1.6},
        tooltip=[(MUNICIPALITY_NAME, "Gemeente"), (REGION_NAME, "Regio")],
        empty=CONTEXT_LABEL,
        attribution=BOUNDARY_ATTRIBUTION,
        fade=FADED_OPACITY,
        click_fits=True,
    ).add_to(fmap)
    CompactGeoJson(
        outlines,
        "regiokaart-regiogrenzen",
        360,
        style={"fill": False, "color": "#2b3a48", "weight": 2.2},
    ).add_to(fmap)
    RegionLabels(artifact.labels).add_to(fmap)
    Legend(
        [(label.name, region_color(label.region_id)) for label in artifact.labels]
        + [(CONTEXT_LABEL, CONTEXT_COLOR)]
    ).add_to(fmap)
    return fmap


def _geometry_only(feature: dict | None) -> dict | None:
    """The feature without its properties: the highlight shows shape only, no data text."""
    if feature is None:
        return None
    return {"type": "Feature", "properties": {}, "geometry": feature["geometry"]}


def highlight_layer(region_outline: dict | None, municipality: dict | None) -> folium.FeatureGroup:
    """The selection: a thick outline round the region and, if any, the searched municipality.

    Always pass this group to st_folium (empty when nothing is selected), so that the map's own
    script never changes and the map is not remounted.
    """
    group = folium.FeatureGroup(name="Selectie")
    region_outline = _geometry_only(region_outline)
    municipality = _geometry_only(municipality)
    if region_outline is not None:
        folium.GeoJson(
            region_outline,
            style_function=lambda feature: {
                "fill": False,
                "color": HIGHLIGHT_COLOR,
                "weight": 5,
                "opacity": 0.95,
            },
            interactive=False,
        ).add_to(group)
    if municipality is not None:
        folium.GeoJson(
            municipality,
            style_function=lambda feature: {
                "fillColor": "#ffffff",
                "fillOpacity": 0.35,
                "color": HIGHLIGHT_COLOR,
                "weight": 3,
                "dashArray": "6 4",
            },
            interactive=False,
        ).add_to(group)
    return group


class SelectionView(MacroElement):
    """The choice on the map, carried in ``feature_group_to_add``: no remount, the map stays.

    streamlit-folium runs this script whenever the groups change (and once when the map is
    mounted): it makes the chosen region stand out (the others fade) and, when the choice asks
    for it, fits the map to the region or the municipality. ``seq`` makes a repeated request
    (the same region again, after the user panned away) a different script, so it runs again;
    a rerun with the same choice sends the same script, which streamlit-folium does not run, and
    a request already carried out is not carried out twice.
    """

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        regiokaartSelect({{ this.selection_json }});
        {% endmacro %}
        """
    )

    def __init__(
        self,
        region_id: str | None,
        view_bounds: Sequence[Sequence[float]] | None,
        seq: int | None,
        max_zoom: int = 13,
    ):
        """``view_bounds`` to fit (None with a ``seq``: all of Flanders; no ``seq``: stay)."""
        super().__init__()
        self._name = "SelectionView"
        view = None
        if seq is not None:
            bounds = [list(corner) for corner in view_bounds] if view_bounds else None
            view = {"bounds": bounds, "maxZoom": max_zoom, "seq": seq}
        self.selection_json = script_json({"region": region_id, "view": view})


def selection_layer(
    artifact: MapArtifact,
    region_id: str | None,
    marked: str | None,
    target: str | None = None,
    seq: int | None = None,
) -> folium.FeatureGroup:
    """The highlight of the choice plus its ``SelectionView``, for ``feature_group_to_add``.

    ``target`` ("flanders", "region" or "municipality", with its request number ``seq``) is
    where the map should go; None leaves it where the user put it (a click on the map).
    """
    group = highlight_layer(
        artifact.outline_by_region.get(region_id) if region_id else None,
        artifact.municipality_by_code.get(marked) if marked else None,
    )
    bounds, max_zoom = None, 13
    if target == "municipality" and marked in artifact.municipalities:
        bounds, max_zoom = artifact.municipalities[marked].bounds, MUNICIPALITY_MAX_ZOOM
    elif target in ("region", "municipality") and region_id in artifact.regions:
        bounds = artifact.regions[region_id].bounds
    SelectionView(region_id, bounds, seq if target else None, max_zoom).add_to(group)
    return group
