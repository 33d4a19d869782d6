"""The safeguarding lexicon: phrase patterns over normalised text (see send_assistant/answering/stages/safeguarding.py).

Grouped by what they describe. NEUTRAL phrases (idioms, policy wording) are blanked out first; a SPECIFIC
pattern flags a message on its own; a TOPIC word flags it only with a reference to a particular person
(PERSON_REF), so a professional asking about services in general is not treated as a child at risk.
"""

from __future__ import annotations

import re

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
_PILLS = (
    r"(?:tablets|pills|paracetamol|ibuprofen|meds|medication|medicine|painkillers|antidepressants|nurofen|calpol|"
    r"codeine|co codamol|cocodamol|aspirin|sertraline|fluoxetine|melatonin|sleeping (?:pills|tablets)|insulin|"
    r"methadone|antihistamines|gummies)"
)
# Who might harm a child, and the child (or writer) harmed.
_ACTOR = (
    rf"(?:someone|somebody|he|she|they|a man|a woman|men|man|{_ADULT}|staff|adults?|people|an older \w+|"
    r"(?:his|her|my|their|our) (?:\w+ )?(?:friend|neighbour|coach|tutor|driver|escort|cousin))"
)
_CHILD = rf"(?:him|her|them|me|us|my (?:\w+ ){{0,3}}?{_PERSON})"
_EXPLOITER = (
    r"(?:(?:older|grown|adult|grown up|random|strange|(?:[2-9]\d|twenty|thirty|forty|fifty)\w* (?:year old|yr old|yo)) "
    r"(?:\w+ )?(?:men|man|guys?|boys|lads|males?|people|friends?|boyfriends?|girlfriends?|women|woman)|adults|"
    r"(?:a|an) (?:[2-9]\d|twenty|thirty|forty|fifty)\w* (?:year old|yr old|yo)\b|strangers?|men|gang\w*|(?:people|"
    r"someone|somebody|a man|a guy|"
    r"men) (?:he|she|they|i) (?:met|meets|talks to|talked to|chats to|chatted to) online)"
)
# Suicide and its usual misspellings: suicidal, sucidal, suisidal, suicdal, sucide, suiside...
_SUICIDE = r"su[aei]{0,2}[cs]{1,2}[iy]?[dt](?:e|al|el|le|ial|ul|ally|es)?"
_TOPIC = (
    rf"(?:{_SUICIDE}|self (?:harm\w*|injur\w*)|over ?dos\w*|abus(?:e|ed|es|ing|er)|neglect\w*|"
    r"rape|raped|molest\w*|groomed|(?:online|sexual) grooming|grooming (?:him|her|them|my)|"
    r"(?:sexual|sexually|criminal|criminally|child) exploit\w*|sexual (?:abuse|assault)|domestic (?:abuse|violence)|"
    r"county lines|forced marriage|older (?:man|men|guys?|boyfriend|lads?|males?)|in a gang|gang members?|"
    r"trap house|cuckoo\w*|sextortion|blackmail\w*|sugar daddy|porn\w*|homeless|drug (?:debt|dealers?|runner)|"
    r"(?:taking|doing|using|smoking|dealing|selling|buying|carrying) (?:\w+ )?(?:drugs|cocaine|coke|ket|"
    r"ketamine|weed|cannabis|spice|heroin|crack|mdma)|fgm|radicalis\w*|extremis\w*|terroris\w*|"
    r"far right|jihad\w*|child protection (?:concern|referral|issue)s?|"
    r"violence at home|harm to (?:him|her|them)self|unexplained (?:bruis\w*|injur\w*|marks)|"
    r"(?:sexual|explicit|indecent) (?:messages|texts|photos|pictures|images|videos|chats?))"
)

