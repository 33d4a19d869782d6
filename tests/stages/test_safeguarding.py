"""Safeguarding: at-risk messages get urgent signposting; ordinary SEND questions never do."""

from __future__ import annotations

import re

import pytest

from send_assistant.answering import texts
from send_assistant.answering.answer import ANSWERED, SAFEGUARDING, Answer
from send_assistant.answering.context import Context
from send_assistant.answering.stages.safeguarding import SafeguardingCheck, is_at_risk, normalise, risk_reason
from send_assistant.errors import LoadError
from send_assistant.ingest.loaders import load_path
from send_assistant.settings import PROJECT_ROOT

AT_RISK = [
    # parent or carer voice
    "My daughter took an overdose, what should I do?",
    "My son says he wants to kill himself",
    "my son is sucidal and camhs won't see him",
    "My daughter has been cutting herself and the school haven't noticed",
    "My 15 year old doesn't want to be alive anymore",
    "He keeps saying he wants to end it all",
    "My autistic son threatened to hurt himself last night",
    "she od'd on paracetamol at the weekend",
    "My son took too many tablets, is there any help",
    "I think my daughter is self harming, who can help?",
    "My ex-partner hits her when she visits him",
    "A member of staff touched my son inappropriately",
    "My child is not safe at home",
    "My daughter is scared to go home because of her dad",
    "Her dad locked her in her room all weekend",
    "my son ran away from home last night and we can't find him",
    "My daughter has gone missing and she has autism",
    "My son came home with bruises on his arms and won't say how",
    "My daughter told me her teacher hurts her",
    "The boys at school keep hurting him and nobody does anything",
    "my son is being bullied and now says he wishes he was dead",
    "I think my neighbour's children are being neglected",
    "My son is being groomed online by an older man",
    "My daughter was sexually abused by a relative",
    "my kid is in danger right now",
    "My child was hit by a teaching assistant",
    "my 12 year old hasn't come home and it's midnight",
    "I'm worried my son might hurt himself",
    "she said we'd all be better off if she wasn't here",
    "her uncle made her send naked pictures",
    # child or young person voice
    "I want to die",
    "i dont want to live any more",
    "I self harm and I have an EHCP, who can I talk to?",
    "im suicidal",
    "i feel unsafe at home",
    "nobody cares, i've been cutting myself",
    "I took a load of pills",
    "my stepdad hits me and my sister",
    "my mum's boyfriend touched me in a way I didn't like",
    "i'm scared of my dad",
    "i'm being hurt at home",
    # professional voice
    "I'm a SENCO and one of my pupils has told me she is self-harming",
    "A pupil in my class disclosed that he is being abused at home",
    "GP here: a 14 year old patient says she has suicidal thoughts",
    "One of my students has unexplained bruises",
    "A child I support said her stepdad beats her",
    "As a teacher I'm worried a pupil in my class is being neglected",
    "I think my pupil is being sexually exploited",
    # misspelt, leetspeak, indirect
    "my son is suisidal",
    "my daughter keeps talking about suicide",
    "my son tried to hang himself",
    "my daughter slef harms",
    "he says life is not worth living",
    "My son has been starving himself",
    "my child is being hurt at school",
    "my daughter is afraid to go home",
    "my teen overdosed on her ADHD meds",
    "He is threatening to kill himself if he has to go back to school",
    "he has been OD-ing on his tablets",
    "my daughter swallowed a whole packet of paracetamol",
    "My son said his dad punched him",
    "she doesnt want to wake up anymore",
    "my son said he'd k1ll himself",
    "my daughter has attempted suicide twice",
    "he said he is going to jump off a bridge",
    "my son has been talking about ending his life",
    "My sons dad is violent towards him",
    "he hits her",
    "my son keeps saying he wants to diiie",
    "my daughter feels like killlling herself",
    "My husband is abusive",
    "my son was exploited by a gang",
    "I feel neglected by my parents",
    "he's grooming her online",
    "My son is violent towards his sister",
    "my daughter has scars on her arms from cutting",
    "my child said she wants to disappear forever",
    "my son talks about not being here anymore",
    "my daughter took 20 paracetamol",
    "My niece is being forced to marry",
    "Patient aged 13 disclosed sexual abuse",
    "she keeps hitting herself and banging her head till it bleeds",
    "theres no food at home and my mum is never there",
    "the school restrained my son and left bruises",
    "my son is threatening to jump out of the window",
    "someone at school is sending my daughter sexual messages",
    "My son's carer shouted at him and pushed him over",
    "my daugter is sucidal",
    "my 13 yr old daughter has been sending nudes",
    "he's talking about ending it",
    "my daughter is being sexually harassed at college",
    "my ex is stalking my daughter",
    "I'm scared my partner will hurt the kids",
    "MY SON WANTS TO KILL HIMSELF PLEASE HELP",
]

