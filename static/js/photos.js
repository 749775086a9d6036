// Photos in a form (templates/_photos.html). Without this script the file input is sent with the form and
// the page comes back asking for a description of each photo. With it, a photo chosen, dropped on the form
// or pasted into its text box is uploaded at once and gets its row (thumbnail, description) straight away.
(function () {
  document.querySelectorAll("[data-photo-upload]").forEach(function (part) {
    var form = part.closest("form");
    var input = part.querySelector("input[type=file]");
    var rows = part.querySelector("[data-photo-rows]");
    var model = part.querySelector("[data-photo-row-model]");
    var status = part.querySelector("[data-photo-status]");
    var token = form.querySelector("input[name=csrf_token]");
    var max = Number(part.dataset.photoMax);
    var waiting = 0;
    part.querySelector("[data-photo-drop-hint]").hidden = false;

    function count() { return rows.querySelectorAll("[data-photo-row]").length + waiting; }

    function say(text) { status.textContent = text; }

    function addRow(data) {
      var row = document.createElement("ul");
      row.innerHTML = model.outerHTML.split("KEY").join(data.key);
      row = row.firstElementChild;
      row.hidden = false;
      row.removeAttribute("data-photo-row-model");
      row.setAttribute("data-photo-row", "");
      row.querySelectorAll("[disabled]").forEach(function (input) { input.disabled = false; });
      row.querySelector("img").src = data.thumbnail;
      rows.appendChild(row);
      var remove = row.querySelector(".photo-remove");
      var button = document.createElement("button");
      button.type = "button";
      button.className = "button button-secondary button-small";
      button.textContent = remove.textContent.trim();
      button.addEventListener("click", function () { row.remove(); });
      remove.replaceWith(button);
      row.querySelector("input[type=text]").focus();
    }

    function upload(file) {
      if (count() >= max) { say(part.dataset.fullLabel); return; }
      var body = new FormData();
      body.append("photo", file, file.name || "photo.png");
      waiting += 1;
      say(part.dataset.uploadingLabel);
      fetch(part.dataset.photoUpload, {method: "POST", body: body, credentials: "same-origin",
                                       headers: {"X-CSRFToken": token ? token.value : ""}})
        .then(function (response) { return response.json().catch(function () { return {error: response.statusText}; }); })
        .then(function (data) {
          waiting -= 1;
          if (data.error) { say(data.error); return; }
          say("");
          addRow(data);
        }, function () { waiting -= 1; say(""); });
    }

    function uploadAll(files) {
      Array.prototype.forEach.call(files, function (file) {
        if (file.type.indexOf("image/") === 0 || /\.hei[cf]$/i.test(file.name)) { upload(file); }
      });
    }

    input.addEventListener("change", function () {
      uploadAll(input.files);
      input.value = "";
    });
    form.addEventListener("dragover", function (event) {
      if (event.dataTransfer && Array.prototype.indexOf.call(event.dataTransfer.types, "Files") >= 0) {
        event.preventDefault();
        part.classList.add("photo-part-target");
      }
    });
    form.addEventListener("dragleave", function () { part.classList.remove("photo-part-target"); });
    form.addEventListener("drop", function (event) {
      if (!event.dataTransfer || !event.dataTransfer.files.length) { return; }
      event.preventDefault();
      part.classList.remove("photo-part-target");
      uploadAll(event.dataTransfer.files);
    });
    form.querySelectorAll("textarea").forEach(function (area) {
      area.addEventListener("paste", function (event) {
        var files = event.clipboardData ? event.clipboardData.files : [];
        if (files.length) {
          event.preventDefault();
          uploadAll(files);
        }
      });
    });
  });
})();
