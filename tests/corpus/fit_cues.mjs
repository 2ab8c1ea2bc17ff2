#!/usr/bin/env node
// Fits the weights of the rude-reply classifier (lexicon/reply_cues.tsv) on labelled splits.
//
//   node tests/corpus/fit_cues.mjs [--write] [--check] [SPLIT ...]     (default splits: dev fresh fresh3 fresh4)
//
// Every consultant sentence in which at least one cue fires is an example: positive when it lies in
// a labelled scolding / rhetorical / interrogating / brush_off / shirking span (for a span of several
// sentences, the one whose cues weigh most), negative when it lies in no labelled span. The model is
// the one the server runs: score = sum of the weights of the cues and modifiers that fire, a finding
// when score >= reply_cue_threshold. It is fitted as a logistic regression whose weights are pulled
// toward the authored `prior` column (a Gaussian prior, sd 0.5), so a cue the splits never show keeps
// its prior and a few examples cannot swing a weight far. The threshold stays as rules.conf sets it
// (one strong cue, or a weak one said with 你 or as a question): the splits hold few clean sentences
// with a cue (most cues are rare in clean replies), too few to move it; the weights move around it. Prints each cue's counts, prior and fitted
// weight, and the confusion on the training splits.
//   --write  writes the fitted weights (one decimal) into reply_cues.tsv
//   --check  exits 1 when the file's weights differ from the fit by more than 0.15
//
// Patterns are translated to JavaScript regular expressions ({m,n} gap -> .{m,n}); traditional-script
// forms are not generated here (the server adds them at load), so this reads the splits' simplified text.
// ctest reply_cues_fitted runs --check. Fit splits are an allowlist (FIT_SPLITS): every other split
// (holdout, fresh2, fresh5 and any later untouched one; the probe src/probe_forbidden.txt is not a split)
// is scored, never read, and refused by name
// (tests/corpus/README.md, "Split rule").
import fs from 'node:fs';
import path from 'node:path';

const args = process.argv.slice(2);
const write = args.includes('--write');
const check = args.includes('--check');
const splits = args.filter((a) => !a.startsWith('--'));
// The splits whose text may be read and fitted on; a split is named exactly (no path, no pattern).
const FIT_SPLITS = ['dev', 'fresh', 'fresh3', 'fresh4'];
if (!splits.length) splits.push(...FIT_SPLITS);
for (const s of splits)
  if (!FIT_SPLITS.includes(s)) {
    console.error(`fit_cues: ${s} is not a fit split (only ${FIT_SPLITS.join(', ')}); the others are for scoring only`);
    process.exit(2);
  }

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../..');
const cuesFile = path.join(root, 'lexicon/reply_cues.tsv');
const rulesFile = path.join(root, 'lexicon/rules.conf');
const RUDE = new Set(['scolding', 'rhetorical', 'interrogating', 'brush_off', 'shirking']);

// ---- the model's features ---------------------------------------------------------------------
const lines = fs.readFileSync(cuesFile, 'utf8').split('\n');
const features = [];  // {line, kind, name, prior, weight, re}
const toRegex = (p) => new RegExp(p.replace(/\{(\d+),(\d+)\}/g, '.{$1,$2}'), 'u');
lines.forEach((l, i) => {
  const f = l.split('\t');
  if (f[0] === 'cue') features.push({ line: i, kind: 'cue', name: f[1], prior: +f[3], weight: +f[4], re: toRegex(f[5]) });
  else if (f[0] === 'modifier' || f[0] === 'message_modifier')
    features.push({ line: i, kind: f[0], name: f[1], prior: +f[2], weight: +f[3], question: f[4] === '<question>', re: f[4] === '<question>' ? null : toRegex(f[4]) });
});
const thresholdLine = fs.readFileSync(rulesFile, 'utf8').match(/^reply_cue_threshold\s*=\s*([\d.]+)/m);
const fileThreshold = thresholdLine ? +thresholdLine[1] : 2.0;

const norm = (s) => s.normalize('NFKC').toLowerCase().replace(/[\s\u3000]/g, '');
const BREAK = /[，。？！；：、,.?!;:]/u;
// Sentences of a message with their [begin, end) in the raw text and whether a ？ follows.
function sentences(text) {
  const out = [];
  let b = 0;
  const chars = [...text];
  let pos = 0, start = 0;
  const offs = [];
  for (const ch of chars) { offs.push(pos); pos += ch.length; }
  offs.push(pos);
  for (let i = 0; i <= chars.length; i++) {
    if (i === chars.length || BREAK.test(chars[i])) {
      const raw = text.slice(offs[start], offs[i]);
      let q = false;
      for (let j = i; j < chars.length; j++) { if (/\s/.test(chars[j])) continue; q = chars[j] === '？' || chars[j] === '?'; break; }
      if (norm(raw)) out.push({ begin: offs[start], end: offs[i], text: norm(raw), question: q });
      start = i + 1;
    }
  }
  return out;
}
function featuresOf(all, k) {
  const s = all[k];
  const x = new Array(features.length).fill(0);
  let any = false;
  features.forEach((f, i) => {
    if (f.kind === 'cue') { if (f.re.test(s.text)) { x[i] = 1; any = true; } }
    else if (f.question) x[i] = s.question ? 1 : 0;
    else if (f.kind === 'modifier') x[i] = f.re.test(s.text) ? 1 : 0;
    else x[i] = all.some((o) => f.re.test(o.text)) ? 1 : 0;
  });
  return any ? x : null;
}

