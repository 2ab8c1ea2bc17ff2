// The summary of an interleaved benchmark (ab.sh, floors.sh): the runs of a JSON Lines file
// (loadgen's output, one line per run) grouped by label, each run's figures, then the medians.
// With a REFERENCE label, each median CPU per message also as a multiple of that label's.
//
//   node bench/medians.mjs RUNS.jsonl [REFERENCE]
import { readFileSync } from 'node:fs';

const [file, reference] = process.argv.slice(2);
const runs = readFileSync(file, 'utf8').split('\n').filter(Boolean).map((line) => JSON.parse(line));
const byLabel = new Map();
for (const r of runs) {
  if (!byLabel.has(r.label)) byLabel.set(r.label, []);
  byLabel.get(r.label).push(r);
}
const median = (values) => {
  const sorted = [...values].sort((x, y) => x - y);
  return sorted[Math.floor((sorted.length - 1) / 2)];
};
const cpu = (rs) => median(rs.map((r) => r.server.cpu_us_per_msg));
const base = reference && byLabel.has(reference) ? cpu(byLabel.get(reference)) : null;

console.log('server                runs: msg/s/p99 ms/server µs per msg | medians: msg/s | p50 ms | p99 ms | µs/msg' +
  (base ? ` | × ${reference}` : ''));
for (const [label, rs] of byLabel) {
  const each = rs.map((r) => `${Math.round(r.throughput)}/${(r.latency_us.p99 / 1000).toFixed(1)}/${r.server.cpu_us_per_msg.toFixed(1)}`).join('  ');
  const columns = [
    Math.round(median(rs.map((r) => r.throughput))),
    median(rs.map((r) => r.latency_us.p50 / 1000)).toFixed(2),
    median(rs.map((r) => r.latency_us.p99 / 1000)).toFixed(2),
    cpu(rs).toFixed(1),
  ];
  if (base) columns.push((cpu(rs) / base).toFixed(2));
  console.log(label.padEnd(20), each.padEnd(60), '|', columns.join(' | '));
}
