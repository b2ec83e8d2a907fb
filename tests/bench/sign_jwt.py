#!/usr/bin/python3
"""sign_jwt.py - a token of a trusted external issuer for `make bench` (A2):
signs the claims with openssl (RS256: RSA PKCS#1 v1.5, ES256: ECDSA P-256
with the DER signature turned into the 64-byte r||s that JWS wants).

usage: sign_jwt.py RS256|ES256 PRIVATE_KEY.pem ISSUER AGENCY NETWORK"""
import base64
import json
import subprocess
import sys
import time

alg, key, iss, agency, network = sys.argv[1:6]


def b64(data):
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def der_to_raw(der):
    """ECDSA-Sig-Value ::= SEQUENCE { r INTEGER, s INTEGER } -> r||s, 32 bytes each."""
    assert der[0] == 0x30
    pos = 2 if der[1] < 0x80 else 2 + (der[1] & 0x7F)
    out = b""
    for _ in range(2):
        assert der[pos] == 0x02
        n = der[pos + 1]
        out += der[pos + 2:pos + 2 + n].lstrip(b"\x00").rjust(32, b"\x00")
        pos += 2 + n
    return out


now = int(time.time())
header = {"alg": alg, "typ": "JWT"}
claims = {"iss": iss, "aud": "lotse", "sub": "bench-" + alg.lower(), "roles": ["caseworker"],
          "agency": agency, "network": network, "iat": now, "exp": now + 3600}
signing_input = (b64(json.dumps(header).encode()) + "." + b64(json.dumps(claims).encode())).encode()
sig = subprocess.run(["openssl", "dgst", "-sha256", "-sign", key], input=signing_input,
                     capture_output=True, check=True).stdout
if alg == "ES256":
    sig = der_to_raw(sig)
print(signing_input.decode() + "." + b64(sig))
