"""Vectorised sentence scoring that ranks exactly as sumy 0.13 does on the same tokens.

sumy compares every pair of sentences in pure Python (O(n²) dictionary work), which costs about a
second on a 10,000-word article. Here each algorithm is rebuilt from a sparse sentence × term count
matrix, and the steps that decide the ranking are done with the very same floating-point
operations sumy does:

* LexRank and TextRank build the same dense transition matrix (entries are exact: 0, 1/degree, or
  a rank divided by a sum of ``math.log`` values) and run sumy's power method verbatim, so their
  scores are bit-identical to sumy's. Only LexRank's cosine (compared with the 0.1 threshold) is
  summed in a different order, which can matter only for a cosine within ~1e-15 of 0.1.
* Reduction accumulates each sentence's edge weights sequentially, in sumy's order.
* SumBasic and KL are greedy; candidates are scored with sparse algebra and any near-tie for the
  best is re-decided with sumy's own arithmetic, so the pick is always sumy's.
* LSA's rank is ``sqrt(Σ σ²·v²)`` over all singular values, which equals the norm of the
  sentence's column in the term matrix; we compute that norm directly instead of an SVD (sumy's
  ties there are broken by SVD rounding noise and hash order, so ranks are compared by score).
* Luhn and Edmundson are linear already; they are reimplemented over cached stems.

Every scorer returns one score per sentence index; :func:`select` applies sumy's choice (stable
sort by score, descending, first ``n``, back in article order). sumy keys its ratings by sentence
text, so repeated sentences share one rating; :func:`by_text_last` and friends reproduce that.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence

import numpy as np
from scipy import sparse

from bot.summarize.document import Document, language_profile, stem_all

# Above this many sentences the dense n×n matrices sumy uses get large (n=2,000 is 32 MB);
# beyond it we keep the matrices sparse: same maths, ties may then break differently.
DENSE_LIMIT = 2000

LEXRANK_THRESHOLD = 0.1
LEXRANK_EPSILON = 0.1
TEXTRANK_EPSILON = 1e-4
TEXTRANK_DAMPING = 0.85
_ZERO_DIVISION_PREVENTION = 1e-7
LSA_SMOOTH = 0.4
LUHN_MAX_GAP = 4

# Relative margin within which a greedy pick is re-decided with sumy's exact arithmetic.
_NEAR = 1e-9


# --- shared pieces ------------------------------------------------------------------------


def count_matrix(rows: Sequence[Sequence[str]]) -> tuple[sparse.csr_matrix, dict[str, int]]:
    """Sentence × term counts (CSR, float64) and the term → column map."""
    vocab: dict[str, int] = {}
    add = vocab.setdefault
    cols = [add(t, len(vocab)) for row in rows for t in row]
    indptr = np.zeros(len(rows) + 1, dtype=np.int64)
    np.cumsum([len(r) for r in rows], out=indptr[1:])
    m = sparse.csr_matrix(
        (np.ones(len(cols)), np.asarray(cols, dtype=np.int64), indptr),
        shape=(len(rows), len(vocab)),
    )
    m.sum_duplicates()  # repeated terms in a row become counts
    return m, vocab


def sentence_keys(doc: Document) -> list[str]:
    """What sumy keys its ratings by: the sentence text, stripped."""
    return [s.text.strip() for s in doc.sentences]


def duplicate_groups(keys: Sequence[str]) -> dict[str, list[int]]:
    groups: dict[str, list[int]] = {}
    for i, k in enumerate(keys):
        groups.setdefault(k, []).append(i)
    return {k: v for k, v in groups.items() if len(v) > 1}


def by_text_last(scores: np.ndarray, keys: Sequence[str]) -> np.ndarray:
    """``dict(zip(sentences, scores))``: a repeated sentence gets its last occurrence's score."""
    groups = duplicate_groups(keys)
    if not groups:
        return scores
    out = scores.copy()
    for idx in groups.values():
        out[idx] = scores[idx[-1]]
    return out


def select(scores: Sequence[float] | np.ndarray, n: int) -> list[int]:
    """sumy's ``_get_best_sentences``: stable sort by score descending, first n, article order."""
    arr = np.asarray(scores, dtype=np.float64)
    if arr.size == 0 or n <= 0:
        return []
    # sorted(..., reverse=True) keeps equal scores in article order; so does a stable argsort of
    # the negated scores (NaN only occurs for a document with no terms at all: order then kept).
    with np.errstate(invalid="ignore"):
        order = np.argsort(-arr, kind="stable")
    return sorted(int(i) for i in order[:n])


