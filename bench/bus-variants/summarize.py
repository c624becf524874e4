#!/usr/bin/env python3
"""Median [min-max] per variant/payload/concurrency from a results file (argument: results/<time>.txt)."""
import re, sys, statistics
from collections import defaultdict
runs, wire = defaultdict(list), defaultdict(list)
for line in open(sys.argv[1]):
    kv = dict(re.findall(r'(\w+)=([\w.]+)', line))
    if line.startswith('RESULT'):
        runs[(kv['payload'], int(kv['conc']), kv['variant'])].append(kv)
    elif line.startswith('WIRE'):
        wire[(kv['payload'], kv['variant'])].append(kv)
def cell(rows, key):
    vals = sorted(float(r[key]) for r in rows)
    return f"{statistics.median(vals):,.0f} [{vals[0]:,.0f}-{vals[-1]:,.0f}]" if vals[-1] >= 100 else \
           f"{statistics.median(vals):.1f} [{vals[0]:.1f}-{vals[-1]:.1f}]"
print("| payload | conc | variant | sends/s | p50 µs | p99 µs | CPU µs/send | alloc KiB/send | n |")
print("|---|---|---|---|---|---|---|---|---|")
for key in sorted(runs):
    rows = runs[key]
    print(f"| {key[0]} | {key[1]} | {key[2]} | " + " | ".join(cell(rows, k) for k in
          ['sends_per_s', 'p50_us', 'p99_us', 'cpu_us_per_send', 'alloc_kib_per_send']) + f" | {len(rows)} |")
if wire:
    print("\n| wire payload | variant | wall µs per encode+decode | CPU µs | alloc KiB | n |\n|---|---|---|---|---|---|")
    for key in sorted(wire):
        rows = wire[key]
        print(f"| {key[0]} | {key[1]} | {cell(rows, 'us_per_roundtrip')} | {cell(rows, 'cpu_us_per_roundtrip') if 'cpu_us_per_roundtrip' in rows[0] else '-'} | {cell(rows, 'alloc_kib_per_roundtrip')} | {len(rows)} |")
