"""End to end: the course's JupyterHub (deploy/jupyterhub_config.py) serves a class of 10 students.

The hub runs on 127.0.0.1 with its real proxy (configurable-http-proxy from deploy/package-lock.json)
and the deploy config, except for what a test cannot do: a test-only authenticator (any name) and
SimpleLocalProcessSpawner (homes in a temporary folder, no Unix accounts). Through the hub's REST API
it creates 10 users and starts their servers; each one clones the course with nbgitpuller (from a git
repository made here of lesson 01, both languages) and runs lesson 01 through its server's kernel API,
all 10 at once, printing what the stored notebook prints. Each user sees only their own files. Then
everything stops and no process is left. Run with -s to see the time to ready and memory per user.
"""
import asyncio
import json
import os
import runpy
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from statistics import median
from types import SimpleNamespace

import nbformat
import psutil
import pytest
import requests
from tornado.httpclient import HTTPRequest
from tornado.websocket import websocket_connect
from traitlets.config import Config

ROOT = Path(__file__).resolve().parent.parent
DEPLOY = ROOT / "deploy"
PROXY = DEPLOY / "node_modules" / ".bin" / "configurable-http-proxy"
LESSONS = ["notebooks/en/01_gradient_descent_numpy.ipynb", "notebooks/es/01_descenso_gradiente_numpy.ipynb"]
USERS = [f"student{i:02d}" for i in range(1, 11)]
COURSE = "gd-notebooks"  # the folder nbgitpuller clones the course into, in each home
READY_TIMEOUT = 150  # s, for all 10 servers on a loaded 2-core machine
LESSON_TIMEOUT = 150  # s, for all 10 runs of lesson 01 at once
MB = 1024 * 1024
FONT_CACHE = "Matplotlib is building the font cache; this may take a moment.\n"


def free_port():
    """Return a TCP port on 127.0.0.1 that nothing listens on now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def proxy():
    """configurable-http-proxy installed from the lock file (npm ci), or skip without Node.js."""
    if not (shutil.which("node") and shutil.which("npm")):
        pytest.skip("JupyterHub test skipped: Node.js and npm not found (its proxy, "
                    "configurable-http-proxy, is an npm package: install nodejs and npm)")
    node = subprocess.run(["node", "--version"], capture_output=True, text=True, timeout=30).stdout
    if int(node.strip().lstrip("v").split(".")[0]) < 20:
        pytest.skip(f"JupyterHub test skipped: Node.js {node.strip()} is older than the proxy's 20")
    pytest.importorskip("jupyterhub", reason="JupyterHub test skipped: jupyterhub is not installed "
                        '(pip install -e ".[test,hub]", as `make venv` does)')
    lock = DEPLOY / "package-lock.json"
    installed = DEPLOY / "node_modules" / ".package-lock.json"  # npm's record of what it installed
    if not installed.exists() or installed.stat().st_mtime < lock.stat().st_mtime or not PROXY.exists():
        subprocess.run(["npm", "ci", "--prefix", str(DEPLOY), "--no-audit", "--no-fund"],
                       check=True, timeout=300, capture_output=True)
    return PROXY


def load_deploy_config(monkeypatch, tmp_path, **env):
    """Run deploy/jupyterhub_config.py as JupyterHub does, with `env`; return (config, its globals)."""
    monkeypatch.setenv("GD_HUB_STATE", str(tmp_path))
    for name in ("GD_HUB_IP", "GD_HUB_PORT"):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    config = Config()
    names = runpy.run_path(str(DEPLOY / "jupyterhub_config.py"), init_globals={"get_config": lambda: config})
    return config, names


def test_the_hub_listens_on_loopback_unless_told(proxy, monkeypatch, tmp_path):
    """127.0.0.1:8000 by default; GD_HUB_IP and GD_HUB_PORT open it to a classroom network."""
    config, _ = load_deploy_config(monkeypatch, tmp_path)
    assert (config.JupyterHub.ip, config.JupyterHub.port) == ("127.0.0.1", 8000)
    config, _ = load_deploy_config(monkeypatch, tmp_path, GD_HUB_IP="0.0.0.0", GD_HUB_PORT="8010")
    assert (config.JupyterHub.ip, config.JupyterHub.port) == ("0.0.0.0", 8010)


@pytest.mark.parametrize("name", ["root", "daemon"])
def test_a_name_that_is_an_account_of_the_machine_is_refused(proxy, monkeypatch, tmp_path, name):
    """A student who logs in as `root` gets no server (and no account is created or changed)."""
    _, names = load_deploy_config(monkeypatch, tmp_path)
    spawner = SimpleNamespace(user=SimpleNamespace(name=name))
    with pytest.raises(ValueError, match="is an account of this machine"):
        names["ensure_student_account"](spawner)


def make_course_repo(folder):
    """A git repository with lesson 01 in both languages, as the teacher's course repo would hold it."""
    repo = folder / COURSE
    for lesson in LESSONS:
        (repo / lesson).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(ROOT / lesson, repo / lesson)
    git = ["git", "-C", str(repo), "-c", "user.name=Teacher", "-c", "user.email=teacher@example.org"]
    for args in (["init", "--quiet", "--initial-branch=main"], ["add", "."],
                 ["commit", "--quiet", "-m", "Lesson 01"]):
        subprocess.run(git + args, check=True, timeout=30)
    return f"file://{repo}"


