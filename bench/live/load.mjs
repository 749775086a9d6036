// Load generator for bench/live: N socket.io clients (the official socket.io-client, WebSocket transport)
// join one live room; S of them send chat messages on a fixed schedule; every client records what it
// receives. `node load.mjs CONFIG.json` (bench/live/run.py writes the file and drives the phases):
//   stdout "phase joined"     all clients joined and presence traffic has settled; waits for "go" on stdin
//   stdout "phase delivered"  every offered message reached every client (or the drain timeout passed)
//   stdout "result {json}"    the figures; then every socket is closed and the process exits
// Latency: the sender puts its clock (microseconds since the epoch, performance.timeOrigin + now())
// into the message body; the receiver reads it back from the message's html. One process, one clock.
import { readFileSync } from "node:fs";
import { createInterface } from "node:readline";
import { io } from "socket.io-client";

const config = JSON.parse(readFileSync(process.argv[2], "utf8"));
const LINES = [
  "Halo dari Makassar, terima kasih materinya!",
  "Izin bertanya, apakah rekamannya nanti dibagikan?",
  "Setuju sekali, literasi digital penting untuk anak-anak.",
  "Salam dari Perpustakaan Desa Sukamaju 🙏",
  "Bukunya bisa dipinjam di perpustakaan daerah juga ya?",
];
const TAG = /k(\d+)m(\d+)t(\d+)/;
const now = () => performance.timeOrigin + performance.now(); // ms since the epoch, sub-ms precision
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const say = (line) => process.stdout.write(line + "\n");

const total = config.senders.length * config.messagesPerSender;
const clients = []; // {socket, got: Uint8Array(total)}
const latencies = new Float64Array(config.clients * total);
let latencyCount = 0, deliveries = 0, duplicates = 0, selfDeliveries = 0, strays = 0;
let presenceEvents = 0, lastPresence = 0, disconnects = 0, lastDelivery = 0;

function receive(client, index) {
  return (message) => {
    const tag = TAG.exec(message?.html ?? "");
    if (!tag) return strays++;
    const key = Number(tag[1]) * config.messagesPerSender + Number(tag[2]);
    if (client.got[key]) return duplicates++;
    client.got[key] = 1;
    deliveries++;
    if (Number(tag[1]) === index) selfDeliveries++;
    lastDelivery = now();
    latencies[latencyCount++] = lastDelivery - Number(tag[3]) / 1000;
  };
}

function summaryOfCounts(values) {
  const known = values.filter((value) => typeof value === "number");
  return { min: known.length ? Math.min(...known) : null, max: known.length ? Math.max(...known) : null,
           missing: values.length - known.length };
}

async function connectOne(index) {
  const started = now();
  const cookie = config.senders[index]?.cookie; // the other clients watch as guests
  const socket = io(config.url + config.namespace, {
    transports: ["websocket"], reconnection: false, forceNew: true, timeout: config.connectTimeoutMs,
    perMessageDeflate: config.deflate ? { threshold: 0 } : false,
    extraHeaders: cookie ? { Cookie: cookie } : {},
  });
  const client = { socket, got: new Uint8Array(total), online: null };
  clients[index] = client;
  socket.on("chat", receive(client, index));
  socket.on("presence", (p) => { presenceEvents++; lastPresence = now(); client.online = p?.online ?? null; });
  socket.on("disconnect", () => { disconnects++; });
  await new Promise((resolve, reject) => {
    socket.once("connect", resolve);
    socket.once("connect_error", reject);
  });
  const answer = await socket.timeout(config.connectTimeoutMs).emitWithAck("join", { event_id: config.eventId });
  if (!answer?.ok) throw new Error(`join refused: ${JSON.stringify(answer)}`);
  client.joined = true;
  return now() - started;
}