def _log_table(n: int) -> list[float]:
    # math.log, not np.log: numpy's SIMD log may differ from libm in the last bit.
    return [0.0] + [math.log(k) for k in range(1, n + 1)]


def _overlap_counts(c: sparse.csr_matrix) -> np.ndarray:
    """Σ_w c_i(w)·c_j(w) for every pair: sumy's ``sum(words2.count(w) for w in words1)``."""
    return (c @ c.T).toarray()


def _edge_norms(lengths: np.ndarray) -> np.ndarray:
    logs = np.asarray(_log_table(int(lengths.max(initial=0))), dtype=np.float64)[lengths]
    return logs[:, None] + logs[None, :]


# --- LexRank --------------------------------------------------------------------------------


def lexrank(doc: Document) -> np.ndarray:
    terms = doc.terms
    n = len(terms)
    if n == 0:
        return np.zeros(0)
    c, _ = count_matrix(terms)
    max_tf = c.max(axis=1).toarray().ravel()
    max_tf[max_tf == 0] = 1.0
    tf = _row_divide(c, max_tf)  # tf / max_tf, as sumy divides
    df = np.diff(c.tocsc().indptr)  # sentences containing each term
    idf_table = np.asarray([math.log(n / (1 + k)) for k in range(n + 1)])
    idf = idf_table[df]
    w = tf.multiply(idf[None, :]).tocsr()
    num = (w @ w.T).tocoo()
    norms = np.sqrt(np.asarray(w.multiply(w).sum(axis=1)).ravel())
    denom = norms[num.row] * norms[num.col]
    with np.errstate(invalid="ignore", divide="ignore"):
        cos = np.where(denom > 0, num.data / np.where(denom > 0, denom, 1.0), 0.0)
    keep = cos > LEXRANK_THRESHOLD
    rows, cols = num.row[keep], num.col[keep]
    degrees = np.bincount(rows, minlength=n).astype(np.float64)
    degrees[degrees == 0] = 1.0
    if n <= DENSE_LIMIT:
        matrix = np.zeros((n, n))
        matrix[rows, cols] = 1.0
        matrix = matrix / degrees[:, None]
        scores = _power_normalised(matrix, LEXRANK_EPSILON)
    else:
        m = sparse.csr_matrix((1.0 / degrees[rows], (rows, cols)), shape=(n, n))
        scores = _power_normalised(m, LEXRANK_EPSILON)
    return by_text_last(scores, sentence_keys(doc))


def _row_divide(c: sparse.csr_matrix, by: np.ndarray) -> sparse.csr_matrix:
    out = c.copy()
    out.data = out.data / np.repeat(by, np.diff(out.indptr))
    return out


def _power_normalised(matrix, epsilon: float) -> np.ndarray:
    """sumy's LexRank power method, step for step (so the scores are bit-identical)."""
    transposed = matrix.T
    count = matrix.shape[0]
    p = np.array([1.0 / count] * count)
    lam = 1.0
    with np.errstate(invalid="ignore", divide="ignore"):
        while lam > epsilon:
            nxt = transposed @ p if sparse.issparse(matrix) else np.dot(transposed, p)
            nxt /= np.linalg.norm(nxt)
            lam = np.linalg.norm(np.subtract(nxt, p))
            p = nxt
    return p


# --- TextRank -------------------------------------------------------------------------------


def textrank(doc: Document, n_wanted: int | None = None) -> np.ndarray:
    """sumy's TextRank scores.

    The power method over the dense n×n matrix is most of the cost, so the sparse form
    ((1-d)/n·J + d·W)ᵀp = (1-d)/n·Σp + d·Wᵀp runs first; its scores equal sumy's up to rounding.
    If rounding could decide the summary (the n-th and next scores within 1e-9), sumy's exact
    dense computation is run instead.
    """
    terms = doc.terms
    n = len(terms)
    if n == 0:
        return np.zeros(0)
    c, _ = count_matrix(terms)
    lengths = np.fromiter((len(t) for t in terms), dtype=np.int64, count=n)
    keys = sentence_keys(doc)
    quick = by_text_last(_textrank_sparse(c, lengths), keys)
    if n > DENSE_LIMIT or (n_wanted is not None and not _near_tie(quick, n_wanted, keys)):
        return quick
    rank = _overlap_counts(c)
    norm = _edge_norms(lengths)
    single = (lengths[:, None] == 1) & (lengths[None, :] == 1)  # norm is log 1 + log 1 = 0
    with np.errstate(invalid="ignore", divide="ignore"):
        weights = np.where(rank == 0, 0.0, np.where(single, rank, rank / norm))
    weights /= weights.sum(axis=1)[:, np.newaxis] + _ZERO_DIVISION_PREVENTION
    matrix = np.full((n, n), (1.0 - TEXTRANK_DAMPING) / n) + TEXTRANK_DAMPING * weights
    return by_text_last(_power_plain(matrix, TEXTRANK_EPSILON), keys)