def write_test_config(folder, ports, token):
    """The deploy config plus what only a test does: any user name, homes in `folder`, a test token."""
    config = folder / "jupyterhub_config.py"
    allow_root = ' + ["--allow-root"]' if os.getuid() == 0 else ""
    config.write_text(f"""
c = get_config()
load_subconfig({str(DEPLOY / 'jupyterhub_config.py')!r})
c.JupyterHub.ip = "127.0.0.1"
c.JupyterHub.port = {ports[0]}
c.JupyterHub.hub_port = {ports[1]}
c.ConfigurableHTTPProxy.api_url = "http://127.0.0.1:{ports[2]}"
c.JupyterHub.authenticator_class = "dummy"
c.JupyterHub.spawner_class = "simple"
c.Spawner.pre_spawn_hook = None
c.Spawner.args = c.Spawner.args{allow_root}
c.SimpleLocalProcessSpawner.home_dir_template = {str(folder / 'homes')!r} + "/{{username}}"
c.JupyterHub.services = [{{"name": "class-test", "api_token": {token!r}}}]
c.JupyterHub.load_roles = [{{"name": "admin", "services": ["class-test"]}}]
""")
    return config


class Hub:
    """A running hub: its base URL, an admin token, and calls to its REST API and users' servers."""

    def __init__(self, url, token, process):
        self.url, self.token, self.process = url, token, process

    def call(self, method, path, token=None, **kwargs):
        """Send one request to the hub or a user's server, with a token (the admin's by default)."""
        headers = {"Authorization": f"token {token or self.token}"}
        return requests.request(method, self.url + path, headers=headers, timeout=60, **kwargs)

    def user(self, name):
        """The hub's model of one user, with its server's state (pid)."""
        response = self.call("GET", f"/hub/api/users/{name}")
        response.raise_for_status()
        return response.json()


def wait_for(condition, timeout, what):
    """Poll `condition` every 0.25 s until it returns a true value; fail after `timeout` s."""
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        value = condition()
        if value:
            return value
        time.sleep(0.25)
    raise AssertionError(f"timed out after {timeout} s waiting for {what}")


def hub_is_up(url):
    """True once the hub answers through its proxy."""
    try:
        return requests.get(url + "/hub/api/", timeout=5).status_code == 200
    except requests.ConnectionError:
        return False


def alive(pids):
    """The pids of `pids` that still run (a zombie does not count)."""
    running = []
    for pid in pids:
        try:
            if psutil.Process(pid).status() != psutil.STATUS_ZOMBIE:
                running.append(pid)
        except psutil.NoSuchProcess:
            pass
    return running


def processes_using(folder):
    """Processes whose command line or working folder lies in `folder`."""
    found = []
    for process in psutil.process_iter(["pid", "cmdline", "cwd"]):
        text = " ".join(process.info["cmdline"] or []) + " " + (process.info["cwd"] or "")
        if str(folder) in text and process.pid != os.getpid():
            found.append(process.pid)
    return alive(found)


def kill(pids):
    """Kill the processes of `pids` that still run (a safety net after a failed test)."""
    for pid in alive(pids):
        try:
            os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass


