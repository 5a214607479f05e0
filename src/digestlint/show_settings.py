"""``--show-settings FILE`` and ``--show-files``: what a run would use and what it would lint,
as ruff's ``--show-settings`` / ``--show-files`` and yamllint's ``--list-files`` offer.

Both resolve exactly as a lint run does (``--config``, ``--isolated``, the nearest
configuration, ``include``/``exclude``, ``--select``/``--ignore``/``--extend-select``), print
deterministic text (sorted; JSON with ``--format json``) and lint nothing."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from digestlint import config as cfg


def files(paths: list[str], resolver: cfg.ConfigResolver, *, force_include: bool = False) -> list[str]:
    """The display paths of the posts a run over ``paths`` would lint, sorted."""
    from digestlint import engine

    return sorted({t.display for t in engine.discover(paths, resolver, force_include=force_include)})


def settings(path: str, resolver: cfg.ConfigResolver, overrides: cfg.Overrides) -> dict[str, Any]:
    """The resolved configuration of the file ``path`` (it need not exist) as plain data."""
    from digestlint import registry

    fs_path = Path(path)
    conf = resolver.for_path(fs_path)
    s = cfg.settings_for(conf, overrides, fs_path)
    enabled = set(s.rules)
    if conf.is_excluded(fs_path):
        linted = "no: it matches 'exclude'"
    elif conf.is_included(fs_path):
        linted = "yes"
    else:
        linted = "only when named on the command line: it does not match 'include'"
    return {
        "file": path,
        "linted": linted,
        "config-file": conf.source,
        "config-root": str(conf.root),
        "language": s.language,
        "layout": s.layout.name if conf.get("layout") is None or isinstance(conf.get("layout"), str) else f"{s.layout.name} (customised)",
        "include": list(conf.get("include", cfg.DEFAULT_INCLUDE)),
        "exclude": list(conf.get("exclude", [])),
        "fail-on": overrides.fail_on or conf.get("fail-on", "warning"),
        "max-file-size": s.max_file_size,
        "post-roots": list(s.post_roots),
        "rule-packs": list(s.rule_packs),
        "sources": s.sources,
        "rules": [
            {"code": r.id, "name": r.name, "severity": s.severities[r.id], "options": s.options.get(r.id, {})}
            for r in registry.all_rules() if r.id in enabled
        ],
        "disabled": [r.id for r in registry.all_rules() if r.id not in enabled],
    }


def _value(v: Any) -> str:
    return json.dumps(v, ensure_ascii=False, sort_keys=True)


def render(data: dict[str, Any], as_json: bool = False) -> str:
    if as_json:
        return json.dumps(data, ensure_ascii=False, indent=2, sort_keys=False) + "\n"
    lines = []
    for key, value in data.items():
        if key in ("rules", "disabled"):
            continue
        if key == "config-file" and value is None:
            value = "none (the defaults)"
        lines.append(f"{key}: {value if isinstance(value, str) else _value(value)}")
    rules = data["rules"]
    lines.append(f"rules: {len(rules)} enabled")
    width = max((len(r["name"]) for r in rules), default=0)
    for r in rules:
        lines.append(f"  {r['code']}  {r['name']:<{width}}  {r['severity']}")
        for opt in sorted(r["options"]):
            lines.append(f"      {opt} = {_value(r['options'][opt])}")
    lines.append(f"disabled: {' '.join(data['disabled']) if data['disabled'] else '(none)'}")
    return "\n".join(lines) + "\n"
