"""Look and feel: a calm public-service page (GOV.UK-like colours), system fonts only, AA contrast in light and
dark colour schemes.

The page follows the phone's or computer's colour scheme (prefers-color-scheme): Gradio puts `dark` on <body>,
and every colour here is a CSS variable with a light and a dark value, so Gradio's own elements and ours change
together. System font stacks mean the browser never fetches a web font: the page makes no request off the server.
"""

from __future__ import annotations

import gradio as gr

from send_assistant.web.page_script import SCRIPT

# One palette per scheme; each pair was checked for AA contrast (4.5:1 text, 3:1 large text and borders).
LIGHT = {
    "text": "#0b0c0c",
    "secondary": "#484949",  # 9:1 on white
    "bg": "#ffffff",
    "block": "#ffffff",
    "panel": "#f3f2f1",
    "card": "#ffffff",
    "border": "#b1b4b6",
    "link": "#1d70b8",
    "link-hover": "#003078",
    "link-visited": "#4c2c92",
    "brand": "#1d70b8",
    "urgent": "#d4351c",
    "urgent-bg": "#fff5f3",
    "stale": "#f47738",
    "button-secondary": "#f3f2f1",
    "button-secondary-hover": "#dbdad9",
}
DARK = {
    "text": "#f3f2f1",  # 16:1 on the page
    "secondary": "#cfd1d3",  # 11:1 on the page, 9:1 on blocks
    "bg": "#121212",
    "block": "#1e1e1e",
    "panel": "#262626",
    "card": "#181818",
    "border": "#8b8f93",
    "link": "#8fc3ff",  # 9:1 on the page
    "link-hover": "#cfe5ff",
    "link-visited": "#d3b8ff",
    "brand": "#5694ca",
    "urgent": "#ff8170",
    "urgent-bg": "#2b1210",
    "stale": "#f47738",
    "button-secondary": "#333333",
    "button-secondary-hover": "#474747",
}
FOCUS = "#ffdd00"
BUTTON = "#00703c"  # white text 6:1 in both schemes
BUTTON_HOVER = "#005a30"
TAG = "#1d70b8"  # white text 5:1

SYSTEM_FONTS = ["system-ui", "-apple-system", "Segoe UI", "Roboto", "Helvetica Neue", "Arial", "sans-serif"]
MONO_FONTS = ["ui-monospace", "SFMono-Regular", "Consolas", "Liberation Mono", "monospace"]


def _v(name: str) -> str:
    return f"var(--sa-{name})"


def theme() -> gr.themes.Base:
    """Gradio's default theme with system fonts and the page's colours in both schemes."""
    base = gr.themes.Default(
        primary_hue=gr.themes.colors.blue,
        neutral_hue=gr.themes.colors.gray,
        font=SYSTEM_FONTS,
        font_mono=MONO_FONTS,
        radius_size=gr.themes.sizes.radius_sm,
        text_size=gr.themes.sizes.text_lg,
    )
    colours = {
        "body_background_fill": "bg",
        "background_fill_primary": "bg",
        "background_fill_secondary": "panel",
        "block_background_fill": "block",
        "input_background_fill": "block",
        "body_text_color": "text",
        "body_text_color_subdued": "secondary",
        "block_label_text_color": "text",
        "block_info_text_color": "secondary",
        "block_title_text_color": "text",
        "input_border_color": "secondary",
        "input_placeholder_color": "secondary",
        "link_text_color": "link",
        "link_text_color_hover": "link-hover",
        "link_text_color_visited": "link-visited",
        "button_secondary_background_fill": "button-secondary",
        "button_secondary_background_fill_hover": "button-secondary-hover",
        "button_secondary_text_color": "text",
        "button_secondary_border_color": "secondary",
        "checkbox_label_text_color": "text",
        "checkbox_label_text_color_selected": "text",
        "checkbox_label_background_fill": "block",
        "checkbox_label_background_fill_selected": "panel",
        "checkbox_label_border_color": "secondary",
        "border_color_primary": "border",
    }
    values: dict[str, str] = {}
    for key, name in colours.items():
        values[key] = LIGHT[name]
        values[f"{key}_dark"] = DARK[name]
    for suffix in ("", "_dark"):
        values.update(
            {
                f"button_primary_background_fill{suffix}": BUTTON,
                f"button_primary_background_fill_hover{suffix}": BUTTON_HOVER,
                f"button_primary_text_color{suffix}": "#ffffff",
                f"button_primary_border_color{suffix}": BUTTON_HOVER,
            }
        )
    values["color_accent_soft"] = "#d2e2f1"
    values["color_accent_soft_dark"] = "#2b3a4a"
    return base.set(**values)


