"""What a page may not publish (the Markdown, reStructuredText and HTML scanners) and the
headers the site is served with. No Sphinx here.
"""