def _near_tie(scores: np.ndarray, n: int, keys: Sequence[str]) -> bool:
    """Could rounding change which sentences make the top ``n``?

    Repeats of one sentence share one score by construction, so a tie among them is exact.
    """
    if n >= len(scores):
        return False
    ordered = np.sort(scores)[::-1]
    a, b = ordered[n - 1], ordered[n]
    margin = _NEAR * max(abs(a), abs(b), 1e-300)
    if abs(a - b) > margin:
        return False
    near = np.flatnonzero(np.abs(scores - a) <= margin)
    return len({keys[i] for i in near}) > 1


def _textrank_sparse(c: sparse.csr_matrix, lengths: np.ndarray) -> np.ndarray:
    n = c.shape[0]
    rank = (c @ c.T).tocoo()
    logs = np.asarray(_log_table(int(lengths.max(initial=0))))
    norm = logs[lengths[rank.row]] + logs[lengths[rank.col]]
    single = (lengths[rank.row] == 1) & (lengths[rank.col] == 1)
    vals = np.where(single, rank.data, rank.data / np.where(norm == 0, 1.0, norm))
    w = sparse.csr_matrix((vals, (rank.row, rank.col)), shape=(n, n))
    w = _row_divide(w, np.asarray(w.sum(axis=1)).ravel() + _ZERO_DIVISION_PREVENTION)
    p = np.full(n, 1.0 / n)
    lam = 1.0
    wt = w.T.tocsr()
    while lam > TEXTRANK_EPSILON:
        nxt = (1.0 - TEXTRANK_DAMPING) / n * p.sum() + TEXTRANK_DAMPING * (wt @ p)
        lam = np.linalg.norm(nxt - p)
        p = nxt
    return p


def _power_plain(matrix: np.ndarray, epsilon: float) -> np.ndarray:
    """sumy's TextRank power method, step for step."""
    transposed = matrix.T
    count = len(matrix)
    p = np.array([1.0 / count] * count)
    lam = 1.0
    while lam > epsilon:
        nxt = np.dot(transposed, p)
        lam = np.linalg.norm(np.subtract(nxt, p))
        p = nxt
    return p


# --- Reduction ------------------------------------------------------------------------------


def reduction(doc: Document) -> np.ndarray:
    terms = doc.terms
    n = len(terms)
    if n == 0:
        return np.zeros(0)
    c, _ = count_matrix(terms)
    lengths = np.fromiter((len(t) for t in terms), dtype=np.int64, count=n)
    if n > DENSE_LIMIT:
        rank = (c @ c.T).tocoo()
        logs = np.asarray(_log_table(int(lengths.max(initial=0))))
        norm = logs[lengths[rank.row]] + logs[lengths[rank.col]]
        vals = np.where(norm == 0, 0.0, rank.data / np.where(norm == 0, 1.0, norm))
        vals[rank.row == rank.col] = 0.0
        scores = np.bincount(rank.row, weights=vals, minlength=n)
        for idx in duplicate_groups(sentence_keys(doc)).values():
            scores[idx] = scores[idx].sum()  # sumy sums a repeated sentence's edges into one
        return scores
    rank = _overlap_counts(c)
    norm = _edge_norms(lengths)
    with np.errstate(invalid="ignore", divide="ignore"):
        edges = np.where((rank == 0) | (norm == 0.0), 0.0, rank / norm)
    np.fill_diagonal(edges, 0.0)
    # sumy adds each sentence's edges one by one in ascending order of the other sentence;
    # cumsum is that same sequential sum (adding the zero diagonal changes nothing).
    scores = np.cumsum(edges, axis=1)[:, -1].copy()
    groups = duplicate_groups(sentence_keys(doc))
    if groups:
        upper = np.triu(edges, 1)
        for idx in groups.values():
            scores[idx] = _reduction_group_total(upper, idx)
    return scores


