import shutil
from pathlib import Path

import pytest

from regulations.models import RegulationLibraryPage
from regulations.services import CORPUS_DIR, import_paths

DATA = Path(__file__).parent / "data"
# Files that are not UTF-8 (a GBK text, binary data) are kept with another suffix so that tools
# reading *.md (ruff) do not trip over them; tests copy them to a temporary folder as .md files.
RAW = Path(__file__).parent / "data_raw"


@pytest.fixture
def bad_files(tmp_path):
    """A folder with every synthetic file, including the GBK and binary ones, as *.md."""
    folder = tmp_path / "data"
    shutil.copytree(DATA, folder)
    for raw in RAW.iterdir():
        shutil.copy(raw, folder / raw.name.rsplit(".", 1)[0])
    return folder


@pytest.fixture
def library(home_page):
    page = RegulationLibraryPage(title="法规制度库", slug="regulations", intro="法律法规与制度")
    home_page.add_child(instance=page)
    return page


@pytest.fixture
def corpus(library):
    """The whole corpus, imported."""
    report = import_paths(paths=[CORPUS_DIR], library=library)
    assert report.ok, report.failed
    return report


@pytest.fixture
def supervision_laws(library, tmp_path):
    """Both versions of 监察法 (2018 and 2024), imported from a temporary folder."""
    folder = tmp_path / "宪法相关法"
    folder.mkdir()
    for name in ("监察法(2018-03-20).md", "监察法(2024-12-25).md"):
        shutil.copy(CORPUS_DIR / "宪法相关法" / name, folder / name)
    report = import_paths(paths=[tmp_path], library=library)
    assert report.ok, report.failed
    return report
