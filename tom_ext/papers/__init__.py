"""Committee papers from the site's data: each paper's content once, then Word and PDF."""
