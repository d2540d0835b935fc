"""Every third-party package the code imports is declared where it belongs.

The app's code (``lib/``, ``pages/``, ``app.py``, ``dev.py``) may import only what
``requirements.in`` lists; the tests and benchmarks may also import what ``requirements-dev.in``
lists. A package that only arrives as another's dependency can vanish or change with it, so a
direct import of it has to be declared (issue 21). Imports are read with ``ast``, so an import
inside a function or an ``if`` counts too; the module's distribution comes from the installed
environment (``importlib.metadata.packages_distributions``).
"""

from __future__ import annotations

import ast
import re
import sys
from collections.abc import Iterable, Iterator, Mapping
from importlib.metadata import packages_distributions
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
APP_CODE = ("lib", "pages", "app.py", "dev.py")
DEV_CODE = ("tests", "bench")
FIRST_PARTY = frozenset({"lib", "tests", "bench", "pages"})
REQUIREMENT_NAME = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)")


def normalized(name: str) -> str:
    """A distribution name as the package index compares them (PEP 503)."""
    return re.sub(r"[-_.]+", "-", name).lower()


def declared(requirements_in: Path) -> set[str]:
    """The distributions a requirements*.in file lists (options such as ``-c`` left out)."""
    names = set()
    for line in requirements_in.read_text(encoding="utf-8").splitlines():
        match = REQUIREMENT_NAME.match(line.split("#", 1)[0].strip())
        if match:
            names.add(normalized(match.group(1)))
    return names


def python_files(root: Path, parts: Iterable[str]) -> list[Path]:
    files: list[Path] = []
    for part in parts:
        path = root / part
        files += [path] if path.is_file() else sorted(path.rglob("*.py"))
    return files


def statements(nodes: list) -> Iterator[ast.AST]:
    """Every statement, nested ones included (an import is a statement: no need to walk into
    expressions)."""
    for node in nodes:
        yield node
        for name in ("body", "orelse", "finalbody", "handlers", "cases"):
            children = getattr(node, name, None)
            if isinstance(children, list):
                yield from statements(children)


def third_party_imports(path: Path) -> set[str]:
    """Top-level names of the modules ``path`` imports, without the standard library's."""
    names = set()
    for node in statements(ast.parse(path.read_text(encoding="utf-8"), filename=str(path)).body):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module.split(".")[0])
    return {name for name in names if name not in sys.stdlib_module_names} - FIRST_PARTY


def undeclared(
    files: Iterable[Path],
    allowed: set[str],
    distributions: Mapping[str, list[str]],
    root: Path,
) -> list[str]:
    """``file: module`` for each import whose distribution is not in ``allowed``."""
    found = []
    for path in files:
        for module in sorted(third_party_imports(path)):
            owners = {normalized(name) for name in distributions.get(module, [])}
            if not owners & allowed:
                owner = ", ".join(sorted(owners)) or "no installed distribution"
                found.append(f"{path.relative_to(root)}: {module} ({owner})")
    return found


@pytest.fixture(scope="module")
def distributions() -> Mapping[str, list[str]]:
    return packages_distributions()


def test_the_apps_imports_are_in_requirements_in(distributions) -> None:
    app = declared(ROOT / "requirements.in")
    files = python_files(ROOT, APP_CODE)
    assert len(files) > 20  # the walk found the code
    assert undeclared(files, app, distributions, ROOT) == []


def test_the_tests_and_benchmarks_imports_are_declared(distributions) -> None:
    allowed = declared(ROOT / "requirements.in") | declared(ROOT / "requirements-dev.in")
    files = python_files(ROOT, DEV_CODE)
    assert len(files) > 20
    assert undeclared(files, allowed, distributions, ROOT) == []


def test_the_check_finds_a_package_that_is_only_pulled_in(tmp_path: Path) -> None:
    # a made-up module of the app: numpy arrives only through pandas, Jinja2 and altair through
    # streamlit, and pydantic_core's distribution is not pydantic; imports inside a function,
    # an if, a class or an except count too; os and first-party imports are not counted
    (tmp_path / "lib").mkdir()
    (tmp_path / "lib" / "shapes.py").write_text(
        "import os\nimport numpy.linalg\nfrom lib import x\nfrom . import y\n"
        "def f():\n    from jinja2 import Template\n"
        "if True:\n    import pydantic_core as core\n"
        "import pandas\nclass C:\n    try:\n        pass\n    except ImportError:\n"
        "        import altair\n",
        encoding="utf-8",
    )
    (tmp_path / "requirements.in").write_text(
        "-c constraints.txt\n# pandas pulls in numpy\npandas>=2 ; python_version>'3'\n"
        "Pydantic_Core==2.50.5\n",
        encoding="utf-8",
    )
    distributions = {
        "altair": ["altair"],
        "numpy": ["numpy"],
        "jinja2": ["Jinja2"],
        "pydantic_core": ["pydantic_core"],
        "pandas": ["pandas"],
    }
    files = python_files(tmp_path, ("lib",))
    allowed = declared(tmp_path / "requirements.in")
    assert allowed == {"pandas", "pydantic-core"}
    assert undeclared(files, allowed, distributions, tmp_path) == [
        "lib/shapes.py: altair (altair)",
        "lib/shapes.py: jinja2 (jinja2)",
        "lib/shapes.py: numpy (numpy)",
    ]
    # a module no installed distribution provides is named as such
    (tmp_path / "lib" / "shapes.py").write_text("import notinstalled\n", encoding="utf-8")
    assert undeclared(files, allowed, distributions, tmp_path) == [
        "lib/shapes.py: notinstalled (no installed distribution)"
    ]
