"""PDFs: generated from text we wrote, read back in order with metadata; bad files get one
clear message each; a decompression bomb and a runaway job don't hurt the worker pool."""

from __future__ import annotations

import resource
import sys

import pytest

from bot.errors import (
    BrokenPdfError,
    EncryptedPdfError,
    ImageOnlyPdfError,
    PdfTooComplexError,
    TooLittleTextError,
    WorkTimeoutError,
)
from bot.pdf import MAX_PAGES, read_pdf
from bot.pipeline import process_page
from bot.workers import WorkerPool
from tests.pdfgen import bomb_pdf, broken_pdf, image_only_pdf, make_pdf, many_pages_pdf

HEADING = "Ferry crews agree new winter timetable"
STORY = [
    "Crews on the Saltmere ferry line agreed on Thursday to a winter timetable that drops the "
    "last evening crossing but adds an early boat for hospital staff, ending two months of "
    "talks with the operator.",
    "“Nobody wanted to lose the late boat, but the early one is what nurses asked us for,” "
    "said Tomas Varga, who speaks for the crews. He said the change would be reviewed in April.",
    "The operator had proposed cutting three crossings to save fuel. Under the agreement only "
    "one goes, and the saving is found instead by running the smaller vessel on quiet Sundays.",
    "Islanders who work late shifts on the mainland said the loss of the evening boat would "
    "leave them with a choice between a taxi and a night in town. “It is a long walk home "
    "across the water,” said Ines Moor, a cook at the harbour hotel.",
    "The operator said a shared minibus would meet the last remaining boat at the mainland "
    "pier during the winter months, and that ticket prices would not change before March.",
    "The new timetable starts on the first Monday of November and will be posted at both piers "
    "and on the noticeboard outside the island shop.",
]
COLUMNS = [
    "The library on Quarry Lane will open on Sunday afternoons from next month, the parish "
    "council said, after volunteers offered to staff the desk in turns.",
    "Opening hours on weekdays stay as they are. The reading room upstairs will also be used "
    "for homework club on Tuesday and Thursday evenings during term.",
    "Volunteers are still needed for two Sundays a month, and anyone interested can leave their "
    "name at the desk or with the parish clerk.",
]


def _words(text: str) -> list[str]:
    return text.replace("\n\n", " ").split()


def test_a_pdf_reads_in_order_with_its_heading_as_the_title():
    article = read_pdf(make_pdf(STORY, heading=HEADING), "https://example.org/ferry.pdf")
    assert article.title == HEADING
    assert article.author is None
    assert _words(article.text) == _words("\n\n".join(STORY))
    assert article.paragraphs == tuple(STORY)  # paragraphs rebuilt from the line layout
    assert article.site == "PDF · 1 page"
    assert article.language == "en"


def test_metadata_title_and_author_win_and_the_printed_title_is_not_body_text():
    data = make_pdf(STORY, heading=HEADING, title=HEADING, author="Lena Okafor")
    article = read_pdf(data)
    assert (article.title, article.author) == (HEADING, "Lena Okafor")
    assert article.paragraphs[0].startswith("Crews on the Saltmere")


def test_two_columns_are_read_column_by_column():
    article = read_pdf(make_pdf(COLUMNS * 2, columns=2))
    assert _words(article.text) == _words("\n\n".join(COLUMNS * 2))
    assert article.paragraphs == tuple(COLUMNS * 2)


def test_a_pdf_gets_a_summary_and_attributed_quotes_through_the_pipeline():
    processed = process_page(make_pdf(STORY, heading=HEADING), "https://example.org/f.pdf")
    speakers = {q.speaker for q in processed.key_quotes}
    assert "Tomas Varga" in speakers
    assert processed.summary.sentences
    assert processed.article.title == HEADING


def test_only_the_first_pages_of_a_long_pdf_are_read_and_it_says_so():
    para = "The committee heard evidence about the harbour wall and the tides this week."
    article = read_pdf(many_pages_pdf(MAX_PAGES + 5, para))
    assert article.site == f"PDF · first {MAX_PAGES} of {MAX_PAGES + 5} pages read"
    assert article.paragraphs[-1].startswith(f"Page {MAX_PAGES}.")
    assert len(article.paragraphs) == MAX_PAGES


@pytest.mark.parametrize(
    ("data", "error", "words"),
    [
        (make_pdf(STORY, user_password="hunter2"), EncryptedPdfError, "password-protected"),
        (broken_pdf(), BrokenPdfError, "damaged"),
        (image_only_pdf(), ImageOnlyPdfError, "no text in it"),
        (b"%PDF-1.4\n", BrokenPdfError, "damaged"),
    ],
)
def test_bad_pdfs_get_one_clear_message_each(data, error, words):
    with pytest.raises(error) as info:
        process_page(data, "https://example.org/bad.pdf", is_html=False, pdf=True)
    assert words in info.value.user_message
    assert "Traceback" not in info.value.user_message


def test_a_pdf_encrypted_without_a_user_password_opens():
    article = read_pdf(make_pdf(STORY, heading=HEADING, user_password=""))
    assert article.paragraphs == tuple(STORY)


# --- the worker pool: bombs and runaway jobs ---------------------------------------------------


def _peak_rss_mib() -> float:
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KiB on Linux, bytes on macOS
    return peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024


def _spin() -> None:
    while True:
        pass


BOMB_MIB = 512


async def test_a_decompression_bomb_neither_kills_the_worker_nor_raises_its_memory():
    data = bomb_pdf(BOMB_MIB)
    assert len(data) < 1024 * 1024  # 512 MiB of content stream in under 1 MiB of file
    pool = WorkerPool(1)
    await pool.start()
    try:
        before = await pool.run(_peak_rss_mib)
        with pytest.raises(PdfTooComplexError) as info:
            await pool.run(process_page, data, "https://example.org/bomb.pdf", pdf=True)
        assert "too large or complex" in info.value.user_message
        after = await pool.run(_peak_rss_mib)
        # The same worker answers again, and its peak memory barely moved.
        assert pool.generations == 1
        assert after - before < 64, (before, after)
        ok = await pool.run(process_page, make_pdf(STORY, heading=HEADING), None)
        assert ok.article.title == HEADING
    finally:
        await pool.close()


async def test_a_job_past_its_time_limit_is_stopped_and_the_worker_lives_on():
    pool = WorkerPool(1)
    await pool.start()
    try:
        with pytest.raises(WorkTimeoutError):
            await pool.run(_spin, time_limit=0.5)
        assert pool.generations == 1
        ok = await pool.run(process_page, make_pdf(STORY, heading=HEADING), None, time_limit=30)
        assert ok.article.title == HEADING
    finally:
        await pool.close()


def test_a_short_pdf_says_it_is_short_not_paywalled():
    with pytest.raises(TooLittleTextError) as info:
        process_page(make_pdf(STORY[:1], heading=HEADING), None)
    assert info.value.user_message.startswith("That PDF has only ")
    assert "paywall" not in info.value.user_message
