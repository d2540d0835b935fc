"""Build the folium map of the reference regions and the layer that highlights a selection.

The base map is built the same way on every rerun (same data, same options), so that
streamlit-folium keeps the mounted map — zoom and pan stay — and only swaps the highlight,
which travels in ``feature_group_to_add``. folium ``Map`` objects are never cached: st_folium
mutates them; the map artifact they are drawn from is cached instead (see lib.app.store).

Data enters the map's scripts only as JSON made by :func:`script_json`: text from the data is
drawn with ``textContent``, never parsed as HTML, and stays literal through branca's templates.
"""

from __future__ import annotations

import json
from collections.abc import Sequence

import folium
import xyzservices
from branca.element import MacroElement
from jinja2 import Template

from lib.map import encoding, leaflet_assets
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


_INERT = (("<", "\\u003c"), ("{{", "{\\u007b"), ("{%", "{\\u0025"), ("{#", "{\\u0023"))


def script_json(value: object = None, *, text: str | None = None) -> str:
    """``value`` (or JSON ``text`` made elsewhere) as JSON that is safe in the map's scripts.

    - Every ``<`` becomes ``\\u003c``: not only ``</script>`` ends a script early,
      ``<!--<script>`` makes the HTML parser skip the real ``</script>`` and swallow the page.
    - ``{{``, ``{%`` and ``{#`` get their second character escaped too. When folium renders the
      page, branca compiles every element's output as a Jinja template once more, and
      streamlit-folium rewrites ``{{'name'}}``; without these three openers the text passes both
      unchanged, so a name like ``{{ 7*7 }}`` stays literal instead of becoming 49.

    In JSON these sequences only occur inside strings (after a structural ``{`` comes ``"`` or
    ``}``), where ``\\uXXXX`` escapes are valid, so the result means the same to the browser.
    """
    result = json.dumps(value, ensure_ascii=False) if text is None else text
    for unsafe, escaped in _INERT:
        result = result.replace(unsafe, escaped)
    return result


class Decoder(MacroElement):
    """The polyline decoder (lib.map.encoding), defined once for every layer of the page."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        {{ this.code }}
        {% endmacro %}
        """
    )

    def __init__(self):
        super().__init__()
        self._name = "Decoder"
        self.code = encoding.DECODER_JS


class Legend(MacroElement):
    """A legend control built with DOM calls and ``textContent``: data never becomes HTML."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        (function () {
            var entries = {{ this.entries_json }};
            var legend = L.control({position: "topright"});
            legend.onAdd = function () {
                var box = L.DomUtil.create("details", "regiokaart-legend");
                var title = L.DomUtil.create("summary", "regiokaart-legend-title", box);
                title.textContent = {{ this.title_json }};
                var list = L.DomUtil.create("div", "", box);
                list.setAttribute("role", "list");
                entries.forEach(function (entry) {
                    var row = L.DomUtil.create("div", "regiokaart-legend-row", list);
                    row.setAttribute("role", "listitem");
                    var swatch = L.DomUtil.create("span", "regiokaart-legend-swatch", row);
                    swatch.style.background = entry.color;
                    var label = L.DomUtil.create("span", "", row);
                    label.textContent = entry.label;
                });
                L.DomEvent.disableClickPropagation(box);
                return box;
            };
            legend.addTo({{ this._parent.get_name() }});
        })();
        {% endmacro %}
        """
    )

    def __init__(self, entries: Sequence[tuple[str, str]], title: str = "Referentieregio's"):
        super().__init__()
        self._name = "Legend"
        self.entries_json = script_json([{"label": t, "color": c} for t, c in entries])
        self.title_json = script_json(title)


