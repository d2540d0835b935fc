"""lib.map.elements: the folium map, rendered from the real built boundaries (no Streamlit runtime).

What the browser receives is checked two ways: folium's own page (``get_root().render()``) and
what ``st_folium`` hands to its component (captured by replacing only the component call).
"""

from __future__ import annotations

import copy
import json
import re
from pathlib import Path

import folium
import pytest
import streamlit_folium
from hypothesis import given
from hypothesis import strategies as st
from jinja2 import Template

from lib.data import paths
from lib.map import artifact, elements, leaflet_assets, static_files
from lib.map.colors import CONTEXT_COLOR, REGION_COLORS
from lib.map.encoding import decode_page_collection
from tests.support.map_files import layer_files

ALLOWED_URLS = {
    elements.TILES_URL,
    "https://www.openstreetmap.org/copyright",
    "https://carto.com/attributions",
}
URL = re.compile(r"""https?://[^\s"'<>\\)]+""")

PAYLOADS = {
    # NIS code of the municipality that gets the name → hostile name
    "44021": "<img src=x onerror=alert(1)>",
    "11002": "${alert(1)}",
    "71072": "{{ 7*7 }}",
    "24062": "{# x",
    "31005": "</script><script>alert(1)</script>",
    "38025": "<!--<script> {% raw %} `x` {%",
    "46021": "{{'map_div'}} {{{",  # streamlit-folium rewrites {{'name'}} to name
}
REGION_PAYLOAD = "Gent <img src=x onerror=alert(2)> ${alert(2)} {{ 6*7 }} {# y </script><!--"


@pytest.fixture(scope="module")
def layers(built_data_dir: Path) -> artifact.MapArtifact:
    return artifact.read(paths.map_artifact_path(2025, built_data_dir))


@pytest.fixture(scope="module")
def hostile_layers(built_data_dir: Path) -> artifact.MapArtifact:
    """The real map with hostile municipality and region names."""
    document = json.loads(paths.map_artifact_path(2025, built_data_dir).read_bytes())
    features = document["layers"]["municipalities"]["features"]
    assert set(PAYLOADS) <= {f["p"]["nis_code"] for f in features}
    for feature in features:
        feature["p"]["municipality"] = PAYLOADS.get(
            feature["p"]["nis_code"], feature["p"]["municipality"]
        )
        if feature["p"]["region_id"] == "gent":
            feature["p"]["region"] = REGION_PAYLOAD
    for region in document["regions"]:
        if region["region_id"] == "gent":
            region["name"] = REGION_PAYLOAD
    return artifact.from_document(document)


def _page(fmap: folium.Map) -> str:
    return fmap.get_root().render()


@pytest.fixture
def component_calls(monkeypatch) -> list[dict]:
    """Run the real st_folium, but record what it would send to the browser component."""
    calls: list[dict] = []

    def record(**kwargs):
        calls.append(kwargs)
        return kwargs["default"]

    monkeypatch.setattr(streamlit_folium, "_component_func", record)
    return calls


def _st_folium(fmap: folium.Map, group: folium.FeatureGroup, calls: list[dict]) -> dict:
    streamlit_folium.st_folium(
        fmap,
        key="kaart",
        height=430,
        returned_objects=["last_active_drawing"],
        feature_group_to_add=group,
    )
    return calls[-1]


def _json_after(text: str, marker: str) -> list:
    """Every JSON value that follows ``marker`` in ``text``."""
    decoder = json.JSONDecoder()
    values, start = [], text.find(marker)
    while start != -1:
        value, _ = decoder.raw_decode(text, start + len(marker))
        values.append(value)
        start = text.find(marker, start + 1)
    return values


_CALL = re.compile(r"\b(regiokaart\w+)\(\s*(?:[\w]+\s*,\s*)?")


def _calls(text: str, function: str) -> list[list]:
    """The JSON arguments of every call of ``function`` (one of the map's script functions, see
    lib/map/js) in ``text``, after the map (or group) it gets first, if any."""
    decoder = json.JSONDecoder()
    found = []
    for match in _CALL.finditer(text):
        if match.group(1) != function:
            continue
        args, index = [], match.end()
        while True:
            while text[index] in " ,\n":
                index += 1
            if text[index] == ")":
                break
            value, index = decoder.raw_decode(text, index)
            args.append(value)
        found.append(args)
    return found


# --- script_json ------------------------------------------------------------------------------

JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(alphabet="{}%#<>/!-x '\"\\"),
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.dictionaries(st.text(alphabet="{%#<x", max_size=4), inner, max_size=4)
    ),
    max_leaves=12,
)


