"""The `python -m inference_platform.scaling` command: stable output files, clear errors."""
from __future__ import annotations

import pytest
import yaml

from conftest import REPO
from inference_platform.scaling.__main__ import main
from inference_platform.scaling.load import LoadError, read_csv

DESCRIPTION = str(REPO / "platform.yaml")


def test_simulate_with_a_user_csv_writes_exactly_the_trajectory_header(tmp_path, capsys):
    load = tmp_path / "load.csv"
    load.write_text("t_seconds,value\n0,8\n300,40\n1200,8\n")
    out = tmp_path / "out"
    code = main(["simulate", "--description", DESCRIPTION, "--env", "prod", "--service", "llm-chat",
                 "--version", "v2", "--load", str(load), "--out", str(out), "--cold-start-seconds", "300"])
    assert code == 0
    rows = (out / "trajectory.csv").read_text().splitlines()
    assert rows[0] == "t_seconds,load,metric_per_pod,desired_replicas,ready_replicas"
    # every sync period (15 s) from 0 to the last row + 30 min: 0..3000 → 201 rows
    assert [r.split(",")[0] for r in rows[1:4]] == ["0", "15", "30"] and len(rows) == 1 + 3000 // 15 + 1
    assert rows[21].split(",")[:3] == ["300", "40.0", "20.0"]  # 40 on the 2 Ready pods
    assert (out / "llm-chat-v2.png").stat().st_size > 10_000
    printed = capsys.readouterr().out
    assert "cold start 300 s" in printed and "GPU-minutes" in printed
    assert "scale-up limited by policy: 1 pod / 120 s" in printed


def test_bad_csv_is_one_clear_message_and_exit_2(tmp_path, capsys):
    load = tmp_path / "load.csv"
    load.write_text("t_seconds,value\n0,8\n60,lots\n")
    code = main(["simulate", "--description", DESCRIPTION, "--env", "prod", "--service", "llm-chat",
                 "--load", str(load), "--out", str(tmp_path / "out")])
    err = capsys.readouterr().err
    assert code == 2
    assert err.strip() == f"error: {load}: line 3: '60,lots' is not two numbers (t_seconds,value)."
    assert "Traceback" not in err


@pytest.mark.parametrize("text, message", [
    ("time,value\n0,1\n", "line 1: the header must be exactly 't_seconds,value', got 'time,value'"),
    ("t_seconds,value\n0,1\n0,2\n", "line 3: t_seconds '0' is not after the previous row's 0"),
    ("t_seconds,value\n0,-1\n", "line 2: t_seconds and value must be finite and >= 0"),
    ("t_seconds,value\n", "no data rows after the header"),
])
def test_csv_problems_name_the_line(tmp_path, text, message):
    path = tmp_path / "load.csv"
    path.write_text(text)
    with pytest.raises(LoadError, match=message.replace("(", r"\(").replace(")", r"\)")):
        read_csv(path)


def test_csv_is_step_interpolated(tmp_path):
    path = tmp_path / "load.csv"
    path.write_text("t_seconds,value\n60,5\n120,9\n")
    load = read_csv(path)
    # the first value also holds before its time; each value holds until the next row
    assert [load(t) for t in (0, 59, 60, 119, 120, 10_000)] == [5, 5, 5, 5, 9, 9]


def test_unknown_service_lists_the_autoscaled_ones(tmp_path, capsys):
    code = main(["simulate", "--description", DESCRIPTION, "--env", "prod", "--service", "nope",
                 "--profile", "step", "--out", str(tmp_path)])
    err = capsys.readouterr().err
    assert code == 2 and "'nope' has no autoscaled version" in err and "llm-chat" in err


def test_unknown_environment_is_exit_2(tmp_path, capsys):
    code = main(["simulate", "--description", DESCRIPTION, "--env", "staging", "--service", "llm-chat",
                 "--profile", "step", "--out", str(tmp_path)])
    assert code == 2 and "'staging' is not an environment" in capsys.readouterr().err


def test_description_cold_start_estimate_replaces_the_startup_budget(tmp_path, description, capsys):
    # llm-chat's startup probe allows 10 s × 90 = 900 s; the description's estimate says 420 s
    description["services"][0]["cold_start_seconds"] = 420
    path = tmp_path / "platform.yaml"
    path.write_text(yaml.safe_dump(description))
    code = main(["simulate", "--description", str(path), "--env", "prod", "--service", "llm-chat",
                 "--profile", "step", "--out", str(tmp_path / "out")])
    assert code == 0
    printed = capsys.readouterr().out
    assert "cold start 420 s" in printed
    assert "longer than the route timeout" not in printed  # 420 s fits in the 600 s route timeout


def test_out_that_is_a_file_is_exit_2(tmp_path, capsys):
    out = tmp_path / "taken"
    out.write_text("")
    code = main(["simulate", "--description", DESCRIPTION, "--env", "prod", "--service", "reranker",
                 "--profile", "spike", "--out", str(out)])
    err = capsys.readouterr().err
    assert code == 2 and err.startswith("error: --out: cannot write") and "Traceback" not in err
