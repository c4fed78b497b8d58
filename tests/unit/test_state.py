"""No hidden state: caches see the files they depend on change, importing changes nothing global,
figures keep their metadata without attributes patched onto them, and the project root is found
without assuming where the package is installed."""

from __future__ import annotations

import gc
import weakref
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
from matplotlib.figure import Figure

import reportlib
from conftest import DATA
from reportlib.curation import paths
from reportlib.curation.paths import PROJECT_ROOT, find_root

CLEAN_ENV = {k: v for k, v in os.environ.items() if not k.startswith("REPORTLIB_")}


def _python(code: str, cwd: Path, env: dict | None = None) -> str:
    run = subprocess.run([sys.executable, "-c", code], cwd=cwd, env=env or CLEAN_ENV, capture_output=True, text=True,
                         timeout=120)
    assert run.returncode == 0, run.stderr[-2000:]
    return run.stdout.strip()


# --- the project root ---------------------------------------------------------------------------------

def _tree(folder: Path) -> Path:
    (folder / "data").mkdir(parents=True)
    (folder / "data" / "reports.csv").write_text("id\n", encoding="utf-8")
    return folder


def test_the_root_is_the_working_tree_that_holds_the_data(tmp_path):
    tree = _tree(tmp_path / "project")
    (tree / "notebooks").mkdir()
    elsewhere = _tree(tmp_path / "installed-from")
    assert find_root(tree / "notebooks", environ={}, source=elsewhere) == tree
    assert find_root(tree, environ={}, source=elsewhere) == tree


def test_the_environment_variable_wins(tmp_path):
    tree = _tree(tmp_path / "project")
    assert find_root(tree, environ={"REPORTLIB_ROOT": str(tmp_path / "other")}, source=tree) == tmp_path / "other"


def test_outside_a_working_tree_the_source_tree_then_the_working_directory(tmp_path):
    source = _tree(tmp_path / "source")
    outside = tmp_path / "somewhere"
    outside.mkdir()
    assert find_root(outside, environ={}, source=source) == source
    site_packages = tmp_path / "site-packages"  # a wheel install: no data beside the package
    site_packages.mkdir()
    assert find_root(outside, environ={}, source=site_packages) == outside


def test_a_data_folder_without_reports_does_not_make_a_project(tmp_path):
    (tmp_path / "data").mkdir()
    source = _tree(tmp_path / "source")
    assert find_root(tmp_path, environ={}, source=source) == source


def test_a_wheel_install_loads_the_data_of_the_working_tree(tmp_path):
    """Build and install the package (not editable) into a folder of its own, then use it from the project."""
    project = tmp_path / "project"
    project.mkdir()
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(PROJECT_ROOT / name, project / name)
    shutil.copytree(PROJECT_ROOT / "src", project / "src", ignore=shutil.ignore_patterns("*.egg-info", "__pycache__"))
    target = tmp_path / "site"
    install = subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "--disable-pip-version-check",
                              "--no-deps", "--target", str(target), str(project)],
                             capture_output=True, text=True, timeout=300)
    assert install.returncode == 0, install.stderr[-2000:]
    env = {**CLEAN_ENV, "PYTHONPATH": str(target)}
    code = ("import reportlib; from reportlib.curation.paths import PROJECT_ROOT; t = reportlib.load_all(); "
            "print(reportlib.__file__); print(PROJECT_ROOT); print(len(t.figures))")
    module, root, figures = _python(code, cwd=PROJECT_ROOT / "notebooks", env=env).splitlines()
    assert Path(module).is_relative_to(target)
    assert Path(root).resolve() == PROJECT_ROOT.resolve()
    assert int(figures) == len(reportlib.load_figures())


# --- caches ---------------------------------------------------------------------------------------------

def test_stopwords_are_read_again_after_the_file_changes(data_copy):
    from reportlib.text import segment

    before = segment.stopwords(data_copy)
    assert "新词语" not in before
    with open(data_copy / "text" / "stopwords.txt", "a", encoding="utf-8") as f:
        f.write("新词语\n")
    assert segment.stopwords(data_copy) == before | {"新词语"}


def test_keywords_follow_the_stopwords(data_copy, monkeypatch):
    from reportlib.text import keywords

    keywords.keywords.kept.clear()  # what an earlier test computed from the same texts and word lists
    # TextRank costs seconds and is not what is tested here: the cache in front of both methods is
    monkeypatch.setattr(keywords, "textrank_scores",
                        lambda tables, top=None: pd.DataFrame(columns=["report", "term", "score"]))
    tables = reportlib.load_all(data_copy)
    first = keywords.keywords(tables, top=3)
    top_term = first["term"].iloc[0]
    with open(data_copy / "text" / "stopwords.txt", "a", encoding="utf-8") as f:
        f.write(f"{top_term}\n")

    again = keywords.keywords(reportlib.load_all(data_copy), top=3)

    assert top_term in set(first["term"]) and top_term not in set(again["term"])


# --- no import-time side effects ------------------------------------------------------------------------

def test_importing_the_notebook_runner_leaves_sys_modules_alone():
    code = ("import sys; import reportlib.pipeline.notebooks as n; print(sys.modules.get('rfc3987_syntax', 'absent')); "
            "n._nbformat(); print(sys.modules.get('rfc3987_syntax', 'absent') is not None)")
    assert _python(code, cwd=PROJECT_ROOT).splitlines() == ["absent", "True"]


def test_importing_and_loading_change_no_global_setting():
    code = ("import pandas as pd, matplotlib as mpl; before = (str(pd.get_option('display.max_colwidth')), "
            "dict(mpl.rcParams)); import reportlib; from reportlib.report import display; reportlib.load_all(); "
            "print(before == (str(pd.get_option('display.max_colwidth')), dict(mpl.rcParams))); "
            "display.set_notebook_options(); print(mpl.rcParams['font.family'] != before[1]['font.family'])")
    unchanged, styled = _python(code, cwd=PROJECT_ROOT).splitlines()
    assert unchanged == "True"  # nothing global changes until the notebook asks
    assert styled == "True"  # the explicit call applies the house style


# --- figure metadata ------------------------------------------------------------------------------------

def test_chart_info_is_kept_beside_the_figure_not_on_it():
    from reportlib.report import charts
    from reportlib.report.charts import layout

    fig = charts.figure("01-metric-coverage", reportlib.load_all())
    assert charts.info(fig).name == "01-metric-coverage" and charts.info(fig).title
    assert not [name for name in vars(fig) if "reportlib" in name]
    with pytest.raises(charts.ChartError, match="not made by reportlib.charts"):
        charts.info(Figure())
    record = layout._INFO[fig]
    alive = weakref.ref(fig)
    del fig
    gc.collect()
    assert alive() is None and all(kept is not record for kept in layout._INFO.values())  # it goes with the figure


def test_the_data_folder_follows_the_root():
    assert paths.data_dir() == Path(os.environ.get("REPORTLIB_DATA_DIR", PROJECT_ROOT / "data"))
    assert (DATA / "reports.csv").is_file()
