#!/usr/bin/python3
"""Slow and greedy clients against `chiso serve` (used by test_serve_http.sh).

serve_slow.py busy PORT BASE  -- two clients hold both worker slots (--workers 2) with
    uploads that never finish; another conversion gets 503 + Retry-After and a Vietnamese
    message; once they leave, conversions work again.
serve_slow.py slow PORT BASE  -- a client that stops in the middle of its headers, and one
    that stops in the middle of its body, are disconnected after --idle-timeout; the server
    answers others meanwhile.
No sleep is used to wait for the server: every wait is a bounded poll on a condition."""
import json
import os
import select
import socket
import sys
import threading
import time
import urllib.error
import urllib.request

mode, port, base = sys.argv[1], int(sys.argv[2]), sys.argv[3]
ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SAMPLE = open(os.path.join(ROOT, "samples", "phu-tan-2024-t5-w1.csv"), "rb").read()


def multipart(data, name="phu-tan-2024-t5-w1.csv"):
    b = b"----chisotest"
    body = (b"--" + b + b'\r\nContent-Disposition: form-data; name="file"; filename="' + name.encode() +
            b'"\r\nContent-Type: text/csv\r\n\r\n' + data + b"\r\n--" + b + b"--\r\n")
    return body, "multipart/form-data; boundary=" + b.decode()


def convert():
    body, ct = multipart(SAMPLE)
    req = urllib.request.Request(base + "/api/convert", data=body, headers={"Content-Type": ct})
    try:
        with urllib.request.urlopen(req, timeout=60) as r:
            return r.status, dict(r.headers), r.read()
    except urllib.error.HTTPError as e:
        return e.code, dict(e.headers), e.read()


def health():
    with urllib.request.urlopen(base + "/healthz", timeout=10) as r:
        return r.read() == b"ok\n"


def holder(stop, holding):
    """An upload that never finishes: headers, then one body byte now and then. If the
    server answers it (503: the other slot was taken by a conversion at that moment), it
    starts again. `holding` is set while it has gone two ticks unanswered."""
    body, ct = multipart(b"x" * 100000)
    while not stop.is_set():
        holding.clear()
        s = socket.create_connection(("127.0.0.1", port))
        s.sendall(b"POST /api/convert HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: " + ct.encode() +
                  b"\r\nContent-Length: " + str(len(body)).encode() + b"\r\n\r\n" + body[:200])
        i, ticks, answered = 200, 0, False
        while not stop.wait(0.3):
            if select.select([s], [], [], 0)[0]:
                answered = True
                break
            try:
                s.sendall(body[i:i + 1])
            except OSError:
                answered = True
                break
            i += 1
            ticks += 1
            if ticks >= 2:
                holding.set()
        holding.clear()
        s.close()
        if not answered:
            return


def busy():
    stop = threading.Event()
    flags = [threading.Event() for _ in range(2)]
    ts = [threading.Thread(target=holder, args=(stop, f)) for f in flags]
    for t in ts:
        t.start()
    ok = False
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and not ok:
        # no conversion while the holders get their slots: then both hold one
        if not all(f.wait(1) for f in flags):
            continue
        st, h, body = convert()
        if st == 503:
            msg = json.loads(body)["error"]
            assert msg["code"] == "busy", msg
            assert "bận" in msg["message"], msg
            assert h.get("Retry-After") == "5", h
            ok = True
    stop.set()
    for t in ts:
        t.join()
    if not ok:
        print("never got 503 while both slots were held", file=sys.stderr)
        return 1
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        if convert()[0] == 200:
            return 0
    print("no conversion after the greedy clients left", file=sys.stderr)
    return 1


def closed_within(s, seconds):
    s.settimeout(seconds)
    try:
        while True:
            d = s.recv(4096)
            if not d:
                return True
    except socket.timeout:
        return False
    except OSError:
        return True


def slow():
    a = socket.create_connection(("127.0.0.1", port))
    a.sendall(b"POST /api/convert HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Ty")
    b = socket.create_connection(("127.0.0.1", port))
    body, ct = multipart(SAMPLE)
    b.sendall(b"POST /api/convert HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: " + ct.encode() +
              b"\r\nContent-Length: " + str(len(body)).encode() + b"\r\n\r\n" + body[:100])
    assert health(), "healthz while slow clients wait"
    assert convert()[0] == 200, "a conversion while slow clients wait"
    # --idle-timeout 2: both are cut off well within 30 s
    assert closed_within(a, 30), "slow headers: connection not closed"
    assert closed_within(b, 30), "slow body: connection not closed"
    return 0


sys.exit(busy() if mode == "busy" else slow())
