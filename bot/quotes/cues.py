"""The speech-verb lexicon and the small word lists the attribution rules lean on.

Cues are lower-case verbs only: a capitalised "Said" starts a name or a headline, and nouns
that share a verb's spelling ("remarks", "reports", "statement") are left out on purpose.
"""

from __future__ import annotations

import re

# Verbs that introduce or close a quotation ("…," she said / He added: "…").
SPEECH_VERBS: frozenset[str] = frozenset(
    """
    say says said tell tells told add adds added ask asks asked explain explains explained
    note notes noted write writes wrote continue continues continued argue argues argued
    insist insists insisted warn warns warned declare declares declared state stated
    claim claims claimed reply replies replied respond responds responded recall recalls recalled
    acknowledge acknowledges acknowledged admit admits admitted announce announces announced
    observe observes observed remarked suggest suggests suggested tweeted posted countered
    concede concedes conceded complain complains complained joked quipped quips cautioned
    urge urges urged predict predicts predicted promised vowed pledged
    emphasize emphasizes emphasized emphasise emphasises emphasised stress stresses stressed
    maintain maintains maintained contend contends contended assert asserts asserted
    conclude concludes concluded reported read reads recounted recounts shouted yelled
    screamed exclaimed whispered muttered boast boasts boasted bragged alleged alleges
    testified testifies confirm confirms confirmed reiterate reiterates reiterated repeated
    proclaimed affirmed agreed agrees answered wondered wonders lamented laments mused opined
    retorted snapped thundered chimed interjected interrupted texted emailed wrote
    explain recalled predicted began begins offered cried pleaded chanted echoed echoes
    disagreed disagrees elaborated elaborates summed sums reasoned reasons surmised marveled
    marvelled scoffed sighed laughed griped groused fumed raged cheered gushed
    charged pressed answers demanded hedged pointed points barked growled snarled sniped
    deadpanned intoned vented teased gloated demurred protested objected chided scolded started
    """.split()  # noqa: SIM905
)

# Verbs that may come after the quote with the speaker after them ("…," said Putin).
INVERTED_VERBS: frozenset[str] = SPEECH_VERBS - {
    "tell",
    "tells",
    "told",
    "say",
    "ask",
    "urge",
    "urges",
    "urged",
    "reported",
    "read",
    "reads",
    "posted",
    "offered",
    "began",
    "begins",
    "pointed",
    "points",
    "hedged",
    "started",
}

# Weaker verbs that frame an embedded fragment (Putin praised "unprecedented" ties; what it
# called "interference"); only used for quotes inside a sentence that has no tighter cue.
FRAMING_VERBS: frozenset[str] = SPEECH_VERBS | frozenset(
    """
    call calls called calling described describes describing dubbed dubs termed terms
    labeled labelled labels branded brands praised praises praising criticized criticised
    blasted slammed denounced decried hailed hails touted touts referred refers referring
    characterized characterised mocked accused accuses blamed blames condemned lauded
    promise promises vowed vows pledges questioned questions mentioned mentions highlighted
    saying adding noting writing telling arguing warning insisting declaring explaining asking
    promising stressing recalling predicting urging calling describing suggesting complaining
    vowing pledging acknowledging admitting claiming countering responding replying
    put puts stated conceding boasting joking quipping lamenting reiterating
    """.split()  # noqa: SIM905
)

# Verbs that report indirect speech: "<speaker> <verb> (<hearer>) that <clause>".
INDIRECT_VERBS: frozenset[str] = frozenset(
    """
    said says told tells noted notes argued argues claimed claims insisted insists warned warns
    added adds stated declared declares announced announces acknowledged acknowledges
    admitted admits suggested suggests explained explains maintained maintains contended
    contends asserted asserts stressed stresses emphasized emphasised emphasizes reiterated
    reiterates confirmed confirms reported wrote writes tweeted predicted predicts promised
    vowed conceded concedes complained countered recalled recalls concluded revealed reveals
    estimated alleged alleges testified assured assures informed reaffirmed reaffirms
    believes believed thinks thought argued observed observes pointed
    """.split()  # noqa: SIM905
)