@given(JSON_VALUES)
def test_script_json_means_the_same_and_no_template_or_tag_can_start_in_it(value):
    text = elements.script_json(value)
    assert json.loads(text) == value
    assert "<" not in text and not re.search(r"\{[{%#]", text)
    assert Template(text).render() == text  # branca's second pass changes nothing


def test_script_json_of_text_made_elsewhere():
    made = json.dumps({"r": ["{{~A", "<b>"], "p": {"name": "{# x"}}, separators=(",", ":"))
    text = elements.script_json(text=made)
    assert json.loads(text) == json.loads(made)
    assert Template(text).render() == text


# --- only the app's own Leaflet ----------------------------------------------------------------


def _loader(fmap: folium.Map) -> str:
    """The URL of the map's layer loader (lib.map.static_files), the first of its scripts."""
    (name, url), *_ = fmap.default_js
    assert name == "regiokaart_loader"
    assert re.fullmatch(r"\.\./\.\./app/static/map/laden-20(19|25)-[0-9a-f]{16}\.js", url), url
    return url


def test_the_map_loads_only_our_loader_and_leaflet_from_the_app_itself(layers):
    fmap = elements.base_map(layers)
    loader = _loader(fmap)
    assert fmap.default_js == [("regiokaart_loader", loader), ("leaflet", leaflet_assets.JS_URL)]
    assert fmap.default_css == [("leaflet_css", leaflet_assets.CSS_URL)]
    for url in (loader, leaflet_assets.JS_URL, leaflet_assets.CSS_URL):
        assert not url.startswith(("http:", "https:", "//"))
        assert url.startswith("../../app/static/")
    # the loader fetches exactly the layers the map draws, and nothing else
    script = (static_files.layers_dir() / loader.rsplit("/", 1)[1]).read_text()
    fetched = json.loads(script[script.index("\n[") : script.index("].forEach") + 1])
    assert fetched == re.findall(r'"url": "([^"]+)"', _page(fmap))
    assert len(fetched) == 2 and not URL.findall(script)


def test_the_rendered_page_references_no_other_host(layers):
    html = _page(elements.base_map(layers))
    scripts = re.findall(r"<script[^>]*\bsrc=[\"']([^\"']+)", html)
    styles = re.findall(r"<link[^>]*\bhref=[\"']([^\"']+)", html)
    assert scripts == [_loader(elements.base_map(layers)), leaflet_assets.JS_URL]
    assert styles == [leaflet_assets.CSS_URL]
    assert not re.search(r"<script[^>]*src=[\"']?(https?:)?//", html)
    assert set(URL.findall(html)) == ALLOWED_URLS  # the tiles and their attribution only


def test_without_tiles_nothing_at_all_comes_from_outside(layers):
    html = _page(elements.base_map(layers, tiles=False))
    assert URL.findall(html) == []
    assert "cartocdn" not in html


def test_st_folium_sends_only_the_apps_leaflet(layers, component_calls):
    group = elements.highlight_layer(
        layers.outline_by_region["gent"], layers.municipality_by_code["44021"]
    )
    sent = _st_folium(elements.base_map(layers), group, component_calls)
    assert sent["js_links"] == [_loader(elements.base_map(layers)), leaflet_assets.JS_URL]
    assert sent["css_links"] == [leaflet_assets.CSS_URL]
    for part in ("script", "feature_group", "html", "header"):
        assert set(URL.findall(sent[part] or "")) <= ALLOWED_URLS, part
    assert URL.findall(sent["feature_group"]) == []


def test_the_maps_scripts_are_shipped_once_in_the_loader_file_and_no_timer_stands_in_for_an_event(
    layers, component_calls
):
    sent = _st_folium(
        elements.base_map(layers), elements.highlight_layer(None, None), component_calls
    )
    code = static_files.map_scripts()
    assert "window.regiokaartDecode =" in code and "window.regiokaartSelect =" in code
    # in the loader file, once, after the loader's own fetches; the frame loads that file first,
    # before Leaflet and before the map's script that calls them
    loader = _loader(elements.base_map(layers))
    assert sent["js_links"][0] == loader
    text = (static_files.layers_dir() / loader.rsplit("/", 1)[1]).read_text()
    assert text.count(code) == 1
    assert text.index("].forEach(window.regiokaartLoad)") < text.index(code)
    # and never in what a run sends or in the page itself
    for part in (sent["script"], _page(elements.base_map(layers))):
        assert "window.regiokaartDecode =" not in part
        assert len(_calls(part, "regiokaartGeoJson")) == 2  # municipalities and borders
    # (no timer stands in for an event: biome.json forbids setTimeout in the browser code)


