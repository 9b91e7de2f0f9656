#!/usr/bin/env bash
# Safety plans over the FHIR API, as in docs/api-guide.md section 12: start a plan with the patient, edit it with
# If-Match (and see a stale edit refused), agree it, read the FHIR document, share it under the patient's
# Consent, see the review Task, see a risk level refused, and revise the plan as a new version.
#
#   BASE=http://localhost:8080/fhir docs/examples/safety-plan.sh
#
# Needs curl, jq, and what docs/examples/token.sh needs, a running Parity server with the demo hospital and its
# Keycloak (deploy/run-local.sh). Signs in as nurse.willow (demo password Parity-demo-1). Writes synthetic data
# for Fatima Nwosu (Patient/demo-willow-01): each run starts a new draft plan; if she already has an agreed plan,
# the new one is agreed as its revision (replaces), so nothing is ever deleted. Never point it at a live server.
set -euo pipefail

BASE=${BASE:-http://localhost:8080/fhir}
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
TOKEN=${TOKEN:-$("$HERE/token.sh" nurse.willow "${DEMO_PASSWORD:-Parity-demo-1}")}
SP=https://parity-epr.org/fhir/CodeSystem/safety-plan
EXT=https://parity-epr.org/fhir/StructureDefinition
PATIENT=Patient/demo-willow-01
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT

step() { printf '\n### %s\n' "$*"; }
# call METHOD PATH [BODY_FILE] [HEADER...]: prints the status; the body is in $TMP/body.json.
call() {
  local method=$1 path=$2 body=${3:-}
  shift 3 2>/dev/null || shift $#
  local args=(-s -o "$TMP/body.json" -w '%{http_code}' -X "$method" -H 'Accept: application/fhir+json'
    -H "Authorization: Bearer $TOKEN")
  [ -n "$body" ] && args+=(-H 'Content-Type: application/fhir+json' --data-binary "@$body")
  for h in "$@"; do args+=(-H "$h"); done
  printf '%s %s -> HTTP %s\n' "$method" "$path" "$(curl "${args[@]}" "$BASE/$path")"
}
entry() { # entry ID SECTION WORDS [AUTHOR]
  jq -n --arg id "$1" --arg s "$2" --arg w "$3" --arg a "${4:-}" --arg sp "$SP" --arg ext "$EXT" '{id: $id,
    extension: (if $a == "" then [] else [{url: ($ext + "/safety-plan-entry-author"), valueReference: {reference: $a}}] end),
    detail: {code: {coding: [{system: $sp, code: $s}]}, status: "in-progress", description: $w}}'
}

step "1. Start a draft with the patient: her words, her sister's (with consent) and one with no author (the nurse's)"
jq -n --arg sp "$SP" --arg p "$PATIENT" \
  --argjson a "$(entry warning-1 warning-signs 'When I stop answering my phone and stay in bed' "$PATIENT")" \
  --argjson b "$(entry sister-1 people-to-ask 'Ring me any time, I will come over' RelatedPerson/demo-willow-01-sister)" \
  --argjson c "$(entry crisis-1 professionals-services 'Samaritans 116 123, any time')" \
  '{resourceType: "CarePlan", status: "draft", intent: "plan", title: "My safety plan",
    category: [{coding: [{system: $sp, code: "safety-plan"}]}], subject: {reference: $p}, activity: [$a, $b, $c]}' \
  > "$TMP/draft.json"
call POST CarePlan "$TMP/draft.json"
PLAN=$(jq -r .id "$TMP/body.json")
jq -c '{id, version: .meta.versionId, authors: [.activity[] | .extension[] | select(.url | endswith("entry-author")) | .valueReference.reference]}' "$TMP/body.json"

step "2. Add an entry with If-Match; the same edit again from the old version is refused (412)"
call GET "CarePlan/$PLAN"
jq --argjson e "$(entry coping-1 coping-on-my-own 'Gospel playlist, loud' "$PATIENT")" '.activity += [$e]' \
  "$TMP/body.json" > "$TMP/edit.json"
