// The reference for bench/live: a minimal Node socket.io 4.8 server with the live room's events and
// payload shapes (docs: /work/shared/CONTRACT.md, "Socket.IO"), kept in memory, no authentication.
// Like Serambi (events/presence.py), it sends a room's `presence` count at most once a second.
// `node reference.mjs PORT` listens on 127.0.0.1 only and prints "listening PORT" when ready.
import { createServer } from "node:http";
import { Server } from "socket.io";

const HISTORY = 50;
const PRESENCE_EVERY = 1000; // ms
const port = Number(process.argv[2] || 0);
const messages = []; // every stored message, in order
const idByClientId = new Map();
const author = { username: "anggota", display_name: "Anggota Perpustakaan" };

const escape = (text) =>
  text.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]);
const roomOf = (eventId) => `event:${eventId}`;
const online = (eventId) => io.of("/live").adapter.rooms.get(roomOf(eventId))?.size ?? 0;
const presence = new Map(); // event id -> {last: ms, pending: bool}

function announce(eventId) {
  const state = presence.get(eventId) ?? { last: 0, pending: false };
  presence.set(eventId, state);
  if (state.pending) return;
  state.pending = true;
  setTimeout(() => {
    state.pending = false;
    state.last = Date.now();
    io.of("/live").to(roomOf(eventId)).emit("presence", { online: online(eventId) });
  }, Math.max(0, state.last + PRESENCE_EVERY - Date.now()));
}

const httpServer = createServer();
const io = new Server(httpServer, { perMessageDeflate: false, serveClient: false });

io.of("/live").on("connection", (socket) => {
  socket.on("join", (data, ack) => {
    const eventId = Number(data?.event_id);
    socket.join(roomOf(eventId));
    const history = messages.filter((m) => m.event_id === eventId).slice(-HISTORY);
    ack?.({ ok: true, history, online: online(eventId) });
    announce(eventId);
  });
  socket.on("chat", (data, ack) => {
    const eventId = Number(data?.event_id);
    const body = String(data?.body ?? "").trim();
    if (!socket.rooms.has(roomOf(eventId)) || !body) return ack?.({ ok: false, error: "not in the room" });
    const known = idByClientId.get(data.client_id);
    if (known) return ack?.({ ok: true, id: known });
    const message = { id: messages.length + 1, event_id: eventId, author, html: `<p>${escape(body)}</p>`,
                      created_at: new Date().toISOString() };
    messages.push(message);
    idByClientId.set(data.client_id, message.id);
    ack?.({ ok: true, id: message.id });
    io.of("/live").to(roomOf(eventId)).emit("chat", message);
  });
  socket.on("disconnect", () => {
    for (const eventId of presence.keys()) announce(eventId);
  });
});

httpServer.listen(port, "127.0.0.1", () => console.log(`listening ${httpServer.address().port}`));
process.on("SIGTERM", () => process.exit(0));
