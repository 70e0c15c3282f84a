"""Settings of this site: the Borough of Kestrelford's Target Operating Models."""

project = "Kestrelford TOMs"
author = "Borough of Kestrelford, Business Improvement"
copyright = "Borough of Kestrelford"
language = "en"

extensions = ["tom_ext"]

html_theme = "pydata_sphinx_theme"
html_title = "Kestrelford Target Operating Models"
html_theme_options = {
    # the council's logo (replace the file with yours) beside the site's name
    "logo": {"text": "Kestrelford TOMs", "image_light": "_static/kestrelford-logo.svg",
             "image_dark": "_static/kestrelford-logo.svg",
             "alt_text": "Borough of Kestrelford"},
    # arrow keys scroll a focused table; they must not turn the page
    "navigation_with_keys": False,
    "show_prev_next": False,
    "header_links_before_dropdown": 6,
    "navigation_depth": 3,
    "show_toc_level": 2,
    "footer_start": ["copyright", "accessibility-link"],
    "footer_end": [],
}
html_last_updated_fmt = None
templates_path = ["source/_templates"]  # the footer's accessibility link
html_static_path = ["source/_static"]  # the logo; relative to this file

exclude_patterns = ["_build", "**/README.md"]
root_doc = "index"

# The layer framework every TOM is written against: "nine-layer", "7s" or your own.
tom_framework = "nine-layer"

# What "Changes since the September 2024 board" (source/changes.md) compares with: the
# needs.json published for that board, archived in the repository.
tom_changes_baseline = "source/_baselines/2024-09-board.json"

tom_departments = {
    "children-schools-families": "Children, Schools & Families",
    "community-housing": "Community & Housing",
    "corporate-services": "Corporate Services",
    "environment-regeneration": "Environment & Regeneration",
}

# Committee papers (tom paper; and with tom_papers, every build writes them into
# downloads/papers/ and the TOM pages and the progress page link to them).
tom_council = "Borough of Kestrelford"
tom_papers = True
tom_paper_contact = "improvement@kestrelford.gov.uk"
tom_lead_members = {
    "children-schools-families": "Cabinet Member for Children and Education",
    "community-housing": "Cabinet Member for Adult Social Care and Housing",
    "corporate-services": "Deputy Leader and Cabinet Member for Finance",
    "environment-regeneration": "Cabinet Member for Environment and Regeneration",
}
