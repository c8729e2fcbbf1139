"""Documents of a case: the description in one table, the encrypted bytes in another."""

from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models

from hjp.cases.models.case import Case
from hjp.core.models import BaseModel

if TYPE_CHECKING:
    from hjp.accounts.actor import Actor


class DocumentType(models.TextChoices):
    DECISION_LETTER = "decision_letter", "Decision letter"
    MANDATORY_RECONSIDERATION_NOTICE = (
        "mandatory_reconsideration_notice",
        "Mandatory reconsideration notice",
    )
    CLAIM_FORM = "claim_form", "Claim form"
    MEDICAL_EVIDENCE = "medical_evidence", "Medical evidence"
    # Downloading a copy of records asks for a reason, which the audit trail keeps.
    MEDICAL_RECORDS = "medical_records", "Copy of medical records"
    COURT_PAPERS = "court_papers", "Court papers"
    TENANCY = "tenancy", "Tenancy agreement"
    CORRESPONDENCE = "correspondence", "Correspondence"
    IDENTITY = "identity", "Proof of identity"
    OTHER = "other", "Other"


class CaseDocumentQuerySet(models.QuerySet):
    def visible_to(self, actor: "Actor") -> "CaseDocumentQuerySet":
        """Documents of the organisation's cases that the actor may see (see `seen_by`)."""
        return self.filter(case__in=Case.objects.visible_to(actor)).seen_by(actor)

    def seen_by(self, actor: "Actor") -> "CaseDocumentQuerySet":
        """Leave out documents kept to another case's team: those are seen only by the case's
        adviser, their uploader and supervisors (for a case the caller has already authorised)."""
        if actor.role == "supervisor":
            return self
        return self.filter(
            models.Q(visibility=CaseDocument.Visibility.PRIVILEGED)
            | models.Q(case__adviser_id=actor.user_id)
            | models.Q(uploaded_by_id=actor.user_id)
        )


class CaseDocument(BaseModel):
    """What a document is, where it came from and who may see it; never its bytes."""

    class Source(models.TextChoices):
        CLIENT = "client", "The client"
        DWP = "dwp", "DWP or HMRC"
        COUNCIL = "council", "Council"
        COURT = "court", "Court or tribunal"
        HEALTH = "health", "Health service"
        OPPONENT = "opponent", "Opposing party"
        ADVISER = "adviser", "Written by us"
        OTHER = "other", "Other"

    class Visibility(models.TextChoices):
        PRIVILEGED = "privileged", "Advice organisation only"
        CASE_TEAM = "case_team", "The adviser and supervisors only"

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="documents")
    issue = models.ForeignKey(
        "cases.CaseIssue", null=True, blank=True, on_delete=models.PROTECT, related_name="documents"
    )
    document_type = models.CharField(max_length=40, choices=DocumentType.choices)
    title = models.CharField(max_length=200)
    filename = models.CharField(max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    document_date = models.DateField(null=True, blank=True)
    source = models.CharField(max_length=16, choices=Source.choices)
    visibility = models.CharField(
        max_length=16, choices=Visibility.choices, default=Visibility.PRIVILEGED
    )
    minutes = models.PositiveIntegerField(default=0)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    # Which key encrypted the bytes, so rotation knows what to re-encrypt.
    key_id = models.CharField(max_length=64)
    sha256 = models.CharField(max_length=64)

    objects = CaseDocumentQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["case", "-created_at"], name="document_case")]

    def __str__(self) -> str:
        return self.title


class DocumentContentQuerySet(models.QuerySet):
    def visible_to(self, actor: "Actor") -> "DocumentContentQuerySet":
        return self.filter(document__case__in=Case.objects.visible_to(actor))


class DocumentContent(models.Model):
    """The encrypted bytes of one document, read only when it is downloaded."""

    document = models.OneToOneField(
        CaseDocument, primary_key=True, on_delete=models.PROTECT, related_name="content"
    )
    ciphertext = models.BinaryField()

    objects = DocumentContentQuerySet.as_manager()

    def __str__(self) -> str:
        return f"Content of {self.document_id}"
