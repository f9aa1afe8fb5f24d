/**
 * Closed sets of values shared by the database constraints, the API schemas and the web UI.
 * This module imports nothing, so the browser bundle can use it as it is.
 */

export const ORG_KINDS = [
  'ip_office',
  'district_ip_office',
  'protection_centre',
  'mediation_committee',
  'court',
  'police',
  'procuratorate',
  'market_regulator',
  'other',
] as const;

export const STAFF_ROLES = [
  'case_officer',
  'reviewer',
  'supervisor',
  'mediator',
  'judge',
  'police_liaison',
  'auditor',
  'administrator',
] as const;