# 1. Blanked out before matching: idioms, policy and general phrasing.
NEUTRAL = [
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
        # "hit us with a fine", "hit hard by the cost of living": money and news, not blows
        r"\bhit (?:us|me|him|her|them|families|parents) (?:\w+ ){0,2}?(?:with (?:a |an |the )?(?:\w+ )?(?:fine|bill|"
        r"charge|letter|news|decision|penalty)|hard)\b",
        r"\bhit (?:hard )?by (?:the )?(?:cost of living|cuts|budget cuts|funding cuts|news|changes|price rises|prices|"
        r"bills?|covid|pandemic|recession)\b",
        # self-injurious behaviour asked about as part of a child's condition (see the data README's labelling rule)
        r"\bself injurious behaviou?rs?\b",
        rf"\b(?:{_PERSON}|he|she|they) (?:\w+ ){{0,3}}?(?:hits|hitting|bangs|banging|bites|biting|slaps|slapping|"
        r"scratches|scratching|pinches|pinching|punches|punching) (?:his|her|their) (?:own )?(?:head|ears?|face|"
        r"hands?|chin|legs?|arms?|chest|cheeks?|nails?|lips?)\b",
        r"\bbruis\w* (?:on|all over) (?:his|her|their|my) \w+ (?:from|after) (?:falling|a fall|tripping|bumping|"
        r"playing|sport|football|rugby|pe|(?:a|his|her|the) (?:ball|scooter|bike|trampoline|swing))\b",
        r"\b(?:hit|hits|hitting|bangs?|banging|bites|biting|scratch(?:es|ing)?|slaps?|slapping|pinch(?:es|ing)?|"
        r"punch(?:es|ing)?) (?:him|her|them)sel(?:f|ves) when (?:he|she|they|hes|shes)\b",
        r"\b(?:signs|indicators|risk|risks|types|definition) of (?:\w+ ){0,2}?"
        + _TOPIC
        + r"(?! in (?:my|our|his|her))\b",
    )
]

