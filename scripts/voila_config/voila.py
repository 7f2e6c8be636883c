"""Voilà's configuration for `make app`: scripts/serve_app.py points Voilà's config_file_paths here.

A closed page asks Voilà to shut its kernel down with a POST that carries the page's `_xsrf` cookie
(voila-dashboards/voila#1458). Voilà 0.5.13's page handler never sets that cookie, so Tornado's XSRF
check refuses the POST (403) and the kernel stays. Tornado sets the cookie when a handler reads its
`xsrf_token`; this hook does that before each page renders, and the XSRF check stays on.
"""
c = get_config()  # noqa: F821 (traitlets defines get_config in a config file)


def set_xsrf_cookie(req_handler, notebook, cwd):
    """Make the page's response set the `_xsrf` cookie; return the notebook unchanged."""
    req_handler.xsrf_token  # Tornado sets the cookie on first access
    return notebook


c.VoilaConfiguration.prelaunch_hook = set_xsrf_cookie
