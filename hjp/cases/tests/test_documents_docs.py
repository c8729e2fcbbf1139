"""The casework guide's documents section agrees with the code."""

import re

from django.conf import settings

from hjp.cases.models import DocumentType
from hjp.cases.services.documents import ACCEPTED_KINDS, size_text
from hjp.cases.tests.guide import section


def test_the_guide_lists_every_document_type():
    rows = re.findall(r"^\| ([^|]+?) \|$", section("Documents"), re.M)
    assert rows[1:] == [label for _, label in DocumentType.choices]


def test_the_guide_lists_the_accepted_files_and_the_size_limit():
    text = " ".join(section("Documents").split())
    assert ", ".join(ACCEPTED_KINDS.values()) + "." in text
    assert f"a file larger than {size_text(settings.HJP_DOCUMENT_MAX_BYTES)} is refused" in text
