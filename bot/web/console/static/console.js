// Staff console: live inbox, new-conversation alerts, live conversation, typing signal, canned replies.
// Every text from the server is inserted with textContent, never as HTML.
"use strict";

function el(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined && text !== null) node.textContent = String(text);
  return node;
}

function waitedSeconds(fromIso, untilIso) {
  const until = untilIso ? Date.parse(untilIso) : Date.now();
  return Math.max(0, Math.floor((until - Date.parse(fromIso)) / 1000));
}

function waitedText(seconds) {
  const minutes = Math.floor(seconds / 60);
  return minutes ? `${minutes} 分 ${seconds % 60} 秒` : `${seconds} 秒`;
}

// ---- the inbox: rows, the "waited" clock, the overdue flag
function markOverdue(row, limit) {
  const seconds = waitedSeconds(row.dataset.requested, row.dataset.taken || null);
  const cell = row.querySelector(".waited");
  if (cell) cell.textContent = waitedText(seconds);
  const overdue = row.dataset.state === "waiting" && (row.dataset.notice === "1" || (limit > 0 && seconds >= limit));
  if (overdue && !row.classList.contains("overdue")) {
    row.classList.add("overdue");
    row.cells[0].append(" ", el("span", "badge overdue", "已超时"));
  }
}

function tickWaiting(table) {
  const limit = Number(table.dataset.waitLimit || 0);
  table.querySelectorAll("tbody tr[data-requested]").forEach((row) => markOverdue(row, limit));
}

function renderInbox(table, handoffs) {
  const body = table.querySelector("tbody");
  body.replaceChildren();
  if (!handoffs.length) {
    const row = el("tr", "empty");
    const cell = el("td", "", "目前没有等待人工的会话。");
    cell.colSpan = 8;
    row.append(cell);
    body.append(row);
    return;
  }
  for (const h of handoffs) {
    const row = el("tr", h.mine ? "mine" : "");
    row.dataset.id = h.id;
    row.dataset.state = h.state;
    row.dataset.requested = h.requested_at;
    row.dataset.taken = h.taken_at || "";
    row.dataset.notice = h.notice_sent ? "1" : "";
    const topic = el("td", "topic", h.topic_text);
    if (h.mine) topic.append(" ", el("span", "badge mine", "我的队列"));
    const preview = el("td", "preview");
    for (const line of h.preview) preview.append(el("div", "", line.text));
    const link = el("a", "", "查看");
    link.href = `/console/handoffs/${encodeURIComponent(h.id)}`;
    const linkCell = el("td");
    linkCell.append(link);
    row.append(
      el("td", "", h.state_text), topic, el("td", "", h.reason_text), el("td", "", h.channel_text),
      el("td", "waited", ""), el("td", "", h.agent || "—"), preview, linkCell,
    );
    body.append(row);
  }
  tickWaiting(table);
}

// ---- alerts: a sound and the tab title when a conversation starts waiting
const alerts = { known: null, unseen: 0, title: document.title, audio: null };

function beep() {
  const root = document.documentElement;
  try {
    alerts.audio = alerts.audio || new (window.AudioContext || window.webkitAudioContext)();
    const ctx = alerts.audio;
    const play = () => {
      const tone = ctx.createOscillator();
      const gain = ctx.createGain();
      tone.frequency.value = 880;
      gain.gain.setValueAtTime(0.2, ctx.currentTime);
      gain.gain.exponentialRampToValueAtTime(0.001, ctx.currentTime + 0.6);
      tone.connect(gain).connect(ctx.destination);
      tone.start();
      tone.stop(ctx.currentTime + 0.6);
      root.dataset.alertSound = ctx.state;  // "running" when it was heard; "suspended" before any click
    };
    ctx.state === "suspended" ? ctx.resume().finally(play) : play();
  } catch (error) {
    root.dataset.alertSound = "unavailable";
  }
}

function alertNewWaiting(handoffs) {
  const waiting = handoffs.filter((h) => h.state === "waiting").map((h) => h.id);
  if (alerts.known === null) {  // first snapshot: what was already there is not news
    alerts.known = new Set(waiting);
    return;
  }
  const fresh = waiting.filter((id) => !alerts.known.has(id));
  waiting.forEach((id) => alerts.known.add(id));
  if (!fresh.length) return;
  alerts.unseen += fresh.length;
  document.title = `（${alerts.unseen}）新的人工会话 · ${alerts.title}`;
  const root = document.documentElement;
  root.dataset.handoffAlerts = String(Number(root.dataset.handoffAlerts || 0) + fresh.length);
  beep();
}

