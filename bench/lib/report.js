/** Benchmark output: one JSON object per line on stdout, `{bench, metric, value, unit[, baseline, ratio]}`. */
'use strict';

function report(bench, metric, value, unit, extra = {}) {
  process.stdout.write(`${JSON.stringify({ bench, metric, value, unit, ...extra })}\n`);
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

function round(value, digits = 3) {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}

module.exports = { report, median, round };
