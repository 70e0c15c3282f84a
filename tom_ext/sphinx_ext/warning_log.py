"""The build's warnings taken from Sphinx's log records as they pass, not read back from
the printed text: each with its file, line, message and kind, after Sphinx's own filters
(``suppress_warnings``, said once, tom_ext's translations) have had their say.

The handler takes the place of Sphinx's warning handler as soon as tom_ext is set up, with
its stream, filters and format, so ``sphinx-build`` prints exactly what it printed before
and the ``tom`` command reads the records."""

from __future__ import annotations

import logging
from pathlib import Path

from sphinx.application import Sphinx
from sphinx.util.logging import NAMESPACE, WarningStreamHandler

from tom_ext.core.problem import Problem, relative_path, split_location


class WarningRecords(WarningStreamHandler):
    """Sphinx's warning handler, which also keeps each warning as a :class:`Problem` and
    its line as printed (paths relative to the site's folder)."""

    def __init__(self, replaced: WarningStreamHandler, root: Path) -> None:
        super().__init__(replaced.stream)
        self.setLevel(replaced.level)
        self.setFormatter(replaced.formatter)  # type: ignore[arg-type]
        # the same list, not a copy: a filter Sphinx takes off the replaced handler when it
        # leaves a context (the "while setting up extension" prefix) leaves this one too
        self.filters = replaced.filters
        self.root = root
        self.found: list[tuple[Problem, str]] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.found.append(self.problem(record))
        super().emit(record)

    def problem(self, record: logging.LogRecord) -> tuple[Problem, str]:
        kind = ".".join(filter(None, (getattr(record, "type", None) or "",
                                      getattr(record, "subtype", None) or "")))
        message = logging.LogRecord.getMessage(record)
        if kind and message.endswith(f" [{kind}]"):  # added by show_warning_types
            message = message[: -len(kind) - 3]
        path, line = split_location(str(getattr(record, "location", None) or ""))
        path = relative_path(path, self.root) if path else ""
        where = f"{path}:{line}: " if line else (f"{path}: " if path else "")
        label = record.levelname if record.levelno >= logging.ERROR else "WARNING"
        shown = f"{where}{label}: {message}" + (f" [{kind}]" if kind else "")
        return Problem(path, line, "error", message, kind), shown


class NoConfigDump(logging.Filter):
    """Drops MyST's one-line dump of its whole configuration from Sphinx's progress output
    (``tom build -v``): a reader of the progress wants the steps, not 40 settings."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not (record.name.startswith("sphinx.myst_parser.")
                    and "myst v%s:" in str(record.msg))


def take_over(app: Sphinx) -> None:
    """tom_ext's setup: the record handler in place of Sphinx's warning handler, and the
    progress output without MyST's configuration."""
    logger = logging.getLogger(NAMESPACE)
    for handler in list(logger.handlers):
        if type(handler) is WarningStreamHandler:
            logger.removeHandler(handler)
            logger.addHandler(WarningRecords(handler, Path(app.confdir)))
        elif not isinstance(handler, WarningStreamHandler):
            handler.addFilter(NoConfigDump())


def taken() -> WarningRecords | None:
    """The record handler of the last application set up in this process, if any."""
    for handler in logging.getLogger(NAMESPACE).handlers:
        if isinstance(handler, WarningRecords):
            return handler
    return None