def test_the_maps_data_stays_within_the_page_budget(layers, component_calls):
    sent = _st_folium(
        elements.base_map(layers), elements.highlight_layer(None, None), component_calls
    )
    # the layers travel as files of their own, fetched by the map (lib.map.static_files)
    script = len(sent["script"].encode())
    assert script < 10_000, script  # measured 5 KB: the map's own scripts are in the loader file
    files = sum(len(json.dumps(layer, ensure_ascii=False)) for layer in layer_files(sent["script"]))
    assert 80_000 < files < 250_000, files  # measured ~130 KB; the budget is 400 KB


# --- the base map never changes, the highlight travels separately ------------------------------


def test_two_separately_built_maps_have_the_same_streamlit_folium_hash(layers):
    hashes = [
        streamlit_folium.generate_js_hash(
            streamlit_folium._get_map_string(elements.base_map(layers)), "kaart", False
        )
        for _ in range(2)
    ]
    assert hashes[0] == hashes[1]


def test_the_component_key_is_the_same_whatever_is_selected(layers, component_calls):
    """st_folium remounts the map when its key changes: selecting must not change it."""
    by_code, by_region = layers.municipality_by_code, layers.outline_by_region
    selections = [
        (None, None),
        (by_region["gent"], None),
        (by_region["limburg"], by_code["71072"]),
    ]
    sent = [
        _st_folium(elements.base_map(layers), elements.highlight_layer(*s), component_calls)
        for s in selections
    ]
    assert len({call["key"] for call in sent}) == 1
    assert len({call["script"] for call in sent}) == 1
    assert len({call["feature_group"] for call in sent}) == 3  # only the highlight differs


def test_highlight_is_a_feature_group_even_when_empty(layers):
    outline, municipality = layers.outline_by_region["gent"], layers.municipality_by_code["44021"]
    empty = elements.highlight_layer(None, None)
    assert isinstance(empty, folium.FeatureGroup)
    assert list(empty._children.values()) == []
    region_only = elements.highlight_layer(outline, None)
    assert isinstance(region_only, folium.FeatureGroup)
    assert [type(c) for c in region_only._children.values()] == [folium.GeoJson]
    both = elements.highlight_layer(outline, municipality)
    assert [type(c) for c in both._children.values()] == [folium.GeoJson, folium.GeoJson]


def test_highlight_carries_the_shape_but_no_text_and_leaves_the_cached_feature_alone(
    hostile_layers, component_calls
):
    feature = hostile_layers.municipality_by_code["44021"]
    outline = hostile_layers.outline_by_region["gent"]
    before = copy.deepcopy((feature, outline))
    sent = _st_folium(
        elements.base_map(hostile_layers),
        elements.highlight_layer(outline, feature),
        component_calls,
    )
    group = sent["feature_group"]
    assert "onerror" not in group and "alert" not in group and "Gent" not in group
    drawn = _json_after(group, "_add(")
    assert len(drawn) == 2  # the region's outline, then the municipality
    for collection, source in zip(drawn, (outline, feature), strict=True):
        (shape,) = collection["features"]
        assert shape["properties"] == {}
        assert shape["geometry"] == json.loads(json.dumps(source["geometry"]))
    assert (feature, outline) == before  # st_folium must not change the cached GeoJSON


# --- data never becomes markup or template -----------------------------------------------------


def _check_data(text: str) -> None:
    """The names in the layer files ``text`` (page or component script) fetches are intact, and
    in ``text`` itself they are intact JSON strings."""
    layers_data = layer_files(text)
    assert len(layers_data) == 2  # municipalities and region outlines
    shown = [f["properties"] for f in decode_page_collection(layers_data[0])["features"]]
    names = {p["nis_code"]: p["municipality"] for p in shown}
    for code, payload in PAYLOADS.items():
        assert names[code] == payload  # exactly the text: not evaluated, not escaped twice
    regions = {p["region"] for p in shown}
    assert REGION_PAYLOAD in regions
    ((labels,),) = _calls(text, "regiokaartLabels")
    assert REGION_PAYLOAD in {label["name"] for label in labels}
    ((_, entries),) = _calls(text, "regiokaartLegend")
    assert REGION_PAYLOAD in {entry["label"] for entry in entries}
    # Nothing from the data can end a script or open a comment or a tag.
    for needle in ("<img", "</script><script>alert", "<!--", "<script> {%"):
        assert needle not in text, needle


def test_hostile_names_survive_rendering_literally(hostile_layers):
    html = _page(elements.base_map(hostile_layers))
    _check_data(html)
    # no template syntax left anywhere: another pass of Jinja cannot change the page
    assert not re.search(r"\{[{%#]", html)
    assert '"49"' not in html and '"42"' not in html  # not evaluated into 49 or 42
    assert html.count("<script") == html.count("</script>")  # no script closed by data