ORDINARY = [
    "What is the safeguarding policy for SEND?",
    "How do schools support pupils with self-harm risk?",
    "my son's school is killing me with paperwork",
    "The deadline is killing us, when should the EHCP be finalised?",
    "His annual review is overdue, what can I do?",
    "Isn't refusing the assessment an abuse of process?",
    "We have hit a wall with the council over transport",
    "Is my son in danger of losing his place at the special school?",
    "How do I ask for an EHC needs assessment?",
    "What is a parent carer forum?",
    "My son is missing school because of anxiety, what support is there?",
    "My daughter has been missing lessons since her diagnosis",
    "He got kicked out of school for his behaviour, is that legal?",
    "What training do staff get on suicide prevention?",
    "Where can GPs find guidance on self-harm in young people with autism?",
    "Is there a CAMHS pathway for children who self-harm?",
    "What are the signs of neglect in children with SEND?",
    "My son hits his head when he is frustrated, can he get OT?",
    "My daughter runs off in shops, is there respite?",
    "Can my child get help moving to adult services?",
    "Is there a learning disability nurse at the hospital?",
    "The council is neglecting its duty to my son",
    "My son's needs are being neglected by the school",
    "How can I complain about the SEND team abusing its power?",
    "What does the local offer say about short breaks?",
    "My daughter is autistic and finds the school day exhausting",
    "How do I get a diagnosis for dyslexia?",
    "Is the Bedford local offer being joined up with the Early Help website?",
    "What mental health support is there for looked after children with SEND?",
    "Has anything been done to reduce epilepsy hospital visits?",
    "Does the safeguarding team deal with SEND complaints?",
    "What should the SENCO do about emotionally based school avoidance?",
    "Can I get a personal budget to buy equipment?",
    "My son is dying to go to the new special school",
    "The waiting list for an ADHD assessment is two years, I'm desperate",
    "What support is there for children who have experienced abuse?",
    "He takes a lot of tablets for his epilepsy, does he need a health care plan?",
    "My daughter is terrified of the dentist, is there a special dental service?",
    "My son is scared of going to school because of the noise",
    "The EHCP process is a nightmare and I'm at the end of my tether",
    "How do I report a safeguarding concern about a school's SEND provision?",
    "What is the overdose risk with melatonin for children?",
    "What is the council's policy on restraint in special schools?",
    "My daughter has cerebral palsy; can she get a blue badge?",
    "How does a GP refer a young person to CAMHS?",
    "Is there a helpline for parents of children with SEND?",
    "My son kills it at football, are there disability sports clubs?",
    "What is a child-not-known meeting?",
    "Who runs the joint agency panel for children with complex needs?",
    "I'd like information about the domestic abuse service for families",
    "That's odd, the school said he doesn't need an EHCP",
    "Why is there a backlog of annual reviews of EHC plans?",
    "I found the tribunal process abusive",
    "I feel the council is exploiting loopholes",
    "I feel neglected by the SEND team",
    "My son needs help with washing, grooming and dressing, can he get a care assessment?",
    "Our SEND caseworker is missing and nobody replies",
    "Section F of the plan is missing provision",
    "My son hurt himself falling off the climbing frame at school, who pays?",
    "My daughter was attacked by a dog and now has PTSD, can she get an EHCP?",
    "My son ran away with the top prize at sports day",
    "The council cut his hours and left us without support",
    "Is it safe for him to travel on school transport alone?",
    "The school says he is a danger to others, can they exclude him?",
    "Which services help children who run away from home?",
    "Are there youth workers for young people who go missing?",
    "We offer a service for sexually harmful behaviours",
    "My son becomes violent during meltdowns, is there support?",
    "My son has no sense of danger, can he get a 1:1?",
    "My son is in danger of being excluded",
    "Is my daughter safe to be left alone after school?",
]

