// Installs the service worker (static templates/webapp/sw.js) and tells the reader when the network is gone:
// on a saved copy of a page (marked by the worker) and on a live page whose connection drops.
(function () {
  "use strict";
  var script = document.currentScript;
  var PAGES = "serambi-pages";

  if ("serviceWorker" in navigator) {
    navigator.serviceWorker.register(script.dataset.worker, {scope: "/"}).catch(function () {});
  }

  var savedCopy = document.documentElement.hasAttribute("data-saved-copy");
  var savedPages = document.getElementById("saved-pages");  // the offline page, kept without cookies

  // Pages kept for reading offline show what their reader could see: another member (a shared computer at
  // the library) must not find them, so a change of member forgets them.
  if (window.caches && window.localStorage && !savedCopy && !savedPages) {
    var member = script.dataset.member || "";
    if (localStorage.getItem("serambi-member") !== member) {
      caches.delete(PAGES).then(function () { localStorage.setItem("serambi-member", member); });
      forgetPushSubscription();  // the last member's notifications must not reach whoever uses it next
    }
  }

  function forgetPushSubscription() {
    if (!("serviceWorker" in navigator)) return;
    navigator.serviceWorker.ready.then(function (registration) {
      return registration.pushManager && registration.pushManager.getSubscription();
    }).then(function (subscription) { if (subscription) subscription.unsubscribe(); });
  }

  var notice = null;

  function say(text, withReload) {
    if (!notice) {
      notice = document.createElement("p");
      notice.className = "flash flash-pending offline-notice";
      notice.setAttribute("role", "status");
      var main = document.getElementById("main");
      main.insertBefore(notice, main.firstChild);
    }
    notice.textContent = text + " ";
    if (withReload) {
      var reload = document.createElement("button");
      reload.type = "button";
      reload.className = "button button-small";
      reload.textContent = script.dataset.reload;
      reload.addEventListener("click", function () { location.reload(); });
      notice.appendChild(reload);
    }
  }

  function formsOff() {
    document.querySelectorAll("form").forEach(function (form) {
      if ((form.getAttribute("method") || "get").toLowerCase() !== "post") return;
      form.querySelectorAll("button, input, textarea, select").forEach(function (field) { field.disabled = true; });
    });
  }

  if (savedCopy) {
    say(script.dataset.savedCopy);
    formsOff();
  }
  window.addEventListener("offline", function () { say(script.dataset.offline); });
  window.addEventListener("online", function () {
    if (savedCopy) say(script.dataset.backOnline, true);
    else if (notice) notice.remove(), notice = null;
  });

  if (savedPages && window.caches) listSavedPages(savedPages);

  function listSavedPages(list) {
    caches.open(PAGES).then(function (cache) {
      return cache.keys().then(function (requests) {
        return Promise.all(requests.reverse().map(function (request) {
          return cache.match(request).then(function (response) { return response.text(); }).then(function (html) {
            var heading = new DOMParser().parseFromString(html, "text/html").querySelector("h1");
            return {url: request.url, title: heading ? heading.textContent.trim() : request.url};
          });
        }));
      });
    }).then(function (pages) {
      pages.forEach(function (page) {
        var item = document.createElement("li");
        var link = document.createElement("a");
        link.href = page.url;
        link.textContent = page.title;
        item.appendChild(link);
        list.appendChild(item);
      });
      list.hidden = pages.length === 0;
      document.getElementById("no-saved-pages").hidden = pages.length > 0;
    });
  }
})();
