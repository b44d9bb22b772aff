"""Parts of a page that are not seen at first, loaded when opened.

A page shows such a part folded, as `{% include "activities/partials/folded.html" with
part=… %}`: a `<details>` that asks its URL for the part the first time it is opened (HTMX,
`data-hx-trigger="toggle once"`), so the page neither builds nor sends what most visits
never open (issue 18). Without JavaScript the `<details>` holds a link to the same URL, which
then answers with a page of its own: the view tells them apart with `request.htmx`. A part
that must show at once (a form posted with errors) is given as `content` and shown open.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils.safestring import SafeString


@dataclass(frozen=True)
class Folded:
    summary: Any  # the text of the `<summary>`, and of the link without JavaScript
    url: str
    content: SafeString | None = None
