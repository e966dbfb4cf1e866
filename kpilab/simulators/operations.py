"""Simulators of lesson 10: gestion opérationnelle (prices, margins, stocks, break-even)."""

from __future__ import annotations

ALL: tuple = ()  # the simulators of this module, registered in kpilab.simulators.SIMULATORS
