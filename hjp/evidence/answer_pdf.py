"""The clinician's answers drawn as a PDF, with their provenance, for the adviser's case file."""

from django.conf import settings
from django.template.loader import render_to_string

from hjp.evidence.models import EvidenceAnswer, EvidenceRequest


def answer_pdf(request: EvidenceRequest, answer: EvidenceAnswer, *, provenance: str) -> bytes:
    """A tagged A4 PDF of the questions and answers; it fetches nothing from anywhere."""
    # WeasyPrint takes about half a second to import; only drawing a PDF needs it.
    import weasyprint
    from weasyprint.urls import URLFetcher

    class NoFetching(URLFetcher):
        def fetch(self, url, headers=None):
            raise ValueError(f"The evidence PDF fetches nothing: {url}")

    html = render_to_string(
        "evidence/answer_pdf.jinja",
        {"request": request, "answer": answer, "provenance": provenance},
    )
    document = weasyprint.HTML(
        string=html, base_url=str(settings.BASE_DIR), url_fetcher=NoFetching()
    )
    return document.write_pdf(pdf_tags=True)
