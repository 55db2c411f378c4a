"""Speed benchmarks: figures and ratios to read, never assertions (timings vary by machine)."""
