"""`python -m storytrace` runs the command line, like the `storytrace` script."""

from storytrace.cli import main

main()
