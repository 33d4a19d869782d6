"""Safeguarding first: spot a message suggesting a child or young person is at risk, and lead with urgent help.

Deterministic on purpose (a lexicon of phrase patterns, no model): it must never be skipped, slowed or made
flaky by a model. The text is normalised first (lower case, no punctuation, "od'd", leetspeak, stretched
letters, common misspellings), then:

1. ordinary idioms and policy phrases ("abuse of process", "suicide prevention training", "pupils with
   self-harm risk", "in danger of losing his place") are blanked out;
2. a *specific* pattern (it names what is happening to someone: "kill himself", "took too many tablets",
   "he hits her", "scared to go home") flags the message on its own;
3. a *topic* word (suicidal, self-harm, abuse, overdose, neglect...) flags it only together with a reference
   to a particular person ("my son", "she", "I", "one of my pupils"), so a professional asking about
   services in general is not treated as a child at risk.

The stage never aborts: it marks the answer "safeguarding" and sets ctx.prefix, and the pipeline goes on to
answer the information part of the message.
"""

from __future__ import annotations

import logging
import re
import unicodedata
from collections.abc import Callable

from assistant import texts
from assistant.answer import SAFEGUARDING
from assistant.context import Context
from assistant.stages.validate import escape_markdown_html

log = logging.getLogger(__name__)

# --- normalisation ---------------------------------------------------------------------------------------
_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "`": "'", "\u00b4": "'", "\u02bc": "'"})
# "od'd", "OD-ed", "oded": shorthand for overdosed, rewritten before punctuation goes so it can't become "odd".
_OD_SHORTHAND = re.compile(r"\bo\.?d\.?(?:['\-](?:d|ed|ing)|ed|ing)\b")
_LEET = {"0": "o", "1": "i", "3": "e", "4": "a", "5": "s", "7": "t", "@": "a", "$": "s", "!": "i", "|": "l"}
# Leetspeak only inside words ("k1ll", "s3lf h4rm", "su1c1d3"), never in numbers ("999", "14yo", "KS2").
_LEET_INSIDE = re.compile(r"(?<=[a-z])[013457@$!|](?=[a-z])")
_LEET_EDGE = re.compile(r"(?<=[a-z]{3})[0134573](?![a-z0-9])|\$(?=[a-z]{2})")
_SPELLING = {
    "hisself": "himself", "himslef": "himself", "herslef": "herself", "themselfs": "themselves",
    "slef": "self", "selfharm": "self harm", "selfharming": "self harming", "selfharms": "self harms",
    "cuting": "cutting", "kil": "kill", "killin": "killing", "pils": "pills", "tablits": "tablets",
    "tabs": "tablets", "overdoze": "overdose", "overdosd": "overdosed", "abbused": "abused",
    "abuzed": "abused", "wanna": "want to", "gonna": "going to", "dosent": "doesnt", "dosnt": "doesnt",
    "doesent": "doesnt", "didint": "didnt", "u": "you", "ur": "your", "anymore": "any more", "dieing": "dying",
    "daugter": "daughter", "duaghter": "daughter", "dauther": "daughter", "daughther": "daughter", "chlid": "child",
    "childs": "child s", "rn": "now", "skool": "school", "scard": "scared", "scaired": "scared", "hurtin": "hurting",
}  # fmt: skip
_INAPPROPRIATELY = re.compile(r"\bin+ap+r\w*ly\b")


def normalise(text: str) -> str:
    """Lower-case words separated by single spaces, with the spelling variants people type made regular."""
    t = unicodedata.normalize("NFKC", text).translate(_APOSTROPHES).lower()
    t = _OD_SHORTHAND.sub(" overdosed ", t)
    t = _LEET_INSIDE.sub(lambda m: _LEET[m.group()], t)
    t = _LEET_EDGE.sub(lambda m: _LEET[m.group()], t)
    t = re.sub(r"n't\b", "nt", t)  # "doesn't" -> "doesnt", the way many people type it anyway
    t = re.sub(r"[^a-z0-9]+", " ", t)
    t = re.sub(r"([a-z])\1{2,}", r"\1\1", t)  # "killlll" -> "kill", "sooo" -> "soo"
    t = " ".join(_SPELLING.get(word, word) for word in t.split())
    return _INAPPROPRIATELY.sub("inappropriately", t)