# Categories the first lexicon missed, in new words (none of these is an evaluation question).
AT_RISK_NEW = [
    # sexual abuse told indirectly
    "my 7 year old says her uncle touches her when mum is out",
    "he touched me and told me not to tell anyone",
    "my stepdad does things to me at night",
    "a boy in my class said his cousin made him keep a secret about what they do",
    "my son's football coach showed him rude pictures on his phone",
    "she told her TA that grandad touches her under her clothes",
    "the man next door took photos of my daughter in the bath",
    "my daughter's boyfriend forced her to have sex",
    # missing or in danger now
    "our daughter with learning disabilities has wandered off at the park and we can't find her",
    "my son with ADHD climbed out of his window in the night and isn't answering his phone",
    "my 14 year old is still not back and it's 2am",
    "we've looked everywhere for him, he's non verbal and has bolted",
    "my autistic daughter left the house without telling anyone hours ago",
    "nobody has seen her since this morning and she has a learning disability",
    "my child has disappeared from the playground",
    # exploitation and grooming
    "my son keeps getting new trainers and cash from older boys he hangs out with",
    "my daughter is chatting to a grown man she met on snapchat",
    "she met a guy online and wants to meet him on saturday",
    "my son is being used to sell drugs for a gang",
    "a pupil with autism was told to hold a package for some older lads",
    "my 15 year old has a 25 year old boyfriend who buys her vapes",
    "he gets lifts from men we don't know and comes back with money",
    # overdose, misspelt or indirect, and poisons
    "my son swallowed his sisters sleeping pills",
    "she took a load of ibuprofin and is being sick",
    "my teenager necked a bottle of calpol",
    "my toddler drank some bleach from under the sink",
    "he took his dads antidepressants",
    "my daughter has overdoased again",
    "my son took double his dose of melatonin to get out of school",
    # drugs or alcohol, domestic violence, better off dead, eating, injuries
    "my 13 year old came home drunk and was sick everywhere",
    "her mum is off her face on drugs most days",
    "the kids heard him hitting me again last night",
    "my partner strangled me while the baby was in the room",
    "my son says he wishes he'd never been born",
    "she says nobody would miss her if she was gone",
    "my daughter hasn't eaten anything for four days and is dizzy",
    "he is refusing to eat or drink since friday",
    "my son has marks on his neck he won't explain",
    "one of my year 3 pupils has belt marks on her legs",
    # a parent afraid of what they might do
    "I'm so exhausted I'm scared I might shake the baby",
    "I can't cope with his meltdowns, I'm worried I'll hit him",
    "honestly I feel like I could hurt her, I need help",
    # young person's own voice
    "my dad kicked me out and I'm 17 with nowhere to sleep",
    "im 19 with autism and my carer takes my money and hits me",
    "my boyfriend makes me do stuff i dont want to",
    # written blind, after the categories above were in place
    "my son hasn't been seen by anyone since yesterday afternoon",
    "my 16 year old didn't come back last night and his phone is off",
    "he keeps going off with men in a black car after school",
    "a 30 year old keeps messaging my 13 year old daughter",
    "my son owes people money and they keep turning up at our house threatening him",
    "she swallowed loads of her epilepsy meds",
    "my son took a handful of my sleeping tablets",
    "i have taken all my antidepresents",
    "i cant do this anymore, i have the pills ready",
    "i'm planning to kill myself this weekend",
    "I want everything to stop, I don't see the point in living",
    "my mum hits me with a belt when she's angry",
    "my dad throws me against the wall",
    "there's never any food and i look after my little brothers on my own",
    "my foster carer shouts at me and locks me out at night",
    "im 17 and my boyfriend checks my phone and hits me if i talk to other boys",
    "i'm so angry with my son i'm frightened of what i might do to him",
    "sometimes when he screams i want to put a pillow over his face",
    "my wife drinks all day and the kids have to look after her",
    "my daughter is cutting and burning her arms",
    "my son is banging his head against the wall on purpose until it bleeds and saying he wants to die",
    "my daughter has not eaten in a week and collapsed",
    "a pupil has come in with finger mark bruises on her arm and says she fell",
    "my autistic daughter was pressured into sending pictures to a man",
    "i've been sexually assaulted and i'm scared to tell anyone",
    "my brother's friend raped me",
    "grandpa comes into my room when everyone is asleep",
    "there's never any food and i look after my little brothers on my own",
]

