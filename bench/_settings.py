"""The referral benchmark's settings: sizes, rounds and targets, with the environment variables
(`HJP_BENCH_*`) that change them for a quicker or a bigger run."""

import os
import secrets


def _number(name: str, default: int) -> int:
    return int(os.environ.get(name, str(default)))


DATABASE = "hjp_bench"
REFERENCE_DATABASE = "hjp_bench_reference"

# Sync workers are CPU-bound here; on 2 cores that also run PostgreSQL and the load generator,
# 2 × cores workers keeps both cores busy while one worker waits on the database.
WORKERS = _number("HJP_BENCH_WORKERS", 2 * (os.cpu_count() or 1))
CLIENTS = _number("HJP_BENCH_CLIENTS", WORKERS)

# The data: the viewing organisation's referrals, and other tenants with as many each.
VIEWER_REFERRALS = _number("HJP_BENCH_VIEWER_REFERRALS", 10_000)
OTHER_TENANTS = _number("HJP_BENCH_OTHER_TENANTS", 2)
SMALL_REFERRALS = 5  # the small organisation whose inbox page the query count compares with
PEOPLE = _number("HJP_BENCH_PEOPLE", 2_000)  # people to refer, one a submission

# The rounds: every phase runs for ROUND_SECONDS in turn (submissions for twice as long, as
# they are slower), CYCLES times, after one warm-up round each.
CYCLES = _number("HJP_BENCH_CYCLES", 8)
ROUND_SECONDS = _number("HJP_BENCH_ROUND_SECONDS", 2)
SUBMISSION_ROUND_SECONDS = 2 * ROUND_SECONDS
RAW_INSERTS = _number("HJP_BENCH_RAW_INSERTS", 5_000)
PROFILE_ROUNDS = 20

INBOX_PATHS = ["/referrals/inbox", "/referrals/inbox?page=2", "/referrals/inbox?page=50"]
REQUESTS_PER_SUBMISSION = 3  # GET form, POST answers, POST "Send referral"

# Targets on the ratios of CPU per request (see bench/README.md).
HEALTHZ_TO_REFERENCE = 1.2
PAGE_TO_HEALTHZ = 6.0
SUBMISSION_TO_HEALTHZ = 12.0


def seed_config() -> dict:
    """What the seed step writes and what the in-process steps need, as plain JSON."""
    total = VIEWER_REFERRALS * (1 + OTHER_TENANTS) + SMALL_REFERRALS
    return {
        "clients": CLIENTS,
        "viewer_referrals": VIEWER_REFERRALS,
        "other_tenants": OTHER_TENANTS,
        "referrals_per_other_tenant": VIEWER_REFERRALS,
        "small_referrals": SMALL_REFERRALS,
        "total_referrals": total,
        "people": PEOPLE + 2 * PROFILE_ROUNDS + 4,
        "profile_rounds": PROFILE_ROUNDS,
        "inbox_paths": INBOX_PATHS,
        "reference_user": "reference",
        "reference_password": secrets.token_urlsafe(18),
    }
