"""Gestion opérationnelle per shop and period: captation, sales per m², stocks, break-even, forecasts."""

from __future__ import annotations

__all__: list[str] = []
