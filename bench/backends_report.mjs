// The side-by-side table of bench/backends.sh: Lingting's load on SQLite and on PostgreSQL, and
// the QA store benchmark's figures of both, from one run. Writes the summary as JSON.
//
//   node bench/backends_report.mjs RUNS.jsonl QA.json SUMMARY.json
import { readFileSync, writeFileSync } from 'node:fs';
import { execSync } from 'node:child_process';

const [runsFile, qaFile, summaryFile] = process.argv.slice(2);
const runs = readFileSync(runsFile, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l));
const qa = JSON.parse(readFileSync(qaFile, 'utf8'));
const get = (label) => runs.find((r) => r.label === label && !r.failed);
const backends = ['sqlite', 'postgresql'];
const fmt = (n, d = 0) => (n == null || Number.isNaN(n) ? '—' : n.toLocaleString('en-US', { minimumFractionDigits: d, maximumFractionDigits: d }));
const line = (name, cells) => console.log(name.padEnd(44) + cells.map((c) => String(c).padStart(16)).join(''));

console.log('\nLingting under load on each store (server side on core 0, load generator on core 1):');
line('', backends);
const summary = { commit: '', load: {}, qa_store: qa };
try {
  summary.commit = execSync('git rev-parse --short HEAD', { encoding: 'utf8' }).trim();
} catch {}
for (const [mode, pairs, title] of [['closed', 100, 'closed, 100 conversations'],
                                    ['closed', 200, 'closed, 200 conversations'],
                                    ['rate', 100, 'fixed 4,000 msg/s, 100 conv.']]) {
  const rs = backends.map((b) => get(`${b} ${mode} ${pairs}`));
  const us = (r, s) => (r && r.messages ? (s * 1e6) / r.messages : null);
  line(`${title}: messages/s`, rs.map((r) => fmt(r?.throughput)));
  line('  p50 / p99 latency, ms', rs.map((r) => (r ? `${fmt(r.latency_us.p50 / 1000, 1)} / ${fmt(r.latency_us.p99 / 1000, 1)}` : '—')));
  line('  Lingting CPU per message, µs', rs.map((r) => fmt(r?.server.cpu_us_per_msg)));
  line('  PostgreSQL server CPU per message, µs', rs.map((r, i) => (backends[i] === 'postgresql' ? fmt(us(r, r?.store_cpu_s)) : '')));
  for (const [i, r] of rs.entries()) {
    if (!r) continue;
    summary.load[`${backends[i]} ${mode} ${pairs}`] = {
      throughput: r.throughput, p50_ms: r.latency_us.p50 / 1000, p99_ms: r.latency_us.p99 / 1000,
      lingting_cpu_us_per_msg: r.server.cpu_us_per_msg, store_cpu_us_per_msg: us(r, r.store_cpu_s),
      undelivered: r.undelivered, errors: r.errors,
    };
  }
}
const lost = runs.filter((r) => !r.failed && r.undelivered > 0);
if (lost.length) console.log(`\nWARNING: undelivered messages in ${lost.map((r) => r.label).join(', ')}`);
console.log(`\nQA store (${fmt(qa.conversations)} conversations), ms per query: see the table above; JSON in ${qaFile}`);
writeFileSync(summaryFile, JSON.stringify(summary, null, 1) + '\n');
console.log(`summary: ${summaryFile}`);