# Words that may stand between a subject and its verb without breaking the cue.
AUX_ADVERBS: frozenset[str] = frozenset(
    """
    has have had also later then previously again repeatedly once recently further simply
    flatly reportedly publicly privately frequently often always never earlier quickly
    angrily bluntly candidly only even just still will would could might may can should did
    does do 'd ’d has long had long since subsequently promptly immediately separately
    similarly likewise herself himself themselves itself too already first famously
    """.split()  # noqa: SIM905
)

# A verb after these is passive or nominal ("was asked", "been told"), never a cue.
PASSIVE_AUX: frozenset[str] = frozenset(
    [
        "was",
        "were",
        "is",
        "are",
        "be",
        "been",
        "being",
        "'s",
        "’s",
        "am",
        "get",
        "gets",
        "got",
        "his",
        "her",
        "their",
        "its",
        "our",
        "my",
        "your",
        "the",
        "a",
        "an",
    ]
)

SUBJECT_PRONOUNS: frozenset[str] = frozenset(["he", "she", "they", "it", "we", "i", "you"])

DETERMINERS: frozenset[str] = frozenset(
    """
    the a an his her their its our this that these those one another some many several two
    three four both other each no most another such any
    """.split()  # noqa: SIM905
)

# Bare plural nouns that speak as a group ("officials said").
GROUP_NOUNS: frozenset[str] = frozenset(
    """
    officials critics analysts experts aides sources advisers advisors supporters opponents
    residents witnesses observers prosecutors lawyers investigators people voters protesters
    authorities organizers organisers scientists researchers economists police leaders
    activists members spokesmen spokespeople staffers strategists insiders diplomats
    lawmakers legislators republicans democrats conservatives liberals officers doctors
    """.split()  # noqa: SIM905
)

# Titles and roles that precede a name (Chinese Foreign Minister Wang Yi); lower-case forms
# are matched case-insensitively.
TITLE_WORDS: frozenset[str] = frozenset(
    """
    president vice minister secretary senator sen. sens. rep. reps. representative gov.
    governor mayor director chairman chairwoman chair chief spokesman spokeswoman spokesperson
    judge justice general gen. lt. col. maj. capt. sgt. adm. cmdr. dr. prof. professor
    ambassador commissioner leader speaker attorney adviser advisor aide officer ceo cfo coo
    king queen prince princess pope premier chancellor candidate nominee secretary-general
    deputy press manager coach agent detective sheriff rev. rabbi father sister bishop
    cardinal archbishop chancellor councilman councilwoman councillor delegate envoy
    founder president-elect executive strategist pollster analyst economist anchor host
    correspondent reporter editor columnist author lawyer counsel mr. mrs. ms. miss
    superintendent inspector administrator treasurer comptroller auditor commander
    lieutenant colonel major captain sergeant admiral marshal colonel trustee
    communications campaign foreign defense defence state interior finance national security
    senior former acting assistant associate majority minority whip
    presidential republican democratic gop democrat independent u.s. federal district
    """.split()  # noqa: SIM905
) | frozenset(
    # Occupations that stand before a name like a title ("fishmonger Grace Bell"). Words
    # that are also common surnames or first names (Baker, Farmer, Dean, Porter) are left
    # out: a title word alone is never a name.
    """
    engineer teacher nurse physician surgeon scientist researcher student owner shopkeeper
    fishmonger fisherman fisherwoman businessman businesswoman entrepreneur developer
    architect planner councilor activist campaigner organiser organizer volunteer historian
    lecturer pilot firefighter paramedic constable trooper worker employee contractor
    consultant accountant banker broker trader investor journalist photographer writer
    novelist poet artist musician singer actor actress producer filmmaker chef landlord
    tenant homeowner retiree pensioner veteran pastor imam priest vicar lawmaker legislator
    politician diplomat official negotiator supervisor headteacher headmaster headmistress
    scholar expert specialist epidemiologist virologist biologist chemist physicist
    geologist meteorologist forecaster lobbyist challenger incumbent congressman
    congresswoman assemblyman assemblywoman alderman selectman co-founder cofounder
    proprietor grocer plumber electrician mechanic winemaker solicitor barrister
    prosecutor midfielder goalkeeper referee umpire publisher shopowner entertainer boss
    """.split()  # noqa: SIM905
)