class MapStyle(MacroElement):
    """CSS for the legend and the region labels, put into the map's header."""

    _template = Template(
        """
        {% macro header(this, kwargs) %}
        <style>
        .regiokaart-legend { background: rgba(255,255,255,0.94); padding: 6px 8px;
            font: 12px/1.35 "Source Sans Pro", Arial, sans-serif; color: #1d2731;
            border-radius: 4px; box-shadow: 0 1px 4px rgba(0,0,0,0.3); }
        .regiokaart-legend-title { font-weight: 600; cursor: pointer; }
        .regiokaart-legend[open] .regiokaart-legend-title { margin-bottom: 3px; }
        .regiokaart-legend-row { display: flex; align-items: center; gap: 6px; }
        .regiokaart-legend-swatch { width: 14px; height: 11px; border: 1px solid #555;
            display: inline-block; opacity: 0.6; }
        .regiokaart-legend-row span + span, .leaflet-tooltip div { max-width: 220px;
            overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
        .regiokaart-label { font: 600 12px/1.1 "Source Sans Pro", Arial, sans-serif;
            color: #111; width: max-content; max-width: 84px; text-align: center;
            transform: translate(-50%, -50%); overflow-wrap: anywhere; overflow: hidden;
            display: -webkit-box; -webkit-box-orient: vertical; -webkit-line-clamp: 3;
            text-shadow: -1px -1px 0 #fff, 1px -1px 0 #fff, -1px 1px 0 #fff, 1px 1px 0 #fff,
            0 0 3px #fff; pointer-events: none; }
        .leaflet-container { background: #f4f6f8; }
        .leaflet-interactive:focus { outline: none; }
        .leaflet-container .leaflet-control-attribution,
        .leaflet-container .leaflet-control-scale-line { font-size: 11px; }
        </style>
        {% endmacro %}
        """
    )


class CompactGeoJson(MacroElement):
    """A GeoJSON layer shipped quantised (lib.map.encoding) and decoded in the browser by the
    page's :class:`Decoder`, which must be added to the map before it.

    Tooltips are built with ``textContent``, so names from the data are never parsed as HTML.
    The polygons stay ordinary Leaflet layers: streamlit-folium sees their clicks and returns
    the clicked feature, ``properties`` included.
    """

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        (function () {
            var options = {{ this.options_json }};
            var data = regiokaartDecode({{ this.data_json }});
            function tooltip(layer) {
                var box = document.createElement("div");
                options.tooltip.forEach(function (field) {
                    var line = document.createElement("div");
                    var label = document.createElement("strong");
                    label.textContent = field[1] + ": ";
                    line.appendChild(label);
                    line.appendChild(document.createTextNode(
                        layer.feature.properties[field[0]] || options.empty));
                    box.appendChild(line);
                });
                return box;
            }
            var layer = L.geoJson(data, {
                interactive: options.interactive,
                attribution: options.attribution,
                style: function (feature) {
                    var style = Object.assign({}, options.style);
                    if (options.colors) {
                        style.fillColor = options.colors[feature.properties[options.colorBy]]
                            || options.fallback;
                    }
                    return style;
                },
                onEachFeature: function (feature, featureLayer) {
                    if (!options.interactive) { return; }
                    featureLayer.bindTooltip(tooltip, {sticky: true});
                    featureLayer.on("mouseover", function () {
                        featureLayer.setStyle(options.hover);
                    });
                    featureLayer.on("mouseout", function () { layer.resetStyle(featureLayer); });
                }
            });
            layer.addTo({{ this._parent.get_name() }});
            // Polygons are not keyboard targets (the select boxes beside the map are): keep
            // them out of the tab order so a keyboard user is not walked through 300 paths.
            layer.eachLayer(function (featureLayer) {
                var element = featureLayer.getElement && featureLayer.getElement();
                if (element) { element.setAttribute("tabindex", "-1"); }
            });
        })();
        {% endmacro %}
        """
    )

    def __init__(
        self,
        layer_json: str,
        style: dict,
        colors: dict[str, str] | None = None,
        fallback: str = CONTEXT_COLOR,
        hover: dict | None = None,
        tooltip: Sequence[tuple[str, str]] = (),
        empty: str = "",
        attribution: str | None = None,
    ):
        """``layer_json``: an encoded collection as JSON text (``MapArtifact.*_layer``)."""
        super().__init__()
        self._name = "CompactGeoJson"
        self.data_json = script_json(text=layer_json)
        self.options_json = script_json(
            {
                "interactive": bool(tooltip),
                "style": style,
                "colors": colors,
                "colorBy": REGION_ID,
                "fallback": fallback,
                "hover": hover or {},
                "tooltip": [list(field) for field in tooltip],
                "empty": empty,
                "attribution": attribution,
            }
        )


class RegionLabels(MacroElement):
    """Region names at fixed points, drawn with ``textContent``; they let clicks through."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        (function () {
            var map = {{ this._parent.get_name() }};
            var labels = {{ this.labels_json }};
            var texts = labels.map(function (label) {
                var icon = L.divIcon({className: "regiokaart-label-icon", iconSize: [0, 0],
                                      html: ""});
                var marker = L.marker([label.lat, label.lon],
                                      {icon: icon, interactive: false, keyboard: false});
                marker.addTo(map);
                var text = document.createElement("div");
                text.className = "regiokaart-label";
                text.textContent = label.name;
                marker.getElement().appendChild(text);
                return text;
            });
            // Labels of small neighbouring regions can overlap at low zoom. Largest region
            // first, each label takes the first of a few small nudges that collides with no
            // label placed before it; if none fits it is hidden until the map is zoomed in (the
            // tooltip and the legend still name every region).
            var nudges = [[0, 0], [0, -9], [0, 9], [-14, 0], [14, 0], [0, -16], [0, 16]];
            function declutter() {
                var placed = [];
                texts.forEach(function (text) {
                    text.style.visibility = "visible";
                    var fits = nudges.some(function (nudge) {
                        text.style.marginLeft = nudge[0] + "px";
                        text.style.marginTop = nudge[1] + "px";
                        var box = text.getBoundingClientRect();
                        var collides = placed.some(function (other) {
                            return box.left < other.right && box.right > other.left &&
                                   box.top < other.bottom && box.bottom > other.top;
                        });
                        if (!collides) { placed.push(box); }
                        return !collides;
                    });
                    if (!fits) { text.style.visibility = "hidden"; }
                });
            }
            // again whenever the view or the map's size changes (the first fit comes later)
            map.whenReady(declutter);
            map.on("zoomend resize", declutter);
        })();
        {% endmacro %}
        """
    )

    def __init__(self, labels: Sequence[Region]):
        super().__init__()
        self._name = "RegionLabels"
        ordered = sorted(labels, key=lambda label: -label.area_km2)
        self.labels_json = script_json(
            [{"name": label.name, "lat": label.lat, "lon": label.lon} for label in ordered]
        )


class FitToBounds(MacroElement):
    """Fit the view to Flanders, and again once the component's frame has its final size.

    The frame gets its size after the map's script has run, so the first fit is made for a size
    that does not last. A ResizeObserver tells Leaflet about every change of the container's size
    and fits once more after the first real change, unless the user has moved the map by then.
    """

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        (function (map) {
            var bounds = {{ this.bounds_json }};
            map.fitBounds(bounds);
            var fittedSize = map.getSize(), touched = false;
            map.once("dragstart", function () { touched = true; });
            var container = map.getContainer();
            new ResizeObserver(function () {
                if (!container.clientWidth || !container.clientHeight) { return; }
                map.invalidateSize();
                if (!touched && !map.getSize().equals(fittedSize)) {
                    touched = true;
                    map.fitBounds(bounds);
                }
            }).observe(container);
        })({{ this._parent.get_name() }});
        {% endmacro %}
        """
    )

    def __init__(self, bounds: list[list[float]]):
        super().__init__()
        self._name = "FitToBounds"
        self.bounds_json = script_json(bounds)


