"""Problems of a check as text, JSON, GitLab Code Quality or GitHub annotations (no Sphinx)."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import asdict

from tom_ext.core.messages import help_link
from tom_ext.core.problem import Problem, parse

__all__ = ["FORMATS", "Problem", "as_github", "as_gitlab", "as_json", "parse"]

FORMATS = ("text", "json", "gitlab", "github")

def as_json(problems: Iterable[Problem]) -> str:
    """Each problem; a ``tom.*`` one with ``help``, its entry in the handbook."""
    items = [{**asdict(p), **({"help": help_link(p.type)} if help_link(p.type) else {})}
             for p in problems]
    return json.dumps(items, indent=2, ensure_ascii=False) + "\n"


def as_gitlab(problems: Iterable[Problem]) -> str:
    """GitLab Code Quality report: each problem shown on its line in the merge request."""
    report = []
    for p in problems:
        digest = hashlib.sha256(f"{p.path}:{p.line}:{p.type}:{p.message}".encode()).hexdigest()
        report.append({
            "description": p.message,
            "check_name": p.type or "sphinx",
            "fingerprint": digest,
            "severity": "info" if p.severity == "notice" else "major",
            "location": {"path": p.path, "lines": {"begin": max(p.line, 1)}},
            **({"content": {"body": f"What it means: the site's {help_link(p.type)}"}}
               if help_link(p.type) else {}),
        })
    return json.dumps(report, indent=2, ensure_ascii=False) + "\n"


def _escape(value: str, *, property_: bool = False) -> str:
    value = value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    if property_:
        value = value.replace(":", "%3A").replace(",", "%2C")
    return value


def as_github(problems: Iterable[Problem]) -> str:
    """GitHub Actions workflow commands: annotations on the pull request's lines."""
    lines = []
    for p in problems:
        command = "notice" if p.severity == "notice" else "error"
        props = []
        if p.path:
            props.append(f"file={_escape(p.path, property_=True)}")
        if p.line:
            props.append(f"line={p.line}")
        if p.type:
            props.append(f"title={_escape(p.type, property_=True)}")
        lines.append(f"::{command} {','.join(props)}::{_escape(p.message)}")
    return "".join(line + "\n" for line in lines)