# --- vocabulary ------------------------------------------------------------------------------------------
_SELF = r"(?:(?:him|her|them|my|your|our|one)sel(?:f|ves)|themself)"
_PERSON = (
    r"(?:son|daughter|child|kid|kids|children|boy|girl|baby|toddler|teen|teenager|step ?son|step ?daughter|"
    r"grandson|granddaughter|grandchild|nephew|niece|brother|sister|sibling|twins?|pupil|student|patient|"
    r"client|young person|friend|mate|cousin|little one)"
)
_ADULT = (
    r"(?:dad|father|mum|mom|mother|step ?dad|step ?mum|stepfather|stepmother|uncle|aunt|grandad|grandma|"
    r"brother|sister|boyfriend|girlfriend|partner|husband|wife|ex|carer|foster carer|parents?|teacher)"
)
_PILLS = r"(?:tablets|pills|paracetamol|ibuprofen|meds|medication|medicine|painkillers|antidepressants)"
# Suicide and its usual misspellings: suicidal, sucidal, suisidal, suicdal, sucide, suiside...
_SUICIDE = r"su[aei]{0,2}[cs]{1,2}[iy]?[dt](?:e|al|el|le|ial|ul|ally|es)?"
_TOPIC = (
    rf"(?:{_SUICIDE}|self (?:harm\w*|injur\w*)|over ?dos\w*|abus(?:e|ed|es|ing|er)|neglect\w*|"
    r"rape|raped|molest\w*|groomed|(?:online|sexual) grooming|grooming (?:him|her|them|my)|"
    r"(?:sexual|sexually|criminal|criminally|child) exploit\w*|sexual (?:abuse|assault)|domestic (?:abuse|violence)|"
    r"county lines|forced marriage|fgm|radicalis\w*|child protection (?:concern|referral|issue)s?|"
    r"violence at home|harm to (?:him|her|them)self|unexplained (?:bruis\w*|injur\w*|marks)|"
    r"(?:sexual|explicit|indecent) (?:messages|texts|photos|pictures|images|videos|chats?))"
)

# 1. Blanked out before matching: idioms, policy and general phrasing.
_NEUTRAL = [
    re.compile(p)
    for p in (
        r"\babus\w* (?:of )?(?:its |their |the )?(?:process|power|position|authority|trust|system|discretion)\b",
        r"\bneglect\w* (?:its|their|the|his|her|my|our) (?:\w+ ){0,2}?(?:duty|duties|responsibilit\w*|needs|"
        r"education|provision|obligations?|paperwork|health)\b",
        r"\b(?:needs|provision|education|duty|duties) (?:is |are |was |were |have been |has been )?(?:being )?"
        r"neglected\b",
        r"\bneglected by (?:the |our |my |his |her )?(?:council|school|la|local authority|send team|send service|camhs|"
        r"nhs|system|services|professionals|authority|gp|senco|teachers?)\b",
        r"\b(?:he or she|his or her|him or her|s he)\b",
        r"\bin danger of\b",
        r"\b(?:deadlines?|paperwork|stress|process|this|it|that|school|council|waiting|wait|forms?|work|job|"
        r"tribunal|meetings?|reviews?|fight|battle|system|traffic|heat|homework|kids) (?:\w+ ){0,3}?kill\w*\b",
        rf"\b{_TOPIC} (?:prevention|awareness|polic(?:y|ies)|procedures?|pathways?|training|guidance|"
        r"strateg(?:y|ies)|protocols?|teams?|services?|leads?|courses?|statistics|rates|figures|data|toolkits?|"
        r"screening|reporting|referrals?|procedure)\b",
        rf"\b(?:polic(?:y|ies)|procedures?|training|guidance|pathways?|strateg(?:y|ies)|protocols?|advice|"
        rf"information|leaflets?|resources) (?:on|for|about|around|regarding|to (?:prevent|spot|recognise)) "
        rf"(?:\w+ ){{0,2}}?{_TOPIC}\b",
        rf"\b(?:children|pupils|students|young people|kids|teens|teenagers|adolescents|people|patients|those|"
        rf"anyone|families|girls|boys|learners) (?:who|that|with|at risk of|affected by|experiencing|showing|"
        rf"displaying|presenting with|disclosing|talking about|at risk from|vulnerable to) "
        rf"(?:\w+ ){{0,3}}?{_TOPIC}(?: (?:risk|risks|thoughts|ideation|behaviours?|issues|concerns))?\b",
        rf"\b(?:if|when|whenever) (?:a|an|any|the) (?:\w+ )?(?:child|pupil|student|young person|patient|"
        rf"teenager|someone|person) (?:\w+ ){{0,4}}?{_TOPIC}\b",
        r"\b(?:children|pupils|students|young people|kids|teenagers|people|those|anyone) (?:who|that) (?:\w+ ){0,2}?"
        r"(?:run away|runs away|go missing|goes missing|are missing|went missing|ran away)\b",
        r"\b(?:signs|indicators|risk|risks|types|definition) of (?:\w+ ){0,2}?"
        + _TOPIC
        + r"(?! in (?:my|our|his|her))\b",
    )
]

