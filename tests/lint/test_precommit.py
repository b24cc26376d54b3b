"""The pre-commit hook on a sample site, offline: pre-commit itself runs the hook that
`.pre-commit-hooks.yaml` declares (same id, entry, file types), as a `repo: local` hook with
`language: system` so nothing is downloaded; a bad page fails the commit check, a clean site
passes. The manifest is also validated with pre-commit's own schema."""

import os
import shutil
import subprocess
import sys

import pytest
import yaml

from tests.lint.conftest import ROOT, SITE

pre_commit = pytest.importorskip("pre_commit", reason="pre-commit is in the test extra")
HOOKS = ROOT / ".pre-commit-hooks.yaml"


def test_manifest_is_valid_for_pre_commit():
    from pre_commit.clientlib import load_manifest

    (hook,) = load_manifest(str(HOOKS))
    assert hook["id"] == "regenwatch-lint" and hook["entry"] == "regenwatch lint"
    assert hook["language"] == "python"
    assert sorted(hook["types_or"]) == ["html", "json", "markdown", "yaml"]


def _repo(tmp_path, pages: dict[str, str]):
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    repo = tmp_path / "repo"
    repo.mkdir()
    (hook,) = yaml.safe_load(HOOKS.read_text())
    local = {**hook, "language": "system",
             "entry": hook["entry"].replace("regenwatch", f"{sys.executable} -m regenwatch", 1)}
    (repo / ".pre-commit-config.yaml").write_text(
        yaml.safe_dump({"repos": [{"repo": "local", "hooks": [local]}]}))
    for name, body in pages.items():
        (repo / name).parent.mkdir(parents=True, exist_ok=True)
        (repo / name).write_text(body, encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src"),
           "PRE_COMMIT_HOME": str(tmp_path / "cache"), "GIT_CONFIG_NOSYSTEM": "1",
           "HOME": str(tmp_path)}
    subprocess.run(["git", "init", "-q"], cwd=repo, check=True, env=env)
    subprocess.run(["git", "add", "-A"], cwd=repo, check=True, env=env)
    return repo, env


def _run(repo, env):
    return subprocess.run([sys.executable, "-m", "pre_commit", "run", "--all-files",
                           "--color", "never"], cwd=repo, env=env, capture_output=True,
                          text=True, timeout=300)


def test_hook_fails_on_a_bad_page(tmp_path):
    pages = {"index.html": (SITE / "index.html").read_text(encoding="utf-8"),
             "about.md": "# About\n\nExosomes are studied in trials; none is FDA approved.\n",
             "notes.py": "print('exosomes cure everything')\n"}  # not a copy file type
    repo, env = _repo(tmp_path, pages)
    r = _run(repo, env)
    assert r.returncode == 1, r.stdout + r.stderr
    assert "regenwatch lint" in r.stdout and "Failed" in r.stdout
    assert "index.html:12:6: RW401 disease-claim" in r.stdout
    assert "notes.py" not in r.stdout


def test_hook_passes_on_a_clean_site(tmp_path):
    pages = {"index.html": (SITE / "clean.html").read_text(encoding="utf-8"),
             "content/post.md": "---\ntitle: Research news\n---\n"
                                "Exosomes are studied in clinical trials.\n",
             "data/site.json": '{"title": "Research news", "url": "/news/"}\n',
             "data/nav.yaml": "- Home\n- News\n"}
    repo, env = _repo(tmp_path, pages)
    r = _run(repo, env)
    assert r.returncode == 0, r.stdout + r.stderr
    assert "Passed" in r.stdout


def test_hook_passes_when_only_excluded_files_match(tmp_path):
    """Only .pre-commit-config.yaml itself is YAML here: excluded by default, and a run with
    nothing left to lint must not fail the commit."""
    repo, env = _repo(tmp_path, {"README.txt": "notes\n"})
    r = _run(repo, env)
    assert r.returncode == 0, r.stdout + r.stderr
