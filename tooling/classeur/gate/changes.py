"""The records of a pull-request check: who wrote it, what it changes, what was found."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from typing import Any

from classeur.common.i18n import _
from classeur.model.findings import Finding
from classeur.model.records import Document, Organisation


class Kind(enum.Enum):
    """What a path is to the gate."""

    DOCUMENT = "document"
    ATTACHMENT = "attachment"
    MEASUREMENTS = "measurements"  # pilotage/mesures/*.csv: the provider submits them
    PROTECTED = "protected"  # anything else: the company's builds run or trust it


@dataclass(frozen=True)
class Author:
    """A commit author as the base policy knows them."""

    email: str
    person: str | None  # person id, None when unknown
    organisation: Organisation  # unknown authors count as the provider


def author_words(author: Author) -> str:
    """How a message names an author: their person id, or their e-mail when unknown."""
    if author.person:
        return author.person
    return _("{email} (unknown, counted as the provider)").format(email=author.email)


@dataclass
class DocumentChange:
    """One document file the pull request adds, changes, renames or deletes."""

    path: str
    status: str  # A, M, R, C, D, T
    before: Document | None
    after: Document | None
    authors: list[Author]
    fields: dict[str, tuple[Any, Any]] = field(default_factory=dict)  # name -> (before, after)
    also_check: list[str] = field(default_factory=list)  # ids that link to it or relate to it
    origin: str | None = None  # the name it was renamed or copied from


@dataclass
class AttachmentChange:
    """One attachment the pull request adds, changes, renames or deletes."""

    path: str
    status: str  # A, M, R, C, D, T
    authors: list[Author]
    linked_by: list[str]  # ids of the documents that link it, at the base or the head
    owners: list[str]  # the owners of those documents: who answers for it
    origin: str | None = None  # the name it was renamed or copied from


@dataclass
class MeasurementChange:
    """One measurement file (pilotage/mesures/*.csv) the pull request adds, changes,
    renames or deletes."""

    path: str
    status: str  # A, M, R, C, D, T
    authors: list[Author]
    origin: str | None = None  # the name it was renamed or copied from
    # (indicator, period) submitted for the first time, in file order
    new_values: list[tuple[str, str]] = field(default_factory=list)


@dataclass
class PullRequestReport:
    base: str
    head: str
    authors: list[Author]
    changes: list[DocumentChange] = field(default_factory=list)
    attachments: list[AttachmentChange] = field(default_factory=list)
    measurements: list[MeasurementChange] = field(default_factory=list)
    others: list[str] = field(default_factory=list)  # every other path it changes
    findings: list[Finding] = field(default_factory=list)


@dataclass(frozen=True)
class Move:
    """A diff entry as it concerns one kind of file."""

    status: str
    old: str | None  # its name at the base, when it was of that kind there
    new: str | None  # its name at the head, when it is of that kind there
    origin: str | None  # the name it was renamed or copied from

    @property
    def path(self) -> str:
        return self.new or self.old or ""
