"""The README's promises: its two opening commands, and CI running the same test command."""

import re

from conftest import EXAMPLE_A, EXAMPLE_B, REPO


def _readme_commands() -> list[str]:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    return re.findall(r"```bash\n(.+?)\n```", readme, flags=re.S)[:2]


def test_readme_opens_with_the_example_and_the_test_commands():
    run_example, run_tests = _readme_commands()
    assert "storytrace compare" in run_example
    assert EXAMPLE_A.relative_to(REPO).as_posix() in run_example
    assert EXAMPLE_B.relative_to(REPO).as_posix() in run_example
    assert "pytest" in run_tests


def test_ci_runs_the_readme_test_command_verbatim():
    _, run_tests = _readme_commands()
    assert run_tests in (REPO / ".ci" / "run").read_text(encoding="utf-8")


def test_every_command_is_documented_and_has_help():
    from typer.main import get_command
    from typer.testing import CliRunner

    from storytrace.cli import app

    docs = (REPO / "README.md").read_text("utf-8") + (REPO / "docs" / "corpus.md").read_text(
        "utf-8"
    )
    names = sorted(get_command(app).commands)  # type: ignore[attr-defined]
    assert {"compare", "extract", "trace", "story"} <= set(names)
    for name in names:
        assert f"storytrace {name}" in docs or f"`{name}`" in docs, name
        result = CliRunner().invoke(app, [name, "--help"])
        assert result.exit_code == 0 and "Usage" in result.output, name
