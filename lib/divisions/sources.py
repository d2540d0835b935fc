"""The nine kinds of division and the pinned files they are read from.

Provincies in Cijfers publishes, per division, a table municipality → division code
(``aggregatietabellen/gemeente_<key>.xlsx``) and the names of the divisions
(``gebiedsdefinities/<key>.xlsx``), at the same pinned commit as the boundaries.

Some tables give the municipalities that belong to no division of their kind a catch-all code of
their own (``igs999`` "Geen IGS"); a :class:`Kind` lists such codes in ``no_area``, and a
municipality with one of them has no division of that kind at all (it is left out of the
assignment, see :func:`lib.divisions.tables.check`).
"""

from __future__ import annotations

from dataclasses import dataclass

from lib.pinned.source import PROVINCIES_IN_CIJFERS, PinnedSource

ENV_URL = "REGIOKAART_DIVISIONS_URL"
CREDIT = "Provincies in Cijfers (provinciesincijfers/gebiedsniveaus)"


@dataclass(frozen=True)
class Kind:
    """One kind of division, with its id in the app and its key in the source files."""

    id: str  # in the address (?laag=) and the CSV
    label: str  # Dutch, plural: "Vervoerregio's"
    singular: str  # Dutch: "Vervoerregio"
    key: str  # <key> in the file names
    definitions_key: str | None = None  # <key> of the definitions file, when it differs
    no_area: frozenset[str] = frozenset()  # codes that mean "no division of this kind"
    short: str = ""  # Dutch, for narrow places (the "Andere indeling" list); else the label

    @property
    def short_label(self) -> str:
        return self.short or self.label

    @property
    def table(self) -> str:
        """The aggregation table, relative to the source folder."""
        return f"aggregatietabellen/gemeente_{self.key}.xlsx"

    @property
    def definitions(self) -> str:
        """The names of the divisions, relative to the source folder."""
        return f"gebiedsdefinities/{self.definitions_key or self.key}.xlsx"

    @property
    def files(self) -> tuple[str, str]:
        return (self.table, self.definitions)


KINDS: tuple[Kind, ...] = (
    Kind("vervoerregio", "Vervoerregio's", "Vervoerregio", "vervoerregio"),
    Kind("eerstelijnszone", "Eerstelijnszones", "Eerstelijnszone", "elz"),
    Kind(
        "woonmaatschappij",
        "Woonmaatschappijen (werkingsgebied)",
        "Woonmaatschappij",
        "woonmaatschappij",
        short="Woonmaatschappijen",
    ),
    Kind("politiezone", "Politiezones", "Politiezone", "politiezone"),
    Kind(
        "gezondheidsmakers",
        "Regio's gezondheidsmakers",
        "Regio gezondheidsmakers",
        "gezondheidsmakers",
        short="Gezondheidsmakers",
    ),
    Kind(
        "arrondissement",
        "Bestuurlijke arrondissementen",
        "Bestuurlijk arrondissement",
        "arrondiss",
        short="Arrondissementen",
    ),
    Kind(
        "woonsamenwerking",
        "Intergemeentelijke samenwerking wonen",
        "Intergemeentelijke samenwerking wonen",
        "igs",
        no_area=frozenset({"igs999"}),  # "Geen IGS"
        short="Samenwerking wonen",
    ),
    Kind("streekwerking", "Streekwerking", "Streekwerkingsgebied", "streekwerking"),
    Kind(
        "toerisme",
        "Toeristische regio's",
        "Toeristische regio",
        "treg_gem",
        definitions_key="TREG_gem",
    ),
)
KIND_BY_ID = {kind.id: kind for kind in KINDS}

DIVISION_SOURCE = PinnedSource(
    pinned=PROVINCIES_IN_CIJFERS,
    folder="data_voor_swing",
    sha256={
        "aggregatietabellen/gemeente_arrondiss.xlsx": (
            "c325c265393575c1b108528ca6612ef0a16b20edf53d47095f3d675f893ce2f4"
        ),
        "aggregatietabellen/gemeente_elz.xlsx": (
            "3aa4cd0c7be7544ca690ac1741178c6bfece20b9f0d7d4f515361c135ba0e194"
        ),
        "aggregatietabellen/gemeente_gezondheidsmakers.xlsx": (
            "4e6013201de447495a824a60b36c2a4f06480706101b104234dceee59eca1294"
        ),
        "aggregatietabellen/gemeente_politiezone.xlsx": (
            "342349ac93684d3f4191b0c3b6b26a130e37c99e9a3a4438ee516b644fb20e56"
        ),
        "aggregatietabellen/gemeente_vervoerregio.xlsx": (
            "97a85bab04fbb96766ebe7a9406f33b55f5ed7122a115b9eccf50b44fef50422"
        ),
        "aggregatietabellen/gemeente_woonmaatschappij.xlsx": (
            "fba36645819f88bebecb82f5165b9fd744284bdfc058ef8dc8bf69459fa4af68"
        ),
        "gebiedsdefinities/arrondiss.xlsx": (
            "e1a58d4e0f6cd1c4a64f8d6369d99b68ab651087336fd3a74f481dbefcff652f"
        ),
        "gebiedsdefinities/elz.xlsx": (
            "67d0c20c6b183e7700e86a711a5114d0ce9a5047ceed5fef3ac156df78514e4b"
        ),
        "gebiedsdefinities/gezondheidsmakers.xlsx": (
            "0472af914902c5a1bf5bcb400be077d4be451a013597c6cc7887009e84c2ae20"
        ),
        "gebiedsdefinities/politiezone.xlsx": (
            "939e1262be487fb8371a646409411cfc88ffa1aa5cb516ff0320f451c1cf1fc1"
        ),
        "gebiedsdefinities/vervoerregio.xlsx": (
            "68678112d97108cb72eda87a6c33ef94784cc4afd63406b6b8e6897b412d6608"
        ),
        "gebiedsdefinities/woonmaatschappij.xlsx": (
            "26c8351ef6897a95a20315f05b4a542c6e5af8d9198c9c183f51d849b89b8320"
        ),
        "aggregatietabellen/gemeente_igs.xlsx": (
            "fcac7115118fcf2af4e488eff495e42dcf8f225b97ead148ad4036037761481e"
        ),
        "aggregatietabellen/gemeente_streekwerking.xlsx": (
            "1cafcfa088f0612f342ef093361dc376ca11811187cae7b7871bcdb78b0be720"
        ),
        "aggregatietabellen/gemeente_treg_gem.xlsx": (
            "22ab3b9f8a0fed2c9b1ac94b1c97a42f5eea7c81caecc896329e10ce58dff84b"
        ),
        "gebiedsdefinities/TREG_gem.xlsx": (
            "b3fdaa6a901030f49c00de6db35954904217dde48ded3caad58e26f1db5388c2"
        ),
        "gebiedsdefinities/igs.xlsx": (
            "bf5cc0f38617d41cb1509adedd81e9290f12a6503da2fe3508410612871fae78"
        ),
        "gebiedsdefinities/streekwerking.xlsx": (
            "fb639b52ea4004482da8ee52b17d24113dc8f80d82c37bb455c5383c25fa32eb"
        ),
    },
    env_var=ENV_URL,
    what="division tables",
    command="python -m lib.divisions report",
)