call PUT "CarePlan/$PLAN" "$TMP/edit.json" 'If-Match: W/"1"'
call PUT "CarePlan/$PLAN" "$TMP/edit.json" 'If-Match: W/"1"'
jq -c '.issue[0] | {code, diagnostics}' "$TMP/body.json"
call PUT "CarePlan/$PLAN" "$TMP/edit.json"
jq -c '.issue[0] | {code, expression}' "$TMP/body.json"

step "3. Agree it with the patient (a revision if she already has an agreed plan)"
call GET "CarePlan?subject=$PATIENT&status=active&category=$SP%7Csafety-plan"
CURRENT=$(jq -r '.entry[0].resource.id // empty' "$TMP/body.json")
call GET "CarePlan/$PLAN"
jq --arg now "$(date -u +%Y-%m-%dT%H:%M:%S+00:00)" --arg due "$(date -u -d '+3 months' +%Y-%m-%d)" \
  --arg ext "$EXT" --arg sp "$SP" --arg current "$CURRENT" '.status = "active" | .extension = [
  {url: ($ext + "/safety-plan-agreement"), extension: [{url: "date", valueDateTime: $now},
     {url: "method", valueCoding: {system: $sp, code: "agreed-in-person"}}]},
  {url: ($ext + "/safety-plan-review-due"), valueDate: $due}]
  | if $current == "" then . else .replaces = [{reference: ("CarePlan/" + $current)}] end' \
  "$TMP/body.json" > "$TMP/agreed.json"
VERSION=$(jq -r .meta.versionId "$TMP/body.json")
call PUT "CarePlan/$PLAN" "$TMP/agreed.json" "If-Match: W/\"$VERSION\""
jq -c '{status, replaces}' "$TMP/body.json"
[ -n "$CURRENT" ] && call GET "CarePlan/$CURRENT" && jq -c '{id, status}' "$TMP/body.json"

step "4. The words of an agreed plan are not changed in place (422)"
call GET "CarePlan/$PLAN"
VERSION=$(jq -r .meta.versionId "$TMP/body.json")
jq '.activity[0].detail.description = "Something else"' "$TMP/body.json" > "$TMP/reword.json"
call PUT "CarePlan/$PLAN" "$TMP/reword.json" "If-Match: W/\"$VERSION\""
jq -c '.issue[0] | {expression, diagnostics}' "$TMP/body.json"

step "5. The FHIR document"
call GET "CarePlan/$PLAN/\$document"
jq -c '{type, title: .entry[0].resource.title, sections: [.entry[0].resource.section[].title], entries: [.entry[].resource.resourceType]}' "$TMP/body.json"

step "6. Share it with her sister under her Consent; without a Consent it is refused"
jq -n '{resourceType: "Parameters", parameter: [
  {name: "recipient", valueReference: {reference: "RelatedPerson/demo-willow-01-sister"}},
  {name: "consent", valueReference: {reference: "Consent/demo-willow-01-sister"}},
  {name: "channel", valueString: "NHSmail"}]}' > "$TMP/share.json"
call POST "CarePlan/$PLAN/\$share" "$TMP/share.json"
jq -c '.parameter[] | select(.name == "communication") | .valueReference' "$TMP/body.json"
jq '.parameter |= map(select(.name == "recipient"))' "$TMP/share.json" > "$TMP/noconsent.json"
call POST "CarePlan/$PLAN/\$share" "$TMP/noconsent.json"
jq -c '.issue[0] | {code, expression}' "$TMP/body.json"

step "7. The review Task"
call GET "Task?code=$SP%7Csafety-plan-review&status=requested&focus=CarePlan/$PLAN"
jq -c '.entry[]?.resource | {due: .restriction.period.end, reasons: .reasonCode.text, plan: .focus.reference}' "$TMP/body.json"

step "8. A suicide risk level is refused (422)"
jq -n --arg p "$PATIENT" '{resourceType: "Flag", status: "active", subject: {reference: $p}, code: {text: "High risk of suicide"}}' > "$TMP/flag.json"
call POST Flag "$TMP/flag.json"
jq -c '.issue[0] | {code, expression}' "$TMP/body.json"

step "9. Every version is kept"
call GET "CarePlan/$PLAN/_history"
jq -c '[.entry[].resource | {version: .meta.versionId, status}]' "$TMP/body.json"
