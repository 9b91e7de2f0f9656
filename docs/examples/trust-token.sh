#!/usr/bin/env bash
# Prints an access token for an acute trust's backend system, obtained the SMART Backend Services way:
# client_credentials with a private_key_jwt client assertion signed by the trust's own key.
# Dev and demo use only: it also registers the trust's public key on Parity's Keycloak through the
# admin REST API, which a real trust never does (see docs/identity.md, "Registering a trust's keys").
#
#   TOKEN=$(docs/examples/trust-token.sh trust-demo-general)     # ES384, P-384 key
#   TOKEN=$(docs/examples/trust-token.sh trust-demo-acute)       # RS384, RSA 3072 key
#   curl -H "Authorization: Bearer $TOKEN" http://127.0.0.1:8080/fhir/Patient/demo-cedar-01
#
# Steps: 1. generate the trust's key pair with openssl (once; kept in KEY_DIR);
#        2. register its public JWK inline on the client (admin API, dev only; REGISTER=0 skips it);
#        3. sign a client assertion (iss = sub = client id, aud = token endpoint, jti, iat, exp = iat + 55 s);
#        4. POST it to the token endpoint with grant_type=client_credentials and print the access token.
#
# Environment (optional):
#   KEYCLOAK_URL   default http://127.0.0.1:8180 (what deploy/run-local.sh starts)
#   REALM          default parity
#   KEY_DIR        default ./trust-keys (private keys: keep them out of version control)
#   REGISTER       default 1; 0 = the public key is already registered (or published at the client's jwks.url)
#   SCOPE          default system/*.rs
#   KC_BOOTSTRAP_ADMIN_USERNAME / KC_BOOTSTRAP_ADMIN_PASSWORD   Keycloak admin (run-local.sh's dev defaults admin / admin)
# Needs bash, curl, openssl and python3.
set -euo pipefail

client_id="${1:-trust-demo-general}"
kc="${KEYCLOAK_URL:-http://127.0.0.1:8180}"
realm="${REALM:-parity}"
key_dir="${KEY_DIR:-./trust-keys}"
register="${REGISTER:-1}"
scope="${SCOPE:-system/*.rs}"
token_url="$kc/realms/$realm/protocol/openid-connect/token"

fail() { echo "trust-token.sh: $*" >&2; exit 1; }
b64url() { openssl base64 -A | tr '+/' '-_' | tr -d '='; }

case "$client_id" in
  trust-demo-acute) alg=RS384 ;;      # the realm pins each client's signature algorithm
  trust-demo-general) alg=ES384 ;;
  *) alg="${ALG:-}"; [ -n "$alg" ] || fail "unknown client $client_id: set ALG=RS384 or ALG=ES384" ;;
esac

# 1. The trust's key pair (the private key never leaves the trust).
mkdir -p "$key_dir"
key="$key_dir/$client_id.pem"
if [ ! -f "$key" ]; then
  umask 077
  case "$alg" in
    RS*) openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:3072 -out "$key" 2>/dev/null ;;
    ES384) openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-384 -out "$key" 2>/dev/null ;;
    *) fail "unsupported algorithm $alg" ;;
  esac
  echo "trust-token.sh: generated $key" >&2
fi

# The public JWK (RFC 7517) with its RFC 7638 thumbprint as kid, from the public key in DER.
jwk="$(openssl pkey -in "$key" -pubout -outform DER | python3 -c '
import base64, hashlib, json, sys
der = sys.stdin.buffer.read()
b64 = lambda b: base64.urlsafe_b64encode(b).rstrip(b"=").decode()
def tlv(buf, i):                       # one DER element: (tag, content start, content end)
    tag, n = buf[i], buf[i + 1]; i += 2
    if n & 0x80:
        k = n & 0x7f; n = int.from_bytes(buf[i:i + k], "big"); i += k
    return tag, i, i + n
_, s, _ = tlv(der, 0)                  # SubjectPublicKeyInfo
_, a, a_end = tlv(der, s)              # AlgorithmIdentifier
_, b, b_end = tlv(der, a_end)          # BIT STRING
bits = der[b + 1:b_end]                # skip the unused-bits byte
if sys.argv[1].startswith("ES"):
    # uncompressed point 04 || X || Y, 48 bytes each on P-384
    x, y = bits[1:49], bits[49:97]
    jwk = {"crv": "P-384", "kty": "EC", "x": b64(x), "y": b64(y)}
else:
    _, r, _ = tlv(bits, 0)             # RSAPublicKey SEQUENCE
    _, n0, n1 = tlv(bits, r); _, e0, e1 = tlv(bits, n1)
    jwk = {"e": b64(bits[e0:e1].lstrip(b"\0")), "kty": "RSA", "n": b64(bits[n0:n1].lstrip(b"\0"))}
