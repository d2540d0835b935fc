"""lib.app.url_state: widget state and the address bar in step, with plain dicts for st.query_params
and st.session_state."""

from __future__ import annotations

import pytest

from lib.app.url_state import ParsedIds, adopt, parse_ids, publish

REGIONS = ["gent", "kempen", "rivierenland", "westhoek"]
ID_REGIONS = ["antwerpen", "gent", "kempen", "rivierenland", "westhoek"]
THEMES = ["bestuur", "personeel", "economie-werk", "mobiliteit"]


class FakeQueryParams:
    """The part of ``st.query_params`` that url_state uses: repeated keys, last value wins."""

    def __init__(self, **values: str | list[str]):
        self._values: dict[str, list[str]] = {}
        self.writes = 0
        for key, value in values.items():
            self._set(key, value)

    def _set(self, key: str, value: str | list[str]) -> None:
        self._values[key] = [value] if isinstance(value, str) else list(value)

    def get(self, key, default=None):
        values = self._values.get(key)
        return values[-1] if values else default

    def get_all(self, key) -> list[str]:
        return list(self._values.get(key, []))

    def __contains__(self, key) -> bool:
        return key in self._values

    def __getitem__(self, key) -> str:
        return self._values[key][-1]

    def __setitem__(self, key, value) -> None:
        self.writes += 1
        self._set(key, value)

    def __delitem__(self, key) -> None:
        self.writes += 1
        del self._values[key]

    def from_outside(self, key, value=None) -> None:
        """The user follows a link: the URL changes without our code writing it."""
        if value is None:
            self._values.pop(key, None)
        else:
            self._set(key, value)


# --- adopt: single value -----------------------------------------------------------------------


def test_fresh_load_adopts_the_region_from_the_link():
    params, state = FakeQueryParams(regio="westhoek"), {}
    assert adopt(params, state, "regio", REGIONS) == ParsedIds(("westhoek",), ())
    assert state["regio"] == "westhoek"


def test_adopts_only_when_the_url_changed():
    params, state = FakeQueryParams(regio="westhoek"), {}
    adopt(params, state, "regio", REGIONS)
    state["regio"] = "gent"  # the user picks another region; the URL still says westhoek
    assert adopt(params, state, "regio", REGIONS) is None
    assert state["regio"] == "gent"
    publish(params, state, "regio", "gent")
    assert params.get("regio") == "gent"
    assert adopt(params, state, "regio", REGIONS) is None  # our own write is no news
    assert state["regio"] == "gent"
    params.from_outside("regio", "kempen")  # a link to another region
    assert adopt(params, state, "regio", REGIONS) == ParsedIds(("kempen",), ())
    assert state["regio"] == "kempen"


def test_url_case_is_forgiven():
    params, state = FakeQueryParams(regio="WestHoek"), {}
    adopt(params, state, "regio", REGIONS)
    assert state["regio"] == "westhoek"


def test_unknown_id_on_a_fresh_load_is_reported_and_selects_nothing():
    params, state = FakeQueryParams(regio="atlantis"), {}
    parsed = adopt(params, state, "regio", REGIONS)
    assert parsed == ParsedIds((), ("atlantis",))
    assert state["regio"] is None
    assert adopt(params, state, "regio", REGIONS) is None  # reported once, not on every rerun


def test_no_parameter_starts_empty_and_stays_quiet():
    params, state = FakeQueryParams(), {}
    assert adopt(params, state, "regio", REGIONS) == ParsedIds((), ())
    assert state["regio"] is None
    assert adopt(params, state, "regio", REGIONS) is None


def test_a_dropped_widget_state_is_restored_from_the_url():
    """After a visit to another page Streamlit has forgotten the widget: the URL decides."""
    params, state = FakeQueryParams(), {}
    adopt(params, state, "regio", REGIONS)
    state["regio"] = "gent"
    publish(params, state, "regio", "gent")
    del state["regio"]
    assert adopt(params, state, "regio", REGIONS) == ParsedIds(("gent",), ())
    assert state["regio"] == "gent"


def test_state_key_different_from_the_parameter_name():
    params, state = FakeQueryParams(id="kempen-buurtmobiliteit"), {}
    ids = ["kempen-buurtmobiliteit", "westhoek-activering"]
    assert adopt(params, state, "id", ids, "_doorbraak_id").known == ("kempen-buurtmobiliteit",)
    assert state["_doorbraak_id"] == "kempen-buurtmobiliteit"
    assert "id" not in state


def test_plain_dict_params_work_for_single_values():
    params: dict[str, str] = {"regio": "gent"}
    state: dict = {}
    assert adopt(params, state, "regio", REGIONS).known == ("gent",)
    assert state["regio"] == "gent"
    publish(params, state, "regio", "kempen")
    assert params == {"regio": "kempen"}
    assert adopt(params, state, "regio", REGIONS) is None


# --- adopt: several values ---------------------------------------------------------------------


def test_multi_adopts_comma_separated_and_repeated_values_in_allowed_order():
    params = FakeQueryParams(thema=["mobiliteit,personeel", "bestuur,vliegen"])
    state: dict = {}
    parsed = adopt(params, state, "thema", THEMES, "filter_thema", multi=True)
    assert parsed == ParsedIds(("bestuur", "personeel", "mobiliteit"), ("vliegen",))
    assert state["filter_thema"] == ["bestuur", "personeel", "mobiliteit"]


def test_multi_round_trip_through_publish():
    params, state = FakeQueryParams(thema="mobiliteit"), {}
    adopt(params, state, "thema", THEMES, "filter_thema", multi=True)
    state["filter_thema"] = ["mobiliteit", "bestuur"]  # the user adds a theme
    assert adopt(params, state, "thema", THEMES, "filter_thema", multi=True) is None
    publish(params, state, "thema", state["filter_thema"])
    assert params.get_all("thema") == ["mobiliteit,bestuur"]
    assert adopt(params, state, "thema", THEMES, "filter_thema", multi=True) is None
    assert state["filter_thema"] == ["mobiliteit", "bestuur"]


