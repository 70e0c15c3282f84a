"""``python -m tom_ext.cli``: the ``tom`` command."""

from tom_ext.cli.main import run

run()
