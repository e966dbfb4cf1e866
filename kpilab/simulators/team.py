"""Simulators of lesson 11: piloting the sales team (objectives, per-seller KPIs)."""

from __future__ import annotations

ALL: tuple = ()  # the simulators of this module, registered in kpilab.simulators.SIMULATORS
