// Hash routes of the ward UI (pure; no side effects, so it can be unit tested).
//   #/                      -> { name: 'home' }
//   #/ward/{wardId}         -> { name: 'ward', wardId }
//   #/patient/{id}[/{tab}]  -> { name: 'patient', patientId, tab }
//   #/print/safety-plan/{id} -> { name: 'safetyPlanPrint', planId } (the patient's printed copy)
//   anything else under #/  -> { name: 'notFound' }
//   a hash not starting '/' -> null (an in-page anchor such as the skip link's #main)

export function parseHash(hash) {
  const path = String(hash ?? '').replace(/^#/, '');
  if (path && !path.startsWith('/')) return null; // not a route (e.g. the skip link's #main)
  let parts;
  try {
    parts = path.split('/').filter(Boolean).map(decodeURIComponent);
  } catch {
    return { name: 'notFound' };
  }
  if (parts.length === 0) return { name: 'home' };
  if (parts[0] === 'ward' && parts[1] && parts.length === 2) return { name: 'ward', wardId: parts[1] };
  if (parts[0] === 'patient' && parts[1] && parts.length <= 3) {
    return { name: 'patient', patientId: parts[1], tab: parts[2] ?? null };
  }
  if (parts[0] === 'print' && parts[1] === 'safety-plan' && parts[2] && parts.length === 3) {
    return { name: 'safetyPlanPrint', planId: parts[2] };
  }
  return { name: 'notFound' };
}
