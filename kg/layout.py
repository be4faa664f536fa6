"""Node positions for the page, computed in Python so the browser need not.

vis-network's force layout costs tens of milliseconds per step on a couple
of thousand nodes, so letting the browser lay out a large view from random
positions takes many seconds. :func:`spring_positions` runs a
Fruchterman-Reingold layout in numpy instead, with the grid cut-off of the
original paper (nodes repel only within a few edge lengths, found through a
grid of cells), which keeps each step linear in the number of nodes. In
place of the far-reaching repulsion the cut-off drops, each step spreads the
nodes over an evenly filled disc (keeping their directions and the order of
their distances from the centre). The page then only polishes these
positions with a short, bounded stabilisation.

The positions are deterministic: a fixed seed, and the result rounded to
whole pixels.

Examples
--------
>>> import networkx as nx
>>> pos = spring_positions(nx.path_graph(["a", "b", "c"]))
>>> sorted(pos)
['a', 'b', 'c']
>>> all(isinstance(v, int) for xy in pos.values() for v in xy)
True
"""
from __future__ import annotations

import math

import networkx as nx

EDGE_LENGTH = 45.0  # the ideal edge length, in page pixels


def _close_pairs(np, pos, radius: float):
    """Index pairs (i < j, each once) of nodes closer than ``radius``, through a grid of cells."""
    n = len(pos)
    cell = np.floor(pos / radius).astype(np.int64)
    cell -= cell.min(axis=0)
    width = int(cell[:, 1].max()) + 3  # room so that a row offset never wraps onto a real cell
    key = cell[:, 0] * width + cell[:, 1]
    order = np.argsort(key, kind="stable")
    sorted_keys = key[order]
    found_i, found_j = [], []
    # Half the 3x3 neighbourhood, so that each pair of cells is visited once.
    for dx, dy in ((0, 0), (0, 1), (1, -1), (1, 0), (1, 1)):
        target = key + dx * width + dy
        start = np.searchsorted(sorted_keys, target, side="left")
        counts = np.searchsorted(sorted_keys, target, side="right") - start
        total = int(counts.sum())
        if not total:
            continue
        i = np.repeat(np.arange(n), counts)
        within = np.arange(total) - np.repeat(np.cumsum(counts) - counts, counts)
        j = order[np.repeat(start, counts) + within]
        keep = i < j if (dx, dy) == (0, 0) else np.ones(total, dtype=bool)
        found_i.append(i[keep])
        found_j.append(j[keep])
    if not found_i:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    i, j = np.concatenate(found_i), np.concatenate(found_j)
    d = pos[i] - pos[j]
    close = (d * d).sum(axis=1) < radius * radius
    return i[close], j[close]


def spring_positions(
    g: nx.Graph, *, iterations: int = 50, seed: int = 7, weight_by_degree: bool = True,
    edge_length: float = EDGE_LENGTH,
) -> dict[str, tuple[int, int]]:
    """Positions in pixels for every node of ``g``, from a cut-off spring layout.

    Parameters
    ----------
    g : networkx.Graph
        Any graph; direction and parallel edges are ignored.
    iterations : int
        Layout steps; the temperature falls linearly to zero over them.
    seed : int
        Seed of the random starting positions.
    weight_by_degree : bool
        Let well-connected nodes repel more (as ForceAtlas2 does), so hubs
        spread apart and their papers gather around them.
    edge_length : float
        The ideal edge length in pixels; each node gets about its square of room.

    Returns
    -------
    dict
        Node -> ``(x, y)`` whole pixels, centred on the origin.
    """
    import numpy as np

    nodes = list(g)
    n = len(nodes)
    if n == 0:
        return {}
    index = {node: i for i, node in enumerate(nodes)}
    pairs = sorted({(min(index[u], index[v]), max(index[u], index[v]))
                    for u, v in g.edges() if u != v})
    edges = np.array(pairs, dtype=np.int64).reshape(-1, 2)
    degree = np.bincount(edges.ravel(), minlength=n).astype(float)
    mass = 1.0 + np.sqrt(degree) / 2 if weight_by_degree else np.ones(n)

    # Many edges per node pull a graph into a tight ball that cut-off repulsion
    # cannot open again; weaker springs in dense graphs keep about k * k of room per node.
    looseness = max(1.0, len(edges) / n)
    k = edge_length
    radius = 1.5 * k
    rng = np.random.default_rng(seed)
    spread = k * math.sqrt(n) * 0.6  # a disc with about k * k of room per node
    angle, r = rng.uniform(0, 2 * math.pi, n), spread * np.sqrt(rng.uniform(0, 1, n))
    pos = np.column_stack([r * np.cos(angle), r * np.sin(angle)])
    temperature = start = spread / 4
    total_mass = float(mass.sum())
    disc = 1.3 * k * math.sqrt(total_mass / math.pi)  # about (1.3 k)^2 of room per unit of mass
    for step in range(iterations):
        disp = np.zeros((n, 2))
        if step % 3 == 0:  # nodes move little between steps: reuse a slightly wider pair list
            near_i, near_j = _close_pairs(np, pos, radius * 1.3)
        d = pos[near_i] - pos[near_j]
        dist2 = np.maximum((d * d).sum(axis=1), 1.0)
        close = dist2 < radius * radius
        i, j, d, dist2 = near_i[close], near_j[close], d[close], dist2[close]
        if len(i):
            force = (k * k * mass[i] * mass[j] / dist2)[:, None] * d
            for axis in (0, 1):
                disp[:, axis] += np.bincount(i, force[:, axis], n) - np.bincount(j, force[:, axis], n)
        if len(edges):
            a, b = edges[:, 0], edges[:, 1]
            d = pos[a] - pos[b]
            dist = np.sqrt((d * d).sum(axis=1))
            force = (dist / (k * looseness))[:, None] * d
            for axis in (0, 1):
                disp[:, axis] += np.bincount(b, force[:, axis], n) - np.bincount(a, force[:, axis], n)
        length = np.maximum(np.sqrt((disp * disp).sum(axis=1)), 1e-9)
        pos += disp * (np.minimum(length, temperature) / length)[:, None]
        # Beyond the cut-off nothing pushes the nodes apart, and springs alone pull a
        # large graph into a tight ball. So after each step the nodes are spread over a
        # disc, keeping their directions and the order of their distances from the
        # centre: a node moves halfway to the radius that the share of mass nearer the
        # centre than it would have if the disc were evenly filled.
        pos -= pos.mean(axis=0)
        r = np.sqrt((pos * pos).sum(axis=1))
        order = np.argsort(r, kind="stable")
        share = np.empty(n)
        share[order] = (np.cumsum(mass[order]) - mass[order] / 2) / total_mass
        pos *= (0.5 + 0.5 * disc * np.sqrt(share) / np.maximum(r, 1e-9))[:, None]
        temperature = max(start * (1 - (step + 1) / iterations), 1.0)
    pos -= pos.mean(axis=0)
    return {node: (int(round(x)), int(round(y))) for node, (x, y) in zip(nodes, pos.tolist())}
