"""A tiny knowledge folder and a fake answer service for the `send-assistant eval` command tests."""

from send_assistant.answering.answer import Answer, Citation, Passage

MANIFEST = """documents:
  - id: bucks
    file: bucks.txt
    title: Bucks plan
    area: Buckinghamshire
  - id: glossary
    file: glossary.txt
    title: Glossary
    area: ""
"""
BUCKS_TEXT = "We work closely with the SEND Youth Forum, a core mechanism to shape services."
QUESTIONS = [
    {
        "id": "a1",
        "question": "youth forum?",
        "area": "Buckinghamshire",
        "audience": "parent",
        "kind": "answer",
        "gold": ["SEND Youth Forum"],
        "facts": [["youth forum"]],
    },
    {"id": "r1", "question": "fix my car", "area": "", "audience": "gp", "kind": "refuse", "gold": [], "facts": []},
]


class FakeAssistant:
    """Answers questions about the youth forum with a cited passage and refuses everything else.

    A follow-up ("when does it meet") is answered only when its history mentions the youth forum, as a real
    conversation would be. Every call is recorded in `calls`.
    """

    def __init__(self):
        self.calls = []

    def areas(self):
        return ["Buckinghamshire"]

    def ask(self, question, area="", audience="parent", history=None, id=None):
        self.calls.append({"question": question, "area": area, "history": history, "id": id})
        a = Answer(question=question, area=area, audience=audience, id=id or "x")
        earlier = " ".join(t["content"] for t in history or [])
        if "youth" in question or "youth" in earlier:
            p = Passage("bucks:1", "bucks", BUCKS_TEXT, "Bucks plan", "Buckinghamshire", "improvement plan")
            a.retrieved = [p]
            a.citations = [Citation(1, "bucks", p.title, p.area, p.doc_type, "", None, None, p.text)]
            a.answer = "Yes: the SEND Youth Forum [1]."
        else:
            a.status = "out_of_scope"
        return a
