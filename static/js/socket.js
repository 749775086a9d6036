// One Socket.IO connection (namespace /live) per page, shared by the header's bell and the live room.
// Two would cost the server twice, and socket.io-client 4.8 tells only the first of them when the browser
// goes offline (its shared "offline" listener skips the next socket while removing the one it closes):
// the other would learn of the lost network only at the ping timeout, some 45 seconds later.
(function () {
  "use strict";
  var socket = null;
  window.serambiSocket = function () {
    if (!socket && typeof io !== "undefined") {
      socket = io("/live");
      // The server closes a member's sockets when they lose access (signed out, banned, removed from a
      // private group); socket.io-client does not reconnect by itself then. Reconnecting joins the rooms
      // again, checked afresh.
      socket.on("disconnect", function (reason) {
        if (reason === "io server disconnect") { socket.connect(); }
      });
    }
    return socket;
  };
})();
