"""The site's Content-Security-Policy and security headers, in one place (no Sphinx).

The handbook's web-server configurations are generated from these constants, and tests
serve the built site with them. The built pages carry no inline script (see
:mod:`tom_ext.csp`), so scripts need nothing beyond ``'self'``. Styles need
``'unsafe-inline'``: the theme, the icons script and the inline SVG charts and diagrams
set ``style=`` attributes and ``<style>`` elements; a page cannot add its own (the
check refuses ``<style>`` and ``style=`` with ``url()`` or ``expression()``).
"""

from __future__ import annotations

from collections.abc import Mapping

#: directive -> sources; the order is the order in the header
POLICY: Mapping[str, str] = {
    "default-src": "'self'",
    # the theme's, Sphinx's and sphinx-needs' script files; no inline script, no eval
    "script-src": "'self'",
    # style= attributes of the theme, the icons and the inline SVG charts
    "style-src": "'self' 'unsafe-inline'",
    # the theme's stylesheets draw small icons as data: SVG images
    "img-src": "'self' data:",
    "font-src": "'self'",
    # the search and the theme fetch files of the site itself
    "connect-src": "'self'",
    "object-src": "'none'",
    "base-uri": "'self'",
    "form-action": "'self'",
    # no other site may show these pages in a frame (clickjacking)
    "frame-ancestors": "'none'",
}

#: directives a ``<meta http-equiv>`` policy cannot carry (browsers ignore them there)
HEADER_ONLY = frozenset({"frame-ancestors", "report-uri", "sandbox"})


def _policy(directives: Mapping[str, str]) -> str:
    return "; ".join(f"{name} {sources}" for name, sources in directives.items())


#: the Content-Security-Policy header of every page
CONTENT_SECURITY_POLICY = _policy(POLICY)

#: the same policy as a page can carry it in ``<meta http-equiv>`` (tom_csp_meta)
CONTENT_SECURITY_POLICY_META = _policy(
    {k: v for k, v in POLICY.items() if k not in HEADER_ONLY})

#: every header the web server should send with every file of the site
SECURITY_HEADERS: Mapping[str, str] = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    # links to other sites do not reveal intranet addresses
    "Referrer-Policy": "same-origin",
    # for browsers that do not know frame-ancestors
    "X-Frame-Options": "DENY",
    "Permissions-Policy": "camera=(), geolocation=(), microphone=(), payment=(), usb=()",
}


def _quoted(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


#: the site's page for an address it does not have (written by every HTML build; a site
#: served below the server's root names its own folder, e.g. /toms/404.html)
NOT_FOUND_PAGE = "/404.html"


def nginx() -> str:
    """``add_header`` lines for the ``server`` (or ``location``) block serving the site,
    and its page for an address it does not have."""
    lines = [f"add_header {name} {_quoted(value)} always;"
             for name, value in SECURITY_HEADERS.items()]
    lines.append(f"error_page 404 {NOT_FOUND_PAGE};")
    return "\n".join(lines) + "\n"


def apache() -> str:
    """``Header`` lines (mod_headers) for the ``VirtualHost``, ``Directory`` or .htaccess,
    and the site's page for an address it does not have."""
    lines = ["<IfModule mod_headers.c>"]
    lines += [f"    Header always set {name} {_quoted(value)}"
              for name, value in SECURITY_HEADERS.items()]
    lines.append("</IfModule>")
    lines.append(f"ErrorDocument 404 {NOT_FOUND_PAGE}")
    return "\n".join(lines) + "\n"


def gitlab_pages() -> str:
    """``/etc/gitlab/gitlab.rb`` of a self-managed GitLab: headers of every Pages site."""
    lines = ["gitlab_pages['headers'] = ["]
    lines += [f"  {_quoted(f'{name}: {value}')}," for name, value in SECURITY_HEADERS.items()]
    lines.append("]")
    return "\n".join(lines) + "\n"


#: server name -> (configuration text, highlighting language)
SERVERS = {"nginx": (nginx, "nginx"), "apache": (apache, "apache"),
           "gitlab": (gitlab_pages, "ruby")}
