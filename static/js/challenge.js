// Keeps a challenge's leaderboard current: the page watches the room challenge:<id>, where the server
// sends the top rows (`leaderboard`) after every change that moves them (docs/realtime.md).
(function () {
  var members = document.getElementById("leaderboard-members");
  if (!members || typeof io === "undefined") { return; }
  var challengeId = Number(members.dataset.challengeId);
  var language = document.documentElement.lang || "id";

  function row(data, list) {
    var item = document.createElement("li");
    var rank = document.createElement("span");
    rank.className = "lb-rank";
    rank.textContent = String(data.rank);
    var name = document.createElement("span");
    name.className = "lb-name";
    if (data.name === null) {
      var anonymous = document.createElement("span");
      anonymous.className = "muted";
      anonymous.textContent = list.dataset.anonymous;
      name.appendChild(anonymous);
    } else {
      name.textContent = data.name;
    }
    var amount = document.createElement("span");
    amount.className = "lb-amount";
    amount.textContent = data.amount.toLocaleString(language) + " " + list.dataset.unit +
      (data.points ? " · " + data.points.toLocaleString(language) + " " + list.dataset.points : "");
    item.append(rank, name, amount);
    return item;
  }

  function show(list, rows) {
    if (!list) { return; }
    list.replaceChildren.apply(list, rows.map(function (data) { return row(data, list); }));
  }

  var socket = io("/live");
  socket.on("connect", function () {
    socket.emit("challenge_watch", {challenge_id: challengeId}, function (answer) {
      if (answer && answer.ok) { members.dataset.live = "watching"; }
    });
  });
  socket.on("disconnect", function () { delete members.dataset.live; });
  socket.on("leaderboard", function (data) {
    if (data.challenge_id !== challengeId) { return; }
    show(members, data.members);
    show(document.getElementById("leaderboard-teams"), data.teams);
    var empty = document.getElementById("leaderboard-empty");
    if (empty && data.members.length) { empty.hidden = true; }
  });
})();
