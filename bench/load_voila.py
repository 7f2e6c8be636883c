"""Load test of `make app`: simulated students open the explorer page at once and press a key on its slider.

Run with `make load` (30 students), or `python bench/load_voila.py --students 5`. Everything stays on
127.0.0.1: the script starts its own Voilà (scripts/serve_app.py's command, fresh token) and stops it.

Each student does what a browser does, from Python:
1. GET the page with the token: Voilà starts the student's own kernel, runs the page's notebook in it and
   sends back the HTML;
2. open the kernel's websocket as the page does and ask for every widget's state, as ipywidgets' front end
   does: the explorer's picture arrives with it. "First picture" is the time from the GET to here;
3. press → on the learning-rate slider: send the slider's new value and wait for the new picture.
Then the students stay connected and redraw back to back, 1, 2, 4, ... at once, for the redraw time under
shared CPU. Prints the times, how many students got a picture, and the memory of the server and its kernels
(RSS, and private memory: what the kernels do not share).
"""
import argparse
import asyncio
import contextlib
import importlib.util
import json
import os
import re
import secrets
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

import psutil
from jupyter_server.services.kernels.connection.base import deserialize_msg_from_ws_v1, serialize_msg_to_ws_v1
from tornado.httpclient import AsyncHTTPClient, HTTPRequest
from tornado.websocket import websocket_connect

REPO = Path(__file__).resolve().parent.parent
PAGE = "en/00_explorer.ipynb"
LOCAL = "127.0.0.1"
PAGE_TIMEOUT_S = 300   # a student who has no picture after this has none
PRESS_TIMEOUT_S = 60
KEY_STEP = 0.01        # one arrow-key step of the slider, in powers of ten
WIDGET = "jupyter.widget"
WS_PROTOCOL = "v1.kernel.websocket.jupyter.org"  # the kernel websocket protocol the page itself speaks


def load_serve_app():
    """Import scripts/serve_app.py, whose command `make app` runs."""
    spec = importlib.util.spec_from_file_location("serve_app", REPO / "scripts" / "serve_app.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def free_port():
    """Return a TCP port on 127.0.0.1 that is free right now."""
    with socket.socket() as sock:
        sock.bind((LOCAL, 0))
        return sock.getsockname()[1]


class Server:
    """A Voilà started as `make app` starts it, on 127.0.0.1 with a fresh token, serving `notebooks`."""

    def __init__(self, notebooks, pythonpath=None, **options):
        self.port, self.token = free_port(), secrets.token_hex(16)
        self.tmp = tempfile.TemporaryDirectory(prefix="gd_load_")
        env = {**os.environ, "JUPYTER_RUNTIME_DIR": self.tmp.name, "JUPYTER_CONFIG_DIR": self.tmp.name}
        if pythonpath:  # measure another checkout's helpers (the kernels import gd_helpers from there)
            env["PYTHONPATH"] = str(pythonpath)
        serve_app = load_serve_app()
        self.log = open(Path(self.tmp.name) / "voila.log", "w")
        self.proc = subprocess.Popen(serve_app.voila_command(notebooks, self.port, self.token, **options),
                                     cwd=self.tmp.name, env=env, stdout=self.log, stderr=subprocess.STDOUT,
                                     start_new_session=True)  # its own process group: stop() ends it all
        try:
            serve_app.wait_listening(self.port, self.proc)
        except (RuntimeError, TimeoutError):
            self.stop()
            raise
        self.url = f"http://{LOCAL}:{self.port}"

    def kernels(self):
        """Return the server's kernel processes."""
        return [child for child in psutil.Process(self.proc.pid).children(recursive=True)
                if "ipykernel" in " ".join(child.cmdline())]

    def memory(self):
        """Return (server RSS, kernels' RSS, kernels' private memory), in bytes."""
        kernels = self.kernels()
        return (psutil.Process(self.proc.pid).memory_info().rss,
                sum(kernel.memory_info().rss for kernel in kernels),
                sum(kernel.memory_full_info().uss for kernel in kernels))

    def stop(self):
        """Stop Voilà (it shuts its kernels down), kill whatever of its process group lingers, remove its files."""
        self.proc.terminate()
        try:
            self.proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.proc.pid, signal.SIGKILL)
        self.log.close()
        self.tmp.cleanup()


