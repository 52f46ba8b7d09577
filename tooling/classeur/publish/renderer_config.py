"""A standalone renderer configuration for a staged tree.

Written beside the staged pages as `mkdocs.yml`: the binder's own
configuration (theme, extensions, plugins) with the staged folder as docs_dir,
the core's navigation, the audience in the site name, snippet includes
confined to the staged snippets/ folder and every relative path made absolute.
Any renderer that reads mkdocs.yml (MkDocs, ProperDocs, Zensical) can build
the stage from it, with or without the Classeur plugin.
"""

from __future__ import annotations

from html import escape
from pathlib import Path
from typing import Any

import yaml

from classeur.common.errors import PortalError
from classeur.common.fileio import write_atomic
from classeur.common.i18n import _
from classeur.publish.navigation import Nav

CONFIG_NAME = "mkdocs.yml"
PLUGIN = "classeur"
SNIPPETS = "pymdownx.snippets"


class _Tagged:
    """A YAML value with a tag the core does not interpret (`!!python/name:`, `!ENV`)."""

    def __init__(self, tag: str, node: yaml.Node) -> None:
        self.tag, self.node = tag, node


class _Loader(yaml.SafeLoader):
    """Reads a MkDocs configuration without running any of its tags."""


def _keep_tag(loader: yaml.SafeLoader, suffix: str, node: yaml.Node) -> _Tagged:
    return _Tagged(node.tag, node)


_Loader.add_multi_constructor("!", _keep_tag)
_Loader.add_multi_constructor("tag:yaml.org,2002:python/", _keep_tag)


class _Dumper(yaml.SafeDumper):
    """Writes the tags it read back as they were."""


_Dumper.add_representer(_Tagged, lambda dumper, value: value.node)


def read_config(root: Path) -> dict[str, Any]:
    """The binder's mkdocs.yml as data, its tags kept opaque."""
    path = root / CONFIG_NAME
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=_Loader)
    except FileNotFoundError:
        raise PortalError(
            _("{path} not found: the site needs the binder's mkdocs.yml.").format(path=path)
        ) from None
    except yaml.YAMLError as error:
        raise PortalError(
            _("{path} is not valid YAML: {reason}").format(path=path, reason=error)
        ) from None
    if not isinstance(data, dict):
        raise PortalError(_("{path} must be a mapping of settings.").format(path=path))
    return data


def write_config(
    root: Path,
    stage: Path,
    *,
    site_name: str,
    nav: Nav,
    keep_plugin: bool,
    site_url: str | None = None,
) -> Path:
    """Write the stage's configuration; `keep_plugin` keeps the Classeur plugin in it.

    `site_url`: the site's published address; without it the renderer's 404 page
    names its styles from the server's root, which holds only at the root.
    """
    root, stage = root.resolve(), stage.resolve()  # the renderer reads it from another folder
    config = read_config(root)
    config["docs_dir"] = str(stage / "docs")
    config["site_dir"] = str(stage / "site")
    config["site_name"] = escape(site_name)
    config["nav"] = nav
    config["use_directory_urls"] = True
    if site_url is not None:
        config["site_url"] = site_url
    else:
        config.pop("site_url", None)  # one address per audience: mkdocs.yml cannot give it
    config.pop("watch", None)
    if "INHERIT" in config:
        config["INHERIT"] = str(root / str(config["INHERIT"]))
    theme = config.get("theme")
    if isinstance(theme, dict) and isinstance(theme.get("custom_dir"), str):
        theme["custom_dir"] = str(root / theme["custom_dir"])
    if isinstance(config.get("hooks"), list):
        config["hooks"] = [str(root / str(hook)) for hook in config["hooks"]]
    config["plugins"] = [p for p in config.get("plugins", []) if keep_plugin or not _is_ours(p)]
    config["markdown_extensions"] = _confine_snippets(
        config.get("markdown_extensions", []), stage / "snippets"
    )
    target = stage / CONFIG_NAME
    text = yaml.dump(config, Dumper=_Dumper, allow_unicode=True, sort_keys=False)
    write_atomic(target, text.encode("utf-8"))
    return target


def _is_ours(plugin: Any) -> bool:
    return plugin == PLUGIN or (isinstance(plugin, dict) and PLUGIN in plugin)


def snippet_confinement(snippets: Path) -> dict[str, Any]:
    """Snippet includes may read the staged snippets/ only, never a document or a system file."""
    return {
        "base_path": [str(snippets)],
        "restrict_base_path": True,
        "check_paths": True,
        "url_download": False,
        "auto_append": [],
    }


def _confine_snippets(extensions: list[Any], snippets: Path) -> list[Any]:
    confined = snippet_confinement(snippets)
    out: list[Any] = []
    for extension in extensions:
        if extension == SNIPPETS:
            out.append({SNIPPETS: confined})
        elif isinstance(extension, dict) and SNIPPETS in extension:
            options = dict(extension[SNIPPETS] or {})
            out.append({SNIPPETS: options | confined})
        else:
            out.append(extension)
    return out
