"""Risks: needs and protection risks on the route, protection risk factors by group
(``protection_risks``) and the vulnerability profile of the people interviewed, in
indicative mode (flow monitoring surveys and captive-portal forms are non-probability
samples)."""

from __future__ import annotations

from evidence.risks.needs import QUESTIONS, any_risk, choice_shares, needs_and_risks
from evidence.risks.portal_smuggling import portal_smuggling
from evidence.risks.protection import ProtectionRisks, protection_risks
from evidence.risks.vulnerability import FACTORS, vulnerability_factors, vulnerability_profile

__all__ = [
    "FACTORS",
    "QUESTIONS",
    "ProtectionRisks",
    "any_risk",
    "choice_shares",
    "needs_and_risks",
    "portal_smuggling",
    "protection_risks",
    "vulnerability_factors",
    "vulnerability_profile",
]