# 2. Specific patterns: on their own they describe a person at risk now.
_SPECIFIC = [
    re.compile(p)
    for p in (
        # wanting to die, suicide attempts
        rf"\bkill(?:s|ed|ing)? {_SELF}",
        r"\bkms\b",
        r"\bunalive\w*",
        rf"\bhang(?:s|ed|ing)? {_SELF}",
        r"\b(?:end|ends|ending|ended|take|takes|taking|took|taken) (?:his|her|their|my|your) (?:own )?life\b",
        r"\bend(?:s|ing)? it all\b",
        r"\b(?:talk\w*|thinking|thinks|thought|said|says|saying) (?:about |of )?(?:ending it|dying|wanting to die)\b",
        r"\bwant(?:s|ed|ing)? to (?:di+e+|be dead|end it|not be (?:alive|here)|disappear (?:forever|for good))\b",
        r"\bnot (?:being|be) (?:here|alive|around) any more\b",
        r"\b(?:doesnt|dont|didnt|does not|do not|did not|no longer|never|not) (?:\w+ )?(?:want|wants|wanting|wish|"
        r"wishes) to (?:be alive|live|be here|exist|wake up|be around|go on)\b",
        r"\bbetter off dead\b",
        r"\b(?:better off|happier) (?:\w+ ){0,3}?(?:without (?:me|him|her)|if (?:i|he|she) (?:wasnt|was not|"
        r"werent|were not|was gone|died|wasnt here))\b",
        r"\bwish(?:es|ed)? (?:he|she|i|they) (?:was|were) (?:dead|never born)\b",
        r"\bwish(?:es|ed)? (?:he|she|i|they) (?:wasnt|werent|hadnt been) (?:alive|here|born)\b",
        r"\bsuicide (?:note|attempt|attempts|bid)\b",
        rf"\b(?:attempt(?:ed|ing|s)?|tried|tries|trying|threaten\w*) (?:to )?(?:commit )?{_SUICIDE}\b",
        r"\bno (?:reason|point) (?:to|in) (?:live|living|being alive|going on)\b",
        r"\bnot worth living\b",
        r"\b(?:jump|jumping|jumped) (?:off|from|out of|in front of) (?:a |the |his |her |my )?(?:bridge|building|"
        r"roof|train|cliff|window|car)\b",
        # self-harm
        rf"\b(?:cut|cuts|cutting|burn|burns|burning|burnt|harm|harms|harming|scratch\w*|starv\w*|hit|hits|hitting|"
        rf"punch\w*) {_SELF}",
        r"\b(?:scars|cuts|marks|burns) on (?:his|her|their|my) (?:arms?|wrists?|legs?|thighs?|stomach)\b",
        r"\b(?:till|until) (?:it|they|he|she|i) (?:bleeds?|bled)\b",
        rf"\bhurt(?:s|ing) {_SELF}",
        rf"\b(?:might|may|could|will|would|going to) (?:hurt|harm|cut) {_SELF}",
        rf"\bto (?:hurt|harm|injure|cut) {_SELF}",
        rf"\b(?:hurt|injured) {_SELF} (?:on purpose|deliberately|intentionally)\b",
        r"\b(?:cut|cuts|cutting|slash\w*) (?:his|her|their|my) (?:arms?|wrists?|legs?|thighs?|skin|stomach)\b",
        # overdose
        r"\boverdosed\b",
        r"\b(?:took|taken|take|taking|had|has had) (?:an? )?(?:over ?dose|od)\b",
        r"\btoo many (?:of (?:his|her|my|their) )?(?:\w+ )?" + _PILLS + r"\b",
        r"\b(?:took|taken|swallowed) (?:\d+|ten|twelve|fifteen|twenty|thirty|forty|fifty) (?:\w+ )?" + _PILLS + r"\b",
        r"\b(?:took|taken|swallowed|swallowing|downed) (?:\w+ ){0,3}?(?:loads of|a load of|lots of|a lot of|"
        r"a handful of|handfuls of|a bottle of|a packet of|a box of|a whole (?:packet|box|bottle) of|all (?:of )?"
        r"(?:his|her|my|their|the)) (?:\w+ ){0,2}?" + _PILLS + r"\b",
        # abuse and neglect happening to someone
        r"\b(?:being|been|was|were|is|are|getting|got|get|gets|keeps getting) (?:\w+ )?(?:abused|molested|raped|"
        r"assaulted|groomed|exploited|trafficked|beaten|battered|strangled|choked|neglected)\b",
        r"\b(?:was|been|being|gets|got|is|keeps getting) (?:hit|punched|kicked|slapped|smacked|beaten|attacked|"
        r"assaulted) by\b(?! (?:a|the) (?:dog|car|bee|wasp|horse|ball)\b)",
        r"\b(?:sexually|physically|emotionally) (?:abus\w*|assault\w*|exploit\w*|touch\w*|harass\w*|"
        r"harm(?:ed|ing|s)?)\b",
        r"\bstalk(?:s|ed|ing)? (?:him|her|them|me|us|my)\b",
        rf"\b(?:he|she|they|{_ADULT}) (?:is|was|s|gets|can be|has been) (?:very |really |so )?(?:abusive|violent)\b",
        r"\b(?:abus|molest|rap)(?:es|ed|ing) (?:him|her|them|me|us|my)\b",
        r"\btouch(?:ed|es|ing)? (?:\w+ ){0,2}?(?:inappropriately|in an? (?:inappropriate|sexual|bad|wrong) way|"
        r"in a way (?:i|he|she|they) (?:didnt|did not) like|down there|(?:his|her|my|their) (?:private|privates|"
        r"genitals|bottom|breasts|chest))\b",
        r"\binappropriate(?:ly)? touch\w*\b",
        r"\bforced (?:to marry|to get married|into (?:a )?marriage)\b",
        rf"\b(?:disclosed|has disclosed|told (?:me|us|staff|a teacher|her teacher|his teacher) about) "
        rf"(?:\w+ ){{0,2}}?{_TOPIC}\b",
        r"\b(?:sent|send|sends|sending|asked|asks|asking|made|makes|forced) (?:\w+ ){0,2}?(?:nudes?|naked|"
        r"explicit|indecent)(?: (?:photos|pictures|pics|images|videos|selfies))?\b",
        r"\bneglect(?:s|ed|ing) (?:him|her|them|the (?:kids|children|baby)|(?:his|her|their) (?:kids|children|"
        r"son|daughter|baby|child))\b",
        r"\b(?:he|she|they|child|son|daughter|kid|kids|children|baby|boy|girl|i|me)(?: is| are| was| were| s| m)?"
        r"(?: being| been)? neglected\b",
        r"\b(?:isnt|is not|arent|are not|not) (?:being )?fed\b",
        r"\bno food (?:at home|in the house)\b",
        # physical harm
        rf"\b(?:hit|hits|hitting|beat|beats|beating|punch|punched|punches|punching|kick|kicked|kicks|kicking|"
        rf"slap|slapped|slaps|slapping|choke|choked|chokes|choking|strangl\w*|smack\w*|shook|shakes|shaking|"
        rf"burned|burnt|burns|throttl\w*|whip\w*|belted) (?:him|her|them|me|us|my (?:\w+ )?{_PERSON})\b",
        rf"\b(?:someone|somebody|he|she|they|{_ADULT}|staff|man|woman|boys|girls|kids|children|pupils|people) "
        r"(?:\w+ ){0,3}?(?:hurt|hurts|hurting) (?:him|her|them|me|my)\b",
        r"\b(?:being|getting|been|gets|get|got|keeps getting) hurt (?:at|by)\b",
        rf"\b(?:is|gets|becomes|was) (?:very )?violent (?:towards|to|with) (?:him|her|them|me|us|my|(?:his|her|their) "
        rf"(?:\w+ )?{_PERSON})\b",
        r"\bunexplained (?:bruis\w*|injur\w*|marks|burns)\b",
        r"\b(?:throws|threw|throwing) (?:things|stuff|objects|\w+) at (?:him|her|them|me|us)\b",
        r"\b(?:push|pushed|pushes|pushing|shove|shoved|shoves|shoving) (?:him|her|them|me|us) (?:over|down|around|"
        r"against|into)\b",
        r"\bleft (?:\w+ )?(?:bruis\w*|marks)\b",
        r"\bbruis\w* (?:on|all over) (?:his|her|their|my)\b",
        r"\bcame home (?:with|covered in) (?:bruis\w*|marks|injur\w*|a black eye|cuts)\b",
        r"\b(?:threaten\w*|going to|will|ll|d|would|wants to) (?:kill|stab|hurt|harm|beat) (?:me|him|her|them|us|"
        r"my|the (?:kids|children|baby))\b",
        # danger and safety
        r"\bin (?:immediate |real |serious |grave )?danger\b",
        r"\ba danger to (?:himself|herself|themselves|myself)\b",
        r"\b(?:not|isnt|arent|doesnt feel|dont feel|never feels?|doesnt|dont) (?:feel )?safe (?:at home|at school|"
        r"with|around|going home|in (?:the|his|her|my|our) (?:house|home)|any more)\b",
        r"\b(?:unsafe|not safe) at home\b",
        r"\bfeels? unsafe\b",
        r"\b(?:scared|afraid|frightened|terrified|petrified) (?:\w+ )?(?:to go|of going|to return|of returning|"
        r"to be) (?:back )?home\b",
        rf"\b(?:scared|afraid|frightened|terrified|petrified) of (?:his|her|their|my|our) (?:\w+ )?{_ADULT}\b",
        # locked in, missing, running away
        r"\block(?:s|ed|ing)? (?:him|her|them|me|us) (?:in|up|out)\b",
        r"\blocked (?:in|up|out)(?: of)? (?:his|her|their|my|a|the) (?:room|bedroom|cupboard|house|home|flat|shed|"
        r"garage|car)\b",
        r"\b(?:is|was|been|being|gets|got|keeps getting|kept) locked (?:in|up)\b",
        r"\b(?:ran|run|running|runs) away\b(?! with| from (?:the )?(?:problem|issue|it|this|that))",
        rf"\b(?:he|she|they|i|old|{_PERSON}) (?:has |have |had |is |are |was |s |keeps )?(?:gone |been |going "
        r"|went |gets |got )?missing\b(?! (?:school|lessons|out|education|class|classes|days|sessions|appointments|"
        r"a lot|his|her|their|my|from education))",
        r"\b(?:hasnt|has not|havent|didnt|did not|not) (?:come|been|gone) (?:back )?home\b",
        r"\b(?:dont|doesnt|do not|does not) know where (?:he|she|they) (?:is|are)\b",
    )
]

