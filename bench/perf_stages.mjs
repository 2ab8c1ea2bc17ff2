// Where the server's time goes, by stage of the hot path: reads `perf script -F tid,sym` output
// (call graphs) on stdin and gives each sample to the stage of the innermost frame that names
// one (so malloc called by the JSON writer counts as encode, a sendmsg in the kernel as send).
//
//   perf script -i perf.data -F tid,sym | node bench/perf_stages.mjs
//
// Prints one line per stage with its share of all samples, and per thread.
import { createInterface } from 'node:readline';

// Innermost match wins, so the order here only breaks ties within one frame's name.
const stages = [
  ['store', /sqlite|fdatasync|fsync|ext4_sync|jbd2|blkdev|\bwal|writer_loop|commit_batch/i],
  ['analyzer', /analysis::|analyzer|phrase_pattern|word_dictionary|Hunspell|lexicon|speller|aho|matcher/i],
  // The IME typo check's worker thread (libime's model and dictionary lookups): the analyzer too.
  ['analyzer (IME)', /libime|ime_worker/i],
  ['core', /chat_core|visitor_queue|deadlines|browsing_registry|staff_roster/],
  ['parse', /proto::decode|rapidjson|GenericReader|GenericDocument/],
  ['encode', /frames::|json_writer|iso8601/],
  ['send', /on_send|do_write|on_write|write_some_op|sendmsg|writev|tcp_write|tcp_push|__tcp_transmit|ip_output|ip_finish|loopback_xmit|dev_hard_start/],
  ['read', /on_read|do_read|read_some_op|read_op|recvmsg|tcp_recv|tcp_v4_rcv|tcp_rcv|ip_rcv|net_rx|netif_receive|process_backlog/],
  ['hub', /lingting::hub::/],
  ['event loop', /epoll|scheduler::|do_run_one|reactor|strand|timer_queue|futex|pthread_mutex|schedule|__wake_up/],
];

const totals = new Map();
const perThread = new Map();
let samples = 0;
let frames = [];
let tid = '';

function flush() {
  if (!tid && frames.length === 0) return;
  let stage = 'other';
  for (const f of frames) {  // innermost first, as perf prints them
    const hit = stages.find(([, re]) => re.test(f));
    if (hit) {
      stage = hit[0];
      break;
    }
  }
  samples++;
  totals.set(stage, (totals.get(stage) ?? 0) + 1);
  if (!perThread.has(tid)) perThread.set(tid, new Map());
  const t = perThread.get(tid);
  t.set(stage, (t.get(stage) ?? 0) + 1);
  frames = [];
  tid = '';
}

for await (const line of createInterface({ input: process.stdin })) {
  if (line.trim() === '') {
    flush();
    continue;
  }
  if (!line.startsWith('\t') && !line.startsWith(' '.repeat(8))) {
    tid = line.trim().split(/\s+/)[0];
    continue;
  }
  frames.push(line.trim());
}
flush();

const pct = (n, of) => ((100 * n) / of).toFixed(1).padStart(5) + ' %';
console.log(`${samples} samples`);
for (const [stage, n] of [...totals].sort((a, b) => b[1] - a[1])) console.log(`  ${stage.padEnd(12)} ${pct(n, samples)}`);
for (const [t, m] of perThread) {
  const n = [...m.values()].reduce((a, b) => a + b, 0);
  const top = [...m].sort((a, b) => b[1] - a[1]).slice(0, 4).map(([s, k]) => `${s} ${pct(k, n).trim()}`);
  console.log(`  thread ${t}: ${pct(n, samples).trim()} of samples (${top.join(', ')})`);
}
