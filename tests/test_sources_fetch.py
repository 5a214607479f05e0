"""``digestlint sources fetch`` end to end against a local arXiv API on 127.0.0.1 that answers
in the API's documented Atom format: batched id_list queries, the pause between requests,
retries, the offline error, a store that survives an interrupted fetch, and lint runs that read
the store and never open a socket."""

from __future__ import annotations

import json
import socket
import sys
import threading
import time
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from xml.sax.saxutils import escape

import pytest

from conftest import FRONT_MATTER, run_cli

IDS = ["2509.16197", "2509.16198", "2509.16199", "2509.16200", "2509.16201"]


def atom(entries: list[dict]) -> bytes:
    """An answer of the arXiv API (Atom 1.0 with the opensearch and arxiv namespaces)."""
    items = []
    for e in entries:
        if e.get("error"):
            items.append(
                f"<entry><id>http://arxiv.org/api/errors#incorrect_id_format_for_{escape(e['id'])}</id><title>Error</title>"
                f"<summary>incorrect id format for {escape(e['id'])}</summary><updated>2025-09-22T00:00:00-04:00</updated>"
                "<link href=\"http://arxiv.org/api/errors\" rel=\"alternate\" type=\"text/html\"/>"
                "<author><name>arXiv api core</name></author></entry>"
            )
            continue
        items.append(
            f"""<entry>
    <id>http://arxiv.org/abs/{e['id']}v1</id>
    <updated>2025-09-19T17:59:58Z</updated>
    <published>2025-09-19T17:59:58Z</published>
    <title>{escape(e['title'])}</title>
    <summary>  {escape(e['abstract'])}
</summary>
    <author><name>A. Author</name></author>
    <arxiv:primary_category xmlns:arxiv="http://arxiv.org/schemas/atom" term="cs.CL" scheme="http://arxiv.org/schemas/atom"/>
    <link href="http://arxiv.org/abs/{e['id']}v1" rel="alternate" type="text/html"/>
    <link title="pdf" href="http://arxiv.org/pdf/{e['id']}v1" rel="related" type="application/pdf"/>
    <category term="cs.CL" scheme="http://arxiv.org/schemas/atom"/>
  </entry>"""
        )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<feed xmlns="http://www.w3.org/2005/Atom">\n'
        '  <link href="http://arxiv.org/api/query" rel="self" type="application/atom+xml"/>\n'
        '  <title type="html">ArXiv Query: id_list</title>\n'
        "  <id>http://arxiv.org/api/x</id>\n  <updated>2025-09-22T00:00:00-04:00</updated>\n"
        f'  <opensearch:totalResults xmlns:opensearch="http://a9.com/-/spec/opensearch/1.1/">{len(entries)}</opensearch:totalResults>\n'
        + "\n".join(items)
        + "\n</feed>\n"
    ).encode("utf-8")


class FakeArxiv:
    """A local API: ``papers`` by ID; ``fail`` the HTTP status of each request by its index."""

    def __init__(self, papers: dict[str, dict], fail: dict[int, int] | None = None, fail_from: int | None = None):
        self.papers = papers
        self.fail = fail or {}
        self.fail_from = fail_from
        self.requests: list[tuple[float, list[str]]] = []
        api = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):  # noqa: N802 - http.server's name
                query = urllib.parse.parse_qs(urllib.parse.urlparse(self.path).query)
                ids = query.get("id_list", [""])[0].split(",")
                index = len(api.requests)
                api.requests.append((time.monotonic(), ids))
                status = api.fail.get(index) or (500 if api.fail_from is not None and index >= api.fail_from else 0)
                if status:
                    self.send_response(status)
                    self.end_headers()
                    return
                body = atom([api.papers[i] for i in ids if i in api.papers])
                self.send_response(200)
                self.send_header("Content-Type", "application/atom+xml; charset=utf-8")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}/api/query"

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()


def paper(i: str, title: str | None = None) -> dict:
    return {"id": i, "title": title or f"Paper {i} on encoder scaling", "abstract": f"We study {i} with 14B models and 81.5% accuracy."}


@pytest.fixture
def blog(tmp_path) -> Path:
    folder = tmp_path / "blog"
    folder.mkdir()
    body = FRONT_MATTER
    for n, i in enumerate(IDS, 1):
        body += f"\n# {n}. [Paper {i} on encoder scaling](https://arxiv.org/abs/{i})\n\n> [Alphaxiv](https://www.alphaxiv.org/ko/overview/{i})\n"
    (folder / "2025-10-31-daily-papers-20251031.md").write_text(body, encoding="utf-8")
    (folder / ".digestlint.toml").write_text('sources = "sources"\n', encoding="utf-8")
    return folder


