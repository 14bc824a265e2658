"""The generated reference docs match the data they describe, and the event-type table is sound."""

import pytest
from conftest import REPO
from jsonschema import Draft202012Validator

from pipeline.contract import load_schema
from pipeline.event_types import load_event_types, mappings
from pipeline.schema_docs import GENERATED_DOCS, event_types_markdown, schema_markdown
from pipeline.stages import stage_contracts

EVENT_FIELDS = load_schema("document")["$defs"]["event_open"]["properties"]


@pytest.mark.parametrize("file_name", sorted(GENERATED_DOCS))
def test_committed_doc_is_what_the_generator_writes(file_name):
    committed = (REPO / "docs" / file_name).read_text(encoding="utf-8")
    assert committed == GENERATED_DOCS[file_name](), (
        f"docs/{file_name} is out of date: run `make docs` and commit the result"
    )


def test_schema_reference_lists_nested_fields_of_every_output_file():
    reference = schema_markdown()
    for path in (
        "`source.encoding`",
        "`canonical.wikidata`",
        "`casualties.killed.min`",
        "`actors[].role`",
        "`counts.error_reasons`",
        "`inputs[].sha256`",
    ):
        assert path in reference
    for output_file in ("documents.jsonl", "entities.jsonl", "events.jsonl", "errors.jsonl"):
        assert f"## {output_file}" in reference


def test_schema_reference_shows_enums_and_nullability():
    reference = schema_markdown()
    assert "| `label` | one of `PER`, `LOC`, `ORG`, `MISC` |" in reference
    assert "| `date` | string (matching `^\\d{4}(-\\d{2}(-\\d{2})?)?$`) or null |" in reference


def test_event_types_are_exactly_the_contract_types():
    assert list(load_event_types()["types"]) == EVENT_FIELDS["type"]["enum"]


def _all_mappings():
    for type_name, described in load_event_types()["types"].items():
        yield type_name, None, described
        for subtype, sub in described["subtypes"].items():
            yield type_name, subtype, sub


@pytest.mark.parametrize("scheme", ["plover", "acled"])
def test_every_mapping_is_a_valid_event_field(scheme):
    validator = Draft202012Validator(EVENT_FIELDS[scheme])
    for type_name, subtype, described in _all_mappings():
        errors = [e.message for e in validator.iter_errors(described[scheme])]
        assert errors == [], (type_name, subtype, errors)


def test_plover_mappings_use_plover_categories_and_their_modes():
    taxonomy = load_event_types()["plover_taxonomy"]
    for type_name, subtype, described in _all_mappings():
        plover = described["plover"]
        if plover:
            assert plover["event_type"] in taxonomy, (type_name, subtype)
            assert plover["mode"] in [None, *taxonomy[plover["event_type"]]], (type_name, subtype)


def test_acled_mappings_use_acled_event_types_and_their_sub_event_types():
    taxonomy = load_event_types()["acled_taxonomy"]
    for type_name, subtype, described in _all_mappings():
        acled = described["acled"]
        if acled:
            assert acled["event_type"] in taxonomy, (type_name, subtype)
            assert acled["sub_event_type"] in taxonomy[acled["event_type"]], (type_name, subtype)


def test_the_brief_s_core_subtypes_are_defined():
    types = load_event_types()["types"]
    assert {"airstrike", "shelling", "bombing", "suicide_bombing", "armed_assault", "massacre"} <= (
        set(types["ATTACK"]["subtypes"])
    )
    assert {"meeting", "negotiation"} <= set(types["TALKS"]["subtypes"])
    assert {"accuse", "condemn", "threaten", "claim", "reject"} <= set(
        types["STATEMENT"]["subtypes"]
    )


def test_a_subtype_mapping_wins_over_its_type_and_unknown_subtypes_fall_back():
    assert mappings("ATTACK", "airstrike")["acled"] == {
        "event_type": "Explosions/Remote violence",
        "sub_event_type": "Air/drone strike",
    }
    assert mappings("ATTACK", "no_such_subtype") == mappings("ATTACK", None)
    assert mappings("TALKS", "meeting") == {
        "plover": {"event_type": "CONSULT", "mode": None},
        "acled": None,
    }


def test_event_types_doc_has_a_row_per_type_and_subtype():
    rows = [line for line in event_types_markdown().splitlines() if line.startswith("| ")]
    assert len(rows) == 1 + len(list(_all_mappings()))
    assert (
        "|  | غارة جوية | `airstrike` | ASSAULT (heavy-weapons) "
        "| Explosions/Remote violence / Air/drone strike |"
    ) in rows


def test_readme_stage_table_matches_the_stage_contracts():
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    table = readme.split("| stage | requires | uses where present | assigns |")[1]
    rows = {}
    for line in table.splitlines()[2:]:
        if not line.startswith("|"):
            break
        name, *layers = (cell.strip() for cell in line.strip("|").split("|"))
        rows[name] = tuple(() if cell == "–" else tuple(cell.split(", ")) for cell in layers)
    contracts = stage_contracts()
    assert rows == {
        name: (contract.requires, contract.uses, contract.assigns)
        for name, contract in contracts.items()
    }