# Ordinary SEND questions that sound close to danger, and must get an ordinary answer.
ORDINARY_NEW = [
    "what's the phone number for the autism outreach team in bucks?",
    "What does the code of practice say about children missing education?",
    "My son keeps running away from lessons when the classroom gets noisy",
    "Can we ask for a medication review for his ADHD?",
    "He takes tablets for ADHD, can the school store them?",
    "I'm dying to know when the EHCP draft is due",
    "The council is killing me with these delays",
    "What is the council's policy on child sexual exploitation training for SENCOs?",
    "Is there a safeguarding lead in every special school?",
    "How do schools protect pupils with learning disabilities from abuse?",
    "What should a GP do about a child protection concern?",
    "My son has no sense of danger near roads, can he have a travel buddy?",
    "My daughter bolts out of the classroom, what adjustments could help?",
    "He doesn't like being touched, is that a sensory issue?",
    "My son won't let anyone touch him when he's upset, is OT available?",
    "Can I get respite because I'm exhausted and can't cope?",
    "What happens if a looked after child goes missing from care, in policy terms?",
    "Is county lines covered in the PSHE curriculum for special schools?",
    "My son is a very fussy eater, only eats beige food, is that ARFID?",
    "She keeps losing her medication at school, who is responsible?",
    "How long is the wait for a paracetamol prescription for chronic pain?",
    "Why was the overdue annual review not held?",
    "What does the inspection say about overcoming weaknesses in the local area?",
    "My child is anxious about strangers, are there social skills groups?",
    "Who can help my son find a college place?",
    "We can't find him a school that meets his needs",
    "I can't find my daughter's EHCP on the portal",
    "My son ran off with the ball at break and got a detention, is that fair?",
    "Which adults at school will support her with personal care?",
    "Is there a drug and alcohol service for young people with SEND?",
    "My daughter met her new teacher online before starting, is that normal?",
    "Can I take my son's photos for his one page profile?",
    "He was excluded for bringing a vape, can I challenge it?",
    "The school says he hit another child, can they exclude him for that?",
    "What does the domestic abuse act mean for SEND tribunals?",
    # written blind, after the categories above were in place
    "How do I apply for a place at a specialist autism school?",
    "My daughter's EHCP doesn't mention her speech therapy, is that allowed?",
    "What happens if the school can't meet my son's needs?",
    "Who do I talk to about a personal budget for respite?",
    "My son is hurting his hands from biting them when anxious, can the OT help?",
    "Can my child have a safe space at school when he is overwhelmed?",
    "What is a child in need plan and how is it different to an EHCP?",
    "My son keeps escaping from the school playground, can they fund a fence?",
    "Does the council provide transport for children in care with SEND?",
    "Is there a group for dads of disabled children?",
    "What's the difference between SEN support and an EHCP?",
    "My daughter has panic attacks at school, what can the SENCO do?",
    "How do I get my son assessed for dyspraxia?",
    "What happens if I miss the deadline to appeal?",
    "Is there a sleep clinic for autistic children who don't sleep at night?",
    "My son's medication makes him drowsy in the afternoons",
    "Can a social worker attend the annual review?",
    "What is the Early Help offer in Worcestershire?",
    "My child was restrained at school, what are the rules on restraint?",
    "How are children protected on school transport?",
    "My daughter is being left out by friends, is there a social group?",
    "Do schools have to tell parents about a safeguarding referral?",
    "What support is there for young carers?",
    "My teenager wants to move into supported living at 18, how does that work?",
    "How do I complain about a social worker?",
    "What is a section 47 enquiry?",
    "My son is obsessed with knives in his drawings, should I worry the school will exclude him?",
    "What is contextual safeguarding?",
    "Can my child's EHCP include mental health support?",
    "We are homeless-prevention tenants, does that affect school transport?",
    "My son hates school and cries every morning",
    "What is the MASH and who can refer to it?",
    "Where can I get training on de-escalation for my autistic son's meltdowns?",
    "Is my daughter entitled to free school meals with an EHCP?",
    "My son has epilepsy and sometimes stops breathing briefly during seizures, does he need a care plan?",
    "What counselling is available for children after bereavement?",
    "My child lost a lot of weight after starting new ADHD medication, who should we see?",
    "Can the school search my son's bag?",
    "My son with Down syndrome wants a girlfriend, is there relationships education?",
    "The school said my daughter is vulnerable online, what support is there?",
]


