"""Every sentence a user can see, in one place, so tone and facts are checked once.

Phone numbers here are national services whose numbers are fixed and public; local numbers only ever come
from the indexed sources, never from this module.
"""

from __future__ import annotations

DISCLAIMER = (
    "This assistant gives information from published Local Offer documents, not legal advice. "
    "For free, impartial advice about SEND, contact your local SEND information, advice and support "
    "service (SENDIASS)."
)

SAFEGUARDING_LEAD = "**If a child or young person is in danger or at risk of harm, get help now.**"

SAFEGUARDING_LINES = (
    "- **Emergency or immediate danger: call 999.**",
    "- Urgent medical or mental health help: call NHS 111 (choose option 2 for a mental health crisis).",
    "- Childline (for children and young people, free and confidential): 0800 1111.",
    "- NSPCC helpline (if you are worried about a child): 0808 800 5000.",
    "- Samaritans (any time, day or night): 116 123.",
)

SAFEGUARDING_LOCAL = "- Your local children's social care: {detail}"
SAFEGUARDING_LOCAL_UNKNOWN = (
    "- Your council's children's social care team (its number is on the council's website) can help "
    "if you are worried about a child's safety."
)


def safeguarding_block(local_detail: str | None = None) -> str:
    """The urgent signposting that must lead any answer to a message suggesting a child is at risk."""
    local = SAFEGUARDING_LOCAL.format(detail=local_detail) if local_detail else SAFEGUARDING_LOCAL_UNKNOWN
    return "\n".join((SAFEGUARDING_LEAD, *SAFEGUARDING_LINES, local))


INVALID_EMPTY = "Please type a question, for example: “How do I ask for an EHC needs assessment?”"
INVALID_TOO_LONG = (
    "Your question is too long ({length} characters). Please keep it under {limit} characters and leave out "
    "personal details such as names, dates of birth or medical information."
)
INVALID_AUDIENCE = "Please choose who you are: a parent or young person, a school or SENCO, or a GP or health worker."

OUT_OF_SCOPE = (
    "I can only answer questions about special educational needs and disabilities (SEND): support, services and "
    "processes, from published sources. I can't do other tasks such as writing lesson plans, letters, essays or "
    "code. Please ask a question about SEND."
)

INSTRUCTION_IGNORED = (
    "I can't change how I work. I answer questions about SEND using only the published sources, with references."
)

NOT_FOUND_LEAD = "I could not find an answer to that in the sources I have{where}."
NOT_FOUND_UNCOVERED_AREA = (
    "I don't have any documents for {area} yet, so I can't tell you about local services there, and I won't "
    "guess from another council's information."
)
NEXT_STEP_NAMED = "For help with this, contact {service}{cite}."
NEXT_STEP_GENERIC = (
    "For help with this, contact your council's SEND team, or your local SEND information, advice and "
    "support service (SENDIASS), which gives free, impartial and confidential advice. Your council's "
    "Local Offer website lists both."
)
PICK_AREA_HINT = "If you tell me your local area, I can look in that council's documents too."
# A local question about a council other than the chosen one ("whats the oxfordshire sendiass number" with
# Buckinghamshire chosen): the chosen area's signposts are not that council's, so none are given.
NOT_FOUND_OTHER_COUNCIL = (
    "You chose {area}, so I looked in its documents and national guidance only. I can't tell you about local "
    "services or contacts in {other}, and I won't guess from {area}'s."
)
NEXT_STEP_OTHER_COUNCIL = (
    "To ask about {other}, choose it as your area if it is listed, or look at its council's Local Offer website "
    "and its SEND information, advice and support service (SENDIASS), which gives free, impartial advice."
)


ERROR = "Sorry, something went wrong while answering. Please try again in a moment."
INDEX_EMPTY = "The knowledge base is empty. An administrator needs to run `send-assistant ingest`."
INDEX_OTHER_MODEL = (
    "The knowledge base was embedded with {built} but the embedding model is {configured}. An administrator needs "
    "to run `send-assistant ingest` to embed it again, or set SEND_ASSISTANT_EMBEDDER back."
)

