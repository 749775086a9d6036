// Keeps the unread count in the header current: the server pushes it to this member's room over the page's
// one Socket.IO connection (static/js/socket.js). A page with live updates of its own loads Socket.IO at
// once; any other page loads it only when the page has loaded and the browser is idle, so that the first
// load of the page is the page alone (issue 17: some 47 KB and 4 requests less before it is shown).
(function () {
  "use strict";
  var badge = document.querySelector(".bell-count");
  var script = document.currentScript;
  if (!badge) { return; }

  function listen() {
    var socket = window.serambiSocket && window.serambiSocket();
    if (!socket) { return; }
    function connected() { badge.dataset.live = "connected"; }
    socket.on("connect", connected);
    if (socket.connected) { connected(); }
    socket.on("disconnect", function () { delete badge.dataset.live; });
    socket.on("notification_count", function (data) {
      badge.textContent = data.unread > 99 ? "99+" : String(data.unread);  // counts stop at 100 (core/notifications.py)
      badge.dataset.unread = String(data.unread);
      badge.hidden = data.unread === 0;
    });
  }

  function load(src) {
    return new Promise(function (resolve, reject) {
      var tag = document.createElement("script");
      tag.src = src;
      tag.onload = resolve;
      tag.onerror = reject;
      document.head.appendChild(tag);
    });
  }

  function loadLater() {
    load(script.dataset.socketio).then(function () { return load(script.dataset.socket); }).then(listen)
      .catch(function () { /* offline: the count is fresh again on the next page */ });
  }

  if (window.serambiSocket) { listen(); return; }
  window.addEventListener("load", function () {
    if (window.requestIdleCallback) { window.requestIdleCallback(loadLater, {timeout: 2000}); }
    else { window.setTimeout(loadLater, 500); }
  });
})();
