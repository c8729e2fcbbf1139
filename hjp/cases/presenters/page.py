"""Everything the case page shows, gathered from each subject's presenter in a fixed number of
queries whatever the size of the case or the organisation."""

from hjp.accounts.actor import Actor
from hjp.cases.models import Case
from hjp.cases.presenters import sections


def case_page_context(case: Case, *, actor: Actor) -> dict:
    """The context of the case page: one entry per section, each built by its own presenter."""
    return {
        "issues_section": sections.issues_section(case, actor=actor),
        "notes_section": sections.notes_section(case, actor=actor),
        "deadlines_section": sections.deadlines_section(case, actor=actor),
        "documents_section": sections.documents_section(case, actor=actor),
        "appointments_section": sections.appointments_section(case, actor=actor),
        "reviews_section": sections.reviews_section(case, actor=actor),
        "wellbeing_section": sections.wellbeing_section(case, actor=actor),
        "evidence_section": sections.evidence_section(case, actor=actor),
    }
