"""Exports of a hand-made case board: FtM for Aleph, GraphML/GEXF for Gephi and networkx, CSV."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path
from xml.etree import ElementTree

import networkx as nx
import pytest
from click.testing import CliRunner as ClickRunner
from followthemoney import model
from followthemoney.cli.cli import cli as ftm_cli
from typer.testing import CliRunner

from board_fixture import (
    CHAMBERLAIN, COLOMBIA, EVIL, FBI, GUERRERO, POLICE, TOCORON, TREN, USA,
    article_a, article_b, build_board, entity, find, hostile, spanish_article, syndicated_copy,
)
from conftest import EXAMPLES

from caseboard.board import Filters, UnknownEntity
from caseboard.cli import app
from caseboard.ingest import ingest, input_files, read_all
from caseboard.export import FOLDER_FORMATS, FORMATS, ftm, write
from caseboard.export import csv as csv_export
from caseboard.model import Document, Event, Extraction, Relation
from caseboard.store import Store


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("export") / "board.db"
    build_board(path).close()
    return path


@pytest.fixture(scope="module")
def store(db: Path) -> Store:
    return Store.open(str(db), create=False)


def export(store: Store, name: str) -> str:
    stream = io.StringIO()
    FORMATS[name](store, stream)
    return stream.getvalue()


@pytest.fixture(scope="module")
def ftm_entities(store: Store) -> list[dict]:
    return [json.loads(line) for line in export(store, "ftm").splitlines()]


def test_ftm_entities_are_valid_under_the_model(ftm_entities: list[dict]) -> None:
    ids = {e["id"] for e in ftm_entities}
    assert len(ids) == len(ftm_entities)
    for data in ftm_entities:
        schema = model.get(data["schema"])
        assert schema is not None and not schema.abstract
        schema.validate(data)  # raises InvalidData on a bad value
        assert set(schema.required) <= set(data["properties"]), data
        proxy = model.get_proxy(data, cleaned=False)
        for prop, value in proxy.itervalues():
            assert prop.type.clean(value, proxy=proxy) == value, (prop.name, value)  # already clean
            if prop.type.name == "entity":
                assert value in ids, f"{data['schema']}.{prop.name} points nowhere"
                target = next(e for e in ftm_entities if e["id"] == value)
                assert model.get(target["schema"]).is_a(prop.range), (prop.name, target["schema"])


def test_ftm_validate_command_accepts_the_export(store: Store, tmp_path: Path) -> None:
    path = tmp_path / "entities.ftm.json"
    path.write_text(export(store, "ftm"), encoding="utf-8")
    result = ClickRunner().invoke(ftm_cli, ["validate", "-i", str(path), "-o", str(tmp_path / "out.json")])
    assert result.exit_code == 0, result.output
    back = [json.loads(line) for line in (tmp_path / "out.json").read_text().splitlines()]
    original = [json.loads(line) for line in path.read_text().splitlines()]
    assert {e["id"]: e["properties"] for e in back} == {e["id"]: e["properties"] for e in original}


def test_ftm_schemata_follow_the_entity_types_and_relations(ftm_entities: list[dict]) -> None:
    by_id = {e["id"]: e for e in ftm_entities}
    assert by_id[ftm.ftm_id(GUERRERO)]["schema"] == "Person"
    assert by_id[ftm.ftm_id(TREN)]["schema"] == "Organization"
    assert by_id[ftm.ftm_id(TOCORON)]["schema"] == "Address"
    guerrero = by_id[ftm.ftm_id(GUERRERO)]["properties"]
    assert guerrero["alias"] == ["Guerrero"]
    assert "https://news.example/a" in guerrero["sourceUrl"]

    def links(subject: str, relation: str, obj: str) -> list[dict]:
        found = [
            e for e in ftm_entities
            if e["properties"].get("role") == [relation.replace("_", " ")]
            and ftm.ftm_id(subject) in sum((v for k, v in e["properties"].items() if k != "proof"), [])
            and ftm.ftm_id(obj) in sum((v for k, v in e["properties"].items() if k != "proof"), [])
        ]
        assert found, (subject, relation, obj)
        return found

    # one link per document stating the fact, each with its own sentence, status and URL
    leaders = links(GUERRERO, "leader_of", TREN)
    assert len(leaders) == 3 and {e["schema"] for e in leaders} == {"Directorship"}
    by_url = {e["properties"]["sourceUrl"][0]: e["properties"] for e in leaders}
    assert set(by_url) == {"https://news.example/a", "https://wire.example/b", "https://syndicate.example/a-copy"}
    wire = by_url["https://wire.example/b"]
    assert wire["description"] == ["Hector Guerrero, the leader of Tren de Aragua, was arrested by the FBI, officials said."]
    assert wire["proof"] == [next(e["id"] for e in ftm_entities if e["schema"] == "Article"
                                  and e["properties"].get("sourceUrl") == ["https://wire.example/b"])]
    assert wire["director"] == [ftm.ftm_id(GUERRERO)] and wire["organization"] == [ftm.ftm_id(TREN)]
    assert wire["status"] == ["asserted"] and wire["date"] == ["2024-08-02"]
    assert "3 source(s), 2 independent" in wire["summary"][0]
    assert by_url["https://news.example/a"]["description"][0].startswith("Hector Guerrero, the leader of Tren de Aragua, escaped")
    member = links(GUERRERO, "member_of", TREN)
    assert [m["schema"] for m in member] == ["Membership"] and member[0]["properties"]["status"] == ["denied"]
    assert links(CHAMBERLAIN, "head_of", POLICE)[0]["schema"] == "Directorship"
    escaped = links(GUERRERO, "escaped_from", TOCORON)  # a person and a place: no specific FtM schema
    assert {e["schema"] for e in escaped} == {"UnknownLink"} and escaped[0]["properties"]["role"] == ["escaped from"]
    events = [e for e in ftm_entities if e["schema"] == "Event"]
    escape = next(e for e in events if "escape" in e["properties"]["keywords"])
    assert escape["properties"]["date"] == ["2023"]
    assert escape["properties"]["involved"] == [ftm.ftm_id(GUERRERO)]
    assert escape["properties"]["addressEntity"] == [ftm.ftm_id(TOCORON)]
    told = [e for e in ftm_entities if e["schema"] == "Documentation" and e["properties"]["entity"] == [escape["id"]]]
    assert sorted(e["properties"]["sourceUrl"][0] for e in told) == ["https://news.example/a", "https://syndicate.example/a-copy"]
    articles = [e for e in ftm_entities if e["schema"] == "Article"]
    assert len(articles) == 4
    assert all("javascript" not in url for e in ftm_entities for url in e["properties"].get("sourceUrl", []))


def test_ftm_articles_carry_title_date_publisher_and_names(ftm_entities: list[dict]) -> None:
    wire = next(e["properties"] for e in ftm_entities if e["schema"] == "Article"
                and e["properties"].get("sourceUrl") == ["https://wire.example/b"])
    assert (wire["title"], wire["publishedAt"], wire["publisher"]) == (["US designates gang"], ["2024-08-02"], ["wire.example"])
    assert sorted(wire["peopleMentioned"]) == ["Guerrero", "Hector Guerrero"]
    assert sorted(wire["companiesMentioned"]) == ["FBI", "Tren de Aragua"]
    assert wire["locationMentioned"] == ["United States"] and wire["detectedCountry"] == ["us"]


def test_ftm_mentions_resolve_names_in_each_document(ftm_entities: list[dict]) -> None:
    mentions = [e["properties"] for e in ftm_entities if e["schema"] == "Mention"]
    guerrero = [m for m in mentions if m["resolved"] == [ftm.ftm_id(GUERRERO)]]
    assert sorted(n for m in guerrero for n in m["name"]) == ["Guerrero"] + ["Hector Guerrero"] * 4
    assert {m["detectedSchema"][0] for m in guerrero} == {"Person"}
    in_wire = next(m for m in guerrero if m["name"] == ["Guerrero"])
    assert in_wire["contextCountry"] == ["us"]
    assert not [m for m in mentions if m["resolved"] == [ftm.ftm_id(TOCORON)]]  # places: Article.locationMentioned


def test_ftm_countries_are_iso_codes_on_places_and_organisations(ftm_entities: list[dict]) -> None:
    by_id = {e["id"]: e["properties"] for e in ftm_entities}
    assert by_id[ftm.ftm_id(COLOMBIA)]["country"] == ["co"]
    assert by_id[ftm.ftm_id(USA)]["country"] == ["us"]
    assert by_id[ftm.ftm_id(TREN)]["country"] == ["co"]  # Tren de Aragua operates in Colombia
    assert "country" not in by_id[ftm.ftm_id(GUERRERO)]  # nothing on the board says where he is from


def test_ftm_event_id_stays_when_a_later_document_adds_a_participant(tmp_path: Path) -> None:
    def escape_ids(store: Store) -> list[str]:
        return [e.id for e in ftm.entities(store) if e.schema.name == "Event"]

    board = Store.open(str(tmp_path / "events.db"))
    board.add(article_b())
    before = escape_ids(board)
    later = (
        "Hector Guerrero was arrested by the FBI in Bogota, Colombia, officials said on Friday, "
        "months after the first reports."
    )
    doc = Document(later, "later.txt", published="2024-12-01")
    board.add(Extraction(
        doc,
        [entity(later, GUERRERO, "PERSON", "Hector Guerrero", "Hector Guerrero"),
         entity(later, FBI, "ORG", "FBI", "FBI"),
         entity(later, COLOMBIA, "GPE", "Colombia", "Colombia")],
        events=[Event("arrest", find(later, later), None, {"agent": [FBI], "patient": [GUERRERO], "place": [COLOMBIA]})],
    ))
    after = escape_ids(board)
    arrest = next(e for e in ftm.entities(board) if e.schema.name == "Event" and "arrest" in e.get("keywords"))
    assert arrest.get("addressEntity") == [ftm.ftm_id(COLOMBIA)]  # the later telling added a place
    assert sorted(after) == sorted(before)  # and the event kept its id


def test_ftm_follows_the_filters(store: Store) -> None:
    stream = io.StringIO()
    FORMATS["ftm"](store, stream, filters=Filters(entity="Todd Chamberlain"))
    found = [json.loads(line) for line in stream.getvalue().splitlines()]
    named = sorted(e["properties"]["name"][0] for e in found if e["schema"] in ("Person", "Organization", "Address"))
    assert named == ["Aurora Police Department", "Todd Chamberlain"]
    assert sorted(e["properties"]["sourceUrl"][0] for e in found if e["schema"] == "Article") == [
        "https://news.example/a", "https://syndicate.example/a-copy"
    ]
    ids = {e["id"] for e in found}
    assert all(v in ids for e in found for p, vs in e["properties"].items()
               if p in ("director", "organization", "resolved", "document", "proof") for v in vs)


def test_graphml_round_trips_through_networkx_with_attributes(store: Store) -> None:
    graph = nx.read_graphml(io.StringIO(export(store, "graphml")), force_multigraph=True)
    assert graph.is_directed()
    assert graph.number_of_nodes() == 9
    assert graph.nodes[GUERRERO]["type"] == "PERSON"
    assert graph.nodes[GUERRERO]["label"] == "Hector Guerrero"
    assert graph.nodes[GUERRERO]["documents"] == 4
    edges = {(u, v, d["relation"]): d for u, v, d in graph.edges(data=True)}
    leader = edges[(GUERRERO, TREN, "leader_of")]
    assert (leader["status"], leader["sources"], leader["independent_sources"]) == ("asserted", 3, 2)
    assert edges[(GUERRERO, TREN, "member_of")]["status"] == "denied"
    assert len(edges) == 9


def test_gexf_opens_in_networkx_with_attributes(store: Store) -> None:
    graph = nx.read_gexf(io.BytesIO(export(store, "gexf").encode("utf-8")))
    assert graph.nodes[TREN]["type"] == "ORG"
    statuses = sorted(d["status"] for _, _, d in graph.edges(data=True))
    assert statuses.count("alleged") == 2 and statuses.count("denied") == 1
    assert all(isinstance(d["independent_sources"], int) for _, _, d in graph.edges(data=True))


def test_csv_folder_holds_entities_facts_and_events(store: Store, tmp_path: Path) -> None:
    count = FOLDER_FORMATS["csv"](store, tmp_path / "csv")

    def rows(name: str) -> list[dict[str, str]]:
        with (tmp_path / "csv" / name).open(encoding="utf-8", newline="") as stream:
            return list(csv.DictReader(stream))

    documents, entities = rows("documents.csv"), rows("entities.csv")
    facts, events = rows("facts.csv"), rows("events.csv")
    assert count == len(documents) + len(entities) + len(facts) + len(events) == 4 + 9 + 9 + 4
    leader = next(f for f in facts if f["relation"] == "leader_of")
    assert (leader["subject_name"], leader["object_name"], leader["independent_sources"]) == (
        "Hector Guerrero", "Tren de Aragua", "2"
    )
    assert len(leader["evidence"].split(csv_export.SEPARATOR)) == 3
    assert [e["date"] for e in events] == ["2023", "2024-07", "2024-09", ""]
    assert events[0]["patient_names"] == "Hector Guerrero"
    # every document id a fact or event cites is a row of documents.csv, with its title and URL
    titles = {d["id"]: (d["title"], d["url"]) for d in documents}
    cited = {i for row in facts + events for i in row["documents"].split(csv_export.SEPARATOR) if i}
    assert cited and cited <= set(titles)
    assert ("US designates gang", "https://wire.example/b") in [titles[i] for i in leader["documents"].split(" | ")]


def test_csv_multi_valued_cells_share_one_separator(store: Store, tmp_path: Path) -> None:
    FOLDER_FORMATS["csv"](store, tmp_path)
    with (tmp_path / "events.csv").open(encoding="utf-8", newline="") as stream:
        designation = next(r for r in csv.DictReader(stream) if r["type"] == "designation")
    with (tmp_path / "facts.csv").open(encoding="utf-8", newline="") as stream:
        leader = next(r for r in csv.DictReader(stream) if r["relation"] == "leader_of")
    with (tmp_path / "entities.csv").open(encoding="utf-8", newline="") as stream:
        guerrero = next(r for r in csv.DictReader(stream) if r["id"] == GUERRERO)
    assert guerrero["aliases"] == "Guerrero | Hector Guerrero"
    urls = leader["source_urls"].split(" | ")
    assert sorted(urls) == ["https://news.example/a", "https://syndicate.example/a-copy", "https://wire.example/b"]
    assert urls[-1] == "https://wire.example/b"  # earliest published source first
    assert "\n" not in leader["evidence"] and len(leader["documents"].split(" | ")) == 3
    assert designation["agent"] == USA and designation["patient_names"] == "Tren de Aragua"


def test_csv_for_excel_starts_with_a_byte_order_mark(tmp_path: Path) -> None:
    text = "José Ñúñez leads the Cártel del Golfo."
    board = Store.open(str(tmp_path / "accents.db"))
    jose = entity(text, "person:jose-nunez", "PERSON", "José Ñúñez", "José Ñúñez")
    cartel = entity(text, "org:cartel-del-golfo", "ORG", "Cártel del Golfo", "Cártel del Golfo")
    board.add(Extraction(Document(text, "a.txt"), [jose, cartel],
                         [Relation(jose.id, "leader_of", cartel.id, find(text, text))]))
    FOLDER_FORMATS["csv"](board, tmp_path / "excel", excel=True)
    FOLDER_FORMATS["csv"](board, tmp_path / "plain")
    for name in csv_export.FILES:
        assert (tmp_path / "excel" / name).read_bytes().startswith(b"\xef\xbb\xbf")
        assert not (tmp_path / "plain" / name).read_bytes().startswith(b"\xef\xbb\xbf")
    assert "José Ñúñez,leader_of" in (tmp_path / "excel" / "facts.csv").read_text(encoding="utf-8-sig")


def test_csv_follows_the_filters(store: Store, tmp_path: Path) -> None:
    FOLDER_FORMATS["csv"](store, tmp_path, filters=Filters(entity="Todd Chamberlain"))
    with (tmp_path / "facts.csv").open(encoding="utf-8", newline="") as stream:
        assert [r["relation"] for r in csv.DictReader(stream)] == ["head_of"]
    with (tmp_path / "documents.csv").open(encoding="utf-8", newline="") as stream:
        assert sorted(r["url"] for r in csv.DictReader(stream)) == [
            "https://news.example/a", "https://syndicate.example/a-copy"
        ]


def test_csv_defuses_spreadsheet_formulas(tmp_path: Path) -> None:
    text = "=HYPERLINK(\"http://evil.example\") Corp leads the Rivers Gang."
    store = Store.open(str(tmp_path / "formula.db"))
    bad = entity(text, "org:hyperlink", "ORG", '=HYPERLINK("http://evil.example") Corp',
                 '=HYPERLINK("http://evil.example") Corp')
    gang = entity(text, "org:rivers-gang", "ORG", "Rivers Gang", "Rivers Gang")
    store.add(Extraction(Document(text, "f.txt"), [bad, gang],
                         [Relation(bad.id, "allied_with", gang.id, find(text, text))]))
    FOLDER_FORMATS["csv"](store, tmp_path / "out")
    content = (tmp_path / "out" / "entities.csv").read_text() + (tmp_path / "out" / "facts.csv").read_text()
    assert "'=HYPERLINK" in content
    assert ",=HYPERLINK" not in content and '"=HYPERLINK' not in content


def test_export_command_writes_every_format(db: Path, tmp_path: Path) -> None:
    runner = CliRunner()
    for name in ("ftm", "graphml", "gexf", "jsonl"):
        out = tmp_path / f"board.{name}"
        result = runner.invoke(app, ["export", "--db", str(db), "--format", name, "--out", str(out)])
        assert result.exit_code == 0, result.output
        assert out.stat().st_size > 0
    result = runner.invoke(app, ["export", "--db", str(db), "--format", "csv", "--out", str(tmp_path / "csv")])
    assert result.exit_code == 0
    assert sorted(p.name for p in (tmp_path / "csv").iterdir()) == ["documents.csv", "entities.csv", "events.csv", "facts.csv"]
    result = runner.invoke(app, ["export", "--db", str(db), "--format", "csv"])
    assert result.exit_code == 2  # csv needs a folder
    result = runner.invoke(app, ["export", "--db", str(db), "--format", "graphml"])
    assert result.exit_code == 0
    assert "<graphml" in result.output[:500]


def graph_export(store: Store, name: str, **options: object) -> str:
    stream = io.StringIO()
    FORMATS[name](store, stream, **options)
    return stream.getvalue()


def test_graphml_edges_have_unique_ids_and_all_survive_reading(store: Store) -> None:
    text = graph_export(store, "graphml", events=True)
    ids = re.findall(r'<edge [^>]*\bid="([^"]+)"', text)
    assert len(ids) == len(set(ids)) == 9 + 8  # 9 relations, 8 event participations
    graph = nx.read_graphml(io.StringIO(text), force_multigraph=True)
    assert graph.number_of_edges() == len(ids)
    # two relations between the same pair are two edges (Gephi drops an edge id it has seen)
    between = [d["relation"] for u, v, d in graph.edges(data=True) if (u, v) == (GUERRERO, TREN)]
    assert sorted(between) == ["leader_of", "member_of"]


def test_events_become_nodes_linked_by_role(store: Store) -> None:
    graph = nx.read_graphml(io.StringIO(graph_export(store, "graphml", events=True)), force_multigraph=True)
    events = {n: d for n, d in graph.nodes(data=True) if d["type"] == "EVENT"}
    assert sorted(d["label"] for d in events.values()) == [
        "arrest (undated)", "designation 2024-07", "escape 2023", "raid or operation 2024-09"
    ]
    escape = next(n for n, d in events.items() if d["event"] == "escape")
    assert sorted((u, d["relation"]) for u, v, d in graph.in_edges(escape, data=True)) == [
        (TOCORON, "place"), (GUERRERO, "patient")
    ]
    plain = nx.read_graphml(io.StringIO(graph_export(store, "graphml")), force_multigraph=True)
    assert not [n for n, d in plain.nodes(data=True) if d["type"] == "EVENT"]


def test_gexf_is_version_1_3_with_declared_attributes_and_viz(store: Store) -> None:
    text = graph_export(store, "gexf", events=True)
    root = ElementTree.fromstring(text)
    gexf, viz = "{http://gexf.net/1.3}", "{http://gexf.net/1.3/viz}"
    assert root.tag == f"{gexf}gexf" and root.get("version") == "1.3"
    assert text.startswith('<?xml version="1.0" encoding="UTF-8"?>')
    assert root.get("{http://www.w3.org/2001/XMLSchema-instance}schemaLocation") == "http://gexf.net/1.3 http://gexf.net/1.3/gexf.xsd"
    declared = {a.get("title") for a in root.iter(f"{gexf}attribute")}
    assert {"type", "documents", "status", "independent_sources", "relation", "evidence"} <= declared
    nodes = {n.get("id"): n for n in root.iter(f"{gexf}node")}
    colour = nodes[GUERRERO].find(f"{viz}color")
    assert (colour.get("r"), colour.get("g"), colour.get("b")) == ("106", "61", "154")  # PERSON purple
    assert nodes[TREN].find(f"{viz}color").get("b") == "180"  # ORG blue
    sizes = {i: float(n.find(f"{viz}size").get("value")) for i, n in nodes.items()}
    assert sizes[GUERRERO] > sizes[COLOMBIA]  # named in 4 documents against 1
    edges = list(root.iter(f"{gexf}edge"))
    assert len({e.get("id") for e in edges}) == len(edges) == 17
    thickness = {e.get("label"): float(e.find(f"{viz}thickness").get("value")) for e in edges}
    assert thickness["leader_of"] == 2.0
    assert "lastmodifieddate" not in text and "NetworkX" not in text
    assert graph_export(store, "gexf", events=True) == text  # the same board, the same file


def test_graph_filters_by_status_sources_isolation_and_neighbourhood(store: Store) -> None:
    def read(**options: object) -> nx.MultiDiGraph:
        return nx.read_graphml(io.StringIO(graph_export(store, "graphml", **options)), force_multigraph=True)

    alleged = read(filters=Filters(status="alleged", isolated=False))
    assert sorted(d["relation"] for _, _, d in alleged.edges(data=True)) == ["operates_in", "rival_of"]
    assert set(alleged.nodes) == {TREN, COLOMBIA, EVIL, GUERRERO}
    assert read(filters=Filters(status="alleged")).number_of_nodes() == 9  # isolated nodes kept by default
    corroborated = read(filters=Filters(min_sources=2, isolated=False))
    assert [d["relation"] for _, _, d in corroborated.edges(data=True)] == ["leader_of"]
    near = read(filters=Filters(entity="Todd Chamberlain"))
    assert set(near.nodes) == {CHAMBERLAIN, POLICE}
    wider = read(filters=Filters(entity="Colombia", depth=2))
    assert COLOMBIA in wider and GUERRERO in wider and CHAMBERLAIN not in wider
    assert TOCORON in wider and USA in wider  # two links away through Tren de Aragua
    with pytest.raises(UnknownEntity):
        read(filters=Filters(entity="Nobody Atall"))


def test_export_command_filters_every_format(db: Path, tmp_path: Path) -> None:
    runner = CliRunner()

    def run(*args: str) -> str:
        result = runner.invoke(app, ["export", "--db", str(db), *args])
        assert result.exit_code == 0, result.output
        return result.stdout

    graphml = run("-f", "graphml", "--status", "alleged", "--no-isolated", "--events")
    graph = nx.read_graphml(io.StringIO(graphml), force_multigraph=True)
    assert sorted(d["label"] for _, d in graph.nodes(data=True) if d["type"] == "EVENT") == ["arrest (undated)"]
    assert {d["relation"] for _, _, d in graph.edges(data=True)} == {"operates_in", "rival_of", "agent", "patient"}
    assert COLOMBIA in graph and POLICE not in graph
    gexf = run("-f", "gexf", "--entity", "Todd Chamberlain", "--depth", "1")
    assert sorted(nx.read_gexf(io.BytesIO(gexf.encode("utf-8"))).nodes) == [POLICE, CHAMBERLAIN]
    ftm_lines = run("-f", "ftm", "--min-sources", "2")
    links = [json.loads(line) for line in ftm_lines.splitlines() if '"Directorship"' in line]
    assert {e["properties"]["role"][0] for e in links} == {"leader of"}
    run("-f", "csv", "--excel", "--entity", "Colombia", "-o", str(tmp_path / "csv"))
    facts = (tmp_path / "csv" / "facts.csv").read_bytes()
    assert facts.startswith(b"\xef\xbb\xbf") and b"operates_in" in facts and b"head_of" not in facts


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["-f", "jsonl", "--status", "alleged"], 2, "only for ftm, graphml, gexf, csv, not jsonl"),
        (["-f", "csv", "-o", "x", "--events"], 2, "--events: only for graphml, gexf"),
        (["-f", "ftm", "--excel"], 2, "--excel: only for csv"),
        (["-f", "graphml", "--status", "rumoured"], 2, "unknown status 'rumoured'"),
        (["-f", "gexf", "--entity", "Nobody Atall"], 1, "no entity named 'Nobody Atall'"),
    ],
)
def test_export_options_a_format_cannot_take_are_usage_errors(
    db: Path, tmp_path: Path, args: list[str], code: int, message: str
) -> None:
    result = CliRunner().invoke(app, ["export", "--db", str(db), *args])
    assert result.exit_code == code
    assert message in " ".join(result.stderr.split())
    assert isinstance(result.exception, SystemExit)


def every_export(store: Store, folder: Path) -> dict[str, str]:
    """Each export of the board as text (JSON Lines as a set of lines: they follow ingest order)."""
    found = {}
    for name in ("ftm", "graphml", "gexf"):
        for events in ([False, True] if name != "ftm" else [None]):
            stream = io.StringIO()
            write(name, store, stream, **({} if events is None else {"events": events}))
            found[f"{name} events={events}"] = stream.getvalue()
    stream = io.StringIO()
    write("jsonl", store, stream)
    found["jsonl"] = "\n".join(sorted(stream.getvalue().splitlines()))
    write("csv", store, folder)
    found.update({f"csv {p.name}": p.read_text(encoding="utf-8") for p in sorted(folder.iterdir())})
    return found


def test_exports_do_not_depend_on_the_order_documents_were_stored(tmp_path: Path) -> None:
    # the near-duplicate copy comes after its original both times, so the same board results
    orders = {
        "first": [article_a, article_b, syndicated_copy, hostile],
        "second": [hostile, article_b, article_a, syndicated_copy],
    }
    exported = {}
    for name, order in orders.items():
        board = Store.open(str(tmp_path / f"{name}.db"))
        for make in order:
            board.add(make())
        exported[name] = every_export(board, tmp_path / f"{name}-csv")
    for key, text in exported["first"].items():
        assert exported["second"][key] == text, key


def test_the_demo_corpus_in_two_orders_gives_identical_exports(tmp_path: Path) -> None:
    files = input_files([EXAMPLES])
    exported = []
    for name, order in (("sorted", files), ("reversed", files[::-1])):
        board = Store.open(str(tmp_path / f"{name}.db"))
        report = ingest(board, read_all(order))
        assert report.added == 11 and not report.failed
        exported.append(every_export(board, tmp_path / f"{name}-csv"))
    assert exported[0]["csv entities.csv"] == exported[1]["csv entities.csv"]
    for key, text in exported[0].items():
        assert exported[1][key] == text, key


def test_author_and_site_reach_the_ftm_article_and_documents_csv(tmp_path: Path) -> None:
    board = Store.open(str(tmp_path / "authored.db"))
    try:
        document = Document(
            text="Police arrested Luis Mora in Caracas.", source="story.html",
            url="https://news.example/story", author="Ana Ruiz", site="Test Gazette",
        )
        board.add(Extraction(document))
        [article] = [json.loads(line) for line in export(board, "ftm").splitlines() if '"Article"' in line]
        assert (article["properties"]["author"], article["properties"]["publisher"]) == (["Ana Ruiz"], ["Test Gazette"])
        FOLDER_FORMATS["csv"](board, tmp_path / "csv")
        with (tmp_path / "csv" / "documents.csv").open(encoding="utf-8", newline="") as stream:
            [row] = list(csv.DictReader(stream))
        assert (row["author"], row["site"]) == ("Ana Ruiz", "Test Gazette")
    finally:
        board.close()


def test_csv_facts_give_the_language_of_each_evidence_sentence(store: Store, tmp_path: Path) -> None:
    FOLDER_FORMATS["csv"](store, tmp_path)
    with (tmp_path / "facts.csv").open(encoding="utf-8", newline="") as stream:
        leader = next(r for r in csv.DictReader(stream) if r["relation"] == "leader_of")
    sentences = leader["evidence"].split(" | ")
    assert leader["evidence_languages"].split(" | ") == ["en"] * len(sentences)


def test_csv_names_the_language_of_a_sentence_in_another_language_than_its_document(tmp_path: Path) -> None:
    board = Store.open(str(tmp_path / "es.db"))
    try:
        board.add(spanish_article())
        FOLDER_FORMATS["csv"](board, tmp_path / "csv")
        with (tmp_path / "csv" / "facts.csv").open(encoding="utf-8", newline="") as stream:
            [leader] = list(csv.DictReader(stream))
        languages = dict(zip(leader["evidence"].split(" | "), leader["evidence_languages"].split(" | ")))
        assert sorted(languages.values()) == ["en", "es"]
        assert languages[next(s for s in languages if s.startswith("Hector Guerrero has led"))] == "en"
    finally:
        board.close()
