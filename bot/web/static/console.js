/* Agent console: lists live conversations, shows one with persona and suggestions, sends replies.
 * All text is set with textContent; the API is same-origin, authenticated by the login cookie. */
(function () {
  "use strict";
  var api = "/webhooks/shop/agent";
  var POLL_MS = 3000;
  var current = null;
  var lastSignature = "";
  var lastStatus = "";

  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }
  function call(method, path, body) {
    var options = { method: method, headers: {}, credentials: "same-origin" };
    if (body !== undefined) { options.headers["Content-Type"] = "application/json"; options.body = JSON.stringify(body); }
    return fetch(api + path, options).then(function (r) {
      return r.json().then(function (d) { if (!r.ok) throw new Error(d.error || r.status); return d; });
    });
  }
  function clear(node) { while (node.firstChild) node.removeChild(node.firstChild); }
  function agentName() { return document.getElementById("agent-name").value || "agent"; }
  function agentLanguage() { return document.getElementById("agent-language").value || "en"; }
  function time(t) { return new Date(t * 1000).toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" }); }

  function loadList() {
    return call("GET", "/conversations").then(function (data) {
      var list = document.getElementById("conversations");
      clear(list);
      data.conversations.forEach(function (c) {
        var item = el("li");
        var button = el("button", { type: "button", "data-session": c.session_id });
        if (c.session_id === current) button.setAttribute("aria-current", "true");
        var head = el("span", { class: c.handoff_requested ? "handoff" : "" },
          (c.handoff_requested ? "⚑ hand-off · " : "") + (c.language || "?") + " · " + (c.persona || "—") +
          (c.taken_over_by ? " · with " + c.taken_over_by : ""));
        button.appendChild(head);
        button.appendChild(el("span", { class: "last" }, c.last_message || ""));
        button.addEventListener("click", function () { open(c.session_id); });
        item.appendChild(button);
        list.appendChild(item);
      });
    });
  }

  function renderDetail(data, suggestions) {
    var main = document.getElementById("detail");
    clear(main);
    var view = document.getElementById("detail-template").content.cloneNode(true);
    view.querySelector(".title").textContent = "Conversation " + current.slice(0, 12) + "…";
    view.querySelector(".language").textContent = "Language: " + data.language;
    var state = data.session.taken_over_by ? "taken over by " + data.session.taken_over_by : "assistant answering";
    view.querySelector(".state").textContent = state;
    view.querySelector(".takeover").addEventListener("click", function () {
      call("POST", "/conversations/" + encodeURIComponent(current) + "/takeover", { agent: agentName() }).then(refresh);
    });
    view.querySelector(".handback").addEventListener("click", function () {
      call("POST", "/conversations/" + encodeURIComponent(current) + "/handback", {}).then(refresh);
    });
    var transcript = view.querySelector(".transcript");
    data.messages.forEach(function (m) {
      var li = el("li", { class: m.role });
      li.appendChild(el("span", { class: "meta" }, m.role + " · " + time(m.time) +
        (m.role === "buyer" ? " · intent " + (m.intent || "—") + " · " + (m.language || "?") :
         (m.persona ? " · persona " + m.persona : "") + (m.agent ? " · " + m.agent : ""))));
      li.appendChild(document.createTextNode(m.text));
      (m.attachments || []).forEach(function (id) {
        var img = el("img", { src: api + "/attachments/" + encodeURIComponent(id), alt: "photo from the buyer",
                              width: "160" });
        li.appendChild(img);
      });
      transcript.appendChild(li);
    });
    var persona = view.querySelector(".persona");
    Object.keys(data.persona_profile).forEach(function (axis) {
      var a = data.persona_profile[axis];
      persona.appendChild(el("dt", {}, axis + ": " + (a.label || "not set") + " (" + a.score + ")"));
      (a.evidence || []).forEach(function (e) { persona.appendChild(el("dd", {}, e)); });
    });
    var cards = view.querySelector(".cards");
    data.strategy_cards.forEach(function (card) {
      var div = el("div", { class: "card" });
      div.appendChild(el("strong", {}, card.label + " (" + card.axis + ")"));
      div.appendChild(el("p", {}, card.strategy));
      div.appendChild(el("small", {}, "source: " + card.source + (card.derived ? " · derived" : "")));
      cards.appendChild(div);
    });
    var list = view.querySelector(".suggestions");
    var textarea = view.querySelector("textarea");
    suggestions.suggestions.forEach(function (s) {
      var li = el("li", { class: "suggestion" });
      var pair = el("div", { class: "pair" });
      var buyer = el("div", { class: "buyer-text", lang: s.language }, s.text);
      if (s.language === "ar") buyer.setAttribute("dir", "rtl");
      pair.appendChild(buyer);
      pair.appendChild(el("div", { class: "agent-text", lang: s.agent_language }, s.agent_text));
      li.appendChild(pair);
      li.appendChild(el("div", { class: "strategy" }, "#" + s.rank + " · " + s.kind + " · " +
        (s.strategy.map(function (x) { return x.label + "/" + x.part; }).join(", ") || "neutral")));
      var use = el("button", { type: "button", class: "use" }, "Use this");
      use.addEventListener("click", function () { textarea.value = s.text; textarea.focus(); });
      li.appendChild(use);
      list.appendChild(li);
    });
    view.querySelector(".compose").addEventListener("submit", function (event) {
      event.preventDefault();
      var status = main.querySelector(".status");
      call("POST", "/conversations/" + encodeURIComponent(current) + "/send", { text: textarea.value, agent: agentName() })
        .then(function () { textarea.value = ""; lastStatus = "Sent."; status.textContent = lastStatus; refresh(true); })
        .catch(function (e) { lastStatus = "Not sent: " + e.message; status.textContent = lastStatus; });
    });
    main.appendChild(view);
    main.querySelector(".status").textContent = lastStatus;
  }

  function refresh(force) {
    if (!current) return Promise.resolve();
    var id = encodeURIComponent(current);
    return Promise.all([
      call("GET", "/conversations/" + id),
      call("GET", "/conversations/" + id + "/suggest?agent_language=" + encodeURIComponent(agentLanguage()))
    ]).then(function (results) {
      var signature = JSON.stringify([results[0].messages.length, results[0].session, agentLanguage()]);
      var typing = document.activeElement && document.activeElement.id === "reply";
      if (force === true || (signature !== lastSignature && !typing)) {
        lastSignature = signature;
        renderDetail(results[0], results[1]);
      }
    });
  }

  function open(sessionId) { current = sessionId; lastSignature = ""; lastStatus = ""; loadList(); refresh(true); }

  fetch("/webhooks/shop/ui").then(function (r) { return r.json(); }).then(function (data) {
    var select = document.getElementById("agent-language");
    data.languages.forEach(function (code) {
      select.appendChild(el("option", { value: code }, (data.strings[code] || {}).name || code));
    });
    select.addEventListener("change", function () { refresh(true); });
  });
  loadList();
  window.setInterval(function () { loadList(); refresh(false); }, POLL_MS);
})();
