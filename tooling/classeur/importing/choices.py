"""What an import is asked for, checked against the policy before anything is read or
written: the business function and the access tags."""

from __future__ import annotations

import difflib
from collections.abc import Sequence

from classeur.common.errors import PortalError
from classeur.common.i18n import _
from classeur.model.policy import Function, Policy


def chosen_function(policy: Policy, function_id: str) -> Function:
    """The function named by --function; PortalError naming the close ones otherwise."""
    function = policy.functions.get(function_id)
    if function is not None:
        return function
    close = difflib.get_close_matches(function_id, list(policy.functions), n=3)
    known = ", ".join(sorted(policy.functions)) or "-"
    if close:
        raise PortalError(
            _(
                'unknown function "{function}". Did you mean {close}? Known functions: {known} '
                "(access_policies/functions.yml)."
            ).format(function=function_id, close=" or ".join(close), known=known)
        )
    raise PortalError(
        _(
            'unknown function "{function}". Known functions: {known} '
            "(access_policies/functions.yml)."
        ).format(function=function_id, known=known)
    )


def chosen_access(policy: Policy, function: Function, given: Sequence[str]) -> tuple[str, ...]:
    """The tags of --access, each declared, or the function's own; PortalError otherwise."""
    tags = tuple(dict.fromkeys(given)) or tuple(function.access)
    if not tags:
        raise PortalError(
            _(
                "no access for the imported documents. Pass --access TAG, or set `access` for "
                'function "{function}" in access_policies/functions.yml.'
            ).format(function=function.id)
        )
    for tag in tags:
        if tag not in policy.tags:
            close = difflib.get_close_matches(tag, list(policy.tags), n=3)
            hint = _(" Did you mean {close}?").format(close=" or ".join(close)) if close else ""
            raise PortalError(
                _(
                    'unknown access tag "{tag}".{hint} Known tags: {known} '
                    "(access_policies/audiences.yml). Nothing was written."
                ).format(tag=tag, hint=hint, known=", ".join(sorted(policy.tags)))
            )
    return tags
