"""Word tokenizer and the sumy-compatible OfflineTokenizer (every summarizer, no nltk data)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from bot.text.tokenizer import OfflineTokenizer
from bot.text.words import is_word, tokenize_words, words

ROOT = Path(__file__).resolve().parents[1]


def test_tokenize_words_splits_punctuation_and_contractions() -> None:
    tokens = tokenize_words("He said, “I don’t know.” It cost $3.5bn.")
    assert tokens == [
        "He", "said", ",", "“", "I", "do", "n't", "know", ".", "”",
        "It", "cost", "$", "3.5bn", ".",
    ]  # fmt: skip


def test_is_word_and_words() -> None:
    assert is_word("well-known") and is_word("n't") and is_word("Zürich")
    assert not is_word(",") and not is_word("3.5") and not is_word("“")
    assert words("Hello, world! 42 times.") == ["Hello", "world", "times"]


def test_offline_tokenizer_interface() -> None:
    tok = OfflineTokenizer()
    assert tok.language == "english"
    assert tok.to_sentences("Mr. Smith left. He came back.") == ("Mr. Smith left.", "He came back.")
    assert tok.to_words("The U.S. economy grew, they said.") == (
        "The", "economy", "grew", "they", "said",
    )  # fmt: skip
    assert OfflineTokenizer("German").language == "german"


_SCRIPT = r"""
import json, sys
import nltk.data

def refuse(*args, **kwargs):
    raise AssertionError(f"nltk data lookup: {args!r}")

nltk.data.find = refuse
nltk.data.load = refuse

from sumy.nlp.stemmers import Stemmer
from sumy.parsers.plaintext import PlaintextParser
from sumy.summarizers.edmundson import EdmundsonSummarizer
from sumy.summarizers.kl import KLSummarizer
from sumy.summarizers.lex_rank import LexRankSummarizer
from sumy.summarizers.lsa import LsaSummarizer
from sumy.summarizers.luhn import LuhnSummarizer
from sumy.summarizers.random import RandomSummarizer
from sumy.summarizers.reduction import ReductionSummarizer
from sumy.summarizers.sum_basic import SumBasicSummarizer
from sumy.summarizers.text_rank import TextRankSummarizer
from sumy.utils import get_stop_words

from bot.text.tokenizer import OfflineTokenizer

text = sys.stdin.read()
parser = PlaintextParser.from_string(text, OfflineTokenizer("english"))
out = {}
for name, cls in [
    ("lexrank", LexRankSummarizer), ("lsa", LsaSummarizer), ("textrank", TextRankSummarizer),
    ("luhn", LuhnSummarizer), ("edmundson", EdmundsonSummarizer), ("sumbasic", SumBasicSummarizer),
    ("kl", KLSummarizer), ("reduction", ReductionSummarizer), ("random", RandomSummarizer),
]:
    summarizer = cls(Stemmer("english"))
    summarizer.stop_words = get_stop_words("english")
    if name == "edmundson":
        summarizer.bonus_words = ("council", "budget")
        summarizer.stigma_words = ("maybe",)
        summarizer.null_words = get_stop_words("english")
    out[name] = [str(s) for s in summarizer(parser.document, 3)]
print(json.dumps(out))
"""

_TEXT = """The city council approved a new budget on Tuesday after weeks of debate.
The budget raises spending on schools by 4% and cuts road repairs.

Mayor Jane Alvarez said the plan was fair. Opponents said it ignored the suburbs.
Dr. Li, who chairs the finance committee, voted for it. The vote was 7 to 2.

Teachers welcomed the money. Parents asked when new classrooms would open.
Maybe the roads will suffer. Work on the first school begins in March.
The council meets again next month to discuss the transport plan."""


def test_every_sumy_summarizer_runs_offline(tmp_path: Path) -> None:
    empty = tmp_path / "nltk_data"
    empty.mkdir()
    env = {
        "PATH": os.environ.get("PATH", ""),
        "HOME": str(tmp_path),
        "NLTK_DATA": str(empty),
        "PYTHONPATH": str(ROOT),
    }
    done = subprocess.run(
        [sys.executable, "-c", _SCRIPT],
        input=_TEXT,
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
        timeout=90,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    results = json.loads(done.stdout)
    assert set(results) == {
        "lexrank", "lsa", "textrank", "luhn", "edmundson", "sumbasic", "kl", "reduction", "random",
    }  # fmt: skip
    for name, sentences in results.items():
        assert len(sentences) == 3, name
        for sentence in sentences:
            assert sentence in _TEXT.replace("\n", " ") or sentence in _TEXT, (name, sentence)
    assert list(empty.iterdir()) == []


def test_stdlib_regex_word_tokenizer_matches_stock_nltk() -> None:
    from nltk.tokenize.destructive import NLTKWordTokenizer

    from bot.text.words import _TOKENIZER

    stock = NLTKWordTokenizer()
    for text in [
        "Good muffins cost $3.88 (roughly 3,36 euros)\nin New York.  Please buy me two.",
        "“I can't,” he said -- 'they'll gonna wanna see' [sic]... <ok> {x} It's 5:30; #1 @me!",
        "Don't you know?! 'Tis Mr. O'Neil's car, isn't it… — yes – no.",
        'He said "stop" and she\'d left. cannot gimme lemme',
    ]:
        assert _TOKENIZER.tokenize(text) == stock.tokenize(text)


def test_summarizer_in_a_detected_non_english_language() -> None:
    from sumy.nlp.stemmers import Stemmer
    from sumy.parsers.plaintext import PlaintextParser
    from sumy.summarizers.lex_rank import LexRankSummarizer
    from sumy.utils import get_stop_words

    from bot.text.language import detect_language, sumy_language

    text = (
        "La mairie a inauguré samedi une piste cyclable le long du canal. "
        "Les travaux ont duré deux ans et ont coûté quatre millions d'euros. "
        "Le maire espère que les habitants laisseront leur voiture au garage. "
        "Les associations de cyclistes saluent le projet mais demandent plus de parkings."
    )
    language = sumy_language(detect_language(text))
    assert language == "french"
    parser = PlaintextParser.from_string(text, OfflineTokenizer(language))
    summarizer = LexRankSummarizer(Stemmer(language))
    summarizer.stop_words = get_stop_words(language)
    picked = [str(s) for s in summarizer(parser.document, 2)]
    assert len(picked) == 2 and all(s in text for s in picked)
