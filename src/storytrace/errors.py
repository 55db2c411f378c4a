"""One exception tree, rooted at ``StorytraceError``.

::

    StorytraceError
     ├── InputError              an input cannot be read as an article (carries the source)
     │    ├── InputNotFoundError      no such file
     │    ├── EmptyInputError         nothing in it, or only whitespace
     │    ├── BinaryInputError        not text (NUL bytes, images, archives)
     │    ├── DecodingError           text in an encoding we could not determine
     │    ├── InputTooLargeError      over the configured size limit
     │    ├── NoArticleBodyError      HTML/record with no article text to extract
     │    ├── UnreachableError        a URL that could not be fetched
     │    ├── DuplicateInputError     the same input given twice
     │    ├── UnsupportedInputError   a format we do not read
     │    └── TooFewArticlesError     a set that needs more articles than it has (``trace``)
     ├── ConfigError             settings that cannot work (checked when the pipeline is built)
     ├── OutputError             a report that cannot be written (carries the path)
     └── SchemaError             a saved Comparison we cannot read back

Every message is one line that names the input and says what was expected, so the CLI can
print ``str(error)`` as it is.
"""

from __future__ import annotations


class StorytraceError(Exception):
    """Base of every error storytrace raises on purpose."""


class InputError(StorytraceError):
    """An input cannot be turned into an article."""

    def __init__(self, source: str, problem: str) -> None:
        self.source = source
        self.problem = problem
        super().__init__(f"{source}: {problem}")


class InputNotFoundError(InputError):
    pass


class EmptyInputError(InputError):
    pass


class BinaryInputError(InputError):
    pass


class DecodingError(InputError):
    pass


class InputTooLargeError(InputError):
    pass


class NoArticleBodyError(InputError):
    pass


class UnreachableError(InputError):
    pass


class DuplicateInputError(InputError):
    pass


class UnsupportedInputError(InputError):
    pass


class TooFewArticlesError(InputError):
    pass


class ConfigError(StorytraceError):
    pass


class SchemaError(StorytraceError):
    pass


class OutputError(StorytraceError):
    """A report file that cannot be written (``--html`` to a missing folder, no permission)."""

    def __init__(self, path: str, problem: str) -> None:
        self.path = path
        self.problem = problem
        super().__init__(f"{path}: {problem}")
