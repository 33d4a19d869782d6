"""The national guidance Q&A (knowledge/national-guidance-england.md): well formed, sourced, statutory facts right,
no local details, one chunk per question; with the real model, questions find their own answers."""

from __future__ import annotations

import re
import shutil
from collections import Counter

import pytest

from send_assistant.ingest.chunking import chunk_document
from send_assistant.ingest.embedding import MAX_TOKENS, Tokenizer
from send_assistant.ingest.loaders import load_path
from send_assistant.ingest.manifest import load_manifest
from send_assistant.settings import PROJECT_ROOT, Settings

KNOWLEDGE = PROJECT_ROOT / "knowledge"
GUIDE = KNOWLEDGE / "national-guidance-england.md"
DOC_ID = "national-guidance-england"
_QUESTION = re.compile(r"^## (.+\?)\s*$")
_SOURCE = re.compile(r"^Source: (.+)$")
# A source must name a paragraph, chapter, regulation, section, rule or schedule, not just a document.
_NAMES_A_PLACE = re.compile(
    r"Code of Practice (\d+\.\d+|chapters? \d+|Introduction)|\bregs? \d+|\bsections? \d+|\brule \d+|Schedule \d+"
)
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9])")
_PHONE = re.compile(r"(\+44|\b0\d{2,4}[\s-]?\d{3,4}[\s-]?\d{3,4}\b|\b\d{3}\s\d{3}\s\d{4}\b)")
_MONEY = re.compile(r"£|\bpounds?\b|\d+p\b|\bper (week|month)\b", re.IGNORECASE)
_WEB = re.compile(r"https?://|www\.|\.gov\.uk|\.org\b|\.co\.uk|@", re.IGNORECASE)
LOCAL_NAMES = ("Bedford", "Buckinghamshire", "Bucks", "Worcestershire", "Bath", "Somerset", "Luton", "Surrey")


def _qas() -> dict[str, tuple[str, str]]:
    """question -> (answer text, source), read straight from the Markdown."""
    qas: dict[str, tuple[str, str]] = {}
    question, lines = None, []
    for line in [*GUIDE.read_text(encoding="utf-8").splitlines(), "# end"]:
        if line.startswith("#"):
            if question is not None:
                body = " ".join(" ".join(lines).split())
                source = _SOURCE.search(body[body.rfind("Source: ") :]) if "Source: " in body else None
                answer = body[: body.rfind("Source: ")].strip() if source else body
                assert question not in qas, f"question asked twice: {question}"
                qas[question] = (answer, source.group(1) if source else "")
            match = _QUESTION.match(line)
            question, lines = (match.group(1) if match else None), []
        elif question is not None:
            lines.append(line)
    return qas


QAS = _qas()