# --- Answering (D2): composer leads, refusals, contact cards, batch errors ---
UNCOVERED_AREA_NOTE = (
    "I don't have any documents for {area} yet, so this is general information for England, not about local "
    "services there."
)
NOT_FOUND_WHERE = " for {area}"
CONTACT_HEADING = "Contact details for {name}"
CONTACT_LABELS = {
    "phone": "Phone",
    "email": "Email",
    "website": "Website",
    "opening_times": "Opening times",
    "address": "Address",
}
INVALID_BATCH_LINE = 'This line could not be read: each line must be a JSON object with a "question".'


# --- Web page (engineer E: send_assistant/web) ---------------------------------------------------------------------

WEB_TITLE = "SEND information assistant"
WEB_HEADING = "Ask about SEND support in your area"
WEB_PHASE = "This is a new service. Your feedback will help us improve it."
WEB_INTRO = (
    "Get answers about special educational needs and disabilities (SEND) from your council's published "
    "Local Offer documents. Every answer shows the sources it comes from, so you can check them."
)
WEB_PRIVACY_HINT = "Please don't include names, dates of birth, addresses or other personal details."
WEB_AREA_LABEL = "Your local area"
WEB_AREA_INFO = "Choose your council so answers use its local information."
WEB_AREA_UNSURE = "Not sure / England-wide"
WEB_AUDIENCE_LABEL = "I am asking as"
WEB_AUDIENCES = (
    ("Parent or young person", "parent"),
    ("School or SENCO", "professional"),
    ("GP, health or frontline worker", "gp"),
)
WEB_CHAT_LABEL = "Conversation"
WEB_CHAT_PLACEHOLDER = "Your answers will appear here, with the sources they come from."
WEB_QUESTION_LABEL = "Your question"
WEB_QUESTION_PLACEHOLDER = "For example: how do I ask for an EHC needs assessment?"
WEB_ASK = "Ask"
WEB_START_AGAIN = "Start again"
WEB_EXAMPLES_HEADING = "Example questions"
WEB_EXAMPLES = {
    "parent": (
        "How do I ask for an EHC needs assessment for my child?",
        "What support should my child's school give without an EHC plan?",
        "Who can give me free, impartial advice about SEND?",
    ),
    "professional": (
        "What is the graduated approach to SEN support in schools?",
        "What happens at an annual review of an EHC plan?",
        "How long should an EHC needs assessment take?",
    ),
    "gp": (
        "Where can I signpost a family worried about their child's development?",
        "What do health services contribute to EHC plans?",
        "How can a GP tell the council about a child who may have SEND?",
    ),
}
WEB_SOURCES_HEADING = "Sources"
WEB_THINKING = "Looking through the sources…"
WEB_FEEDBACK_HEADING = "Was this answer useful?"
WEB_FEEDBACK_UP = "Yes, useful"
WEB_FEEDBACK_DOWN = "No, not useful"
WEB_FEEDBACK_COMMENT_LABEL = "Tell us more (optional)"
WEB_FEEDBACK_SEND = "Send comment"
WEB_DIDNT_FIND = "I didn't find what I needed"
WEB_FEEDBACK_THANKS = "Thank you. Your feedback has been recorded."
WEB_FEEDBACK_THANKS_COMMENT = "Thank you. Your comment has been recorded."
WEB_DIDNT_FIND_THANKS = (
    "Thank you for telling us. We use this to find gaps in the information. For help now, contact your "
    "council's SEND team or your local SENDIASS."
)
WEB_FEEDBACK_NOTHING = "Ask a question first, then tell us whether the answer helped."
WEB_FOOTER = (
    "Answers come only from published documents and may be out of date: check the source and its review date. "
    "In an emergency, call 999."
)

