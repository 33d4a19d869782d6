import pytest

from send_assistant.answering.spelling import SpellingCorrector, typed_words

CORPUS = [
    "Ask the council for an EHC needs assessment. Autism and ADHD are common needs.",
    "The parent carer forum and SENDIASS give advice. Free transport to a special school.",
    "An annual review of the EHCP takes place every 12 months.",
]


@pytest.fixture(scope="module")
def corrector() -> SpellingCorrector:
    return SpellingCorrector.from_texts(CORPUS + ["worcs bucks"])


def test_misspelt_send_words_are_corrected_against_the_index_vocabulary(corrector):
    fixed = corrector.correct("how do i get an ehcp asessment for my dauhgter, she has autsim")
    assert fixed.text == "how do i get an ehcp assessment for my daughter, she has autism"
    assert ("asessment", "assessment") in fixed.changes and ("autsim", "autism") in fixed.changes


def test_known_words_names_acronyms_and_nicknames_are_left_alone(corrector):
    for text in ["annual review in worcs", "Who runs SNAP PCF?", "Is Rebecca the lead?", "my son is 7"]:
        assert corrector.correct(text).changes == ()


def test_index_words_win_over_rarer_english_words(corrector):
    assert corrector.correct("is there a parent carer fourm").text.endswith("forum")
    assert corrector.correct("free transprot to a specail school").text == "free transport to a special school"


def test_other_languages_are_recognised_and_english_is_not(corrector):
    assert not corrector.looks_english("Bonjour, mon fils est autiste, comment obtenir de l aide")
    assert not corrector.looks_english("Mój syn ma autyzm, gdzie mogę uzyskać pomoc")
    assert not corrector.looks_english("میرے بیٹے کو آٹزم ہے")
    assert corrector.looks_english("hi my daughter has adhd can she get an ehcp at her school in bucks")
    assert corrector.looks_english("wat is ehcp")  # too short to judge: answered as usual


def test_word_counts_saved_at_ingest_give_the_same_corrector_as_the_texts():
    # issue 10: the index's vocabulary arrives as word counts instead of every chunk's text
    from collections import Counter

    from send_assistant.ingest.textkit import words

    texts = ["Annual reviews of EHC plans.", "The annual review meeting; annual reviews again."]
    from_texts = SpellingCorrector.from_texts(texts, english=False)
    counts = Counter(w for t in texts for w in words(t) if w.isalpha())
    from_counts = SpellingCorrector.from_texts(counts, english=False)
    assert from_counts.domain == from_texts.domain
    assert from_counts.correct("anual reveiws").text == from_texts.correct("anual reveiws").text


@pytest.mark.parametrize("word", ["isnt", "wouldnt", "havent", "theyre", "hes", "shes", "youve"])
def test_contractions_typed_without_the_apostrophe_are_words(corrector, word):
    # "the help in her plan just isnt happening" once became "... just int happening".
    assert corrector.correct(f"the help in her plan {word} happening").changes == ()


@pytest.mark.parametrize(
    ("typed", "meant"),
    [
        ("how long shud the assessment take", "how long should the assessment take"),
        ("the skool wont help", "the school wont help"),
        ("what happend at the annual review", "what happened at the annual review"),
        ("Wat is an ehcp", "What is an ehcp"),  # short words too, capital kept
        ("does the ehcp carry on if he goes to uni", "does the ehcp carry on if he goes to university"),
    ],
)
def test_text_speak_is_read_as_the_word_meant_not_the_nearest_word(corrector, typed, meant):
    # Without the table the nearest words win: "shud" -> "shut", "skool" -> "stool", "happend" -> "happens".
    fixed = corrector.correct(typed)
    assert fixed.text == meant
    assert fixed.changes


@pytest.mark.parametrize(
    "typed", ["extra time in his gcses", "she has tourettes", "stimming in class", "his paed said", "two lsas"]
)
def test_words_families_type_that_no_list_holds_are_left_alone(corrector, typed):
    assert corrector.correct(typed).changes == ()


def test_the_typed_words_tables_hold_single_lower_case_words():
    meant, known = typed_words()
    assert meant["shud"] == "should" and "gcses" in known
    assert all(k == k.lower() and " " not in k for k in [*meant, *known])
    assert not set(meant) & known  # a word is either corrected or left alone, never both


def test_a_misspelling_the_english_list_holds_as_one_of_its_rarest_words_is_still_corrected():
    corrector = SpellingCorrector.from_texts(
        ["A managed move is voluntary. A managed move needs your agreement. Schools may be finding it hard."]
    )
    fixed = corrector.correct("manged move do i have to say yes")  # "manged" is the list's 76,485th word
    assert fixed.text == "managed move do i have to say yes" and fixed.changes == (("manged", "managed"),)
    # A word of the list's first 60,000 is left alone, though an index word is one edit away.
    assert corrector.correct("the school are on about fining us").changes == ()
    # ...and a rare word with no index word one edit away.
    assert corrector.correct("is the office contactable").changes == ()


def test_an_english_word_nearer_than_the_nearest_index_word_is_meant():
    corrector = SpellingCorrector.from_texts(["We publish the advocacy offer. An assessment for your daughter."])
    assert corrector.correct("copy and paste rubish").text == "copy and paste rubbish"  # not "publish" (2 edits)
    assert corrector.correct("like an advocat or something").text == "like an advocate or something"
    # At the same distance the index's word wins: "asessment" is one edit from "assessment" in both.
    assert corrector.correct("an asessment").text == "an assessment"


def test_a_send_term_the_index_uses_often_or_a_rare_english_word_keeps_the_index_word():
    from collections import Counter

    corrector = SpellingCorrector(Counter({"tribunal": 44, "provision": 99, "portage": 4, "autism": 50, "updated": 9}))
    assert corrector.correct("tribanl").text == "tribunal"  # not "tribal", one edit away in English
    assert corrector.correct("prision").text == "provision"  # not "prison"
    assert corrector.correct("portidge").text == "portage"  # "porridge" is no common English word
    # Rare English words meant as typed are left alone, and so is a capitalised name.
    for text in ("selective mutism", "benefits are uprated each april", "Selective Mutism Clinic"):
        assert corrector.correct(text).changes == (), text
