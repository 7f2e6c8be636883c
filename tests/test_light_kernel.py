"""Light kernels (issue 18): NumPy-only work never imports PyTorch; the first PyTorch run does.

Each check runs in a fresh Python process, since this test process may have imported torch already.
"""
import subprocess
import sys

import pytest

NUMPY_ONLY = """
import sys
import matplotlib
matplotlib.use("Agg")
import gd_helpers
from gd_helpers import Explorer, check, gradient_descent, seed_data
explorer = Explorer(lang="en", lr=0.12, hide=("batch_size", "seed", "momentum", "engine", "gradient"))
explorer.learning_rate.value = 0.05
explorer.gradient.value = "sum"
explorer.iterations.value = 40
bowl = Explorer(lang="es", bias=True, lr=0.05)
bowl.momentum.value = 0.5
history = gradient_descent(*seed_data(), 0.01, 20, batch_size=2, momentum=0.3)
check("01_mean_gradient", lambda x, y, y_pred: (2 * x * (y_pred - y)).mean(), "en")
check("01_mean_gradient", lambda x, y, y_pred: x.grad, "en")  # fails on arrays: no retry on tensors
assert explorer.plot.value[:4] == b"\\x89PNG" and bowl.plot.value[:4] == b"\\x89PNG"
print(sorted(name for name in sys.modules if name == "torch" or name.startswith("torch.")))
"""


def run(code):
    """Run code in a fresh interpreter; return its stdout, failing with its stderr if it fails."""
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-3000:]
    return done.stdout


def test_numpy_explorers_and_runs_leave_torch_out():
    """Importing the package, redrawing both NumPy explorers, a NumPy run and a check import no torch module."""
    assert run(NUMPY_ONLY).strip().splitlines()[-1] == "[]"


@pytest.mark.parametrize("first_use", [
    "gradient_descent(*seed_data(), 0.01, 5, engine='torch')",
    "Explorer(lang='en', engine='torch')",
    "gd_helpers.sgd_distances(0.1, 0.5, 1.0, 3)",
])
def test_first_pytorch_use_imports_torch(first_use):
    """torch is absent after `import gd_helpers` and present after the first call that needs it."""
    code = ("import sys\nimport matplotlib\nmatplotlib.use('Agg')\nimport gd_helpers\n"
            "from gd_helpers import Explorer, gradient_descent, seed_data\n"
            "print('torch' in sys.modules)\n"
            f"{first_use}\n"
            "print('torch' in sys.modules)\n")
    assert run(code).split() == ["False", "True"]


def test_engines_agree_after_lazy_import():
    """The lazily imported autograd engine gives the NumPy engine's weights (the seed data, 20 steps)."""
    code = ("import numpy as np\nfrom gd_helpers import gradient_descent, seed_data\n"
            "a = gradient_descent(*seed_data(), 0.01, 20)\n"
            "b = gradient_descent(*seed_data(), 0.01, 20, engine='torch')\n"
            "print(np.array_equal(a.w, b.w), a.w[-1])\n")
    same, last = run(code).split()
    assert same == "True" and abs(float(last) - 2 * (1 - 0.85 ** 20)) < 1e-5