def _reduction_group_total(upper: np.ndarray, members: Sequence[int]) -> float:
    """A repeated sentence's rating, summed in sumy's order over ``combinations(sentences, 2)``.

    Each pair (i, j), i < j, adds its edge once per member among i and j, pairs taken in
    lexicographic order; zero edges change nothing and are skipped.
    """
    n = upper.shape[0]
    g = np.asarray(members, dtype=np.int64)
    ri, rj = np.nonzero(upper[g])
    ci, cj = np.nonzero(upper[:, g])
    pos = np.sort(np.concatenate([g[ri] * n + rj, ci * n + g[cj]]), kind="stable")
    if pos.size == 0:
        return 0.0
    return float(np.cumsum(upper.ravel()[pos])[-1])


# --- LSA ------------------------------------------------------------------------------------


def lsa(doc: Document) -> np.ndarray:
    """sumy's LSA rank, computed as the column norm of its smoothed term × sentence matrix."""
    n = len(doc.sentences)
    dictionary = {t for row in doc.terms for t in row}
    if not dictionary:
        return np.zeros(0)
    # sumy counts the stems of all words (stop words included) that are in the dictionary.
    rows = [[s for s in stem_all(doc.language, ws) if s in dictionary] for ws in doc.words]
    c, _ = count_matrix(rows)
    vocab_size = len(dictionary)
    max_tf = c.max(axis=1).toarray().ravel() if c.shape[1] else np.zeros(n)
    nnz = np.diff(c.indptr)
    present = max_tf != 0
    safe = np.where(present, max_tf, 1.0)
    vals = LSA_SMOOTH + (1.0 - LSA_SMOOTH) * (c.data / np.repeat(safe, nnz))
    sq = np.bincount(np.repeat(np.arange(n), nnz), weights=vals * vals, minlength=n)
    sq += (vocab_size - nnz) * (LSA_SMOOTH * LSA_SMOOTH)
    return np.where(present, np.sqrt(sq), 0.0)


# --- Luhn -----------------------------------------------------------------------------------


def luhn(doc: Document) -> np.ndarray:
    counts = Counter(t for row in doc.terms for t in row)
    significant = {t for t, k in counts.items() if k > 1}
    return np.asarray(
        [_luhn_rating(stem_all(doc.language, ws), significant) for ws in doc.words],
        dtype=np.float64,
    )


def _luhn_rating(stems: Sequence[str], significant: set[str]) -> float:
    best = 0.0
    rated = False
    chunk_sig = chunk_len = 0  # significant words and length up to the last significant word
    gap = 0
    in_chunk = False
    for s in stems:
        sig = s in significant
        if sig and not in_chunk:
            if rated or chunk_len:
                best, rated = _luhn_close(best, rated, chunk_sig, chunk_len)
            in_chunk = True
            chunk_sig, chunk_len, gap = 1, 1, 0
        elif in_chunk:
            if sig:
                chunk_sig += 1
                chunk_len += gap + 1
                gap = 0
            else:
                gap += 1
        if in_chunk and gap >= LUHN_MAX_GAP:
            in_chunk = False
    if chunk_len:
        best, rated = _luhn_close(best, rated, chunk_sig, chunk_len)
    return best if rated else 0.0


def _luhn_close(best: float, rated: bool, sig: int, length: int) -> tuple[float, bool]:
    rating = 0.0 if sig == 1 else sig**2 / length
    return (rating if not rated else max(best, rating)), True


# --- Edmundson (location and title methods) ---------------------------------------------------


def edmundson(doc: Document, title_words: Sequence[str] = ()) -> np.ndarray:
    """sumy's Edmundson with the title as the document's heading, title + location methods.

    Null words are the language's stop words (stemmed, as sumy's setter does). Without a title
    only the location method runs.
    """
    lang = doc.language
    keys = sentence_keys(doc)
    n = len(keys)
    if n == 0:
        return np.zeros(0)
    null = {s for s in stem_all(lang, sorted(language_profile(lang).raw_stop_words or {""}))}
    significant = {s for s in stem_all(lang, title_words) if s not in null}
    hits = np.asarray(
        [sum(s in significant for s in stem_all(lang, ws)) for ws in doc.words], dtype=np.float64
    )
    starts = doc.paragraph_starts()
    para = np.cumsum(starts) - 1
    last_para = para[-1]
    first_in_para = np.asarray(starts)
    last_in_para = np.append(first_in_para[1:], True)
    location = hits.copy()
    location += np.where(para == 0, 1.0, np.where(para == last_para, 1.0, 0.0))
    location += np.where(first_in_para, 1.0, np.where(last_in_para, 1.0, 0.0))
    total = by_text_last(location, keys)
    if title_words:
        total = total + by_text_last(hits, keys)
    return total


