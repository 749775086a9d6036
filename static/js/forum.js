// A link to a post (#p123) that is not on this page goes to the page that has it.
(function () {
  var match = /^#p(\d+)$/.exec(window.location.hash);
  if (match && !document.getElementById("p" + match[1])) {
    window.location.replace("/forum/p/" + match[1]);
  }
})();
