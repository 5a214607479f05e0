"""Findings carry typed fixes (model.FindingFix / FindingEdit) to the edges: the JSON output, the
cache rows, the parallel workers' pickles and the spool all keep them exactly."""

from __future__ import annotations

import json
import pickle

import pytest

from digestlint.model import Finding, FindingEdit, FindingFix

from conftest import FRONT_MATTER, lint_text

TEXT = FRONT_MATTER + "\n# 1. [A  Title](https://arxiv.org/abs/2510.26794)\n"


def _fixed_finding() -> Finding:
    (f,) = [f for f in lint_text(TEXT, select=["DL209"])]
    assert isinstance(f.fix, FindingFix) and all(isinstance(e, FindingEdit) for e in f.fix.edits)
    return f


def test_a_placed_fix_points_at_the_text_it_replaces():
    f = _fixed_finding()
    (e,) = f.fix.edits
    assert TEXT[e.offset:e.end_offset] == "  " and e.text == " "
    assert (e.line, e.column) == (f.line, f.column) and f.fix.safe


def test_json_round_trip_and_the_json_object_of_the_output():
    f = _fixed_finding()
    data = f.fix.to_json()
    assert list(data) == ["safe", "description", "edits"]
    assert list(data["edits"][0]) == ["line", "column", "end_line", "end_column", "offset", "end_offset", "text"]
    assert FindingFix.from_json(json.loads(json.dumps(data))) == f.fix
    assert f.to_json()["fix"] == data


def test_pickles_as_the_workers_and_the_spool_send_it():
    f = _fixed_finding()
    back = pickle.loads(pickle.dumps(f, protocol=pickle.HIGHEST_PROTOCOL))
    assert back == f and back.fix == f.fix and isinstance(back.fix, FindingFix)


@pytest.mark.parametrize("bad", [
    [], {"safe": 1, "description": "", "edits": []}, {"safe": True, "description": None, "edits": []},
    {"safe": True, "description": "", "edits": [{"line": "1"}]},
    {"safe": True, "description": "", "edits": [{"line": 1, "column": 1, "end_line": 1, "end_column": 2,
                                                "offset": 0, "end_offset": 1, "text": 5}]},
])
def test_a_damaged_fix_is_a_value_error(bad):
    with pytest.raises(ValueError):
        FindingFix.from_json(bad)