def _context(question: str, area: str = "") -> Context:
    return Context(answer=Answer(question=question, area=area), question=question)


def test_phrase_lists_are_big_enough() -> None:
    assert len(AT_RISK) >= 40
    assert len(ORDINARY) >= 40
    assert len(AT_RISK_NEW) >= 40
    assert len(ORDINARY_NEW) >= 30


@pytest.mark.parametrize("message", AT_RISK + AT_RISK_NEW)
def test_at_risk_messages_are_flagged(message: str) -> None:
    assert is_at_risk(message), f"not flagged: {message!r} (normalised {normalise(message)!r})"


@pytest.mark.parametrize("message", ORDINARY + ORDINARY_NEW)
def test_ordinary_send_questions_are_not_flagged(message: str) -> None:
    assert not is_at_risk(message), f"flagged on {risk_reason(message)!r}: {message!r}"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("she od'd", "she overdosed"),
        ("That's ODD", "that s odd"),
        ("k1ll h1mself", "kill himself"),
        ("s3lf-h4rm", "self harm"),
        ("he doesn't want to", "he doesnt want to"),
        ("killllling", "killing"),
        ("My 14yo in KS2 rang 999", "my 14yo in ks2 rang 999"),
        ("took loads of paracetemol", "took loads of paracetamol"),
        ("Parcetamol and IBUPROFIN", "paracetamol and ibuprofen"),
        ("she has overdosd", "she has overdosed"),
        ("suicidel thoughts", "suicidal thoughts"),
        ("anti-depressants", "anti depressants"),
        # real words a letter or two from a risk word keep their meaning
        ("overdue overdone overcoming", "overdue overdone overcoming"),
        ("a stranger struggled strangely", "a stranger struggled strangely"),
        ("suited amused tables meditation daughters", "suited amused tables meditation daughters"),
    ],
)
def test_normalise(raw: str, expected: str) -> None:
    assert normalise(raw) == expected