def test_multi_cleared_from_outside_empties_the_filter():
    params, state = FakeQueryParams(thema="mobiliteit"), {}
    adopt(params, state, "thema", THEMES, "filter_thema", multi=True)
    params.from_outside("thema")  # a link to the page without filters
    assert adopt(params, state, "thema", THEMES, "filter_thema", multi=True) == ParsedIds((), ())
    assert state["filter_thema"] == []


def test_multi_with_a_plain_dict():
    params, state = {"jaar": "2022,2019"}, {}
    parsed = adopt(params, state, "jaar", ["2021", "2022"], "filter_jaar", multi=True)
    assert parsed == ParsedIds(("2022",), ("2019",))
    assert state["filter_jaar"] == ["2022"]


# --- publish -----------------------------------------------------------------------------------


def test_publish_writes_only_when_the_value_changed():
    params, state = FakeQueryParams(), {}
    publish(params, state, "regio", "gent")
    publish(params, state, "regio", "gent")
    assert params.get_all("regio") == ["gent"]
    assert params.writes == 1


def test_publish_removes_empty_values_and_adopt_keeps_the_cleared_widget():
    for empty in (None, [], ()):
        params = FakeQueryParams(regio="gent")
        state: dict = {}
        adopt(params, state, "regio", REGIONS)
        state["regio"] = empty  # the user clears the widget
        publish(params, state, "regio", empty)
        assert "regio" not in params, empty
        assert adopt(params, state, "regio", REGIONS) is None, empty
        assert state["regio"] == empty


def test_publish_leaves_the_default_out_of_the_url_and_adopt_does_not_reapply_it():
    params, state = FakeQueryParams(indeling="2019"), {}
    adopt(params, state, "indeling", ["2025", "2019"])
    assert state["indeling"] == "2019"
    state["indeling"] = "2025"  # back to the default vintage
    publish(params, state, "indeling", "2025", "2025")
    assert "indeling" not in params
    assert adopt(params, state, "indeling", ["2025", "2019"]) is None
    assert state["indeling"] == "2025"
    publish(params, state, "indeling", "2019", "2025")
    assert params.get("indeling") == "2019"


def test_publish_lists_of_numbers_as_text():
    params, state = FakeQueryParams(), {"filter_jaar": ["2021", "2022"]}
    publish(params, state, "jaar", [2021, 2022])
    assert params.get("jaar") == "2021,2022"
    assert adopt(params, state, "jaar", ["2021", "2022"], "filter_jaar", multi=True) is None


def test_publish_removing_an_absent_parameter_does_not_write():
    params, state = FakeQueryParams(), {}
    publish(params, state, "regio", None)
    assert params.writes == 0
    assert "regio" not in params


# --- parse_ids ----------------------------------------------------------------------------------


def test_known_ids_come_back_in_the_order_of_the_allowed_list():
    assert parse_ids("westhoek,kempen,gent", ID_REGIONS) == ParsedIds(
        ("gent", "kempen", "westhoek"), ()
    )


def test_unknown_ids_are_reported_once_in_the_order_given():
    assert parse_ids("foo,kempen,bar,foo", ID_REGIONS) == ParsedIds(("kempen",), ("foo", "bar"))


def test_case_spaces_and_empty_parts_are_forgiven():
    assert parse_ids(" Kempen , ,GENT,,", ID_REGIONS) == ParsedIds(("gent", "kempen"), ())


def test_duplicates_collapse():
    assert parse_ids("gent,gent,Gent", ID_REGIONS) == ParsedIds(("gent",), ())


def test_repeated_parameters_are_one_list():
    """?regio=kempen&regio=gent,foo arrives as a list of values."""
    assert parse_ids(["kempen", "gent,foo"], ID_REGIONS) == ParsedIds(("gent", "kempen"), ("foo",))
    assert parse_ids(("westhoek",), ID_REGIONS) == ParsedIds(("westhoek",), ())


@pytest.mark.parametrize("raw", [None, "", ",", " , ", [], [""]])
def test_nothing(raw):
    assert parse_ids(raw, ID_REGIONS) == ParsedIds((), ())


def test_allowed_can_be_a_dict_or_a_generator():
    names = {"gent": "Gent", "kempen": "Kempen"}
    assert parse_ids("kempen,gent,x", names) == ParsedIds(("gent", "kempen"), ("x",))
    assert parse_ids("2022,2019", (str(y) for y in (2021, 2022))) == ParsedIds(("2022",), ("2019",))


def test_hostile_values_are_only_reported_never_known():
    parsed = parse_ids("<script>,${x},gent", ID_REGIONS)
    assert parsed.known == ("gent",)
    assert parsed.unknown == ("<script>", "${x}")


def test_the_address_decides_only_when_no_widget_caused_the_run() -> None:
    from lib.app.url_state import link_decides

    here = {"regio": "gent"}
    # a widget's run never reads the address, whatever it says
    assert not link_decides(True, here, {}, arrived=True)
    assert not link_decides(True, here, {"regio": "kempen"}, arrived=False)
    # on arrival: only when the address says anything
    assert link_decides(False, here, None, arrived=True)
    assert not link_decides(False, {}, None, arrived=True)
    # later: only when it differs from what the page wrote (back, forward, a link)
    assert not link_decides(False, here, {"regio": "gent"}, arrived=False)
    assert link_decides(False, here, {"regio": "kempen"}, arrived=False)
    assert link_decides(False, {}, {"regio": "kempen"}, arrived=False)