@pytest.fixture
def hub(proxy, tmp_path):
    """Start the course's hub on free loopback ports in `tmp_path`; stop it and its children after."""
    ports = [free_port() for _ in range(3)]
    token = secrets.token_hex(32)
    config = write_test_config(tmp_path, ports, token)
    log = open(tmp_path / "hub.log", "w")
    env = dict(os.environ, GD_HUB_STATE=str(tmp_path / "state"))
    process = subprocess.Popen([str(Path(sys.executable).parent / "jupyterhub"), "-f", str(config)],
                               cwd=tmp_path, env=env, stdout=log, stderr=subprocess.STDOUT,
                               start_new_session=True)
    started = Hub(f"http://127.0.0.1:{ports[0]}", token, process)
    started.tmp = tmp_path
    started.pids = {process.pid}
    try:
        wait_for(lambda: process.poll() is not None or hub_is_up(started.url), 60, "the hub")
        assert process.poll() is None, "the hub exited: " + (tmp_path / "hub.log").read_text()[-3000:]
        yield started
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGTERM)
            try:
                process.wait(30)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
        kill(started.pids | set(processes_using(tmp_path)))
        log.close()


def code_cells(path):
    """The lesson's code cells: (source, the stdout its stored outputs print)."""
    notebook = nbformat.read(path, as_version=4)
    return [(cell.source, "".join(out.get("text", "") for out in cell.outputs
                                  if out.output_type == "stream" and out.name == "stdout"))
            for cell in notebook.cells if cell.cell_type == "code"]


async def run_cells(hub, name, token, kernel_id, cells):
    """Execute `cells` one by one in a kernel through its websocket; return each one's stdout, stderr, errors."""
    url = f"{hub.url.replace('http', 'ws', 1)}/user/{name}/api/kernels/{kernel_id}/channels"
    request = HTTPRequest(url, headers={"Authorization": f"token {token}"}, connect_timeout=30,
                          request_timeout=LESSON_TIMEOUT)
    socket_ = await websocket_connect(request)
    session, results = uuid.uuid4().hex, []
    try:
        for source, _ in cells:
            msg_id = uuid.uuid4().hex
            socket_.write_message(json.dumps({
                "header": {"msg_id": msg_id, "msg_type": "execute_request", "session": session,
                           "username": name, "version": "5.3"},
                "parent_header": {}, "metadata": {}, "channel": "shell", "buffers": [],
                "content": {"code": source, "silent": False, "store_history": True,
                            "user_expressions": {}, "allow_stdin": False, "stop_on_error": True}}))
            out = {"stdout": "", "stderr": "", "errors": []}
            while True:
                frame = await socket_.read_message()
                if frame is None:
                    raise AssertionError(f"{name}'s kernel closed its websocket")
                if isinstance(frame, bytes):  # a message with binary buffers (a widget's picture)
                    continue
                message = json.loads(frame)
                if message.get("parent_header", {}).get("msg_id") != msg_id:
                    continue
                kind, content = message["msg_type"], message["content"]
                if kind == "stream":
                    out[content["name"]] += content["text"]
                elif kind == "error":
                    out["errors"].append(f"{content['ename']}: {content['evalue']}")
                elif kind == "status" and content["execution_state"] == "idle":
                    break
            results.append(out)
    finally:
        socket_.close()
    return results


def each(function):
    """Call `function(name)` for every user at once, as a class would; return {name: result}."""
    with ThreadPoolExecutor(len(USERS)) as pool:
        return dict(zip(USERS, pool.map(function, USERS)))


def log_in(hub, name):
    """A requests session logged in to the hub as `name`, as a browser would be (cookies)."""
    browser = requests.Session()
    page = browser.get(hub.url + "/hub/login", timeout=30)
    assert page.status_code == 200, page.text[:500]
    response = browser.post(hub.url + "/hub/login", timeout=30, allow_redirects=False,
                            data={"username": name, "password": "any", "_xsrf": browser.cookies["_xsrf"]})
    assert response.status_code == 302, response.text[:500]
    return browser


def pull_course(hub, name, token, repo):
    """Clone the course into the user's home as an nbgitpuller link does; return the last event."""
    params = {"repo": repo, "branch": "main", "targetpath": COURSE}
    response = hub.call("GET", f"/user/{name}/git-pull/api", token, params=params, stream=True)
    response.raise_for_status()
    events = [json.loads(line[len("data: "):]) for line in response.iter_lines(decode_unicode=True)
              if line.startswith("data: ")]
    return events[-1]


def memory(pid):
    """Memory in MB of a user's server and its kernels: RSS of each, and private memory (USS) of both."""
    server = psutil.Process(pid)
    kernels = server.children(recursive=True)
    kernel_rss = sum(kernel.memory_info().rss for kernel in kernels)
    uss = sum(process.memory_full_info().uss for process in [server] + kernels)
    return {"server": server.memory_info().rss / MB, "kernel": kernel_rss / MB,
            "total": (server.memory_info().rss + kernel_rss) / MB, "private": uss / MB}