def base_map(artifact: MapArtifact, tiles: bool = True) -> folium.Map:
    """The map without any selection: regions as a choropleth, borders, labels, legend."""
    bounds = [list(corner) for corner in artifact.bounds]
    fmap = folium.Map(
        location=[(bounds[0][0] + bounds[1][0]) / 2, (bounds[0][1] + bounds[1][1]) / 2],
        zoom_start=8,
        min_zoom=7,
        max_zoom=13,
        tiles=None,
        control_scale=True,
        zoom_snap=0.25,
    )
    # Only Leaflet itself, served by the app (no jQuery, Bootstrap or Font Awesome, no CDN).
    fmap.default_js = [("leaflet", leaflet_assets.JS_URL)]
    fmap.default_css = [("leaflet_css", leaflet_assets.CSS_URL)]
    FitToBounds(bounds).add_to(fmap)
    if tiles:
        folium.TileLayer(TILES, name="Achtergrond").add_to(fmap)
    MapStyle().add_to(fmap)
    Decoder().add_to(fmap)
    CompactGeoJson(
        artifact.municipality_layer,
        style={"fillOpacity": 0.55, "color": "#ffffff", "weight": 0.7},
        colors=REGION_COLORS,
        hover={"fillOpacity": 0.8, "weight": 1.6},
        tooltip=[(MUNICIPALITY_NAME, "Gemeente"), (REGION_NAME, "Regio")],
        empty=CONTEXT_LABEL,
        attribution=BOUNDARY_ATTRIBUTION,
    ).add_to(fmap)
    CompactGeoJson(
        artifact.outline_layer,
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
