"""Helpers for the tests of lib.praktijk: a valid form, engines, a sender process."""

from __future__ import annotations

from typing import Any

REGIONS = {"gent": "Gent", "brugge": "Brugge", "kempen": "Kempen"}
"""A small hand-made set of known regions (ids as in data/regions.yaml)."""


def valid_form(**changes: Any) -> dict[str, Any]:
    """A form a person could send, every field filled in right; ``changes`` replace fields."""
    form: dict[str, Any] = {
        "title": "Samen aankopen over de gemeentegrens",
        "region_id": "gent",
        "subregion": "",
        "year": "2022",
        "themes": ["bestuur", "personeel"],
        "partners": "Gemeente A\nGemeente B\n\n",
        "summary": "Vier besturen kochten samen in.\nZo daalden de kosten.",
        "results": "Een raamcontract\nEen gedeelde aankoper",
        "lessons": "Begin klein.",
        "contact_name": "An Peeters",
        "contact_role": "coördinator",
        "contact_organisation": "Gemeente A",
        "links": "https://voorbeeld.be/aankoop",
        "submitter_name": "Jan Janssens",
        "submitter_organisation": "Gemeente B",
        "submitter_email": "jan@gemeente-b.be",
        "consent": True,
        "website": "",
    }
    form.update(changes)
    return form


def send_many(url: str, connect_args: dict, keys: list[str], barrier: Any, threads: int) -> list:
    """In a process of its own: wait for the other sender, then store one submission per key
    from ``threads`` threads at once. Returns [(key, number, new)]; any error propagates."""
    from concurrent.futures import ThreadPoolExecutor

    from lib.praktijk import model, store

    engine = store.make_engine(url, connect_args=connect_args, pool_size=threads)
    store.prepare(engine)
    checked = model.check_form(valid_form(), REGIONS)
    assert checked.submission is not None
    barrier.wait(timeout=60)

    def one(key: str) -> tuple[str, int, bool]:
        stored = store.submit(engine, checked.submission, key)
        return key, stored.number, stored.new

    with ThreadPoolExecutor(threads) as pool:
        results = list(pool.map(one, keys))
    engine.dispose()
    return results
