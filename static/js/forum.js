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

// "React" under a post opens the six reactions in place, from the page it links to (without JavaScript the
// link opens that page); the thread page does not carry them for every post.
document.addEventListener("click", function (event) {
  var link = event.target.closest && event.target.closest("a.react-open");
  if (!link || event.ctrlKey || event.metaKey || event.shiftKey) {
    return;
  }
  event.preventDefault();
  fetch(link.href, { credentials: "same-origin" })
    .then(function (response) { return response.ok ? response.text() : Promise.reject(); })
    .then(function (html) {
      var form = new DOMParser().parseFromString(html, "text/html").querySelector("form.reactions");
      if (!form) {
        return Promise.reject();
      }
      link.closest(".post-actions").before(form);
      link.remove();
      form.querySelector("button").focus();
    })
    .catch(function () { window.location.href = link.href; });
});