def _variables(palette: dict[str, str]) -> str:
    return " ".join(f"--sa-{k}: {v};" for k, v in palette.items())


CSS = f"""
.sa-visually-hidden {{ position: absolute !important; width: 1px !important; height: 1px !important;
  overflow: hidden !important; clip: rect(0 0 0 0) !important; white-space: nowrap !important; margin: -1px !important;
  padding: 0 !important; border: 0 !important; }}
.sa-header {{ border-bottom: 6px solid {_v("brand")}; padding: 0 0 8px 0; margin-bottom: 4px; }}
.sa-service {{ font-weight: 700; font-size: 1rem; color: {_v("text")}; margin: 0; }}
.sa-header h1 {{ font-size: 1.8rem; line-height: 1.2; margin: 4px 0 0 0; color: {_v("text")}; }}
.sa-tag {{ display: inline-block; background: {TAG}; color: #fff; font-weight: 700; padding: 0 6px;
  margin-left: 6px; text-transform: uppercase; letter-spacing: 0.05em; font-size: 0.8rem; }}
.sa-about {{ margin: 4px 0; color: {_v("text")}; }}
.sa-about summary {{ cursor: pointer; color: {_v("link")}; text-decoration: underline; padding: 4px 0; }}
.sa-about p {{ margin: 6px 0; }}
.sa-inset {{ border-left: 6px solid {_v("border")}; padding: 4px 12px; margin: 6px 0; }}
.sa-inset p {{ margin: 0; }}
.sa-section-heading h2, h2.sa-h2 {{ font-size: 1.3rem; margin: 12px 0 4px 0; color: {_v("text")}; }}
.sa-hint, .sa-confirm-text {{ margin: 0; color: {_v("secondary")}; font-size: 0.95rem; }}
.sa-confirm-text {{ color: {_v("text")}; font-weight: 700; }}
#sa-conversation-heading {{ position: absolute !important; }}  /* no gap for a heading only screen readers see */
#sa-audience label {{ padding: 6px 10px; }}
#sa-audience .wrap {{ gap: 6px; }}
#sa-confirm-clear {{ border: 3px solid {_v("text")}; padding: 8px 12px; }}
.sa-footer {{ border-top: 1px solid {_v("border")}; margin-top: 24px; padding-top: 12px; color: {_v("text")}; }}

/* The area picker's names and the open list wrap whole words, never cut */
#sa-area input {{ text-overflow: clip; }}
#sa-area ul.options li, ul.options li {{ white-space: normal !important; word-break: normal !important;
  overflow-wrap: normal !important; }}

/* Before the first question there is no conversation to show: the question box moves up into a phone's first
   screen */
#sa-chat:has(.placeholder-content) {{ display: none !important; }}

/* Answers: plain, readable, no coloured bubbles */
#sa-chat .message, #sa-chat .message-content {{ color: {_v("text")}; }}
#sa-chat .message-wrap {{ font-size: 1.05rem; line-height: 1.5; }}
/* Gradio dims bot text below AA contrast; long URLs must wrap at 375 px */
#sa-chat .md, #sa-chat .message-content {{ opacity: 1 !important; overflow-wrap: anywhere; min-width: 0; }}
#sa-chat h3.sa-answer-heading {{ font-size: 1.15rem; margin: 0 0 4px 0 !important; color: {_v("text")}; }}
#sa-chat h3.sa-answer-heading:focus {{ outline: 3px solid {FOCUS}; outline-offset: 2px; }}
.sa-scope, .sa-corrected, .sa-asked-for {{ color: {_v("secondary")}; font-size: 0.95rem;
  margin: 0 0 8px 0 !important; }}
.sa-asked-for {{ margin: 4px 0 0 0 !important; }}
#sa-chat p.sa-scope {{ display: inline-block !important; background: {_v("panel")}; border-radius: 10px;
  padding: 0 10px; font-size: 0.9rem; }}
/* Gradio's chat prose shows paragraphs inline; each of these is a line of its own */
.sa-card-title, .sa-card-meta, .sa-sources-title, .sa-stale, .sa-card-cited, .sa-card-from, .sa-scope,
.sa-corrected, .sa-asked-for {{ display: block !important; }}
.sa-sources {{ margin-top: 16px; border-top: 2px solid {_v("border")}; padding-top: 8px; }}
.sa-sources-title {{ margin: 0 0 8px 0; }}
ol.sa-cards {{ list-style: none; padding: 0 !important; margin: 0 !important; }}
li.sa-card {{ border: 1px solid {_v("border")}; border-left: 6px solid {_v("brand")}; background: {_v("card")};
  padding: 8px 12px; margin: 0 0 8px 0 !important; scroll-margin-top: 8px; }}
li.sa-card:focus, li.sa-card.sa-target {{ outline: 3px solid {FOCUS}; outline-offset: 0; }}
li.sa-card-service {{ border-left-color: {BUTTON}; }}
.sa-card-title {{ font-weight: 700; margin: 0 0 4px 0 !important; }}
.sa-num {{ color: {_v("text")}; margin-right: 4px; }}
.sa-card-meta, .sa-card-cited, .sa-card-from {{ color: {_v("secondary")}; font-size: 0.95rem;
  margin: 4px 0 !important; }}
.sa-stale {{ border-left: 4px solid {_v("stale")}; padding-left: 8px; margin: 4px 0 !important; color: {_v("text")};
  font-size: 0.95rem; }}
a.sa-ref {{ text-decoration: underline; white-space: nowrap; }}
dl.sa-contact {{ display: grid; grid-template-columns: max-content 1fr; gap: 2px 12px; margin: 4px 0; }}
dl.sa-contact dt {{ font-weight: 700; }}
dl.sa-contact dd {{ margin: 0; overflow-wrap: anywhere; }}
.sa-card summary {{ cursor: pointer; color: {_v("link")}; text-decoration: underline; padding: 4px 0; }}
.sa-passage {{ border-left: 4px solid {_v("border")}; margin: 4px 0 !important; padding: 4px 12px !important;
  color: {_v("text")}; white-space: normal; }}
.sa-urgent {{ border: 5px solid {_v("urgent")}; background: {_v("urgent-bg")}; color: {_v("text")};
  padding: 8px 16px; margin-bottom: 12px; }}
.sa-urgent, .sa-urgent p, .sa-urgent li, .sa-urgent strong {{ color: {_v("text")} !important; }}
.sa-signposts {{ border-left: 6px solid {BUTTON}; background: {_v("panel")}; padding: 6px 12px; margin: 12px 0;
  color: {_v("text")}; }}
.sa-signposts p, .sa-signposts ul {{ margin: 4px 0 !important; }}
.sa-tools {{ margin-top: 8px; }}
.sa-plain {{ display: none !important; }}
/* "Start again" clears the conversation after asking; the Chatbot's own bin icon would not ask */
#sa-chat button[aria-label="Clear"] {{ display: none !important; }}
button.sa-copy {{ background: {_v("button-secondary")}; color: {_v("text")}; border: 2px solid {_v("secondary")};
  padding: 6px 12px; font: inherit; cursor: pointer; min-height: 44px; }}
#sa-chat a, .sa-footer a, .sa-signposts a {{ color: {_v("link")}; text-decoration: underline; }}

/* Focus: GOV.UK-style yellow ring with a dark edge, visible on any background */
a:focus-visible, button:focus-visible, input:focus-visible, textarea:focus-visible, summary:focus-visible,
select:focus-visible, [tabindex]:focus-visible {{
  outline: 3px solid {FOCUS} !important; outline-offset: 0 !important;
  box-shadow: 0 0 0 6px #0b0c0c !important;
}}

#sa-feedback {{ background: {_v("panel")}; padding: 12px; border: 0; }}
#sa-feedback h2 {{ text-align: left; width: 100%; }}
button.secondary {{ border: 2px solid {_v("secondary")} !important; box-shadow: 0 2px 0 {_v("secondary")}; }}
#sa-feedback button.secondary {{ background: {_v("block")}; }}
#sa-feedback-status p {{ font-weight: 700; color: {_v("text")}; }}
.sa-examples button {{ text-align: left !important; justify-content: flex-start !important;
  white-space: normal !important; }}

@media (max-width: 640px) {{
  .sa-header h1 {{ font-size: 1.4rem; }}
  #sa-audience label {{ padding: 4px 10px; min-height: 40px; }}
  dl.sa-contact {{ grid-template-columns: 1fr; }}
  #sa-chat .message-row {{ padding: 8px 6px !important; }}
  #sa-chat .message {{ padding: 6px !important; }}
  .sa-urgent {{ padding: 4px 10px; border-width: 4px; font-size: 1rem; line-height: 1.4; }}
  .sa-urgent li {{ margin: 2px 0 !important; }}
  .sa-urgent ul, #sa-chat ul {{ padding-left: 1.1em !important; }}
  li.sa-card {{ padding: 6px 8px; }}
}}
"""

