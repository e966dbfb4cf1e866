"""The sales team per seller and period: objectives, their achievement, conversion, sales per hour."""

from __future__ import annotations

__all__: list[str] = []