# question heading -> text its answer must contain (the statutory facts that must be exactly right)
FACTS = {
    "How long does an EHC needs assessment take?": ["20 weeks"],
    "How long does the council have to decide whether to assess?": ["6 weeks"],
    "How long do professionals have to give advice for an assessment?": ["6 weeks"],
    "When will I know if the council will not issue an EHC plan?": ["16 weeks"],
    "How long do I have to comment on a draft EHC plan?": ["at least 15 days"],
    "How often is an EHC plan reviewed?": ["at least every 12 months", "under 5", "3 to 6 months"],
    "How long do I have to appeal to the SEND Tribunal?": ["2 months", "1 month", "mediation certificate", "later"],
    "When must an EHC plan be updated for a move to secondary school?": ["15 February", "31 March"],
    "How quickly do I get a mediation certificate?": ["3 working days"],
    "How long does the council have to arrange mediation?": ["30 days"],
    "What are the walking distances for free school transport?": ["2 miles", "under 8", "3 miles", "8 to 16"],
    "Can I get free transport to a special school?": ["cannot", "SEN", "whatever the distance"],
    "Who can ask for an EHC needs assessment?": ["parent", "young person aged 16 to 25", "school", "GP"],
    "What is preparing for adulthood?": ["Year 9"],
    "Where can I get free, impartial advice about SEND?": ["SENDIASS", "free", "impartial", "confidential"],
    "What does an EHC plan contain?": ["sections A to K", "F special educational provision", "I the school"],
    "Can the school send my child home or ask me to collect them early?": ["unlawful", "even if you agree", "recorded"],
    "Can the school put my child on a part-time or reduced timetable?": ["exceptional", "agreement", "not be used"],
    "How long can my child be suspended from school?": ["45 days", "sixth day"],
    "Who arranges education or home tuition if my child is too ill for school?": ["council must arrange", "15 days"],
    "Can I get direct payments for my child's EHC plan?": ["head teacher or principal must agree"],
    "Who makes decisions about an EHC plan after my child turns 16?": ["last Friday in June", "mental capacity"],
    "Can a school refuse a place because my child has SEN?": ["must not refuse", "EHC plan"],
    "Does an EHC plan move with my child if we move to another council area?": ["15 working days", "6 weeks"],
    "Does my child count as disabled under the Equality Act?": ["more than minor or trivial", "12 months"],
    "What is section F of an EHC plan?": ["detailed and specific", "quantified"],
    "The council refused to assess my child. What can I do now?": ["2 months", "1 month", "whichever is later"],
    "The council is late with my child's EHC plan. What can I do?": ["20 weeks", "Ombudsman"],
    "How many times can a school suspend or exclude my child?": ["any number of times", "45 school days"],
    "The school keeps phoning me to pick up or collect my child. What can I do?": [
        "unlawful informal exclusion",
        "even if you agree",
    ],
    "How do I appeal a school transport decision?": [
        "two stages",
        "review within 20 working days",
        "independent appeal panel within 20 working days",
        "40 working days",
        "5 working days",
    ],
    "The school says it has no money for my child's support. What can I do?": [
        "best endeavours",
        "section F is delivered, whoever pays for it",
    ],
    "Can I get Disability Living Allowance (DLA) or other benefits for my disabled child?": [
        "under 16",
        "not means-tested",
        "at least 3 months",
        "at least 6 more",
        "from age 3",
    ],
    "What happens to my child's DLA when they turn 16?": ["Personal Independence Payment (PIP)", "date in the letter"],
    "Can I get Carer's Allowance for looking after my disabled child?": [
        "16 or over",
        "at least 35 hours a week",
        "middle or highest care rate of DLA",
        "21 hours",
    ],
    "Can my child get a Blue Badge?": ["aged 3 or over", "higher rate of the DLA mobility part", "under 3"],
    "Can I flexi-school my child, part at school and part at home?": ["not a right", "head teacher must agree"],
    "What is a supported internship?": ["16 to 24", "EHC plan", "job coach"],
    "When does planning for adult social care start?": ["significant benefit", "carry on after 18"],
    "What does mental capacity mean for a young person aged 16 or over?": [
        "assumed to have capacity",
        "one decision at a time",
        "best interests",
    ],
    "Can I complain to Ofsted about my child's school?": ["does not investigate", "whole school"],
    "What is alternative provision, such as a pupil referral unit (PRU)?": [
        "pupil referral unit",
        "permanently excluded",
    ],
    "My child is not toilet trained or still in nappies. Can school or nursery refuse them?": [
        "reasonable adjustments",
        "intimate care",
    ],
    "Do we have to pay for an EHC needs assessment (a SEND assessment)?": ["free to families"],
    "Does the council have to take account of a private report or diagnosis?": [
        "must consider",
        "must not ask for the same advice again",
        "does not have to agree",
    ],
    "After a refusal, how soon can I ask for an EHC needs assessment again?": [
        "at any time",
        "2 months",
        "1 month",
        "whichever is later",
    ],
    "Can a child who is doing well academically get an EHC plan?": [
        "not only about grades",
        "emotional and social",
    ],
    "Can my child get an EHC plan or SEN support at a private (independent) school?": [
        "can get an EHC plan",
        "do not have the same legal duties",
        "reasonable adjustments",
    ],
    "What is PDA (pathological demand avoidance)?": ["profile of autism", "not a separate diagnosis"],
    "Can my 2-year-old get free nursery hours because of SEND?": [
        "Disability Living Allowance (DLA) or have an EHC plan",
        "whatever your income",
        "term after their second birthday",
    ],
    "Does a child in care with SEN get extra help at school?": [
        "virtual school head",
        "designated teacher",
        "personal education plan (PEP)",
    ],
    "Can I see my child's school records?": ["maintained", "15 school days", "subject access request", "one month"],
    "What is a section 41 school, and can I ask for an independent special school?": [
        "approved list",
        "must admit",
        "does not have the same duty",
    ],
    "Can I get copies of the reports used to write my child's EHC plan?": [
        "appendices",
        "section K",
        "before the end of the time you have to comment",
    ],
    "What is EOTAS, and can the council pay for tutors or therapy at home?": [
        "would be inappropriate",
        "consult you first",
        "different from elective home education",
    ],
    "What happens to an EHC plan if a young person is held in youth custody?": ["does not end", "must keep it"],
    "Who is invited to an annual review, and can my child take part?": [
        "at least 2 weeks' notice",
        "a health professional and a social care officer",
        "at least 2 weeks before the meeting",
        "views, wishes and feelings",
    ],
    "After an annual review, how long does the council have to decide and amend the plan?": [
        "within 4 weeks of the meeting",
        "within 2 weeks of the meeting",
        "at least 15 days",
        "within 8 weeks",
    ],
    "Can the council cut or reduce the hours or support in my child's EHC plan?": [
        "at least 15 days",
        "not on the council's budget",
        "sections B, F and I",
        "current plan stays in force",
    ],
    "What happens at a SEND Tribunal hearing, and what should I expect on the day?": [
        "tribunal judge",
        "specialist members",
        "do not need a lawyer",
        "in writing",
    ],
    "Can I get extra Universal Credit for my disabled child?": [
        "disabled child addition",
        "higher rate",
        "at least 35 hours a week",
    ],
    "Can we choose another NHS provider to cut the wait for an autism or ADHD assessment?": [
        "legal right to choose",
        "NHS contract",
        "if you referred your child yourself",
    ],
    "GP: when should I refer a child with possible ADHD, and can I prescribe?": [
        "should not make the first diagnosis",
        "up to 10 weeks",
        "shared care",
    ],
    "My child is deaf or has a vision impairment. Who helps at school?": [
        "teachers of the deaf",
        "after consulting a teacher qualified to teach pupils with these impairments",
    ],
    "Can parents be fined when a child with SEND or anxiety won't attend school?": [
        "last resort",
        "support first",
        "recorded as authorised",
    ],
    "Can school staff restrain or hold my child?": [
        "reasonable force",
        "never be used as a punishment",
        "reasonable adjustments",
    ],
    "Can the school put my child in an isolation or removal room?": [
        "lawful, reasonable and proportionate",
        "reasonable adjustments",
    ],
    "What is a managed move, and do I have to agree to one?": ["permanent", "voluntary", "should not be pressured"],
    "My child has just been suspended or excluded. What should I do now?": [
        "within 15 school days",
        "more than 15 school days in a term",
    ],
    "My child was suspended for a meltdown linked to their autism or ADHD. Is that allowed?": [
        "fixed-term exclusion",
        "proportionate",
        "within 6 months",
    ],
    "My child aged 16 or 17 wants to leave college. What happens to the EHC plan?": [
        "under 18",
        "no longer needed",
        "must review the plan",
    ],
    "Does my child's EHC plan carry on when they go to college?": ["31 March", "up to age 25", "university"],
    "How does moving to secondary school work with an EHC plan (the transfer review)?": ["15 February"],
    "My child with SEN support is starting secondary school. How do we prepare?": ["31 October"],
    "My child with SEND is starting school. How do we plan the move from nursery?": ["15 February", "15 January"],
    "Is there transport help to college or sixth form for students over 16 with SEND?": ["31 May"],
    "Can I get help with childcare costs for my disabled child?": ["Tax-Free Childcare", "16", "85%"],
    "What is judicial review, and when can it be used against the council?": [
        "High Court",
        "pre-action letter",
        "promptly and within 3 months",
        "SEND Tribunal instead",
    ],
}
SOURCES = {  # question heading -> paragraph or regulation its Source line must name
    "How long does an EHC needs assessment take?": ["Code of Practice 9.40", "reg 13"],
    "How long does the council have to decide whether to assess?": ["regs 4 and 5"],
    "When will I know if the council will not issue an EHC plan?": ["reg 10"],
    "How long do I have to comment on a draft EHC plan?": ["Code of Practice 9.77", "reg 13(1)"],
    "How often is an EHC plan reviewed?": ["9.166", "9.178"],
    "How long do I have to appeal to the SEND Tribunal?": ["rule 20"],
    "Can the school send my child home or ask me to collect them early?": ["Education Act 2002, section 51A"],
    "Who arranges education or home tuition if my child is too ill for school?": ["Education Act 1996, section 19"],
    "Can I get direct payments for my child's EHC plan?": ["Special Educational Needs (Personal Budgets) Regulations"],
    "Who makes decisions about an EHC plan after my child turns 16?": ["Mental Capacity Act 2005"],
    "My child lashes out or has meltdowns at school. Can they get extra help?": ["Code of Practice 6.32"],
    "Does an EHC plan move with my child if we move to another council area?": ["reg 15", "9.157-9.161"],
    "What is section F of an EHC plan?": ["Code of Practice 9.69", "9.74"],
    "What happens when a young person with SEND turns 18?": ["Care Act 2014, section 58"],
    "What help is there for brothers, sisters and young carers of a disabled child?": ["17ZA", "17ZD"],
    "How many times can a school suspend or exclude my child?": ["Education Act 2002, section 51A"],
    "How do I appeal a school transport decision?": ["section 508B", "home-to-school travel statutory guidance"],
    "The school says it has no money for my child's support. What can I do?": ["sections 42 and 66"],
    "Can I get Disability Living Allowance (DLA) or other benefits for my disabled child?": [
        "Social Security Contributions and Benefits Act 1992, sections 71-73"
    ],
    "What happens to my child's DLA when they turn 16?": ["Welfare Reform Act 2012, Part 4 (section 77)"],
    "Can I get Carer's Allowance for looking after my disabled child?": [
        "Social Security Contributions and Benefits Act 1992, section 70"
    ],
    "Can my child get a Blue Badge?": ["Chronically Sick and Disabled Persons Act 1970, section 21", "reg 4"],
    "Can I get direct payments for short breaks or social care?": ["Children Act 1989, section 17A"],
    "When does planning for adult social care start?": ["Care Act 2014, sections 58-66"],
    "What does mental capacity mean for a young person aged 16 or over?": [
        "Mental Capacity Act 2005, sections 1-3",
        "Children and Families Act 2014, section 80",
    ],
    "What is alternative provision, such as a pupil referral unit (PRU)?": ["Education Act 1996, section 19"],
    "How can my child get occupational therapy (OT) or help with sensory needs?": ["6.34-6.35", "21(5)"],
    "Can I complain to Ofsted about my child's school?": ["Education Act 2002, section 29"],
    "Do we have to pay for an EHC needs assessment (a SEND assessment)?": ["reg 6", "Code of Practice 9.47"],
    "Does the council have to take account of a private report or diagnosis?": ["reg 6(1) and 6(4)", "9.47"],
    "After a refusal, how soon can I ask for an EHC needs assessment again?": ["sections 36 and 51"],
    "Can a child who is doing well academically get an EHC plan?": ["section 36(8)", "Code of Practice 9.14"],
    "Can my child get an EHC plan or SEN support at a private (independent) school?": [
        "sections 24, 36 and 66",
        "Equality Act 2010, section 85",
    ],
    "What is a section 41 school, and can I ask for an independent special school?": ["sections 38, 39, 41 and 43"],
    "What is EOTAS, and can the council pay for tutors or therapy at home?": ["sections 42 and 61"],
    "What happens to an EHC plan if a young person is held in youth custody?": ["sections 70-75"],
    "Who is invited to an annual review, and can my child take part?": ["regs 19-20", "9.176"],
    "After an annual review, how long does the council have to decide and amend the plan?": ["regs 20 and 22"],
    "Can the council cut or reduce the hours or support in my child's EHC plan?": ["reg 22", "sections 42 and 44"],
    "What happens at a SEND Tribunal hearing, and what should I expect on the day?": ["reg 44"],
    "Can I get extra Universal Credit for my disabled child?": ["Universal Credit Regulations 2013, reg 24"],
    "Can we choose another NHS provider to cut the wait for an autism or ADHD assessment?": [
        "Standing Rules) Regulations 2012, reg 39"
    ],
    "GP: when should I refer a child with possible ADHD, and can I prescribe?": ["NICE guideline NG87"],
    "Can I see my child's school records?": ["Education (Pupil Information) (England) Regulations 2005, reg 5"],
    "Does a child in care with SEN get extra help at school?": [
        "Children and Families Act 2014, section 99",
        "Children and Young Persons Act 2008, section 20",
    ],
    "Can my 2-year-old get free nursery hours because of SEND?": ["Childcare Act 2006, section 7"],
    "Can parents be fined when a child with SEND or anxiety won't attend school?": [
        "sections 444 and 444A",
        "Working together to improve school attendance",
    ],
    "Can school staff restrain or hold my child?": ["Education and Inspections Act 2006, section 93"],
    "Can the school put my child in an isolation or removal room?": ["behaviour in schools guidance"],
    "What is a managed move, and do I have to agree to one?": ["suspension and permanent exclusion guidance"],
    "What is judicial review, and when can it be used against the council?": ["Civil Procedure Rules, rule 54.5"],
    "My child aged 16 or 17 wants to leave college. What happens to the EHC plan?": ["regs 29 and 30"],
    "How do I write my parent views for an EHC needs assessment or plan?": ["regs 6(1)(a) and 12"],
    "My child was suspended for a meltdown linked to their autism or ADHD. Is that allowed?": ["Schedule 17"],
}


