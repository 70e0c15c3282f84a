"""conf.py's ``tom_*`` settings: registered with Sphinx, checked before anything is read."""

from __future__ import annotations

import re
from pathlib import Path

from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.errors import ConfigError
from sphinx.util import logging

from tom_ext.core.config import TomConfig, config_values
from tom_ext.core.messages import TomWarning
from tom_ext.core.model import Model
from tom_ext.core.words import plural

LOGGER = logging.getLogger(__name__)


#: the model of each framework setting, by its repr: asked for by every need read
_MODELS: dict[str, Model] = {}


def model_of(config: Config) -> Model:
    """The model the site builds with: the need types, and its framework's layer keys
    (made once for each value of ``tom_framework``: every need directive asks for it)."""
    key = repr(config.tom_framework)
    model = _MODELS.get(key)
    if model is None:
        framework = TomConfig.from_sphinx(config).resolved_framework()
        model = _MODELS[key] = Model(layer_keys=framework.keys())
    return model


def is_public(config: Config) -> bool:
    """Whether this build is for the public (``tom build --audience public``)."""
    return bool(getattr(config, "tom_audience", "intranet") == "public")


def setting_line(conf_py: Path, name: str) -> int | None:
    """The line of conf.py that sets ``name`` (the last one, which wins), if any."""
    try:
        text = conf_py.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None
    lines = [number for number, line in enumerate(text.splitlines(), start=1)
             if re.match(rf"{re.escape(name)}\s*(:[^=]*)?=", line)]
    return lines[-1] if lines else None


def check_settings(app: Sphinx, config: Config) -> None:
    """config-inited: every bad ``tom_*`` value as a warning at its line of conf.py, then
    stop: nothing is read with settings that are wrong."""
    problems = TomConfig.from_sphinx(config).problems_by_setting()
    if not problems:
        return
    conf_py = Path(app.confdir) / "conf.py"
    for name, message in problems:
        line = setting_line(conf_py, name)
        # not in conf.py: given with -D (a location without a line would be taken for a
        # page's name), or SOURCE_DATE_EPOCH from the environment
        where = "" if line or not name.startswith("tom_") else " (given with -D)"
        LOGGER.warning(f"{name} {message}{where}", type="tom",
                       subtype=TomWarning.CONFIG.value,
                       location=f"{conf_py}:{line}" if line else None)
    count = len(problems)
    raise SettingsError(f"Golden Thread settings: {plural(count, 'problem')} "
                        "(listed above); nothing was read")


class SettingsError(ConfigError):
    """The tom_* settings are wrong: each problem was given as a warning of its own."""


def setup_settings(app: Sphinx) -> None:
    for name, default, help_text in config_values():
        # a list in conf.py for a setting whose default is a tuple is fine
        types = (list, tuple) if isinstance(default, list | tuple) else ()
        app.add_config_value(name, default, "env", types=types, description=help_text)
    app.connect("config-inited", check_settings, priority=10)
