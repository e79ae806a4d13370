"""Request bodies of the HTTP API (pydantic models; they also make the OpenAPI docs)."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from ..limits import DEFAULT_MAX_WORDS

EXAMPLE_CLUSTER: dict[str, Any] = {
    "id": "lu-mien-trung",
    "documents": [
        {
            "id": "a",
            "title": "Lũ lớn ở miền Trung, hơn 3.000 hộ dân phải sơ tán",
            "source": "Báo Mẫu",
            "date": "2025-10-21",
            "text": (
                "Mưa lớn kéo dài từ hôm thứ Hai khiến nước sông Hương dâng cao. "
                "Hơn 3.000 hộ dân ở Thừa Thiên Huế đã được sơ tán đến nơi an toàn."
            ),
        },
        {
            "id": "b",
            "title": "Huế sơ tán dân tránh lũ",
            "source": "Tin Nhanh",
            "date": "2025-10-21",
            "text": (
                "Chính quyền Thừa Thiên Huế đã sơ tán hơn 3.000 hộ dân khỏi vùng trũng thấp. "
                "Mực nước sông Hương tại trạm Kim Long vượt báo động 3."
            ),
        },
    ],
    "max_words": 60,
}


class DocumentIn(BaseModel):
    """One article. ``text`` is plain text, or raw HTML when ``format`` is ``"html"``."""

    model_config = ConfigDict(extra="allow")

    id: str | None = Field(None, description="unique within the cluster; d1, d2, ... if absent")
    title: str = ""
    text: str = Field(..., description="article text, or an HTML page or fragment")
    source: str = Field("", description="outlet, e.g. 'VTC News'")
    date: str | None = Field(None, description="publication date, ISO 'YYYY-MM-DD' when known")
    url: str = ""
    format: Literal["auto", "text", "html"] = Field(
        "auto",
        description="'auto': HTML is detected by content and reduced to its main text (nothing "
        "is fetched), a text without title has its first line read as a text file's; "
        "'html': always HTML; 'text': the text as it is",
    )


class ClusterIn(BaseModel):
    """A cluster in the documented schema; extra fields (category, summaries, ...) are kept."""

    model_config = ConfigDict(extra="allow")

    id: str = ""
    documents: list[DocumentIn]


class SummarizeRequest(ClusterIn):
    model_config = ConfigDict(extra="allow", json_schema_extra={"examples": [EXAMPLE_CLUSTER]})

    method: str = Field("default", description="a name from GET /v1/methods")
    max_words: int = Field(
        DEFAULT_MAX_WORDS, description="budget in syllables (whitespace-separated)"
    )
    format: Literal["json", "markdown", "text", "plain"] = Field(
        "json",
        description="json; markdown (footnotes); text (sentences with [1,2] markers and the "
        "list of sources); plain (the bare sentences)",
    )
    date_anchors: bool = Field(
        True,
        description="add the resolved date after a day/month date or relative time written "
        "without a year ('Hôm 18/06 [18/6/2024]') when the summary spans several days; the "
        "JSON marks each insertion in 'inserted'. false: dates as written (CLI "
        "--no-date-anchors)",
    )
    include_sources: bool = Field(
        False,
        description="add per-sentence citations with sentence positions and the cleaned "
        "documents with sentence offsets (for highlighting the evidence)",
    )


class ReportRequest(ClusterIn):
    model_config = ConfigDict(extra="allow", json_schema_extra={"examples": [EXAMPLE_CLUSTER]})

    method: str = "default"
    max_words: int = DEFAULT_MAX_WORDS
    include_sources: bool = False
    date_anchors: bool = True
