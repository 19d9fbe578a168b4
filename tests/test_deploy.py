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


# --- Set-up facts (issue #16): the floors, the pins, and the commands the README gives -----

REQUIREMENTS = ("requirements.txt", "requirements-dev.txt")
README_COMMANDS = ("pip install -r requirements.txt && streamlit run streamlit_app.py",
                   "pip install -r requirements-dev.txt && python -m pytest")


def requirement_lines(name: str) -> list[str]:
    lines = []
    for line in (ROOT / name).read_text().splitlines():
        line = line.split("#")[0].strip()
        if line.startswith("-r "):
            lines += requirement_lines(line.split()[1])
        elif line:
            lines.append(line)
    return lines


def pins() -> dict[str, str]:
    from packaging.utils import canonicalize_name

    found = {}
    for line in (ROOT / "constraints.txt").read_text().splitlines():
        if line.strip() and not line.startswith("#"):
            name, _, version = line.partition("==")
            assert version, f"constraints.txt: {line!r} is not pinned with =="
            found[canonicalize_name(name)] = version.strip()
    return found


def test_the_version_floors_are_the_true_ones_everywhere():
    from packaging.requirements import Requirement

    streamlit = next(Requirement(r) for r in requirement_lines("requirements.txt") if r.startswith("streamlit"))
    assert str(streamlit.specifier) == ">=1.67", "requirements.txt: streamlit>=1.67 (bind=, wrap=, alt=)"
    assert "Python 3.11" in (ROOT / "requirements.txt").read_text()
    base = re.search(r"^FROM python:3\.(\d+)", (ROOT / "Dockerfile").read_text(), re.M)
    assert base and int(base.group(1)) >= 11, "Dockerfile: a python:3.11 base or newer"
    first_screen = (ROOT / "README.md").read_text()[:3000]
    assert "Python 3.11" in first_screen and "Streamlit 1.67" in first_screen


def test_constraints_pin_every_requirement_within_its_floor():
    from packaging.requirements import Requirement
    from packaging.utils import canonicalize_name

    pinned = pins()
    for name in REQUIREMENTS:
        for line in requirement_lines(name):
            requirement = Requirement(line)
            key = canonicalize_name(requirement.name)
            assert key in pinned, f"constraints.txt: {requirement.name} ({name}) is not pinned"
            assert requirement.specifier.contains(pinned[key]), (
                f"constraints.txt: {requirement.name}=={pinned[key]} is outside {name}'s {requirement.specifier}")


def test_ci_and_docker_install_the_pinned_versions():
    dockerfile, ci = (ROOT / "Dockerfile").read_text(), (ROOT / ".ci" / "run").read_text()
    assert re.search(r"^COPY [^\n]*constraints\.txt", dockerfile, re.M)
    assert "pip install -r requirements.txt -c constraints.txt" in dockerfile
    steps = [line.strip() for line in ci.splitlines() if line.strip() and not line.lstrip().startswith("#")]
    start = steps.index("pip install -q -r requirements-dev.txt -c constraints.txt")
    # the code checks (pyproject.toml) after the pinned install, before the README's test command
    assert steps[start + 1:start + 5] == ["ruff check .", "mypy", "lint-imports", "python -m pytest"]
    assert "constraints.txt" not in (ROOT / ".dockerignore").read_text().split()


def test_the_readme_opens_with_the_two_commands():
    commands = [line.strip() for line in (ROOT / "README.md").read_text().splitlines()
                if line.strip().startswith("pip install")]
    assert tuple(commands[:2]) == README_COMMANDS


def test_ci_installs_the_axe_core_the_accessibility_tests_expect():
    from tests.test_browser_a11y import AXE_DIR, AXE_VERSION

    ci = (ROOT / ".ci" / "run").read_text()
    assert f"AXE_CORE_VERSION={AXE_VERSION}\n" in ci and '"axe-core@$AXE_CORE_VERSION"' in ci
    assert str(AXE_DIR).replace(str(Path.home()), "$HOME") in ci


def relative_luminance(colour: str) -> float:
    channels = [int(colour.lstrip("#")[i:i + 2], 16) / 255 for i in (0, 2, 4)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a: str, b: str) -> float:
    light, dark = sorted((relative_luminance(a), relative_luminance(b)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def test_captions_in_the_theme_meet_wcag_aa_on_every_background():
    """Streamlit draws captions and help text in textColor at 60 % opacity; at its default
    text colour they were 3.9:1 on white (axe-core's color-contrast, the browser test)."""
    theme = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text())["theme"]
    text = theme["textColor"]
    for background in ("#ffffff", "#f8f8f7", "#f1f0ee"):  # main, sidebar, widgets in the sidebar
        caption = "#" + "".join(
            f"{round(int(text[i:i + 2], 16) * 0.6 + int(background[i:i + 2], 16) * 0.4):02x}" for i in (1, 3, 5))
        assert contrast(caption, background) >= 4.5, f"captions {caption} on {background}"
