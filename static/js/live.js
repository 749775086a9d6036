// The live room of an event (/events/<id>/live): chat, questions, polls and host controls over Socket.IO.
// Every event goes through the server's acknowledgement; on reconnecting the page joins again and asks
// for what it missed (`resume` after the last message it has), so nothing is lost or shown twice.
// Payloads are documented in docs/realtime.md. Message and question HTML comes sanitised from the server.
(function () {
  "use strict";
  var root = document.getElementById("live-room");
  if (!root || !window.serambiSocket || !window.serambiSocket()) { return; }
  var T = JSON.parse(document.getElementById("live-strings").textContent);
  var eventId = Number(root.dataset.eventId);
  var me = root.dataset.username;
  var $ = function (id) { return document.getElementById(id); };
  var log = $("live-log");
  var scroller = $("live-scroll");
  var state = { room: {}, you: {}, questions: new Map(), myVotes: new Set(), polls: new Map(), myPollVotes: {},
                sort: "votes", waitUntil: 0, pendingClientId: null, held: false };
  var socket = window.serambiSocket();  // shared with the header's bell (static/js/socket.js)

  function fill(text, n) { return text.replace("{n}", String(n)); }
  function counted(key, n) { return fill(T[key + (n === 1 ? "_one" : "_many")], n); }
  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) { node.className = className; }
    if (text !== undefined) { node.textContent = text; }
    return node;
  }
  function button(text, action, id, className, name) {
    var node = el("button", "button button-small " + (className || "button-secondary"), text);
    node.type = "button";
    if (name) { node.setAttribute("aria-label", name); }  // the visible word is part of it (WCAG 2.5.3)
    node.dataset.action = action;
    if (id !== undefined) { node.dataset.id = String(id); }
    return node;
  }
  function show(node, text) { node.textContent = text || ""; node.hidden = !text; }
  function call(name, payload) {
    return new Promise(function (resolve) {
      socket.timeout(10000).emit(name, Object.assign({ event_id: eventId }, payload || {}), function (err, answer) {
        resolve(err ? { ok: false, error: T.no_connection } : answer);
      });
    });
  }
  function newClientId() {
    return window.crypto && crypto.randomUUID ? crypto.randomUUID()
      : Date.now().toString(36) + Math.random().toString(36).slice(2);
  }
  function clock(iso) {
    try {
      return new Date(iso).toLocaleTimeString(document.documentElement.lang,
        { hour: "2-digit", minute: "2-digit", timeZone: root.dataset.timezone });
    } catch (e) { return ""; }
  }

  // -- chat ----------------------------------------------------------------------------------------------
  function lastId() {
    var last = log.lastElementChild;
    return last ? Number(last.dataset.id) : 0;
  }
  function messageTools(li) {
    if (!state.you.host || li.querySelector(".chat-tools")) { return; }
    var tools = el("div", "chat-tools");
    tools.append(button(T["delete"], "delete", li.dataset.id, "button-danger"));
    if (li.dataset.author !== me) { tools.append(button(T.mute, "mute", li.dataset.author)); }
    li.append(tools);
  }
  function buildMessage(message) {
    var li = el("li", "chat-message");
    li.dataset.id = String(message.id);
    li.dataset.author = message.author.username;
    var meta = el("p", "chat-meta");
    var time = el("time", "", clock(message.created_at));
    time.dateTime = message.created_at;
    meta.append(el("span", "chat-author", message.author.display_name), " ", time);
    var body = el("div", "chat-body");
    body.innerHTML = message.html;  // sanitised by the server (core/markdown.py)
    li.append(meta, body);
    messageTools(li);
    return li;
  }
  function addMessage(message) {
    if (log.querySelector('[data-id="' + message.id + '"]')) { return; }
    var nearBottom = scroller.scrollHeight - scroller.scrollTop - scroller.clientHeight < 80;
    var li = buildMessage(message);
    var before = log.lastElementChild;
    while (before && Number(before.dataset.id) > message.id) { before = before.previousElementSibling; }
    if (before) { before.after(li); } else { log.prepend(li); }
    $("live-empty").hidden = true;
    if (nearBottom || message.author.username === me) { scroller.scrollTop = scroller.scrollHeight; }
  }
  function showHistory(history) {
    // Messages shown before but missing from the history (deleted meanwhile) go. Newer ones stay: they
    // arrived live between the server reading the history and the page receiving it.
    var oldest = history.length ? history[0].id : Infinity;
    var newest = history.length ? history[history.length - 1].id : 0;
    var kept = new Set(history.map(function (m) { return m.id; }));
    Array.prototype.slice.call(log.children).forEach(function (li) {
      var id = Number(li.dataset.id);
      if (id >= oldest && id <= newest && !kept.has(id)) { li.remove(); }
    });
    history.forEach(addMessage);
    scroller.scrollTop = scroller.scrollHeight;
  }
  function removeMessage(id) {
    var li = log.querySelector('[data-id="' + id + '"]');
    if (li) { li.remove(); }
    $("live-empty").hidden = log.children.length > 0;
  }

  // -- who may send, and the room's state ----------------------------------------------------------------
  function blocked() {
    if (!state.you.signed_in) { return T.sign_in; }
    if (state.room.ended) { return T.ended; }
    if (state.you.read_only) { return state.you.read_only; }
    if (state.you.host) { return null; }
    if (state.you.muted) { return T.muted; }
    if (state.room.paused) { return T.paused; }
    return null;
  }
  function refreshSending() {
    var reason = blocked();
    var waiting = Math.ceil((state.waitUntil - Date.now()) / 1000);
    var notes = [];
    if (reason) { notes.push(reason); }
    if (!reason && state.room.slow_mode && !state.you.host) {
      notes.push(fill(T.slow_mode, state.room.slow_mode));
      if (waiting > 0) { notes.push(fill(T.wait, waiting)); }
    }
    show($("live-status"), notes.join(" "));
    var form = $("live-form");
    if (form) {
      form.elements.body.disabled = Boolean(reason);
      form.elements.body.readOnly = state.held;
      form.querySelector("button[type=submit]").disabled = Boolean(reason) || waiting > 0 || state.held;
      show($("live-held"), state.held ? T.held : "");
    }
    var questionForm = $("question-form");
    if (questionForm) { questionForm.querySelector("button[type=submit]").disabled = Boolean(reason); }
    if (waiting > 0) { window.setTimeout(refreshSending, 1000); }
  }
  function applyRoom(room) {
    state.room = room;
    var badge = $("live-badge");
    if (room.ended) { badge.textContent = T.ended_badge; badge.classList.remove("badge-live"); }
    $("questions-approval").hidden = !room.approve_questions;
    var pause = $("host-pause");
    if (pause) {
      pause.setAttribute("aria-pressed", String(room.paused));
      pause.textContent = room.paused ? T.unpause : T.pause;
      $("host-slow").value = String(room.slow_mode);
      $("host-approval").checked = room.approve_questions;
      $("host-end").disabled = room.ended;
    }
    refreshSending();
  }
  function showMuted(members) {
    var list = $("host-muted");
    if (!list) { return; }
    list.replaceChildren.apply(list, members.map(function (member) {
      var li = el("li", "", member.display_name + " (@" + member.username + ") ");
      li.append(button(T.unmute, "unmute", member.username));
      return li;
    }));
    $("host-muted-empty").hidden = members.length > 0;
  }

  // -- questions -----------------------------------------------------------------------------------------
  function buildQuestion(q) {
    var li = el("li", "question");
    li.classList.toggle("is-highlighted", q.highlighted);
    li.classList.toggle("is-answered", q.answered);
    li.classList.toggle("is-pending", !q.approved);
    li.dataset.id = String(q.id);
    var votes = el("div", "question-votes");
    votes.append(el("span", "vote-count", String(q.votes)), el("span", "visually-hidden", " " + counted("votes", q.votes)));
    var main = el("div", "question-main");
    var text = el("p", "question-text");
    text.innerHTML = q.html;  // sanitised by the server
    var meta = el("p", "question-meta muted small", q.author.display_name);
    if (q.highlighted) { meta.append(" ", el("span", "badge badge-live", T.now)); }
    if (q.answered) { meta.append(" ", el("span", "badge", T.answered)); }
    if (!q.approved) { meta.append(" ", el("span", "badge badge-pending", T.pending)); }
    var tools = el("div", "question-tools");
    if (state.you.signed_in && q.approved && q.author.username !== me) {
      var voted = state.myVotes.has(q.id);
      var up = button(voted ? T.voted : T.upvote, "upvote", q.id);
      up.disabled = voted;
      up.setAttribute("aria-pressed", String(voted));
      tools.append(up);
    }
    if (state.you.host) {
      if (!q.approved) { tools.append(button(T.approve, "approve", q.id)); }
      if (q.approved && !q.answered) {
        tools.append(q.highlighted ? button(T.unhighlight_short, "unhighlight", q.id, null, T.unhighlight)
          : button(T.highlight_short, "highlight", q.id, null, T.highlight));
        tools.append(button(T.answered, "answer", q.id, null, T.mark_answered));
      }
      tools.append(button(T.reject_short, "reject", q.id, "button-danger", T.reject));
    }
    main.append(text, meta, tools);
    li.append(votes, main);
    return li;
  }
  function renderQuestions() {
    var list = $("question-list");
    var focused = document.activeElement && list.contains(document.activeElement)
      ? [document.activeElement.dataset.action, document.activeElement.dataset.id] : null;
    var questions = Array.from(state.questions.values()).sort(function (a, b) {
      if (a.highlighted !== b.highlighted) { return a.highlighted ? -1 : 1; }
      return state.sort === "votes" ? (b.votes - a.votes || a.id - b.id) : b.id - a.id;
    });
    list.replaceChildren.apply(list, questions.map(buildQuestion));
    $("questions-empty").hidden = questions.length > 0;
    if (focused) {  // keyboard users keep their place when the list is drawn again
      var again = list.querySelector('button[data-action="' + focused[0] + '"][data-id="' + focused[1] + '"]') ||
        list.querySelector('button[data-id="' + focused[1] + '"]') || $("questions-heading");
      again.focus();  // the heading when the question itself went (removed by a host)
    }
  }
  function putQuestion(q) { state.questions.set(q.id, q); renderQuestions(); }
  function dropQuestion(data) {
    if (data.event_id === eventId && state.questions.delete(data.id)) { renderQuestions(); }
  }

  // -- polls ---------------------------------------------------------------------------------------------
  function buildPoll(poll) {
    var box = el("div", "poll");
    box.dataset.pollId = String(poll.id);
    var mine = state.myPollVotes[poll.id];
    var mayVote = state.you.signed_in && !poll.closed && mine === undefined && !state.you.read_only;
    box.append(el("h3", "poll-question", poll.question));
    var options = el("ul", "poll-options");
    poll.options.forEach(function (option) {
      var li = el("li", "poll-option");
      li.dataset.optionId = String(option.id);
      var label = el("span", "poll-label", option.label);
      if (mine === option.id) { label.append(" ", el("span", "badge", T.your_vote)); }
      var bar = el("progress");
      bar.max = poll.total || 1;
      bar.value = option.votes;
      bar.setAttribute("aria-hidden", "true");
      li.append(label, bar, el("span", "poll-count", counted("votes", option.votes)));
      if (mayVote) {
        var vote = button(T.vote, "vote", option.id);
        vote.dataset.poll = String(poll.id);
        vote.setAttribute("aria-label", T.vote_for.replace("{x}", option.label));
        li.append(vote);
      }
      options.append(li);
    });
    var total = el("p", "muted small poll-total", counted("total", poll.total) + (poll.closed ? " · " + T.closed : ""));
    box.append(options, total);
    if (state.you.host && !poll.closed) { box.append(button(T.close_poll, "close-poll", poll.id)); }
    return box;
  }
  function renderPolls() {
    var area = $("poll-area");
    var polls = Array.from(state.polls.values()).sort(function (a, b) { return b.id - a.id; });
    area.replaceChildren.apply(area, polls.map(buildPoll));
    $("polls-empty").hidden = polls.length > 0;
    $("polls").hidden = polls.length === 0 && !state.you.host;
  }
  function putPoll(poll) { state.polls.set(poll.id, poll); renderPolls(); }

  // -- joining, and coming back after a lost connection ---------------------------------------------------
  function joined(answer) {
    state.you = answer.you;
    Array.prototype.forEach.call(log.children, messageTools);
    var resumeAfter = lastId();
    showHistory(answer.history);
    if (resumeAfter) {
      call("resume", { after_id: resumeAfter }).then(function (missed) {
        if (missed.ok) { missed.messages.forEach(addMessage); }
      });
    }
    $("live-online").textContent = fill(T.online, answer.online);
    state.questions = new Map(answer.questions.map(function (q) { return [q.id, q]; }));
    state.myVotes = new Set(answer.my_votes);
    state.polls = new Map(answer.polls.map(function (p) { return [p.id, p]; }));
    state.myPollVotes = {};
    Object.keys(answer.my_poll_votes).forEach(function (id) { state.myPollVotes[Number(id)] = answer.my_poll_votes[id]; });
    applyRoom(answer.room);
    showMuted(answer.muted_members || []);
    renderQuestions();
    renderPolls();
  }
  function connected() {
    root.dataset.live = "connected";
    $("live-connection").textContent = "";
    call("join").then(function (answer) {
      if (answer.ok) { joined(answer); } else { show($("live-status"), answer.error); }
    });
  }
  function whenConnected() {  // after the room's own "connect" handler, so `join` goes first
    return new Promise(function (resolve) {
      if (socket.connected) { resolve(); } else { socket.once("connect", resolve); }
    });
  }
  socket.on("connect", connected);
  if (socket.connected) { connected(); }  // the bell's script may have opened the shared socket already
  socket.on("disconnect", function () {
    root.dataset.live = "reconnecting";
    $("live-connection").textContent = T.reconnecting;
  });
  socket.on("chat", function (message) { if (message.event_id === eventId) { addMessage(message); } });
  // The room's messages of the last minute, told every few seconds: one this page lacks was broadcast while
  // it could not hear (a server process died, Redis was away), so it asks for what it missed.
  socket.on("chat_recent", function (data) {
    if (data.event_id !== eventId) { return; }
    var oldest = log.firstElementChild ? Number(log.firstElementChild.dataset.id) : 0;
    var missing = data.ids.filter(function (id) {
      return id > oldest && !log.querySelector('[data-id="' + id + '"]');
    });
    if (!missing.length) { return; }
    call("resume", { after_id: Math.min.apply(null, missing) - 1 }).then(function (missed) {
      if (missed.ok) { missed.messages.forEach(addMessage); }
    });
  });
  socket.on("chat_deleted", function (data) { removeMessage(data.id); });
  socket.on("presence", function (data) { $("live-online").textContent = fill(T.online, data.online); });
  socket.on("room_state", applyRoom);
  socket.on("muted", function (data) {
    if (data.event_id === eventId) { state.you.muted = data.muted; refreshSending(); }
  });
  socket.on("mutes", function (data) { showMuted(data.members); });
  socket.on("question", function (q) { if (q.event_id === eventId) { putQuestion(q); } });
  socket.on("question_updated", function (q) { if (q.event_id === eventId) { putQuestion(q); } });
  socket.on("question_removed", dropQuestion);
  socket.on("poll", function (poll) { if (poll.event_id === eventId) { putPoll(poll); } });
  socket.on("poll_updated", function (poll) { if (poll.event_id === eventId) { putPoll(poll); } });

  // -- sending -------------------------------------------------------------------------------------------
  var form = $("live-form");
  if (form) {
    form.elements.body.addEventListener("keydown", function (e) {
      if (e.key === "Enter" && !e.shiftKey && !e.isComposing) { e.preventDefault(); form.requestSubmit(); }
    });
    form.elements.body.addEventListener("input", function () { state.pendingClientId = null; });
    form.addEventListener("submit", function (e) {
      e.preventDefault();
      var body = form.elements.body.value;
      if (!body.trim() || state.held) { return; }
      // The same client_id until the server answers: pressing Send again after a lost answer stores nothing twice.
      var clientId = state.pendingClientId = state.pendingClientId || newClientId();
      // Sent while the connection is down, the message waits for it (read-only meanwhile, and said so): the
      // answer's time limit starts only once it is really on its way.
      state.held = !socket.connected;
      refreshSending();
      whenConnected().then(function () {
        state.held = false;
        refreshSending();
        return call("chat", { body: body, client_id: clientId });
      }).then(function (answer) {
        // The answer may come after the member has typed (or sent) the next message: it must touch only its own.
        var stillThisOne = state.pendingClientId === clientId;
        if (stillThisOne && (answer.ok || answer.error !== T.no_connection)) { state.pendingClientId = null; }
        show($("live-error"), answer.ok ? "" : answer.error);
        if (answer.ok) {
          if (form.elements.body.value === body) { form.elements.body.value = ""; }
          if (state.room.slow_mode && !state.you.host) { state.waitUntil = Date.now() + state.room.slow_mode * 1000; }
          refreshSending();
        }
      });
    });
  }
  var questionForm = $("question-form");
  if (questionForm) {
    questionForm.addEventListener("submit", function (e) {
      e.preventDefault();
      call("ask", { body: questionForm.elements.body.value }).then(function (answer) {
        show($("question-error"), answer.ok ? "" : answer.error);
        if (answer.ok) { questionForm.elements.body.value = ""; putQuestion(answer.question); }
      });
    });
  }
  root.querySelectorAll("[data-sort]").forEach(function (sortButton) {
    sortButton.addEventListener("click", function () {
      state.sort = sortButton.dataset.sort;
      root.querySelectorAll("[data-sort]").forEach(function (other) {
        other.setAttribute("aria-pressed", String(other === sortButton));
      });
      renderQuestions();
    });
  });

  // -- buttons in messages, questions, polls and the host panel -------------------------------------------
  function reportTo(errorId) {
    return function (answer) { if (!answer.ok) { show($(errorId) || $("live-error"), answer.error); } return answer; };
  }
  var clicks = {
    "delete": function (id) {
      if (window.confirm(T.confirm_delete)) { call("delete", { message_id: Number(id) }).then(reportTo("host-error")); }
    },
    mute: function (username) { call("mute", { username: username }).then(reportTo("host-error")); },
    unmute: function (username) { call("unmute", { username: username }).then(reportTo("host-error")); },
    upvote: function (id) {
      call("upvote", { question_id: Number(id) }).then(reportTo("question-error")).then(function (answer) {
        if (answer.ok) { state.myVotes.add(Number(id)); putQuestion(answer.question); }
      });
    },
    approve: function (id) { call("approve", { question_id: Number(id) }).then(reportTo("host-error")); },
    highlight: function (id) { call("highlight", { question_id: Number(id) }).then(reportTo("host-error")); },
    unhighlight: function () { call("highlight", { question_id: null }).then(reportTo("host-error")); },
    answer: function (id) { call("answer", { question_id: Number(id) }).then(reportTo("host-error")); },
    reject: function (id) {
      call("question_reject", { question_id: Number(id) }).then(reportTo("host-error")).then(function (answer) {
        if (answer.ok) { dropQuestion({ event_id: eventId, id: Number(id) }); }
      });
    },
    vote: function (optionId, node) {
      var pollId = Number(node.dataset.poll);
      call("poll_vote", { poll_id: pollId, option_id: Number(optionId) }).then(reportTo("host-error")).then(function (answer) {
        if (answer.ok) { state.myPollVotes[pollId] = Number(optionId); putPoll(answer.poll); }
      });
    },
    "close-poll": function (id) { call("poll_close", { poll_id: Number(id) }).then(reportTo("host-error")); }
  };
  root.addEventListener("click", function (e) {
    var target = e.target.closest("button[data-action]");
    if (target && clicks[target.dataset.action]) { clicks[target.dataset.action](target.dataset.id, target); }
  });

  if ($("host-pause")) {
    $("host-pause").addEventListener("click", function () {
      call("pause", { paused: !state.room.paused }).then(reportTo("host-error"));
    });
    $("host-slow").addEventListener("change", function () {
      call("slow_mode", { seconds: Number($("host-slow").value) }).then(reportTo("host-error"));
    });
    $("host-approval").addEventListener("change", function () {
      call("question_approval", { on: $("host-approval").checked }).then(reportTo("host-error"));
    });
    $("host-end").addEventListener("click", function () {
      if (window.confirm(T.confirm_end)) { call("end").then(reportTo("host-error")); }
    });
    var pollForm = $("poll-form");
    pollForm.addEventListener("submit", function (e) {
      e.preventDefault();
      var options = Array.prototype.map.call(pollForm.querySelectorAll(".poll-option-input"), function (input) {
        return input.value;
      }).filter(function (value) { return value.trim(); });
      call("poll_open", { question: $("poll-question").value, options: options }).then(reportTo("host-error"))
        .then(function (answer) {
          if (answer.ok) { pollForm.reset(); show($("host-error"), ""); putPoll(answer.poll); }
        });
    });
  }
})();
