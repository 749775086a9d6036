// One Socket.IO connection (namespace /live) per page, shared by the header's bell and the live room.
// Two would cost the server twice, and socket.io-client 4.8 tells only the first of them when the browser
// goes offline (its shared "offline" listener skips the next socket while removing the one it closes):
// the other would learn of the lost network only at the ping timeout, some 45 seconds later.
(function () {
  "use strict";
  var socket = null;
  window.serambiSocket = function () {
    if (!socket && typeof io !== "undefined") { socket = io("/live"); }
    return socket;
  };
})();
