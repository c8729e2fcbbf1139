"""Start-up refuses to run without well-formed document keys unless in development, and the
development key is generated outside version control."""

import os
import stat
import subprocess
import sys
from pathlib import Path

from hjp.cases.encryption import parse_keys

ROOT = Path(__file__).resolve().parents[3]


def start(tmp_path, **variables) -> subprocess.CompletedProcess:
    """Load the production settings module in a fresh interpreter with only these variables."""
    keep = {name: value for name, value in os.environ.items() if name in {"PATH", "HOME"}}
    environment = {
        **keep,
        "DJANGO_SECRET_KEY": "a-secret-key-for-this-test-only",
        "HJP_VAR_DIR": str(tmp_path),
        **variables,
    }
    return subprocess.run(
        [sys.executable, "-c", "import hjp.config.settings"],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_production_refuses_to_start_without_document_keys(tmp_path):
    started = start(tmp_path)
    assert started.returncode != 0
    assert "HJP_DOCUMENT_KEYS must be set when DEBUG is off" in started.stderr
    assert not (tmp_path / "document_keys").exists()


def test_production_refuses_to_start_with_a_malformed_key(tmp_path):
    started = start(tmp_path, HJP_DOCUMENT_KEYS="2026-12:too-short")
    assert started.returncode != 0
    assert "HJP_DOCUMENT_KEYS must be one or more key_id:key pairs" in started.stderr
    # The refusal never echoes the key it was given.
    assert "too-short" not in started.stderr


def test_production_starts_with_a_well_formed_key(tmp_path):
    key = "2026-12:" + "dHR0" * 10 + "dHQ="
    assert start(tmp_path, HJP_DOCUMENT_KEYS=key).returncode == 0


def test_development_generates_its_own_key_readable_only_by_its_owner(tmp_path):
    assert start(tmp_path, DJANGO_DEBUG="1").returncode == 0
    key_file = tmp_path / "document_keys"
    assert list(parse_keys(key_file.read_text())) == ["dev1"]
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    first = key_file.read_text()
    assert start(tmp_path, DJANGO_DEBUG="1").returncode == 0
    assert key_file.read_text() == first


def test_no_document_key_is_kept_in_the_repository():
    tracked = subprocess.run(
        ["git", "ls-files"], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout.split()
    assert not [path for path in tracked if path.endswith("document_keys")]
