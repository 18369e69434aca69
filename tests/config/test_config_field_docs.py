"""``field_docs`` gives a model's fields the descriptions pydantic's attribute docstrings do."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from runner.config.reconcile import ReconcileConfig
from runner.contracts.spec import ContractFields
from runner.fielddocs import field_docs


class ByPydantic(BaseModel):
    model_config = ConfigDict(use_attribute_docstrings=True)

    plain: int = 1
    """One line."""
    long: str = ""
    """First line,
    then an indented second line."""
    given: int = Field(default=0, description="written in the field")
    """not this"""
    undocumented: int = 0
    after_blank: int = 0

    """a string after a blank line is still the field's"""

    def method(self) -> None:
        """not a field's"""


@field_docs
class ByFieldDocs(BaseModel):
    plain: int = 1
    """One line."""
    long: str = ""
    """First line,
    then an indented second line."""
    given: int = Field(default=0, description="written in the field")
    """not this"""
    undocumented: int = 0
    after_blank: int = 0

    """a string after a blank line is still the field's"""

    def method(self) -> None:
        """not a field's"""


def descriptions(model: type[BaseModel]) -> dict[str, str | None]:
    return {name: info.description for name, info in model.model_fields.items()}


def test_the_same_descriptions_as_pydantic_gives() -> None:
    assert descriptions(ByFieldDocs) == descriptions(ByPydantic)
    assert descriptions(ByFieldDocs)["long"] == "First line,\nthen an indented second line."
    schema = ByFieldDocs.model_json_schema()
    assert schema["properties"]["plain"]["description"] == "One line."
    assert "description" not in schema["properties"]["undocumented"]


def test_the_models_that_use_it_describe_every_field() -> None:
    for model in (ReconcileConfig, ContractFields):
        missing = [n for n, i in model.model_fields.items() if not i.description]
        assert missing in ([], ["description"]), model