def test_a_class_of_ten_on_the_hub(hub):
    """10 users: servers started through the REST API, course cloned, lesson 01 run; then all stopped."""
    started_at = time.monotonic()
    repo = make_course_repo(hub.tmp)

    # Create the users and start their servers (the hub's REST API, admin token of a service)
    response = hub.call("POST", "/hub/api/users", json={"usernames": USERS})
    assert response.status_code == 201, response.text
    # A class starts at once: the 10 requests go together (each may wait for its own spawn)
    spawn_start = time.monotonic()
    for response in each(lambda name: hub.call("POST", f"/hub/api/users/{name}/server")).values():
        assert response.status_code in (201, 202), response.text
    ready_at = {}

    def all_ready():
        """Record when each server is ready; true when all are."""
        for name in set(USERS) - set(ready_at):
            server = hub.user(name)["servers"].get("")
            if server and server["ready"]:
                ready_at[name] = time.monotonic() - spawn_start
        return len(ready_at) == len(USERS)

    wait_for(all_ready, READY_TIMEOUT, "10 servers to be ready")
    servers = {name: hub.user(name)["servers"][""] for name in USERS}
    server_pids = {name: servers[name]["state"]["pid"] for name in USERS}
    hub.pids |= set(server_pids.values()) | {child.pid for child in
                                              psutil.Process(hub.process.pid).children()}
    for name in USERS:
        assert servers[name]["url"] == f"/user/{name}/"

    # A token for each user, as the user would have after logging in
    tokens = {}
    for name in USERS:
        response = hub.call("POST", f"/hub/api/users/{name}/tokens", json={"note": "class test"})
        assert response.status_code == 201, response.text
        tokens[name] = response.json()["token"]

    # The link a teacher hands out, opened by a logged-in student: the hub sends them on to
    # nbgitpuller's page on their own server, which shows the repository it is about to clone
    browser = log_in(hub, USERS[0])
    link = {"repo": repo, "branch": "main", "urlpath": f"lab/tree/{COURSE}/{LESSONS[0]}"}
    response = browser.get(hub.url + "/hub/user-redirect/git-pull", params=link, timeout=30)
    assert response.status_code == 200, response.text[:500]
    assert response.url.startswith(f"{hub.url}/user/{USERS[0]}/git-pull?"), response.url
    assert repo in response.text

    # Each user's server clones the course, as the link's page does; each user writes a file of their own
    phase = time.monotonic()
    for name, last in each(lambda name: pull_course(hub, name, tokens[name], repo)).items():
        assert last["phase"] == "finished", (name, last)
    for name, response in each(lambda name: hub.call(
            "PUT", f"/user/{name}/api/contents/notes.txt", tokens[name],
            json={"type": "file", "format": "text", "content": f"{name}'s notes"})).items():
        assert response.status_code in (200, 201), (name, response.text)
    seconds = {"clone": time.monotonic() - phase}

    # Lesson 01 in every server at once, through the server's REST and kernel API
    lesson = hub.tmp / COURSE / LESSONS[0]
    cells = code_cells(lesson)
    body = {"path": f"{COURSE}/{LESSONS[0]}", "type": "notebook", "kernel": {"name": "python3"}}
    phase = time.monotonic()
    sessions = each(lambda name: hub.call("POST", f"/user/{name}/api/sessions", tokens[name], json=body))
    seconds["kernels"] = time.monotonic() - phase
    for name, response in sessions.items():
        assert response.status_code == 201, (name, response.text)
    kernels = {name: response.json()["kernel"]["id"] for name, response in sessions.items()}

    async def run_all():
        """Run the lesson in every user's kernel concurrently."""
        runs = [run_cells(hub, name, tokens[name], kernels[name], cells) for name in USERS]
        return await asyncio.wait_for(asyncio.gather(*runs), LESSON_TIMEOUT)

    phase = time.monotonic()
    # In a thread of its own: an earlier test in this worker may have left an event loop running here
    with ThreadPoolExecutor(1) as pool:
        results = dict(zip(USERS, pool.submit(asyncio.run, run_all()).result()))
    seconds["lesson"] = time.monotonic() - phase
    for name, outputs in results.items():
        for (source, stored), out in zip(cells, outputs):
            assert not out["errors"], (name, source[:60], out["errors"])
            assert out["stdout"] == stored, (name, source[:60], out["stdout"], stored)
            # the stored lesson writes nothing to stderr; a new home's first import of matplotlib may
            assert out["stderr"].replace(FONT_CACHE, "") == "", (name, source[:60], out["stderr"])
    assert sum(bool(stored) for _, stored in cells) >= 10  # cells that print, all compared above
    # The seed's cell: from w = 0 its summed gradient is -120 (4 times the mean's -30), so with
    # lr = 0.01 the first step lands on w = 1.2, where the mean gradient would give 0.3
    seed = next(outputs for (source, _), outputs in zip(cells, results[USERS[0]])
                if "np.dot(2*x, y_pred - y).mean()" in source)
    assert "epoch 1: w = 1.200, loss = 30.00000000\n" in seed["stdout"], seed

    # Memory of each user's server and kernel after Run All, before anything stops
    usage = {name: memory(server_pids[name]) for name in USERS}
    hub_process = psutil.Process(hub.process.pid)
    hub_and_proxy = [hub_process] + [child for child in hub_process.children()
                                     if child.pid not in server_pids.values()]
    hub_rss = sum(process.memory_info().rss for process in hub_and_proxy) / MB
    kernel_pids = {child.pid for pid in server_pids.values()
                   for child in psutil.Process(pid).children(recursive=True)}
    hub.pids |= kernel_pids
    assert len(kernel_pids) >= len(USERS)

    # Each user sees only their own files
    for index, name in enumerate(USERS):
        other = USERS[(index + 1) % len(USERS)]
        own = hub.call("GET", f"/user/{name}/api/contents", tokens[name])
        assert own.status_code == 200, own.text
        assert {item["name"] for item in own.json()["content"]} == {COURSE, "notes.txt"}
        note = hub.call("GET", f"/user/{name}/api/contents/notes.txt", tokens[name])
        assert note.json()["content"] == f"{name}'s notes"
        attempts = {
            "other's server": hub.call("GET", f"/user/{other}/api/contents", tokens[name]),
            "other's file": hub.call("GET", f"/user/{other}/api/contents/notes.txt", tokens[name]),
            "other's kernels": hub.call("GET", f"/user/{other}/api/kernels", tokens[name]),
            "path out of home": hub.call("GET", f"/user/{name}/api/contents/..%2F{other}%2Fnotes.txt",
                                         tokens[name]),
            "other's user on the hub": hub.call("GET", f"/hub/api/users/{other}", tokens[name]),
        }
        for what, response in attempts.items():
            assert response.status_code in (403, 404), (name, what, response.status_code)
            assert f"{other}'s notes" not in response.text, (name, what)

    # Stop every server through the REST API, then the hub; no process may be left
    phase = time.monotonic()
    for name, response in each(lambda name: hub.call("DELETE", f"/hub/api/users/{name}/server")).items():
        assert response.status_code in (202, 204), (name, response.text)
    wait_for(lambda: all(not hub.user(name)["servers"] for name in USERS), 60, "servers to stop")
    wait_for(lambda: not alive(server_pids.values()) and not alive(kernel_pids), 30,
             "servers' and kernels' processes to end")
    hub.process.send_signal(signal.SIGTERM)
    hub.process.wait(30)
    wait_for(lambda: not alive(hub.pids), 30, "the hub and its proxy to end")
    assert processes_using(hub.tmp) == []
    seconds["stop"] = time.monotonic() - phase

    figures = {key: [usage[name][key] for name in USERS] for key in usage[USERS[0]]}
    spread = {key: f"{median(values):.0f} MB (max {max(values):.0f})" for key, values in figures.items()}
    print(f"\nJupyterHub, {len(USERS)} users on this machine ({os.cpu_count()} cores): "
          f"all servers ready {max(ready_at.values()):.1f} s after the start requests "
          f"(first {min(ready_at.values()):.1f} s, median {median(ready_at.values()):.1f} s); "
          f"then, for all at once: course cloned {seconds['clone']:.1f} s, kernels started "
          f"{seconds['kernels']:.1f} s, lesson 01 run {seconds['lesson']:.1f} s, all stopped "
          f"{seconds['stop']:.1f} s.\n"
          f"Memory per user after Run All of lesson 01, median: server RSS {spread['server']}, "
          f"kernel RSS {spread['kernel']}, together {spread['total']}, "
          f"private (USS) {spread['private']}; the hub and its proxy {hub_rss:.0f} MB. Whole test {time.monotonic() - started_at:.0f} s")
