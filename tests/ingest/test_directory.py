"""Directory records on service pages: labelled fields become the same contact card Open Referral records give."""

from pathlib import Path

import pytest

from send_assistant.ingest.directory import is_service_record, label_key, page_contact, shared_fieldsets

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "directory"


def _contact(name: str) -> dict[str, str]:
    return page_contact((FIXTURES / name).read_text(encoding="utf-8"), "https://fis.example/service/1")


@pytest.mark.parametrize(
    ("label", "key"),
    [
        ("Telephone", "phone"),
        ("Tel:", "phone"),
        ("E-mail", "email"),
        ("Web address", "website"),
        ("Opening hours", "opening_times"),
        ("Venue", "address"),
        ("Age range", "ages"),
        ("Who is it for?", "eligibility"),
        ("Fees", "cost"),
        ("Contact name", None),
        ("Description", None),
    ],
)
def test_labels(label, key):
    assert label_key(label) == key


def test_open_objects_dl_record():
    contact = _contact("open_objects_service.html")
    assert contact == {
        "name": "Riverside Sensory Play Sessions",
        "phone": "01632 960 123",
        "email": "sensory.play@riverside.example",  # from the mailto link behind "Email us"
        "website": "https://riverside.example/sensory",
        "opening_times": "Tuesdays 10am to 11:30am, term time",
        "address": "Riverside Children's Centre, 12 Mill Lane, Bedford, MK40 9ZZ",
        "ages": "0 to 8 years",
        "cost": "Free",
    }
    assert is_service_record(contact)


def test_placecube_table_record():
    contact = _contact("placecube_service.html")
    assert contact["name"] == "Hilltop Short Breaks Club"
    assert contact["phone"] == "01632 960 456" and contact["email"] == "shortbreaks@hilltop.example"
    assert contact["website"] == "https://hilltop.example/short-breaks"
    assert contact["opening_times"].startswith("Monday to Friday 3pm to 6pm")
    assert contact["address"] == "Hilltop School, 4 Ridge Road, Ampthill, MK45 9ZZ"
    assert (contact["ages"], contact["cost"]) == ("5 to 18", "£5 a session")
    assert contact["eligibility"].startswith("Children with an EHC plan")


def test_contact_section_lines():
    contact = _contact("contact_section.html")
    assert contact == {
        "name": "Autism Outreach Team",
        "phone": "01632 960 789",
        "email": "autism.outreach@council.example",
        "opening_times": "Monday to Thursday, 9am to 5pm",
    }
    assert is_service_record(contact)


def test_an_ordinary_page_with_one_phone_line_is_not_a_record():
    contact = _contact("ordinary_page.html")
    assert contact.get("phone", "").startswith("01632 960 000")
    assert not is_service_record(contact)
    assert page_contact("<html><body><p>No fields here.</p></body></html>") == {}


def _team_box_page(title: str) -> str:
    return (
        f"<html><body><main><h1>{title}</h1><p>About {title}.</p>"
        "<div class='team-box'><h2>Contact the Local Offer team</h2><ul><li>Phone: 01632 960 000</li>"
        "<li>Email: localoffer@council.example</li></ul></div></main>"
        "<aside><dl><dt>Telephone</dt><dd>01632 960 111</dd><dt>Email</dt><dd>fis@council.example</dd></dl></aside>"
        "</body></html>"
    )


def test_a_contact_box_on_many_pages_is_site_furniture_not_a_record():
    contacts = [page_contact(_team_box_page(t)) for t in ("Short breaks", "Transport", "EHC plans")]
    assert all(c["phone"] == "01632 960 000" for c in contacts)  # the aside (dropped by the loader) is not read
    shared = shared_fieldsets(contacts)
    assert not any(is_service_record(c, shared) for c in contacts)
    assert all(is_service_record(c) for c in contacts)  # each alone would look like one
    assert shared_fieldsets(contacts[:2]) == frozenset()