def test_hostile_names_reach_the_component_literally(hostile_layers, component_calls):
    sent = _st_folium(
        elements.base_map(hostile_layers), elements.highlight_layer(None, None), component_calls
    )
    _check_data(sent["script"])
    assert not re.search(r"\{[{%#]", sent["script"])
    for part in ("html", "header"):
        assert "alert" not in sent[part] and "7*7" not in sent[part], part


def test_labels_and_legend_carry_the_regions(layers):
    labels = layers.labels
    html = _page(elements.base_map(layers))
    ((drawn,),) = _calls(html, "regiokaartLabels")
    assert len(drawn) == 15
    assert {d["name"]: (d["lat"], d["lon"]) for d in drawn} == {
        label.name: (label.lat, label.lon) for label in labels
    }
    ((title, legend),) = _calls(html, "regiokaartLegend")
    # every region, and Brussels as grey context
    assert {entry["label"] for entry in legend} == {label.name for label in labels} | {
        elements.CONTEXT_LABEL
    }
    colors = {label.name: REGION_COLORS[label.region_id] for label in labels}
    assert {entry["label"]: entry["color"] for entry in legend} == {
        **colors,
        elements.CONTEXT_LABEL: CONTEXT_COLOR,
    }
    assert len({entry["color"] for entry in legend}) == 16  # 15 distinct colours and grey
    assert title == "Referentieregio's"


# --- what the map shows around the choice (issue 8) -------------------------------------------


def test_labels_have_a_short_form_for_narrow_maps(layers):
    html = _page(elements.base_map(layers))
    ((drawn,),) = _calls(html, "regiokaartLabels")
    short = {d["name"]: d["short"] for d in drawn}
    assert short["Zuid-West-Vlaanderen"] == "Zuid-West-Vl."
    assert short["Vlaamse Ardennen"] == "Vl. Ardennen"
    assert short["Kempen"] == "Kempen"


def test_selection_layer_fits_the_region_or_the_municipality(layers):
    def sent(*args) -> dict:
        group = elements.selection_layer(layers, *args)
        (view,) = [c for c in group._children.values() if isinstance(c, elements.SelectionView)]
        return json.loads(view.selection_json)

    region = sent("westhoek", None, "region", 3)
    assert region["region"] == "westhoek"
    assert region["view"]["bounds"] == [list(c) for c in layers.regions["westhoek"].bounds]
    assert region["view"]["seq"] == 3
    town = sent("limburg", "71072", "municipality", 4)
    assert town["view"]["bounds"] == [list(c) for c in layers.municipalities["71072"].bounds]
    assert town["view"]["maxZoom"] == elements.MUNICIPALITY_MAX_ZOOM
    assert sent(None, None, "flanders", 5)["view"]["bounds"] is None  # all of Flanders
    assert sent("gent", "44021", None, None) == {"region": "gent", "view": None}  # a click


def test_the_choice_travels_with_the_highlight_and_the_base_map_stays(layers, component_calls):
    """Choosing fades the other regions and moves the map without a new base map (no remount)."""
    calls = [
        _st_folium(elements.base_map(layers), elements.selection_layer(layers, *s), component_calls)
        for s in [
            (None, None, None, None),
            ("gent", None, "region", 1),
            ("gent", None, "region", 2),
        ]
    ]
    assert len({call["script"] for call in calls}) == 1
    assert len({call["feature_group"] for call in calls}) == 3  # the same region asked again
    ((selection,),) = _calls(calls[1]["feature_group"], "regiokaartSelect")
    assert selection["region"] == "gent" and selection["view"]["seq"] == 1
    municipalities = _calls(calls[0]["script"], "regiokaartGeoJson")[0][0]
    assert municipalities["fade"] == elements.FADED_OPACITY and municipalities["clickFits"]


def test_rendering_the_map_parses_no_rendered_output_as_a_template(layers, monkeypatch):
    """branca compiles the output of its own elements as Jinja once more; ours skip that, so the
    encoded municipalities (the bulk of the page) are not parsed again on every run."""
    import branca.element

    compiled: list[str] = []
    original = branca.element.Template

    def counting(source, *args, **kwargs):
        compiled.append(source)
        return original(source, *args, **kwargs)

    monkeypatch.setattr(branca.element, "Template", counting)
    fmap = elements.base_map(layers)
    html = _page(fmap)
    assert _loader(fmap) in html  # the page still loads the map's own scripts
    encoded = layers.municipality_layer[:200]
    assert not [source for source in compiled if "regiokaart" in source or encoded in source]
    assert sum(len(source) for source in compiled) < 5_000  # folium's map shell only
