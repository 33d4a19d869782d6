"""The chat page: pick an area and who you are, ask, read a cited answer, tell us if it helped.

The page keeps its own state per browser session (the conversation history for follow-ups and the answer ids
for feedback); nothing about a conversation is stored on the server except redacted feedback.
"""

from __future__ import annotations

import functools
import html
import logging

import gradio as gr

from send_assistant.answering import texts
from send_assistant.answering.answer import ERROR, Answer
from send_assistant.answering.area_profiles import AreaProfiles
from send_assistant.answering.interfaces import AnswerService
from send_assistant.answering.stages.validate import DEFAULT_MAX_CHARS
from send_assistant.feedback.store import AnswerRecorder, FeedbackUnavailable
from send_assistant.web import render
from send_assistant.web.api import MAX_QUESTION

logger = logging.getLogger(__name__)


def area_choices(areas: list[str], profiles: AreaProfiles | None = None) -> list[tuple[str, str]]:
    """The area picker's choices: "Not sure / England-wide" first, then the indexed areas.

    Each shows the area profile's display name (short enough for a phone) and has the canonical name as value.
    """
    profiles = profiles or AreaProfiles([])
    shown = []
    for area in areas:
        profile = profiles.get(area)
        shown.append((profile.display_name if profile else area, area))
    return [(texts.WEB_AREA_UNSURE, "")] + shown


def _header_html() -> str:
    e = html.escape
    return (
        f'<a class="sa-skip" href="#sa-question">{e(texts.WEB_SKIP_LINK)}</a>'
        f'<header class="sa-header"><p class="sa-service">{e(texts.WEB_TITLE)}'
        f' <strong class="sa-tag">Beta</strong></p>'
        f"<h1>{e(texts.WEB_HEADING)}</h1></header>"
        f'<details class="sa-about"><summary>{e(texts.WEB_ABOUT_SUMMARY)}</summary>'
        f"<p>{e(texts.WEB_INTRO)}</p>"
        f'<div class="sa-inset"><p>{e(texts.DISCLAIMER)}</p></div>'
        f"<p>{e(texts.WEB_PHASE)}</p></details>"
        f'<div id="sa-live" class="sa-visually-hidden" role="status" aria-live="polite"></div>'
    )


def _footer_html() -> str:
    return f'<footer class="sa-footer"><p>{html.escape(texts.WEB_FOOTER)}</p></footer>'


def _examples(audience: str) -> tuple[str, ...]:
    return texts.WEB_EXAMPLES.get(audience) or texts.WEB_EXAMPLES["parent"]


def _unsaved_feedback(outputs: int):
    """A feedback handler that cannot save says so on the page, keeping any typed comment (issue 9)."""

    def wrap(handler):
        @functools.wraps(handler)
        def guarded(*args, **kwargs):
            try:
                return handler(*args, **kwargs)
            except FeedbackUnavailable:  # the store logged why, once
                return (None, *[gr.update()] * (outputs - 2), texts.WEB_FEEDBACK_UNAVAILABLE)

        return guarded

    return wrap


