"""`attest sample` against a sampler written in Python from the README's description alone:
the same seed, population and size must give the same rows, and the digest must be the file's SHA-256."""
import hashlib
import json
import os
import subprocess
import tempfile

from conftest import BINARY

MASK = (1 << 64) - 1


class SplitMix64:
    def __init__(self, seed):
        self.state = seed & MASK

    def next(self):
        self.state = (self.state + 0x9E3779B97F4A7C15) & MASK
        z = self.state
        z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & MASK
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & MASK
        return z ^ (z >> 31)

    def uniform(self, m):
        threshold = ((1 << 64) - m) % m
        while True:
            r = self.next()
            if r >= threshold:
                return r % m


def floyd(n, k, generator):
    chosen = set()
    for j in range(n - k + 1, n + 1):
        t = 1 + generator.uniform(j)
        chosen.add(j if t in chosen else t)
    return sorted(chosen)


def systematic(n, k, generator):
    step = n // k
    start = 1 + generator.uniform(step)
    return [start + i * step for i in range(k)]


def test_vectors_from_the_readme():
    g = SplitMix64(0)
    assert [g.next(), g.next(), g.next()] == [0xE220A8397B1DCDAF, 0x6E789E6AA1B965F4, 0x06C45D188009454F]


def run_sample(path, *extra):
    out = subprocess.run([BINARY, "sample", "--population", path, "--period", "2026-01-01..2026-06-30", "--json", *extra],
                         check=True, capture_output=True, text=True).stdout
    return json.loads(out)


def test_attest_and_the_readme_draw_the_same_rows():
    folder = tempfile.mkdtemp(prefix="attest-sampler-")
    path = os.path.join(folder, "population.csv")
    with open(path, "w", newline="") as f:
        f.write("ticket,opened,summary\r\n")
        for i in range(1, 3001):
            f.write(f'T-{i},2026-02-{1 + i % 28:02d},"Request {i}, ""quoted"""\r\n')
    digest = hashlib.sha256(open(path, "rb").read()).hexdigest()
    for seed in (0, 42, 20261128, (1 << 53) - 1):
        result = run_sample(path, "--frequency", "per_event", "--risk", "high", "--seed", str(seed))
        assert result["population_sha256"] == digest
        assert result["population_rows"] == 3000 and result["sample_size"] == 40
        assert result["selected"] == floyd(3000, 40, SplitMix64(seed))
        result = run_sample(path, "--frequency", "daily", "--seed", str(seed), "--method", "systematic")
        assert result["selected"] == systematic(3000, 25, SplitMix64(seed))
