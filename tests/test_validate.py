"""SHACL validation: real exports conform, broken ones fail with readable lines."""
from __future__ import annotations

import pytest
from rdflib import RDF, Literal, URIRef

from kg.errors import InputError
from kg.iris import code_evidence_iri, code_link_iri, entity_iri, evidence_iri, link_iri, paper_iri
from kg.rdf import to_rdf
from kg.rdf_files import write_rdf
from kg.validate import validate
from kg.vocab import KG


CODE_URL = "https://github.com/example/ltc"


@pytest.fixture()
def rdf(tiny_graph):
    return to_rdf(tiny_graph)


def _only(report, text):
    """The one violation line containing ``text``."""
    assert not report.conforms
    found = [line for line in report.lines() if text in line]
    assert len(found) == 1, report.lines()
    return found[0]


@pytest.mark.parametrize("fmt, name", [("turtle", "graph.ttl"), ("nt", "graph.nt"),
                                       ("json-ld", "graph.jsonld")])
def test_export_files_conform(tiny_graph, tmp_path, fmt, name):
    path = write_rdf(tiny_graph, tmp_path / name, format=fmt)
    report = validate(path)
    assert report.conforms, report.lines()
    assert report.violations == ()
    assert report.summary() == f"{path}: {len(to_rdf(tiny_graph)):,} triples, conforms"


def test_export_folder_and_networkx_graph_conform(tiny_graph, tmp_path):
    write_rdf(tiny_graph, tmp_path / "graph.ttl")
    assert validate(tmp_path).conforms
    assert validate(tiny_graph).conforms


def test_role_maybe_is_reported(rdf):
    link = link_iri("2301.00001", "uses", "hotpotqa")
    rdf.set((link, KG.role, Literal("maybe")))
    line = _only(validate(rdf), "kg:role")
    assert line.startswith("link/2301.00001/uses/hotpotqa kg:role: ")
    assert '"introduced" or "used"' in line and '(value: "maybe")' in line


def test_missing_title_and_second_identifier(rdf):
    p = paper_iri("2301.00002")
    rdf.remove((p, URIRef("http://purl.org/dc/terms/title"), None))
    rdf.add((p, URIRef("http://purl.org/dc/terms/identifier"), Literal("other")))
    report = validate(rdf)
    assert "exactly one non-empty dcterms:title" in _only(report, "dcterms:title:")
    # the label left without its title is reported too
    assert _only(report, "rdfs:label").startswith("paper/2301.00002 rdfs:label: a paper's rdfs:label is its")
    assert _only(report, "dcterms:identifier").startswith("paper/2301.00002 dcterms:identifier")


def test_labels_must_say_what_the_title_and_name_say(rdf):
    label = URIRef("http://www.w3.org/2000/01/rdf-schema#label")
    rdf.remove((paper_iri("2301.00001"), label, None))
    rdf.set((entity_iri("gsm8k"), label, Literal("GSM-8K")))
    lines = set(validate(rdf).lines())
    assert "paper/2301.00001 rdfs:label: a paper's rdfs:label is its dcterms:title" in lines
    assert ('entity/gsm8k rdfs:label: an entity\'s rdfs:label is its skos:prefLabel (value: "GSM-8K")'
            in lines)


def test_a_link_not_generated_by_the_build_is_reported(rdf):
    generated = URIRef("http://www.w3.org/ns/prov#wasGeneratedBy")
    rdf.remove((link_iri("2301.00002", "uses", "gsm8k"), generated, None))
    rdf.remove((code_link_iri("2301.00001", CODE_URL), generated, None))
    report = validate(rdf)
    assert "exactly one prov:Activity (the build)" in _only(report, "link/2301.00002/uses/gsm8k prov:wasGeneratedBy")
    assert "exactly one prov:Activity (the build)" in _only(report, "hasCode/github.com/example/ltc prov:wasGeneratedBy")


def test_entity_with_two_types_or_none(rdf):
    rdf.add((entity_iri("gsm8k"), RDF.type, KG.Dataset))
    rdf.remove((entity_iri("accuracy"), RDF.type, KG.Metric))
    report = validate(rdf)
    lines = [line for line in report.lines() if "exactly one of the six types" in line]
    assert [line.split()[0] for line in lines] == ["entity/accuracy", "entity/gsm8k"]


def test_confidence_offsets_and_evidence(rdf):
    link = link_iri("2301.00002", "uses", "gsm8k")
    rdf.set((link, KG.confidence, Literal(1.5)))
    evidence = evidence_iri("2301.00001", "uses", "gsm8k", 1)
    rdf.set((evidence, KG.start, Literal(50)))
    rdf.set((evidence, KG.end, Literal(40)))
    far = evidence_iri("2301.00002", "uses", "accuracy", 1)
    rdf.set((far, KG.end, Literal(5000)))
    bare = link_iri("t-0000000000aa", "introduces", "mathbench")
    rdf.remove((bare, KG.evidence, None))
    report = validate(rdf)
    assert "from 0 to 1" in _only(report, "kg:confidence")
    assert "<= its kg:end" in _only(report, "evidence/2301.00001/uses/gsm8k/1 kg:start")
    assert "past the end of its paper's text" in _only(report, "kg:end 5000")
    assert "at least one kg:evidence" in _only(report, " kg:evidence:")
    # the evidence no link points to any more is reported too
    assert "belongs to an entity or code link" in _only(report, "^kg:evidence")


