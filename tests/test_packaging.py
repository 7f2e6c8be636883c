"""environment.yml (conda, Binder) and pyproject.toml (pip) must pin the same versions."""
import re
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CONDA_NAMES = {"pytorch": "torch"}


def pyproject_pins():
    """Return {package: version} from pyproject.toml's dependencies and test extra."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    specs = project["dependencies"] + project["optional-dependencies"]["test"]
    return dict(spec.split("==") for spec in specs)


def environment_pins():
    """Return {package: version} from environment.yml (conda `name=version` and pip `name==version`)."""
    pins = {}
    for line in (ROOT / "environment.yml").read_text().splitlines():
        match = re.match(r"\s*- ([\w.-]+)(==|=)([\w.]+)", line)
        if match and match[1] != "python":
            pins[CONDA_NAMES.get(match[1], match[1])] = match[3]
    return pins


def test_every_pin_is_exact_and_the_same_in_both_files():
    assert pyproject_pins() == environment_pins()


def test_torch_is_the_cpu_build_and_python_is_pinned():
    text = (ROOT / "environment.yml").read_text()
    assert "pytorch=2.13.0=cpu*" in text
    assert "- python=3.11\n" in text
