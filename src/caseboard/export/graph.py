"""The case board as a network: GraphML and GEXF (via networkx) for Gephi, yEd and networkx.

Nodes are entities (with type, aliases, document and mention counts); edges are
merged relations (with relation, status, source and independent-source counts,
the first evidence sentence and the source URLs). Every attribute is a string
or a number, so both formats carry it unchanged.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import TextIO

import networkx as nx

from caseboard import board
from caseboard.store import Store


def case_graph(
    store: Store, status: str | None = None, min_sources: int = 1, isolated: bool = True, evidence: int | None = None
) -> nx.MultiDiGraph:
    """Entities and the relations between them; `isolated=False` keeps only entities in a
    kept relation. Each relation carries its first evidence sentence and the source URLs of
    its first `evidence` sentences (all when None)."""
    graph = nx.MultiDiGraph()
    nodes, edges = board.graph(store, status=status, min_sources=min_sources, evidence=evidence)
    linked = {node["id"] for node in nodes}
    for entity in store.list_entities():
        if isolated or entity["id"] in linked:
            graph.add_node(
                entity["id"],
                label=entity["name"],
                type=entity["type"],
                aliases="; ".join(entity["aliases"]),
                documents=entity["documents"],
                mentions=entity["mentions"],
            )
    for fact in edges:
        urls = sorted({e.url for e in fact.evidence if e.url})
        graph.add_edge(
            fact.subject,
            fact.object,
            key=fact.relation,
            label=fact.relation,
            relation=fact.relation,
            status=fact.status,
            attributed_to=fact.attributed_to or "",
            sources=fact.sources,
            independent_sources=fact.independent_sources,
            weight=fact.independent_sources,
            conflict=fact.conflict or "",
            evidence=fact.evidence[0].text if fact.evidence else "",
            source_urls=" ".join(urls),
        )
    return graph


def write_graphml(store: Store, stream: TextIO) -> int:
    """Write the whole case board as GraphML; return the number of nodes and edges."""
    return _write(store, stream, nx.generate_graphml)


def write_gexf(store: Store, stream: TextIO) -> int:
    """Write the whole case board as GEXF (Gephi); return the number of nodes and edges."""
    return _write(store, stream, nx.generate_gexf)


def _write(store: Store, stream: TextIO, generate: Callable[..., Iterator[str]]) -> int:
    graph = case_graph(store)
    for line in generate(graph, prettyprint=True):
        stream.write(line + "\n")
    return graph.number_of_nodes() + graph.number_of_edges()
