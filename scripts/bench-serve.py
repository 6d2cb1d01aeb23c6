#!/usr/bin/python3
"""bench-serve.py CHISO HISTORY_FILE SMALL_FILE... — the server part of `make bench`.

Starts `chiso serve` on a free port of 127.0.0.1 (--workers 8, so 8 clients never get
503), then:
  1. 8 concurrent clients convert small appendices (POST /api/convert, one file each,
     round robin over SMALL_FILE...) for BENCH_SERVE_SECONDS (default 60) seconds;
  2. 1 client uploads HISTORY_FILE (a 100,000-row history) to POST /api/history.
Prints requests per second, p50/p99 latency, errors (anything but 200: must be 0), and the
server process's resident memory (VmRSS of the server itself, sampled every 0.5 s; its
children are separate processes): the peak over the first and over the last quarter of
the load run must be close (flat: no growth with the number of requests).
Exit status 0 when errors == 0 and the memory is flat, else 1."""
import os
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request

CHISO, HIST, SMALLS = sys.argv[1], sys.argv[2], sys.argv[3:]
SECONDS = float(os.environ.get("BENCH_SERVE_SECONDS", "60"))
CLIENTS = 8


def multipart(path, field="file"):
    b = "----chisobench"
    data = open(path, "rb").read()
    name = os.path.basename(path)
    body = (f"--{b}\r\nContent-Disposition: form-data; name=\"{field}\"; filename=\"{name}\"\r\n"
            f"Content-Type: application/octet-stream\r\n\r\n").encode() + data + f"\r\n--{b}--\r\n".encode()
    return body, "multipart/form-data; boundary=" + b


def post(base, url, body, ct, timeout=600):
    req = urllib.request.Request(base + url, data=body, headers={"Content-Type": ct})
    try:
        with urllib.request.urlopen(req, timeout=timeout) as r:
            r.read()
            return r.status
    except urllib.error.HTTPError as e:
        e.read()
        return e.code
    except OSError:
        return 0


def rss_kb(pid):
    try:
        for line in open(f"/proc/{pid}/status"):
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def main():
    tmp = tempfile.mkdtemp(prefix="chiso-bench-serve-")
    portfile = os.path.join(tmp, "port")
    env = dict(os.environ, TMPDIR=tmp)
    log = open(os.path.join(tmp, "serve.log"), "w")
    srv = subprocess.Popen([CHISO, "serve", "--port", "0", "--port-file", portfile, "--workers", str(CLIENTS),
                            "--max-upload", "200M", "--stop-with-parent"], stdout=log, stderr=log, env=env)
    try:
        deadline = time.monotonic() + 30
        while not (os.path.exists(portfile) and open(portfile).read().strip()):
            if srv.poll() is not None or time.monotonic() > deadline:
                print("bench-serve: the server did not start", file=sys.stderr)
                return 1
            time.sleep(0.01)
        base = "http://127.0.0.1:" + open(portfile).read().strip()
        bodies = [multipart(p) for p in SMALLS]

        lat, errors, lock = [], [0], threading.Lock()
        statuses = {}
        samples = []            # (t, rss)
        stop = threading.Event()

        def sampler():
            t0 = time.monotonic()
            while not stop.wait(0.5):
                samples.append((time.monotonic() - t0, rss_kb(srv.pid)))

        def client(k):
            i = k
            end = start + SECONDS
            while time.monotonic() < end:
                body, ct = bodies[i % len(bodies)]
                i += CLIENTS
                t = time.monotonic()
                st = post(base, "/api/convert", body, ct)
                dt = time.monotonic() - t
                with lock:
                    lat.append(dt)
                    if st != 200:
                        errors[0] += 1
                        statuses[st] = statuses.get(st, 0) + 1

        sm = threading.Thread(target=sampler)
        sm.start()
        start = time.monotonic()
        ts = [threading.Thread(target=client, args=(k,)) for k in range(CLIENTS)]
        for t in ts:
            t.start()
        for t in ts:
            t.join()
        elapsed = time.monotonic() - start
        stop.set()
        sm.join()

        lat.sort()
        n = len(lat)
        p = lambda q: lat[min(n - 1, int(q * n))] * 1000 if n else 0
        q = max(1, len(samples) // 4)
        first = max(r for _, r in samples[:q]) if samples else 0
        last = max(r for _, r in samples[-q:]) if samples else 0
        print(f"  server, {CLIENTS} clients x {SECONDS:.0f} s of small appendices: {n} requests, "
              f"{n / elapsed:.1f} req/s, p50 {p(0.50):.0f} ms, p99 {p(0.99):.0f} ms, errors {errors[0]}"
              + (f" {statuses}" if statuses else ""))
        print(f"  server RSS (the server process; conversions run in children): "
              f"first quarter peak {first / 1024:.1f} MB, last quarter peak {last / 1024:.1f} MB")

        body, ct = multipart(HIST)
        peak = [rss_kb(srv.pid)]
        done = threading.Event()

        def watch():
            while not done.wait(0.2):
                peak[0] = max(peak[0], rss_kb(srv.pid))

        w = threading.Thread(target=watch)
        w.start()
        t = time.monotonic()
        st = post(base, "/api/history", body, ct)
        ht = time.monotonic() - t
        done.set()
        w.join()
        hist_ok = st == 200
        print(f"  server, 1 client, history of {os.path.basename(HIST)} ({len(body) / 1e6:.1f} MB): "
              f"status {st}, {ht:.1f} s, server peak RSS {peak[0] / 1024:.1f} MB")
        flat = last <= first * 1.25 + 4096      # within 25 % (+4 MB of allocator slack)
        ok = errors[0] == 0 and hist_ok and flat
        print(f"  server verdict: {'PASS' if ok else 'MISS'} (errors must be 0, history 200, "
              f"memory flat: {'yes' if flat else 'no'})")
        return 0 if ok else 1
    finally:
        srv.terminate()
        try:
            srv.wait(timeout=30)
        except subprocess.TimeoutExpired:
            srv.kill()
        log.close()
        subprocess.run(["rm", "-rf", tmp])


sys.exit(main())