_TOPIC_RE = re.compile(rf"\b{_TOPIC}\b")
# Who the message is about: a particular child or young person, or the writer themselves.
_PERSON_REF = re.compile(
    rf"\b(?:my|our|his|her|their) (?:\w+ ){{0,3}}?{_PERSON}\b"
    r"|\b(?:my|our) \w+"
    rf"|\b(?:this|that) (?:\w+ )?{_PERSON}\b"
    rf"|\bone of (?:my|our) \w+"
    rf"|\b(?:a|an) (?:\w+ ){{0,2}}?{_PERSON} (?:in|on|at|from|i) (?:my|our|teach|work|support|look|care|see)\b"
    r"|\b(?:he|she|him|her|hes|shes|herself|himself)\b"
    r"|\b(?:i|im|me|myself|ive)\b"
)
_BLANK = " _ "


def _neutralise(text: str) -> str:
    for pattern in _NEUTRAL:
        text = pattern.sub(_BLANK, text)
    return text


def risk_reason(text: str) -> str | None:
    """The matched phrase that makes this message a safeguarding concern, or None. For tests and traces."""
    n = _neutralise(normalise(text))
    for pattern in _SPECIFIC:
        match = pattern.search(n)
        if match:
            return match.group().strip()
    topic = _TOPIC_RE.search(n)
    if topic and _PERSON_REF.search(n):
        return topic.group()
    return None