def fetch(blog: Path, api: str, *args):
    return run_cli("sources", "fetch", "--api-url", api, *args, ".", cwd=blog)


def stored(blog: Path) -> dict[str, dict]:
    path = blog / "sources" / "arxiv.jsonl"
    return {r["id"]: r for r in map(json.loads, path.read_text(encoding="utf-8").splitlines())} if path.exists() else {}


@pytest.mark.slow
def test_batches_pause_and_store(blog):
    with FakeArxiv({i: paper(i) for i in IDS}) as api:
        r = fetch(blog, api.url, "--batch-size", "2", "--pause", "0.4")
    assert r.returncode == 0, r.stderr.decode()
    assert [ids for _t, ids in api.requests] == [IDS[0:2], IDS[2:4], IDS[4:5]]
    gaps = [b[0] - a[0] for a, b in zip(api.requests, api.requests[1:])]
    assert all(g >= 0.3 for g in gaps), gaps  # 0.4 s apart as the client counts (server-side jitter aside)
    assert "5 fetched, 0 already in the store, 0 not found (3 request(s))" in r.stdout.decode()
    assert sorted(stored(blog)) == IDS
    assert stored(blog)[IDS[0]] == {"id": IDS[0], "title": f"Paper {IDS[0]} on encoder scaling",
                                    "abstract": f"We study {IDS[0]} with 14B models and 81.5% accuracy."}
    # a second run asks for nothing
    with FakeArxiv({i: paper(i) for i in IDS}) as api:
        r = fetch(blog, api.url, "--pause", "0")
    assert r.returncode == 0 and api.requests == []
    assert "0 fetched, 5 already in the store" in r.stdout.decode()
    # --refresh asks again, and the store keeps one record per ID
    with FakeArxiv({i: paper(i, f"New title {i}") for i in IDS}) as api:
        r = fetch(blog, api.url, "--pause", "0", "--refresh")
    assert r.returncode == 0 and len(api.requests) == 1
    lines = (blog / "sources" / "arxiv.jsonl").read_text(encoding="utf-8").splitlines()
    assert len(lines) == 5 and stored(blog)[IDS[1]]["title"] == f"New title {IDS[1]}"


def test_the_default_pause_is_the_api_terms(blog, monkeypatch):
    r = run_cli("sources", "fetch", "--help")
    helptext = " ".join(r.stdout.decode().split())
    assert "[default: 3.0;" in helptext and "[default: 100;" in helptext
    from digestlint import sources_fetch

    waits: list[float] = []
    clock = iter([0.0, 0.5, 3.0]).__next__
    calls = []

    def fake_get(url, timeout):
        calls.append(url)
        return atom([paper(i) for i in IDS])

    monkeypatch.setattr(sources_fetch, "_get", fake_get)
    sources_fetch.fetch(IDS, str(blog / "sources"), batch_size=3, sleep=waits.append, clock=clock)
    assert len(calls) == 2 and "id_list=2509.16197,2509.16198,2509.16199&" in calls[0]
    assert waits == [2.5]  # 3 s after the previous request, 0.5 s of which had passed


@pytest.mark.slow
def test_retry_after_a_server_error(blog):
    with FakeArxiv({i: paper(i) for i in IDS}, fail={0: 503, 1: 429}) as api:
        r = fetch(blog, api.url, "--pause", "0.05", "--retries", "2")
    assert r.returncode == 0, r.stderr.decode()
    assert len(api.requests) == 3 and api.requests[0][1] == api.requests[2][1]
    err = r.stderr.decode()
    assert "arXiv API answered HTTP 503; retrying (1/2)" in err and "HTTP 429; retrying (2/2)" in err
    assert sorted(stored(blog)) == IDS


@pytest.mark.slow
def test_offline_is_a_clear_error(blog):
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]  # closed when the block ends: nothing listens there
    url = f"http://127.0.0.1:{port}/api/query"
    r = fetch(blog, url, "--pause", "0.01", "--retries", "1")
    assert r.returncode == 2
    err = r.stderr.decode().strip().splitlines()
    assert err[-1].startswith(f"digestlint sources: cannot fetch from the arXiv API at {url}: ")
    assert "5 paper(s) not fetched" in err[-1] and "Traceback" not in r.stderr.decode()
    assert not (blog / "sources" / "arxiv.jsonl").exists()


