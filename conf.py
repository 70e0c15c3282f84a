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
    "header_links_before_dropdown": 7,
    "navigation_depth": 3,
    "show_toc_level": 2,
    "footer_start": ["copyright", "accessibility-link"],
    "footer_end": [],
}
templates_path = ["source/_templates"]  # the footer's accessibility link
html_static_path = ["source/_static"]  # the logo; relative to this file
# the Refresh page has no pages under it: no empty section navigation beside its tables
html_sidebars = {"refresh": []}

exclude_patterns = ["_build", "**/README.md"]
root_doc = "index"

# Where the site is published: pages' canonical addresses, the sitemap for the intranet's
# search crawler (sitemap.xml) and the links of the 404 page all start here.
html_baseurl = "https://toms.intranet.kestrelford.gov.uk/"

# "Edit on GitLab" on every page opens its file in the repository's web editor (the folder
# that holds this file), to propose a change as a merge request.
tom_edit_url = "https://gitlab.kestrelford.gov.uk/improvement/toms/-/edit/main/"

# Old addresses that still work: the Leisure & Culture TOM's folder was renamed from
# leisure-and-culture, and every page of it is still found at its old address.
tom_redirects = {
    "toms/environment-regeneration/leisure-and-culture/":
        "toms/environment-regeneration/leisure-culture/",
}

# The layer framework every TOM is written against: "nine-layer", "7s" or your own.
tom_framework = "nine-layer"

# What "Changes since the September 2026 board" (source/changes.md) compares with: the
# needs.json published for that board, archived in the repository.
tom_changes_baseline = "source/_baselines/2026-09-board.json"

# The refresh under way: its name as TOMs write it in :refresh:, and its timetable (the
# Refresh page, source/refresh.md, shows every TOM against it; tom check tells the author of
# a TOM behind it).
tom_refresh = {
    "name": "2027-2029",
    "start": "2026-12-01",
    "first_draft": "2027-04-30",
    "second_draft": "2027-07-30",
    "final_draft": "2027-08-27",
    "approval": "2027-09-20",
}

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

# Earlier refreshes kept readable: `tom build --versions` publishes each one under
# archive/<name>/ with a banner and the version switcher, and every TOM page links to what
# changed since the most recent. Name the commit (the tag refresh-2023-2025 names it too,
# but a clone without tags still has the commit).
tom_versions = {
    "2023-2025": {
        "revision": "5f0419c372de9a23e780c41ccdea54c58dfbfc38",
        "title": "The 2023–2025 TOMs",
        "replaced": "2025-09-15",
        "by": "DEC_2025_CABINET",
    },
}
