"""The chat page's handlers, without a browser."""

import copy
import sqlite3
from types import SimpleNamespace

from web_fakes import FakeAssistant

from send_assistant.answering import texts
from send_assistant.answering.area_profiles import AreaProfile, AreaProfiles, Signpost
from send_assistant.web.ui import ChatPage, area_choices


def _page(recorder, assistant=None) -> ChatPage:
    return ChatPage(assistant or FakeAssistant(on_answer=recorder), recorder)


def _run(page, question, turns=None, shown=None, ids=None, area="Bedford Borough", audience="parent"):
    # Gradio renders each step before asking for the next; copy to see each step as it was.
    return [copy.deepcopy(step) for step in page.respond(question, area, audience, turns or [], shown or [], ids or [])]


def test_area_choices_start_with_not_sure() -> None:
    assert area_choices(["Bedford Borough"]) == [(texts.WEB_AREA_UNSURE, ""), ("Bedford Borough", "Bedford Borough")]


def test_respond_streams_then_shows_sources(recorder) -> None:
    steps = _run(_page(recorder), "What is an EHC needs assessment?")
    first_chat = steps[0][0]
    assert first_chat[-1]["content"] == texts.WEB_THINKING
    assert len(steps) >= 4  # thinking, partial text, more text, final
    chat, box, turns, _, ids, panel, _ = steps[-1]
    assert box == "" and len(ids) == 1 and panel["visible"] is True
    assert "sa-sources" in chat[-1]["content"] and "sa-sources" not in steps[1][0][-1]["content"]
    assert turns[0] == {"role": "user", "content": "What is an EHC needs assessment?"}
    assert turns[1]["role"] == "assistant" and "20 weeks" in turns[1]["content"]
    assert recorder.lookup(ids[0]).area == "Bedford Borough"


def test_follow_up_passes_history(recorder) -> None:
    assistant = FakeAssistant(on_answer=recorder)
    page = _page(recorder, assistant)
    _, _, turns, shown, ids, _, _ = _run(page, "What is an EHCP?")[-1]
    _run(page, "How long?", turns, shown, ids)
    assert assistant.calls[-1]["history"] == turns


def test_empty_question_changes_nothing(recorder) -> None:
    assistant = FakeAssistant()
    steps = _run(_page(recorder, assistant), "   ")
    assert len(steps) == 1 and steps[0][0] == [] and assistant.calls == []


def test_failure_shows_the_error_text(recorder) -> None:
    class Broken(FakeAssistant):
        def ask_stream(self, *a, **k):
            raise RuntimeError("boom")
            yield  # pragma: no cover

    chat = _run(_page(recorder, Broken()), "anything")[-1][0]
    assert texts.ERROR in chat[-1]["content"]


def test_thumbs_on_a_message_rate_that_answer_then_comment_attaches(recorder) -> None:
    page = _page(recorder)
    _, _, turns, shown, ids, _, _ = _run(page, "first?")[-1]
    _, _, _, _, ids, _, _ = _run(page, "second?", turns, shown, ids)[-1]
    row, message = page.rate_message(ids, SimpleNamespace(index=1, liked=False))  # the first answer
    assert message == texts.WEB_FEEDBACK_THANKS
    page.comment("call 07700 900123", row, ids)
    db = sqlite3.connect(recorder.store.path)
    try:
        assert db.execute("SELECT answer_id, rating, comment FROM feedback").fetchall() == [
            (ids[0], "down", "call [phone]")
        ]
    finally:
        db.close()


def test_feedback_before_any_answer_asks_for_a_question(recorder) -> None:
    page = _page(recorder)
    assert page.rate("up", [])[1] == texts.WEB_FEEDBACK_NOTHING
    assert page.didnt_find("", [])[2] == texts.WEB_FEEDBACK_NOTHING


def test_examples_follow_the_audience() -> None:
    updates = ChatPage.examples_for("gp")
    assert [u["value"] for u in updates] == list(texts.WEB_EXAMPLES["gp"])


def test_area_picker_shows_short_display_names_with_canonical_values() -> None:
    profiles = AreaProfiles([AreaProfile(name="Bath and North East Somerset", short_name="Bath and NE Somerset")])
    choices = area_choices(["Bath and North East Somerset", "Bedford Borough"], profiles)
    assert choices[1] == ("Bath and NE Somerset", "Bath and North East Somerset")
    assert choices[2] == ("Bedford Borough", "Bedford Borough")


def test_question_and_answer_name_the_area(recorder) -> None:
    chat = _run(_page(recorder), "What is an EHC needs assessment?", area="Worcestershire")[-1][0]
    assert "Asked for: Worcestershire" in chat[0]["content"]
    assert "Answer: Worcestershire" in chat[1]["content"]
    chat = _run(_page(recorder), "What is an EHC needs assessment?", area="")[-1][0]
    assert "Asked for: England-wide" in chat[0]["content"]


def test_answer_shows_the_chosen_councils_signposts(recorder) -> None:
    profiles = AreaProfiles([AreaProfile(name="Bedford Borough", local_offer=Signpost("Bedford Local Offer", ""))])
    page = ChatPage(FakeAssistant(on_answer=recorder), recorder, profiles)
    chat = _run(page, "Is there a sensory room?", area="Bedford Borough")[-1][0]  # the fake's not-found answer
    assert "Help in Bedford Borough" in chat[-1]["content"] and "Bedford Local Offer" in chat[-1]["content"]


def test_start_again_clears_everything_and_hides_the_confirmation() -> None:
    chat, box, turns, shown, ids, row, panel, comment, status, confirm = ChatPage.start_again()
    assert chat == [] and turns == [] and ids == [] and row is None
    assert panel["visible"] is False and confirm["visible"] is False


def test_the_area_picker_is_refreshed_on_each_page_load_with_newly_ingested_areas(recorder) -> None:
    assistant = FakeAssistant(on_answer=recorder)
    page = _page(recorder, assistant)
    blocks = page.build()
    assert any(dep.get("targets") and dep["targets"][0][1] == "load" for dep in blocks.config["dependencies"])
    known = assistant.areas()
    assistant.areas = lambda: [*known, "Northby"]  # an ingest elsewhere added a council
    assert ("Northby", "Northby") in page.area_picker()["choices"]
