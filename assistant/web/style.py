"""Look and feel: a calm public-service page (GOV.UK-like colours), system fonts only, AA contrast.

System font stacks mean the browser never fetches a web font: the page makes no request off the server.
"""

from __future__ import annotations

import gradio as gr

TEXT = "#0b0c0c"
SECONDARY_TEXT = "#484949"  # 9:1 on white
LINK = "#1d70b8"
BRAND = "#1d70b8"
FOCUS = "#ffdd00"
BUTTON = "#00703c"
BUTTON_HOVER = "#005a30"
BORDER = "#b1b4b6"
PANEL = "#f3f2f1"
URGENT = "#d4351c"

SYSTEM_FONTS = ["system-ui", "-apple-system", "Segoe UI", "Roboto", "Helvetica Neue", "Arial", "sans-serif"]
MONO_FONTS = ["ui-monospace", "SFMono-Regular", "Consolas", "Liberation Mono", "monospace"]


def theme() -> gr.themes.Base:
    """Gradio's default theme with system fonts and high-contrast public-service colours."""
    base = gr.themes.Default(
        primary_hue=gr.themes.colors.blue,
        neutral_hue=gr.themes.colors.gray,
        font=SYSTEM_FONTS,
        font_mono=MONO_FONTS,
        radius_size=gr.themes.sizes.radius_sm,
        text_size=gr.themes.sizes.text_lg,
    )
    return base.set(
        body_text_color=TEXT,
        body_text_color_subdued=SECONDARY_TEXT,
        block_label_text_color=TEXT,
        block_info_text_color=SECONDARY_TEXT,
        block_title_text_color=TEXT,
        input_border_color=TEXT,
        input_placeholder_color=SECONDARY_TEXT,
        link_text_color=LINK,
        link_text_color_hover="#003078",
        link_text_color_visited="#4c2c92",
        button_primary_background_fill=BUTTON,
        button_primary_background_fill_hover=BUTTON_HOVER,
        button_primary_text_color="#ffffff",
        button_primary_border_color=BUTTON_HOVER,
        button_secondary_background_fill=PANEL,
        button_secondary_background_fill_hover="#dbdad9",
        button_secondary_text_color=TEXT,
        button_secondary_border_color=SECONDARY_TEXT,
        checkbox_label_text_color=TEXT,
        color_accent_soft="#d2e2f1",
    )


