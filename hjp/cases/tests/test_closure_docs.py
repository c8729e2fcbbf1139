"""The casework guide's closing rules agree with the code."""

import re

from hjp.cases.caseload import PAGE_SIZE
from hjp.cases.presenters.case import INACTIVE_DAYS
from hjp.cases.services.closure import CLOSE_REASONS, REFERRAL_FAILS
from hjp.cases.tests.guide import section
from hjp.referrals.status import Reason, Status


def test_the_guide_lists_every_close_reason_and_what_it_does_to_the_referral():
    rows = re.findall(
        r"^\| ([^|]+?) \| ([^|]+?) \|$", section("Closing and reopening a case"), re.M
    )
    expected = []
    for reason in CLOSE_REASONS:
        if reason in REFERRAL_FAILS:
            becomes = f"{Status.FAILED.label} ({Reason(REFERRAL_FAILS[reason]).label.lower()})"
        else:
            becomes = Status.COMPLETED.label
        expected.append((reason.label, becomes))
    assert rows[1:] == expected


def test_the_guide_gives_the_caseload_numbers():
    text = " ".join(section("Caseloads and time recorded").split())
    assert f"No activity for {INACTIVE_DAYS} days" in text
    assert f"shows {PAGE_SIZE} cases a page" in text
    assert "does not count every case" in text
