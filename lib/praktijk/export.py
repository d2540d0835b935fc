"""Accepted practices: for the page (/doorbraken) and as YAML in the format of breakthroughs.yaml.

``python -m lib.praktijk export -o FILE`` writes the accepted practices as a ``breakthroughs:``
file that ``python -m lib.validate`` accepts; with ``--merge-with data/breakthroughs.yaml`` it
writes that file's text (comments kept) followed by the accepted practices it does not hold yet.
The YAML is written by ``yaml.safe_dump``: every submitted text stays a plain YAML string.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime

import yaml
from sqlalchemy import Engine, select
from sqlalchemy.engine import Connection

from lib.data.models import Breakthrough
from lib.praktijk import store
from lib.praktijk.model import practice_from_json, practice_id, reference
from lib.praktijk.store import submissions


@dataclass(frozen=True)
class AcceptedPractice:
    """A submitted practice accepted by a moderator, as /doorbraken shows it."""

    number: int
    practice: Breakthrough
    """With its own id (``praktijk-N``): its address on the page."""
    links: tuple[str, ...]
    submitted_at: datetime
    accepted_at: datetime

    @property
    def id(self) -> str:
        return self.practice.id

    @property
    def reference(self) -> str:
        return reference(self.number)


def accepted_practices(engine: Engine) -> list[AcceptedPractice]:
    """Every accepted practice, oldest first: one query, no personal data read."""
    query = (
        select(
            submissions.c.id,
            submissions.c.practice,
            submissions.c.links,
            submissions.c.created_at,
            submissions.c.decided_at,
        )
        .where(submissions.c.status == "accepted")
        .order_by(submissions.c.id)
    )

    def work(connection: Connection) -> list[AcceptedPractice]:
        return [
            AcceptedPractice(
                number=number,
                practice=practice_from_json(practice, practice_id(number)),
                links=tuple(json.loads(links)),
                submitted_at=store.as_utc(created),
                accepted_at=store.as_utc(decided or created),
            )
            for number, practice, links, created, decided in connection.execute(query)
        ]

    return store.read(engine, work)


class _Dumper(yaml.SafeDumper):
    """Safe YAML with list items indented under their key, as in data/breakthroughs.yaml."""

    def increase_indent(self, flow: bool = False, indentless: bool = False):  # noqa: ARG002
        return super().increase_indent(flow, False)


def _text(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    """Running text with line breaks as a literal block (PyYAML quotes it when it must)."""
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _text)


HEADER = (
    "# Ingezonden praktijken, aanvaard op Regiokaart (python -m lib.praktijk export).\n"
    "# Formaat: zie data/README.md (breakthroughs.yaml).\n"
)


def _items(practices: list[Breakthrough]) -> str:
    """The ``breakthroughs:`` list of ``practices`` as YAML text (without the key's line)."""
    if not practices:
        return ""
    document = {"breakthroughs": [item.model_dump(mode="json") for item in practices]}
    text = yaml.dump(
        document,
        Dumper=_Dumper,
        allow_unicode=True,
        sort_keys=False,
        width=100,
        default_flow_style=False,
    )
    return text.split("\n", 1)[1]


def export_yaml(practices: list[AcceptedPractice], merge_with: str | None = None) -> str:
    """The YAML text of the export: a new file, or ``merge_with``'s text with the practices it
    does not list yet (by id) appended to its ``breakthroughs:`` list."""
    items = [accepted.practice for accepted in practices]
    if merge_with is None:
        if not items:
            return HEADER + "breakthroughs: []\n"
        return HEADER + "breakthroughs:\n" + _items(items)
    existing = yaml.safe_load(merge_with) or {}
    listed = existing.get("breakthroughs") if isinstance(existing, dict) else None
    if not isinstance(listed, list):
        raise ValueError("the file to merge with has no 'breakthroughs:' list")
    known = {item.get("id") for item in listed if isinstance(item, dict)}
    new = [item for item in items if item.id not in known]
    if not listed:
        merged = merge_with.replace("breakthroughs: []", "breakthroughs:", 1)
        return merged.rstrip("\n") + "\n" + _items(new) if new else merge_with
    return merge_with.rstrip("\n") + "\n" + _items(new) if new else merge_with
