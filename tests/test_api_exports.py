"""The public Python API: the names `import storytrace` gives, pinned, and typed for checkers."""

import ast
import inspect
import subprocess
import sys
import typing
from pathlib import Path

import storytrace
from storytrace import api
from storytrace.models import Comparison, StoryTrace

# Adding a name is a decision (README "Python API"); removing one breaks users.
PUBLIC = {
    "DEFAULT_SETTINGS",
    "SCHEMA_VERSION",
    "Alignment",
    "AlignmentKind",
    "Article",
    "ArticleSources",
    "CitedSource",
    "Comparison",
    "Derivation",
    "DerivationKind",
    "Discrepancy",
    "DiscrepancyType",
    "FactHistory",
    "FactVersion",
    "Fragment",
    "InputError",
    "RemovalReason",
    "RemovedBlock",
    "ReuseSummary",
    "Settings",
    "Severity",
    "SourceKind",
    "Span",
    "StatementLink",
    "StoryMatch",
    "StoryTrace",
    "StoryVerdict",
    "StorytraceError",
    "TextRef",
    "UpstreamSource",
    "__version__",
    "compare",
    "compare_articles",
    "load_article",
    "load_articles",
    "trace",
    "trace_articles",
}
FUNCTIONS = (
    "compare",
    "compare_articles",
    "load_article",
    "load_articles",
    "trace",
    "trace_articles",
)


def test_public_names_are_exported_and_importable():
    for name in storytrace.__all__:
        assert hasattr(storytrace, name), name


def test_all_has_no_duplicates_and_has_the_core_model():
    assert len(set(storytrace.__all__)) == len(storytrace.__all__)
    assert {"Article", "Comparison", "Alignment", "compare"} <= set(storytrace.__all__)


def test_public_names_are_pinned():
    assert set(storytrace.__all__) == PUBLIC


def test_entry_points_are_the_api_functions_with_their_return_types():
    for name in FUNCTIONS:
        assert getattr(storytrace, name) is getattr(api, name), name
    assert typing.get_type_hints(storytrace.compare)["return"] is Comparison
    assert typing.get_type_hints(storytrace.trace)["return"] is StoryTrace
    params = list(inspect.signature(storytrace.compare).parameters)
    assert params == ["source_a", "source_b", "settings"]


def test_unknown_names_raise_attribute_error():
    try:
        storytrace.comprae  # noqa: B018
    except AttributeError as error:
        assert "comprae" in str(error)
    else:
        raise AssertionError("storytrace.comprae should not exist")


def test_type_checkers_see_the_entry_points():
    """mypy reads TYPE_CHECKING imports; a module __getattr__ would type them all `object`."""
    source = Path(storytrace.__file__).read_text("utf-8")
    tree = ast.parse(source)
    checked = next(
        node
        for node in tree.body
        if isinstance(node, ast.If) and ast.unparse(node.test) == "TYPE_CHECKING"
    )
    imported = {
        alias.name
        for node in checked.body
        if isinstance(node, ast.ImportFrom) and node.module == "storytrace.api"
        for alias in node.names
    }
    assert imported == set(FUNCTIONS)
    visible = [n for n in tree.body if isinstance(n, ast.FunctionDef) and n.name == "__getattr__"]
    assert not visible, "__getattr__ must sit in the `else:` of `if TYPE_CHECKING`"


def test_importing_storytrace_stays_light():
    code = "import sys, storytrace; print('storytrace.api' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.stdout.strip() == "False", result.stderr
