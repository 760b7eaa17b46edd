"""A plain (non-editable) install must carry the templates and the stylesheet."""

import subprocess
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_wheel_contains_templates_and_stylesheet(tmp_path):
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(tmp_path), str(ROOT)],
        check=True,
        capture_output=True,
    )
    [wheel] = tmp_path.glob("ppei_tui-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    for template in (ROOT / "observation_templates").glob("*.yaml"):
        assert f"ppei_tui/observation_templates/{template.name}" in names
    assert "ppei_tui/ui/ppei.tcss" in names
    assert "ppei_tui/ui/observe.tcss" in names  # the first screen's rules, read at start
    assert any(name.endswith("entry_points.txt") for name in names)


def test_module_entry_point_runs(tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "ppei_tui", "templates"], capture_output=True, text=True, cwd=tmp_path
    )
    assert result.returncode == 0 and "hatfield-ppei" in result.stdout
