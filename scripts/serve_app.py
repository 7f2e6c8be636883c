"""Serve the explorer pages (notebooks/*/00_*.ipynb) with Voilà on 127.0.0.1 and print a tokened link to each.

Usage: python scripts/serve_app.py [PORT]   (Ctrl-C stops the server)
Voilà masks the token in its own log and its tree page is a JavaScript app, so the links are printed here.
"""
import secrets
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

NOTEBOOKS = Path(__file__).resolve().parent.parent / "notebooks"
STARTUP_TIMEOUT_S = 60


def voila_command(root, port, token):
    """Return the command that serves root with Voilà on 127.0.0.1:port behind token."""
    return [sys.executable, "-m", "voila", str(root), "--no-browser", "--Voila.ip=127.0.0.1",
            f"--Voila.port={port}", "--Voila.port_retries=0", f"--Voila.token={token}"]


def page_links(root, port, token):
    """Return a direct, tokened link to each explorer page under root."""
    return [f"http://127.0.0.1:{port}/voila/render/{page.relative_to(root).as_posix()}?token={token}"
            for page in sorted(root.glob("*/00_*.ipynb"))]


def wait_listening(port, proc):
    """Wait until something listens on 127.0.0.1:port, failing if the server process ends first."""
    deadline = time.monotonic() + STARTUP_TIMEOUT_S
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"Voilà exited with {proc.returncode}")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            time.sleep(0.2)
    raise TimeoutError(f"Voilà not listening on port {port} after {STARTUP_TIMEOUT_S} s")


def main(port):
    """Start Voilà with a fresh token, print the page links, and serve until Ctrl-C."""
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))  # stop Voilà too when stopped by kill
    token = secrets.token_hex(16)
    proc = subprocess.Popen(voila_command(NOTEBOOKS, port, token))
    try:
        wait_listening(port, proc)
        print("\nOpen a page (Ctrl-C stops the server):", *page_links(NOTEBOOKS, port, token),
              sep="\n    ", flush=True)
        proc.wait()
    except KeyboardInterrupt:
        pass
    finally:
        proc.terminate()
        proc.wait()


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 8866)
