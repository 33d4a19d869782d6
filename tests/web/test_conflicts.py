from send_assistant.web.conflicts import conflicting_details, conflicts_markdown, normalise_name, normalise_value


def _doc(doc_id: str, name: str, url: str, reviewed: str | None, **contact) -> dict:
    return {"doc_id": doc_id, "title": name, "url": url, "reviewed": reviewed, "contact": {"name": name, **contact}}


DOCS = [
    _doc("service-svc-7", "Riverside Sensory Play", "https://dir.example/services/7", "2024-05-01",
         phone="+44 1632 960123", email="Play@Riverside.example", address="12 Mill Lane, Bedford MK40 9ZZ"),
    _doc("lo-example-sensory", "Riverside sensory play service", "https://lo.example/sensory", "2025-03-04",
         phone="01632 960 999", email="play@riverside.example", address="Riverside Centre, 12 Mill Lane, MK409ZZ"),
    _doc("service-svc-8", "Portage", "https://dir.example/services/8", None, phone="01632 960 000"),
    {"doc_id": "guide", "title": "Riverside Sensory Play", "url": None, "reviewed": None, "contact": None},
]  # fmt: skip


def test_normalising():
    assert normalise_name("The Riverside Sensory-Play Service") == normalise_name("riverside sensory play")
    assert normalise_value("phone", "+44 1632 960123") == normalise_value("phone", "01632 960 123")
    assert normalise_value("phone", "01632 960 123 (extension 4)") == "01632960123"
    assert normalise_value("address", "12 Mill Lane, MK409ZZ") == normalise_value("address", "Centre, mk40 9zz")


def test_one_service_with_different_phones_across_sources_is_reported_with_source_and_date():
    conflicts = conflicting_details(DOCS)
    assert [(c.service, c.field) for c in conflicts] == [("Riverside Sensory Play", "phone")]  # same email, postcode
    values = {v.source: (v.value, v.reviewed) for v in conflicts[0].values}
    assert values == {
        "https://dir.example/services/7": ("+44 1632 960123", "2024-05-01"),
        "https://lo.example/sensory": ("01632 960 999", "2025-03-04"),
    }
    md = conflicts_markdown(conflicts)
    assert "| Riverside Sensory Play | phone | 01632 960 999 | https://lo.example/sensory | 2025-03-04 |" in md


def test_agreeing_sources_are_not_a_conflict():
    same = [DOCS[0], {**DOCS[1], "contact": {**DOCS[1]["contact"], "phone": "01632 960123"}}]
    assert conflicting_details(same) == []
    assert conflicts_markdown([]).startswith("No conflicting details")
