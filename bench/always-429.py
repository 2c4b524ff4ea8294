# A local server that answers every request 429 with Retry-After: 600 (docs/simulate.md). Loopback only;
# stops by itself after 10 minutes. Usage: python3 bench/always-429.py 18429
import http.server, threading, sys
class H(http.server.BaseHTTPRequestHandler):
    def _answer(self):
        body = b'{"error":"rate limited"}'
        self.send_response(429)
        self.send_header("Retry-After", "600")
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)
    do_GET = do_POST = do_PUT = do_DELETE = do_PATCH = _answer
    def log_message(self, *a): pass
s = http.server.ThreadingHTTPServer(("127.0.0.1", int(sys.argv[1])), H)
threading.Timer(600, s.shutdown).start()
s.serve_forever()
