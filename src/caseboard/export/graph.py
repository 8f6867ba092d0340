"""The case board as a network: GraphML and GEXF (via networkx) for Gephi, yEd and networkx.

Nodes are entities (with type, aliases, document and mention counts) and, on request,
events (with type, date, status and source counts); edges are merged relations (with
relation, status, source and independent-source counts, the first evidence sentence and
the source URLs) and, with events, each participant's role in an event. Every attribute
is a string or a number, so both formats carry it unchanged.

Every edge has its own id (Gephi drops an edge whose id it has seen), and the output
depends only on the board: no date of writing, ties ordered by id.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from typing import TextIO
from xml.etree.ElementTree import SubElement

import networkx as nx
from networkx.readwrite.gexf import GEXFWriter

from caseboard import __version__, board
from caseboard.board import EVENT_COLOUR, STATUS_COLOURS, TYPE_COLOURS, Filters, Selection
from caseboard.corroboration import Fact, MergedEvent
from caseboard.model import ROLES
from caseboard.store import Store

EVENT_TYPE = "EVENT"  # the `type` of an event node, beside the entity types
GEXF_VERSION = "1.3"
XSI = "http://www.w3.org/2001/XMLSchema-instance"


def case_graph(
    store: Store,
    status: str | None = None,
    min_sources: int = 1,
    isolated: bool = True,
    evidence: int | None = None,
    entity: str | None = None,
    depth: int = 1,
    events: bool = False,
) -> nx.MultiDiGraph:
    """Entities and the relations between them (see `board.selection` for the filters);
    with `events`, events as nodes too, linked from each participant by its role.
    `isolated=False` keeps only nodes with an edge. Each relation carries its first
    evidence sentence and the source URLs of its first `evidence` sentences (all when None).
    Raises board.UnknownEntity."""
    filters = board.Filters(status, min_sources, entity, depth)  # isolated nodes are dropped below
    chosen = board.selection(store, filters, evidence=None if events else evidence)
    graph = nx.MultiDiGraph()
    for row in chosen.entities:  # most named first, then by id
        graph.add_node(
            row["id"],
            label=row["name"],
            type=row["type"],
            aliases="; ".join(row["aliases"]),
            documents=row["documents"],
            mentions=row["mentions"],
        )
    for fact in chosen.facts:  # best supported first, then by relation and ids
        graph.add_edge(
            fact.subject,
            fact.object,
            key=f"{fact.subject} {fact.relation} {fact.object}",
            label=fact.relation,
            relation=fact.relation,
            fact_id=fact.id,
            review=fact.review or "",
            attributed_to=fact.attributed_to or "",
            weight=fact.independent_sources,
            **_support(fact),
        )
    if events:
        _add_events(graph, chosen)
    if not isolated:
        graph.remove_nodes_from(sorted(nx.isolates(graph)))
    return graph


def _support(item: Fact | MergedEvent) -> dict[str, str | int]:
    """What a fact's edge and an event's node both carry: status, support, the first sentence."""
    return {
        "status": item.status,
        "sources": item.sources,
        "independent_sources": item.independent_sources,
        "conflict": item.conflict or "",
        "evidence": item.evidence[0].text if item.evidence else "",
        "source_urls": " ".join(sorted({e.url for e in item.evidence if e.url})),
    }


def _add_events(graph: nx.MultiDiGraph, chosen: Selection) -> None:
    """Each event a node (id `event:` and its stable key), an edge from each participant."""
    for event in chosen.events:
        node = f"event:{board.event_key(event)}"
        graph.add_node(
            node,
            label=f"{event.type.replace('_', ' ')} {event.date or '(undated)'}",
            type=EVENT_TYPE,
            event=event.type,
            date=event.date or "",
            **_support(event),
        )
        for role in ROLES:
            for ident in event.participants.get(role, []):  # all kept: board.selection keeps whole events
                graph.add_edge(
                    ident,
                    node,
                    key=f"{ident} {role} {node}",
                    label=role,
                    relation=role,
                    status=event.status,
                    attributed_to=event.attributed_to or "",
                    sources=event.sources,
                    independent_sources=event.independent_sources,
                    weight=event.independent_sources,
                    conflict=event.conflict or "",
                    evidence="",
                    source_urls="",
                )


def _filtered(store: Store, filters: Filters, events: bool) -> nx.MultiDiGraph:
    return case_graph(
        store, filters.status, filters.min_sources, filters.isolated, None, filters.entity, filters.depth, events
    )


def write_graphml(store: Store, stream: TextIO, filters: Filters = Filters(), events: bool = False) -> int:
    """Write the case board (its `filters` part; with `events`, events as nodes) as GraphML;
    return the number of nodes and edges. An edge's id is its multigraph key, unique in the file."""
    graph = _filtered(store, filters, events)
    for line in nx.generate_graphml(graph, prettyprint=True):
        stream.write(line + "\n")
    return graph.number_of_nodes() + graph.number_of_edges()


def write_gexf(store: Store, stream: TextIO, filters: Filters = Filters(), events: bool = False) -> int:
    """Write the case board (its `filters` part; with `events`, events as nodes) as GEXF 1.3 for
    Gephi, nodes coloured by type and sized by support, edges coloured by status and as
    thick as their independent sources; return the number of nodes and edges."""
    graph = _filtered(store, filters, events)
    for line in _gexf_lines(_with_viz(graph)):
        stream.write(line + "\n")
    return graph.number_of_nodes() + graph.number_of_edges()


def _with_viz(graph: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """A copy carrying GEXF viz data and edge ids (the multigraph keys)."""
    drawn = graph.copy()
    for _, data in drawn.nodes(data=True):
        support = data["independent_sources"] if data["type"] == EVENT_TYPE else data["documents"]
        colour = EVENT_COLOUR if data["type"] == EVENT_TYPE else TYPE_COLOURS[data["type"]]
        data["viz"] = {"color": _rgb(colour), "size": _size(support)}
    for _, _, key, data in drawn.edges(keys=True, data=True):
        data["id"] = key
        data["viz"] = {"color": _rgb(STATUS_COLOURS[data["status"]]), "thickness": float(max(data["weight"], 1))}
    return drawn


def _size(support: int) -> float:
    """Node size: grows with the square root of its support, so hubs stay readable."""
    return round(10.0 + 5.0 * math.sqrt(max(support, 0)), 1)


def _rgb(colour: str) -> dict[str, int | float]:
    return {"r": int(colour[1:3], 16), "g": int(colour[3:5], 16), "b": int(colour[5:7], 16), "a": 1.0}


def _gexf_lines(graph: nx.MultiDiGraph) -> Iterator[str]:
    """GEXF 1.3 with an XML declaration, attributes declared, edge viz, and no date of writing
    (networkx writes today's date and its own name; the same board must give the same file)."""
    writer = GEXFWriter(encoding="utf-8", prettyprint=True, version=GEXF_VERSION)
    writer.xml.set("xmlns:xsi", XSI)  # networkx 3.6 writes "http://w3.org/..." for 1.3
    meta = writer.xml.find("meta")
    assert meta is not None
    meta.attrib.pop("lastmodifieddate", None)
    meta.find("creator").text = f"caseboard {__version__}"  # type: ignore[union-attr]
    SubElement(meta, "description").text = "case board: entities, relations and events with their sources"
    writer.add_graph(graph)
    yield '<?xml version="1.0" encoding="UTF-8"?>'
    yield from str(writer).splitlines()
