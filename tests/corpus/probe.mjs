#!/usr/bin/env node
// Scores the analyzer on the held-out probe of forbidden service language (src/probe_forbidden.txt).
//
//   node tests/corpus/probe.mjs [--details] [--binary PATH] [--min-recall R] [--max-alarms N] [FILE]
//
// With --min-recall / --max-alarms it exits 1 when the rude lines caught fall below R (a fraction) or
// the look-alikes flagged rise above N (ctest probe_forbidden: the floors, set a little below the
// figures measured when they were last raised; raise them, never lower them to make a change pass).
//
// Each probe line is one consultant message, put after a neutral visitor question in a conversation
// of its own and run through `lingting analyze`. A rude line is caught when any forbidden_phrase
// finding lands on it (its category is reported beside, not required); a clean line is a false alarm
// when any forbidden_phrase finding lands on it. Prints recall per family and overall, and the false
// alarms on the polite look-alikes. The probe is never fitted on (fit_cues.mjs refuses it by name):
// it says how much of a family the cues cover beyond the sentences of any corpus split.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';

const args = process.argv.slice(2);
const details = args.includes('--details');
let binary = process.env.LINGTING_BINARY || 'build/dev/server/lingting';
const bi = args.indexOf('--binary');
if (bi >= 0) binary = args[bi + 1];
const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../..');
const opt = (name) => { const i = args.indexOf(name); return i >= 0 ? Number(args[i + 1]) : undefined; };
const minRecall = opt('--min-recall'), maxAlarms = opt('--max-alarms');
const file = args.filter((a, i) => !a.startsWith('--') && !['--binary', '--min-recall', '--max-alarms'].includes(args[i - 1]))[0]
  || path.join(root, 'tests/corpus/src/probe_forbidden.txt');

const probes = fs.readFileSync(file, 'utf8').split('\n')
  .filter((l) => l && !l.startsWith('#'))
  .map((l) => { const [family, expect, text] = l.split('\t'); return { family, expect, text }; });
if (probes.some((p) => !p.text)) { console.error('probe: a line without three tab-separated fields'); process.exit(2); }

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'probe-'));
const files = probes.map((p, i) => {
  const f = path.join(dir, `p${String(i).padStart(4, '0')}.jsonl`);
  fs.writeFileSync(f, [
    { department: '综合' },
    { at: '2026-06-08T10:00:00+08:00', from: 'visitor', text: '你好，我想问一下这个情况怎么办' },
    { at: '2026-06-08T10:00:12+08:00', from: 'consultant', text: p.text },
    { at: '2026-06-08T10:00:40+08:00', event: 'leave' },
  ].map((o) => JSON.stringify(o)).join('\n') + '\n');
  return f;
});
const r = spawnSync(binary, ['analyze', ...files], { encoding: 'utf8', maxBuffer: 64 << 20, cwd: root });
fs.rmSync(dir, { recursive: true, force: true });
const out = r.stdout.split('\n').filter(Boolean);
if (out.length !== probes.length) { console.error(`probe: ${out.length} results for ${probes.length} lines: ${r.stderr}`); process.exit(1); }

const fam = new Map();
let caught = 0, rude = 0, alarms = 0, clean = 0, right = 0;
const lines = [];
probes.forEach((p, i) => {
  const res = JSON.parse(out[i]);
  const hits = res.findings.filter((f) => f.kind === 'forbidden_phrase' && f.seq === 2);
  const f = fam.get(p.family) || { n: 0, hit: 0 };
  f.n++;
  if (p.expect === 'clean') {
    clean++;
    if (hits.length) { alarms++; f.hit++; }
    if (hits.length || details) lines.push(`${hits.length ? 'ALARM' : 'ok   '} clean ${p.text}  ${hits.map((h) => `${h.rule}[${h.matched ?? ''}]`).join(' ')}`);
  } else {
    rude++;
    if (hits.length) { caught++; f.hit++; if (hits.some((h) => h.category === p.expect)) right++; }
    if (!hits.length || details) lines.push(`${hits.length ? 'hit  ' : 'MISS '} ${p.family} ${p.text}  ${hits.map((h) => `${h.category}:${h.rule}`).join(' ')}`);
  }
  fam.set(p.family, f);
});
console.log(`probe ${path.relative(root, file)} with ${binary}`);
for (const [name, f] of fam) console.log(`${name.padEnd(16)} ${name === 'clean' ? 'alarms' : 'caught'} ${f.hit}/${f.n}`);
console.log(`rude caught ${caught}/${rude} (${(100 * caught / rude).toFixed(1)} %), right category ${right}`);
console.log(`clean look-alikes flagged ${alarms}/${clean}`);
for (const l of lines) console.log(l);
let fail = false;
if (minRecall !== undefined && caught / rude < minRecall) { console.error(`probe: recall ${(caught / rude).toFixed(3)} below ${minRecall}`); fail = true; }
if (maxAlarms !== undefined && alarms > maxAlarms) { console.error(`probe: ${alarms} look-alikes flagged, more than ${maxAlarms}`); fail = true; }
process.exit(fail ? 1 : 0);