# Outside Gradio's scoped css=: the colour variables (on <body>, where Gradio puts `dark`), page margins, print.
PAGE_STYLE = f"""
<style>
:root, body {{ {_variables(LIGHT)} }}
body.dark {{ {_variables(DARK)} color-scheme: dark; }}
gradio-app .main.fillable {{ max-width: 960px !important; margin: 0 auto; }}  /* readable line length */
a.sa-skip {{ position: absolute; left: -9999px; top: 0; background: {FOCUS}; color: #0b0c0c !important;
  padding: 8px 12px; font-weight: 700; z-index: 100; transition: none; }}
a.sa-skip:focus {{ position: fixed; left: 8px; top: 8px; transition: none; }}
@media (max-width: 640px) {{
  gradio-app .main.app {{ padding-left: 10px !important; padding-right: 10px !important; }}
  gradio-app .main.fillable {{ padding-top: 8px !important; }}
}}
@media print {{
  body, body.dark {{ {_variables(LIGHT)} background: #fff !important; color: #000 !important; }}
  .sa-skip, .sa-about, #sa-settings, #sa-question, #sa-actions, .sa-hint, #sa-confirm-clear, .sa-examples,
  h2.sa-h2, #sa-feedback, .sa-tools, #sa-chat button, #sa-chat .message-buttons, footer, .sa-footer .sa-noprint
  {{ display: none !important; }}
  #sa-chat, #sa-chat * {{ max-height: none !important; height: auto !important; overflow: visible !important; }}
  #sa-chat a[href^="http"]::after {{ content: " (" attr(href) ")"; font-size: 0.9em; overflow-wrap: anywhere; }}
  li.sa-card {{ break-inside: avoid; }}
  *:focus {{ outline: none !important; box-shadow: none !important; }}
  .sa-urgent {{ border-color: #d4351c !important; }}
}}
</style>
"""

HEAD = (
    PAGE_STYLE
    + """<meta name="description" content="Information about special educational needs and disabilities (SEND) support,
with the sources each answer comes from.">
"""
    + SCRIPT
)
