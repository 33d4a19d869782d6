"""The page's small script (in <head>): language, accessible names, one radio group, answer focus, [n] links,
"Copy answer", the skip link and printing with every quoted passage open.

Gradio owns the DOM, so the script works by delegation and by tidying after each change, never by replacing
Gradio's elements.
"""

from __future__ import annotations

import json

from send_assistant.answering import texts

_STRINGS = json.dumps({"ready": texts.WEB_ANSWER_READY, "copied": texts.WEB_COPIED})

SCRIPT = (
    """<script>
(function () {
  var LANG = "en-GB";
  var TEXT = """
    + _STRINGS
    + """;
  function tidy() {
    var root = document.documentElement;
    if (root.getAttribute("lang") !== LANG) { root.setAttribute("lang", LANG); }
    // Gradio labels each chat message with its raw Markdown source, which a screen reader would read out.
    var labelled = document.querySelectorAll(
      '#sa-chat [data-testid="bot"][aria-label], #sa-chat [data-testid="user"][aria-label]');
    for (var i = 0; i < labelled.length; i++) { labelled[i].removeAttribute("aria-label"); }
    // Gradio's chat log is a live region that would read out every streamed fragment; the page announces the
    // finished answer instead (#sa-live) and moves focus to its heading.
    var log = document.querySelector('#sa-chat [role="log"]');
    if (log && log.getAttribute("aria-live") !== "off") { log.setAttribute("aria-live", "off"); }
    // Gradio's radio group is a fieldset titled by a <span>, not a <legend>: name the group by that span.
    var groups = document.querySelectorAll("fieldset:not([aria-labelledby])");
    for (var j = 0; j < groups.length; j++) {
      var title = groups[j].querySelector('[data-testid="block-info"]');
      if (title) {
        title.id = title.id || "sa-group-label-" + j;
        groups[j].setAttribute("aria-labelledby", title.id);
      }
    }
    // Gradio names each radio differently (three tab stops, no arrow keys); one name makes one group.
    var radios = document.querySelectorAll('#sa-audience input[type="radio"]');
    for (var k = 0; k < radios.length; k++) {
      if (radios[k].name !== "sa-audience") { radios[k].name = "sa-audience"; }
    }
  }
  new MutationObserver(tidy).observe(document.documentElement,
    {attributes: true, attributeFilter: ["lang", "aria-label", "name", "aria-live"], childList: true, subtree: true});
  tidy();

  function announce(text) {
    var region = document.getElementById("sa-live");
    if (!region) { return; }
    region.textContent = "";
    setTimeout(function () { region.textContent = text; }, 60);
  }

  // The chat scrolls within a bounded box: bring the whole box into view, then the element to the box's top, so
  // as much of the answer as fits is on screen (a safeguarding box's lines, not only its first).
  function showAtTop(element) {
    var box = document.getElementById("sa-chat");
    var scroller = element.parentElement;
    while (scroller && scroller !== box && !(scroller.scrollHeight > scroller.clientHeight + 1 &&
           /(auto|scroll)/.test(getComputedStyle(scroller).overflowY))) {
      scroller = scroller.parentElement;
    }
    if (box) { box.scrollIntoView({block: "start"}); }
    if (scroller) {
      scroller.scrollTop += element.getBoundingClientRect().top - scroller.getBoundingClientRect().top - 8;
    }
  }

  // When an answer is final (it has its tools row; a streamed one does not): move focus to its heading, so
  // screen readers read it, and announce it politely. Counting final answers means a re-render never steals focus.
  var finished = 0;
  function answered() {
    var done = document.querySelectorAll("#sa-chat .bot-row .sa-tools");
    if (done.length < finished) { finished = done.length; }  // the conversation was cleared
    if (done.length === finished) { return; }
    finished = done.length;
    var rows = document.querySelectorAll("#sa-chat .bot-row");
    var last = rows.length ? rows[rows.length - 1].querySelector(".sa-answer-heading") : null;
    if (!last) { return; }
    // Someone already typing the next question keeps their place; the answer is still announced.
    var active = document.activeElement;
    var typing = active && /^(TEXTAREA|INPUT)$/.test(active.tagName) && active.value;
    if (!typing) {
      last.setAttribute("tabindex", "-1");
      last.focus({preventScroll: true});
      showAtTop(last);
    }
    announce(TEXT.ready + " " + last.textContent);
  }
  new MutationObserver(function () { window.requestAnimationFrame(answered); }).observe(
    document.documentElement, {childList: true, subtree: true});

  function focusWhenShown(selector) {
    var tries = 0;
    (function attempt() {
      var element = document.querySelector(selector);
      if (element && element.offsetParent !== null) { element.focus(); }
      else if (tries++ < 40) { setTimeout(attempt, 50); }
    })();
  }

  function copyText(text) {
    if (navigator.clipboard && window.isSecureContext) {
      return navigator.clipboard.writeText(text);
    }
    var area = document.createElement("textarea");
    area.value = text;
    area.setAttribute("readonly", "");
    area.style.position = "fixed";
    area.style.left = "-9999px";
    document.body.appendChild(area);
    area.select();
    try { document.execCommand("copy"); } finally { document.body.removeChild(area); }
    return Promise.resolve();
  }

  document.addEventListener("click", function (event) {
    var target = event.target instanceof Element ? event.target : null;
    if (!target) { return; }
    var ref = target.closest("a.sa-ref");
    if (ref) {
      var id = ref.getAttribute("data-card") || (ref.getAttribute("href") || "").slice(1);
      var card = document.getElementById(id);
      if (card) {
        event.preventDefault();
        event.stopPropagation();
        var marked = document.querySelectorAll("li.sa-card.sa-target");
        for (var i = 0; i < marked.length; i++) { marked[i].classList.remove("sa-target"); }
        card.classList.add("sa-target");
        card.setAttribute("tabindex", "-1");
        card.focus({preventScroll: true});
        showAtTop(card);
      }
      return;
    }
    var copy = target.closest("button.sa-copy");
    if (copy) {
      event.preventDefault();
      var plain = copy.parentElement ? copy.parentElement.querySelector(".sa-plain") : null;
      copyText(plain ? plain.textContent : "").then(function () { announce(TEXT.copied); });
      return;
    }
    // Print, and the clearing confirmation's focus: the question first, then back where the person was.
    if (target.closest("#sa-print")) { window.print(); return; }
    if (target.closest("#sa-start-again")) { focusWhenShown("#sa-clear-no"); return; }
    if (target.closest("#sa-clear-no")) { focusWhenShown("#sa-start-again"); return; }
    if (target.closest("#sa-clear-yes")) { focusWhenShown("#sa-question textarea"); return; }
    var skip = target.closest("a.sa-skip");
    if (skip) {
      var box = document.querySelector("#sa-question textarea");
      if (box) { event.preventDefault(); box.focus(); }
    }
  }, true);

  // Printing: on paper (light colours, even from a phone in dark mode), every quoted passage open; then as it was.
  var opened = [];
  var wasDark = false;
  window.addEventListener("beforeprint", function () {
    wasDark = document.body.classList.contains("dark");
    document.body.classList.remove("dark");
    opened = Array.prototype.slice.call(document.querySelectorAll("#sa-chat details:not([open])"));
    opened.forEach(function (d) { d.setAttribute("open", ""); });
  });
  window.addEventListener("afterprint", function () {
    if (wasDark) { document.body.classList.add("dark"); }
    opened.forEach(function (d) { d.removeAttribute("open"); });
    opened = [];
  });
})();
</script>
"""
)
