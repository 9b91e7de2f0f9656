#!/usr/bin/env bash
# Prints a user's access token from Parity's Keycloak, obtained the way the ward UI does it:
# authorization code + PKCE (S256) for the public client ward-ui. Dev and demo use only.
#
#   TOKEN=$(docs/examples/token.sh nurse.willow Parity-demo-1)
#   curl -H "Authorization: Bearer $TOKEN" http://127.0.0.1:8080/fhir/Patient
#
# Environment (optional):
#   KEYCLOAK_URL   default http://127.0.0.1:8180 (what deploy/run-local.sh starts)
#   REALM          default parity
#   CLIENT_ID      default ward-ui
#   REDIRECT_URI   default http://127.0.0.1:8080/ward/ (must be registered on the client; nothing listens on it)
#   SCOPE          default "openid fhirUser user/*.cruds patient/*.rs patient/CarePlan.cru"
#   TOKEN_FIELD    default access_token (id_token or refresh_token to print those instead)
# Needs bash, curl, openssl and python3 (to read the login form and the JSON answer).
set -euo pipefail

[ $# -eq 2 ] || { echo "usage: $0 USERNAME PASSWORD" >&2; exit 2; }
username="$1"
password="$2"
kc="${KEYCLOAK_URL:-http://127.0.0.1:8180}"
realm="${REALM:-parity}"
client_id="${CLIENT_ID:-ward-ui}"
redirect_uri="${REDIRECT_URI:-http://127.0.0.1:8080/ward/}"
scope="${SCOPE:-openid fhirUser user/*.cruds patient/*.rs patient/CarePlan.cru}"
field="${TOKEN_FIELD:-access_token}"
base="$kc/realms/$realm/protocol/openid-connect"

fail() { echo "token.sh: $*" >&2; exit 1; }
b64url() { openssl base64 -A | tr '+/' '-_' | tr -d '='; }

# PKCE: a random verifier and its S256 challenge.
verifier="$(openssl rand 48 | b64url)"
challenge="$(printf '%s' "$verifier" | openssl dgst -sha256 -binary | b64url)"
state="$(openssl rand 16 | b64url)"

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

# 1. The authorization request: Keycloak answers with its login page and session cookies.
#    Keycloak marks its cookies Secure even over plain http, and curl's cookie jar would not send
#    them back to an http URL, so the cookies are carried by hand.
curl -sS -G -D "$work/h1" -o "$work/login.html" "$base/auth" \
  --data-urlencode "client_id=$client_id" \
  --data-urlencode "response_type=code" \
  --data-urlencode "redirect_uri=$redirect_uri" \
  --data-urlencode "scope=$scope" \
  --data-urlencode "state=$state" \
  --data-urlencode "code_challenge=$challenge" \
  --data-urlencode "code_challenge_method=S256" \
  || fail "cannot reach Keycloak at $kc (start it with deploy/run-local.sh, or set KEYCLOAK_URL)"

refused="$(tr -d '\r' <"$work/h1" | sed -n 's/^[Ll]ocation: *//p' | head -n 1)"
[ -z "$refused" ] || fail "authorization request refused: $refused"
cookies="$(tr -d '\r' <"$work/h1" | sed -n 's/^[Ss]et-[Cc]ookie: *\([^;]*\).*/\1/p' | paste -sd ';' - | sed 's/;/; /g')"
action="$(python3 -c '
import html, re, sys
page = open(sys.argv[1], encoding="utf-8").read()
m = re.search(r"<form[^>]*id=\"kc-form-login\"[^>]*action=\"([^\"]+)\"", page) or re.search(r"action=\"([^\"]+)\"", page)
print(html.unescape(m.group(1)) if m else "")
' "$work/login.html")"
[ -n "$action" ] || fail "no login form from Keycloak (client, redirect URI or scope refused?): $(head -c 300 "$work/login.html")"

# 2. Sign in: the answer is a redirect to redirect_uri carrying the code.
curl -sS -D "$work/h2" -o /dev/null "$action" \
  -H "Cookie: $cookies" \
  --data-urlencode "username=$username" \
  --data-urlencode "password=$password" \
  --data-urlencode "credentialId="
location="$(tr -d '\r' <"$work/h2" | sed -n 's/^[Ll]ocation: *//p' | head -n 1)"
code="$(python3 -c '
import sys, urllib.parse
q = urllib.parse.parse_qs(urllib.parse.urlsplit(sys.argv[1]).query)
print(q["code"][0] if "code" in q and q.get("state", [""])[0] == sys.argv[2] else "")
' "$location" "$state")"
[ -n "$code" ] || fail "sign-in failed for $username (wrong password, locked out, or a required action?)"

# 3. Exchange the code, proving possession of the PKCE verifier.
curl -sS -o "$work/token.json" "$base/token" \
  --data-urlencode "grant_type=authorization_code" \
  --data-urlencode "client_id=$client_id" \
  --data-urlencode "code=$code" \
  --data-urlencode "redirect_uri=$redirect_uri" \
  --data-urlencode "code_verifier=$verifier"
python3 -c '
import json, sys
answer = json.load(open(sys.argv[1]))
if sys.argv[2] not in answer:
    sys.exit("token.sh: no %s in the token answer: %s" % (sys.argv[2], answer))
print(answer[sys.argv[2]])
' "$work/token.json" "$field"
