"""Uploading through the page: the size limit at its edge, damaged files and odd numbers get a
message on the form and store nothing, and the case page says who uploaded each document."""

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse

from hjp.cases.forms.documents import MINUTES_NOT_A_NUMBER
from hjp.cases.models import CaseDocument, DocumentContent
from hjp.cases.services import documents as services
from hjp.cases.tests.factories import case_from_referral

LIMIT = 2048


@pytest.fixture
def case(world):
    return case_from_referral(world)


def pdf_of(size: int) -> bytes:
    return (b"%PDF-1.4\n" + b"x" * size)[:size]


def post(client, case, data: bytes, name: str = "letter.pdf", **fields):
    values = {
        "file": SimpleUploadedFile(name, data),
        "document_type": "correspondence",
        "title": "A letter",
        "source": "client",
        "visibility": "privileged",
        **fields,
    }
    return client.post(reverse("cases:document_upload", kwargs={"case_pk": case.pk}), values)


def nothing_stored() -> bool:
    return not CaseDocument.objects.exists() and not DocumentContent.objects.exists()


@override_settings(HJP_DOCUMENT_MAX_BYTES=LIMIT)
def test_a_file_of_exactly_the_limit_is_accepted(world, login, case):
    response = post(login(world.user("adviser")), case, pdf_of(LIMIT))
    assert response.status_code == 302
    assert CaseDocument.objects.get().size == LIMIT


@override_settings(HJP_DOCUMENT_MAX_BYTES=LIMIT)
def test_a_file_one_byte_over_the_limit_is_refused_with_both_sizes(world, login, case):
    response = post(login(world.user("adviser")), case, pdf_of(LIMIT + 1))
    page = response.content.decode()
    assert response.status_code == 200 and "There is a problem" in page
    assert "The file must be 2 KB or smaller; this one is 3 KB" in page
    assert nothing_stored()


@override_settings(HJP_DOCUMENT_MAX_BYTES=LIMIT)
def test_a_file_far_over_the_limit_is_refused_with_its_true_size(world, login, case):
    response = post(login(world.user("adviser")), case, pdf_of(50 * 1024))
    assert "this one is 50 KB" in response.content.decode()
    assert nothing_stored()


def test_a_damaged_word_document_is_refused_on_the_form(world, login, case):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("word/document.xml", "<w:document/>")
    data = bytearray(buffer.getvalue())
    data[data.index(b"PK\x01\x02") + 6] = 64  # a ZIP version Python cannot read
    response = post(login(world.user("adviser")), case, bytes(data), name="form.docx")
    assert response.status_code == 200
    assert services.FILE_TYPE_REFUSED in response.content.decode()
    assert nothing_stored()


@pytest.mark.parametrize("minutes", ["²", "9" * 5000])
def test_time_spent_that_is_not_a_small_whole_number_is_refused_on_the_form(
    world, login, case, minutes
):
    response = post(login(world.user("adviser")), case, pdf_of(100), minutes=minutes)
    assert response.status_code == 200
    assert MINUTES_NOT_A_NUMBER in response.content.decode()
    assert nothing_stored()


def test_the_case_page_says_who_uploaded_each_document(world, login, case):
    post(login(world.user("adviser")), case, pdf_of(100))
    page = login(world.user("supervisor")).get(case.get_absolute_url()).content.decode()
    start = page.index('id="documents"')
    section = page[start : page.index("</section>", start)]
    assert "Uploaded by" in section and world.user("adviser").full_name in section