def test_link_without_direct_edge_and_unknown_property(rdf):
    rdf.remove((paper_iri("2301.00001"), KG.introduces, entity_iri("ltc")))
    rdf.add((link_iri("2301.00001", "uses", "gsm8k"), KG.host, Literal("x")))
    report = validate(rdf)
    line = _only(report, "kg:introduces edge")
    assert line.startswith("link/2301.00001/introduces/ltc: ")
    assert "only the properties EntityLinkShape lists" in _only(report, "kg:host")


def test_code_link_without_repository_is_reported(rdf):
    link = code_link_iri("2301.00001", CODE_URL)
    assert validate(rdf).conforms
    rdf.remove((link, KG.repository, None))
    line = _only(validate(rdf), "kg:repository")
    assert line == ("link/2301.00001/hasCode/github.com/example/ltc kg:repository: "
                    "a code link has exactly one kg:repository, a kg:CodeRepository")


def test_code_link_checks(rdf):
    link = code_link_iri("2301.00001", CODE_URL)
    # a repository that is not a kg:CodeRepository, and no hasCode edge to it
    rdf.set((link, KG.repository, paper_iri("2301.00002")))
    rdf.remove((link, KG.evidence, None))
    rdf.add((link, KG.role, Literal("used")))
    report = validate(rdf)
    assert "a kg:CodeRepository" in _only(report, " kg:repository:")
    assert "no kg:hasCode edge" in _only(report, "no kg:hasCode edge")
    assert "at least one kg:evidence" in _only(report, " kg:evidence:")
    assert "only the properties CodeLinkShape lists" in _only(report, "kg:role")
    evidence = code_evidence_iri("2301.00001", CODE_URL, 1)
    assert "belongs to an entity or code link" in _only(
        report, f"{str(evidence).split('/id/')[1]} ^kg:evidence")


def test_code_evidence_must_come_from_the_link_paper(rdf):
    evidence = code_evidence_iri("2301.00001", CODE_URL, 1)
    rdf.set((evidence, URIRef("http://www.w3.org/ns/prov#wasDerivedFrom"), paper_iri("2301.00002")))
    # sh:equals reports the value on each side: the link's paper and the wrong one
    lines = [line for line in validate(rdf).lines() if "the kg:paper of its link" in line]
    assert [line.split()[0] for line in lines] == [
        "evidence/2301.00001/hasCode/github.com/example/ltc/1"] * 2
    assert [line.rsplit(" ", 1)[1] for line in lines] == [
        "paper/2301.00001)", "paper/2301.00002)"]


def test_an_edge_without_its_link_is_reported(rdf):
    rdf.add((paper_iri("2301.00001"), KG.uses, entity_iri("llama")))
    rdf.add((paper_iri("2301.00001"), KG.mentions, entity_iri("llama")))
    line = _only(validate(rdf), "no kg:EntityLink")
    assert line.startswith("paper/2301.00001: ") and "kg:uses edge to https://w3id.org/kg-papers/id/entity/llama" in line


def test_a_paper_that_introduces_and_uses_one_entity_is_reported(rdf):
    rdf.add((paper_iri("2301.00001"), KG.uses, entity_iri("ltc")))
    link = URIRef(str(link_iri("2301.00001", "uses", "ltc")))
    for p, o in rdf.predicate_objects(link_iri("2301.00001", "introduces", "ltc")):
        rdf.add((link, p, Literal("used") if p == KG.role else o))
    report = validate(rdf)
    assert "never both" in _only(report, "never both")
    assert "links the same paper and entity" in _only(report, "another kg:EntityLink")


def test_a_variant_cycle_is_reported(rdf):
    from rdflib.namespace import SKOS

    rdf.add((entity_iri("llama"), KG.variantOf, entity_iri("llama-7b")))
    rdf.add((entity_iri("llama"), SKOS.broader, entity_iri("llama-7b")))
    assert "kg:variantOf leads from this entity back to itself" in _only(validate(rdf), "entity/llama: kg:variantOf")


def test_a_variant_not_stated_as_broader_is_reported(rdf):
    rdf.add((entity_iri("hotpotqa"), KG.variantOf, entity_iri("gsm8k")))
    assert "not stated as its skos:broader" in _only(validate(rdf), "entity/hotpotqa")


