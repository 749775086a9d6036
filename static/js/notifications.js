// Keeps the unread count in the header current: the server pushes it to this member's room.
(function () {
  var badge = document.querySelector(".bell-count");
  if (!badge || !window.serambiSocket || !window.serambiSocket()) { return; }
  var socket = window.serambiSocket();  // shared with the live room (static/js/socket.js)
  function connected() { badge.dataset.live = "connected"; }
  socket.on("connect", connected);
  if (socket.connected) { connected(); }
  socket.on("disconnect", function () { delete badge.dataset.live; });
  socket.on("notification_count", function (data) {
    badge.textContent = data.unread > 99 ? "99+" : String(data.unread);  // counts stop at 100 (core/notifications.py)
    badge.dataset.unread = String(data.unread);
    badge.hidden = data.unread === 0;
  });
})();