# --- Web page, issue 8 (engineer: page for a worried parent on a phone) -----------------------------------------
WEB_SKIP_LINK = "Skip to the question box"
WEB_ABOUT_SUMMARY = "About this service"
WEB_INTRO_SHORT = "Answers about special educational needs and disabilities (SEND) from councils' published documents."
WEB_ENTER_HINT = "Press Enter to send. Shift + Enter starts a new line."
WEB_CONVERSATION_HEADING = "Conversation"
WEB_ANSWER_HEADING = "Answer: {area}"
WEB_ENGLAND_WIDE = "England-wide"
WEB_ASKED_FOR = "Asked for: {area}"
WEB_CORRECTED = "Showing results for: {question}"
WEB_SCOPE = {
    "local": "Local information: {area}",
    "national": "England-wide information",
    "mixed": "Local ({area}) and England-wide information",
}
WEB_HELP_HEADING = "Help in {area}"
WEB_HELP_LOCAL_OFFER = "Local Offer (your council's SEND services)"
WEB_HELP_SENDIASS = "SENDIASS (free, impartial SEND advice)"
WEB_HELP_FORUM = "Parent carer forum"
WEB_HELP_UNKNOWN = "not recorded here yet (your council's website lists it)"
WEB_HELP_NO_AREA = (
    "Your council's Local Offer website lists its SEND services and its SENDIASS (free, impartial advice). "
    "Choose your area above to see them here."
)
WEB_CARD_NATIONAL = "England-wide"
WEB_CARD_REVIEWED = "Reviewed {date}"
WEB_CARD_NO_DATE = "Review date not recorded"
WEB_CARD_STALE = "May be out of date: reviewed more than 2 years ago"
WEB_CARD_CITED = {1: "Cited for 1 sentence in this answer", "many": "Cited for {n} sentences in this answer"}
WEB_CARD_FROM = "From: {title}"
WEB_CARD_PASSAGE = "Show the quoted passage from source {n}"
WEB_SOURCE_LINK_LABEL = "Source {n}"
WEB_COPY = "Copy answer"
WEB_COPIED = "Answer copied, with its sources."
WEB_PRINT = "Print conversation"
WEB_ANSWER_READY = "Answer ready."
WEB_CONFIRM_CLEAR = "Clear this conversation? Your questions and answers on this page will be removed."
WEB_CONFIRM_CLEAR_YES = "Yes, clear it"
WEB_CONFIRM_CLEAR_NO = "No, keep it"

# Issue 9 (bounded answer queue, store unavailable): the answer text of a 503.
BUSY = "The service is busy right now. Please try again in a few seconds."
STORE_UNAVAILABLE = "The service cannot reach its sources just now. Please try again in a minute."

# --- Answers issue (#7): other languages, area-aware leads, signposts from the area profiles ---
OTHER_LANGUAGE = (
    "Sorry, I can only answer questions written in English. For free, impartial advice about special educational "
    "needs and disabilities (SEND), contact your local SEND information, advice and support service (SENDIASS); "
    "your council's Local Offer website lists how to reach it. If a child is in danger, call 999."
)
SHOWING_RESULTS_FOR = "Showing results for: {question}"
# The line before the cited sentences says whose documents the answer comes from.
LEAD_LOCAL = "From {area}'s documents:"
LEAD_MIXED = "From {area}'s documents and national guidance for England:"
LEAD_NATIONAL_FALLBACK = "{area}'s documents don't cover this; across England:"
LEAD_NATIONAL = "Across England (national guidance):"
LEAD_SOURCES = "From the sources:"
KNOWN_AREAS_NOTE = "The areas I have local documents for are: {known}."
NEXT_STEP_AREA = "Where to ask in {area}: {signposts}."
SIGNPOST_SENDIASS = "SEND information, advice and support"
SIGNPOST_LOCAL_OFFER = "Local Offer"
SIGNPOST_WITH_URL = "{name} ({url})"

# Issue 9: feedback that cannot be saved (read-only data directory, full disk) says so plainly.
WEB_FEEDBACK_UNAVAILABLE = (
    "Sorry, we can't save feedback at the moment. Your answer is not affected. Please try again later."
)