# 2. Specific patterns: on their own they describe a person at risk now.
SPECIFIC = [
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
        r"\b(?:scars|cuts|marks|burns) (?:on|all over) (?:his|her|their|my) (?:arms?|wrists?|legs?|thighs?|stomach)\b",
        r"\b(?:till|until) (?:it|they|he|she|i) (?:bleeds?|bled)\b",
        rf"\bhurt(?:s|ing) {_SELF}",
        rf"\b(?:might|may|could|will|would|going to) (?:hurt|harm|cut) {_SELF}",
        rf"\bto (?:hurt|harm|injure|cut) {_SELF}",
        rf"\b(?:hurt|injured) {_SELF} (?:on purpose|deliberately|intentionally)\b",
        r"\b(?:cut|cuts|cutting|slash\w*|burn\w*)(?: and (?:cut\w*|burn\w*|scratch\w*))? (?:his|her|their|my) (?:arms?|"
        r"wrists?|legs?|thighs?|skin|stomach)\b",
        # overdose
        r"\boverdosed\b",
        r"\b(?:took|taken|take|taking|had|has had) (?:an? )?(?:over ?dose|od)\b",
        r"\btoo many (?:of (?:his|her|my|their) )?(?:\w+ )?" + _PILLS + r"\b",
        r"\b(?:took|taken|swallowed) (?:\d+|ten|twelve|fifteen|twenty|thirty|forty|fifty) (?:\w+ )?" + _PILLS + r"\b",
        r"\b(?:took|taken|swallowed|swallowing|downed|necked|drank|drunk) (?:\w+ ){0,3}?(?:loads of|a load of|lots of|"
        r"a lot of|"
        r"a handful of|handfuls of|a bottle of|a packet of|a box of|a whole (?:packet|box|bottle) of|all (?:of )?"
        r"(?:his|her|my|their|the)) (?:\w+ ){0,2}?" + _PILLS + r"\b",
        # abuse and neglect happening to someone
        r"\b(?:being|been|was|were|is|are|getting|got|get|gets|keeps getting) (?:\w+ )?(?:abused|molested|raped|"
        r"assaulted|groomed|exploited|trafficked|beaten|battered|strangled|choked|neglected)\b",
        r"\b(?:was|been|being|gets|got|is|keeps getting) (?:hit|punched|kicked|slapped|smacked|beaten|attacked|"
        r"assaulted) by\b(?! (?:a|the) (?:dog|car|bee|wasp|horse|ball|swing|door|bike|scooter|bus|van|lorry|"
        r"cricket ball)\b)",
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
        r"\b(?:forc\w*|mak(?:e|es|ing)|made|pressur\w*) (?:me|him|her|them) (?:to )?(?:marry|get married)\b",
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
        r"\b(?:dont|doesnt|do not|does not|never|wont|will not|not) (?:\w+ )?feed (?:me|him|her|them|us|the (?:kids|"
        r"children|"
        r"baby))\b",
        rf"\b(?:held|hold|holds|holding|pushed|pushes|pushing) {_CHILD} (?:\w+ )?under (?:the )?water\b",
        r"\b(?:a |the )?pillow over (?:his|her|my|their) face\b",
        # physical harm
        rf"\b(?:hit|hits|hitting|beat|beats|beating|punch|punched|punches|punching|kick|kicked|kicks|kicking|"
        rf"slap|slapped|slaps|slapping|choke|choked|chokes|choking|strangl\w*|smack\w*|shook|shakes|shaking|"
        rf"burned|burnt|burns|throttl\w*|whip\w*|belted) (?:him|her|them|me|us|my (?:\w+ )?{_PERSON})\b",
        rf"\b(?:someone|somebody|he|she|they|{_ADULT}|staff|man|woman|boys|girls|kids|children|pupils|people) "
        r"(?:\w+ ){0,5}?(?:hurt|hurts|hurting) (?:him|her|them|me|my)\b(?! (?:feelings|s feelings))",
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
        r"\b(?:ran|run|running|runs) away\b(?! with| from (?:the |his |her |their )?(?:problem|issue|it|this|that|"
        r"lessons?|class|classes|classroom|table|tasks?|work|demands|noise|situations|dinner hall|assembly|pe)\b)",
        rf"\b(?:he|she|they|i|old|{_PERSON}) (?:has |have |had |is |are |was |s |keeps )?(?:gone |been |going "
        r"|went |gets |got )?missing\b(?! (?:school|lessons|out|education|class|classes|days|sessions|appointments|"
        r"a lot|his|her|their|my|from education))",
        r"\b(?:hasnt|has not|havent|didnt|did not|not) (?:come|been|gone) (?:back )?home\b",
        rf"\b(?:(?:dont|doesnt|do not|does not|no one|nobody) knows?|no idea|not sure) where (?:he|she|they|"
        rf"(?:my|our) (?:\w+ )?{_PERSON}) (?:is|are|has gone|have gone|went)\b",
        # sexual abuse in indirect words: touching, "doing things", secrets, pictures
        rf"\b{_ACTOR} (?:\w+ ){{0,3}}?touch(?:es|ed|ing)? {_CHILD}\b(?! (?:on the|gently|lightly|to (?:guide|calm|help|"
        rf"get)|"
        r"(?:his|her|my|their) (?:arm|shoulder|hand|back|head)))",
        r"\btouch(?:es|ed|ing)? (?:\w+ ){0,2}?(?:under|inside|in) (?:his|her|my|their) (?:clothes|pants|knickers|"
        r"underwear|pyjamas|trousers|shorts|nappy)\b",
        r"\btouch(?:es|ed|ing)? (?:\w+ ){0,2}?(?:his|her|my|their) (?:willy|penis|vagina|bum|boobs|front bottom|"
        r"private parts)\b",
        r"\b(?:does|did|doing|done|do) (?:\w+ )?(?:things|stuff) to (?:him|her|them|me|us)\b",
        r"\b(?:make|makes|made|making|force|forces|forced|forcing|pressur\w*) (?:him|her|them|me|us) (?:to )?"
        r"(?:do (?:sexual|sex|rude|dirty|bad|horrible|nasty) (?:things|stuff)|do (?:things|stuff)(?: (?:i|he|she|they) "
        r"(?:dont|doesnt|didnt|do not|does not|did not) (?:\w+ )?(?:want|like)| for (?:money|cash|gifts|them|him)|$)|"
        r"(?:have|having|into) sex|sleep with|touch (?:him|her|them|his|her|their))",
        r"\b(?:made|makes|make|making|told|tells|asked|asks|forced|forces|promise) (?:me|him|her|them|us)? ?(?:to )?"
        r"(?:keep|promise to keep) (?:it|this|that|what happened|things|everything)? ?(?:a |our )?secrets?\b",
        r"\b(?:our|a) (?:little |special )?secret\b(?= (?:between|from) )|\bour little secret\b",
        r"\b(?:showed|shows|showing|show|sent|sends|sending) (?:him|her|them|me|us|my (?:\w+ )?" + _PERSON + r") "
        r"(?:\w+ ){0,2}?(?:rude|dirty|naked|nude|sexual|explicit|porn\w*|inappropriate|private|adult) "
        r"(?:pictures|photos|pics|images|videos|films|things|stuff|parts)\b",
        r"\b(?:showed|shows|showing) (?:him|her|them|me|us) (?:his|her|their) (?:privates|private parts|penis|willy|"
        r"body)\b",
        rf"\b(?:took|takes|taking|taken) (?:pictures|photos|pics|videos) of {_CHILD} (?:naked|undressed|"
        r"in the (?:bath|shower)|without (?:clothes|any clothes))\b",
        # a missing child, or one in danger now
        r"\b(?:cant|cannot|can not|couldnt|could not) find (?:him|her|them|my (?:\w+ )?" + _PERSON + r")\b"
        r"(?! s\b|(?: \w+)? (?:a|an|any|the|some|suitable|appropriate|another|anything|somewhere|places?|schools?|"
        r"support|"
        r"help|work|provision|placements?|jobs?|courses?|services?|therapists?|clubs?|respite|childcare|care|"
        r"nursery|college|tutors?|dentists?|gps?)\b)",
        r"\b(?:has|have|had|hes|shes|just|has just) (?:run|ran|wandered|bolted|disappeared|gone|went) off\b"
        r"(?! (?:school|his food|her food|food|the idea))",
        r"\b(?:ran|run|runs|wandered|wanders|bolted|gone|went) off\b.*\b(?:cant|cannot|couldnt|no one knows|"
        r"nobody knows|"
        r"dont know where|police|still not|not back|anywhere|looking for|searching|hours? ago|an hour)\b",
        r"\b(?:looked|looking|searched|searching) (?:\w+ )?(?:everywhere|all over) (?:for )?(?:him|her|them)\b",
        r"\b(?:left|leaves|leaving|snuck out|sneaked out|sneaks out|slipped out|climbed out|went out|goes out|escaped) "
        r"(?:\w+ ){0,3}?(?:in the (?:middle of the )?night|during the night|at (?:\d+ ?am|midnight)|without (?:telling|"
        r"saying|anyone knowing))\b",
        rf"\b(?:he|she|they|{_PERSON}) (?:has |have |had |s )?(?:just )?disappeared\b",
        r"\b(?:still )?(?:not|isnt|hasnt|is not|has not) (?:come |been |got )?(?:back|home) (?:yet|since)\b",
        r"\bstill (?:not|isnt|hasnt|is not|has not) (?:come |been |got )?(?:back|home)\b(?! (?:at|in|to|on|into|with|"
        r"for)\b)",
        r"\b(?:hasnt|has not|havent|have not|not|nobody has|no one has) (?:been )?seen (?:(?:him|her|"
        r"them)(?: by anyone)?|by (?:anyone|anybody)) "
        r"(?:since|for)\b",
        # exploitation and grooming: older adults, gifts, drugs to carry, meeting people from online
        rf"\b{_EXPLOITER} (?:\w+ ){{0,4}}?(?:give|gives|gave|giving|buy|buys|bought|buying|offer\w*|send|sends|sent|"
        rf"sending|pay|pays|paid|paying) {_CHILD} (?:\w+ ){{0,2}}?(?:money|cash|gifts|presents|drugs|alcohol|vapes?|"
        r"weed|phones?|lifts|clothes|trainers|designer|things|to)\b",
        rf"\b(?:gifts|presents|money|cash|drugs|alcohol|lifts|vapes?|"
        rf"phones?) (?:\w+ )?from (?:\w+ ){{0,2}}?{_EXPLOITER}",
        rf"\b(?:met|meeting|meets|meet|talking to|talks to|chatting (?:to|with)|chats (?:to|with)|messaging|messages|"
        rf"speaking to|seeing|dating|going out with|meeting up with|meets up with|met up with|going to meet|"
        rf"wants to meet|sleeping with|hanging (?:around|out) with|goes off with|"
        rf"going off with|went off with) (?:\w+ ){{0,2}}?{_EXPLOITER}",
        r"\bmet (?:a |an |some |this )?(?:\w+ )?(?:man|men|guy|guys|boy|boys|lad|lads|person|people|someone|somebody|"
        r"adult|stranger|girl|woman|friend|boyfriend|girlfriend) (?:on|through|via|off) (?:line|the internet|an app|"
        r"snapchat|instagram|tiktok|discord|roblox|fortnite|facebook|whatsapp|a game|gaming|xbox|playstation)\b",
        r"\b(?:met|meet|meeting|meets) (?:a |an |some |this |these )?(?:\w+ )?(?:man|men|guy|guys|boy|boys|lads?|"
        r"person|"
        r"people|someone|somebody|adults?|strangers?|girl|woman|friends?|boyfriend|girlfriend) (?:\w+ )?online\b",
        r"\b(?:made|make|makes|forced|force|forcing|told|tells|asked|asks|paid|pays|pressured|groomed|using|uses|used|"
        r"getting|gets|got) (?:him|her|them|me|us)? ?(?:to )?(?:carry|sell|deliver|hold|move|stash|hide|run|drop) "
        r"(?:\w+ )?(?:drugs|packages?|parcels?|weapons?|knives|a knife|guns?|cash|bags)\b",
        r"\b(?:made|make|makes|forced|force|forcing|pressured|pressures|pressuring|paid|pays) (?:him|her|them|me|us) "
        r"(?:to |into )?(?:have sex|having sex|sleep with|sexual)\b",
        # overdose, someone else's tablets, poisons
        rf"\b(?:took|taken|swallowed|stolen|stole|necked|downed|got into|ate|eaten|chewed) (?:\w+ ){{0,2}}?"
        rf"(?:mums?|dads?|mothers?|"
        rf"fathers?|parents?|nans?|grans?|grandmas?|grandads?|sisters?|brothers?|someone else|someones)(?: s)? "
        rf"(?:\w+ )?{_PILLS}\b",
        r"\b(?:took|taken|take|taking|swallowed) (?:double|triple|twice|three times) (?:\w+ ){0,2}?(?:dose|amount)\b",
        r"\b(?:drank|drunk|drinks|drink|drinking|swallowed|swallow|swallowing|ate|eaten|taken|took|ingested|necked) "
        r"(?:some (?:of )?(?:the |my |his |her )?|a (?:bottle|cup|glass|mouthful|capful) of |the |a |"
        r"one of (?:the |my )?)?"
        r"(?:bleach|antifreeze|poison|rat poison|weed ?killer|detergent|e ?liquid|vape liquid|"
        r"washing (?:up )?liquid|cleaning (?:products?|fluid|spray)|dettol|(?:laundry|washing|dishwasher) (?:pods?|"
        r"capsules|tablets?)|"
        r"batteries|a battery|button batteries|magnets)\b",
        # drugs and alcohol harming a child
        rf"\b(?:he|she|they|i|im|old|yo|{_PERSON}|{_ADULT}) (?:\w+ ){{0,3}}?(?:drunk|stoned|wasted|high on|off (?:his|"
        rf"her|their|"
        r"my) (?:face|head)|passed out|taking drugs|doing drugs|using drugs|on drugs|smoking (?:weed|cannabis|"
        r"spice))\b",
        # domestic violence seen or heard by a child
        r"\b(?:hits|hit|beats|beat|hurts|attacks|attacked|strangles|strangled|chokes|choked|punches|punched|kicks|"
        r"slaps|"
        r"slapped|threatens|threatened) (?:my|his|her|their|our) (?:mum|mom|mother|wife|partner|girlfriend)\b",
        r"\b(?:saw|see|sees|seen|seeing|heard|hear|hears|witness\w*|watched|watches|watching) (?:\w+ ){0,4}?(?:hit|"
        r"hits|"
        r"hitting|beat|beats|beating|attack\w*|strangl\w*|chok\w*|punch\w*|kick\w*|hurting|hurts|violence|fights|"
        r"fighting|screaming at|threaten\w*) (?:me|her|him|mum|mummy|them|each other|us|"
        r"(?:his|her|my|their|our) (?:mum|mother|mummy|dad|father|partner))\b",
        r"\b(?:wont|will not|cant|cannot|can not) (?:wake (?:him|her|them) up|be woken)\b(?! (?:for|in|on|early|"
        r"before))",
        r"\b(?:wont|will not|cant|cannot) wake up\b(?! (?:for|in|on|early|before|when|until|till|at|properly)\b)",
        r"\bend it (?:tonight|today|this weekend|soon|now)\b|\b(?:want|wants|wanted|wish|wishes) to (?:go to )?sleep "
        r"(?:forever|and never wake up)\b",
        r"\b(?:unconscious|unresponsive|stopped breathing|not breathing|turning blue)\b",
        r"\b(?:angry|violent|aggressive|nasty|scary|frightening) when (?:he|she|they) (?:drinks|s drunk|is drunk|"
        r"gets drunk|"
        r"has been drinking|takes drugs|is high)\b",
        r"\b(?:does|did|doing|makes me do|made me do) (?:\w+ )?(?:things|stuff) (?:\w+ )?when (?:\w+ ){1,2}(?:alone|"
        r"on (?:our|my|his|her) own|asleep|in bed|out)\b",
        r"\b(?:didnt|did not|hasnt|has not|havent|have not|never) (?:come|came|got|get) back (?:last night|home|yet|"
        r"since|"
        r"overnight|at all|from (?:school|college|town|the shops|a party|his dads|her dads|his mums|her mums))\b",
        rf"\b{_EXPLOITER} (?:\w+ ){{0,2}}?(?:messag\w*|text\w*|snapchat\w*|contact\w*|follow\w*|waits? for|"
        rf"picks? up|picking up) {_CHILD}",
        r"\b(?:owes|owe|owed|owing) (?:\w+ ){0,3}?(?:money|debt|cash)\b.*\b(?:threat\w*|hurt|beat|stab|kill|gang|"
        r"dealers?)\b",
        rf"\bthreaten(?:s|ed|ing) {_CHILD}\b(?! with (?:exclusion|expulsion|detention|a detention|being (?:excluded|"
        r"expelled|sent home)|legal action|court|fines?|prosecution|tribunal|isolation|the police))",
        rf"\b(?:stockpil\w*|hoard\w*|saving up|saved up|stash\w*|hiding|hidden|hid) (?:\w+ ){{0,2}}?{_PILLS}\b",
        rf"\b{_PILLS} (?:\w+ )?(?:ready|saved up|stashed|hidden away)\b",
        r"\b(?:throw|throws|threw|thrown|slam|slams|slammed|pin|pins|pinned|drag|drags|dragged) (?:me|him|her|them|us) "
        r"(?:against|into|down|across|onto|on to|to the|by (?:his|her|my|their) hair)\b",
        r"\b(?:scared|afraid|frightened|terrified|worried|worry) (?:of )?what (?:i|i ll|ill|i d|id)(?: might| could|"
        r" will| would|"
        r" may)? (?:do|end up doing)\b",
        rf"\b(?:{_ADULT}|he|she|they) (?:\w+ ){{0,2}}?(?:drinks|drinking|is drinking|uses drugs|"
        rf"takes drugs) (?:all day|"
        r"every day|all the time|from the morning|every night|constantly|heavily)\b",
        r"\b(?:pressur\w*|forced|made|blackmail\w*|groomed|tricked|coerced|persuaded) (?:him |her |them |me )?(?:into |"
        r"to )?"
        r"(?:send\w*|tak\w*|shar\w*) (?:\w+ ){0,2}?(?:pictures|photos|pics|images|videos|selfies)\b",
        r"\b(?:being|been|gets|getting|got|keeps getting) (?:hit|punched|kicked|slapped|smacked|beaten|hurt|strangled) "
        r"(?:at home|every day|all the time|again)\b",
        r"\b(?:hurt\w*|touch\w*|grab\w*) (?:his|her|my|their) (?:private|privates|private parts|genitals|willy|penis|"
        r"vagina|front bottom)\b",
        r"\bleft (?:home )?(?:alone|on (?:their|his|her|my) own) (?:\w+ ){0,3}?(?:no food|without food|all (?:day|"
        r"night|"
        r"weekend)|overnight|for days)\b",
        r"\b(?:comes|came|coming|gets|got|getting|creeps|crept|sneaks|sneaked) into (?:my|his|her|their) (?:bedroom|"
        r"room|"
        r"bed|bathroom|shower)\b.*\b(?:night|asleep|alone|shower|bath|nobody|no one|everyone)\b",
        r"\b(?:stranger|man|men|adult|guy|someone|somebody|people) (?:online )?(?:\w+ )?(?:asked|asks|asking|wants|"
        r"wanted|keeps asking) (?:\w+ ){0,2}?(?:for|to send) (?:\w+ )?(?:photos|pictures|pics|selfies|videos)\b",
        rf"\b(?:black eye|bruis\w*|marks|burns|injur\w*|cuts) (?:\w+ ){{0,4}}?(?:says|said|told (?:me|us))? ?(?:her|"
        rf"his|"
        rf"their|my) (?:\w+ )?{_ADULT} (?:did it|did that|did this|caused|hit|hurt|did them)\b",
        r"\b(?:having sex|sleeping|in a relationship|sexual relationship|going out) with (?:an? )?(?:adult|"
        r"grown (?:man|"
        r"woman|up)|older (?:man|woman|men)|(?:[2-9]\d) (?:year old|yr old|yo))\b",
        r"\b(?:being|been|was|is|keep being|keeps being) (?:forced|made|pressured) (?:to|into) (?:do|doing) (?:\w+ )?"
        r"(?:things|stuff)\b",
        r"\b(?:want|wants|wanted|wish|wishes) (?:it|everything|the pain|life|my life|it all) to (?:stop|end)\b",
        r"\btaken advantage of (?:sexually|by)\b",
        r"\b(?:scared|afraid|frightened|terrified) of (?:a|an|her|his|their|my) (?:family member|relative|neighbour)\b",
        r"\bnever any food\b|\b(?:no|not any|not enough) food (?:for (?:me|us|him|her|them|the kids))\b",
        r"\b(?:nobody|no one|noone) (?:is |s )?(?:looking after|looks after|caring for|feeding) (?:him|her|them|me|us|"
        r"the kids|the children)\b",
        # better off dead, wishing not to exist, nobody would care
        r"\b(?:written|wrote|writing|left) (?:\w+ )?(?:goodbye|farewell) (?:letters?|notes?|messages?)\b",
        r"\b(?:giving|gave|given) away (?:all )?(?:his|her|my|their) (?:things|stuff|belongings|possessions)\b",
        r"\bwish(?:es|ed)? (?:i|he|she|they) (?:had|d|hadnt|had not) (?:never )?been born\b",
        r"\b(?:no one|nobody|noone) (?:would|will|d) (?:even )?(?:miss|care if|notice if) (?:me|him|her|i|he|she)\b",
        # eating disorder crisis
        r"\b(?:hasnt|has not|havent|have not|not|hardly|barely|stopped|refus\w* to|wont|will not|isnt|is not|hadnt) "
        r"(?:\w+ )?(?:eaten|eating|eat|ate|had (?:anything|any food|a meal)|drunk|drinking|drink) (?:\w+ ){0,3}?"
        r"(?:for|in|since) (?:days|weeks|(?:\d+|two|three|four|five|six|several|a few|a couple of|over a|more than a) "
        r"(?:days|weeks)|a week|over a week|yesterday|(?:last )?(?:monday|tuesday|wednesday|thursday|friday|saturday|"
        r"sunday))\b",
        r"\bnot (?:eating|eaten) (?:or|and|nor) (?:drinking|drunk)\b|\brefus\w* (?:to eat or drink|food and (?:water|"
        r"drink))",
        rf"\bmak(?:e|es|ing) {_SELF} sick\b",
        # injuries nobody explains
        r"\b(?:bruis\w*|marks|burns|injur\w*|a black eye|black eyes|cuts|welts|a broken (?:arm|wrist|leg|bone|rib)) "
        r"(?:\w+ ){0,5}?(?:(?:cant|cannot|can not|couldnt|wont|will not|doesnt|does not|didnt|did not|refuses to|"
        r"unable to|wouldnt|would not) (?:\w+ )?(?:explain|say how|say where|tell (?:me|us|anyone) how|talk about)|"
        r"no (?:explanation|one can explain)|(?:nobody|no one|noone) can explain)\b",
        r"\b(?:cigarette|belt|strangulation|ligature|rope|bite|finger ?tip) (?:burns|marks)\b",
        # a parent afraid of what they might do
        rf"\b(?:i|im|i m|ill|i ll|id|i d|ive|i ve)\b (?:\w+ ){{0,4}}?(?:might|may|could|will|ll|would|d|going to|"
        rf"want to|"
        r"wanted to|feel like|tempted to|afraid of|scared of|worried about|frightened of|close to|nearly|almost|"
        r"about to|end up|thinking about|think about|thoughts of|thoughts about|urge to|"
        r"urges to) (?:\w+ ){0,2}?(?:hurt\w*|harm\w*|hit\w*|kill\w*|smother\w*|shak\w*|strangl\w*|lash\w* out at|"
        rf"los\w* it with|lost it with|slap\w*|throttl\w*) (?:him|her|them|my (?:\w+ )?{_PERSON}|the (?:baby|kids|"
        rf"children|"
        r"child))\b(?! (?:s|feelings|chances|prospects|case|application|education|future|progress|place|confidence|"
        r"pride|back|knee|hand|arm|leg|head|foot|by mistake))",
        # young people without a safe place to stay
        r"\b(?:kicked|thrown|threw|throws|kicks|chucked) (?:me|him|her|them|us) out\b(?! of (?:school|class|college|"
        r"lessons?|the (?:class|classroom|lesson|club|group|school|room|team|meeting)))",
        r"\b(?:sleeping rough|sofa surfing|nowhere to (?:sleep|live|stay))\b",
        r"\bnowhere (?:safe )?to (?:go|sleep|stay) (?:tonight|today|now|right now)\b",
        r"\b(?:made|been made|become|became) homeless (?:today|tonight|this (?:morning|afternoon|evening))\b",
        r"\bevicted (?:tonight|today|this (?:morning|afternoon|evening))\b",
        r"\b(?:sleeping|slept|sleeps|living|staying) (?:rough|on the streets?|in (?:a|the|his|her|my|our) (?:car|park|"
        r"tent|stairwell|doorway|bus shelter|shed|car park))\b",
        # medical emergencies told by their symptoms
        r"\b(?:seizures?|fits?|fitting|seizing)\b(?: \w+){0,5}? (?:wont|will not|doesnt|does not|hasnt|has not|isnt|"
        r"cant|cannot) (?:stop|stopped|end|ended|be stopped)\b",
        r"\b(?:fitting|seizing|(?:having|had|in) (?:a )?(?:seizure|fit)) (?:for|over|more than) "
        r"(?:over |more than |about |nearly |almost )?(?:\d+|five|six|seven|eight|ten|fifteen|twenty) "
        r"(?:min|mins|minutes)\b",
        r"\b(?:seizure after seizure|fit after fit|one (?:seizure|fit) after (?:another|the other))\b",
        r"\b(?:rescue (?:med|meds|medication|medicine)|buccal|midazolam|epipen|epi pen|inhaler)\b(?: \w+){0,3}? "
        r"(?:hasnt|has not|didnt|did not|isnt|is not|not) (?:work|worked|working|help|helped|helping)\b",
        r"\b(?:cant|cannot|can not|couldnt|could not|struggling to|unable to|fighting to) (?:breathe|breath)\b"
        r"(?! (?:through|out of|properly through|with))",
        r"\bgasping (?:for (?:breath|air)|and)\b",
        r"\b(?:lips|face|skin|he|she|they|child|son|daughter|baby)(?: is| are| has| have| s)? (?:gone|going|turning|"
        r"turned|look|looks|looking) (?:\w+ )?(?:blue|grey|purple)\b",
        r"\b(?:cant|cannot|can not|couldnt|could not|unable to) (?:wake|rouse) (?:him|her|them|my \w+)(?: up)?\b"
        r"(?! (?:for|in the morning|in time|on time|early|before|at))",
        r"\bwont wake (?:up )?properly\b|\b(?:barely|hardly|not) conscious\b",
        r"\bgot into (?:the|my|his|her|our) (?:medicine|medication|tablet|pill) (?:cabinet|cupboard|box|drawer)\b",
        r"\b(?:took|taken|swallowed|ate|eaten|chewed|downed) (?:\w+ ){0,2}?(?:some of|a (?:strip|pack|packet) of|"
        r"a whole (?:strip|pack|packet|tub|bottle) of) (?:\w+ ){0,3}?" + _PILLS + r"\b",
        r"\bmarried off\b|\b(?:arranged|arranging) for (?:me|him|her|them) to marry\b",
        r"\b(?:shoot up|bomb|blow up|attack) (?:the |his |her |my |a |our )?(?:school|college|mosque|church|"
        r"synagogue)\b"
        r"|\bmake a bomb\b|\bbomb making\b|\brace war\b",
    )
]

TOPIC_RE = re.compile(rf"\b{_TOPIC}\b")
# Who the message is about: a particular child or young person, or the writer themselves.
PERSON_REF = re.compile(
    rf"\b(?:my|our|his|her|their) (?:\w+ ){{0,3}}?{_PERSON}\b"
    r"|\b(?:my|our) \w+"
    rf"|\b(?:this|that) (?:\w+ )?{_PERSON}\b"
    rf"|\bone of (?:my|our) \w+"
    rf"|\b(?:a|an) (?:\w+ ){{0,2}}?{_PERSON} (?:in|on|at|from|i) (?:my|our|teach|work|support|look|care|see)\b"
    r"|\b(?:he|she|him|her|hes|shes|herself|himself)\b"
    r"|\b(?:i|im|me|myself|ive)\b"
)
BLANK = " _ "
