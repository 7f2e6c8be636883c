"""JupyterHub for a class on one lab server: every student gets a server in the course's environment.

Start it from the project's folder, as root (each student's server runs as the student's own account):

    .venv/bin/jupyterhub -f deploy/jupyterhub_config.py

deploy/README.md says how to install it and how to hand out a link. Settings come from environment
variables, so that this file stays as it is:

    GD_HUB_IP              address the browsers reach. Default 127.0.0.1: this machine only.
                           For a classroom network: 0.0.0.0 (every address of the server).
    GD_HUB_PORT            its port (default 8000)
    GD_HUB_PASSWORD        the class password every student types (at least 8 characters)
    GD_HUB_ADMIN           the teacher's user name (default "teacher")
    GD_HUB_ADMIN_PASSWORD  the teacher's password (at least 32 characters)
    GD_HUB_STATE           folder for the hub's database and cookie secret (default deploy/state)

Students log in with a name of their choice and the class password. On a student's first start the hub
creates a Unix account of that name in the group gd-students, home folder private (mode 700); a name
that belongs to any other account of the machine is refused. The course's notebooks come with an
nbgitpuller link (nbgitpuller is part of the course's environment): the first click clones the
course into the student's home, later clicks bring the teacher's changes without overwriting the
student's own.
"""
import grp
import os
import pwd
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
# The course's environment: the Python that runs the hub (.venv/bin) also runs every student's server.
COURSE_BIN = Path(sys.executable).parent
PROXY = HERE / "node_modules" / ".bin" / "configurable-http-proxy"
STATE = Path(os.environ.get("GD_HUB_STATE", HERE / "state"))
STUDENTS_GROUP = "gd-students"

c = get_config()  # noqa: F821 (JupyterHub defines get_config when it loads this file)

if not PROXY.exists():
    sys.exit(f"configurable-http-proxy is missing: run `npm ci --prefix {HERE}` first")
STATE.mkdir(parents=True, exist_ok=True)

# The hub, its proxy and its state
c.JupyterHub.ip = os.environ.get("GD_HUB_IP", "127.0.0.1")
c.JupyterHub.port = int(os.environ.get("GD_HUB_PORT", "8000"))
c.ConfigurableHTTPProxy.command = [str(PROXY)]
c.JupyterHub.db_url = f"sqlite:///{STATE / 'jupyterhub.sqlite'}"
c.JupyterHub.cookie_secret_file = str(STATE / "jupyterhub_cookie_secret")

# Log in: a name of the student's choice (a valid Unix name) and the class password
c.JupyterHub.authenticator_class = "shared-password"
c.SharedPasswordAuthenticator.user_password = os.environ.get("GD_HUB_PASSWORD", "")
c.SharedPasswordAuthenticator.admin_password = os.environ.get("GD_HUB_ADMIN_PASSWORD", "")
c.Authenticator.admin_users = {os.environ.get("GD_HUB_ADMIN", "teacher")}
c.Authenticator.allow_all = True  # any name: the class password is the gate (JupyterHub 5+ asks)
c.Authenticator.username_pattern = r"^[a-z][a-z0-9_-]{0,31}$"


def ensure_student_account(spawner):
    """Create the student's Unix account on first start; refuse a name another account has."""
    name = spawner.user.name
    try:
        account = pwd.getpwnam(name)
    except KeyError:
        subprocess.run(["groupadd", "--force", STUDENTS_GROUP], check=True)
        subprocess.run(["useradd", "--create-home", "--gid", STUDENTS_GROUP,
                        "--shell", "/bin/bash", name], check=True)
        account = pwd.getpwnam(name)
        os.chmod(account.pw_dir, 0o700)
    try:
        students = grp.getgrnam(STUDENTS_GROUP).gr_gid
    except KeyError:  # no student has logged in yet
        students = None
    if account.pw_gid != students:
        raise ValueError(f"{name!r} is an account of this machine, not a student's: "
                         "log in with another name")


# Each student's server: JupyterLab from the course's environment, in the student's home, as the student
c.JupyterHub.spawner_class = "localprocess"
c.Spawner.pre_spawn_hook = ensure_student_account
c.Spawner.cmd = [str(COURSE_BIN / "jupyterhub-singleuser")]
c.Spawner.default_url = "/lab"
# In a student's terminal, `python`, `pip` and `jupyter` are the course's too
c.Spawner.environment = {"PATH": f"{COURSE_BIN}:/usr/local/bin:/usr/bin:/bin"}
# A class logs in at once: on a busy server 30 servers take longer than the default 60 s and 30 s.
c.Spawner.start_timeout = 180
c.Spawner.http_timeout = 180
# Free the memory a student no longer uses: a kernel idle for 30 min with no tab open is shut down,
# and a server with no kernel and no activity for 2 h stops (the student starts it again by logging in).
c.Spawner.args = [
    "--MappingKernelManager.cull_idle_timeout=1800",
    "--MappingKernelManager.cull_interval=120",
    "--ServerApp.shutdown_no_activity_timeout=7200",
]
