"""Memory of a kernel after Run All of each lesson, of one Voilà page's kernel, and the page's first picture.

Run with `make bench`, or `python bench/kernel_memory.py --root OTHER_CHECKOUT` to measure another checkout
(its notebooks, and its gd_helpers imported by the kernels). Prints, per lesson: the kernel's RSS and its
private memory (USS: what a second kernel does not share with it) after every cell ran, and whether torch
was imported; for the explorer page: the time from kernel start to the explorer's picture, in a plain kernel
and served by Voilà (page, websocket and widget state, as bench/load_voila.py's students get it).
"""
import argparse
import asyncio
import os
import sys
import time
from pathlib import Path

import nbformat
import psutil
from nbclient import NotebookClient

sys.path.insert(0, str(Path(__file__).resolve().parent))
import load_voila  # noqa: E402

REPO = Path(__file__).resolve().parent.parent
LESSONS = ("en/00_explorer.ipynb", "en/01_gradient_descent_numpy.ipynb", "en/02_gradient_descent_autograd.ipynb",
           "en/03_batch_stochastic_minibatch.ipynb", "en/04_bowl_and_momentum.ipynb")
TORCH_LOADED = "import sys; print('torch' in sys.modules)"


def run_all(path, root):
    """Run every cell of the notebook at path in a new kernel; return (RSS, USS, torch loaded, first picture s)."""
    nb = nbformat.read(path, as_version=4)
    nb.cells.append(nbformat.v4.new_code_cell(TORCH_LOADED))
    client = NotebookClient(nb, timeout=600, kernel_name="python3", resources={"metadata": {"path": str(path.parent)}})
    env = {**os.environ, "PYTHONPATH": str(root)}
    start, first_picture = time.monotonic(), None
    with client.setup_kernel(env=env):
        for index, cell in enumerate(nb.cells):
            client.execute_cell(cell, index)
            has_picture = any("image/png" in output.get("data", {}) for output in cell.get("outputs", []))
            if first_picture is None and has_picture:
                first_picture = time.monotonic() - start
        kernel = psutil.Process(client.km.provisioner.process.pid)
        memory = kernel.memory_full_info()
        torch_loaded = nb.cells[-1].outputs[0]["text"].strip() == "True"
    return memory.rss, memory.uss, torch_loaded, first_picture


async def voila_page(root):
    """Serve root's notebooks with Voilà, let one student open the page and press; return the figures."""
    server = load_voila.Server(root / "notebooks", root)
    try:
        (student,) = await load_voila.class_arrives(server, 1)
        (kernel,) = server.kernels()
        memory = kernel.memory_full_info()
        return student, memory.rss, memory.uss
    finally:
        server.stop()


def main(root, lessons):
    """Print the kernel memory of each lesson and the explorer page's figures."""
    print(f"kernels of {root}, {os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f}")
    print(f"{'lesson':40} {'RSS':>8} {'private':>8}  torch  first picture")
    for lesson in lessons:
        rss, uss, torch_loaded, first = run_all(root / "notebooks" / lesson, root)
        picture = "" if first is None else f"{first:.1f} s after kernel start"
        print(f"{lesson:40} {rss / 1e6:6.0f} MB {uss / 1e6:6.0f} MB  {'yes' if torch_loaded else 'no ':5}  {picture}",
              flush=True)
    student, rss, uss = asyncio.run(voila_page(root))
    if student.error:
        print("Voilà page: no picture:", student.error)
        return
    print(f"{'Voilà page ' + load_voila.PAGE:40} {rss / 1e6:6.0f} MB {uss / 1e6:6.0f} MB"
          f"         first picture {student.first_picture_s:.1f} s after the request "
          f"(HTML {student.html_s:.1f} s), → key to new picture {student.press_s * 1000:.0f} ms")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--root", type=Path, default=REPO, help="the checkout to measure")
    parser.add_argument("--lessons", nargs="*", default=LESSONS, help="notebooks under notebooks/")
    args = parser.parse_args()
    main(args.root.resolve(), args.lessons)
