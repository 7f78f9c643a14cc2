"""Japanese and Chinese articles (scripts written without spaces) get through the pipeline.

Issue #13: 「」/『』 quotations in a language with no pack are found and shown unattributed,
never mis-paired. That only helps if such an article is not refused as "too short" (words
counted by \\w+ runs made a whole Japanese article ~15 words) and if its sentences end at 。！？.
The article below was written for this test; it is not taken from anywhere.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from bot.cli import main
from bot.models import Article, Quote, count_words
from bot.pipeline import MIN_WORDS, process_article
from bot.text.sentences import split_sentences

ROOT = Path(__file__).resolve().parents[1]
# count_words before scripts without spaces were counted fairly: everything else must match it.
_OLD_WORD = re.compile(r"\w+(?:[’'\-]\w+)*")

TITLE = "港町で新しい防波堤の建設始まる"
MAYOR = "「住民の命と暮らしを守るため、一日も早く完成させたい」"
CHIEF = "「船の出入りが制限される期間をできるだけ短くしてほしい。漁師にとっては死活問題だ！」"
JAPANESE = (
    "静岡県の小さな港町で十二日、老朽化した防波堤を建て替える工事が始まった。工事は三年がかりで、"
    "総事業費は約四十億円に上る見込みだ。町によると、昨年秋の台風では高潮が堤防を越え、"
    "沿岸の商店や住宅あわせて百二十棟が浸水した。\n\n"
    f"着工式で町長は{MAYOR}と述べた。式には漁業関係者や地元の小学生ら約八十人が参加した。\n\n"
    "一方、漁業協同組合の組合長は工事中の漁への影響を心配している。"
    f"組合長は{CHIEF}と話した。町は、工事の時期を漁の閑散期に合わせるなどの対策を検討するという。\n\n"
    "新しい防波堤は現在のものより二メートル高く、地震による津波にも耐えられる設計になる。"
    "町が昨年まとめた報告書『海と暮らす町』も、堤防のかさ上げを最優先の課題に挙げていた。"
    "完成は二〇二九年春の予定だ。"
)


def _texts() -> list[str]:
    data = ROOT / "benchmarks" / "data" / "quotes_ml"
    texts = [(ROOT / "tests" / "fixtures" / "seed" / "article.txt").read_text(encoding="utf-8")]
    texts += [p.read_text(encoding="utf-8") for p in sorted((data / "dev").glob("*.txt"))]
    return texts


def test_counts_of_spaced_scripts_are_unchanged():
    texts = _texts()
    assert len(texts) > 10
    for text in texts:
        assert count_words(text) == len(_OLD_WORD.findall(text))
    for text in ("Hello, world!", "well-known don't 3.5", "Мэр заявил: «Всё будет»", "", "  "):
        assert count_words(text) == len(_OLD_WORD.findall(text))


def test_unspaced_scripts_count_two_characters_a_word():
    assert count_words("日") == 1
    assert count_words("東京都") == 2  # rounded up
    assert count_words("東京でiPhone16を買った") == 1 + 4  # the Latin word counts as before
    assert count_words("カタカナ、ひらがな。") == 4  # punctuation is not counted
    # the whole article, ~400 characters, is a normal short article, not a teaser
    kana_han = len(re.findall(r"[〇\u3040-\u30ff\u4e00-\u9fff]", JAPANESE))
    assert count_words(JAPANESE) == -(-kana_han // 2) >= MIN_WORDS
    assert len(_OLD_WORD.findall(JAPANESE)) < MIN_WORDS  # what refused it before


def test_japanese_sentences_end_at_the_stops_and_never_inside_a_quotation():
    sentences = split_sentences(JAPANESE, "ja")
    texts = [s.text for s in sentences]
    for s in sentences:
        assert JAPANESE[s.start : s.end] == s.text
        assert s.text[-1] in "。！？」』", s.text
        assert s.text.count("「") == s.text.count("」")
        assert s.text.count("『") == s.text.count("』")
    assert texts[0] == "静岡県の小さな港町で十二日、老朽化した防波堤を建て替える工事が始まった。"
    assert f"着工式で町長は{MAYOR}と述べた。" in texts
    # the stops inside the chief's words end neither his quotation nor the sentence
    assert f"組合長は{CHIEF}と話した。" in texts
    assert len(texts) == JAPANESE.count("。") - CHIEF.count("。")


@pytest.mark.parametrize("language", ["zh", None])
def test_chinese_stops_and_closing_marks(language):
    text = (
        "市政府今天宣布，新图书馆将于明年开放。市长表示：「我们会尽快完成。这是大家的图书馆！」"
        "工程预算约为两亿元？（记者报道。）「谢谢。」他说。最后一句。"
    )
    texts = [s.text for s in split_sentences(text, language)]
    assert texts == [
        "市政府今天宣布，新图书馆将于明年开放。",
        "市长表示：「我们会尽快完成。这是大家的图书馆！」工程预算约为两亿元？",
        "（记者报道。）",
        "「谢谢。」他说。",
        "最后一句。",
    ]


def test_english_is_split_as_before_even_with_corner_marks_around():
    text = "He left. She stayed! Did they? Yes."
    assert [s.text for s in split_sentences(text)] == [
        "He left.",
        "She stayed!",
        "Did they?",
        "Yes.",
    ]


def test_a_japanese_article_is_summarised_and_its_quotations_listed_unattributed(tmp_path, capsys):
    path = tmp_path / "japanese.txt"
    path.write_text(TITLE + "\n\n" + JAPANESE, encoding="utf-8")
    assert main(["summarize", str(path), "--json"]) == 0
    (record,) = [json.loads(line) for line in capsys.readouterr().out.splitlines() if line]
    assert record["error"] is None  # not refused as too short
    assert record["language"] == "ja" and record["word_count"] >= MIN_WORDS
    assert len(record["summary"]) == 3
    assert all(s in record["text"] and s.endswith("。") for s in record["summary"])

    assert main(["summarize", str(path)]) == 0
    out = capsys.readouterr().out
    assert out.startswith(TITLE + "\n") and out.count("• ") == 3

    # The two spoken quotations are listed as quotes, unattributed, and end as written (no
    # Latin full stop added to 「…したい」); the short work title in 『』 stays a fragment.
    assert main(["quotes", str(path)]) == 0
    lines = [line for line in capsys.readouterr().out.splitlines()[1:] if line]
    assert lines == [f"  “{MAYOR[1:-1]}” — unattributed", f"  “{CHIEF[1:-1]}” — unattributed"]

    # Every quotation is found whole, between its own marks, and no speaker is guessed: the
    # language has no pack.
    assert main(["quotes", str(path), "--all", "--json"]) == 0
    (record,) = [json.loads(line) for line in capsys.readouterr().out.splitlines() if line]
    text = record["text"]
    direct = [q for q in record["quotes"] if q["kind"] == "direct"]
    assert [q["text"] for q in direct] == [MAYOR[1:-1], CHIEF[1:-1], "海と暮らす町"]
    assert [q["partial"] for q in direct] == [False, False, True]
    for q in direct:
        assert text[q["start"] : q["end"]] == q["text"]
        assert text[q["start"] - 1] + text[q["end"]] in ("「」", "『』")
        assert q["speaker"] is None


def test_the_pipeline_takes_the_article_directly():
    done = process_article(Article(paragraphs=tuple(JAPANESE.split("\n\n")), language="ja"))
    assert done.summary.sentences
    assert len(done.sentences) >= 8


def test_a_caseless_quotation_keeps_its_end_and_a_cased_one_gets_a_full_stop():
    assert _quote("一日も早く完成させたい").display_text == "一日も早く完成させたい"
    assert _quote("死活問題だ！").display_text == "死活問題だ！"
    assert _quote("We will finish it").display_text == "We will finish it."
    assert _quote("Мы закончим").display_text == "Мы закончим."


def _quote(text: str) -> Quote:
    return Quote(text=text, start=0, end=len(text), speaker=None)
