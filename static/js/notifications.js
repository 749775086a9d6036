// Keeps the unread count in the header current: the server pushes it to this member's room.
(function () {
  var badge = document.querySelector(".bell-count");
  if (!badge || typeof io === "undefined") { return; }
  var socket = io("/live");
  socket.on("connect", function () { badge.dataset.live = "connected"; });
  socket.on("disconnect", function () { delete badge.dataset.live; });
  socket.on("notification_count", function (data) {
    badge.textContent = String(data.unread);
    badge.dataset.unread = String(data.unread);
    badge.hidden = data.unread === 0;
  });
})();
