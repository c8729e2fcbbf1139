"""Organisations, the partnerships they form and the sites where care and advice happen
(`partnerships`); the partnership's funding and in-kind support (`funding`) and its goals
(`goals`). Split by subject; import from here."""

from hjp.partnerships.models.funding import (
    FundingRenewalAlert,
    FundingStream,
    InKindSupport,
)
from hjp.partnerships.models.goals import (
    GoalMeasure,
    GoalUnit,
    PartnershipGoal,
    PartnershipGoalRevision,
)
from hjp.partnerships.models.partnerships import (
    AdviceArea,
    DeliveryMode,
    HealthSetting,
    IntegrationModel,
    Organisation,
    OrganisationQuerySet,
    Partnership,
    PartnershipMember,
    PartnershipMemberQuerySet,
    PartnershipQuerySet,
    Site,
    SiteQuerySet,
)

__all__ = [
    "AdviceArea",
    "DeliveryMode",
    "FundingRenewalAlert",
    "FundingStream",
    "GoalMeasure",
    "GoalUnit",
    "HealthSetting",
    "InKindSupport",
    "IntegrationModel",
    "Organisation",
    "OrganisationQuerySet",
    "Partnership",
    "PartnershipGoal",
    "PartnershipGoalRevision",
    "PartnershipMember",
    "PartnershipMemberQuerySet",
    "PartnershipQuerySet",
    "Site",
    "SiteQuerySet",
]
