"""Faults injected by the real server on 127.0.0.1: 5xx HTML, cut bodies, dropped connections."""

from __future__ import annotations

import json

import httpx
import pytest

from voxys_frames.emulator import Emulator, EmulatorConfig, FaultConfig

PATH = "/api/v1/accounts/1/conversations"


def _serve(**faults: float) -> Emulator:
    return Emulator(
        EmulatorConfig(
            seed=2, conversations=30, token="t", rate_limit=0, faults=FaultConfig(seed=5, **faults)
        )
    )


def test_server_errors_have_html_bodies() -> None:
    with (
        _serve(server_error_rate=1.0).serve() as server,
        httpx.Client(base_url=server.base_url) as client,
    ):
        response = client.get(PATH, headers={"api_access_token": "t"})
        assert response.status_code in (502, 503, 504)
        assert response.headers["content-type"] == "text/html"
        assert response.text.lstrip().startswith("<")


def test_truncated_body_is_a_complete_response_with_invalid_json() -> None:
    with (
        _serve(truncated_rate=1.0).serve() as server,
        httpx.Client(base_url=server.base_url) as client,
    ):
        response = client.get(PATH, params={"status": "all"}, headers={"api_access_token": "t"})
        assert response.status_code == 200
        with pytest.raises(json.JSONDecodeError):
            json.loads(response.content)


def test_dropped_connection_breaks_mid_body() -> None:
    with (
        _serve(drop_rate=1.0).serve() as server,
        httpx.Client(base_url=server.base_url) as client,
        pytest.raises(httpx.RemoteProtocolError),
    ):
        client.get(PATH, params={"status": "all"}, headers={"api_access_token": "t"})


def test_slow_responses_trip_client_timeouts() -> None:
    emulator = Emulator(
        EmulatorConfig(
            seed=2, conversations=5, token="t", faults=FaultConfig(slow_rate=1.0, slow_seconds=1.0)
        )
    )
    with (
        emulator.serve() as server,
        httpx.Client(base_url=server.base_url, timeout=0.2) as client,
        pytest.raises(httpx.ReadTimeout),
    ):
        client.get(PATH, headers={"api_access_token": "t"})


def test_fault_rates_are_seeded() -> None:
    first = _serve(server_error_rate=0.3, truncated_rate=0.2)
    second = _serve(server_error_rate=0.3, truncated_rate=0.2)
    draws = [first.app.faults.draw() for _ in range(200)]
    assert draws == [second.app.faults.draw() for _ in range(200)]
    assert 40 <= draws.count("server_error") <= 80
