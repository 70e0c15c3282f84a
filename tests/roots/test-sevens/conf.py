extensions = ["tom_ext"]
project = "7S fixture"
exclude_patterns = ["_build"]
tom_framework = "7s"
tom_departments = {"corp": "Corporate"}
