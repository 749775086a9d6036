// "Turn on notifications" on the notification settings: subscribes this browser with Web Push (the service
// worker, registered by webapp.js, shows what arrives) and tells the site (core/webpush.py).
(function () {
  "use strict";
  var status = document.getElementById("push-status");
  var on = document.getElementById("push-on");
  var off = document.getElementById("push-off");
  var token = document.querySelector("input[name=csrf_token]").value;
  if (!("serviceWorker" in navigator) || !("PushManager" in window) || !("Notification" in window)) {
    status.textContent = status.dataset.unsupported;
    return;
  }
  var intro = status.textContent;

  function show(subscribed, message) {
    status.textContent = message || (subscribed ? status.dataset.on : intro);
    on.hidden = subscribed;
    off.hidden = !subscribed;
  }

  function tell(url, body) {
    return fetch(url, {method: "POST", credentials: "same-origin", body: JSON.stringify(body),
                       headers: {"Content-Type": "application/json", "X-CSRFToken": token}})
      .then(function (response) { if (!response.ok) throw new Error(response.status); });
  }

  function keyBytes(base64) {
    var text = atob(base64.replace(/-/g, "+").replace(/_/g, "/") + "===".slice((base64.length + 3) % 4));
    return Uint8Array.from(text, function (c) { return c.charCodeAt(0); });
  }

  var ready = navigator.serviceWorker.ready;
  ready.then(function (registration) { return registration.pushManager.getSubscription(); })
    .then(function (subscription) { show(subscription !== null); });

  on.addEventListener("click", function () {
    on.disabled = true;
    Notification.requestPermission().then(function (permission) {
      if (permission !== "granted") return show(false, status.dataset.denied);
      return ready.then(function (registration) {
        return registration.pushManager.subscribe({userVisibleOnly: true,
                                                   applicationServerKey: keyBytes(status.dataset.key)});
      }).then(function (subscription) {
        return tell(status.dataset.subscribe, subscription.toJSON());
      }).then(function () { show(true); });
    }).catch(function () { show(false, status.dataset.failed); })
      .then(function () { on.disabled = false; });
  });

  off.addEventListener("click", function () {
    ready.then(function (registration) { return registration.pushManager.getSubscription(); })
      .then(function (subscription) {
        if (!subscription) return;
        return tell(status.dataset.unsubscribe, {endpoint: subscription.endpoint})
          .then(function () { return subscription.unsubscribe(); });
      }).then(function () { show(false); }, function () { show(true, status.dataset.failed); });
  });
})();
