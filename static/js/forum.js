// A link to a post (#p123) that is not on this page goes to the page that has it.
(function () {
  var match = /^#p(\d+)$/.exec(window.location.hash);
  if (match && !document.getElementById("p" + match[1])) {
    window.location.replace("/forum/p/" + match[1]);
  }
})();

// After "Quote" (…?quote=N#body) the browser focuses the reply box; put the cursor after the quote.
(function () {
  var reply = document.getElementById("body");
  if (reply && /[?&]quote=\d+/.test(window.location.search)) {
    reply.setSelectionRange(reply.value.length, reply.value.length);
    reply.focus();
  }
})();
