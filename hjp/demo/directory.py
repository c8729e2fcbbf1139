"""The services the demo organisations offer, which referrals are sent to."""

from hjp.demo.world import DemoWorld, acting, table
from hjp.directory.models import Service
from hjp.directory.services import create_service

# organisation | kind | health team | capacity | weeks waiting | self-referrals | advice areas |
# name
SERVICES = """
kirkgateadvice  | advice | -                    | accepting | - | yes | welfare_benefits debt housing employment community_care | Welfare benefits and debt advice
kirkgateadvice  | advice | -                    | waitlist  | 3 | no  | housing immigration                                      | Housing and immigration casework
leodiscouncil   | advice | -                    | accepting | - | no  | welfare_benefits debt community_care                     | Welfare rights service
chapelfold      | health | gp_review            | accepting | - | no  | -                                                        | GP review
leodishospitals | health | mental_health        | accepting | - | no  | -                                                        | Community mental health team
seacroftgreen   | health | social_prescribing   | accepting | - | no  | -                                                        | Social prescribing link workers
leodishospitals | health | hospital_social_work | accepting | - | no  | -                                                        | Hospital social work
"""  # noqa: E501

DESCRIPTIONS = {
    "Welfare benefits and debt advice": (
        "Benefit checks, claims and challenges to decisions, help with priority and other debts, "
        "housing costs, work and sickness, and paying for care. Appointments at the centre, at "
        "the partner practices, by phone or by video."
    ),
    "Housing and immigration casework": (
        "Casework and representation for possession claims, homelessness, disrepair, and "
        "immigration status where it affects housing or benefits."
    ),
    "Welfare rights service": (
        "The council's welfare rights officers: benefit checks, claims, mandatory "
        "reconsiderations and tribunal representation, and council tax support."
    ),
    "GP review": (
        "A review with a GP at the practice, for medical evidence or a change in treatment "
        "when advice work shows it is needed."
    ),
    "Community mental health team": (
        "Assessment and support for adults with mental health needs that primary care cannot meet."
    ),
    "Social prescribing link workers": (
        "Link workers for the Seacroft, Armley and Gipton practices: community groups, "
        "befriending, practical help and activities."
    ),
    "Hospital social work": (
        "Care and support assessments and discharge planning for patients of the trust."
    ),
}
COORDINATOR = ("Leanne Proctor", "kirkgateadvice")


def ensure_services(world: DemoWorld) -> dict[str, Service]:
    """Each service, found by organisation and name or added by the coordinator; by name."""
    coordinator = acting(world, *COORDINATOR)
    services = {}
    for key, kind, team, capacity, weeks, self_referrals, areas, name in table(SERVICES):
        organisation = world.organisations[key]
        service = Service.objects.filter(organisation=organisation, name=name).first()
        if service is None:
            service = create_service(
                by=coordinator,
                partnership=world.partnership,
                organisation=organisation,
                name=name,
                kind=kind,
                health_team=team,
                description=DESCRIPTIONS[name],
                advice_areas=areas.split(),
                capacity=capacity,
                waiting_weeks=int(weeks) if weeks else None,
                accepts_self_referrals=self_referrals == "yes",
            )
        services[name] = service
    return services
