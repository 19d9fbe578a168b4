"""Deployment settings that keep a public link safe (issue #12): checked where they live."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
NGINX = (ROOT / "deploy" / "nginx.conf").read_text()
SECURITY_HEADERS = ("X-Frame-Options", "Content-Security-Policy", "X-Content-Type-Options", "Referrer-Policy")


def nginx_headers() -> dict[str, list[str]]:
    """Every add_header of deploy/nginx.conf: name -> its values, in order."""
    found: dict[str, list[str]] = {}
    for name, value in re.findall(r'add_header (\S+) ("[^"]*"|\S+) always;', NGINX):
        found.setdefault(name, []).append(value.strip('"'))
    return found


def content_security_policy() -> str:
    return nginx_headers()["Content-Security-Policy"][0]


def test_secrets_stay_out_of_git_and_the_image():
    for ignore in (".gitignore", ".dockerignore"):
        assert ".streamlit/secrets.toml" in (ROOT / ignore).read_text().split(), ignore


def test_streamlit_shows_no_error_details_and_takes_small_uploads():
    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text())
    assert config["client"]["showErrorDetails"] == "none"
    assert config["server"]["maxUploadSize"] == 1


def test_nginx_sends_the_security_headers_from_every_location_and_closes_the_metrics():
    headers = nginx_headers()
    for name in SECURITY_HEADERS:  # the server's copy and @pool's, which nginx does not merge
        assert len(headers[name]) == 2 and headers[name][0] == headers[name][1], name
    assert "frame-ancestors 'none'" in content_security_policy() and headers["X-Frame-Options"][0] == "DENY"
    assert re.search(r"location = /_stcore/metrics \{\s*return 404;", NGINX)
    assert "proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;" in NGINX
