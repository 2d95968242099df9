"""Records: what readers and extractors produce and what the store writes.

Every record carries :class:`Provenance`. Records are validated against the schema on creation
(unknown label, missing key, wrong endpoint pair → ``ValueError`` naming the field).
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from kg import schema


class Provenance(BaseModel):
    """Where a fact came from: document id, the exact evidence, which extractor, how sure."""

    model_config = ConfigDict(frozen=True)
    source: str = Field(min_length=1, description="Document id (sha256) or reference-file id 'ref:<path>'")
    evidence: str | None = Field(default=None, description="sentence, table cell or row text")
    extractor: str = Field(min_length=1, description="name@version")
    confidence: float = Field(default=1.0, ge=0.0, le=1.0)
    locator: str | None = Field(default=None, description="row 12 / section 职业面向 / chars 10-42")

    def to_json(self) -> str:
        return json.dumps(self.model_dump(exclude_none=True), ensure_ascii=False, sort_keys=True)


_STATEMENT_FIELDS = ("source", "evidence", "extractor", "confidence", "locator")


def statements_of(props: dict[str, Any]) -> list[str]:
    """A stored fact's provenance statements as JSON texts, in order.

    A fact with several statements stores them (``provenance``); a fact with one stores no list, its
    summary properties (``source``, ``evidence``, ``extractor``, ``confidence``, ``locator``) being
    that statement — rebuilt here as ``Provenance.to_json`` writes it (sorted keys, no nulls). A row
    with neither (no provenance at all) → ``[]``. Graphs written before the compact form (a one-element
    ``provenance``) read the same."""
    stmts = props.get("provenance")
    if stmts:
        return [s if isinstance(s, str) else json.dumps(s, ensure_ascii=False, sort_keys=True) for s in stmts]
    if props.get("source") is None or props.get("extractor") is None:
        return []
    d = {k: props.get(k) for k in _STATEMENT_FIELDS if props.get(k) is not None}
    if "confidence" in d:
        d["confidence"] = float(d["confidence"])
    return [json.dumps(d, ensure_ascii=False, sort_keys=True)]


def sources_of(props: dict[str, Any]) -> list[str]:
    """Every document id that stated a stored fact (``sources``, or the one ``source``)."""
    if props.get("sources"):
        return list(props["sources"])
    return [props["source"]] if props.get("source") is not None else []


def with_statements(props: dict[str, Any]) -> dict[str, Any]:
    """A copy of a stored row with ``provenance`` (JSON texts) and ``sources`` always filled in, as
    exports and evidence views show them whatever the stored form (:func:`statements_of`)."""
    out = dict(props)
    stmts = statements_of(props)
    out["provenance"] = stmts or None
    out["sources"] = sources_of(props) or None
    return out


class NodeRecord(BaseModel):
    label: str
    key: str = Field(min_length=1)
    props: dict[str, Any] = Field(default_factory=dict)
    prov: Provenance

    @field_validator("label")
    @classmethod
    def _known_label(cls, v: str) -> str:
        if v not in schema.NODE_BY_LABEL:
            raise ValueError(f"unknown node label {v!r}")
        return v

    @model_validator(mode="after")
    def _known_props(self) -> "NodeRecord":
        nt = schema.NODE_BY_LABEL[self.label]
        unknown = set(self.props) - set(nt.props) - {"review"}
        if unknown:
            raise ValueError(f"{self.label}: unknown properties {sorted(unknown)}")
        return self

    def row(self) -> dict[str, Any]:
        """The store row; ``review`` (in props) flags the node for the Review queue."""
        return {schema.key_of(self.label): self.key, **self.props, "_prov": [self.prov]}


class RelRecord(BaseModel):
    type: str
    start_label: str
    start_key: str = Field(min_length=1)
    end_label: str
    end_key: str = Field(min_length=1)
    props: dict[str, Any] = Field(default_factory=dict)
    prov: Provenance

    @model_validator(mode="after")
    def _check(self) -> "RelRecord":
        if self.type not in schema.REL_BY_TYPE:
            raise ValueError(f"unknown relationship type {self.type!r}")
        schema.check_pair(self.type, self.start_label, self.end_label)
        unknown = set(self.props) - set(schema.rel(self.type).props) - {"review"}
        if unknown:
            raise ValueError(f"{self.type}: unknown properties {sorted(unknown)}")
        return self

    def row(self) -> dict[str, Any]:
        return {"from": self.start_key, "to": self.end_key, **self.props, "_prov": [self.prov]}


Record = NodeRecord | RelRecord


@dataclass
class ReviewItem:
    """One entry of the review queue: a proposed entity (``kind='node'``) or an uncertain link."""

    kind: str  # "node" | "link"
    label: str  # node label, or relationship type for links
    key: str | None = None
    name: str = ""
    start_label: str | None = None
    start_key: str | None = None
    start_name: str | None = None
    end_label: str | None = None
    end_key: str | None = None
    end_name: str | None = None
    confidence: float | None = None
    evidence: str | None = None
    source: str | None = None
    extractor: str | None = None
    provenance: list[dict] = field(default_factory=list)
    props: dict = field(default_factory=dict)
    source_title: str | None = None  # title (or path) of the source Document

    @property
    def id(self) -> str:
        if self.kind == "node":
            return f"node|{self.label}|{self.key}"
        return f"link|{self.label}|{self.start_label}|{self.start_key}|{self.end_label}|{self.end_key}"

    def describe(self) -> str:
        if self.kind == "node":
            return f"{self.label} {self.name} [{self.key}]"
        return f"{self.start_name} -[{self.label}]-> {self.end_name}"
