"""The page's precomputed layout: deterministic, spread out, neighbours close."""
from __future__ import annotations

import math
import statistics

import networkx as nx

from kg.layout import EDGE_LENGTH, _close_pairs, spring_positions


def distance(a, b) -> float:
    return math.hypot(a[0] - b[0], a[1] - b[1])


def test_every_node_gets_whole_pixels_the_same_each_time():
    g = nx.les_miserables_graph()
    first, second = spring_positions(g), spring_positions(g)
    assert first == second
    assert set(first) == set(g)
    assert all(isinstance(v, int) for xy in first.values() for v in xy)
    assert spring_positions(g, seed=8) != first


def test_neighbours_are_closer_than_strangers():
    g = nx.connected_caveman_graph(12, 8)  # twelve cliques in a ring
    pos = spring_positions(g)
    near = statistics.median(distance(pos[u], pos[v]) for u, v in g.edges())
    nodes = sorted(g)
    far = statistics.median(distance(pos[u], pos[v]) for u in nodes[::7] for v in nodes[::5] if u != v)
    assert near < far / 3


def test_nodes_do_not_pile_up():
    g = nx.star_graph(300)  # one hub, 300 leaves: springs alone would stack the leaves
    pos = spring_positions(g)
    assert len(set(pos.values())) == len(pos)
    leaves = [pos[n] for n in range(1, 301)]
    gaps = [min(distance(p, q) for q in leaves if q is not p) for p in leaves[:40]]
    assert statistics.median(gaps) > EDGE_LENGTH / 6


def test_close_pairs_match_brute_force():
    import numpy as np

    rng = np.random.default_rng(1)
    pos = rng.uniform(-300, 300, size=(400, 2))
    i, j = _close_pairs(np, pos, 50.0)
    found = {(min(a, b), max(a, b)) for a, b in zip(i.tolist(), j.tolist())}
    assert len(found) == len(i)  # each pair once
    brute = {(a, b) for a in range(400) for b in range(a + 1, 400)
             if np.hypot(*(pos[a] - pos[b])) < 50.0}
    assert found == brute


def test_small_and_empty_graphs():
    assert spring_positions(nx.Graph()) == {}
    assert spring_positions(nx.empty_graph(["only"])) == {"only": (0, 0)}
    multi = nx.MultiDiGraph([("a", "b"), ("a", "b"), ("b", "a"), ("a", "a")])
    assert set(spring_positions(multi)) == {"a", "b"}