def test_variant_of_another_type(rdf):
    rdf.add((entity_iri("hotpotqa"), KG.variantOf, entity_iri("llama")))
    report = validate(rdf)
    assert any(line.startswith("entity/hotpotqa") and "kg:variantOf" in line
               for line in report.lines())


def test_an_edition_of_a_benchmark_is_a_variant(rdf):
    from rdflib.namespace import SKOS

    rdf.add((entity_iri("hotpotqa"), KG.variantOf, entity_iri("gsm8k")))
    rdf.add((entity_iri("hotpotqa"), SKOS.broader, entity_iri("gsm8k")))
    assert validate(rdf).conforms


def test_lines_limit_and_order(rdf):
    for entity in ("gsm8k", "hotpotqa", "llama"):
        rdf.set((entity_iri(entity), KG.named, Literal("yes")))
    report = validate(rdf)
    assert len(report.violations) == 3
    assert report.lines(limit=2)[-1] == "... and 1 more"
    assert [v.focus for v in report.violations] == sorted(v.focus for v in report.violations)


def test_bad_inputs(tmp_path):
    with pytest.raises(InputError, match="no such file"):
        validate(tmp_path / "missing.ttl")
    with pytest.raises(InputError, match="no graph.ttl or graph.nt or graph.jsonld in this folder"):
        validate(tmp_path)
    broken = tmp_path / "graph.ttl"
    broken.write_text("@prefix kg: <x#> .\nkg:a kg:b .\n")
    with pytest.raises(InputError, match="graph.ttl: not valid turtle"):
        validate(broken)
    other = tmp_path / "graph.xml"
    other.write_text("<x/>")
    with pytest.raises(InputError, match="unknown RDF file type '.xml'"):
        validate(other)


def test_bad_custom_shapes(tiny_graph, tmp_path):
    shapes = tmp_path / "shapes.ttl"
    shapes.write_text("@prefix sh: <http://www.w3.org/ns/shacl#> .\n"
                      "<s> a sh:NodeShape ; sh:targetNode <x> ; sh:ignoredProperties () .\n")
    with pytest.raises(InputError, match="shapes.ttl: bad SHACL shapes"):
        validate(tiny_graph, shapes=shapes)
    with pytest.raises(InputError, match="no such shapes file"):
        validate(tiny_graph, shapes=tmp_path / "none.ttl")


def test_custom_shapes_replace_the_bundled_ones(tiny_graph, tmp_path):
    shapes = tmp_path / "shapes.ttl"
    shapes.write_text(
        "@prefix sh: <http://www.w3.org/ns/shacl#> .\n"
        "@prefix kg: <https://w3id.org/kg-papers/ontology#> .\n"
        "<s> a sh:NodeShape ; sh:targetClass kg:Paper ; sh:property [\n"
        "  sh:path kg:arxivId ; sh:minCount 1 ; sh:message \"needs an arXiv id\" ] .\n")
    report = validate(tiny_graph, shapes=shapes)
    assert report.lines() == ["paper/t-0000000000aa kg:arxivId: needs an arXiv id"]


def test_cli_validate(tiny_graph, tmp_path, capsys):
    from kg.cli import main

    write_rdf(tiny_graph, tmp_path / "graph.ttl")
    assert main(["validate", str(tmp_path)]) == 0
    captured = capsys.readouterr()
    assert captured.out == "" and "conforms" in captured.err

    broken = to_rdf(tiny_graph)
    broken.set((link_iri("2301.00001", "uses", "hotpotqa"), KG.role, Literal("maybe")))
    (tmp_path / "broken.nt").write_bytes(broken.serialize(format="nt", encoding="utf-8"))
    assert main(["validate", str(tmp_path / "broken.nt")]) == 1
    captured = capsys.readouterr()
    assert captured.out.startswith("link/2301.00001/uses/hotpotqa kg:role: ")
    assert "no kg:EntityLink with its role" in captured.out  # the uses edge has lost its link
    assert "2 violation(s)" in captured.err
    assert main(["validate", str(tmp_path / "missing.ttl")]) == 1
    assert "kg validate: error: " in capsys.readouterr().err


def test_sample_export_conforms(sample_export):
    report = validate(sample_export)
    assert report.source.endswith("graph.ttl")
    assert report.conforms, report.lines(limit=20)


def test_an_entity_that_is_no_stated_concept_or_is_out_of_the_scheme_is_reported(rdf):
    from rdflib.namespace import SKOS

    rdf.remove((entity_iri("gsm8k"), RDF.type, SKOS.Concept))
    rdf.remove((entity_iri("accuracy"), SKOS.inScheme, None))
    rdf.remove((entity_iri("llama-7b"), SKOS.broader, None))
    lines = validate(rdf).lines()
    assert any(line.startswith("entity/gsm8k") and "skos:Concept" in line for line in lines)
    assert any(line.startswith("entity/accuracy") and "ConceptScheme" in line for line in lines)
    assert any(line.startswith("entity/llama-7b") and "skos:broader" in line for line in lines)