class ChatPage:
    """Builds the Gradio Blocks and holds the event handlers, which call the Assistant."""

    def __init__(
        self, assistant: AnswerService, recorder: AnswerRecorder, profiles: AreaProfiles | None = None
    ) -> None:
        self.assistant = assistant
        self.recorder = recorder
        self.profiles = profiles or AreaProfiles([])

    def _area_name(self, area: str) -> str:
        profile = self.profiles.get(area)
        return profile.name if profile else area

    # --- handlers -------------------------------------------------------------------------------------------

    def respond(self, message: str, area: str, audience: str, turns: list, shown: list, ids: list):
        """Stream an answer into the chat; yields (chat, question box, turns, shown, ids, feedback panel, status)."""
        question = (message or "").strip()
        if not question:
            yield shown, "", turns, shown, ids, gr.update(), gr.update()
            return
        if len(question) > MAX_QUESTION:  # the API's limit, refused before any work (issue 9)
            limit = texts.INVALID_TOO_LONG.format(length=f"{len(question):,}", limit=f"{DEFAULT_MAX_CHARS:,}")
            shown = list(shown or []) + [{"role": "assistant", "content": render.escape_markdown(limit)}]
            yield shown, gr.update(), turns, shown, ids, gr.update(), gr.update()
            return
        history = list(turns or [])
        shown = list(shown or []) + [
            {"role": "user", "content": render.question_message(question, self._area_name(area or ""))},
            {"role": "assistant", "content": render.escape_markdown(texts.WEB_THINKING)},
        ]
        yield shown, "", turns, shown, ids, gr.update(), gr.update(value="")
        final: Answer | None = None
        try:
            for item in self.assistant.ask_stream(question, area=area or "", audience=audience, history=history):
                if isinstance(item, Answer):
                    final = item
                    break
                shown[-1] = {"role": "assistant", "content": render.partial_message(str(item))}
                yield shown, "", turns, shown, ids, gr.update(), gr.update()
        except Exception as exc:  # the edge: never show a traceback; never log the question
            logger.error("answering failed: %s", type(exc).__name__)
        if final is None:
            final = Answer(question=question, area=area or "", audience=audience, status=ERROR, answer=texts.ERROR)
        self.recorder.remember(final)
        shown[-1] = {"role": "assistant", "content": render.answer_message(final, self.profiles.get(final.area))}
        turns = history + [{"role": "user", "content": question}, {"role": "assistant", "content": final.answer}]
        ids = list(ids or []) + [final.id]
        yield shown, "", turns, shown, ids, gr.update(visible=True), gr.update(value="")

    @_unsaved_feedback(2)
    def rate(self, rating: str, ids: list):
        """Thumbs on the latest answer; returns (feedback row id, status message)."""
        if not ids:
            return None, texts.WEB_FEEDBACK_NOTHING
        row = self.recorder.feedback(answer_id=ids[-1], rating=rating)
        return row, texts.WEB_FEEDBACK_THANKS

    @_unsaved_feedback(2)
    def rate_message(self, ids: list, like: gr.LikeData):
        """Thumbs under a particular answer in the chat (the Chatbot's own like/dislike buttons)."""
        index = like.index[0] if isinstance(like.index, (list, tuple)) else like.index
        position = int(index) // 2  # messages alternate question, answer
        if not ids or position >= len(ids):
            return None, texts.WEB_FEEDBACK_NOTHING
        rating = "up" if like.liked else "down"
        return self.recorder.feedback(answer_id=ids[position], rating=rating), texts.WEB_FEEDBACK_THANKS

    @_unsaved_feedback(3)
    def comment(self, text: str, row: int | None, ids: list):
        """Attach a comment to the rating just given, or store it as feedback on the latest answer."""
        if not (text or "").strip():
            return row, gr.update(), texts.WEB_FEEDBACK_NOTHING if not ids else ""
        if row is not None and self.recorder.store.add_comment(row, text):
            return row, "", texts.WEB_FEEDBACK_THANKS_COMMENT
        if not ids:
            return row, gr.update(), texts.WEB_FEEDBACK_NOTHING
        row = self.recorder.feedback(answer_id=ids[-1], comment=text)
        return row, "", texts.WEB_FEEDBACK_THANKS_COMMENT

    @_unsaved_feedback(3)
    def didnt_find(self, text: str, ids: list):
        """ "I didn't find what I needed" on the latest answer, with the comment if one was typed."""
        if not ids:
            return None, gr.update(), texts.WEB_FEEDBACK_NOTHING
        row = self.recorder.feedback(answer_id=ids[-1], comment=text or None, didnt_find=True)
        return row, "", texts.WEB_DIDNT_FIND_THANKS

    @staticmethod
    def start_again():
        """Clear the conversation, the feedback panel and the confirmation (area and audience stay as chosen)."""
        return [], "", [], [], [], None, gr.update(visible=False), "", "", gr.update(visible=False)

    @staticmethod
    def examples_for(audience: str):
        """The example-question buttons' labels for this audience."""
        return [gr.update(value=q) for q in _examples(audience)]

    def area_picker(self) -> dict:
        """The area picker's choices as the index has them now: run on every page load, so a council ingested
        after start-up (by any replica) can be chosen without restarting the server."""
        return gr.update(choices=area_choices(self.assistant.areas(), self.profiles))

    # --- layout ---------------------------------------------------------------------------------------------

    def build(self) -> gr.Blocks:
        """The whole page as a Gradio Blocks."""
        with gr.Blocks(title=texts.WEB_TITLE, analytics_enabled=False) as page:
            turns, shown, ids, row = gr.State([]), gr.State([]), gr.State([]), gr.State(None)
            gr.HTML(_header_html(), padding=False)
            with gr.Row(equal_height=False, elem_id="sa-settings"):
                area = gr.Dropdown(
                    choices=area_choices(self.assistant.areas(), self.profiles),
                    value="",
                    label=texts.WEB_AREA_LABEL,
                    info=texts.WEB_AREA_INFO,
                    filterable=False,
                    elem_id="sa-area",
                    min_width=300,
                )
                audience = gr.Radio(
                    choices=list(texts.WEB_AUDIENCES),
                    value="parent",
                    label=texts.WEB_AUDIENCE_LABEL,
                    elem_id="sa-audience",
                    min_width=300,
                )
            gr.HTML(
                f'<h2 class="sa-visually-hidden">{html.escape(texts.WEB_CONVERSATION_HEADING)}</h2>',
                padding=False,
                elem_id="sa-conversation-heading",
            )
            chat = gr.Chatbot(
                label=texts.WEB_CHAT_LABEL,
                show_label=False,
                elem_id="sa-chat",
                height=None,
                min_height=96,
                max_height="70vh",  # older turns scroll within the box; the page stays short
                autoscroll=True,
                sanitize_html=True,
                allow_tags=False,
                latex_delimiters=[],
                render_markdown=True,
                feedback_options=("Like", "Dislike"),
                buttons=[],  # each answer carries its own plain-text "Copy answer" button
                layout="panel",
                placeholder=html.escape(texts.WEB_CHAT_PLACEHOLDER),
                group_consecutive_messages=False,
            )
            question = gr.Textbox(
                label=texts.WEB_QUESTION_LABEL,
                info=texts.WEB_PRIVACY_HINT,
                placeholder=texts.WEB_QUESTION_PLACEHOLDER,
                lines=1,  # one line to start (Enter sends); grows as the question does (Shift+Enter: new line)
                max_lines=6,
                max_length=1000,
                elem_id="sa-question",
            )
            with gr.Row(elem_id="sa-actions"):
                ask = gr.Button(texts.WEB_ASK, variant="primary", elem_id="sa-ask")
                again = gr.Button(texts.WEB_START_AGAIN, variant="secondary", elem_id="sa-start-again")
                gr.Button(texts.WEB_PRINT, variant="secondary", elem_id="sa-print")
            gr.HTML(f'<p class="sa-hint">{html.escape(texts.WEB_ENTER_HINT)}</p>', padding=False)
            with gr.Column(visible=False, elem_id="sa-confirm-clear") as confirm:
                gr.HTML(f'<p class="sa-confirm-text">{html.escape(texts.WEB_CONFIRM_CLEAR)}</p>', padding=False)
                with gr.Row():
                    clear_yes = gr.Button(texts.WEB_CONFIRM_CLEAR_YES, variant="secondary", elem_id="sa-clear-yes")
                    clear_no = gr.Button(texts.WEB_CONFIRM_CLEAR_NO, variant="secondary", elem_id="sa-clear-no")
            gr.HTML(f'<h2 class="sa-h2">{html.escape(texts.WEB_EXAMPLES_HEADING)}</h2>', padding=False)
            with gr.Column(elem_classes=["sa-examples"]):
                example_buttons = [
                    gr.Button(q, variant="secondary", size="md", elem_id=f"sa-example-{i}")
                    for i, q in enumerate(_examples("parent"))
                ]
            with gr.Column(visible=False, elem_id="sa-feedback") as feedback:
                gr.HTML(f'<h2 class="sa-h2">{html.escape(texts.WEB_FEEDBACK_HEADING)}</h2>', padding=False)
                with gr.Row():
                    up = gr.Button(texts.WEB_FEEDBACK_UP, variant="secondary", elem_id="sa-up")
                    down = gr.Button(texts.WEB_FEEDBACK_DOWN, variant="secondary", elem_id="sa-down")
                comment = gr.Textbox(
                    label=texts.WEB_FEEDBACK_COMMENT_LABEL,
                    info=texts.WEB_PRIVACY_HINT,
                    lines=2,
                    max_length=2000,
                    elem_id="sa-comment",
                )
                with gr.Row():
                    send = gr.Button(texts.WEB_FEEDBACK_SEND, variant="secondary", elem_id="sa-send-comment")
                    missing = gr.Button(texts.WEB_DIDNT_FIND, variant="secondary", elem_id="sa-didnt-find")
                status = gr.Markdown("", elem_id="sa-feedback-status")
            gr.HTML(_footer_html(), padding=False)

            ask_inputs = [question, area, audience, turns, shown, ids]
            ask_outputs = [chat, question, turns, shown, ids, feedback, status]
            # Focus, printing and the confirmation's focus are the page script's (page_script.py): no js= events,
            # which Gradio would have to evaluate.
            ask.click(self.respond, ask_inputs, ask_outputs, api_name="ask")
            question.submit(self.respond, ask_inputs, ask_outputs, api_name=False)
            for button in example_buttons:
                button.click(lambda q: q, button, question, api_name=False, queue=False).then(
                    self.respond, ask_inputs, ask_outputs, api_name=False
                )
            audience.change(self.examples_for, audience, example_buttons, api_name=False, queue=False)
            page.load(self.area_picker, None, area, api_name=False, queue=False)
            reset_outputs = [chat, question, turns, shown, ids, row, feedback, comment, status, confirm]
            again.click(lambda: gr.update(visible=True), None, confirm, api_name=False, queue=False)
            clear_no.click(lambda: gr.update(visible=False), None, confirm, api_name=False, queue=False)
            clear_yes.click(self.start_again, None, reset_outputs, api_name=False, queue=False)
            up.click(lambda i: self.rate("up", i), ids, [row, status], api_name=False)
            down.click(lambda i: self.rate("down", i), ids, [row, status], api_name=False)
            chat.like(self.rate_message, ids, [row, status], api_name=False)
            send.click(self.comment, [comment, row, ids], [row, comment, status], api_name=False)
            missing.click(self.didnt_find, [comment, ids], [row, comment, status], api_name=False)
        return page
