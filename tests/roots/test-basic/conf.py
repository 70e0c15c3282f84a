extensions = ["tom_ext"]
project = "Basic fixture"
exclude_patterns = ["_build"]
tom_departments = {"env": "Environment"}
tom_build_date = "2026-01-15"  # before every action of the fixture falls due
