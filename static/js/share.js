// The share bars (templates/sharing/_share.html) work as plain links; this adds, where the browser can,
// the phone's own share sheet (first, instead of the "Share…" menu) and "Copy link" in that menu. Both report the click to the server, which
// counts it per channel (POST /share/<type>/<id>/<channel>).
(function () {
  "use strict";

  function report(url) {
    if (navigator.sendBeacon && navigator.sendBeacon(url)) { return; }
    fetch(url, {method: "POST", credentials: "same-origin", keepalive: true}).catch(function () {});
  }

  document.querySelectorAll(".share-bar").forEach(function (bar) {
    var status = bar.querySelector(".share-status");
    var native = bar.querySelector("[data-share-native]");
    var copy = bar.querySelector("[data-share-copy]");

    if (native && navigator.share) {
      native.hidden = false;
      bar.classList.add("share-sheet-first");  // the sheet stands for the other channels (serambi.css)
      native.querySelector("button").addEventListener("click", function () {
        navigator.share({title: bar.dataset.shareTitle, text: bar.dataset.shareText, url: native.dataset.shareUrl})
          .then(function () { report(native.dataset.shareReport); })
          .catch(function () { /* closed without sharing: nothing to count */ });
      });
    }
    if (copy && navigator.clipboard && window.isSecureContext) {
      copy.hidden = false;
      copy.querySelector("button").addEventListener("click", function () {
        navigator.clipboard.writeText(copy.dataset.shareUrl).then(function () {
          status.textContent = copy.dataset.copied;
          report(copy.dataset.shareReport);
        }, function () {
          status.textContent = copy.dataset.failed;
        });
      });
    }
  });
}());
