"""``digestlint --show-layout POST``: how a post is understood under its layout.

The first thing to run when configuring a blog: the layout in effect, the front matter and date,
the page's non-paper blocks, and per paper its heading line, number, identifier (and where it
came from), title, links and sections with their lines. Text or JSON (``--format json``).
"""

from __future__ import annotations

import json
from typing import Any


def describe(doc) -> dict[str, Any]:
    lay = doc.layout
    doc.papers  # noqa: B018 - builds the structure (and finds the fenced answers) first
    fm = doc.front_matter
    out: dict[str, Any] = {
        "path": doc.path,
        "layout": lay.name,
        "layout_description": lay.get("description", default=""),
        "front_matter": None
        if fm is None
        else {"format": fm.format, "start_line": fm.start_line, "end_line": fm.end_line, "keys": [k.name for k in fm.keys],
              "error": fm.error.message if fm.error is not None else None},
        "front_matter_problem": doc.front_matter_problem,
        "date": doc.date,
        "unwrapped_fences": [{"line": a, "close_line": b or None} for a, b in doc.unwrapped_fences],
        "preamble": [{"kind": b.kind, "start_line": b.start_line, "end_line": b.end_line} for b in doc.preamble],
        "loose_sections": [_section(s) for s in doc.loose_sections],
        "papers": [],
    }
    for i, p in enumerate(doc.papers, start=1):
        pid, source = paper_id(doc, p)
        out["papers"].append(
            {
                "position": i,
                "heading_line": p.heading_line if p.has_heading else None,
                "start_line": p.heading_line,
                "end_line": p.end_line,
                "level": p.level or None,
                "number": p.number,
                "id": pid,
                "id_source": source,
                "title": p.title,
                "url": p.url,
                "links": [{"text": link.text, "url": link.url, "line": link.line} for link in p.links],
                "lead": [{"kind": b.kind, "start_line": b.start_line, "end_line": b.end_line} for b in p.lead],
                "sections": [_section(s) for s in p.sections],
            }
        )
    return out


def paper_id(doc, paper) -> tuple:
    """The paper's arXiv identifier and where it came from (the heading's URL under the default
    layout)."""
    if paper.id is not None:
        return paper.id, paper.id_source
    if paper.url:
        km = doc.layout.match_link(paper.url)
        if km is not None and "id" in km[1].re.groupindex and km[1]["id"]:
            return km[1]["id"], "heading"
    return None, None


def _section(s) -> dict:
    return {"name": s.name, "style": s.style, "line": s.heading_line, "end_line": s.end_line, "blocks": len(s.blocks)}


def render_text(info: dict) -> str:
    lines = [f"{info['path']}: layout '{info['layout']}'"]
    if info["layout_description"]:
        lines.append(f"  ({info['layout_description']})")
    fm = info["front_matter"]
    if fm is None:
        lines.append("front matter: none" + (f" ({info['front_matter_problem']})" if info["front_matter_problem"] else ""))
    else:
        what = f"front matter: {fm['format'].upper()}, lines {fm['start_line']}-{fm['end_line']}"
        what += f", keys: {', '.join(fm['keys'])}" if fm["keys"] else ""
        if fm["error"]:
            what += f" (does not parse: {fm['error']})"
        lines.append(what)
    lines.append(f"date: {info['date'] or 'none'}")
    for f in info["unwrapped_fences"]:
        close = f" (closed on line {f['close_line']})" if f["close_line"] else " (never closed)"
        lines.append(f"fenced answer: line {f['line']}{close}, read as markdown")
    if info["preamble"]:
        spans = ", ".join(_span(b) + f" {b['kind']}" for b in info["preamble"])
        lines.append(f"not papers: {spans}")
    for s in info["loose_sections"]:
        lines.append(f"section before the first paper: line {s['line']} {s['name']!r}")
    lines.append(f"papers: {len(info['papers'])}")
    for p in info["papers"]:
        where = f"line {p['heading_line']}" if p["heading_line"] else f"the file (lines {p['start_line']}-{p['end_line']})"
        head = f"  {p['position']}. {where}"
        if p["number"] is not None:
            head += f"  number {p['number']}"
        head += f"  id {p['id'] or '-'}" + (f" (from {p['id_source']})" if p["id_source"] else "")
        lines.append(head)
        if p["title"] is not None:
            lines.append(f"     title: {p['title']}")
        if p["url"]:
            lines.append(f"     heading link: {p['url']}")
        for link in p["links"]:
            text = "" if link["text"] == link["url"] else f"[{link['text']}] "
            lines.append(f"     link: line {link['line']} {text}{link['url']}")
        if p["lead"]:
            lines.append("     before the first section: " + ", ".join(_span(b) + f" {b['kind']}" for b in p["lead"]))
        if not p["sections"]:
            lines.append("     sections: none")
        for s in p["sections"]:
            lines.append(f"     section: line {s['line']}-{s['end_line']} {s['name']!r} ({s['style']})")
    return "\n".join(lines) + "\n"


def _span(b: dict) -> str:
    return f"line {b['start_line']}" if b["start_line"] == b["end_line"] else f"lines {b['start_line']}-{b['end_line']}"


def show(paths, resolver, fmt: str) -> tuple[str, list[str]]:
    """The report for every file of ``paths`` (``--show-layout``) and the files' problems."""
    from pathlib import Path

    from digestlint.config import Overrides, settings_for
    from digestlint.document import Document
    from digestlint.engine import discover
    from digestlint.source import decode, read_file

    infos = []
    errors = []
    for target in discover(paths, resolver):
        settings = settings_for(resolver.for_path(Path(target.fs_path)), Overrides(), Path(target.fs_path))
        data, problem = read_file(target.fs_path, settings.max_file_size)
        if problem is None and data is not None:
            src = decode(data, settings.max_file_size)
            problem = src.problem
        if problem is not None or src.text is None:
            errors.append(f"{target.display}: {problem.message if problem else 'cannot read file'}")
            continue
        doc = Document(src.text, target.display, bom=src.bom, layout=settings.layout)
        infos.append(describe(doc))
    if fmt == "json":
        return json.dumps(infos, ensure_ascii=False, indent=2) + "\n", errors
    return "".join(render_text(i) for i in infos), errors
