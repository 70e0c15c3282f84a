"""Templates for `tom new`: a TOM with every layer of the framework, a layer, an action."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from tom_ext.core import ids
from tom_ext.core.framework import Framework, Layer
from tom_ext.core.model import PROMPT

_TOM_ID = re.compile(r"^:id:\s*(TOM_[A-Z0-9]+)\s*$", re.M)


def tom_index(code: str, title: str, framework: Framework, today: dt.date) -> str:
    review = today.replace(year=today.year + 2) if not (today.month == 2 and today.day == 29) \
        else today.replace(year=today.year + 2, day=28)
    horizon = f"{today.year}-{today.year + 5}"
    pages = "\n".join(layer.key for layer in framework.layers)
    return f"""# {title}

```{{tom}} {title} TOM {today.year}–{today.year + 5}
:id: TOM_{code}
:owner: {PROMPT}
:author: {PROMPT}
:horizon: {horizon}
:stage: first-draft
:review_by: {review.isoformat()}
:aligns: {PROMPT}

{PROMPT}: the vision — how the service will work in five years, in two to four sentences.
```

## Scope

{PROMPT}: which services, sites, staff and budget this TOM covers, and what it leaves out.

## Layers

```{{toctree}}
:hidden:
:maxdepth: 1

{pages}
```
"""


def layer_page(tom_code: str, layer: Layer) -> str:
    return f"""# {layer.title}

```{{layer}} {layer.title}
:id: {ids.layer_id(tom_code, layer.code)}
:guided_by: {PROMPT}
```

*{layer.question}*

## Current operating model

{PROMPT}: how the service works today for this layer — {layer.question.lower()}

## Target operating model

{PROMPT}: how it will work at the end of the five years.

## Route

{PROMPT}: the actions that get the service from today to the target (`tom new action`).
"""


def action_block(action_id: str) -> str:
    return f"""
```{{action}} {PROMPT}: what will be done
:id: {action_id}
:owner: {PROMPT}
:due: {PROMPT}
:status: not-started
:supports: {PROMPT}

{PROMPT}: what "done" means.
```
"""


def tom_code_of(index_md: str) -> str | None:
    match = _TOM_ID.search(index_md)
    return match.group(1)[len("TOM_"):] if match else None


def write_new(path: Path, text: str) -> None:
    """Write a new file; never overwrite an author's work."""
    if path.exists():
        raise FileExistsError(17, "already exists", str(path))
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