def test_prefix_carries_every_national_helpline() -> None:
    ctx = _context("My son wants to kill himself")
    SafeguardingCheck().call(ctx)
    assert ctx.answer.status == SAFEGUARDING
    for number in ("999", "NHS 111", "option 2", "Childline", "0800 1111", "NSPCC", "0808 800 5000", "Samaritans"):
        assert number in ctx.prefix
    assert "116 123" in ctx.prefix
    assert ctx.prefix == texts.safeguarding_block(None)


def test_the_note_names_the_rule_that_fired_and_never_the_message(caplog: pytest.LogCaptureFixture) -> None:
    ctx = _context("My son wants to kill himself")
    with caplog.at_level("INFO", logger="send_assistant.answering.stages.safeguarding"):
        SafeguardingCheck().call(ctx)
    assert ctx.notes == ["safeguarding: at-risk message (rule suicide_1), urgent signposting added"]
    assert "rule suicide_1" in caplog.text and "kill himself" not in caplog.text


def test_stage_does_not_abort_and_leaves_ordinary_questions_alone() -> None:
    ctx = _context("What is an EHC plan?")
    SafeguardingCheck().call(ctx)  # would raise PipelineAbort if it aborted
    assert ctx.answer.status == ANSWERED
    assert ctx.prefix == ""


def test_local_contact_is_used_for_the_chosen_area() -> None:
    asked: list[str] = []

    def local_contact(area: str) -> str | None:
        asked.append(area)
        return "Bedford Borough children's services front door, 01234 000000 [from the sources]"

    ctx = _context("my daughter is self harming", area="Bedford Borough")
    SafeguardingCheck(local_contact=local_contact).call(ctx)
    assert asked == ["Bedford Borough"]
    assert "Bedford Borough children's services front door" in ctx.prefix
    assert texts.SAFEGUARDING_LOCAL_UNKNOWN not in ctx.prefix


def test_local_contact_not_asked_without_an_area_or_for_ordinary_questions() -> None:
    asked: list[str] = []

    def local_contact(area: str) -> str | None:
        asked.append(area)
        return "x"

    stage = SafeguardingCheck(local_contact=local_contact)
    stage.call(_context("my daughter is self harming", area=""))
    stage.call(_context("What is an EHC plan?", area="Bedford Borough"))
    assert asked == []


def test_failed_or_empty_local_lookup_falls_back_to_the_generic_line() -> None:
    def broken(area: str) -> str | None:
        raise RuntimeError("index unavailable")

    for lookup in (broken, lambda area: None, lambda area: "  "):
        ctx = _context("i want to die", area="Worcestershire")
        SafeguardingCheck(local_contact=lookup).call(ctx)
        assert ctx.answer.status == SAFEGUARDING
        assert texts.SAFEGUARDING_LOCAL_UNKNOWN in ctx.prefix


def test_local_detail_cannot_inject_html() -> None:
    ctx = _context("my son is in danger", area="Buckinghamshire")
    SafeguardingCheck(local_contact=lambda area: "<script>x</script> 01234 567890").call(ctx)
    assert "<script>" not in ctx.prefix
    assert "01234 567890" in ctx.prefix


def test_lexicon_raises_no_alarm_on_any_sentence_of_the_knowledge_documents() -> None:
    sentences = []
    for path in sorted((PROJECT_ROOT / "knowledge").iterdir()):
        if path.suffix not in (".txt", ".yaml") or path.name == "sources.yaml":
            continue
        try:
            blocks = load_path(path).blocks
        except LoadError:  # a YAML file of settings (areas.yaml), not a document
            assert path.suffix == ".yaml"
            continue
        for block in blocks:
            sentences += [s for s in re.split(r"(?<=[.!?;])\s+|\n+", block.text) if len(s.split()) >= 3]
    assert len(sentences) > 500
    alarms = [(risk_reason(s), s) for s in sentences if risk_reason(s)]
    assert alarms == []