kid = b64(hashlib.sha256(json.dumps(jwk, separators=(",", ":"), sort_keys=True).encode()).digest())
jwk.update({"kid": kid, "use": "sig", "alg": sys.argv[1]})
print(json.dumps(jwk))
' "$alg")"
kid="$(python3 -c 'import json,sys; print(json.loads(sys.argv[1])["kid"])' "$jwk")"

# 2. Register the public JWKS inline on the client (DEV ONLY: the admin API with the bootstrap admin).
if [ "$register" = 1 ]; then
  admin="$(curl -sS "$kc/realms/master/protocol/openid-connect/token" \
    -d grant_type=password -d client_id=admin-cli \
    --data-urlencode "username=${KC_BOOTSTRAP_ADMIN_USERNAME:-admin}" \
    --data-urlencode "password=${KC_BOOTSTRAP_ADMIN_PASSWORD:-admin}" \
    | python3 -c 'import json,sys; print(json.load(sys.stdin).get("access_token", ""))')" \
    || fail "cannot reach Keycloak at $kc"
  [ -n "$admin" ] || fail "Keycloak admin sign-in refused (KC_BOOTSTRAP_ADMIN_USERNAME / _PASSWORD?)"
  id="$(curl -sS -H "Authorization: Bearer $admin" "$kc/admin/realms/$realm/clients?clientId=$client_id" \
    | python3 -c 'import json,sys; c=json.load(sys.stdin); print(c[0]["id"] if c else "")')"
  [ -n "$id" ] || fail "no client $client_id in realm $realm"
  status="$(curl -sS -H "Authorization: Bearer $admin" "$kc/admin/realms/$realm/clients/$id" \
    | python3 -c '
import json, sys
c = json.load(sys.stdin)
c["attributes"].update({"use.jwks.string": "true", "jwks.string": json.dumps({"keys": [json.loads(sys.argv[1])]}),
                        "use.jwks.url": "false"})
print(json.dumps(c))' "$jwk" \
    | curl -sS -o /dev/null -w '%{http_code}' -X PUT -H "Authorization: Bearer $admin" \
        -H 'Content-Type: application/json' --data-binary @- "$kc/admin/realms/$realm/clients/$id")"
  [ "$status" = 204 ] || fail "registering the public key on $client_id answered HTTP $status"
  echo "trust-token.sh: registered public key kid=$kid on $client_id" >&2
fi

# 3. The client assertion: a JWT signed with the private key, valid for 55 s (Keycloak wants iat and exp <= 60 s).
now="$(date +%s)"
header="$(printf '{"alg":"%s","kid":"%s","typ":"JWT"}' "$alg" "$kid" | b64url)"
claims="$(printf '{"iss":"%s","sub":"%s","aud":"%s","jti":"%s","iat":%d,"exp":%d}' \
  "$client_id" "$client_id" "$token_url" "$(openssl rand -hex 16)" "$now" "$((now + 55))" | b64url)"
signature="$(printf '%s.%s' "$header" "$claims" | openssl dgst -sha384 -sign "$key" -binary | python3 -c '
import base64, sys
sig = sys.stdin.buffer.read()
if sys.argv[1].startswith("ES"):
    # openssl writes ECDSA signatures as DER SEQUENCE { r, s }; JWS wants r || s, 48 bytes each
    def tlv(buf, i):
        n = buf[i + 1]; i += 2
        if n & 0x80:
            k = n & 0x7f; n = int.from_bytes(buf[i:i + k], "big"); i += k
        return i, i + n
    s0, _ = tlv(sig, 0)
    r0, r1 = tlv(sig, s0); t0, t1 = tlv(sig, r1)
    sig = int.from_bytes(sig[r0:r1], "big").to_bytes(48, "big") + int.from_bytes(sig[t0:t1], "big").to_bytes(48, "big")
print(base64.urlsafe_b64encode(sig).rstrip(b"=").decode())
' "$alg")"

# 4. client_credentials with the assertion.
answer="$(curl -sS "$token_url" \
  --data-urlencode grant_type=client_credentials \
  --data-urlencode "scope=$scope" \
  --data-urlencode client_assertion_type=urn:ietf:params:oauth:client-assertion-type:jwt-bearer \
  --data-urlencode "client_assertion=$header.$claims.$signature")" || fail "cannot reach $token_url"
python3 -c '
import json, sys
answer = json.loads(sys.argv[1])
if "access_token" not in answer:
    sys.exit("trust-token.sh: no access_token in the token answer: %s" % answer)
print(answer["access_token"])
' "$answer"
