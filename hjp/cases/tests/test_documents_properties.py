"""Whatever bytes are uploaded and whatever is typed, documents give a value or a message, never
a crash: the file's kind from its content, the time spent, and the size shown in a refusal."""

import io
import zipfile

from hypothesis import given
from hypothesis import strategies as st

from hjp.cases.forms.documents import MINUTES_NOT_A_NUMBER, UploadForm
from hjp.cases.services.documents import ACCEPTED_KINDS, DOCX, detect_content_type, size_text


def word_document() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


WORD = word_document()


@given(st.binary(max_size=300))
def test_any_bytes_are_an_accepted_kind_or_refused(data):
    assert detect_content_type(data) in {*ACCEPTED_KINDS, None}


@given(st.binary(max_size=300))
def test_any_bytes_after_a_zip_signature_are_a_word_document_or_refused(tail):
    assert detect_content_type(b"PK\x03\x04" + tail) in {None, DOCX}


@given(
    st.lists(st.tuples(st.integers(4, len(WORD) - 1), st.integers(0, 255)), min_size=1, max_size=4)
)
def test_a_damaged_word_document_is_recognised_or_refused_never_a_crash(changes):
    data = bytearray(WORD)
    for position, value in changes:
        data[position] = value
    assert detect_content_type(bytes(data)) in {None, *ACCEPTED_KINDS}


def test_a_zip_of_an_unsupported_version_is_refused():
    data = bytearray(WORD)
    # The "version needed to extract" of the first central directory entry: 6.4 is unsupported.
    central = data.index(b"PK\x01\x02")
    data[central + 6] = 64
    assert detect_content_type(bytes(data)) is None


@given(st.text(max_size=6000))
def test_any_time_spent_typed_is_a_number_of_minutes_or_a_message(typed):
    form = UploadForm({"minutes": typed})
    form.is_valid()
    if "minutes" in form.errors:
        # Django refuses a null character with its own message before the form's check.
        assert form.errors["minutes"] == [MINUTES_NOT_A_NUMBER] or "\x00" in typed
    else:
        assert 0 <= form.cleaned_data["minutes"] <= 1440


def test_superscripts_and_numbers_of_thousands_of_digits_are_not_minutes():
    for typed in ["²", "9" * 5000, "١٢", "+5", "1e3"]:
        form = UploadForm({"minutes": typed})
        assert not form.is_valid() and form.errors["minutes"] == [MINUTES_NOT_A_NUMBER]


@given(
    st.one_of(
        st.integers(1, 1023),
        st.integers(1, 1023).map(lambda kb: kb * 1024),
        st.integers(1, 1000).map(lambda mb: mb * 1024 * 1024),
    ),
    st.integers(1, 10**9),
)
def test_a_size_over_a_limit_in_bytes_or_whole_kilobytes_or_megabytes_never_reads_as_it(
    limit, extra
):
    assert size_text(limit + extra) != size_text(limit)


def test_sizes_read_in_bytes_kilobytes_and_megabytes_rounded_up():
    sizes = (1, 100, 1024, 1025, 10 * 1024 * 1024, 10 * 1024 * 1024 + 1)
    assert [size_text(n) for n in sizes] == [
        "1 byte",
        "100 bytes",
        "1 KB",
        "2 KB",
        "10 MB",
        "10.1 MB",
    ]
