"""Stage contracts: a profile is checked before any model is loaded or any input read."""

from pathlib import Path

import pytest
from conftest import CORPUS, run_cli

from pipeline.stages import (
    Contract,
    ProfileError,
    check_order,
    create_stages,
    load_profiles,
    stage_contracts,
)


def write_profile(folder: Path, stages: list[str]) -> Path:
    path = folder / "profile.toml"
    path.write_text("stages = [" + ", ".join(f'"{name}"' for name in stages) + "]\n")
    return path


@pytest.mark.parametrize("profile", sorted(load_profiles()))
def test_every_packaged_profile_is_in_order(profile: str):
    check_order(profile, load_profiles()[profile]["stages"])


def test_every_stage_declares_what_it_requires_and_assigns():
    contracts = stage_contracts()
    assert set(contracts) >= {"language", "normalise", "segment", "ner", "link", "time", "events"}
    for contract in contracts.values():
        assert isinstance(contract, Contract) and contract.assigns


def test_a_stage_before_its_prerequisite_names_the_stage_and_the_layer():
    with pytest.raises(ProfileError, match=r"stage 'link' requires layer 'entities'.*'ner'"):
        check_order("mixed", ["language", "normalise", "segment", "link", "ner"])


def test_a_required_layer_that_no_stage_assigns_is_refused():
    with pytest.raises(ProfileError, match=r"stage 'segment' requires layer 'normalized'"):
        check_order("bare", ["language", "segment"])


def test_a_used_layer_assigned_later_is_refused():
    with pytest.raises(ProfileError, match=r"stage 'events' uses layer 'times'.*'time'"):
        check_order("late", ["language", "normalise", "segment", "events", "time"])


def test_a_used_layer_that_no_stage_assigns_is_fine():
    check_order("rules-like", ["language", "normalise", "segment", "time", "events"])


def test_an_unknown_stage_is_refused_by_name():
    with pytest.raises(ProfileError, match=r"unknown stage 'tagger'"):
        check_order("typo", ["language", "tagger"])


def test_stages_can_be_left_out_by_name():
    names = [stage.name for stage in create_stages("rules", omit=("events",))]
    assert names == ["language", "normalise", "segment", "time"]


def test_leaving_out_a_prerequisite_is_refused():
    with pytest.raises(ProfileError, match=r"stage 'segment' requires layer 'normalized'"):
        create_stages("rules", omit=("normalise",))


def test_every_stage_has_pipe():
    for stage in create_stages("rules"):
        assert callable(stage.pipe)


@pytest.mark.slow
def test_a_misordered_profile_exits_2_before_reading_input(tmp_path: Path):
    profile = write_profile(tmp_path, ["language", "normalise", "link", "segment", "ner"])
    out = tmp_path / "out"
    result = run_cli("run", str(CORPUS), "-o", str(out), "--profile", str(profile), "-q")
    assert result.returncode == 2
    message = result.stderr.decode()
    assert "stage 'link' requires layer 'entities'" in message
    assert not out.exists()


@pytest.mark.slow
def test_a_profile_file_in_order_runs(tmp_path: Path):
    profile = write_profile(tmp_path, ["language", "normalise", "segment", "time"])
    out = tmp_path / "out"
    result = run_cli(
        "run", str(CORPUS / "000_544f215c1e2ca048.txt"), "-o", str(out), "--profile", str(profile)
    )
    assert result.returncode == 0, result.stderr.decode()
    assert (out / "documents.jsonl").read_text(encoding="utf-8").count("\n") == 1
