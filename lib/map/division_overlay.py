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

# Every line is drawn thin and crisp on a white halo, so it stands out on each region colour
# and apart from the region borders, which turn into a wide soft band while this layer is on
# the map (lib/map/css/map.css): black for a plain division border, dashed deep red for the
# border of a division that crosses a region border. The halo is what the pointer hovers.
HALO_STYLE = {"color": "#ffffff", "weight": 4.5, "opacity": 0.9, "className": "regiokaart-halo"}
PLAIN_STYLE = {
    "color": "#111111",
    "weight": 1.6,
    "opacity": 1.0,
    "className": "regiokaart-division",
}
CROSSING_STYLE = {
    "color": "#b00020",
    "weight": 2.5,
    "opacity": 1.0,
    "dashArray": "8 6",
    "className": "regiokaart-division regiokaart-division-crossing",
}
HOVER_STYLE = {"weight": 4}


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
    """Division borders as Leaflet polylines with a text-only tooltip per line: a call of
    ``regiokaartDivisionBorders`` (``lib/map/js/division_borders.js``, defined by the map's
    loader file: :data:`lib.map.static_files.MAP_SCRIPTS`) with the layer's data."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        regiokaartDivisionBorders({{ this._parent.get_name() }}, {{ this.options_json }},
                                  {{ this.data_json }});
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
