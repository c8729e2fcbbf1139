"""Who receives demo referrals, and the script a demo referral's life is planned as."""

import datetime
import random
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Team:
    """Who triages a service's referrals, and who takes on each advice area."""

    organisation: str
    triage: str
    workers: dict[str, tuple[str, ...]]  # advice area ("" for any) -> who may take it

    def worker_for(self, rng: random.Random, areas) -> str:
        first = areas[0] if areas else ""
        return rng.choice(self.workers.get(first) or self.workers[""])


KIRKGATE = Team(
    "kirkgateadvice",
    "Janet Whitaker",
    {
        "": ("Imran Siddiqui", "Tomasz Nowak", "Hannah Crowther"),
        "welfare_benefits": ("Imran Siddiqui", "Tomasz Nowak"),
        "debt": ("Hannah Crowther",),
        "housing": ("Hannah Crowther",),
        "immigration": ("Hannah Crowther",),
        "employment": ("Tomasz Nowak",),
        "community_care": ("Tomasz Nowak", "Imran Siddiqui"),
    },
)
COUNCIL = Team("leodiscouncil", "Mark Ellison", {"": ("Mark Ellison",)})
ADVICE_TEAMS = {"kirkgateadvice": KIRKGATE, "leodiscouncil": COUNCIL}
# The health services advisers refer on to, by health team.
HEALTH_TEAMS = {
    "gp_review": Team("chapelfold", "Dr Priya Raman", {"": ("Dr Priya Raman",)}),
    "mental_health": Team("leodishospitals", "Fiona McAllister", {"": ("Fiona McAllister",)}),
    "social_prescribing": Team("seacroftgreen", "Daniel Okafor", {"": ("Daniel Okafor",)}),
    "hospital_social_work": Team(
        "leodishospitals", "Fiona McAllister", {"": ("Fiona McAllister",)}
    ),
}


@dataclass
class Script:
    """One referral's planned life: who does what, and when."""

    sent: datetime.datetime
    steps: list[tuple] = field(default_factory=list)  # (moment, action, by, arguments)
    key: tuple = ()  # the person's plan key
    after: "Script | None" = None  # a referral this one follows from
    team: Team | None = None
    worker: str = ""
    started: datetime.datetime | None = None
    closed: datetime.datetime | None = None
    completed: bool = False

    def add(
        self, moment: datetime.datetime, action: str, by: tuple[str, str] | None, **arguments
    ) -> datetime.datetime:
        """Plan a step (an action, who takes it and its arguments); return its moment."""
        self.steps.append((moment, action, by, arguments))
        return moment

    @property
    def by_worker(self) -> tuple[str, str]:
        return (self.worker, self.team.organisation)

    @property
    def by_triage(self) -> tuple[str, str]:
        return (self.team.triage, self.team.organisation)


def pick(rng: random.Random, weights: dict[str, int]) -> str:
    """One of the keys, drawn in proportion to its weight."""
    return rng.choices(list(weights), weights=list(weights.values()))[0]
