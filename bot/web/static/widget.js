/* Shop assistant chat widget. Add to a page with one tag:
 *   <script src="https://<assistant>/webhooks/shop/static/widget.js" async
 *           data-profile-token="<token signed by the shop, optional>"></script>
 * Everything a message contains is rendered as text; links only as http(s).
 */
(function () {
  "use strict";
  if (window.__shopAssistantLoaded) return;
  window.__shopAssistantLoaded = true;

  var script = document.currentScript || document.querySelector("script[src*='widget.js']");
  var base = new URL(script.src, window.location.href);
  var api = base.origin + "/webhooks/shop";
  var profileToken = script.getAttribute("data-profile-token") || null;
  var STORAGE_KEY = "shopAssistant.session";
  var LANGUAGE_KEY = "shopAssistant.language";
  var POLL_MS = 3000;
  var MAX_PHOTO_BYTES = 5 * 1024 * 1024;

  var ui = {};            // interface strings per language, from the server
  var languages = [];
  var language = null;
  var sessionId = null;
  var lastTime = 0;
  var shown = {};          // message keys already on screen
  var pollTimer = null;
  var pendingAttachments = [];

  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (key) { node.setAttribute(key, attrs[key]); });
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }

  // Icons are drawn, not taken from a font, so they show on systems without emoji fonts.
  var ICONS = {
    chat: "M4 4h16a2 2 0 0 1 2 2v10a2 2 0 0 1-2 2H8l-4 4V6a2 2 0 0 1 2-2z",
    clip: "M16.5 6.5l-7.8 7.8a2 2 0 0 0 2.8 2.8l7.8-7.8a4 4 0 0 0-5.7-5.7L5.8 11.4a6 6 0 0 0 8.5 8.5l6.4-6.4"
  };
  function icon(name) {
    var ns = "http://www.w3.org/2000/svg";
    var svg = document.createElementNS(ns, "svg");
    svg.setAttribute("viewBox", "0 0 24 24");
    svg.setAttribute("width", "24");
    svg.setAttribute("height", "24");
    svg.setAttribute("aria-hidden", "true");
    svg.setAttribute("focusable", "false");
    var path = document.createElementNS(ns, "path");
    path.setAttribute("d", ICONS[name]);
    path.setAttribute("fill", name === "chat" ? "currentColor" : "none");
    path.setAttribute("stroke", "currentColor");
    path.setAttribute("stroke-width", "2");
    path.setAttribute("stroke-linecap", "round");
    svg.appendChild(path);
    return svg;
  }

  function t(key) {
    var strings = ui[language] || ui.en || {};
    return strings[key] || (ui.en && ui.en[key]) || key;
  }

  function request(method, path, body) {
    var options = { method: method, headers: {} };
    if (body !== undefined) {
      options.headers["Content-Type"] = "application/json";
      options.body = JSON.stringify(body);
    }
    return fetch(api + path, options).then(function (r) {
      return r.json().then(function (data) {
        if (!r.ok) throw new Error(data.error || ("HTTP " + r.status));
        return data;
      });
    });
  }

  // Text with http(s) links; nothing else becomes markup.
  function renderText(container, text) {
    var pattern = /https?:\/\/[^\s<>"']+/g;
    var last = 0, match;
    while ((match = pattern.exec(text)) !== null) {
      container.appendChild(document.createTextNode(text.slice(last, match.index)));
      var href = null;
      try {
        var url = new URL(match[0]);
        if (url.protocol === "http:" || url.protocol === "https:") href = url.href;
      } catch (e) { href = null; }
      if (href) {
        var a = el("a", { href: href, target: "_blank", rel: "noopener noreferrer nofollow" }, match[0]);
        container.appendChild(a);
      } else {
        container.appendChild(document.createTextNode(match[0]));
      }
      last = match.index + match[0].length;
    }
    container.appendChild(document.createTextNode(text.slice(last)));
  }

  // ---- layout -------------------------------------------------------------
  var root = el("div", { class: "sa-root", "data-shop-assistant": "" });
  var launcher = el("button", { class: "sa-launcher", type: "button", "aria-expanded": "false",
                                "aria-controls": "sa-panel" });
  launcher.appendChild(icon("chat"));
  var launcherLabel = el("span", { class: "sa-visually-hidden" });
  launcher.appendChild(launcherLabel);

  var panel = el("section", { class: "sa-panel", id: "sa-panel", role: "dialog", "aria-modal": "false",
                              hidden: "" });
  var header = el("header", { class: "sa-header" });
  var title = el("h2", { class: "sa-title", id: "sa-title" });
  panel.setAttribute("aria-labelledby", "sa-title");
  var languageLabel = el("label", { class: "sa-visually-hidden", for: "sa-language" });
  var languageSelect = el("select", { class: "sa-language", id: "sa-language" });
  var closeButton = el("button", { class: "sa-close", type: "button" }, "×");
  header.appendChild(title);
  header.appendChild(languageLabel);
  header.appendChild(languageSelect);
  header.appendChild(closeButton);

  var log = el("ol", { class: "sa-log", role: "log", "aria-live": "polite", "aria-relevant": "additions" });
  var typing = el("div", { class: "sa-typing", role: "status", hidden: "" });
  var quickReplies = el("div", { class: "sa-quick", role: "group" });
  var form = el("form", { class: "sa-form" });
  var inputLabel = el("label", { class: "sa-visually-hidden", for: "sa-input" });
  var input = el("textarea", { class: "sa-input", id: "sa-input", rows: "1", maxlength: "4000" });
  var attachLabel = el("label", { class: "sa-attach", tabindex: "0", role: "button" });
  var attachIcon = icon("clip");
  var attachText = el("span", { class: "sa-visually-hidden" });
  var fileInput = el("input", { type: "file", accept: "image/jpeg,image/png,image/webp", class: "sa-file" });
  attachLabel.appendChild(attachIcon);
  attachLabel.appendChild(attachText);
  attachLabel.appendChild(fileInput);
  var attachStatus = el("div", { class: "sa-attach-status", role: "status" });
  var sendButton = el("button", { class: "sa-send", type: "submit" });
  form.appendChild(inputLabel);
  form.appendChild(input);
  form.appendChild(attachLabel);
  form.appendChild(sendButton);

  panel.appendChild(header);
  panel.appendChild(log);
  panel.appendChild(typing);
  panel.appendChild(quickReplies);
  panel.appendChild(attachStatus);
  panel.appendChild(form);
  root.appendChild(panel);
  root.appendChild(launcher);

  function applyLanguage() {
    panel.setAttribute("dir", language === "ar" ? "rtl" : "ltr");
    panel.setAttribute("lang", language || "en");
    title.textContent = t("title");
    launcherLabel.textContent = panel.hidden ? t("open") : t("close");
    launcher.setAttribute("aria-label", panel.hidden ? t("open") : t("close"));
    closeButton.setAttribute("aria-label", t("close"));
    languageLabel.textContent = t("language");
    inputLabel.textContent = t("placeholder");
    input.setAttribute("placeholder", t("placeholder"));
    sendButton.textContent = t("send");
    attachText.textContent = t("attach");
    attachLabel.setAttribute("aria-label", t("attach"));
    typing.textContent = t("typing");
    languageSelect.value = language;
  }

  function timeLabel(seconds) {
    try {
      return new Date(seconds * 1000).toLocaleTimeString(language || undefined,
                                                          { hour: "2-digit", minute: "2-digit" });
    } catch (e) { return ""; }
  }

  function addMessage(message) {
    var key = message.role + ":" + message.time + ":" + message.text;
    if (shown[key]) return;
    shown[key] = true;
    var item = el("li", { class: "sa-msg sa-" + message.role });
    var bubble = el("div", { class: "sa-bubble" });
    if (message.language === "ar") bubble.setAttribute("dir", "rtl");
    renderText(bubble, message.text || "");
    var meta = el("time", { class: "sa-time", datetime: new Date(message.time * 1000).toISOString() },
                  (message.role === "agent" ? t("agent") + " · " : "") + timeLabel(message.time));
    item.appendChild(bubble);
    item.appendChild(meta);
    log.appendChild(item);
    log.scrollTop = log.scrollHeight;
    if (message.time > lastTime) lastTime = message.time;
  }

  function showQuickReplies(buttons) {
    while (quickReplies.firstChild) quickReplies.removeChild(quickReplies.firstChild);
    (buttons || []).forEach(function (button) {
      var b = el("button", { type: "button", class: "sa-quick-reply" }, button.title);
      b.addEventListener("click", function () {
        var payload = /^\/[a-z_]+$/.test(button.payload || "") ? button.payload : button.title;
        send(payload, button.title);
      });
      quickReplies.appendChild(b);
    });
  }

  function showMessages(messages) {
    var lastButtons = null;
    messages.forEach(function (m) {
      addMessage(m);
      if (m.role !== "buyer") lastButtons = m.buttons || [];
    });
    if (lastButtons !== null) showQuickReplies(lastButtons);
  }

  // ---- conversation -------------------------------------------------------
  function ensureSession() {
    var stored = null;
    try { stored = window.localStorage.getItem(STORAGE_KEY); } catch (e) { stored = null; }
    return request("POST", "/session", stored ? { session_id: stored } : {}).then(function (data) {
      sessionId = data.session_id;
      try { window.localStorage.setItem(STORAGE_KEY, sessionId); } catch (e) { /* private mode */ }
      return data;
    });
  }

  function loadHistory() {
    return request("GET", "/history?session_id=" + encodeURIComponent(sessionId) + "&after=" + lastTime)
      .then(function (data) {
        if (data.language && !languageChosen()) { language = data.language; applyLanguage(); }
        showMessages(data.messages || []);
      });
  }

  function languageChosen() {
    try { return !!window.localStorage.getItem(LANGUAGE_KEY); } catch (e) { return false; }
  }

  function send(text, display) {
    text = (text || "").trim();
    if (!text && !pendingAttachments.length) return;
    if (!text) text = "📷";
    var body = { session_id: sessionId, text: text, locale: navigator.language || null };
    if (profileToken) body.profile_token = profileToken;
    if (pendingAttachments.length) body.attachments = pendingAttachments.slice();
    addMessage({ role: "buyer", text: display || text, time: Date.now() / 1000 });
    pendingAttachments = [];
    attachStatus.textContent = "";
    showQuickReplies([]);
    typing.hidden = false;
    return request("POST", "/message", body).then(function (data) {
      if (data.language && data.language !== language && !languageChosen()) {
        language = data.language; applyLanguage();
      }
      showMessages(data.messages || []);
    }).catch(function () {
      addMessage({ role: "bot", text: t("error"), time: Date.now() / 1000 });
    }).then(function () { typing.hidden = true; });
  }

  function startPolling() {
    stopPolling();
    pollTimer = window.setInterval(function () { if (sessionId) loadHistory().catch(function () {}); }, POLL_MS);
  }
  function stopPolling() { if (pollTimer) window.clearInterval(pollTimer); pollTimer = null; }

  function open() {
    panel.hidden = false;
    launcher.setAttribute("aria-expanded", "true");
    applyLanguage();
    input.focus();
    startPolling();
    try { window.sessionStorage.setItem("shopAssistant.open", "1"); } catch (e) { /* ignore */ }
  }
  function close() {
    panel.hidden = true;
    launcher.setAttribute("aria-expanded", "false");
    applyLanguage();
    launcher.focus();
    stopPolling();
    try { window.sessionStorage.removeItem("shopAssistant.open"); } catch (e) { /* ignore */ }
  }

  launcher.addEventListener("click", function () { panel.hidden ? open() : close(); });
  closeButton.addEventListener("click", close);
  panel.addEventListener("keydown", function (event) { if (event.key === "Escape") close(); });
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var text = input.value;
    input.value = "";
    send(text);
  });
  input.addEventListener("keydown", function (event) {
    if (event.key === "Enter" && !event.shiftKey) { event.preventDefault(); form.requestSubmit(); }
  });
  attachLabel.addEventListener("keydown", function (event) {
    if (event.key === "Enter" || event.key === " ") { event.preventDefault(); fileInput.click(); }
  });
  fileInput.addEventListener("change", function () {
    var file = fileInput.files && fileInput.files[0];
    fileInput.value = "";
    if (!file) return;
    if (["image/jpeg", "image/png", "image/webp"].indexOf(file.type) < 0 || file.size > MAX_PHOTO_BYTES) {
      attachStatus.textContent = t("photo_rejected");
      return;
    }
    var data = new FormData();
    data.append("session_id", sessionId);
    data.append("photo", file);
    fetch(api + "/attachment", { method: "POST", body: data }).then(function (r) {
      return r.json().then(function (body) { if (!r.ok) throw new Error(body.error); return body; });
    }).then(function (body) {
      pendingAttachments.push(body.attachment_id);
      attachStatus.textContent = t("photo_ready");
    }).catch(function () { attachStatus.textContent = t("photo_rejected"); });
  });
  languageSelect.addEventListener("change", function () {
    var chosen = languageSelect.value;
    request("POST", "/language", { session_id: sessionId, language: chosen }).then(function () {
      language = chosen;
      try { window.localStorage.setItem(LANGUAGE_KEY, chosen); } catch (e) { /* ignore */ }
      applyLanguage();
    });
  });

  function start() {
    var link = el("link", { rel: "stylesheet", href: api + "/static/widget.css" });
    document.head.appendChild(link);
    document.body.appendChild(root);
    request("GET", "/ui").then(function (data) {
      ui = data.strings || {};
      languages = data.languages || [];
      languages.forEach(function (code) {
        languageSelect.appendChild(el("option", { value: code }, (ui[code] || {}).name || code));
      });
      var stored = null;
      try { stored = window.localStorage.getItem(LANGUAGE_KEY); } catch (e) { stored = null; }
      var browser = (navigator.language || "en").toLowerCase().split(/[-_]/)[0];
      language = stored || (languages.indexOf(browser) >= 0 ? browser : data.default_language);
      applyLanguage();
      return ensureSession();
    }).then(loadHistory).then(function () {
      var reopen = false;
      try { reopen = window.sessionStorage.getItem("shopAssistant.open") === "1"; } catch (e) { reopen = false; }
      if (reopen) open();
    }).catch(function () { /* the shop page keeps working without the assistant */ });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