function clearAlerts() {
  if (!alerts.unseen) return;
  alerts.unseen = 0;
  document.title = alerts.title;
}

function liveState(text) {
  const badge = document.getElementById("live-state");
  if (badge) badge.textContent = text;
}

// ---- one conversation
const ROLE_TEXT = { user: "用户", assistant: "助手", agent: "客服" };

function appendLine(list, line) {
  if (list.querySelector(`li[data-index="${Number(line.index)}"]`)) return;
  list.querySelector("li.empty")?.remove();
  const item = el("li", `line ${line.role}`);
  item.dataset.index = String(line.index);
  item.append(el("span", "role", ROLE_TEXT[line.role] || line.role), " ",
    el("time", "", line.at_text), " ", el("span", "text", line.text));
  list.append(item);
  item.scrollIntoView({ block: "nearest" });
}

// The person sees "客服正在输入…" while the agent types: on at the first key, off after 3 s without one.
function typingSignal(form, textarea) {
  const csrf = form.querySelector("input[name=csrf]").value;
  let on = false;
  let lastSent = 0;
  let idle = null;
  const send = (typing) => {
    const body = new FormData();
    body.append("csrf", csrf);
    body.append("typing", typing ? "1" : "0");
    fetch(form.dataset.typing, { method: "POST", body, credentials: "same-origin", keepalive: true })
      .catch(() => {});
  };
  const stop = () => { if (on) { on = false; send(false); } };
  textarea.addEventListener("input", () => {
    window.clearTimeout(idle);
    if (!textarea.value.trim()) { stop(); return; }
    if (!on || Date.now() - lastSent > 4000) { on = true; lastSent = Date.now(); send(true); }
    idle = window.setTimeout(stop, 3000);
  });
  textarea.addEventListener("blur", stop);
  form.addEventListener("submit", () => { window.clearTimeout(idle); on = false; });
}

function insertAtCursor(textarea, text) {
  const start = textarea.selectionStart ?? textarea.value.length;
  const end = textarea.selectionEnd ?? textarea.value.length;
  textarea.value = textarea.value.slice(0, start) + text + textarea.value.slice(end);
  textarea.selectionStart = textarea.selectionEnd = start + text.length;
  textarea.focus();
  textarea.dispatchEvent(new Event("input"));
}

document.addEventListener("DOMContentLoaded", () => {
  const inbox = document.getElementById("inbox");
  const alertStream = inbox ? inbox.dataset.stream : document.body.dataset.alerts;
  if (alertStream && window.EventSource) {
    if (inbox) {
      alerts.known = new Set(Array.from(inbox.querySelectorAll("tbody tr[data-state=waiting]"), (r) => r.dataset.id));
    }
    const source = new EventSource(alertStream);
    source.addEventListener("inbox", (event) => {
      const handoffs = JSON.parse(event.data);
      if (inbox) { renderInbox(inbox, handoffs); liveState("实时"); }
      alertNewWaiting(handoffs);
    });
    source.addEventListener("error", () => liveState("重新连接中…"));
    ["focus", "pointerdown", "keydown"].forEach((name) => window.addEventListener(name, clearAlerts));
    if (inbox) { tickWaiting(inbox); setInterval(() => tickWaiting(inbox), 1000); }
  }
  const conversation = document.getElementById("conversation");
  if (conversation && window.EventSource) {
    const list = document.getElementById("transcript");
    const source = new EventSource(conversation.dataset.stream);
    source.addEventListener("line", (event) => appendLine(list, JSON.parse(event.data)));
    // Someone took or ended the conversation: reload so the right forms show.
    source.addEventListener("state", () => window.location.reload());
  }
  const form = document.getElementById("reply-form");
  const replyText = document.getElementById("reply-text");
  if (form && replyText) {
    typingSignal(form, replyText);
    form.querySelectorAll("button.canned-reply").forEach((button) => {
      button.addEventListener("click", () => insertAtCursor(replyText, button.dataset.text || ""));
    });
  }
});
