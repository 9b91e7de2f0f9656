#!/usr/bin/env bash
# A tour of the Parity FHIR API, step by step, as in docs/api-guide.md.
#
#   BASE=http://localhost:8080/fhir docs/examples/api-tour.sh
#   TOKEN=$(docs/examples/token.sh doctor.ali Parity-demo-1) BASE=... docs/examples/api-tour.sh
#
# Needs curl, jq, and what docs/examples/token.sh needs (openssl, python3), a running Parity server with
# the demo hospital loaded (the default on H2) and its Keycloak (deploy/run-local.sh starts both).
# Every call carries "Authorization: Bearer $TOKEN". TOKEN is taken from the environment, or fetched for
# doctor.ali (a doctor on both Willow and Cedar wards, so the tour keeps access to its patient after the
# transfer); the steps on access control fetch tokens for nurse.willow, hca.willow and auditor.sam with
# token.sh (demo password Parity-demo-1, KEYCLOAK_URL as for token.sh).
# It writes synthetic data: one Patient (NHS number 9990000018, from the never-issued 999 range) admitted
# to a free bed on Willow Ward, then transferred to Cedar Ward, and two fluid chart entries for them.
# Running it again changes nothing clinical (conditional creates, no-op updates); it never deletes (its one
# DELETE, of a chart entry, is refused by the server). Each run adds audit records (an AuditEvent per
# request, and a break-glass grant for hca.willow with its Communication). Never point it at a live server.
set -euo pipefail