async function connectAll() {
  const times = [], failures = [];
  let next = 0;
  async function worker() {
    while (next < config.clients) {
      const index = next++;
      try { times.push(await connectOne(index)); } catch (error) { failures.push(`${index}: ${error.message}`); }
    }
  }
  const started = now();
  await Promise.all(Array.from({ length: Math.min(config.window, config.clients) }, worker));
  const connectMs = now() - started;
  const settleStarted = now(); // presence events of the last joins are still fanning out
  const settled = () => now() - Math.max(lastPresence, settleStarted) >= config.quietMs;
  while (!settled() && now() - settleStarted < config.settleTimeoutMs) await sleep(50);
  return { connectMs, settleMs: now() - settleStarted, joinTimes: times, failures };
}

async function sendAll() {
  const acks = [], refused = [];
  const started = now();
  const jobs = config.senders.map(async (_, s) => {
    if (!clients[s]?.joined) return;
    const socket = clients[s].socket;
    const pending = [];
    for (let m = 0; m < config.messagesPerSender; m++) {
      const due = started + (s / config.senders.length + m) * config.intervalMs;
      if (due > now()) await sleep(due - now());
      const sentAt = now();
      const body = `${LINES[(s + m) % LINES.length]} k${s}m${m}t${Math.round(sentAt * 1000)}`;
      pending.push(socket.timeout(config.ackTimeoutMs)
        .emitWithAck("chat", { event_id: config.eventId, body, client_id: `bench-${s}-${m}` })
        .then((answer) => answer?.ok ? acks.push(now() - sentAt) : refused.push(answer?.error ?? "no answer"),
              (error) => refused.push(error.message)));
    }
    await Promise.all(pending);
  });
  await Promise.all(jobs);
  return { started, lastAck: now(), acks, refused };
}

function percentile(sorted, p) {
  return sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] : null;
}

function summary(values) {
  const sorted = Float64Array.from(values).sort();
  return { n: sorted.length, p50: percentile(sorted, 50), p95: percentile(sorted, 95), p99: percentile(sorted, 99),
           max: sorted.length ? sorted[sorted.length - 1] : null };
}

async function main() {
  const stdin = createInterface({ input: process.stdin });
  const go = new Promise((resolve) => stdin.on("line", (line) => line.trim() === "go" && resolve()));
  const connected = await connectAll();
  say("phase joined");
  await go;
  const cpuBefore = process.cpuUsage();
  const sent = await sendAll();
  const offered = sent.acks.length;
  const joined = config.clients - connected.failures.length;
  // A server may or may not echo a message to its sender; decide from what arrived.
  const expected = () => offered * (joined - 1) + (selfDeliveries ? offered : 0);
  const drainStarted = now();
  while (deliveries < expected() && now() - drainStarted < config.drainTimeoutMs) await sleep(20);
  const cpu = process.cpuUsage(cpuBefore);
  say("phase delivered");
  const seconds = ((lastDelivery || now()) - sent.started) / 1000;
  const result = {
    clients: config.clients, joined, connect_failures: connected.failures.slice(0, 5),
    connect_failure_count: connected.failures.length,
    connect_ms: connected.connectMs, settle_ms: connected.settleMs, join_ms: summary(connected.joinTimes),
    presence_events: presenceEvents,
    // the last count of who is online each client saw once all had joined: every one should say `joined`
    last_online: summaryOfCounts(clients.map((client) => client?.online)),
    senders: config.senders.length, offered,
    refused: sent.refused.length, refusals: [...new Set(sent.refused)].slice(0, 5),
    ack_ms: summary(sent.acks), send_seconds: (sent.lastAck - sent.started) / 1000,
    echo: selfDeliveries > 0, expected: expected(), delivered: deliveries, lost: Math.max(0, expected() - deliveries),
    duplicates, strays, disconnects,
    deliveries_per_s: deliveries / seconds, delivery_seconds: seconds,
    latency_ms: summary(latencies.subarray(0, latencyCount)),
    loadgen_cpu_ms: (cpu.user + cpu.system) / 1000,
  };
  say("result " + JSON.stringify(result));
  for (const client of clients) client?.socket.disconnect();
  stdin.close();
  setTimeout(() => process.exit(0), 200);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
