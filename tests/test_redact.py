import json
import re
from pathlib import Path

import pytest

from send_assistant.privacy.redact import redact

DATA = Path(__file__).resolve().parent / "data"


@pytest.mark.parametrize(
    ("text", "secret", "placeholder"),
    [
        ("email me at jane.doe+send@example.co.uk please", "jane.doe", "[email]"),
        ("call 07700 900123 after 3", "900123", "[phone]"),
        ("call 07700900123", "07700900123", "[phone]"),
        ("ring +44 7700 900 123", "7700", "[phone]"),
        ("ring +44 (0)20 7946 0958", "7946", "[phone]"),
        ("home 01632 960001", "960001", "[phone]"),
        ("office (01234) 567890", "567890", "[phone]"),
        ("landline 0117 496 0123", "496", "[phone]"),
        ("his NHS number is 943 476 5919", "5919", "[NHS number]"),
        ("NHS no 9434765919", "9434765919", "[NHS number]"),
        ("NI number QQ 12 34 56 C", "34 56", "[NI number]"),
        ("my NI is AB123456C", "AB123456C", "[NI number]"),
        ("we live at MK42 9AP in Bedford", "MK42", "[postcode]"),
        ("postcode sw1a1aa", "sw1a1aa", "[postcode]"),
        ("born on 12/03/2015", "2015", "[date]"),
        ("DOB 12-3-15", "12-3-15", "[date]"),
        ("dob: 03/2015", "03/2015", "[date]"),
        ("date of birth 3rd March 2015", "March", "[date]"),
        ("she was born in March 2016 and", "2016", "[date]"),
        ("born 2014-07-01", "2014", "[date]"),
        ("on 12th of June, 2019 we", "June", "[date]"),
        ("since September 4, 2021 at", "September 4", "[date]"),
        ("my son is called Tom and he has autism", "Tom", "[name]"),
        ("my son is called tom and he has autism", "tom", "[name]"),
        ("my daughter's name is Amy Smith", "Amy", "[name]"),
        ("our grandson, named Ali, struggles", "Ali", "[name]"),
        ("my 8 year old son is called Jack", "Jack", "[name]"),
        ("my son Oliver has ADHD", "Oliver", "[name]"),
        ("My daughter Lily-Mae can't cope", "Lily-Mae", "[name]"),
        # issue 9: the forms that used to pass
        ("born 2015-04-03", "04-03", "[date]"),
        ("the review was on 2015-04-03", "2015", "[date]"),
        ("ring +44-7700-900123", "900123", "[phone]"),
        ("NI QQ 123 456 C", "456", "[NI number]"),
        ("Mr John Smith said no", "Smith", "[name]"),
        ("sarah dot jones at gmail dot com", "jones", "[email]"),
        ("we live at 12 Acacia Avenue", "Acacia", "[address]"),
        ("Flat 3, 45 High Street", "High Street", "[address]"),
        ("on 3 April 2015", "April", "[date]"),
        ("the 3rd of April", "April", "[date]"),
        ("dated 3.4.2015", "3.4", "[date]"),
        ("ring 07700 900 123", "900", "[phone]"),
        ("my name is Sarah", "Sarah", "[name]"),
        ("I'm Priya, a parent", "Priya", "[name]"),
        ("a boy called jack", "jack", "[name]"),
        ("Can Oliver have speech therapy?", "Oliver", "[name]"),
        ("I spoke to Tunde Adeyemi at the council", "Adeyemi", "[name]"),
        ("Kiyan has ADHD", "Kiyan", "[name]"),
    ],
)
def test_personal_details_are_replaced(text: str, secret: str, placeholder: str) -> None:
    out = redact(text)
    assert secret not in out
    assert placeholder in out


@pytest.mark.parametrize(
    "text",
    [
        "How do I ask for an EHC needs assessment?",
        "What does paragraph 9.14 of the Code of Practice say?",
        "My son has ADHD and is in Year 5",
        "Is there help in Key Stage 2 for 20 hours a week?",
        "Will my son get help in May?",
        "Is there a grace period? Grace period rules",
        "Is Portage run by Rainbow Resource in Bedford Borough?",
        "Does FACT Bucks help children with Down syndrome? What did Ofsted say about the SENCO?",
        "My son will be in Year 2 may need more help",
        "An EHC plan should be issued within 20 weeks to close the gap",
    ],
)
def test_ordinary_questions_are_unchanged(text: str) -> None:
    assert redact(text) == text


def test_placeholders_keep_the_question_readable() -> None:
    out = redact("My son Tom (DOB 01/02/2016, NHS 485 777 3456) lives at B1 1AA, tel 0121 496 0000")
    assert out == "My son [name] (DOB [date], NHS [NHS number]) lives at [postcode], tel [phone]"


def test_empty_text() -> None:
    assert redact("") == ""


def _cases() -> list[dict]:
    return [json.loads(line) for line in (DATA / "pii_cases.jsonl").read_text().splitlines() if line.strip()]


def _kept(text: str, secret: str) -> bool:
    return re.search(r"(?<!\w)" + re.escape(secret) + r"(?!\w)", text) is not None


def test_pii_test_set_keeps_personal_data_at_most_1_percent() -> None:
    cases = _cases()
    assert len(cases) >= 300 and {c["kind"] for c in cases} >= {"child name", "adult name", "address", "date", "number"}
    leaks = [(c["text"], redact(c["text"])) for c in cases if any(_kept(redact(c["text"]), p) for p in c["personal"])]
    assert len(leaks) / len(cases) <= 0.01, leaks


def test_ordinary_questions_lose_a_word_at_most_5_percent() -> None:
    lines = (DATA / "ordinary_questions.txt").read_text().splitlines()
    questions = [q for q in lines if q.strip() and not q.startswith("#")]
    assert len(questions) >= 150
    damaged = []
    for question in questions:
        kept = set(re.findall(r"\w+", redact(question)))
        if any(word not in kept for word in re.findall(r"\w+", question)):
            damaged.append(question)
    assert len(damaged) / len(questions) <= 0.05, damaged


@pytest.mark.parametrize(
    "text",
    ["1-2-3-" * 700, "a . " * 1000, "a.b." * 1000 + "@", "x at y dot " * 400, "a" * 4000],
    ids=["dashes", "dots", "email-like", "at-dot", "one-word"],
)
def test_hostile_long_texts_are_handled(text: str) -> None:
    # These once took seconds each (nested quantifiers); the patterns are now possessive or bounded.
    # Timings live in no test: this checks they run to the end and change nothing, as they hold no data.
    assert redact(text) == text


def test_a_run_of_titles_is_handled() -> None:
    out = redact("Mr " * 1300)
    assert out.count("[name]") > 100 and "Traceback" not in out
    assert redact("email me at sarah dot jones at gmail dot com") == "email me at [email]"
