"""Plotly figures for the pages, as JSON for `static/caseboard.js` to draw with the
plotly.js that ships inside the plotly package (no CDN, no inline script).

Each point carries in `customdata` the page a click on it opens.
"""

from __future__ import annotations

import html
from datetime import date, timedelta
from collections.abc import Callable

import networkx as nx
import plotly.graph_objects as go

from caseboard.board import STATUS_COLOURS, TYPE_COLOURS
from caseboard.corroboration import MergedEvent
from caseboard.model import ROLES, STATUSES

LAYOUT = dict(template="plotly_white", margin=dict(l=10, r=10, t=30, b=30), hovermode="closest")


def timeline_figure(
    events: list[MergedEvent],
    names: dict[str, dict[str, str]],
    evidence_url: Callable[[str, int, int], str],
) -> str | None:
    """Dated events on a time axis, one row per event type, coloured by status; None if none is dated."""
    dated = [e for e in events if e.date]
    if not dated:
        return None
    figure = go.Figure(layout=dict(LAYOUT, height=140 + 28 * len({e.type for e in dated}), showlegend=True))
    for status in STATUSES:
        chosen = [e for e in dated if e.status == status]
        if not chosen:
            continue
        figure.add_trace(
            go.Scatter(
                x=[e.date for e in chosen],
                y=[e.type.replace("_", " ") for e in chosen],
                mode="markers",
                name=status,
                marker=dict(size=[10 + 4 * min(e.independent_sources, 5) for e in chosen], color=STATUS_COLOURS[status]),
                text=[_event_label(e, names) for e in chosen],
                hovertemplate="%{x}<br>%{text}<extra>" + status + "</extra>",
                customdata=[evidence_url(e.evidence[0].doc_id, e.evidence[0].start, e.evidence[0].end) for e in chosen],
            )
        )
    figure.update_xaxes(type="date", range=_padded_range([e.date for e in dated if e.date]))
    return figure.to_json()


def graph_figure(graph: nx.MultiDiGraph, entity_url: Callable[[str], str]) -> str | None:
    """The network with a fixed spring layout: edges coloured by status, nodes by type."""
    if graph.number_of_nodes() == 0:
        return None
    where = nx.spring_layout(graph, seed=7)
    figure = go.Figure(layout=dict(LAYOUT, height=640, showlegend=True))
    figure.update_xaxes(visible=False)
    figure.update_yaxes(visible=False)
    for status in STATUSES:
        edges = [(u, v, d) for u, v, d in graph.edges(data=True) if d["status"] == status]
        if not edges:
            continue
        xs: list[float | None] = []
        ys: list[float | None] = []
        for u, v, _ in edges:
            xs += [where[u][0], where[v][0], None]
            ys += [where[u][1], where[v][1], None]
        figure.add_trace(
            go.Scatter(x=xs, y=ys, mode="lines", name=status, hoverinfo="skip",
                       line=dict(color=STATUS_COLOURS[status], width=1.5))
        )
        figure.add_trace(  # a hover point at each edge's middle says what the edge states
            go.Scatter(
                x=[(where[u][0] + where[v][0]) / 2 for u, v, _ in edges],
                y=[(where[u][1] + where[v][1]) / 2 for u, v, _ in edges],
                mode="markers",
                marker=dict(size=6, color=STATUS_COLOURS[status], symbol="diamond"),
                showlegend=False,
                text=[
                    f"{_plain(graph.nodes[u]['label'])} {d['relation'].replace('_', ' ')} {_plain(graph.nodes[v]['label'])}"
                    f"<br>{status}, {d['independent_sources']} independent source(s)"
                    for u, v, d in edges
                ],
                hovertemplate="%{text}<extra></extra>",
                customdata=[entity_url(u) for u, _, _ in edges],
            )
        )
    for kind, colour in TYPE_COLOURS.items():
        nodes = [n for n, d in graph.nodes(data=True) if d["type"] == kind]
        if not nodes:
            continue
        figure.add_trace(
            go.Scatter(
                x=[where[n][0] for n in nodes],
                y=[where[n][1] for n in nodes],
                mode="markers+text",
                name=kind,
                text=[_plain(graph.nodes[n]["label"]) for n in nodes],
                textposition="top center",
                marker=dict(size=[12 + 3 * min(graph.degree(n), 8) for n in nodes], color=colour,
                            line=dict(color="white", width=1)),
                hovertemplate="%{text}<extra>" + kind + "</extra>",
                customdata=[entity_url(n) for n in nodes],
            )
        )
    return figure.to_json()


def _padded_range(dates: list[str]) -> list[str] | None:
    """An x range around the dates with room on both sides (a single date gets a year around it)."""
    days = sorted(filter(None, map(_first_day, dates)))
    if not days:
        return None
    pad = max((days[-1] - days[0]) / 20, timedelta(days=180))
    return [(days[0] - pad).isoformat(), (days[-1] + pad).isoformat()]


def _first_day(value: str) -> date | None:
    """The first day a YYYY, YYYY-MM or YYYY-MM-DD date covers."""
    try:
        return date.fromisoformat((value + "-01-01")[:10])
    except ValueError:
        return None


def _event_label(event: MergedEvent, names: dict[str, dict[str, str]]) -> str:
    people = [_plain(names.get(i, {}).get("name", i)) for role in ROLES for i in event.participants.get(role, [])]
    return f"{event.type.replace('_', ' ')}: {', '.join(people) or 'no one named'}"


def _plain(value: str) -> str:
    """Text as plotly should show it: plotly reads a few HTML tags in labels, so escape them."""
    return html.escape(value, quote=False)