@pytest.mark.slow
def test_an_interrupted_fetch_keeps_what_it_fetched(blog):
    with FakeArxiv({i: paper(i) for i in IDS}, fail_from=1) as api:
        r = fetch(blog, api.url, "--batch-size", "2", "--pause", "0.01", "--retries", "1")
    assert r.returncode == 2
    assert "the store keeps the 2 fetched so far" in r.stderr.decode()
    assert sorted(stored(blog)) == IDS[:2]
    assert not [p for p in (blog / "sources").iterdir() if p.name.endswith(".tmp")]
    with FakeArxiv({i: paper(i) for i in IDS}) as api:
        r = fetch(blog, api.url, "--batch-size", "2", "--pause", "0.01")
    assert r.returncode == 0
    assert [ids for _t, ids in api.requests] == [IDS[2:4], IDS[4:5]]  # only what was missing
    assert sorted(stored(blog)) == IDS


@pytest.mark.slow
def test_a_store_written_by_the_generator_is_kept(blog, tmp_path):
    store = tmp_path / "papers.jsonl"
    mine = {"id": IDS[0], "title": "Paper 2509.16197 on encoder scaling", "abstract": "a", "text": "the full text"}
    store.write_text(json.dumps(mine) + "\n", encoding="utf-8")
    with FakeArxiv({i: paper(i) for i in IDS}) as api:
        r = fetch(blog, api.url, "--pause", "0", "--store", str(store))
    assert r.returncode == 0, r.stderr.decode()
    lines = store.read_text(encoding="utf-8").splitlines()
    assert json.loads(lines[0]) == mine and len(lines) == 5
    assert api.requests[0][1] == IDS[1:]


@pytest.mark.slow
def test_not_found_and_no_store(blog):
    with FakeArxiv({i: paper(i) for i in IDS[:3]}) as api:
        r = fetch(blog, api.url, "--pause", "0")
    assert r.returncode == 0
    assert "not found by the arXiv API: 2509.16200, 2509.16201" in r.stderr.decode()
    (blog / ".digestlint.toml").write_text("", encoding="utf-8")
    r = run_cli("sources", "fetch", ".", cwd=blog)
    assert r.returncode == 2
    assert "no sources store: set sources = \"sources\"" in r.stderr.decode()


@pytest.mark.slow
def test_lint_reads_the_fetched_store_without_the_network(blog):
    papers = {i: paper(i) for i in IDS}
    papers[IDS[2]] = paper(IDS[2], "A different paper altogether")
    with FakeArxiv(papers) as api:
        assert fetch(blog, api.url, "--pause", "0").returncode == 0
    # a lint run with every socket refused: it reads the store, and never connects
    code = (
        "import socket, sys\n"
        "def refuse(*a, **k):\n    raise SystemExit('lint opened a socket')\n"
        "socket.socket = refuse\nsocket.create_connection = refuse\n"
        "from digestlint.cli import main\nsys.argv = ['digestlint', '--no-cache', '--format', 'json', '--select', 'DL703', '.']\nmain()\n"
    )
    import subprocess

    r = subprocess.run([sys.executable, "-c", code], cwd=blog, capture_output=True, timeout=120)
    assert r.returncode == 1, r.stderr.decode()
    found = json.loads(r.stdout)
    assert [(f["line"], f["rule"]) for f in found] == [(17, "DL703")]
    assert '"A different paper altogether"' in found[0]["message"]


@pytest.mark.slow
def test_a_folder_named_sources_is_still_linted(tmp_path):
    """`digestlint sources` lints a folder of that name; only `sources fetch|show` is the command."""
    folder = tmp_path / "sources"
    folder.mkdir()
    (folder / "2025-10-31-daily-papers-20251031.md").write_text(FRONT_MATTER + "\n정보 부족\n", encoding="utf-8")
    r = run_cli("--no-cache", "--format", "json", "sources", cwd=tmp_path)
    assert r.returncode == 1, r.stderr.decode()
    assert {f["rule"] for f in json.loads(r.stdout)} >= {"DL201"}
    r = run_cli("sources", "show", ".", cwd=tmp_path)
    assert r.returncode == 2 and "no sources store configured" in r.stderr.decode()
