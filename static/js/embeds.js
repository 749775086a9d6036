// Videos in posts (core/embeds.py): a link to a YouTube, Instagram, TikTok or Facebook video gets a "play
// here" button. Nothing is loaded from the video's site until the member presses it; then the site's player
// replaces the link. The CSP's frame-src allows exactly these players.
(function () {
  var script = document.currentScript;
  var players = ["https://www.youtube-nocookie.com/", "https://www.instagram.com/", "https://www.tiktok.com/",
                 "https://www.facebook.com/"];
  document.querySelectorAll(".prose a[data-embed]").forEach(function (link) {
    var address = link.dataset.embed;
    if (!players.some(function (start) { return address.indexOf(start) === 0; })) { return; }
    var host = link.dataset.embedHost;
    var offer = document.createElement("span");
    var button = document.createElement("button");
    offer.className = "video-offer";
    button.type = "button";
    button.className = "button button-secondary button-small";
    button.textContent = "▶ " + script.dataset.playLabel.replace("%(host)s", host);
    offer.appendChild(button);
    link.insertAdjacentElement("afterend", offer);
    button.addEventListener("click", function () {
      var frame = document.createElement("iframe");
      frame.src = address;
      frame.title = link.textContent;
      frame.allow = "encrypted-media; fullscreen; picture-in-picture";
      frame.allowFullscreen = true;
      frame.className = "video-frame" + (host === "YouTube" || host === "Facebook" ? "" : " video-frame-tall");
      offer.replaceWith(frame);
      frame.focus();
    });
  });
})();
