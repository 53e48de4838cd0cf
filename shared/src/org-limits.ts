// A plain constant, no schema: errors.ts quotes it in a message, and every first load of the mini-program builds
// errors.ts; importing it from org-admin.ts would build the union admin schemas there too.
/**
 * How deep the union tree goes: the city federation is level 1 (real trees stop near 6: city, district, street,
 * community, enterprise). Every union's place is checked against it on create, move and import, whoever acts.
 */
export const ORG_MAX_DEPTH = 12;
