"""Every change to an evidence request, one service function each."""

from hjp.evidence.services.answers import (
    Attestation,
    EvidenceGiven,
    acknowledge_evidence_request,
    decline_evidence_request,
    provide_evidence,
)
from hjp.evidence.services.clock import expire_requests, send_reminders
from hjp.evidence.services.requests import (
    EvidenceAsk,
    record_fee_paid,
    request_clarification,
    request_evidence,
    send_evidence_request,
    withdraw_evidence_request,
)

__all__ = [
    "Attestation",
    "EvidenceAsk",
    "EvidenceGiven",
    "acknowledge_evidence_request",
    "decline_evidence_request",
    "expire_requests",
    "provide_evidence",
    "record_fee_paid",
    "request_clarification",
    "request_evidence",
    "send_evidence_request",
    "send_reminders",
    "withdraw_evidence_request",
]
