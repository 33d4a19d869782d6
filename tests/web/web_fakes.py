"""A deterministic stand-in for send_assistant.answering.service.Assistant, for web, API and browser tests.

Answers are chosen by keywords in the question so tests can ask for each kind of answer: an ordinary cited
answer, a service contact card, a safeguarding answer, not found, out of scope, and a hostile source.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

from send_assistant.answering import texts
from send_assistant.answering.answer import ANSWERED, NOT_FOUND, OUT_OF_SCOPE, SAFEGUARDING, Answer, Citation

AREAS = ["Bedford Borough", "Worcestershire"]
XSS_SCRIPT = "<script>window.__xss=1</script>"
XSS_IMG = '<img src=x onerror="window.__xss=1">'
XSS_LINK = "[click](javascript:window.__xss=1)"


def _plan_citations(area: str) -> list[Citation]:
    return [
        Citation(
            n=1,
            doc_id="bedford-soa",
            title="SEND Statement of Action response – Bedford Borough",
            area=area or "Bedford Borough",
            doc_type="statement of action",
            location="Education, Health and Care plans > Timeliness",
            url="https://www.bedford.gov.uk/send",
            reviewed="2018-07-01",
            text="The local area will complete EHC needs assessments within 20 weeks.\nParents can ask directly.",
        ),
        Citation(
            n=2,
            doc_id="send-glossary",
            title="SEND glossary",
            area="",
            doc_type="glossary",
            location="EHC needs assessment",
            url=None,
            reviewed=None,
            text="An EHC needs assessment is a detailed look at a child's needs.",
        ),
    ]


def _service_citation(area: str) -> Citation:
    return Citation(
        n=1,
        doc_id="sendiass-bedford",
        title="Service directory: Bedford Borough",
        area=area or "Bedford Borough",
        doc_type="service",
        location="Service record",
        url="https://www.bedford.gov.uk/sendiass",
        reviewed="2024-03-01",
        text="Free, impartial advice for families about SEND.",
        contact={
            "name": "Bedford SENDIASS",
            "phone": "01234 276267",
            "email": "sendiass@bedford.gov.uk",
            "website": "https://www.sendiass-bedford.org.uk",
            "opening_times": "Monday to Friday, 9am to 4pm",
        },
    )


def _hostile_citation() -> Citation:
    return Citation(
        n=1,
        doc_id="hostile",
        title=f"Hostile {XSS_SCRIPT} page",
        area="Bedford Borough",
        doc_type="local offer page",
        location=XSS_IMG,
        url="javascript:window.__xss=1",
        reviewed="2024-01-01",
        text=f"Passage with {XSS_SCRIPT} and {XSS_IMG} and {XSS_LINK}.",
        contact={"name": "Evil <b>service</b>", "website": "javascript:window.__xss=1", "email": "x@y.com<script>"},
    )


class FakeAssistant:
    """Same public methods as the real Assistant: ask, ask_stream, areas, health."""

    def __init__(self, on_answer: Callable[[Answer], None] | None = None, areas: list[str] | None = None) -> None:
        self.on_answer = on_answer
        self._areas = list(AREAS if areas is None else areas)
        self.calls: list[dict] = []

    def areas(self) -> list[str]:
        return list(self._areas)

    def health(self) -> dict:
        return {"status": "ok", "documents": 3, "chunks": 42}

    def _compose(self, question: str, area: str, audience: str, history: list | None, id: str | None) -> Answer:
        answer = Answer(question=question, area=area, audience=audience)
        if id:
            answer.id = id
        q = question.lower()
        if "weather" in q:
            answer.status, answer.answer = OUT_OF_SCOPE, texts.OUT_OF_SCOPE
        elif "sensory room" in q:
            answer.status = NOT_FOUND
            answer.answer = texts.NOT_FOUND_LEAD.format(where="") + " " + texts.NEXT_STEP_GENERIC
        elif "xss" in q:
            answer.answer = f"Hostile answer {XSS_SCRIPT} {XSS_IMG} {XSS_LINK} [1]"
            answer.citations = [_hostile_citation()]
        elif "danger" in q or "hurt" in q:
            answer.status = SAFEGUARDING
            answer.answer = texts.safeguarding_block() + "\n\nYou can also ask the SEND team for support [1]."
            answer.citations = [_service_citation(area)]
        elif "advice" in q or "contact" in q or "signpost" in q:
            answer.answer = "Bedford SENDIASS gives free, impartial advice [1]."
            answer.citations = [_service_citation(area)]
        else:
            answer.answer = (
                "Here is what the sources say:\n\n"
                "- EHC needs assessments should be completed within **20 weeks** [1].\n"
                "- An EHC needs assessment is a detailed look at a child's needs [2]."
            )
            answer.citations = _plan_citations(area)
        if history:
            earlier = [h["content"] for h in history if h.get("role") == "user"]
            answer.answer += f"\n\n(Following on from: {earlier[-1]})"
        answer.status = answer.status or ANSWERED
        return answer

    def ask(self, question, area="", audience="parent", history=None, id=None) -> Answer:
        self.calls.append({"question": question, "area": area, "audience": audience, "history": history})
        answer = self._compose(question, area, audience, history, id)
        if self.on_answer:
            self.on_answer(answer)
        return answer

    def ask_stream(self, question, area="", audience="parent", history=None, id=None) -> Iterator[str | Answer]:
        answer = self.ask(question, area, audience, history, id)
        words = answer.answer.split(" ")
        for end in (len(words) // 3, 2 * len(words) // 3):
            yield " ".join(words[: max(end, 1)])
        yield answer