def message(msg_type, content, session):
    """Return a shell-channel message of the Jupyter protocol."""
    header = {"msg_id": uuid.uuid4().hex, "msg_type": msg_type, "session": session, "username": "student",
              "version": "5.3", "date": ""}
    return {"header": header, "parent_header": {}, "metadata": {}, "content": content, "channel": "shell",
            "buffers": []}


class Student:
    """One simulated student: a page load, its kernel's websocket, and slider presses."""

    def __init__(self, server):
        self.server, self.session = server, uuid.uuid4().hex
        self.ws = self.slider = self.plot = None
        self.first_picture_s = self.html_s = self.press_s = None
        self.error = None

    async def open_page(self, start):
        """Load the page, connect to its kernel and wait for the explorer's picture; times from `start`."""
        http = AsyncHTTPClient()
        response = await http.fetch(HTTPRequest(f"{self.server.url}/voila/render/{PAGE}?token={self.server.token}",
                                                request_timeout=PAGE_TIMEOUT_S))
        self.html_s = time.monotonic() - start
        kernel_id = re.search(r'"kernelId": ?"([0-9a-f-]+)"', response.body.decode()).group(1)
        self.ws = await websocket_connect(f"ws://{LOCAL}:{self.server.port}/api/kernels/{kernel_id}/channels"
                                          f"?session_id={self.session}&token={self.server.token}",
                                          subprotocols=[WS_PROTOCOL])
        await self.send(message("comm_info_request", {"target_name": WIDGET}, self.session))
        reply = await self.receive(lambda msg: msg["msg_type"] == "comm_info_reply")
        states, pictures = {}, set()
        for comm_id in reply["content"]["comms"]:  # as ipywidgets' front end does: each widget's state
            await self.send(message("comm_msg", {"comm_id": comm_id, "data": {"method": "request_state"}},
                                    self.session))
        while len(states) < len(reply["content"]["comms"]):
            update = await self.receive(lambda msg: msg["msg_type"] == "comm_msg"
                                        and msg["content"]["data"].get("method") == "update")
            states[update["content"]["comm_id"]] = update["content"]["data"]["state"]
            if update["buffers"]:
                pictures.add(update["content"]["comm_id"])
        self.slider = self.find(states, "gd-lr")
        self.plot = self.find(states, "gd-plot")
        assert self.plot in pictures, "no picture in the explorer's state"
        self.first_picture_s = time.monotonic() - start
        self.value = states[self.slider]["value"]

    @staticmethod
    def find(states, css_class):
        """Return the model id of the widget with `css_class`."""
        return next(model for model, state in states.items() if css_class in state.get("_dom_classes", ()))

    async def press(self):
        """Move the slider one key step up (or back down) and wait for the new picture; return the seconds."""
        self.value *= 10 ** (KEY_STEP if self.value < 0.5 else -KEY_STEP)
        update = message("comm_msg", {"comm_id": self.slider, "data": {
            "method": "update", "state": {"value": self.value}, "buffer_paths": []}}, self.session)
        start = time.monotonic()
        await self.send(update)
        msg_id = update["header"]["msg_id"]
        await self.receive(lambda msg: msg["msg_type"] == "comm_msg" and msg["parent_header"].get("msg_id") == msg_id
                           and msg["content"]["comm_id"] == self.plot and msg["buffers"])
        return time.monotonic() - start

    async def send(self, msg):
        """Send a message on the kernel's websocket, in the page's protocol."""
        parts = [json.dumps(msg[key]).encode() for key in ("header", "parent_header", "metadata", "content")]
        await self.ws.write_message(serialize_msg_to_ws_v1(parts, msg["channel"]), binary=True)

    async def receive(self, wanted):
        """Read messages until one satisfies `wanted`; return it."""
        while True:
            frame = await self.ws.read_message()
            if frame is None:
                raise ConnectionError("the kernel's websocket closed")
            _, parts = deserialize_msg_from_ws_v1(frame)
            header, parent, _, content = (json.loads(part) for part in parts[:4])
            msg = {"msg_type": header["msg_type"], "parent_header": parent, "content": content,
                   "buffers": parts[4:]}
            if wanted(msg):
                return msg

    async def visit(self, start):
        """Open the page and press the key once, recording the times or the error."""
        try:
            await asyncio.wait_for(self.open_page(start), PAGE_TIMEOUT_S)
            self.press_s = await asyncio.wait_for(self.press(), PRESS_TIMEOUT_S)
        except Exception as error:  # a student without a picture is a result, reported below
            self.error = f"{type(error).__name__}: {error}"