def test_the_guide_has_at_least_60_questions_each_with_a_short_answer():
    assert len(QAS) >= 60
    for question, (answer, _) in QAS.items():
        assert len(question.split()) <= 16, question  # the chunker keeps a heading path of 16 words whole
        sentences = _SENTENCE_END.split(answer)
        assert 2 <= len(sentences) <= 6, (question, len(sentences))


def test_every_answer_names_its_source_paragraph_regulation_or_chapter():
    for question, (_, source) in QAS.items():
        assert source, f"no Source line: {question}"
        assert _NAMES_A_PLACE.search(source), (question, source)


def test_no_phone_numbers_web_addresses_or_local_names():
    text = GUIDE.read_text(encoding="utf-8")
    assert not _PHONE.search(text), _PHONE.search(text)
    assert not _WEB.search(text), _WEB.search(text)
    for name in LOCAL_NAMES:
        assert name not in text, name


def test_no_amounts_of_money():
    # Benefit rates, fees and earnings limits change every year and differ by case: the guide names who to ask.
    for question, (answer, _) in QAS.items():
        assert not _MONEY.search(answer), (question, _MONEY.search(answer))


def test_no_source_line_is_used_three_times():
    # The text loader drops a line repeated three or more times as page furniture, so a third copy of a Source line
    # would leave its answer without a source in the citation.
    lines = [line for line in GUIDE.read_text(encoding="utf-8").splitlines() if line.startswith("Source: ")]
    assert max(Counter(lines).values()) <= 2, Counter(lines).most_common(1)


