// Staff console: live inbox and live conversation over server-sent events.
// Every text from the server is inserted with textContent, never as HTML.
"use strict";

function el(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined && text !== null) node.textContent = String(text);
  return node;
}

function waitedText(fromIso, untilIso) {
  const until = untilIso ? Date.parse(untilIso) : Date.now();
  const seconds = Math.max(0, Math.floor((until - Date.parse(fromIso)) / 1000));
  const minutes = Math.floor(seconds / 60);
  return minutes ? `${minutes} 分 ${seconds % 60} 秒` : `${seconds} 秒`;
}

function tickWaiting() {
  document.querySelectorAll("#inbox tbody tr[data-requested]").forEach((row) => {
    const cell = row.querySelector(".waited");
    if (cell) cell.textContent = waitedText(row.dataset.requested, row.dataset.taken || null);
  });
}

function renderInbox(table, handoffs) {
  const body = table.querySelector("tbody");
  body.replaceChildren();
  if (!handoffs.length) {
    const row = el("tr", "empty");
    const cell = el("td", "", "目前没有等待人工的会话。");
    cell.colSpan = 7;
    row.append(cell);
    body.append(row);
    return;
  }
  for (const h of handoffs) {
    const row = el("tr");
    row.dataset.id = h.id;
    row.dataset.requested = h.requested_at;
    row.dataset.taken = h.taken_at || "";
    const preview = el("td", "preview");
    for (const line of h.preview) preview.append(el("div", "", line.text));
    const link = el("a", "", "查看");
    link.href = `/console/handoffs/${encodeURIComponent(h.id)}`;
    const linkCell = el("td");
    linkCell.append(link);
    row.append(
      el("td", "", h.state_text), el("td", "", h.reason_text), el("td", "", h.channel_text),
      el("td", "waited", waitedText(h.requested_at, h.taken_at)), el("td", "", h.agent || "—"),
      preview, linkCell,
    );
    body.append(row);
  }
}

const ROLE_TEXT = { user: "用户", assistant: "助手", agent: "客服" };

function appendLine(list, line) {
  if (list.querySelector(`li[data-index="${Number(line.index)}"]`)) return;
  list.querySelector("li.empty")?.remove();
  const item = el("li", `line ${line.role}`);
  item.dataset.index = String(line.index);
  item.append(el("span", "role", ROLE_TEXT[line.role] || line.role), " ",
    el("time", "", new Date(line.at).toLocaleString("zh-CN", { hour12: false })), " ", el("span", "text", line.text));
  list.append(item);
  item.scrollIntoView({ block: "nearest" });
}

function liveState(text) {
  const badge = document.getElementById("live-state");
  if (badge) badge.textContent = text;
}

document.addEventListener("DOMContentLoaded", () => {
  const inbox = document.getElementById("inbox");
  if (inbox && window.EventSource) {
    const source = new EventSource(inbox.dataset.stream);
    source.addEventListener("inbox", (event) => { renderInbox(inbox, JSON.parse(event.data)); liveState("实时"); });
    source.addEventListener("error", () => liveState("重新连接中…"));
    setInterval(tickWaiting, 1000);
  }
  const conversation = document.getElementById("conversation");
  if (conversation && window.EventSource) {
    const list = document.getElementById("transcript");
    const source = new EventSource(conversation.dataset.stream);
    source.addEventListener("line", (event) => appendLine(list, JSON.parse(event.data)));
    // Someone took or ended the conversation: reload so the right forms show.
    source.addEventListener("state", () => window.location.reload());
  }
  const canned = document.getElementById("canned");
  const replyText = document.getElementById("reply-text");
  if (canned && replyText) {
    canned.addEventListener("change", () => {
      const option = canned.selectedOptions[0];
      if (option && option.dataset.text) replyText.value = option.dataset.text;
    });
  }
});