// ---- the examples -----------------------------------------------------------------------------
const examples = [];  // {x, y, text}
for (const split of splits) {
  const dir = path.join(root, 'tests/corpus', split);
  for (const name of fs.readdirSync(dir).filter((f) => f.endsWith('.jsonl')).sort()) {
    const msgs = fs.readFileSync(path.join(dir, name), 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l)).filter((o) => o.from);
    const expect = JSON.parse(fs.readFileSync(path.join(dir, name.replace(/\.jsonl$/, '.expect.json')), 'utf8'));
    msgs.forEach((m, idx) => {
      if (m.from !== 'consultant') return;
      const seq = idx + 1;
      const all = sentences(m.text);
      const labels = expect.findings.filter((l) => l.kind === 'forbidden_phrase' && l.seq === seq)
        .map((l) => ({ l, at: m.text.indexOf(l.text) })).filter((o) => o.at >= 0)
        .map((o) => ({ rude: RUDE.has(o.l.category), b: o.at, e: o.at + o.l.text.length }));
      const xs = all.map((_, k) => featuresOf(all, k));
      const inLabel = all.map((s) => labels.filter((l) => s.begin < l.e && l.b < s.end));
      const positive = new Set();
      for (const l of labels) {
        if (!l.rude) continue;
        let best = -1, bestScore = -Infinity;
        all.forEach((s, k) => {
          if (!xs[k] || !(s.begin < l.e && l.b < s.end)) return;
          const sc = xs[k].reduce((a, v, i) => a + v * features[i].prior, 0);
          if (sc > bestScore) { bestScore = sc; best = k; }
        });
        if (best >= 0) positive.add(best);
      }
      all.forEach((s, k) => {
        if (!xs[k]) return;
        if (positive.has(k)) examples.push({ x: xs[k], y: 1, text: `${name}#${seq} ${s.text}` });
        else if (!inLabel[k].length) examples.push({ x: xs[k], y: 0, text: `${name}#${seq} ${s.text}` });
      });
    });
  }
}

// ---- the fit ----------------------------------------------------------------------------------
// Parameters: one weight per feature, and the threshold T; p = sigmoid(w.x - T).
const w = features.map((f) => f.prior);
const T = fileThreshold;
const SD2 = 0.25;
const sigmoid = (z) => 1 / (1 + Math.exp(-z));
for (let it = 0; it < 4000; it++) {
  const g = new Array(w.length).fill(0);
  for (const e of examples) {
    const p = sigmoid(e.x.reduce((a, v, i) => a + v * w[i], 0) - T);
    const d = p - e.y;
    e.x.forEach((v, i) => { if (v) g[i] += d * v; });
  }
  features.forEach((f, i) => { g[i] += (w[i] - f.prior) / SD2; });
  // Modifiers (你, 您, ？, an offer, reassurance) keep their priors: the examples are sentences that
  // already hold a cue, nearly all of them rude, so 你 would look like rudeness itself.
  features.forEach((f, i) => { if (f.kind !== 'cue') g[i] = 0; });
  const lr = 0.05;
  w.forEach((_, i) => { w[i] -= lr * g[i]; });
  // Whether a cue decides alone is the author's call (its prior at or over the threshold): the
  // splits, which show most cues only in rude sentences, may strengthen a weak cue but not make it
  // decisive alone (上面有我们的地址 is directions, 你自己往上翻翻 is not).
  features.forEach((f, i) => { if (f.kind === 'cue' && f.prior < T) w[i] = Math.min(w[i], T - 0.1); });
}
const round = (v) => Math.round(v * 10) / 10;
const fitted = w.map(round);
const fittedT = T;

// ---- report -----------------------------------------------------------------------------------
const count = features.map(() => ({ pos: 0, neg: 0 }));
for (const e of examples) e.x.forEach((v, i) => { if (v) count[i][e.y ? 'pos' : 'neg']++; });
console.log(`examples: ${examples.filter((e) => e.y).length} positive, ${examples.filter((e) => !e.y).length} negative sentences with a cue (${splits.join(', ')})`);
console.log('feature                 pos  neg  prior  fitted');
features.forEach((f, i) => console.log(`${f.name.padEnd(22)} ${String(count[i].pos).padStart(4)} ${String(count[i].neg).padStart(4)} ${f.prior.toFixed(1).padStart(6)} ${fitted[i].toFixed(1).padStart(7)}`));
console.log(`threshold ${fittedT.toFixed(1)} (rules.conf reply_cue_threshold)`);
let tp = 0, fp = 0, fn = 0;
for (const e of examples) {
  const sc = e.x.reduce((a, v, i) => a + v * fitted[i], 0);
  const hasRudeCue = e.x.some((v, i) => v && features[i].kind === 'cue' && fitted[i] > 0);
  const said = sc >= fittedT && hasRudeCue;
  if (said && e.y) tp++; else if (said) { fp++; console.log(`  false alarm: ${e.text} (${sc.toFixed(1)})`); } else if (e.y) { fn++; console.log(`  missed: ${e.text} (${sc.toFixed(1)})`); }
}
console.log(`on the training sentences: ${tp} caught, ${fn} missed, ${fp} false alarms`);

if (write) {
  features.forEach((f, i) => {
    const cols = lines[f.line].split('\t');
    cols[f.kind === 'cue' ? 4 : 3] = fitted[i].toFixed(1);
    lines[f.line] = cols.join('\t');
  });
  fs.writeFileSync(cuesFile, lines.join('\n'));
  console.log('written: lexicon/reply_cues.tsv weights');
}
if (check) {
  const off = features.filter((f, i) => Math.abs(f.weight - fitted[i]) > 0.15).map((f) => f.name);
  if (off.length) { console.error(`fit_cues: not as fitted: ${off.join(', ')} (run with --write)`); process.exit(1); }
  console.log('fit_cues: the files hold the fitted weights');
}