# --- SumBasic -------------------------------------------------------------------------------


def sumbasic(doc: Document, n_wanted: int) -> np.ndarray:
    terms = doc.terms
    n = len(terms)
    if n == 0:
        return np.zeros(0)
    c, vocab = count_matrix(terms)
    all_terms = [t for row in terms for t in row]
    total = len(all_terms)
    freq_counts = Counter(all_terms)
    # sumy: {k: v / content_words_count} in first-seen order; values are exact per term.
    p = np.zeros(len(vocab) + 1)
    for t, k in freq_counts.items():
        p[vocab[t]] = k / total
    ids = [[vocab[t] for t in row] for row in terms]
    lengths = np.asarray([len(r) for r in ids], dtype=np.float64)
    ratings = _GreedyRatings(sentence_keys(doc))
    remaining = np.ones(n, dtype=bool)
    while remaining.any() and not ratings.settled(n_wanted):
        with np.errstate(invalid="ignore", divide="ignore"):
            avg = np.where(lengths > 0, (c @ p[:-1]) / np.where(lengths > 0, lengths, 1.0), 0.0)
        avg[~remaining] = -np.inf
        best = _greedy_pick(avg, remaining, lambda i: _sumbasic_exact(p, ids[i]), maximise=True)
        remaining[best] = False
        ratings.pick(best)
        for j in ids[best]:
            p[j] *= p[j]
    return ratings.scores()


def _sumbasic_exact(p: np.ndarray, ids: Sequence[int]) -> float:
    if not ids:
        return 0
    return sum([float(p[j]) for j in ids]) / len(ids)


class _GreedyRatings:
    """sumy's greedy ``ratings[sentence] = -len(ratings)``, keyed by sentence text.

    sumy rates every sentence; we stop as soon as the top ``n`` cannot change. A key's rating
    is final once all its sentences are picked, and every later rating is at most
    ``-len(ratings)``, so finished keys rated above that are settled for good.
    """

    def __init__(self, keys: Sequence[str]) -> None:
        self.keys = keys
        self.ratings: dict[str, int] = {}
        self.total = Counter(keys)
        self.left = Counter(keys)

    def pick(self, index: int) -> None:
        key = self.keys[index]
        self.ratings[key] = -len(self.ratings)
        self.left[key] -= 1

    def settled(self, n: int) -> bool:
        bound = -len(self.ratings)
        done = sum(
            self.total[k] for k, r in self.ratings.items() if self.left[k] == 0 and r > bound
        )
        return done >= n

    def scores(self) -> np.ndarray:
        bound = -len(self.ratings)
        floor = float(bound - 1)  # unsettled sentences: below every settled one
        return np.asarray(
            [
                self.ratings[k] if self.left[k] == 0 and self.ratings[k] > bound else floor
                for k in self.keys
            ],
            dtype=np.float64,
        )


def _greedy_pick(values: np.ndarray, remaining: np.ndarray, exact, *, maximise: bool) -> int:
    """The index sumy's greedy loop picks: first best value, re-decided exactly on near-ties."""
    best = int(np.argmax(values) if maximise else np.argmin(values))
    v = values[best]
    margin = _NEAR * (1.0 + abs(v))
    near = np.flatnonzero(
        remaining & ((values >= v - margin) if maximise else (values <= v + margin))
    )
    if len(near) == 1:
        return best
    # sumy keeps the first candidate unless a later one is strictly better.
    chosen, chosen_value = -1, None
    for i in near:
        e = exact(int(i))
        if chosen_value is None or (e > chosen_value if maximise else e < chosen_value):
            chosen, chosen_value = int(i), e
    return chosen


# --- KL-Sum ---------------------------------------------------------------------------------


