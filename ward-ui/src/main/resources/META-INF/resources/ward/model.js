// Pure helpers that read Parity's FHIR data (Encounter locations, wards, beds). No DOM.

import { idFromReference } from './fhir.js';
import { parseInstant } from './format.js';

export const LOCATION_PHYSICAL_TYPE = 'http://terminology.hl7.org/CodeSystem/location-physical-type';
export const ODS_SITE_CODE = 'https://fhir.nhs.uk/Id/ods-site-code';

/** The physical type code ('wa', 'bd'...) of a Location or Encounter.location entry. */
export function physicalTypeCode(element) {
  const codings = element?.physicalType?.coding ?? [];
  const coding = codings.find((c) => c?.system === LOCATION_PHYSICAL_TYPE && c.code) ?? codings.find((c) => c?.code);
  return coding?.code ?? null;
}

/** Is an Encounter.location entry where the patient is now (status active; or no status and not ended)? */
export function isCurrentLocationEntry(entry, now = new Date()) {
  if (!entry?.location) return false;
  if (entry.status) return entry.status === 'active';
  const end = parseInstant(entry.period?.end);
  return !end || end.getTime() > now.getTime();
}

/** The ward Locations of a Location search result, in server order, without inactive ones. */
export function wardsFromBundle(bundle) {
  return (bundle?.entry ?? [])
    .map((e) => e?.resource)
    .filter((r) => r?.resourceType === 'Location' && r.id && r.status !== 'inactive')
    .map((r) => ({
      id: r.id,
      name: r.name || r.alias?.[0] || `Ward ${r.id}`,
      odsSiteCode: (r.identifier ?? []).find((i) => i?.system === ODS_SITE_CODE)?.value ?? null,
    }));
}

/**
 * Where an Encounter's patient is now: { ward: {id, name}|null, bed: {id, name}|null }.
 * Names come from the included Locations (resources: Map 'Type/id' -> resource) or the
 * reference display. A bed without a ward entry gets its ward from the bed's partOf.
 */
export function currentPlacement(encounter, resources = new Map(), now = new Date()) {
  let ward = null;
  let bed = null;
  for (const entry of encounter?.location ?? []) {
    if (!isCurrentLocationEntry(entry, now)) continue;
    const id = idFromReference(entry.location.reference, 'Location');
    const location = id ? resources.get(`Location/${id}`) : null;
    const type = physicalTypeCode(entry) ?? physicalTypeCode(location);
    const place = { id, name: location?.name || entry.location.display || null, location };
    if (type === 'wa' && !ward) ward = place;
    else if (type === 'bd' && !bed) bed = place;
  }
  if (!ward && bed?.location?.partOf) {
    const id = idFromReference(bed.location.partOf.reference, 'Location');
    const location = id ? resources.get(`Location/${id}`) : null;
    if (id) ward = { id, name: location?.name || bed.location.partOf.display || null, location };
  }
  return {
    ward: ward && { id: ward.id, name: ward.name },
    bed: bed && { id: bed.id, name: bed.name },
  };
}

/** The in-progress inpatient Encounter to show for a patient: inpatient class first, then latest start. */
export function pickCurrentEncounter(encounters) {
  const list = (encounters ?? []).filter((e) => e?.resourceType === 'Encounter' && e.status === 'in-progress');
  const isInpatient = (e) => e.class?.code === 'IMP';
  const start = (e) => parseInstant(e.period?.start)?.getTime() ?? -Infinity;
  list.sort((a, b) => Number(isInpatient(b)) - Number(isInpatient(a)) || start(b) - start(a));
  return list[0] ?? null;
}