BASE=${BASE:-http://localhost:8080/fhir}
FHIR=application/fhir+json
NHS=9990000018
NHS_SYSTEM=https://fhir.nhs.uk/Id/nhs-number
ADMISSION_SYSTEM=https://acute-trust.example.org/Id/admission
ADMISSION=ADM-20261127-0001   # the same admission as docs/api-guide.md section 6
PASSWORD=${DEMO_PASSWORD:-Parity-demo-1}
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT

step() { printf '\n### %s\n' "$*"; }

# token_for USER: a user access token (authorization code + PKCE, docs/examples/token.sh).
token_for() { "$HERE/token.sh" "$1" "$PASSWORD"; }

# Access tokens live 5 minutes. A TOKEN given in the environment is used as it is; one fetched here is
# fetched again when it is 4 minutes old, so a slow run does not fail half-way.
OWN_TOKEN=""
if [ -z "${TOKEN:-}" ]; then
  TOKEN=$(token_for doctor.ali)
  OWN_TOKEN=yes
  TOKEN_AT=$SECONDS
fi
fresh_token() {
  if [ -n "$OWN_TOKEN" ] && [ $((SECONDS - TOKEN_AT)) -ge 240 ]; then
    TOKEN=$(token_for doctor.ali)
    TOKEN_AT=$SECONDS
  fi
}

# call METHOD URL [BODY_FILE] [EXTRA_HEADER...]: prints the status, keeps the body in $TMP/body.json and
# the response headers in $TMP/headers. Sends "Authorization: Bearer $TOKEN", or the token in AS if it is
# set (AS= call ... sends none).
call() {
  local method=$1 url=$2 body=${3:-}
  shift 3 2>/dev/null || shift $#
  fresh_token
  local bearer=${AS-$TOKEN}
  local args=(-s -o "$TMP/body.json" -D "$TMP/headers" -w '%{http_code}' -X "$method" -H "Accept: $FHIR" -H 'Expect:')
  [ -n "$bearer" ] && args+=(-H "Authorization: Bearer $bearer")
  [ -n "$body" ] && args+=(-H "Content-Type: $FHIR" --data-binary "@$body")
  for h in "$@"; do args+=(-H "$h"); done
  STATUS=$(curl "${args[@]}" "$url")
  local path=${url#"$BASE"}
  local who=""
  if [ -n "${AS+set}" ]; then who=" (${WHO:-no token})"; fi
  echo "$method ${path:-/} -> HTTP $STATUS$who"
}

body() { if [ $# -eq 0 ]; then jq -c . "$TMP/body.json"; else jq -c "$@" "$TMP/body.json"; fi; }
header() { tr -d '\r' <"$TMP/headers" | grep -i "^$1:" || true; }

step "0. Signing in: what is open, and a request without a token"
call GET "$BASE/.well-known/smart-configuration"
body '{token_endpoint, code_challenge_methods_supported, capabilities}'
AS= call GET "$BASE/metadata?_elements=fhirVersion"
body '{fhirVersion}'
AS= call GET "$BASE/Patient?identifier=$NHS_SYSTEM%7C$NHS"
header WWW-Authenticate
body '.issue[0] | {severity, code, diagnostics}'
echo "With doctor.ali's token (every call from here on carries it):"
call GET "$BASE/Patient?identifier=$NHS_SYSTEM%7C$NHS&_summary=count"
body '{total}'

step "1. CapabilityStatement (trimmed with _elements)"
call GET "$BASE/metadata?_elements=software,implementation,fhirVersion"
body '{software, implementation, fhirVersion}'
call GET "$BASE/metadata"
body '[.rest[0].resource[] | select(.type=="Patient" or .type=="Encounter" or .type=="Location") | {type, supportedProfile}]'

step "2. Parity profiles and the physical-type SearchParameter, read by canonical URL"
for p in parity-patient parity-inpatient-encounter parity-ward-location parity-bed-location; do
  call GET "$BASE/StructureDefinition?url=https://parity-epr.org/fhir/StructureDefinition/$p"
  body '.entry[0].resource | {id, url, version, type, snapshotElements: (.snapshot.element | length)}'
done
call GET "$BASE/SearchParameter?url=https://parity-epr.org/fhir/SearchParameter/location-physical-type"
body '.entry[0].resource | {id, code, base, type, expression}'

step "3. Wards"
call GET "$BASE/Location?physical-type=wa"
body '{total, wards: [.entry[].resource | {id, name, odsSiteCode: .identifier[0].value}]}'
WARD=$(body '.entry[] | select(.resource.identifier[0].value=="ZZW01") | .resource.id' | tr -d '"')
echo "Willow Ward is Location/$WARD"

step "4. A free bed on Willow Ward"
call GET "$BASE/Location?partof=Location/$WARD&physical-type=bd&_sort=name&_count=100"
jq -r '.entry[].resource.id' "$TMP/body.json" >"$TMP/beds"
call GET "$BASE/Encounter?location=Location/$WARD&status=in-progress&class=IMP&_count=200"
jq -r '.entry[]?.resource.location[] | select(.status=="active" and .physicalType.coding[0].code=="bd")
  | .location.reference | sub("Location/"; "")' "$TMP/body.json" | sort >"$TMP/occupied"
BED=$(grep -vxF -f "$TMP/occupied" "$TMP/beds" | head -1)
echo "beds: $(wc -l <"$TMP/beds"), occupied: $(grep -cxF -f "$TMP/occupied" "$TMP/beds" || true), first free: Location/$BED"

step "5. Admit: one transaction, conditional creates on NHS number and admission number"
NOW=$(date -u +%Y-%m-%dT%H:%M:00+00:00)
cat >"$TMP/admit.json" <<JSON
{
  "resourceType": "Bundle",
  "type": "transaction",
  "entry": [
    {
      "fullUrl": "urn:uuid:0b6f3f64-6a4c-4bd8-9f57-2f0d6a8a0001",
      "resource": {
        "resourceType": "Patient",
        "meta": { "profile": ["https://parity-epr.org/fhir/StructureDefinition/parity-patient"] },
        "identifier": [ { "system": "$NHS_SYSTEM", "value": "$NHS" } ],
        "name": [ { "use": "official", "family": "Ellis", "given": ["Jordan"] } ],
        "gender": "female",
        "birthDate": "1987-03-14"
      },
      "request": { "method": "POST", "url": "Patient", "ifNoneExist": "identifier=$NHS_SYSTEM|$NHS" }
    },
    {
      "fullUrl": "urn:uuid:0b6f3f64-6a4c-4bd8-9f57-2f0d6a8a0002",
      "resource": {
        "resourceType": "Encounter",
        "meta": { "profile": ["https://parity-epr.org/fhir/StructureDefinition/parity-inpatient-encounter"] },
        "identifier": [ { "system": "$ADMISSION_SYSTEM", "value": "$ADMISSION" } ],
        "status": "in-progress",
        "class": { "system": "http://terminology.hl7.org/CodeSystem/v3-ActCode", "code": "IMP", "display": "inpatient encounter" },
        "subject": { "reference": "urn:uuid:0b6f3f64-6a4c-4bd8-9f57-2f0d6a8a0001" },
        "period": { "start": "$NOW" },
        "location": [
          {
            "location": { "reference": "Location/$WARD", "display": "Willow Ward" },
            "status": "active",
            "physicalType": { "coding": [ { "system": "http://terminology.hl7.org/CodeSystem/location-physical-type", "code": "wa" } ] },
            "period": { "start": "$NOW" }
          },
          {
            "location": { "reference": "Location/$BED" },
            "status": "active",
            "physicalType": { "coding": [ { "system": "http://terminology.hl7.org/CodeSystem/location-physical-type", "code": "bd" } ] },
            "period": { "start": "$NOW" }
          }
        ]
      },
      "request": { "method": "POST", "url": "Encounter", "ifNoneExist": "identifier=$ADMISSION_SYSTEM|$ADMISSION" }
    }
  ]
}
JSON
call POST "$BASE" "$TMP/admit.json"
body '[.entry[].response | {status, location, code: .outcome.issue[0].details.coding[0].code}]'
echo "Posting the same Bundle again:"
call POST "$BASE" "$TMP/admit.json"
body '[.entry[].response | {status, location, code: .outcome.issue[0].details.coding[0].code}]'

step "6. Find the patient by NHS number (| sent as %7C)"
call GET "$BASE/Patient?identifier=$NHS_SYSTEM%7C$NHS"
body '{total, patient: .entry[0].resource | {id, identifier, name, versionId: .meta.versionId}}'
PID=$(body '.entry[0].resource.id' | tr -d '"')
echo "The same search with a raw | (curl sends it unencoded):"
curl -s -o /dev/null -w "GET /Patient?identifier=$NHS_SYSTEM|$NHS -> HTTP %{http_code} %{content_type}\n" \
  -H "Authorization: Bearer $TOKEN" "$BASE/Patient?identifier=$NHS_SYSTEM|$NHS"

step "7. Current inpatients of Willow Ward, with patients and locations included"
call GET "$BASE/Encounter?location=Location/$WARD&status=in-progress&class=IMP&_include=Encounter:subject&_include=Encounter:location"
body '{total, entries: (.entry | length), byMode: (.entry | group_by(.resource.resourceType + "/" + .search.mode) | map({(.[0].resource.resourceType + "/" + .[0].search.mode): length}) | add)}'
jq -c --arg pid "Patient/$PID" '.entry[] | select(.resource.resourceType=="Encounter" and .resource.subject.reference==$pid)
  | .resource | {id, status, period, location: [.location[] | {ref: .location.reference, status, type: .physicalType.coding[0].code}]}' "$TMP/body.json"

step "8. Update with If-Match, then a stale If-Match"
call GET "$BASE/Patient/$PID"
VERSION=$(body '.meta.versionId' | tr -d '"')
echo "current version: $VERSION"
jq '.telecom = [{"system": "phone", "value": "0113 496 0000", "use": "home"}]' "$TMP/body.json" >"$TMP/patient.json"
call PUT "$BASE/Patient/$PID" "$TMP/patient.json" "If-Match: W/\"$VERSION\""
body '{id, versionId: .meta.versionId, telecom}'
call PUT "$BASE/Patient/$PID" "$TMP/patient.json" 'If-Match: W/"1"'
body

step "9. History and vread"
call GET "$BASE/Patient/$PID/_history"
body '{type, total, versions: [.entry[] | {versionId: .resource.meta.versionId, method: .request.method, status: .response.status}]}'
call GET "$BASE/Patient/$PID/_history/1"
body '{id, versionId: .meta.versionId, telecom}'

step "10. Patient/\$everything"
# Without _type: every type the caller may read, never the AuditEvents about the patient. With _type: as asked.
call GET "$BASE/Patient/$PID/\$everything"
body 'if .resourceType == "Bundle" then {type, total, resources: [.entry[].resource | .resourceType + "/" + .id]} else .issue[0] | {severity, code, diagnostics} end'
call GET "$BASE/Patient/$PID/\$everything?_type=Patient,Encounter,Observation,Location,Organization"
body 'if .resourceType == "Bundle" then {type, total, resources: [.entry[].resource | .resourceType + "/" + .id]} else .issue[0] | {severity, code, diagnostics} end'

step "11. \$validate"
cat >"$TMP/bad-patient.json" <<JSON
{
  "resourceType": "Patient",
  "meta": { "profile": ["https://parity-epr.org/fhir/StructureDefinition/parity-patient"] },
  "identifier": [ { "system": "$NHS_SYSTEM", "value": "9990000019" } ],
  "name": [ { "family": "Hughes", "given": ["Megan"] } ]
}
JSON
call POST "$BASE/Patient/\$validate" "$TMP/bad-patient.json"
body '[.issue[] | {severity, expression, diagnostics}]'

step "12. Paging: 24 beds, 10 a page"
url="$BASE/Location?physical-type=bd&_sort=name&_count=10"
while [ -n "$url" ]; do
  call GET "$url"
  body '{total, entries: (.entry | length), links: [.link[].relation]}'
  url=$(body '.link[] | select(.relation=="next") | .url' | tr -d '"')
done
call GET "$BASE/Location?physical-type=bd&_count=10&_total=accurate"
body '{total, entries: (.entry | length)}'

step "13. Transfer to Cedar Ward; ward lists use current-location"
call GET "$BASE/Location?identifier=https://fhir.nhs.uk/Id/ods-site-code%7CZZC01"
CEDAR=$(body '.entry[0].resource.id' | tr -d '"')
call GET "$BASE/Encounter?identifier=$ADMISSION_SYSTEM%7C$ADMISSION"
jq '.entry[0].resource' "$TMP/body.json" >"$TMP/encounter.json"
EID=$(jq -r '.id' "$TMP/encounter.json")
EVERSION=$(jq -r '.meta.versionId' "$TMP/encounter.json")
if jq -e --arg w "Location/$CEDAR" '.location[] | select(.status=="active" and .location.reference==$w)' "$TMP/encounter.json" >/dev/null; then
  echo "Encounter/$EID is already on Cedar Ward"
else
  call GET "$BASE/Location?partof=Location/$CEDAR&physical-type=bd&_sort=name&_count=100"
  jq -r '.entry[].resource.id' "$TMP/body.json" >"$TMP/cedar-beds"
  call GET "$BASE/Encounter?current-location=Location/$CEDAR&status=in-progress&_count=200"
  jq -r '.entry[]?.resource.location[] | select(.status=="active" and .physicalType.coding[0].code=="bd")
    | .location.reference | sub("Location/"; "")' "$TMP/body.json" | sort >"$TMP/cedar-occupied"
  CEDAR_BED=$(grep -vxF -f "$TMP/cedar-occupied" "$TMP/cedar-beds" | head -1)
  MOVED=$(date -u +%Y-%m-%dT%H:%M:00+00:00)
  jq --arg t "$MOVED" --arg ward "Location/$CEDAR" --arg bed "Location/$CEDAR_BED" '
    .location |= (map(if .status == "active" then .status = "completed" | .period.end = $t else . end)
      + [ {location: {reference: $ward, display: "Cedar Ward"}, status: "active", period: {start: $t},
           physicalType: {coding: [{system: "http://terminology.hl7.org/CodeSystem/location-physical-type", code: "wa"}]}},
          {location: {reference: $bed}, status: "active", period: {start: $t},
           physicalType: {coding: [{system: "http://terminology.hl7.org/CodeSystem/location-physical-type", code: "bd"}]}} ])' \
    "$TMP/encounter.json" >"$TMP/transfer.json"
  call PUT "$BASE/Encounter/$EID" "$TMP/transfer.json" "If-Match: W/\"$EVERSION\""
  body '{id, versionId: .meta.versionId, location: [.location[] | {ref: .location.reference, status, type: .physicalType.coding[0].code}]}'
fi
echo "Willow Ward's search still matches the transferred Encounter (its completed ward entry):"
call GET "$BASE/Encounter?location=Location/$WARD&status=in-progress&class=IMP"
body --arg e "$EID" '{total, includesTransferred: ([.entry[].resource.id] | index($e) != null)}'
echo "Keeping only Encounters whose ACTIVE ward entry is Willow Ward:"
body --arg w "Location/$WARD" '[.entry[].resource | select(any(.location[]; .status=="active" and .location.reference==$w and .physicalType.coding[0].code=="wa"))] | length'

step "14. Errors"
echo "a) NHS number with a wrong check digit (no profile claimed: checked anyway)"
jq 'del(.meta)' "$TMP/bad-patient.json" >"$TMP/bad-nhs.json"
call POST "$BASE/Patient" "$TMP/bad-nhs.json"
body
echo "b) inpatient Encounter with a bed but no ward"
cat >"$TMP/no-ward.json" <<JSON
{
  "resourceType": "Encounter",
  "status": "in-progress",
  "class": { "system": "http://terminology.hl7.org/CodeSystem/v3-ActCode", "code": "IMP" },
  "subject": { "reference": "Patient/$PID" },
  "period": { "start": "$NOW" },
  "location": [ {
    "location": { "reference": "Location/$BED" },
    "status": "active",
    "physicalType": { "coding": [ { "system": "http://terminology.hl7.org/CodeSystem/location-physical-type", "code": "bd" } ] }
  } ]
}
JSON
call POST "$BASE/Encounter" "$TMP/no-ward.json"
body
echo "c) a profile the server does not know"
jq '.meta.profile = ["https://fhir.hl7.org.uk/StructureDefinition/UKCore-Patient"] | .identifier[0].value = "9990000026"' \
  "$TMP/bad-patient.json" >"$TMP/ukcore.json"
call POST "$BASE/Patient" "$TMP/ukcore.json"
body
echo "d) malformed JSON"
printf '{"resourceType":"Patient","name":[{"family":"Ellis"}' >"$TMP/malformed.json"
call POST "$BASE/Patient" "$TMP/malformed.json"
body
echo "e) unknown resource type"
call GET "$BASE/Ward"
body '.issue[0] | {severity, code, diagnostics: (.diagnostics[0:60] + "…")}'
echo "f) body over 5 MB"
head -c 6000000 /dev/zero | tr '\0' x | jq -R '{resourceType: "Basic", code: {text: .}}' -c >"$TMP/big.json"
call POST "$BASE/Basic" "$TMP/big.json"
body
echo "g) unknown search parameter"
call GET "$BASE/Patient?nhs-number=$NHS"
body '.issue[0] | {severity, code, diagnostics: (.diagnostics[0:70] + "…")}'

step "15. Food and fluid chart: an intake (retried), an unmeasured output, \$fluid-balance, refusals"
# One UUID per chart entry, generated once and kept for every retry (fixed here so a re-run is a retry).
INTAKE_ID=urn:uuid:8e8980d0-ea37-4e1d-99c6-f28c511225a1
OUTPUT_ID=urn:uuid:82fcf7ec-50de-43ce-a499-b68ccb231173
CHARTED=$(date -u +%Y-%m-%dT%H:%M:00+00:00)
PARITY=https://parity-epr.org/fhir
cat >"$TMP/intake.json" <<JSON
{
  "resourceType": "Observation",
  "meta": { "profile": ["$PARITY/StructureDefinition/parity-fluid-intake"] },
  "identifier": [ { "system": "urn:ietf:rfc:3986", "value": "$INTAKE_ID" } ],
  "status": "final",
  "category": [ { "coding": [ { "system": "$PARITY/CodeSystem/parity-observation-category", "code": "fluid-balance" } ] } ],
  "code": { "coding": [ { "system": "$PARITY/CodeSystem/parity-observation", "code": "fluid-intake" } ] },
  "subject": { "reference": "Patient/$PID" },
  "encounter": { "reference": "Encounter/$EID" },
  "effectiveDateTime": "$CHARTED",
  "performer": [ { "display": "Tour script" } ],
  "valueQuantity": { "value": 200, "unit": "mL", "system": "http://unitsofmeasure.org", "code": "mL" },
  "component": [
    { "code": { "coding": [ { "system": "$PARITY/CodeSystem/parity-observation", "code": "route" } ] },
      "valueCodeableConcept": { "coding": [ { "system": "$PARITY/CodeSystem/fluid-intake-route", "code": "oral" } ] } },
    { "code": { "coding": [ { "system": "$PARITY/CodeSystem/parity-observation", "code": "fluid-type" } ] },
      "valueString": "water" }
  ]
}
JSON
call POST "$BASE/Observation" "$TMP/intake.json" "If-None-Exist: identifier=urn:ietf:rfc:3986|$INTAKE_ID"
body '{id, versionId: .meta.versionId, effectiveDateTime, value: .valueQuantity.value}'
OBS=$(body '.id' | tr -d '"')
echo "The same request again, as a client retries after a lost response (200, the same entry):"
call POST "$BASE/Observation" "$TMP/intake.json" "If-None-Exist: identifier=urn:ietf:rfc:3986|$INTAKE_ID"
body '{id, versionId: .meta.versionId}'
call GET "$BASE/Observation?identifier=urn:ietf:rfc:3986%7C$INTAKE_ID"
body '{total}'
echo "Urine passed but not measured:"
jq --arg id "$OUTPUT_ID" --arg parity "$PARITY" '.meta.profile = [$parity + "/StructureDefinition/parity-fluid-output"]
  | .identifier[0].value = $id | .code.coding[0].code = "fluid-output" | del(.valueQuantity)
  | .dataAbsentReason = {coding: [{system: "http://terminology.hl7.org/CodeSystem/data-absent-reason", code: "not-performed"}]}
  | .component = [
      {code: {coding: [{system: ($parity + "/CodeSystem/parity-observation"), code: "output-type"}]},
       valueCodeableConcept: {coding: [{system: ($parity + "/CodeSystem/fluid-output-type"), code: "urine"}]}},
      {code: {coding: [{system: ($parity + "/CodeSystem/parity-observation"), code: "unmeasured-episode"}]},
       valueCodeableConcept: {coding: [{system: ($parity + "/CodeSystem/unmeasured-output"), code: "passed-not-measured"}]}}]' \
  "$TMP/intake.json" >"$TMP/output.json"
call POST "$BASE/Observation" "$TMP/output.json" "If-None-Exist: identifier=urn:ietf:rfc:3986|$OUTPUT_ID"
body '{id, effectiveDateTime, dataAbsentReason: .dataAbsentReason.coding[0].code}'
echo "Today's chart day (07:00 to 07:00 Europe/London) for the patient:"
call GET "$BASE/Patient/$PID/\$fluid-balance"
body '{days: [.parameter[] | select(.name == "day") | (reduce (.part[] | select(.name != "hour" and .name != "alert")) as $p
    ({}; .[$p.name] = ($p.valueDate // $p.valueDateTime // $p.valueInteger // $p.valueQuantity.value)))
    + {alerts: [.part[] | select(.name == "alert") | .part[0].valueCode]}]}'
echo "a) 6000 mL in one entry (refused, nothing stored)"
jq '.identifier[0].value = "urn:uuid:00000000-0000-4000-8000-000000006000" | .valueQuantity.value = 6000' "$TMP/intake.json" >"$TMP/too-much.json"
call POST "$BASE/Observation" "$TMP/too-much.json"
body
echo "b) DELETE of a chart entry (refused: mark it entered-in-error instead)"
call DELETE "$BASE/Observation/$OBS"
body

step "16. Another ward's nurse: the patient is on Cedar Ward now, nurse.willow works on Willow"
NURSE=$(token_for nurse.willow)
AS=$NURSE WHO=nurse.willow call GET "$BASE/Patient/$PID"
body '.issue[0] | {severity, code, diagnostics}'
AS=$NURSE WHO=nurse.willow call GET "$BASE/Patient?identifier=$NHS_SYSTEM%7C$NHS"
body '{total, entries: (.entry // [] | length)}'
echo "Her own ward's inpatients are there (the search is narrowed, not refused):"
AS=$NURSE WHO=nurse.willow call GET "$BASE/Encounter?current-location=Location/$WARD&status=in-progress&_summary=count"
body '{total}'

step "17. Break-glass: hca.willow must open the record (a grant lasts 4 hours, so nurse.willow is kept out for re-runs)"
HCA=$(token_for hca.willow)
cat >"$TMP/short-reason.json" <<JSON
{ "resourceType": "Parameters", "parameter": [ { "name": "reason", "valueString": "urgent" } ] }
JSON
AS=$HCA WHO=hca.willow call POST "$BASE/Patient/$PID/\$break-glass" "$TMP/short-reason.json"
body '.issue[0] | {severity, code, expression, diagnostics}'
cat >"$TMP/reason.json" <<JSON
{ "resourceType": "Parameters", "parameter": [ { "name": "reason",
  "valueString": "Patient collapsed in the garden shared with Cedar Ward; checking allergies before treatment" } ] }
JSON
AS=$HCA WHO=hca.willow call POST "$BASE/Patient/$PID/\$break-glass" "$TMP/reason.json"
body '[.parameter[] | {(.name): (.valueReference.reference // .valueInstant // .valueString)}] | add'
AS=$HCA WHO=hca.willow call GET "$BASE/Patient/$PID"
body '{id, name: .name[0].family}'

step "18. The auditor: who accessed this patient, and who wrote the chart entry"
AUDITOR=$(token_for auditor.sam)
sleep 2   # AuditEvents are stored from a queue a moment after each request (docs/audit.md)
AS=$AUDITOR WHO=auditor.sam call GET "$BASE/AuditEvent?patient=Patient/$PID&_sort=-date&_count=8"
body '{total, latest: [.entry[].resource | {recorded, subtype: ([.subtype[].code] | join(" ")), outcome,
  purpose: .purposeOfEvent[0].coding[0].code, who: (.agent[0].who.reference // .agent[0].who.identifier.value)}]}'
echo "Break-glass grants for this patient:"
AS=$AUDITOR WHO=auditor.sam call GET "$BASE/AuditEvent?patient=Patient/$PID&subtype=https://parity-epr.org/fhir/CodeSystem/audit-subtype%7Cbreak-glass&_count=1&_total=accurate"
body '{total, latest: [.entry[].resource | {recorded, who: .agent[0].who.reference, until: (.outcomeDesc | capture("until (?<t>[^.]+)").t), reason: .entity[0].detail[0].valueString}]}'
AS=$AUDITOR WHO=auditor.sam call GET "$BASE/Provenance?target=Observation/$OBS"
body '[.entry[].resource | {target: [.target[].reference], recorded, activity: .activity.coding[0].code,
  author: .agent[0].who.reference, client: .agent[1].who.identifier.value}]'
echo "The auditor reads no clinical record:"
AS=$AUDITOR WHO=auditor.sam call GET "$BASE/Patient/$PID"
body '.issue[0] | {severity, code, diagnostics}'

printf '\nDone.\n'
