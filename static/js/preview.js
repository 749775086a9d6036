// Live preview for Markdown text areas marked with data-preview="<url>". The server renders the
// text with the same sanitiser that stores posts, so the preview is exactly what others will see.
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

    function render() {
      var body = new URLSearchParams({body: area.value});
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
