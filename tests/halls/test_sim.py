"""The hall simulation runs end to end on a small case and writes its figures."""

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_small_simulation(tmp_path):
    out = tmp_path / "halls_sim.json"
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "ONESTOP_TESTING")}
    env["ONESTOP_VAR_DIR"] = str(tmp_path / "var")
    done = subprocess.run(
        [sys.executable, "-m", "bench.halls_sim", "--small", "--out", str(out)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    result = json.loads(out.read_text())
    for system in ("baseline", "onestop"):
        assert result[system]["mean_wait_min"] >= 0
        assert result[system]["p95_wait_min"] >= result[system]["median_wait_min"] >= 0
        assert set(result[system]["utilisation"]) == {"chaoyang", "dongcheng", "tongzhou"}
    assert result["erlang_c_bound_mean_wait_min"] > 0
    visitors = result["scenario"]["visitors"]
    # everyone is served in both systems (booked visitors who did not come, or came after
    # closing, are not)
    assert result["baseline"]["served"] == visitors
    one = result["onestop"]
    assert one["served"] + one["no_shows"] + one["late_after_closing"] == visitors
    assert result["onestop"]["unserved"] == 0
    assert result["onestop"]["booked"] > 0 and result["onestop"]["walk_ins"] > 0