def kl(doc: Document, n_wanted: int) -> np.ndarray:
    """sumy's KLSummarizer (greedy KL divergence), with its exact word handling.

    sumy's KL does not stem; the document distribution filters stop words before lowercasing
    while sentences lowercase first, and the summary side uses the summary's raw words.
    """
    raw_stops = language_profile(doc.language).raw_stop_words
    words = doc.words
    n = len(words)
    if n == 0:
        return np.zeros(0)
    content = [[w.lower() for w in ws if w.lower() not in raw_stops] for ws in words]
    doc_words = [w.lower() for ws in words for w in ws if w not in raw_stops]
    doc_total = len(doc_words)
    doc_freq = {w: k / doc_total for w, k in Counter(doc_words).items()} if doc_total else {}

    c, vocab = count_matrix(content)
    # Summary words may be any raw token; give them columns too (doc freq 0 where unseen).
    extra: dict[str, int] = dict(vocab)
    for ws in words:
        for w in ws:
            if w not in extra:
                extra[w] = len(extra)
    size = len(extra)
    d = np.zeros(size)
    for w, j in extra.items():
        d[j] = doc_freq.get(w, 0.0)
    with np.errstate(divide="ignore"):
        d_log_d = np.where(d > 0, d * np.log(np.where(d > 0, d, 1.0)), 0.0)
    raw_ids = [[extra[w] for w in ws] for ws in words]
    coo = c.tocoo()
    rows, cols, counts = coo.row, coo.col, coo.data
    lengths = np.asarray([len(r) for r in content], dtype=np.float64)
    d_cols = d[cols]
    ratings = _GreedyRatings(sentence_keys(doc))
    s = np.zeros(size)  # summary raw-word counts
    summary_len = 0
    summary_words: list[str] = []
    remaining = np.ones(n, dtype=bool)
    while remaining.any() and not ratings.settled(n_wanted):
        in_summary = s > 0
        base_mask = in_summary & (d > 0)
        b1 = d_log_d[base_mask].sum()
        b2 = (d[base_mask] * np.log(s[base_mask])).sum()
        b3 = d[base_mask].sum()
        s_cols = s[cols]
        shared = s_cols > 0
        # for terms already in the summary: replace d·log s by d·log(s + c)
        adj2 = np.where(
            shared,
            d_cols * (np.log(s_cols + counts) - np.log(np.where(shared, s_cols, 1.0))),
            d_cols * np.log(counts),
        )
        adj1 = np.where(shared, 0.0, d_log_d[cols])
        adj3 = np.where(shared, 0.0, d_cols)
        a1 = np.bincount(rows, weights=adj1, minlength=n)
        a2 = np.bincount(rows, weights=adj2, minlength=n)
        a3 = np.bincount(rows, weights=adj3, minlength=n)
        totals = lengths + summary_len
        with np.errstate(divide="ignore", invalid="ignore"):
            log_t = np.log(np.where(totals > 0, totals, 1.0))
            values = (b1 + a1) - (b2 + a2) + log_t * (b3 + a3)
        values[~remaining] = np.inf
        exact: dict[tuple[str, ...], float] = {}  # identical sentences score identically

        def exact_kl(i: int, exact=exact) -> float:
            sig = tuple(content[i])
            if sig not in exact:
                exact[sig] = _kl_exact(content[i], summary_words, doc_freq)
            return exact[sig]

        best = _greedy_pick(values, remaining, exact_kl, maximise=False)
        remaining[best] = False
        ratings.pick(best)
        for j in raw_ids[best]:
            s[j] += 1
        summary_len += len(raw_ids[best])
        summary_words.extend(words[best])
    return ratings.scores()


def _kl_exact(sentence: Sequence[str], summary: Sequence[str], doc_freq: dict[str, float]) -> float:
    """sumy's ``_joint_freq`` + ``_kl_divergence``, same iteration and summation order."""
    total_len = len(sentence) + len(summary)
    joint: dict[str, float] = dict(Counter(sentence))
    for k, v in Counter(summary).items():
        joint[k] = joint.get(k, 0) + v
    for k in joint:
        joint[k] /= float(total_len)
    value = 0
    for w, f in joint.items():
        frequency = doc_freq.get(w)
        if frequency:
            value += frequency * math.log(frequency / f)
    return value


__all__ = [
    "edmundson",
    "kl",
    "lexrank",
    "lsa",
    "luhn",
    "reduction",
    "select",
    "sumbasic",
    "textrank",
]
