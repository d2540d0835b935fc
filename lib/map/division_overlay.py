"""Another division's borders drawn over the region colours ("Andere indeling" on the map).

The layer travels to the map in streamlit-folium's ``feature_group_to_add``, like the selection
highlight: switching layers swaps the group, the base map stays mounted (zoom and pan stay).

The borders are selected from the shared municipality borders (:mod:`lib.map.borders`): every
border whose two sides lie in different divisions, grouped per pair of divisions. A border of a
division that crosses a reference-region border is drawn dashed in a contrasting colour. Each
line's tooltip names the divisions on both sides, built with ``textContent``; names never become
HTML, and the JSON that carries them is made by :func:`lib.map.elements.script_json`, so neither
the HTML parser nor a template engine along the way can read anything into them. The lines are
decoded by the page's :class:`lib.map.elements.Decoder`, which the base map carries.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping

import folium
from jinja2 import Template

from lib.map.artifact import NIS_CODE
from lib.map.borders import Borders
from lib.map.elements import MacroElement, script_json

# Every line is drawn on a white halo, so it stands out on each region colour and next to the
# region borders (dark, solid): black for a plain division border, dashed deep red for the
# border of a division that crosses a region border. The halo is what the pointer hovers.
HALO_STYLE = {"color": "#ffffff", "weight": 5.5, "opacity": 0.85, "className": "regiokaart-halo"}
PLAIN_STYLE = {"color": "#111111", "weight": 2, "opacity": 1.0, "className": "regiokaart-division"}
CROSSING_STYLE = {
    "color": "#b00020",
    "weight": 3,
    "opacity": 1.0,
    "dashArray": "8 6",
    "className": "regiokaart-division regiokaart-division-crossing",
}
HOVER_STYLE = {"weight": 5}


def overlay_collection(
    borders: Borders,
    assignment: Mapping[str, str],
    names: Mapping[str, str],
    crossing: Collection[str],
) -> dict:
    """The encoded borders of one kind: one entry per pair of neighbouring divisions.

    The divisions are listed once (``names``, and ``crossing``: 1 when that division crosses a
    region border); ``members`` gives each municipality's position in that list (for the
    municipality's tooltip); each entry of ``borders`` is ``[a, b, lines]``: the positions of the
    two divisions and their shared border as encoded polylines (lib.map.encoding).
    Borders of crossing divisions come last, so they are drawn on top. Arrays, not GeoJSON
    features: the politiezones' borders would carry 12 KB of repeated keys otherwise.
    """
    groups: dict[tuple[str, str], list[str]] = {}
    for border in borders.borders:
        first, second = assignment.get(border.first), assignment.get(border.second)
        if first is None or second is None or first == second:
            continue
        key = (first, second) if first < second else (second, first)
        groups.setdefault(key, []).extend(border.lines)
    order = sorted(set(assignment.values()))
    position = {division: index for index, division in enumerate(order)}

    def drawn_last(pair: tuple[str, str]) -> tuple:
        return (pair[0] in crossing or pair[1] in crossing, pair)

    return {
        "precision": borders.precision,
        "names": [names.get(division, division) for division in order],
        "crossing": [int(division in crossing) for division in order],
        "members": {code: position[division] for code, division in sorted(assignment.items())},
        "borders": [
            [position[pair[0]], position[pair[1]], groups[pair]]
            for pair in sorted(groups, key=drawn_last)
        ],
    }


def overlay_json(collection: dict) -> str:
    """Serialise once per kind (cached by the app); the map embeds the text as is."""
    return script_json(collection)


class DivisionBorders(MacroElement):
    """Division borders as Leaflet polylines with a text-only tooltip per line."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        (function () {
            var options = {{ this.options_json }};
            var encoded = {{ this.data_json }};
            if (!document.getElementById(options.tooltipClass)) {  // long names wrap
                var css = document.createElement("style");
                css.id = options.tooltipClass;
                css.textContent = "." + options.tooltipClass +
                    " { white-space: normal; width: max-content; max-width: 260px; }";
                document.head.appendChild(css);
            }
            var factor = Math.pow(10, encoded.precision);
            var data = {type: "FeatureCollection", features: encoded.borders.map(function (b) {
                return {type: "Feature", properties: {a: b[0], b: b[1]}, geometry: {
                    type: "MultiLineString",
                    coordinates: b[2].map(function (r) { return regiokaartDecodeRing(r, factor); })
                }};
            })};
            function crosses(p) { return encoded.crossing[p.a] || encoded.crossing[p.b]; }
            function side(index) {
                var name = encoded.names[index], crossing = encoded.crossing[index];
                var line = document.createElement("div");
                line.textContent = name;
                if (crossing) {
                    var note = document.createElement("em");
                    note.textContent = " · " + options.crossingNote;
                    line.appendChild(note);
                }
                return line;
            }
            function tooltip(layer) {
                var p = layer.feature.properties;
                var box = document.createElement("div");
                var title = document.createElement("strong");
                title.textContent = options.title;
                box.appendChild(title);
                box.appendChild(side(p.a));
                box.appendChild(side(p.b));
                return box;
            }
            // The visible lines take no pointer events; the continuous white halo under them
            // does (a dashed line would only react on its dashes): it shows the tooltip and
            // thickens the line above it.
            var shown = new Map();
            var halo = L.geoJson(data, {
                style: options.halo,
                onEachFeature: function (feature, under) {
                    under.bindTooltip(tooltip, {sticky: true, className: options.tooltipClass});
                    under.on("add", function () {  // like the polygons: not a keyboard target
                        under.getElement().setAttribute("tabindex", "-1");
                    });
                    under.on("mouseover", function () {
                        shown.get(feature).setStyle(options.hover);
                    });
                    under.on("mouseout", function () { lines.resetStyle(shown.get(feature)); });
                }
            });
            var lines = L.geoJson(data, {
                interactive: false,
                style: function (feature) {
                    return crosses(feature.properties) ? options.crossing : options.plain;
                },
                onEachFeature: function (feature, line) { shown.set(feature, line); }
            });
            halo.addTo({{ this._parent.get_name() }});
            lines.addTo({{ this._parent.get_name() }});
            lines.on("add", function () { lines.bringToFront(); });  // above the halo, always
            // the municipality's tooltip (lib.map.elements) names its division too, while this
            // layer is on the map
            function extra(properties, box) {
                var index = encoded.members[properties[options.codeProperty]];
                if (index === undefined) { return; }
                var line = document.createElement("div");
                var label = document.createElement("strong");
                label.textContent = options.singular + ": ";
                line.appendChild(label);
                line.appendChild(document.createTextNode(encoded.names[index]));
                box.appendChild(line);
            }
            window.regiokaartTooltipExtra = extra;
            lines.on("remove", function () {
                if (window.regiokaartTooltipExtra === extra) {
                    window.regiokaartTooltipExtra = null;
                }
            });
        })();
        {% endmacro %}
        """
    )

    def __init__(self, layer_json: str, title: str, singular: str, crossing_note: str):
        super().__init__()
        self._name = "DivisionBorders"
        self.data_json = layer_json  # made by overlay_json: script_json already
        self.options_json = script_json(
            {
                "title": title,
                "singular": singular,
                "codeProperty": NIS_CODE,
                "crossingNote": crossing_note,
                "tooltipClass": "regiokaart-division-tooltip",
                "halo": HALO_STYLE,
                "plain": PLAIN_STYLE,
                "crossing": CROSSING_STYLE,
                "hover": HOVER_STYLE,
            }
        )


def overlay_group(
    layer_json: str, title: str, singular: str, crossing_note: str
) -> folium.FeatureGroup:
    """A feature group holding one kind's borders, for ``st_folium(feature_group_to_add=…)``.

    ``title`` heads a border's tooltip ("Vervoerregio's"); ``singular`` labels the division in a
    municipality's tooltip ("Vervoerregio: …").
    """
    group = folium.FeatureGroup(name="Andere indeling")
    DivisionBorders(layer_json, title, singular, crossing_note).add_to(group)
    return group
