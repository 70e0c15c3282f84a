"""``python -m tom_ext.cli``: the ``tom`` command."""

import sys

from tom_ext.cli.main import main

sys.exit(main())
