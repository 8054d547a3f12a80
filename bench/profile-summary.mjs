// Summarises a V8 .cpuprofile (from `node bench/run.mjs --cpu-prof DIR`): the functions with the most self time and
// the most inclusive time, with the bundle's source paths when dist/contractlens-core.js.map is next to the bundle.
//   node bench/profile-summary.mjs /tmp/prof/keystrokes-50000.cpuprofile [top=25] [--under changed]
// `--under NAME` keeps only the samples taken inside a function whose name is NAME (e.g. `changed`: the work done
// for didChange, without the didOpen and start-up that the same profile holds).
import { readFileSync, existsSync } from 'node:fs';

const args = process.argv.slice(2);
const underAt = args.indexOf('--under');
const under = underAt >= 0 ? args.splice(underAt, 2)[1] : undefined;
const [file, topArg] = args;
const top = Number(topArg ?? 25);
const profile = JSON.parse(readFileSync(file, 'utf8'));
const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const parent = new Map();
for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);

// Sample durations: timeDeltas[i] is the time before sample i.
const selfTime = new Map();
const inside = (id) => {
  for (let cur = id; cur !== undefined; cur = parent.get(cur)) if (byId.get(cur).callFrame.functionName === under) return true;
  return false;
};
for (let i = 0; i < profile.samples.length; i++) {
  if (under && !inside(profile.samples[i])) continue;
  const dt = (profile.timeDeltas[i + 1] ?? 0) / 1000;
  selfTime.set(profile.samples[i], (selfTime.get(profile.samples[i]) ?? 0) + dt);
}
const totalMs = [...selfTime.values()].reduce((a, b) => a + b, 0);

const sourceMap = loadSourceMap();
const label = (cf) => {
  const where = cf.url ? `${cf.url.replace(/^.*\//, '')}:${cf.lineNumber + 1}` : '';
  const src = sourceMap && cf.url.endsWith('contractlens-core.js') ? sourceMap(cf.lineNumber) : undefined;
  return `${cf.functionName || '(anonymous)'} ${src ?? where}`;
};

const self = new Map();
const inclusive = new Map();
for (const [id, ms] of selfTime) {
  const n = byId.get(id);
  const key = label(n.callFrame);
  self.set(key, (self.get(key) ?? 0) + ms);
  const seen = new Set();
  for (let cur = id; cur !== undefined; cur = parent.get(cur)) {
    const k = label(byId.get(cur).callFrame);
    if (seen.has(k)) continue; // recursion counts once
    seen.add(k);
    inclusive.set(k, (inclusive.get(k) ?? 0) + ms);
  }
}
const print = (title, map) => {
  console.log(`\n${title} (of ${totalMs.toFixed(0)} ms sampled)`);
  for (const [k, ms] of [...map].sort((a, b) => b[1] - a[1]).slice(0, top)) console.log(`${ms.toFixed(1).padStart(9)} ms ${((100 * ms) / totalMs).toFixed(1).padStart(5)}%  ${k}`);
};
print('Self time', self);
print('Inclusive time', inclusive);

/** Generated line → original `file` via the esbuild source map (lines only; enough to name the module). */
function loadSourceMap() {
  const mapFile = new URL('../dist/contractlens-core.js.map', import.meta.url);
  if (!existsSync(mapFile)) return undefined;
  const map = JSON.parse(readFileSync(mapFile, 'utf8'));
  const lineSource = [];
  const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
  let src = 0;
  let srcLine = 0;
  map.mappings.split(';').forEach((line, i) => {
    let first;
    for (const seg of line.split(',')) {
      if (!seg) continue;
      const vals = [];
      let v = 0;
      let shift = 0;
      for (const ch of seg) {
        const d = B64.indexOf(ch);
        v += (d & 31) << shift;
        if (d & 32) shift += 5;
        else {
          vals.push(v & 1 ? -(v >> 1) : v >> 1);
          v = 0;
          shift = 0;
        }
      }
      if (vals.length >= 4) {
        src += vals[1];
        srcLine += vals[2];
        first ??= `${map.sources[src].replace(/^(\.\.\/)+/, '')}:${srcLine + 1}`;
      }
    }
    lineSource[i] = first;
  });
  return (line) => lineSource[line];
}
