# Cold-init stub (bench/cold-init.sh), one process outside the measured JVMs: answers every POST like Step
# Functions' StartSyncExecution with a SUCCEEDED execution (the orchestrator), every GET like a vendor API
# with 200 and a small JSON body (the proxy's upstream).
import json, sys
from http.server import BaseHTTPRequestHandler, HTTPServer

OUT = json.dumps({"statusCode": 200, "headers": {"content-type": "text/plain"}, "body": "ok",
                  "isBase64Encoded": False, "waitSeconds": 0, "error": "", "cause": ""})
BODY = json.dumps({"executionArn": "arn:aws:states:us-east-1:123456789012:express:bench:x:y",
                   "startDate": 1767225600, "stopDate": 1767225601, "status": "SUCCEEDED", "output": OUT}).encode()

UPSTREAM = json.dumps({"id": 42, "text": "ok"}).encode()

class H(BaseHTTPRequestHandler):
    def do_GET(self):
        self.send_response(200)
        self.send_header("content-type", "application/json")
        self.send_header("content-length", str(len(UPSTREAM)))
        self.end_headers()
        self.wfile.write(UPSTREAM)
    def do_POST(self):
        self.rfile.read(int(self.headers.get("content-length", 0)))
        self.send_response(200)
        self.send_header("content-type", "application/x-amz-json-1.0")
        self.send_header("content-length", str(len(BODY)))
        self.end_headers()
        self.wfile.write(BODY)
    def log_message(self, *a):
        pass

srv = HTTPServer(("127.0.0.1", 0), H)
print(srv.server_address[1], flush=True)
srv.serve_forever()
