"""Fixtures of the service tests: three short Vietnamese articles (written for these tests)
about one fictional event, a test client of the app, and for the browser tests the app served
on a free port (``server``) and headless Chromium (``browser``)."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from served_app import chromium, serving

ARTICLES = [
    {
        "id": "thoi-su",
        "title": "Tàu du lịch Sao Biển mắc cạn trên vịnh Hạ Long, 126 khách được cứu",
        "source": "Báo Thời Sự",
        "date": "2025-04-07",
        "text": (
            "Khoảng 21h ngày 6/4/2025, tàu du lịch Sao Biển chở 126 hành khách mắc cạn gần "
            "hòn Đầu Người trên vịnh Hạ Long.\n"
            "Lực lượng cứu hộ của Ban quản lý vịnh đã đưa toàn bộ hành khách lên hai tàu khác "
            "sau gần ba giờ.\n"
            "Không có ai bị thương, trong số hành khách có 48 người nước ngoài.\n"
            "Theo thuyền trưởng, sương mù dày khiến tàu đi lệch luồng khoảng 200 mét.\n"
            "Cảng vụ Quảng Ninh đã tạm đình chỉ hoạt động của tàu để điều tra nguyên nhân."
        ),
    },
    {
        "id": "bien-dong",
        "title": "Cứu 126 người trên tàu mắc cạn ở Hạ Long",
        "source": "Tin Biển Đông",
        "date": "2025-04-07",
        "text": (
            "Tối qua, tàu Sao Biển chở 126 du khách bị mắc cạn trên vịnh Hạ Long.\n"
            "Sau gần ba giờ, toàn bộ hành khách được lực lượng cứu hộ đưa sang hai tàu khác an "
            "toàn.\n"
            "Một hành khách người Pháp cho biết mọi người giữ bình tĩnh và mặc áo phao theo "
            "hướng dẫn.\n"
            "Cảng vụ Quảng Ninh đình chỉ hoạt động của tàu Sao Biển để làm rõ nguyên nhân.\n"
            "Năm ngoái, vịnh Hạ Long đón hơn 4,5 triệu lượt khách."
        ),
    },
    {
        "id": "mien-bac",
        "title": "Sương mù khiến tàu du lịch đi lệch luồng",
        "source": "Nhật báo Miền Bắc",
        "date": "2025-04-08",
        "text": (
            "Sương mù dày đặc là nguyên nhân ban đầu khiến tàu Sao Biển đi lệch luồng và mắc "
            "cạn tối 6/4.\n"
            "Hôm thứ Hai, Cảng vụ Quảng Ninh cho biết thuyền trưởng có đủ bằng cấp theo quy "
            "định.\n"
            "Tất cả 126 hành khách đã được cứu an toàn, không ai bị thương.\n"
            "Giám đốc Sở Du lịch đề nghị các chủ tàu theo dõi dự báo thời tiết trước mỗi "
            "chuyến đi đêm.\n"
            "Tàu sẽ được kéo về cảng Tuần Châu khi thuỷ triều lên."
        ),
    },
]


def make_cluster(**options: object) -> dict:
    return {"id": "sao-bien", "documents": [dict(a) for a in ARTICLES], **options}


@pytest.fixture
def cluster() -> Callable[..., dict]:
    """``cluster(**options)``: a fresh request body with the three articles."""
    return make_cluster


@pytest.fixture
def client() -> Iterator:
    pytest.importorskip("fastapi", reason="the service needs: pip install 'tomtat[serve]'")
    from fastapi.testclient import TestClient

    from tomtat.service.app import create_app
    from tomtat.service.config import ServiceConfig

    # threads, so tests can stand in for engine functions (process workers: test_deadlines.py)
    config = ServiceConfig(
        max_body_bytes=200_000, max_documents=5, max_chars=5_000, max_words=500, isolation="thread"
    )
    app = create_app(config)
    with TestClient(app, base_url="http://localhost", raise_server_exceptions=False) as c:
        yield c


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    """The app (default settings) under uvicorn on 127.0.0.1; its base URL."""
    pytest.importorskip("uvicorn", reason="the service needs: pip install 'tomtat[serve]'")
    from tomtat.service.app import create_app

    with serving(create_app()) as url:
        yield url


@pytest.fixture(scope="module")
def browser() -> Iterator:
    """Headless Chromium for the module's page tests."""
    with chromium() as b:
        yield b