# Endings that mark a capitalised word opening a longer name run as an occupation
# ("Fishmonger Grace Bell"), not a first name.
OCCUPATION_ENDINGS: tuple[str, ...] = (
    "monger",
    "ist",
    "ician",
    "keeper",
    "maker",
    "worker",
    "owner",
    "man",
    "woman",
    "ologist",
)

# Words that never belong to a role phrase before a title ("told fire chief …" keeps
# "told" out of the role).
ROLE_STOP: frozenset[str] = frozenset(
    """
    of in on at for from by with to about against into over under between after before as
    than and or but that who which whom whose when where while if because not
    """.split()  # noqa: SIM905
)

HONORIFICS: frozenset[str] = frozenset(
    ["mr.", "mrs.", "ms.", "miss", "dr.", "mr", "mrs", "ms", "dr"]
)

# Nouns for documents that "say" things (the joint statement said; it read).
DOCUMENT_NOUNS: frozenset[str] = frozenset(
    """
    statement report letter memo memorandum filing complaint lawsuit release post tweet
    headline article editorial email e-mail document study survey poll ruling order decision
    resolution bill indictment affidavit motion brief transcript communique communiqué
    declaration announcement message note notice website site sign ad advertisement video
    book column op-ed petition proposal plan draft agreement treaty platform manifesto
    """.split()  # noqa: SIM905
)

# Words in a capitalised run that make it an organisation, not a person.
ORG_WORDS: frozenset[str] = frozenset(
    """
    house department ministry committee party campaign council agency office commission court
    congress senate administration times post journal news press network association
    institute university foundation center centre group bank inc corp company fund service
    bureau board union coalition organization organisation pentagon kremlin government police
    army navy force forces guard command agency authority club league federation movement
    tribune herald gazette magazine reuters bloomberg cnn fox msnbc abc nbc cbs npr ap afp
    politico breitbart huffpost vox axios twitter facebook google apple microsoft amazon
    school college hospital church city county state states republic kingdom nations union
    caucus project trust fund alliance society council network channel station television
    """.split()  # noqa: SIM905
)

# Capitalised words that open sentences or name days/months: never a speaker on their own.
NOT_NAMES: frozenset[str] = frozenset(
    """
    the a an this that these those there here it he she they we i you his her its their our
    but and or so yet if when while as in on at for from by with after before during then now
    monday tuesday wednesday thursday friday saturday sunday today yesterday tomorrow
    january february march april may june july august september october november december
    last next earlier later meanwhile still also however according asked speaking what who
    why how where which whether mr mrs ms dr not no yes one some many most all both
    """.split()  # noqa: SIM905
)

NAME_PARTICLES: frozenset[str] = frozenset(
    ["de", "del", "der", "van", "von", "bin", "al", "la", "le", "da", "di", "du", "dos", "ibn"]
)

# Words and simple punctuation, with abbreviations (U.S., Sen., initials) kept whole.
TOKEN = re.compile(
    r"(?:[A-Z]\.){2,}"
    r"|(?:Mr|Mrs|Ms|Dr|Sen|Sens|Rep|Reps|Gov|Gen|Lt|Col|Maj|Capt|Sgt|Adm|St|Jr|Sr|Prof|Rev"
    r"|Pres|Atty|Cmdr|Supt|Det|Insp|Hon|Gov)\."
    r"|[A-Z]\.(?=\s*[A-Z])"
    r"|\w+(?:[’'\-.]\w+)*\.(?=[,)])"  # "R-Ky.,", "(D-N.Y.)": a period before , or ) abbreviates
    r"|\w+(?:[’'\-.]\w+)*"
    r"|[^\w\s]"
)


def is_cap(word: str) -> bool:
    return word[:1].isupper()
