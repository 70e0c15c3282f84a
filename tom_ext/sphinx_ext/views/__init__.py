"""The views pages show (``tom-coverage``, ``tom-progress`` …): each directive leaves a
placeholder that is drawn from the whole site's data once every page is read. One module
per family of directives, each with its rows, its renderer and its ``setup_<family>``."""
