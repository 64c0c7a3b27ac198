"""Shared helpers: copies of content to break, and real MkDocs builds in temporary folders."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CONTENT = ROOT / "content"
SAMPLE = Path(__file__).resolve().parent / "fixtures" / "sample"


def site_config(tmp_path: Path, content_dir: Path) -> Path:
    """The project's mkdocs.yml, pointed at another content folder (absolute paths)."""
    text = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    replacements = {
        r"^docs_dir: .*$": f"docs_dir: {ROOT / 'docs'}",
        r"^(\s*)custom_dir: .*$": rf"\1custom_dir: {ROOT / 'overrides'}",
        r"^(\s*)content_dir: .*$": rf"\1content_dir: {content_dir}",
    }
    for pattern, replacement in replacements.items():
        text, count = re.subn(pattern, replacement, text, flags=re.MULTILINE)
        assert count == 1, pattern
    config = tmp_path / "mkdocs.yml"
    config.write_text(text, encoding="utf-8")
    return config


def mkdocs_build(config: Path, site_dir: Path, *, strict: bool = True) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "mkdocs", "build", "-f", str(config), "-d", str(site_dir)]
    if strict:
        command.append("--strict")
    return subprocess.run(
        command, capture_output=True, text=True, cwd=config.parent,
        env={**__import__("os").environ, "NO_MKDOCS_2_WARNING": "1"}, timeout=600,
    )


def build_site(tmp_path: Path, content_dir: Path) -> Path:
    site = tmp_path / "site"
    result = mkdocs_build(site_config(tmp_path, content_dir), site)
    assert result.returncode == 0, result.stdout + result.stderr
    return site


@pytest.fixture
def content_copy(tmp_path: Path) -> Path:
    """A copy of the real content that a test may break."""
    target = tmp_path / "content"
    shutil.copytree(CONTENT, target)
    return target


@pytest.fixture
def sample_copy(tmp_path: Path) -> Path:
    target = tmp_path / "content"
    shutil.copytree(SAMPLE, target)
    return target


@pytest.fixture(scope="session")
def real_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real site, built once per test run with `mkdocs build --strict`."""
    site = tmp_path_factory.mktemp("real") / "site"
    result = mkdocs_build(ROOT / "mkdocs.yml", site)
    assert result.returncode == 0, result.stdout + result.stderr
    return site