@pytest.mark.parametrize("question", sorted(FACTS))
def test_statutory_facts_are_in_the_right_answers(question):
    answer, _ = QAS[question]
    for fact in FACTS[question]:
        assert fact in answer, (question, fact)


@pytest.mark.parametrize("question", sorted(SOURCES))
def test_time_limits_cite_the_right_paragraph(question):
    _, source = QAS[question]
    for ref in SOURCES[question]:
        assert ref in source, (question, ref)


def test_how_long_answers_give_the_period_first():
    for question, (answer, _) in QAS.items():
        if question.startswith("How long"):
            first = _SENTENCE_END.split(answer)[0]
            assert re.search(r"\d+ (working )?(days?|weeks?|months?)", first), (question, first)


def test_manifest_declares_it_national_guidance():
    meta = {m.doc_id: m for m in load_manifest(KNOWLEDGE / "sources.yaml")}[DOC_ID]
    assert meta.area == "" and meta.doc_type == "national guidance" and meta.reviewed == "2026-11-30"


def test_each_question_is_exactly_one_chunk_with_its_whole_answer():
    meta = {m.doc_id: m for m in load_manifest(KNOWLEDGE / "sources.yaml")}[DOC_ID]
    count = Tokenizer().count
    chunks = chunk_document(meta, load_path(GUIDE), count)
    by_question: dict[str, list] = {}
    for chunk in chunks:
        assert count(chunk.embed_text) <= MAX_TOKENS, chunk.location
        heading = chunk.heading_path[-1]
        question = heading[: heading.index("?") + 1] if "?" in heading else heading
        by_question.setdefault(question, []).append(chunk)
    for question, (answer, source) in QAS.items():
        assert len(by_question.get(question, [])) == 1, question
        (chunk,) = by_question[question]
        assert " ".join(chunk.text.split()) == answer  # the whole answer, and nothing but it
        assert question in chunk.embed_text and "Source:" not in chunk.text
        assert chunk.location.endswith(f"{question} ({source})")


