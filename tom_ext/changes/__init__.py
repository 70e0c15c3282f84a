"""What changed in the TOMs between two versions of a site: the comparison, its words, the
needs.json it reads and the git revisions it reads them from. No Sphinx here.
"""
