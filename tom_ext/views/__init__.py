"""What the views show, as rows and pictures computed from the Site: matrices, progress,
charts, the golden-thread diagram and the downloads. No Sphinx here.
"""
