/*
 * 旷视隐私助手 website chat widget. Plain JavaScript, no build step.
 *
 * Embed: <script src="https://host/widget.js" data-server-url="https://rasa-host:5005"
 *          data-title="旷视隐私助手" data-lang="zh-CN" data-initial-payload="/greet" defer></script>
 *
 * Talks to Rasa's socket.io channel (session persistence on). Message text is only ever put into
 * the page with textContent / createTextNode; links are <a> elements built here.
 */
(function () {
  "use strict";

  var script = document.currentScript ||
    document.querySelector('script[src*="widget.js"][data-server-url]') ||
    document.querySelector('script[src*="widget.js"]');
  if (!script || window.__megviiPrivacyWidget) { return; }
  window.__megviiPrivacyWidget = true;

  var data = script.dataset || {};
  var config = {
    serverUrl: (data.serverUrl || window.location.origin).replace(/\/+$/, ""),
    socketPath: data.socketPath || "/socket.io",
    title: data.title,
    // The page's language (data-lang, else <html lang>, else the browser's) is the first guess; the
    // switch in the header changes it and asks the assistant to follow.
    lang: data.lang || document.documentElement.lang || navigator.language || "zh-CN",
    initialPayload: data.initialPayload === undefined ? "/greet" : data.initialPayload,
    maxChars: parseInt(data.maxChars || "2000", 10),
    policyUrl: data.policyUrl || "/#privacy"
  };
  var assetBase = new URL("widget/", script.src || window.location.href).href;
  var storeKey = "megvii-privacy-chat:v1:" + config.serverUrl;
  var HISTORY_LIMIT = 200;
  var TEXTS = {};
  TEXTS.zh = {
    title: "旷视隐私助手", switchTo: "English", switchLabel: "Switch to English", switchAsk: "please answer in English",
    clearShort: "清除", open: "打开隐私助手对话", close: "关闭对话", launcher: "隐私咨询", online: "在线 · 智能助手",
    agent: "人工客服已接入", agentStatus: "人工客服正在为您服务", offline: "网络已断开，正在重新连接…",
    waiting: "正在转接人工客服", waitingStatus: "请稍候，同事接入后会直接回复您",
    typing: "助手正在输入…", agentTyping: "客服正在输入…", input: "输入您的问题", placeholder: "请输入您的问题，按 Enter 发送",
    send: "发送", clear: "清除对话记录", clearConfirm: "清除本机保存的对话记录并开始新的对话？",
    you: "您", bot: "助手", log: "对话记录", replies: "快捷回复", tooLong: "消息过长，请精简后再发送。",
    notice: "对话仅用于答复您和办理您的申请，联系方式保存时会遮盖或加密，关闭浏览器后本机不留记录。",
    policy: "隐私政策"
  };
  TEXTS.en = {
    title: "Megvii Privacy Assistant", switchTo: "中文", switchLabel: "切换到中文", switchAsk: "说中文",
    clearShort: "Clear", open: "Open the privacy assistant chat", close: "Close the chat", launcher: "Privacy help",
    online: "Online · automated assistant", agent: "A colleague has joined", agentStatus: "A colleague is helping you",
    offline: "Connection lost, reconnecting…", waiting: "Putting you through to a colleague",
    waitingStatus: "Please wait; a colleague will answer you here", typing: "The assistant is typing…",
    agentTyping: "The colleague is typing…", input: "Your question", placeholder: "Type your question, Enter to send",
    send: "Send", clear: "Clear the chat history", clearConfirm: "Clear the chat saved on this device and start again?",
    you: "You", bot: "Assistant", log: "Chat history", replies: "Quick replies", tooLong: "That message is too long; please shorten it.",
    notice: "The chat is only used to answer you and handle your request; contact details are masked or encrypted when stored, and nothing stays on this device after you close the browser.",
    policy: "Privacy policy"
  };
  function languageOf(tag) { return /^en\b/i.test(tag || "") ? "en" : "zh"; }

  // ---- state kept in sessionStorage (a reload keeps it, closing the browser forgets it, codes and
  // addresses included): session id, history, open/closed, handoff
  function load() {
    try {
      var saved = JSON.parse(window.sessionStorage.getItem(storeKey) || "null");
      if (saved && Array.isArray(saved.history)) { return saved; }
    } catch (e) { /* storage blocked or corrupt: start fresh */ }
    return { sessionId: null, history: [], open: false, handoff: false };
  }
  var state = load();
  var language = state.language || languageOf(config.lang);
  var TEXT = TEXTS[language];
  function save() {
    state.history = state.history.slice(-HISTORY_LIMIT);
    try { window.sessionStorage.setItem(storeKey, JSON.stringify(state)); } catch (e) { /* private mode */ }
  }

  // ---- DOM helpers: message text only ever becomes text nodes, never parsed as HTML
  function el(tag, className, attrs) {
    var node = document.createElement(tag);
    if (className) { node.className = className; }
    Object.keys(attrs || {}).forEach(function (name) { node.setAttribute(name, attrs[name]); });
    return node;
  }
  var LINK = /(https?:\/\/[^\s<>"'，。、；：！？）)]+)|([A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,})/g;
  function appendLine(parent, line) {
    var last = 0;
    line.replace(LINK, function (match, url, mail, offset) {
      if (offset > last) { parent.appendChild(document.createTextNode(line.slice(last, offset))); }
      var a = el("a", "mpw-link", { rel: "noopener noreferrer" });
      a.href = url ? url : "mailto:" + mail;
      if (url) { a.target = "_blank"; }
      a.textContent = match;
      parent.appendChild(a);
      last = offset + match.length;
      return match;
    });
    if (last < line.length) { parent.appendChild(document.createTextNode(line.slice(last))); }
  }
  function renderText(parent, text) {
    String(text).split("\n").forEach(function (line, index) {
      if (index > 0) { parent.appendChild(document.createElement("br")); }
      appendLine(parent, line);
    });
  }
  function clock(ts) {
    var d = new Date(ts);
    return ("0" + d.getHours()).slice(-2) + ":" + ("0" + d.getMinutes()).slice(-2);
  }

  // ---- the widget
  document.head.appendChild(el("link", null, { rel: "stylesheet", href: assetBase + "widget.css" }));
  var root = el("div", "mpw-root", { lang: language === "en" ? "en" : "zh-CN" });
  var launcher = el("button", "mpw-launcher", { type: "button", "aria-expanded": "false",
    "aria-controls": "mpw-panel", "aria-label": TEXT.open });
  launcher.appendChild(el("span", "mpw-launcher-icon", { "aria-hidden": "true" })).textContent = "💬";
  launcher.appendChild(el("span", "mpw-launcher-text")).textContent = TEXT.launcher;
  var panel = el("section", "mpw-panel", { id: "mpw-panel", role: "dialog", "aria-labelledby": "mpw-title", hidden: "" });
  var header = el("header", "mpw-header");
  var heading = el("div", "mpw-heading");
  var title = el("h2", "mpw-title", { id: "mpw-title" });
  var status = el("p", "mpw-status", { "aria-live": "polite" });
  [title, status].forEach(function (n) { heading.appendChild(n); });
  var clearButton = el("button", "mpw-icon-button mpw-clear", { type: "button", "aria-label": TEXT.clear, title: TEXT.clear });
  clearButton.textContent = TEXT.clearShort;
  var languageButton = el("button", "mpw-icon-button mpw-clear mpw-language", { type: "button", lang: language === "en" ? "zh-CN" : "en" });
  var closeButton = el("button", "mpw-icon-button mpw-close", { type: "button", "aria-label": TEXT.close, title: TEXT.close });
  closeButton.textContent = "×";
  [heading, languageButton, clearButton, closeButton].forEach(function (n) { header.appendChild(n); });
  var banner = el("div", "mpw-banner", { role: "status", hidden: "" });
  banner.textContent = TEXT.offline;
  // One line on what happens to what people type, with the policy, shown before the first message.
  var notice = el("p", "mpw-privacy");
  var noticeText = notice.appendChild(document.createTextNode(""));
  var policyLink = notice.appendChild(el("a", "mpw-link", { href: config.policyUrl, target: "_blank", rel: "noopener noreferrer" }));

  var log = el("ol", "mpw-log", { role: "log", "aria-live": "polite", "aria-label": TEXT.log, tabindex: "0" });
  var typing = el("div", "mpw-typing", { role: "status", hidden: "" });
  typing.appendChild(el("span", "mpw-dots", { "aria-hidden": "true" })).textContent = "• • •";
  var typingLabel = typing.appendChild(el("span", "mpw-sr"));

  var form = el("form", "mpw-form");
  var label = el("label", "mpw-sr", { "for": "mpw-input" });

  var input = el("textarea", "mpw-input", { id: "mpw-input", rows: "1", placeholder: TEXT.placeholder,
    maxlength: String(config.maxChars), enterkeyhint: "send", autocomplete: "off" });
  var sendButton = el("button", "mpw-send", { type: "submit" });

  [label, input, sendButton].forEach(function (n) { form.appendChild(n); });
  [header, banner, notice, log, typing, form].forEach(function (n) { panel.appendChild(n); });
  [panel, launcher].forEach(function (n) { root.appendChild(n); });
  document.body.appendChild(root);

  // Every fixed label, in the language of the moment (called at start and after a switch).
  function relabel() {
    root.setAttribute("lang", language === "en" ? "en" : "zh-CN");
    launcher.setAttribute("aria-label", TEXT.open);
    launcher.querySelector(".mpw-launcher-text").textContent = TEXT.launcher;
    [[clearButton, TEXT.clear], [closeButton, TEXT.close], [languageButton, TEXT.switchLabel]].forEach(function (pair) {
      pair[0].setAttribute("aria-label", pair[1]);
      pair[0].setAttribute("title", pair[1]);
    });
    clearButton.textContent = TEXT.clearShort;
    languageButton.textContent = TEXT.switchTo;
    languageButton.setAttribute("lang", language === "en" ? "zh-CN" : "en");
    banner.textContent = TEXT.offline;
    noticeText.textContent = TEXT.notice + " ";
    policyLink.textContent = TEXT.policy;
    log.setAttribute("aria-label", TEXT.log);
    typingLabel.textContent = TEXT.typing;
    label.textContent = TEXT.input;
    input.setAttribute("placeholder", TEXT.placeholder);
    sendButton.textContent = TEXT.send;
  }
  relabel();

  // ---- handoff: "" (the assistant answers), "waiting" (for a colleague) or "agent" (a colleague answers).
  // The server says which through custom payloads (bot/handoff/signals.py); the text sent with each
  // already tells the person, so a change of state adds no message of its own.
  function handoffMode() { return state.handoff === true ? "agent" : (state.handoff || ""); }
  function showHandoff() {
    var mode = handoffMode();
    title.textContent = mode === "agent" ? (state.agent || TEXT.agent) : mode === "waiting" ? TEXT.waiting : config.title || TEXT.title;
    status.textContent = mode === "agent" ? TEXT.agentStatus : mode === "waiting" ? TEXT.waitingStatus : TEXT.online;
    typingLabel.textContent = mode === "agent" ? TEXT.agentTyping : TEXT.typing;
    root.classList.toggle("mpw-agent", mode === "agent");
    root.classList.toggle("mpw-waiting", mode === "waiting");
    // The assistant's quick replies mean nothing to a colleague: disabled while one is involved.
    Array.prototype.forEach.call(log.querySelectorAll(".mpw-reply"), function (button) {
      button.disabled = button.dataset.used === "1" || mode !== "";
    });
  }
  function onHandoffSignal(custom) {
    if (typeof custom.agent_typing === "boolean") {
      if (handoffMode() === "agent") { setTyping(custom.agent_typing, 8000); }
      return;
    }
    var next = { waiting: "waiting", agent_joined: "agent", agent_left: "", wait_notice: "" }[custom.handoff];
    if (next === undefined) { return; }
    state.handoff = next;
    state.agent = next === "agent" && typeof custom.agent === "string" ? custom.agent : null;
    setTyping(false);
    save();
    showHandoff();
  }

  function renderMessage(item) {
    var li = el("li", "mpw-msg mpw-" + item.from);
    if (item.from === "system") {
      li.appendChild(el("p", "mpw-note")).textContent = item.text;
      log.appendChild(li);
      return li;
    }
    if (item.by) { li.appendChild(el("span", "mpw-by", { "aria-hidden": "true" })).textContent = item.by; }
    li.appendChild(el("span", "mpw-sr")).textContent = (item.from === "user" ? TEXT.you : item.by || TEXT.bot) + (language === "en" ? ": " : "：");
    var bubble = li.appendChild(el("div", "mpw-bubble"));
    renderText(bubble, item.text || "");
    var time = li.appendChild(el("time", "mpw-time", { datetime: new Date(item.ts).toISOString() }));
    time.textContent = clock(item.ts);
    if (item.buttons && item.buttons.length) {
      var group = li.appendChild(el("div", "mpw-replies", { role: "group", "aria-label": TEXT.replies }));
      item.buttons.forEach(function (b) {
        var button = group.appendChild(el("button", "mpw-reply", { type: "button" }));
        button.textContent = b.title;
        button.dataset.used = item.used ? "1" : "";
        button.disabled = !!item.used || handoffMode() !== "";
        button.addEventListener("click", function () {
          item.used = true;
          save();
          Array.prototype.forEach.call(group.querySelectorAll("button"), function (x) {
            x.disabled = true;
            x.dataset.used = "1";
          });
          send(b.payload, b.title);
        });
      });
    }
    log.appendChild(li);
    return li;
  }
  function add(item) {
    state.history.push(item);
    save();
    renderMessage(item);
    log.scrollTop = log.scrollHeight;
  }

  // ---- socket: session persistence, reconnect, queue while offline
  var socket = null;
  var confirmed = false;
  var pending = [];
  var typingTimer = null;
  function setTyping(on, limitMs) {
    typing.hidden = !on;
    window.clearTimeout(typingTimer);
    if (on) { typingTimer = window.setTimeout(function () { typing.hidden = true; }, limitMs || 20000); }
  }
  // The first guess reaches the assistant as the `language` entity of the opening payload
  // (/greet{"language":"en"}), which fills the `language` slot before anyone has typed a word.
  function withLanguage(payload) {
    return /^\/\w+$/.test(payload) ? payload + JSON.stringify({ language: language }) : payload;
  }
  function emitMessage(message) {
    // `language`: the widget's guess, which the assistant uses until the person's own words tell it.
    socket.emit("user_uttered", { message: message, session_id: state.sessionId, metadata: { channel: "web", language: language } });
  }
  function flush() {
    while (confirmed && socket.connected && pending.length) { emitMessage(pending.shift()); }
  }
  function send(message, shown) {
    if (!message) { return; }
    if (shown !== null) { add({ from: "user", text: shown === undefined ? message : shown, ts: Date.now() }); }
    // Only the assistant answers every message; a colleague's typing is signalled by the console.
    if (handoffMode() === "") { setTyping(true); }
    pending.push(message);
    flush();
  }
  function onBotMessage(msg) {
    if (!msg || typeof msg !== "object") { return; }
    if (msg.custom && typeof msg.custom === "object") {
      onHandoffSignal(msg.custom);
      if (typeof msg.custom.text === "string") { add({ from: "bot", text: msg.custom.text, ts: Date.now() }); }
      return;
    }
    var text = typeof msg.text === "string" ? msg.text : "";
    if (!text && msg.attachment && msg.attachment.payload && msg.attachment.payload.src) {
      text = String(msg.attachment.payload.src);
    }
    var buttons = (msg.quick_replies || msg.buttons || []).filter(function (b) {
      return b && typeof b.title === "string" && typeof b.payload === "string";
    }).map(function (b) { return { title: b.title, payload: b.payload }; });
    if (!text && !buttons.length) { return; }
    setTyping(false);
    // While a colleague has the conversation, the assistant is paused: what arrives is theirs.
    var by = handoffMode() === "agent" ? state.agent || TEXT.agent : null;
    add({ from: "bot", text: text, buttons: buttons, ts: Date.now(), by: by });
  }
  function connect() {
    if (socket || typeof window.io !== "function") { return; }
    socket = window.io(config.serverUrl, {
      path: config.socketPath, transports: ["websocket", "polling"], tryAllTransports: true,
      reconnectionDelay: 500, reconnectionDelayMax: 5000
    });
    socket.on("connect", function () {
      confirmed = false;
      socket.emit("session_request", { session_id: state.sessionId });
    });
    socket.on("session_confirm", function (id) {
      var fresh = !state.sessionId || state.sessionId !== id;
      state.sessionId = typeof id === "string" ? id : (id && id.session_id) || state.sessionId;
      confirmed = true;
      banner.hidden = true;
      root.classList.remove("mpw-offline");
      save();
      if (fresh && !state.history.length && config.initialPayload) { send(withLanguage(config.initialPayload), null); }
      flush();
    });
    socket.on("bot_uttered", onBotMessage);
    socket.on("disconnect", function () {
      confirmed = false;
      banner.hidden = false;
      root.classList.add("mpw-offline");
    });
    socket.on("connect_error", function () { banner.hidden = false; root.classList.add("mpw-offline"); });
  }
  function loadClientThenConnect() {
    if (typeof window.io === "function") { connect(); return; }
    var s = el("script", null, { src: assetBase + "socket.io.min.js" });
    s.onload = connect;
    document.head.appendChild(s);
  }
  window.addEventListener("online", function () { if (socket && !socket.connected) { socket.connect(); } });

  // ---- opening, closing, keyboard
  function setOpen(open, focus) {
    state.open = open;
    save();
    panel.hidden = !open;
    launcher.setAttribute("aria-expanded", String(open));
    root.classList.toggle("mpw-open", open);
    if (open) {
      loadClientThenConnect();
      log.scrollTop = log.scrollHeight;
      if (focus) { input.focus(); }
    } else if (focus) {
      launcher.focus();
    }
  }
  launcher.addEventListener("click", function () { setOpen(panel.hidden, true); });
  closeButton.addEventListener("click", function () { setOpen(false, true); });
  panel.addEventListener("keydown", function (e) {
    if (e.key === "Escape") { e.preventDefault(); setOpen(false, true); }
  });
  clearButton.addEventListener("click", function () {
    if (!window.confirm(TEXT.clearConfirm)) { return; }
    state = { sessionId: null, history: [], open: true, handoff: false, language: state.language };
    save();
    while (log.firstChild) { log.removeChild(log.firstChild); }
    showHandoff();
    if (socket) { socket.disconnect(); socket.connect(); }
  });
  languageButton.addEventListener("click", function () {
    var ask = TEXT.switchAsk;
    language = language === "en" ? "zh" : "en";
    TEXT = TEXTS[language];
    state.language = language;
    save();
    relabel();
    showHandoff();
    send(ask);
  });
  var composing = false;
  input.addEventListener("compositionstart", function () { composing = true; });
  input.addEventListener("compositionend", function () { composing = false; });
  input.addEventListener("keydown", function (e) {
    if (e.key !== "Enter" || e.shiftKey) { return; }
    // Chinese IME: Enter confirms the candidate word, it must not send (Safari reports keyCode 229).
    if (e.isComposing || composing || e.keyCode === 229) { return; }
    e.preventDefault();
    form.requestSubmit ? form.requestSubmit() : form.dispatchEvent(new Event("submit", { cancelable: true }));
  });
  form.addEventListener("submit", function (e) {
    e.preventDefault();
    var text = input.value.trim();
    if (!text) { return; }
    if (text.length > config.maxChars) { add({ from: "system", text: TEXT.tooLong, ts: Date.now() }); return; }
    input.value = "";
    send(text);
  });

  showHandoff();
  state.history.forEach(renderMessage);
  if (state.open) { setOpen(true, false); }
  window.MegviiPrivacyWidget = { open: function () { setOpen(true, true); }, close: function () { setOpen(false, true); } };
}());