def is_at_risk(text: str) -> bool:
    """True when the message suggests a child or young person (or the writer) may be at risk of harm."""
    return risk_reason(text) is not None


class SafeguardingCheck:
    """Stage 2: mark at-risk messages "safeguarding" and put the urgent signposting in ctx.prefix.

    `local_contact(area)` may return the area's children's social care contact, taken from the indexed
    sources (never invented); it is only called for a message that needs it, and only with a known area.
    """

    name = "safeguarding"

    def __init__(self, local_contact: Callable[[str], str | None] | None = None) -> None:
        self.local_contact = local_contact

    def call(self, ctx: Context) -> None:
        """Set status and prefix when the question suggests a child is at risk; never aborts."""
        if not is_at_risk(ctx.question):
            return
        ctx.answer.status = SAFEGUARDING
        ctx.prefix = texts.safeguarding_block(self._local_detail(ctx.area))
        ctx.notes.append("safeguarding: at-risk message, urgent signposting added")

    def _local_detail(self, area: str) -> str | None:
        if not (self.local_contact and area):
            return None
        try:
            detail = self.local_contact(area)
        except Exception:  # noqa: BLE001 - a failed local lookup must never cost the national help lines
            log.exception("local children's social care lookup failed")
            return None
        return escape_markdown_html(detail.strip()) if detail and detail.strip() else None
