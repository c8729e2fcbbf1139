"""Organisations, the partnerships they form and the sites where care and advice happen
(`partnerships`); the partnership's funding and in-kind support (`funding`) and its goals
(`goals`). Split by subject; import from here."""

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
    "HealthSetting",
    "IntegrationModel",
    "Organisation",
    "OrganisationQuerySet",
    "Partnership",
    "PartnershipMember",
    "PartnershipMemberQuerySet",
    "PartnershipQuerySet",
    "Site",
    "SiteQuerySet",
]
