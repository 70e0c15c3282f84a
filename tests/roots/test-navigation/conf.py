extensions = ["tom_ext"]
project = "Navigation fixture"
exclude_patterns = ["_build"]
html_theme = "pydata_sphinx_theme"
html_theme_options = {"navigation_depth": 3}
tom_build_date = "2026-11-23"
