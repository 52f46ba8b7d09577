"""`check` predicts the audit: a binder `check` passes is never refused by the audit.

Hypothesis writes small hostile binders: documents with random readers whose
bodies name each other (ids, paths, file names, stems, emphasised or escaped),
link each other in Markdown and raw HTML, and link attachments, beside
folders named like documents. Whenever `check` lets the build go on, every
audience's site must pass the audit.
"""

from __future__ import annotations

import posixpath
import tempfile
from datetime import date
from pathlib import Path

from hypothesis import HealthCheck, Phase, given, note, settings
from hypothesis import strategies as st

from classeur.publish.build import build_sites
from classeur.site.render import MKDOCS
from tests.conftest import doc
from tests.site.conftest import make_site_binder

TODAY = date(2026, 3, 1)
AUDIENCES = ["staff", "provider", "management"]
# A restricted X.md beside a folder X/, one name in two folders, stems that are folder names.
PATHS = (
    "procedures/rh.md",
    "procedures/rh/guide.md",
    "procedures/rh/plan.md",
    "procedures/ops/guide.md",
    "procedures/ops/rh.md",
    "procedures/paie/accueil.md",
)
ATTACHMENTS = ("procedures/rh/plan.pdf", "procedures/ops/annexe.txt", "procedures/ops/rh.pdf")
TITLES = ("Consigne alpha", "Consigne bêta", "Consigne gamma", "Consigne delta", "Consigne zêta")
FORMS = (
    "text", "id", "path", "name", "stem", "code", "bold", "italic", "escaped", "tagged",
    "link", "id-link", "html-link", "attachment", "html-attachment",
)  # fmt: skip


def _relative(path: str, here: str) -> str:
    return posixpath.relpath(path, posixpath.dirname(here))


def _fragment(form: str, target: str, target_id: str, here: str) -> str:
    """One line of a body naming `target` (a document or an attachment) in `form`."""
    name = posixpath.basename(target)
    stem = posixpath.splitext(name)[0]
    return {
        "text": "Étape suivante.",
        "id": f"Voir {target_id}.",
        "path": f"Chemin : {target}",
        "name": f"Le fichier {name} suffit.",
        "stem": f"Dossier partagé/{stem}/ ou ../{stem}.pdf",
        "code": f"`{name}`",
        "bold": f"**{name}**",
        "italic": f"_{name}_",
        "escaped": f"Le fichier {name.replace('.', chr(92) + '.')}",
        "tagged": f"{stem}<b></b>.md et {target_id[:4]}<!-- -->{target_id[4:]}",
        "link": f"[voir]({_relative(target, here)})",
        "id-link": f"[{target_id}]({_relative(target, here)})",
        "html-link": f'<a href="{_relative(target, here)}">lien</a>',
        "attachment": f"[pièce jointe]({_relative(target, here)})",
        "html-attachment": f'<img src="{_relative(target, here)}" alt="annexe">',
    }[form]


@st.composite
def binders(draw: st.DrawFn) -> dict[str, str]:
    """The files of a binder of two to five documents naming one another."""
    paths = draw(st.lists(st.sampled_from(PATHS), min_size=2, max_size=5, unique=True))
    ids = {path: f"OPS-{n + 10:03d}" for n, path in enumerate(paths)}
    targets = list(paths) + list(ATTACHMENTS)
    files: dict[str, str] = {}
    for path in ATTACHMENTS:  # text attachments say things too; the audit reads them
        form = draw(st.sampled_from(("text", "id", "name", "path")))
        target = draw(st.sampled_from(paths))
        files[path] = "Annexe. " + _fragment(form, target, ids[target], path) + "\n"
    for n, path in enumerate(paths):
        lines = []
        for _ in range(draw(st.integers(1, 5))):
            form = draw(st.sampled_from(FORMS))
            pool = ATTACHMENTS if "attachment" in form else targets
            target = draw(st.sampled_from(pool))
            lines.append(_fragment(form, target, ids.get(target, "OPS-999"), path))
        access = draw(
            st.lists(st.sampled_from(["staff", "provider", "secret"]), min_size=1, unique=True)
        )
        body = "\n\n".join(lines) + "\n"
        files[path] = doc(body, id=ids[path], title=TITLES[n], access=f"[{', '.join(access)}]")
    return files


@settings(
    max_examples=30,
    deadline=None,
    derandomize=True,  # the same examples on every run: CI stays reproducible
    database=None,
    phases=[Phase.explicit, Phase.generate],  # a failure shows its binder; shrinking takes minutes
    suppress_health_check=[HealthCheck.too_slow],
)
@given(binders())
def test_a_binder_check_passes_is_never_refused_by_the_audit(files: dict[str, str]) -> None:
    note("\n".join(f"--- {path}\n{text}" for path, text in sorted(files.items())))
    with tempfile.TemporaryDirectory() as scratch:
        root = make_site_binder(Path(scratch), files)
        # build_sites runs `check` first and stops at its errors; only a clean binder is audited.
        outcome = build_sites(root, AUDIENCES, Path(scratch) / "out", renderer=MKDOCS, today=TODAY)
        refused = [
            f.render() for f in outcome.findings if f.code in ("leaked-document", "unexpected-file")
        ]
        assert refused == []
