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
from branca.element import Element, Figure
from branca.element import MacroElement as _BrancaMacroElement
from jinja2 import Template

from lib.map import encoding, leaflet_assets, static_files
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
        .regiokaart-notice { background: #fff4e5; color: #1d2731; padding: 6px 8px;
            font: 13px/1.35 "Source Sans Pro", Arial, sans-serif; max-width: 240px;
            border-radius: 4px; box-shadow: 0 1px 4px rgba(0,0,0,0.3); }
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
        .regiokaart-label.regiokaart-label-small { font-size: 10px; max-width: 64px; }
        .leaflet-bar.regiokaart-home a, .leaflet-touch .leaflet-bar.regiokaart-home a {
            width: auto; padding: 0 8px; white-space: nowrap;
            font: 600 12px/30px "Source Sans Pro", Arial, sans-serif; }
        html, body { margin: 0; overflow: hidden; }
        #map_div { height: 100vh !important; }
        .leaflet-container { background: #f4f6f8; }
        .leaflet-interactive:focus { outline: none; }
        .leaflet-container .leaflet-control-attribution,
        .leaflet-container .leaflet-control-scale-line { font-size: 11px; }
        </style>
        {% endmacro %}
        """
    )


class CompactGeoJson(MacroElement):
    """A GeoJSON layer in the page form of :mod:`lib.map.encoding`, fetched by the map's frame
    from a file the app serves (:mod:`lib.map.static_files`, whose loader script the map loads
    first) and decoded there by the page's :class:`Decoder`, which must be added to the map
    before it.

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
        (function () {
            var options = {{ this.options_json }};
            var map = {{ this._parent.get_name() }};
            if (!map.getPane(options.pane)) {
                map.createPane(options.pane).style.zIndex = options.zIndex;
            }
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
                // a layer over the map may add a line (lib.map.division_overlay: the division)
                if (window.regiokaartTooltipExtra) {
                    window.regiokaartTooltipExtra(layer.feature.properties, box);
                }
                return box;
            }
            var layer = L.geoJson(null, {
                pane: options.pane,
                interactive: options.interactive,
                attribution: options.attribution,
                style: function (feature) {
                    var style = Object.assign({}, options.style);
                    if (options.colors) {
                        style.fillColor = options.colors[feature.properties[options.colorBy]]
                            || options.fallback;
                    }
                    // a chosen region (SelectionView) stays bright, the others fade
                    var focus = window.regiokaartFocus;
                    if (options.fade !== null && focus &&
                            feature.properties[options.colorBy] !== focus) {
                        style.fillOpacity = options.fade;
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
            layer.addTo(map);
            if (options.fade !== null) {
                // SelectionView fires this when the chosen region changes
                map.on("regiokaartfocus", function () { layer.resetStyle(); });
            }
            regiokaartLoad(options.url).then(function (data) {
                layer.addData(regiokaartDecode(data));
                // Polygons are not keyboard targets (the select boxes beside the map are): keep
                // them out of the tab order so a keyboard user is not walked through 300 paths.
                layer.eachLayer(function (featureLayer) {
                    var element = featureLayer.getElement && featureLayer.getElement();
                    if (element) { element.setAttribute("tabindex", "-1"); }
                });
            }).catch(function (error) {
                console.error("Regiokaart: map layer " + options.url + " not loaded", error);
                if (window.regiokaartLayerFailed) { return; }
                window.regiokaartLayerFailed = true;
                var notice = L.control({position: "topright"});
                notice.onAdd = function () {
                    var box = L.DomUtil.create("div", "regiokaart-notice");
                    box.textContent = options.failed;
                    return box;
                };
                notice.addTo(map);
            });
        })();
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
    ):
        """``url``: the layer's file (:func:`lib.map.static_files.publish_layer`); ``pane`` and
        ``z_index``: where it draws (Leaflet's overlays are at 400, its tiles at 200).

        ``fade``: the fill opacity of features outside the chosen region, if any.
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
                return {element: text, label: label};
            });
            // places near the point: rings of 8 directions, a little wider than high
            var nudges = [[0, 0]];
            [8, 14, 20, 26].forEach(function (r) {
                [[0, -1], [0, 1], [-1, 0], [1, 0], [-1, -1], [1, -1], [-1, 1], [1, 1]]
                    .forEach(function (d) { nudges.push([d[0] * r * 1.5, d[1] * r]); });
            });
            var styles = [{small: false, short: false}, {small: true, short: false},
                          {small: true, short: true}];
            function place(item, style, placed) {
                var text = item.element;
                text.textContent = style.short ? item.label.short : item.label.name;
                text.classList.toggle("regiokaart-label-small", style.small);
                // in the map's own pixels (not the screen's): scrolling, the frame's position
                // and running animations do not change them
                // (offsetWidth is rounded: a pixel of room on each side keeps them apart)
                var point = map.latLngToContainerPoint([item.label.lat, item.label.lon]);
                var width = text.offsetWidth + 2, height = text.offsetHeight + 2;
                return nudges.some(function (nudge) {
                    text.style.marginLeft = nudge[0] + "px";
                    text.style.marginTop = nudge[1] + "px";
                    var left = point.x + nudge[0] - width / 2;
                    var top = point.y + nudge[1] - height / 2;
                    var box = {left: left, right: left + width, top: top, bottom: top + height};
                    var collides = placed.some(function (other) {
                        return box.left < other.right && box.right > other.left &&
                               box.top < other.bottom && box.bottom > other.top;
                    });
                    if (!collides) { placed.push(box); }
                    return !collides;
                });
            }
            function declutter() {
                var placed = [];
                var narrow = map.getSize().x < 520;
                texts.forEach(function (item) {
                    item.element.style.visibility = "visible";
                    var fits = styles.some(function (style) {
                        if (narrow && !style.small) { return false; }
                        return place(item, style, placed);
                    });
                    if (!fits) { item.element.style.visibility = "hidden"; }
                });
            }
            // Place them once they have a size (the frame may not be laid out yet), and again
            // when the map zooms or changes size or the fonts arrive.
            function settle() {
                var first = texts.length ? texts[0].element : null;
                if (first && !first.offsetWidth) {
                    window.requestAnimationFrame(settle);  // not laid out yet
                    return;
                }
                declutter();
            }
            map.on("zoomend resize", settle);
            if (window.ResizeObserver) {
                new ResizeObserver(function () { settle(); }).observe(map.getContainer());
            }
            if (document.fonts && document.fonts.ready) { document.fonts.ready.then(settle); }
            window.addEventListener("load", settle);
            map.whenReady(settle);
        })();
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
    """The map's view: all of Flanders, or what the selection asked for (``SelectionView``).

    ``window.regiokaartFit()`` fits the current target: the one ``SelectionView`` set, else
    Flanders; once more when the component's frame gets its real size (folium fits too early).
    Fractional zoom lets Flanders fill the width of the map exactly.
    """

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        (function (map) {
            document.documentElement.lang = "nl";
            var home = {{ this.bounds_json }};
            window.regiokaartHome = home;
            window.regiokaartFit = function () {
                var size = map.getSize();
                // a frame not laid out yet would fit at the highest zoom and fetch its tiles
                if (size.x < 50 || size.y < 50) { return; }
                var target = window.regiokaartTarget;
                map.fitBounds(target ? target.bounds : home,
                              {padding: [6, 6], maxZoom: target ? target.maxZoom : 13,
                               animate: false});
            };
            window.regiokaartFit();
            // The frame gets its size after this script has run: tell Leaflet about every
            // change of the container's size, and fit once more after the first real change,
            // unless the user has moved the map by then.
            var fittedSize = map.getSize(), touched = false;
            map.once("dragstart", function () { touched = true; });
            var container = map.getContainer();
            new ResizeObserver(function () {
                if (!container.clientWidth || !container.clientHeight) { return; }
                map.invalidateSize();
                if (!touched && !map.getSize().equals(fittedSize)) {
                    touched = true;
                    window.regiokaartFit();
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


class HomeControl(MacroElement):
    """A button on the map that shows all of Flanders again (the choice stays)."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        (function (map) {
            var control = L.control({position: "topright"});
            control.onAdd = function () {
                var bar = L.DomUtil.create("div", "leaflet-bar regiokaart-home");
                var button = L.DomUtil.create("a", "", bar);
                button.href = "#";
                button.setAttribute("role", "button");
                button.title = {{ this.label_json }};
                button.setAttribute("aria-label", {{ this.label_json }});
                button.textContent = {{ this.label_json }};
                L.DomEvent.disableClickPropagation(bar);
                L.DomEvent.on(button, "click", function (event) {
                    L.DomEvent.preventDefault(event);
                    window.regiokaartTarget = null;
                    window.regiokaartFit();
                });
                return bar;
            };
            control.addTo(map);
        })({{ this._parent.get_name() }});
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
        (function (map) {
            L.control.zoom({zoomInTitle: "Inzoomen", zoomOutTitle: "Uitzoomen"}).addTo(map);
            L.control.scale({imperial: false, maxWidth: 120}).addTo(map);
            map.attributionControl.setPrefix("Leaflet");  // its own link is titled in English
        })({{ this._parent.get_name() }});
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
        (function (map) {
            var tiles = L.tileLayer({{ this.url_json }}, {{ this.options_json }});
            tiles.once("tileload", function () {
                map.attributionControl.addAttribution({{ this.credits_json }});
            });
            tiles.addTo(map);
        })({{ this._parent.get_name() }});
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
    # Our loader (it fetches the layers while Leaflet loads), then Leaflet itself, both served by
    # the app (no jQuery, Bootstrap or Font Awesome, no CDN).
    fmap.default_js = [
        ("regiokaart_loader", loader),
        ("leaflet", leaflet_assets.JS_URL),
    ]
    fmap.default_css = [("leaflet_css", leaflet_assets.CSS_URL)]
    FitToBounds(bounds).add_to(fmap)
    if tiles:
        BackgroundTiles().add_to(fmap)
    MapStyle().add_to(fmap)
    MapControls().add_to(fmap)
    HomeControl().add_to(fmap)
    Decoder().add_to(fmap)
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
        (function () {
            var selection = {{ this.selection_json }};
            window.regiokaartFocus = selection.region;
            if (window.map) { window.map.fire("regiokaartfocus"); }
            // each request once: the group also runs again when another group beside it
            // changes (a map layer), and that must not undo the user's zoom and pan
            var view = selection.view;
            if (view && window.regiokaartFit && view.seq !== window.regiokaartSeq) {
                window.regiokaartSeq = view.seq;
                window.regiokaartTarget = view.bounds ? view : null;
                window.regiokaartFit();
            }
        })();
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
