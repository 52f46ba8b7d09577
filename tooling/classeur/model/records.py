"""The records every layer shares: a document, its kinds, states and parts.

It imports from the package only the records of what reading a file finds in
it (sensitive values, a handover plan's gaps), and does no I/O.
"""

from __future__ import annotations

import enum
import functools
import posixpath
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import PurePosixPath

from classeur.model.handover import SectionGap
from classeur.model.sensitive import PlacedValue


class DocType(enum.StrEnum):
    """The three kinds of document in a binder."""

    PROCEDURE = "procedure"
    RUNBOOK = "runbook"
    HANDOVER = "handover"


class Status(enum.StrEnum):
    """A document's life cycle."""

    DRAFT = "draft"
    ACTIVE = "active"
    DEPRECATED = "deprecated"
    ARCHIVED = "archived"


class ReviewState(enum.StrEnum):
    """Where a document stands against its review rhythm on a given day."""

    OK = "ok"
    DUE_SOON = "due-soon"
    OVERDUE = "overdue"
    CHANGED = "changed-since-review"  # its body changed in Git after its last review
    EXEMPT = "exempt"  # drafts and archived documents are not reviewed
    UNKNOWN = "unknown"  # no usable review date


class Organisation(enum.StrEnum):
    """The two sides of an outsourcing contract."""

    COMPANY = "company"
    PROVIDER = "provider"


@dataclass(frozen=True)
class Duration:
    """A calendar duration such as `6 months` or `90 days`."""

    months: int = 0
    days: int = 0
    text: str = ""  # as the author wrote it, for messages

    def approx_days(self) -> float:
        """Length in days, months counted as 30.44 days (for bounds checks only)."""
        return self.months * 30.44 + self.days


@dataclass(frozen=True)
class Review:
    """A document's review state on a given day, and when it is next due."""

    state: ReviewState
    next_review: date | None


@dataclass(frozen=True)
class BodyChange:
    """The latest commit that changed a document's body after its last review."""

    day: date
    sha: str
    author: str  # display name
    subject: str


@dataclass(frozen=True)
class Link:
    """A reference a document body makes: a Markdown link or image, a reference
    definition, a URL attribute of raw HTML or attr_list."""

    target: str  # as written (URL-decoded for HTML attributes), with any `#fragment`
    line: int
    column: int = 0  # 1-based; 0 when unknown
    kind: str = "link"  # link | image | definition | html | attribute
    span: tuple[int, int] = (0, 0)  # character offsets in the body (Markdown kinds only)
    text: str = ""  # a Markdown link's words


@dataclass(frozen=True)
class Markup:
    """A place in a body that a rule may refuse: an include directive, hidden content."""

    line: int
    column: int
    what: str  # the directive or the hiding construct, as written (shortened)


@dataclass(frozen=True)
class Document:
    """A procedure, runbook or handover plan whose frontmatter passed the schema."""

    path: PurePosixPath  # relative to the binder root
    id: str
    title: str
    type: DocType
    function: str
    owners: tuple[str, ...]
    maintainers: tuple[str, ...]
    status: Status
    access: tuple[str, ...]
    sites: tuple[str, ...]
    last_reviewed: date | None
    reviewed_by: str | None
    review_every: Duration | None
    sla: tuple[str, ...]  # ids of indicators (access_policies/indicators.yml)
    related: tuple[str, ...]
    supersedes: tuple[str, ...]
    links: tuple[Link, ...]
    field_lines: dict[str, int] = field(compare=False, hash=False)  # key -> line of its value
    body: str | None = field(default=None, compare=False, repr=False)  # kept only on request
    includes: tuple[Markup, ...] = ()  # include or transclusion directives in the body
    hidden: tuple[Markup, ...] = ()  # raw HTML or attr_list that hides text from readers
    unsafe_ids: tuple[Markup, ...] = ()  # attr_list ids a table of contents would print raw
    # Sensitive values in the whole file (header and body), found while it was read: in the
    # parse workers, not by the rule afterwards (the content guard's cost, issue #14).
    sensitive: tuple[PlacedValue, ...] = field(default=(), compare=False, repr=False)
    # A handover plan's sections that are missing or not filled (model/handover.py).
    handover_gaps: tuple[SectionGap, ...] = field(default=(), compare=False, repr=False)
    description: str | None = None  # one line, the summary search results and lists show
    # Lines of the body still holding a template's « À compléter » (model/frontmatter.py).
    placeholders: tuple[int, ...] = field(default=(), compare=False, repr=False)

    def line_of(self, key: str) -> int:
        """The line of a frontmatter key's value, or of the header if it is absent."""
        return self.field_lines.get(key, 1)

    @functools.cached_property
    def linked_files(self) -> Mapping[str, int]:
        """The non-Markdown files the body links to (root-relative) -> line of the first link.

        Kept once made (read only): every audience's manifest, the search index and
        the attachment rules ask for it, after every save of the live preview.
        """
        folder = posixpath.dirname(str(self.path))
        found: dict[str, int] = {}
        for link in self.links:
            target = posixpath.normpath(posixpath.join(folder, link.target))
            if not target.endswith(".md"):
                found.setdefault(target, link.line)
        return found