async def redraws_at_once(students, seconds):
    """Let every student in `students` redraw back to back for `seconds`; return all round trips."""
    times, deadline = [], time.monotonic() + seconds

    async def keep_pressing(student):
        while time.monotonic() < deadline:
            times.append(await asyncio.wait_for(student.press(), PRESS_TIMEOUT_S))

    await asyncio.gather(*(keep_pressing(student) for student in students))
    return times


def summary(label, seconds):
    """Return a line with the median and slowest of `seconds`."""
    if not seconds:
        return f"{label}: none"
    return f"{label}: median {statistics.median(seconds):.2f} s, slowest {max(seconds):.2f} s"


def mb(n):
    """Return bytes as megabytes, rounded."""
    return f"{n / 1e6:,.0f} MB"


async def class_arrives(server, count):
    """Let `count` students open the page at the same moment and press once; return them."""
    AsyncHTTPClient.configure(None, max_clients=count)
    students = [Student(server) for _ in range(count)]
    start = time.monotonic()
    await asyncio.gather(*(student.visit(start) for student in students))
    return students


async def main(count, concurrency, seconds, notebooks, pythonpath):
    """Run the load test and print its figures."""
    load = os.getloadavg()
    print(f"{count} students, {os.cpu_count()} cores, load average before {load[0]:.1f}; "
          f"Voilà serving {notebooks}", flush=True)
    server = Server(notebooks, pythonpath)
    try:
        students = await class_arrives(server, count)
        served = [s for s in students if s.first_picture_s is not None]
        print(f"got a picture: {len(served)} of {count}; pressed → and got the new one: "
              f"{sum(s.press_s is not None for s in students)}")
        for error in sorted({s.error for s in students if s.error}):
            print("  error:", error)
        print(summary("page HTML (kernel started, notebook run)", [s.html_s for s in served]))
        print(summary("first picture (HTML + websocket + widget state)", [s.first_picture_s for s in served]))
        print(summary("→ key to new picture, all at once", [s.press_s for s in students if s.press_s]))
        server_rss, kernels_rss, kernels_uss = server.memory()
        print(f"memory: server {mb(server_rss)}, {len(server.kernels())} kernels {mb(kernels_rss)} RSS "
              f"({mb(kernels_rss / max(1, len(server.kernels())))} each), {mb(kernels_uss)} private; "
              f"total {mb(server_rss + kernels_rss)} RSS")
        pressing = [s for s in served if s.press_s is not None]
        for n in concurrency:
            if n > len(pressing):
                break
            times = await redraws_at_once(pressing[:n], seconds)
            print(summary(f"redraw round trip, {n:2d} students redrawing at once ({len(times)} redraws)",
                          times), flush=True)
    finally:
        server.stop()
    print(f"load average after {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--students", type=int, default=30)
    parser.add_argument("--concurrency", type=int, nargs="*", default=[1, 2, 4, 8, 16])
    parser.add_argument("--seconds", type=float, default=10, help="how long each concurrency level redraws")
    parser.add_argument("--notebooks", type=Path, default=REPO / "notebooks",
                        help="the folder to serve (another checkout's, to compare)")
    parser.add_argument("--pythonpath", type=Path, help="where the kernels import gd_helpers from")
    args = parser.parse_args()
    if not 1 <= args.students <= 60:
        parser.error("--students must be between 1 and 60 (a class)")
    asyncio.run(main(args.students, args.concurrency, args.seconds, args.notebooks, args.pythonpath))
