import pytest

from send_assistant.answering.retrieval.areas import allowed_areas, detect_area, is_allowed, without_area_names

KNOWN = [
    "Bath and North East Somerset",
    "Bedford Borough",
    "Buckinghamshire",
    "Central Bedfordshire",
    "Worcestershire",
]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Who runs the SEND team in Bucks?", "Buckinghamshire"),
        ("short breaks in buckinghamshire", "Buckinghamshire"),
        ("Is there a parent forum in Bath?", "Bath and North East Somerset"),
        ("B&NES transition panel", "Bath and North East Somerset"),
        ("BANES local offer", "Bath and North East Somerset"),
        ("bath and north east somerset SENCO network", "Bath and North East Somerset"),
        ("Is the Bedford local offer changing?", "Bedford Borough"),
        ("Bedford Borough Council EHCP team", "Bedford Borough"),
        ("autism diagnosis in Central Bedfordshire", "Central Bedfordshire"),
        ("Central Beds annual reviews", "Central Bedfordshire"),
        ("Worcs SENCO training", "Worcestershire"),
        ("do special schools in bath have nurses", "Bath and North East Somerset"),
        ("any autism groups in bucks?", "Buckinghamshire"),
        ("the hospital in Worcester", "Worcestershire"),
        # a lower-case place word right before a council service's name is the place
        ("bucks local offer moving to a new website? when", "Buckinghamshire"),
        ("bath send team phone number", "Bath and North East Somerset"),
        ("are bucks schools any good with autism", "Buckinghamshire"),
        ("bucks ofsted inspection 2021", "Buckinghamshire"),
        ("what did the bath inspectors find", "Bath and North East Somerset"),
        ("bucks autism assessment waiting list", "Buckinghamshire"),
        ("is there a bath sencos network", "Bath and North East Somerset"),
        ("bucks special schools for semh", "Buckinghamshire"),
        # ...or as the label the message starts with
        ("bucks: who runs the local offer", "Buckinghamshire"),
        ("bath - is there a parent carer forum", "Bath and North East Somerset"),
        # ...or the council's record on them
        ("bucks 20 week ehcp figures", "Buckinghamshire"),
        ("bath 20-week timescales for ehcps", "Bath and North East Somerset"),
        ("bucks performance on annual reviews", "Buckinghamshire"),
        ("bath waiting list for the autism assessment", "Bath and North East Somerset"),
        # ...or with a plural verb, as a council is spoken of ("bucks are", "how long are bucks taking")
        ("how long are bucks taking to do ehcps", "Buckinghamshire"),
        ("bucks said no to assessing him", "Buckinghamshire"),
        ("does bucks have a parent carer forum", "Buckinghamshire"),
        ("why did bath say no to the assessment", "Bath and North East Somerset"),
        ("bath have still not sent the draft plan", "Bath and North East Somerset"),
    ],
)
def test_detects_the_named_area(text, expected):
    assert detect_area(text, KNOWN) == expected


@pytest.mark.parametrize(
    "text",
    [
        "What is an EHCP?",
        "Bedfordshire",  # Bedford Borough or Central Bedfordshire: ambiguous
        "How do I give my son a bath when he is anxious?",  # ordinary word, not the city
        "he screams in the bath",
        "it cost fifty bucks",
        "he spends bucks on games at school",  # money, not the county, even with a service word later on
        "bath time is a battle",
        "he has a bath every day for 20 minutes",
        "bath time: how do i make it easier for my autistic son",
        "he loves his bath - is that a sensory thing",
        "it costs 20 bucks a week for the club",
        "bath or shower after swimming at school",
        # a plural verb after money or a tub with a determiner or number in front, or a verb before "bath and"
        "20 bucks are not much for a taxi",
        "the bucks are in the field behind school",
        "his bath was too hot and he screamed",
        "bath is a nightmare with his sensory needs",
        "do bath and bedtime routines help autistic kids",
        "Who is the SEND manager in Leeds?",  # an area the index does not cover
        "I moved from Bedford to Bucks",  # two areas: let the user choose
        "",
    ],
)
def test_no_area_when_none_or_ambiguous(text):
    assert detect_area(text, KNOWN) is None


def test_only_known_areas_are_detected():
    assert detect_area("short breaks in Bucks", ["Worcestershire"]) is None
    assert detect_area("SEND support in Leeds", KNOWN + ["Leeds"]) == "Leeds"
    assert detect_area("SEND in leeds", ["Leeds City Council"]) == "Leeds City Council"


def test_allowed_areas_are_the_chosen_area_plus_national():
    assert allowed_areas("Buckinghamshire") == ["Buckinghamshire", ""]
    assert allowed_areas("") == [""]
    assert is_allowed("", "Worcestershire")
    assert is_allowed(None, "")
    assert is_allowed("Worcestershire", "Worcestershire")
    assert not is_allowed("Buckinghamshire", "Worcestershire")
    assert not is_allowed("Buckinghamshire", "")


@pytest.mark.parametrize(
    ("text", "area", "expected"),
    [
        (
            "who is checking bedford actually does what it promised",
            "Bedford Borough",
            "who is checking actually does what it promised",
        ),
        ("whos the councillor in charge of send in bucks", "Buckinghamshire", "whos the councillor in charge of send"),
        ("banes how many pupils get sen help", "Bath and North East Somerset", "how many pupils get sen help"),
        (
            "is the annual review late in Central Beds, is this known",
            "Central Bedfordshire",
            "is the annual review late , is this known",
        ),
        ("B&NES local offer", "Bath and North East Somerset", "local offer"),
        # the council itself is asked about: its name goes, "county council" stays with its preposition
        ("phone number for worcestershire county council?", "Worcestershire", "phone number for county council ?"),
    ],
)
def test_without_area_names_takes_out_the_searched_areas_names(text, area, expected):
    assert without_area_names(text, area) == expected


@pytest.mark.parametrize(
    ("text", "area"),
    [
        ("help with bath time for my autistic son", "Bath and North East Somerset"),  # a tub, not the city
        ("what about central beds", "Central Bedfordshire"),  # nothing else to search for
        ("short breaks in Bucks", "Worcestershire"),  # another area's name stays (retrieve searches one area)
        ("short breaks in Bucks", ""),
    ],
)
def test_without_area_names_keeps_the_text_otherwise(text, area):
    assert without_area_names(text, area) == text
