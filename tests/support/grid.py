"""A hand-made map for the division scores: nine rectangular municipalities, two regions and
two kinds of division, with every answer worked out by hand below.

The grid, in metres (columns west to east, rows south to north)::

              col 0    col 1     col 2
              1000 m   2000 m    3000 m wide
    row 2  |   g    |    h    |    i     |   2000 m high
    row 1  |   d    |    e    |    f     |   1000 m high
    row 0  |   a    |    b    |    c     |   1000 m high

Two municipalities side by side share an edge as long as their row is high; one above the other
share an edge as long as their column is wide; diagonal neighbours (a and e, …) only touch at a
point and share no border. The twelve shared edges, with their lengths::

    side by side: a|b 1000  b|c 1000  d|e 1000  e|f 1000  g|h 2000  h|i 2000
    one above:    a|d 1000  d|g 1000  b|e 2000  e|h 2000  c|f 3000  f|i 3000

Regions: R = {a, b, d, g} (the west and the south-west), S = {c, e, f, h, i}. The region border
is made of the edges whose sides lie in different regions::

    b|c 1000 + d|e 1000 + g|h 2000 + b|e 2000 = 6000 m

Kind ``vervoer``: P = {a, b, d}, Q = {g, h, i}, T = {c, e, f}.

- P lies in R and T in S: nested. Q has g in R and h, i in S: not nested, mostly S (2 of 3).
- Spanningspunten: g (its region R holds 1 of Q's municipalities, S holds 2). h and i are in
  the region holding most of Q: none. So one spanningspunt, g.
- Border share: of the region border, b|c (P|T), d|e (P|T) and b|e (P|T) are division borders
  too; g|h (both Q) is not. (1000 + 1000 + 2000) / 6000 = 4000 / 6000 = 2/3.
- Totals: 3 divisions, 2 nested, none identical to a region; 9 municipalities, 6 of them in a
  nested division (P and T).

Kind ``zorg``: U = {a, b, c}, V = {d, e, g, h}, W = {f, i}.

- U has a, b in R and c in S: mostly R, so c is a spanningspunt. V has d, g in R and e, h in S:
  a tie (50 %); it is counted with R, the first region id, and no municipality of V is a
  spanningspunt (S holds as many as R, not more). W lies in S: nested.
- Border share: b|c (both U), d|e (both V), g|h (both V) are not division borders; b|e (U|V)
  is. 2000 / 6000 = 1/3.
- Totals: 3 divisions, 1 nested, none identical; 9 municipalities, 2 in a nested division (W).

Over both kinds: c and g are spanningspunt in one kind each.
"""

from __future__ import annotations

COLUMN_WIDTHS = (1000.0, 2000.0, 3000.0)  # metres, west to east
ROW_HEIGHTS = (1000.0, 1000.0, 2000.0)  # metres, south to north
GRID = (("a", "b", "c"), ("d", "e", "f"), ("g", "h", "i"))  # rows south to north

REGIONS = {
    "a": "R",
    "b": "R",
    "d": "R",
    "g": "R",
    "c": "S",
    "e": "S",
    "f": "S",
    "h": "S",
    "i": "S",
}

VERVOER = {"a": "P", "b": "P", "d": "P", "g": "Q", "h": "Q", "i": "Q", "c": "T", "e": "T", "f": "T"}
ZORG = {"a": "U", "b": "U", "c": "U", "d": "V", "e": "V", "g": "V", "h": "V", "f": "W", "i": "W"}
NAMES = {"P": "Plaats", "Q": "Quarter", "T": "Toren", "U": "Uitkijk", "V": "Veld", "W": "Wal"}
TABLES = {"vervoer": (VERVOER, NAMES), "zorg": (ZORG, NAMES)}

SHARED_EDGES = {  # (first, second): metres, worked out by hand above
    ("a", "b"): 1000.0,
    ("b", "c"): 1000.0,
    ("d", "e"): 1000.0,
    ("e", "f"): 1000.0,
    ("g", "h"): 2000.0,
    ("h", "i"): 2000.0,
    ("a", "d"): 1000.0,
    ("d", "g"): 1000.0,
    ("b", "e"): 2000.0,
    ("e", "h"): 2000.0,
    ("c", "f"): 3000.0,
    ("f", "i"): 3000.0,
}
PAIRS = [(first, second, metres) for (first, second), metres in SHARED_EDGES.items()]