CSS = f"""
.sa-header {{ border-bottom: 8px solid {BRAND}; padding: 0 0 12px 0; margin-bottom: 4px; }}
.sa-service {{ font-weight: 700; font-size: 1.1rem; color: {TEXT}; margin: 0; }}
.sa-header h1 {{ font-size: 2rem; line-height: 1.2; margin: 8px 0 0 0; color: {TEXT}; }}
.sa-phase {{ border-bottom: 1px solid {BORDER}; padding: 8px 0; margin: 0; color: {TEXT}; }}
.sa-tag {{ display: inline-block; background: {BRAND}; color: #fff; font-weight: 700; padding: 2px 8px;
  margin-right: 8px; text-transform: uppercase; letter-spacing: 0.05em; font-size: 0.85rem; }}
.sa-inset {{ border-left: 8px solid {BORDER}; padding: 8px 16px; margin: 8px 0; }}
.sa-inset p {{ margin: 0; }}
.sa-section-heading h2, h2.sa-h2 {{ font-size: 1.4rem; margin: 16px 0 4px 0; color: {TEXT}; }}
.sa-footer {{ border-top: 1px solid {BORDER}; margin-top: 24px; padding-top: 12px; color: {TEXT}; }}

/* Answers: plain, readable, no coloured bubbles */
#sa-chat .message, #sa-chat .message-content {{ color: {TEXT}; }}
#sa-chat .message-wrap {{ font-size: 1.05rem; line-height: 1.5; }}
/* Gradio dims bot text below AA contrast; long URLs must wrap at 375 px */
#sa-chat .md, #sa-chat .message-content {{ opacity: 1 !important; overflow-wrap: anywhere; min-width: 0; }}
.sa-card-title, .sa-card-meta, .sa-sources-title {{ display: block !important; }}
.sa-sources {{ margin-top: 16px; border-top: 2px solid {BORDER}; padding-top: 8px; }}
.sa-sources-title {{ margin: 0 0 8px 0; }}
ol.sa-cards {{ list-style: none; padding: 0 !important; margin: 0 !important; }}
li.sa-card {{ border: 1px solid {BORDER}; border-left: 6px solid {BRAND}; background: #fff; padding: 8px 12px;
  margin: 0 0 8px 0 !important; }}
li.sa-card-service {{ border-left-color: {BUTTON}; }}
.sa-card-title {{ font-weight: 700; margin: 0 0 4px 0 !important; }}
.sa-num {{ color: {TEXT}; margin-right: 4px; }}
.sa-card-meta {{ color: {SECONDARY_TEXT}; font-size: 0.95rem; margin: 4px 0 !important; }}
dl.sa-contact {{ display: grid; grid-template-columns: max-content 1fr; gap: 2px 12px; margin: 4px 0; }}
dl.sa-contact dt {{ font-weight: 700; }}
dl.sa-contact dd {{ margin: 0; overflow-wrap: anywhere; }}
.sa-card summary {{ cursor: pointer; color: {LINK}; text-decoration: underline; padding: 4px 0; }}
.sa-passage {{ border-left: 4px solid {BORDER}; margin: 4px 0 !important; padding: 4px 12px !important;
  color: {TEXT}; white-space: normal; }}
.sa-urgent {{ border: 5px solid {URGENT}; background: #fff; padding: 8px 16px; margin-bottom: 12px; }}
.sa-urgent strong {{ color: {TEXT}; }}
#sa-chat a, .sa-footer a {{ color: {LINK}; text-decoration: underline; }}

/* Focus: GOV.UK-style yellow ring with a dark edge, visible on any background */
a:focus-visible, button:focus-visible, input:focus-visible, textarea:focus-visible, summary:focus-visible,
select:focus-visible, [tabindex]:focus-visible {{
  outline: 3px solid {FOCUS} !important; outline-offset: 0 !important;
  box-shadow: 0 0 0 6px {TEXT} !important;
}}

#sa-feedback {{ background: {PANEL}; padding: 12px; border: 0; }}
#sa-feedback h2 {{ text-align: left; width: 100%; }}
button.secondary {{ border: 2px solid {SECONDARY_TEXT} !important; box-shadow: 0 2px 0 {SECONDARY_TEXT}; }}
#sa-feedback button.secondary {{ background: #fff; }}
#sa-feedback-status p {{ font-weight: 700; color: {TEXT}; }}
.sa-examples button {{ text-align: left !important; justify-content: flex-start !important;
  white-space: normal !important; }}

@media (max-width: 640px) {{
  .sa-header h1 {{ font-size: 1.6rem; }}
  dl.sa-contact {{ grid-template-columns: 1fr; }}
  #sa-chat .message-row {{ padding: 8px 6px !important; }}
  #sa-chat .message {{ padding: 6px !important; }}
  .sa-urgent {{ padding: 4px 10px; border-width: 4px; }}
  .sa-urgent ul, #sa-chat ul {{ padding-left: 1.1em !important; }}
  li.sa-card {{ padding: 6px 8px; }}
}}
"""


# Runs in the page head. Gradio's i18n resets <html lang> to the browser's base locale, so it is held at
# en-GB; and Gradio labels each chat message with its raw Markdown source (aria-label), which a screen
# reader would read out, markup and all, instead of the rendered answer, so that label is removed; and the
# audience radio group gets an accessible name.
HEAD = """
<style>
/* Gradio scopes the css= rules inside its content area; the page margins live outside it. */
gradio-app .main.fillable { max-width: 960px !important; margin: 0 auto; }  /* readable line length */
@media (max-width: 640px) { gradio-app .main.app { padding-left: 10px !important; padding-right: 10px !important; } }
</style>
<meta name="description" content="Information about special educational needs and disabilities (SEND) support,
with the sources each answer comes from.">
<script>
(function () {
  var LANG = "en-GB";
  function tidy() {
    var root = document.documentElement;
    if (root.getAttribute("lang") !== LANG) { root.setAttribute("lang", LANG); }
    var labelled = document.querySelectorAll(
      '#sa-chat [data-testid="bot"][aria-label], #sa-chat [data-testid="user"][aria-label]');
    for (var i = 0; i < labelled.length; i++) { labelled[i].removeAttribute("aria-label"); }
    // Gradio's radio group is a fieldset titled by a <span>, not a <legend>: name the group by that span.
    var groups = document.querySelectorAll("fieldset:not([aria-labelledby])");
    for (var j = 0; j < groups.length; j++) {
      var title = groups[j].querySelector('[data-testid="block-info"]');
      if (title) {
        title.id = title.id || "sa-group-label-" + j;
        groups[j].setAttribute("aria-labelledby", title.id);
      }
    }
  }
  new MutationObserver(tidy).observe(document.documentElement,
    {attributes: true, attributeFilter: ["lang", "aria-label"], childList: true, subtree: true});
  tidy();
})();
</script>
"""
