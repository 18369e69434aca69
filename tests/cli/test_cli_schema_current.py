"""The committed JSON Schemas in schema/ match what ``runner schema`` generates now."""

from __future__ import annotations

from pathlib import Path

import pytest

from runner.commands.schema import BUILTIN_PACKAGE, render
from runner.config.jsonschema import DOCUMENTS, document_schema

REPO = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize("document", DOCUMENTS)
def test_committed_schema_is_current(document: str) -> None:
    from runner.plugins import registry

    infos = [i for i in registry().all() if i.package == BUILTIN_PACKAGE]
    committed = REPO / "schema" / f"{document}.schema.json"
    assert committed.read_text(encoding="utf-8") == render(document_schema(document, infos)), (
        f"schema/{document}.schema.json is stale; regenerate it with "
        f"`runner schema --builtins-only --document {document} -o {committed.relative_to(REPO)}`"
    )
