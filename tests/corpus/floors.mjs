#!/usr/bin/env node
// The analyzer's floors on the labelled corpus (issue #12): runs evaluate.mjs on each part named
// in floors.json and fails if any figure falls below its floor (or above its ceiling).
//
//   node tests/corpus/floors.mjs [--binary PATH]
//
// floors.json: { "PART": { "f1": min, "endings": min, "alarms_per_100": max, "critical": max }, ... }
// where PART is a folder of tests/corpus. The floors are set from measured figures, a little
// below them, so that a real regression fails and noise-free figures do not.
import fs from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2);
const binary = args[0] === '--binary' ? args[1] : process.env.LINGTING_BINARY;
const floors = JSON.parse(fs.readFileSync(path.join(here, 'floors.json'), 'utf8'));

let failed = 0;
for (const [part, want] of Object.entries(floors)) {
  const r = spawnSync(process.execPath, [path.join(here, 'evaluate.mjs'), '--json', ...(binary ? ['--binary', binary] : []),
    path.join(here, part)], { encoding: 'utf8', maxBuffer: 64 << 20 });
  if (r.status !== 0) {
    console.error(`${part}: evaluate.mjs exited ${r.status}\n${r.stderr}`);
    failed++;
    continue;
  }
  const got = JSON.parse(r.stdout);
  const figures = {
    f1: [got.overall.f1, 'min'],
    endings: [got.endings.accuracy, 'min'],
    alarms_per_100: [got.clean.alarms_per_100_consultant_messages, 'max'],
    critical: [got.clean.critical, 'max'],
  };
  for (const [name, limit] of Object.entries(want)) {
    const [value, way] = figures[name] ?? [];
    if (value === undefined) {
      console.error(`${part}: unknown figure ${name} in floors.json`);
      failed++;
      continue;
    }
    const ok = value !== null && (way === 'min' ? value >= limit : value <= limit);
    console.log(`${ok ? 'ok  ' : 'FAIL'} ${part} ${name}: ${value === null ? '-' : +value.toFixed(3)} (${way === 'min' ? '≥' : '≤'} ${limit})`);
    if (!ok) failed++;
  }
}
process.exit(failed ? 1 : 0);
