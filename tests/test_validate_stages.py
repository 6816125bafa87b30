"""The shape of validation: the keyed hash of client ids pinned to literal keys (stored keys must never
change), the same hash in DuckDB, the defaults defined once, and validate_sheet a short pipeline."""

from __future__ import annotations

import ast
import inspect
import textwrap

import duckdb
import pandas as pd

from loaders import validate
from loaders.formats import KINDS, REALISATIE, WHOLE_YEAR
from loaders.pseudonym import PSEUDONYM_SQL, pseudonym_params, pseudonymise
from loaders.validate import fill_defaults


def test_client_keys_are_pinned():
    # Literal values computed before the hash moved out of validate.py: a change here orphans every
    # stored client key (trajecten of earlier imports would no longer join on the same youth).
    assert pseudonymise("100234", b"test-pseudonym-key") == "28d2cb363cb5716cbae864d1"
    assert pseudonymise(" K-77 ", b"geheim") == "a4c060ee42e11c5e3906f55a"
    assert pseudonym_params(b"geheim") == {
        "k_in": "6e211e1c17cd11e42258705c7c720e672721f430c9e8627c56a6e37ae41b40a0",
        "k_out": "fd37a19882f529560225a8c3d95ee27a55694ce8b678fc20da19824daa03e8ea",
    }


def test_duckdb_computes_the_same_key():
    con = duckdb.connect()
    try:
        keys = [row[0] for row in con.execute(
            f"SELECT {PSEUDONYM_SQL} FROM (VALUES ('100234'), (' K-77 ')) AS t(client)",  # noqa: S608
            pseudonym_params(b"geheim")).fetchall()]
    finally:
        con.close()
    assert keys == [pseudonymise("100234", b"geheim"), "a4c060ee42e11c5e3906f55a"]


def test_defaults_come_from_the_column_contract():
    assert {name: kind.defaults for name, kind in KINDS.items() if kind.defaults} == {
        "uitgaven": {"periode": WHOLE_YEAR, "soort": REALISATIE},
        "volumes": {"periode": WHOLE_YEAR},
        "kpi": {"periode": WHOLE_YEAR},
    }
    frame = pd.DataFrame({"_rij": [2, 3], "soort": ["begroting", None]})
    filled = fill_defaults(KINDS["uitgaven"], frame)
    assert filled[["soort", "periode"]].to_numpy().tolist() == [["begroting", "jaar"], ["realisatie", "jaar"]]
    assert fill_defaults(KINDS["uitgaven"], pd.DataFrame({"_rij": []})).columns.tolist() == ["_rij"]


_BRANCHES = (ast.If, ast.For, ast.While, ast.Try, ast.BoolOp, ast.IfExp, ast.With, ast.Match, ast.comprehension)


def test_validate_sheet_is_a_short_pipeline():
    """validate_sheet reads as its named stages: few branches, each stage a function of its own."""
    tree = ast.parse(textwrap.dedent(inspect.getsource(validate.validate_sheet)))
    branches = sum(isinstance(node, _BRANCHES) for node in ast.walk(tree))
    comprehension_ifs = sum(len(node.ifs) for node in ast.walk(tree) if isinstance(node, ast.comprehension))
    assert branches + comprehension_ifs <= 10
    assert len(inspect.getsource(validate.validate_sheet).splitlines()) <= 30
