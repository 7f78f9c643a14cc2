"""News-aware extractive summariser (draft; settings documented once tuned)."""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from scipy import sparse


@dataclass(frozen=True)
class NewsParams:
    forward: float = 1.0
    backward: float = -0.5
    beta: float = 0.6
    tau: float = 3.0
    w_central: float = 1.0
    w_position: float = 1.0
    w_title: float = 0.5
    min_terms: int = 4
    full_terms: int = 10
    length_gamma: float = 0.5
    junk_factor: float = 0.05
    caption_factor: float = 0.3
    quote_factor: float = 0.6
    question_factor: float = 0.7
    mmr: float = 0.5


DEFAULT = NewsParams()

_JUNK = re.compile(
    r"""(
      \b(published|updated|last\ updated|last\ modified)\s*:
    | ^\s*(by|words\ by|reporting\ by|written\ by)\b
    | \bfollow\ (us|@|\w+\ on\ (twitter|facebook|instagram))
    | @\w+
    | \bscroll\ down\b
    | \bclick\ here\b
    | \bread\ more\b
    | \bsign\ up\b
    | \bsubscribe\b
    | \bcopyright\b | \ball\ rights\ reserved\b
    | \bshare\ this\b
    | \bwatch\ (the\ )?video\b
    | \bcontributed\ to\ this\ report\b
    | \bemail\ to\ a\ friend\b
    )""",
    re.IGNORECASE | re.VERBOSE,
)
_CAPTION = re.compile(
    r"""(
      \bpictured\b
    | \((left|right|centre|center|top|bottom|above|below|inset|file)\)
    | \b(photo|image|picture)\s*(:|credit)
    | \bgetty\ images\b | \bap\ photo\b
    | ^\s*(above|below|left|right|top|bottom|inset|pictured)\s*[:,]
    )""",
    re.IGNORECASE | re.VERBOSE,
)
_OPEN_Q = ('"', "“", "``", "‘", "'", "«")
_CLOSE_Q = ('"', "”", "''", "’", "'", "»")
_SAID = re.compile(r"\b(said|says|say|told|according|added|explained|asked|wrote)\b", re.I)


def _is_bare_quote(s: str) -> bool:
    t = s.strip()
    if not t.startswith(_OPEN_Q):
        return False
    body = t.rstrip(" .")
    return body.endswith(_CLOSE_Q) and not _SAID.search(t)


def _surface_factors(sentences: Sequence[str], p: NewsParams) -> np.ndarray:
    f = np.ones(len(sentences))
    for i, s in enumerate(sentences):
        if _JUNK.search(s):
            f[i] *= p.junk_factor
        elif _CAPTION.search(s):
            f[i] *= p.caption_factor
        if _is_bare_quote(s):
            f[i] *= p.quote_factor
        elif s.rstrip().rstrip("'\"”’ ").endswith("?"):
            f[i] *= p.question_factor
    return f


def _vectors(terms: Sequence[Sequence[str]], title_terms: Sequence[str]):
    vocab: dict[str, int] = {}
    rows: list[int] = []
    cols: list[int] = []
    for i, ts in enumerate(terms):
        for t in ts:
            rows.append(i)
            cols.append(vocab.setdefault(t, len(vocab)))
    n = len(terms)
    m = max(len(vocab), 1)
    tf = sparse.csr_matrix((np.ones(len(rows)), (rows, cols)), shape=(n, m))
    tf.sum_duplicates()
    df = np.bincount(tf.indices, minlength=m)
    idf = np.log((n + 1) / (df + 1)) + 1.0
    x = tf.copy()
    x.data = 1.0 + np.log(x.data)
    x = x @ sparse.diags(idf)
    norms = np.sqrt(np.asarray(x.multiply(x).sum(axis=1)).ravel())
    norms[norms == 0] = 1.0
    x = sparse.diags(1.0 / norms) @ x
    tcols = sorted({vocab[t] for t in title_terms if t in vocab})
    tvec = np.zeros(m)
    if tcols:
        tvec[tcols] = idf[tcols]
        tvec /= np.linalg.norm(tvec)
    return sparse.csr_matrix(x), tvec


def _minmax(v: np.ndarray, mask: np.ndarray) -> np.ndarray:
    if not mask.any():
        return np.zeros_like(v)
    lo, hi = v[mask].min(), v[mask].max()
    if hi - lo < 1e-12:
        return np.where(mask, 1.0, 0.0)
    return np.clip((v - lo) / (hi - lo), 0.0, 1.0)


def news_scores(
    terms: Sequence[Sequence[str]],
    sentences: Sequence[str],
    title_terms: Sequence[str] = (),
    p: NewsParams = DEFAULT,
) -> tuple[np.ndarray, np.ndarray]:
    n = len(terms)
    x, tvec = _vectors(terms, title_terms)
    sim = (x @ x.T).toarray()
    np.fill_diagonal(sim, 0.0)
    lens = np.array([len(t) for t in terms], dtype=float)
    surface = _surface_factors(sentences, p)
    ok = (lens >= p.min_terms) & (surface > p.junk_factor * 1.01)
    if not ok.any():
        ok = lens > 0
    # PACSUM directed centrality on thresholded similarities
    offs = sim[np.triu_indices(n, 1)] if n > 1 else np.zeros(1)
    lo, hi = (offs.min(), offs.max()) if offs.size else (0.0, 0.0)
    e = np.maximum(sim - (lo + p.beta * (hi - lo)), 0.0)
    e = np.where(ok[None, :], e, 0.0)
    upper = np.triu(e, 1).sum(axis=1)
    lower = np.tril(e, -1).sum(axis=1)
    cent = _minmax(p.forward * upper + p.backward * lower, ok)
    rank = np.cumsum(ok) - 1
    prior = np.exp(-rank / p.tau)
    title = np.asarray(x @ tvec).ravel() if tvec.any() else np.zeros(n)
    length = np.minimum(1.0, lens / p.full_terms) ** p.length_gamma
    score = (p.w_central * cent + p.w_position * prior + p.w_title * title) * length * surface
    score = np.where(ok, score, -1.0 + score * 1e-3)
    return score, sim


def select_news(
    terms: Sequence[Sequence[str]],
    n: int,
    *,
    sentences: Sequence[str],
    title_terms: Sequence[str] = (),
    params: NewsParams = DEFAULT,
) -> list[int]:
    """Indices (ascending, article order) of the n sentences to show."""
    total = len(terms)
    if n <= 0 or total == 0:
        return []
    if n >= total:
        return list(range(total))
    score, sim = news_scores(terms, sentences, title_terms, params)
    chosen: list[int] = []
    penalty = np.zeros(total)
    avail = np.ones(total, dtype=bool)
    for _ in range(n):
        val = np.where(avail, score - params.mmr * penalty, -math.inf)
        i = int(np.argmax(val))
        chosen.append(i)
        avail[i] = False
        penalty = np.maximum(penalty, sim[i])
    return sorted(chosen)
