// Live preview for Markdown text areas marked with data-preview="<url>". The server renders the
// text with the same sanitiser that stores posts, so the preview is exactly what others will see, photos
// included.
(function () {
  document.querySelectorAll("textarea[data-preview]").forEach(function (area) {
    var form = area.form;
    var token = form.querySelector("input[name=csrf_token]");
    var button = document.createElement("button");
    var output = document.createElement("div");
    var timer = null;
    button.type = "button";
    button.className = "button button-secondary button-small preview-toggle";
    button.textContent = area.dataset.previewLabel;
    button.setAttribute("aria-pressed", "false");
    output.className = "prose preview";
    output.hidden = true;
    output.setAttribute("aria-live", "polite");
    area.insertAdjacentElement("afterend", output);
    area.parentElement.insertBefore(button, area);

    // The form's photos (templates/_photos.html) come after the text, as they will when it is sent.
    function withPhotos(text) {
      var lines = [];
      form.querySelectorAll("[data-photo-row]").forEach(function (row) {
        var ticked = row.querySelector("input[type=checkbox]");
        if (ticked && ticked.checked) { return; }
        var description = row.querySelector("input[type=text]").value.replace(/[\[\]\n]/g, " ").trim();
        lines.push("![" + description + "](upload:" + row.querySelector("input[name=photo]").value + ")");
      });
      return lines.length ? [text.replace(/\s+$/, "")].concat(lines).join("\n\n") : text;
    }

    function render() {
      var body = new URLSearchParams({body: withPhotos(area.value)});
      fetch(area.dataset.preview, {method: "POST", body: body, credentials: "same-origin",
                                   headers: {"X-CSRFToken": token ? token.value : ""}})
        .then(function (response) { return response.json().catch(function () { return null; }); })
        .then(function (data) {
          if (data && data.error) { output.textContent = data.error; } else if (data) { output.innerHTML = data.html; }
        });
    }

    button.addEventListener("click", function () {
      var showing = output.hidden;
      output.hidden = !showing;
      area.hidden = showing;
      button.setAttribute("aria-pressed", String(showing));
      button.textContent = showing ? area.dataset.editLabel : area.dataset.previewLabel;
      if (showing) { render(); } else { area.focus(); }
    });
    area.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(function () { if (!output.hidden) { render(); } }, 300);
    });
  });
})();
