extensions = ["tom_ext"]
project = "Basic fixture"
exclude_patterns = ["_build"]
tom_departments = {"env": "Environment"}
tom_build_date = "2026-11-23"
