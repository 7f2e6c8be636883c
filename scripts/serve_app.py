"""Serve the explorer pages (notebooks/*/00_*.ipynb) with Voilà and print a tokened link to each.

Usage: python scripts/serve_app.py [PORT] [IP]   (Ctrl-C stops the server)
IP defaults to 127.0.0.1 (this computer only); 0.0.0.0 serves the classroom network, still behind the token.
Voilà masks the token in its own log and its tree page is a JavaScript app, so the links are printed here.

Every page gets its own kernel. Voilà's own settings free it:
- a closed page asks Voilà to shut its kernel down with a POST carrying the page's _xsrf cookie. Voilà
  0.5.13 never sets that cookie, so Tornado's XSRF check refuses the POST (403, "'_xsrf' argument missing";
  voila-dashboards/voila#1458). The Voilà config file in VOILA_CONFIG (a prelaunch hook) makes each page's
  response set the cookie, so the shutdown passes the check, which stays on, and the token is kept;
- a kernel that no page is connected to (a crashed browser, a laptop that went to sleep) is shut down after
  CULL_IDLE_S seconds without activity (MappingKernelManager's culling; an open page is never culled).
"""
import secrets
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

NOTEBOOKS = Path(__file__).resolve().parent.parent / "notebooks"
VOILA_CONFIG = Path(__file__).resolve().parent / "voila_config"  # its voila.py sets the _xsrf cookie
STARTUP_TIMEOUT_S = 60
LOCAL = "127.0.0.1"
EVERY_INTERFACE = "0.0.0.0"
CULL_IDLE_S = 300      # a kernel without a page for 5 minutes is shut down ...
CULL_INTERVAL_S = 30   # ... checked every 30 s
NETWORK_WARNING = ("Warning: the pages are open to the network ({ip}), not only to this computer: anyone "
                   "on it who has a link can use them; stop the server (Ctrl-C) after the class.")


def voila_command(root, port, token, ip=LOCAL, cull_idle_s=CULL_IDLE_S, cull_interval_s=CULL_INTERVAL_S):
    """Return the command that serves root with Voilà (and VOILA_CONFIG) on ip:port behind token."""
    return [sys.executable, "-m", "voila", str(root), "--no-browser", f"--Voila.ip={ip}",
            f"--Voila.port={port}", "--Voila.port_retries=0", f"--Voila.token={token}",
            f"--Voila.config_file_paths={VOILA_CONFIG}",
            f"--MappingKernelManager.cull_idle_timeout={cull_idle_s}",
            f"--MappingKernelManager.cull_interval={cull_interval_s}",
            "--MappingKernelManager.cull_connected=False"]


def network_address():
    """Return this computer's address on its network (the route to the outside), or 127.0.0.1 if none."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        try:
            probe.connect(("192.0.2.1", 9))  # a documentation address: a UDP connect sends nothing
            return probe.getsockname()[0]
        except OSError:
            return LOCAL


def page_links(root, port, token, host=LOCAL):
    """Return a direct, tokened link to each explorer page under root, on host."""
    return [f"http://{host}:{port}/voila/render/{page.relative_to(root).as_posix()}?token={token}"
            for page in sorted(root.glob("*/00_*.ipynb"))]


def wait_listening(port, proc, ip=LOCAL):
    """Wait until something listens on ip:port, failing if the server process ends first."""
    deadline = time.monotonic() + STARTUP_TIMEOUT_S
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"Voilà exited with {proc.returncode}")
        try:
            socket.create_connection((ip, port), timeout=1).close()
            return
        except OSError:
            time.sleep(0.2)
    raise TimeoutError(f"Voilà not listening on port {port} after {STARTUP_TIMEOUT_S} s")


def main(port, ip=LOCAL):
    """Start Voilà with a fresh token, print the page links, and serve until Ctrl-C."""
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))  # stop Voilà too when stopped by kill
    token = secrets.token_hex(16)
    proc = subprocess.Popen(voila_command(NOTEBOOKS, port, token, ip))
    try:
        wait_listening(port, proc, LOCAL if ip == EVERY_INTERFACE else ip)
        host = network_address() if ip == EVERY_INTERFACE else ip
        print("\nOpen a page (Ctrl-C stops the server):", *page_links(NOTEBOOKS, port, token, host),
              sep="\n    ", flush=True)
        if ip != LOCAL:
            print(NETWORK_WARNING.format(ip=ip), flush=True)
        proc.wait()
    except KeyboardInterrupt:
        pass
    finally:
        proc.terminate()
        proc.wait()


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 8866, sys.argv[2] if len(sys.argv) > 2 else LOCAL)