@pytest.mark.model
def test_questions_typed_by_people_find_their_own_answer_first(tmp_path, minilm):
    from send_assistant.answering.glossary import Glossary
    from send_assistant.answering.retrieval import HybridRetriever
    from send_assistant.ingest.index import Index
    from send_assistant.ingest.pipeline import ingest

    knowledge = tmp_path / "knowledge"
    knowledge.mkdir()
    shutil.copy(GUIDE, knowledge / GUIDE.name)
    manifest = (KNOWLEDGE / "sources.yaml").read_text(encoding="utf-8")
    entry = manifest[manifest.index(f"  - id: {DOC_ID}") :]
    (knowledge / "sources.yaml").write_text("documents:\n" + entry, encoding="utf-8")
    settings = Settings(data_dir=tmp_path / "data", knowledge_dir=knowledge)
    summary = ingest(settings, minilm)
    assert summary.added == 1 and summary.chunks >= len(QAS)

    retriever = HybridRetriever(
        Index.open(settings, minilm), minilm, Glossary.load(KNOWLEDGE / "glossary.yaml"), settings.lexical_dir
    )
    expected = {
        "who can give me free impartial advice about send": "Where can I get free, impartial advice about SEND?",
        "how many days do i get to reply to the draft ehcp": "How long do I have to comment on a draft EHC plan?",
        "whats the deadline to appeal to tribunal": "How long do I have to appeal to the SEND Tribunal?",
        "can my son get free transport to his special school": "Can I get free transport to a special school?",
        "the school keeps sending my son home early, is that allowed": (
            "Can the school send my child home or ask me to collect them early?"
        ),
        "how long can a school suspend a pupil for": "How long can my child be suspended from school?",
        "what is a section f": "What is section F of an EHC plan?",
        "does an ehcp follow my child if we move council": (
            "Does an EHC plan move with my child if we move to another council area?"
        ),
        "what are reasonable adjustments": "What are reasonable adjustments?",
        "can a nursery refuse my child because of his needs": (
            "Can a nursery refuse my child because of their SEN or disability?"
        ),
        "do i need a solicitor for tribunal": "How much does a SEND Tribunal appeal cost, and do I need a solicitor?",
        "can i get dla for my son": (
            "Can I get Disability Living Allowance (DLA) or other benefits for my disabled child?"
        ),
        "what happens to dla at 16": "What happens to my child's DLA when they turn 16?",
        "can i get carers allowance": "Can I get Carer's Allowance for looking after my disabled child?",
        "can my child get a blue badge": "Can my child get a Blue Badge?",
        "the school says they have no money for his support": (
            "The school says it has no money for my child's support. What can I do?"
        ),
        "how many times can a school exclude a child": "How many times can a school suspend or exclude my child?",
        "who do i talk to about my daughters stammer": "My child has a stammer. Who can help?",
        "school keep ringing me to pick him up": (
            "The school keeps phoning me to pick up or collect my child. What can I do?"
        ),
        "sen transport appeal": "How do I appeal a school transport decision?",
        "how do we get a wheelchair for our daughter": "How do I get a wheelchair for my child?",
        "can i flexi school my son": "Can I flexi-school my child, part at school and part at home?",
        "what is a supported internship": "What is a supported internship?",
        "can i complain to ofsted about the school": "Can I complain to Ofsted about my child's school?",
        "is the ehc needs assessment free or do we pay": (
            "Do we have to pay for an EHC needs assessment (a SEND assessment)?"
        ),
        "what is a section 41 school": "What is a section 41 school, and can I ask for an independent special school?",
        "can a teacher restrain my son": "Can school staff restrain or hold my child?",
        "school wants a managed move for my daughter": "What is a managed move, and do I have to agree to one?",
        "how do i see my sons school records": "Can I see my child's school records?",
        "extra universal credit for a disabled child": "Can I get extra Universal Credit for my disabled child?",
        "what is right to choose for an adhd assessment": (
            "Can we choose another NHS provider to cut the wait for an autism or ADHD assessment?"
        ),
        "does an ehcp continue in a young offender institution": (
            "What happens to an EHC plan if a young person is held in youth custody?"
        ),
        "free nursery place for a 2 year old with send": "Can my 2-year-old get free nursery hours because of SEND?",
        "what is judicial review for send": "What is judicial review, and when can it be used against the council?",
        "my son is in foster care, what help does he get at school": (
            "Does a child in care with SEN get extra help at school?"
        ),
        "who can help me fill in the ehcp forms": (
            "Who can help me fill in forms or write letters about my child's SEND?"
        ),
        "how do i write the parent views bit of the ehc request": (
            "How do I write my parent views for an EHC needs assessment or plan?"
        ),
        "my daughter has diabetes who does her insulin at school": (
            "My child has diabetes, epilepsy or asthma. Who gives their insulin or medicine at school?"
        ),
        "how do we change school when my child has an ehcp": (
            "How do I change my child's school if they have an EHC plan?"
        ),
        "what happens at a transfer review year 6": (
            "How does moving to secondary school work with an EHC plan (the transfer review)?"
        ),
        "my son is going to college in september does his ehcp carry on": (
            "Does my child's EHC plan carry on when they go to college?"
        ),
        "can a teacher ask for an ehcp without me": (
            "Can the school or a teacher ask for an EHCP (EHC needs assessment) without me?"
        ),
        "how do i get my child assessed for dyslexia": "How can my child be assessed for dyslexia?",
        "what help can my child get for dyspraxia": "What help can my child get for dyspraxia (DCD)?",
        "what is a send caseworker": "What is a SEND caseworker or EHC co-ordinator?",
        "my child is 17 and wants to leave college what happens to the ehcp": (
            "My child aged 16 or 17 wants to leave college. What happens to the EHC plan?"
        ),
    }
    bad = []
    for typed, question in expected.items():
        top = retriever.search(typed, area="", k=5).passages[0]
        if not (top.doc_id == DOC_ID and question in top.location):
            bad.append((typed, top.location[:120]))
    assert not bad, bad
