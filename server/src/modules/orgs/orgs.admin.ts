import { ORG_MAX_DEPTH, type OrgCreate, type OrgDetail, type OrgImportInput, type OrgImportReport, type OrgUpdate } from '@union/shared';
import type { Database } from '../../db/client';
import { isUniqueViolation } from '../../lib/errors';
import { covers, type ScopeFor, type StaffScope } from '../../lib/scope';
import type { AuditPort } from '../audit';
import { orgErrors } from './orgs.errors';
import * as repo from './orgs.repository';
import { orgImportTemplate, planOrgImport, readCsvRecords, readOrgImportFile } from './orgs.import';
import { ORG_ADMIN_ROLES } from './orgs.service';
import type { OrgRow } from './orgs.table';

/** What closing and moving a union need of the modules that hang things on it (wired in the composition root). */
export interface OrgPeoplePort {
  count(db: Database, orgId: string): Promise<{ members: number; applications: number }>;
  /** In the transaction: members and pending applications go to `toOrgId`; how many of each moved. */
  move(db: Database, fromOrgId: string, toOrgId: string, actorAccountId: string): Promise<{ members: number; applications: number }>;
  /** In the transaction: copies of a moved union's path (benefit campaigns' eligible path, tests' and courses' audience) follow it. */
  rewritePaths(db: Database, oldPath: string, newPath: string): Promise<void>;
}

export interface OrgAdminDeps {
  db: Database;
  scopeFor: ScopeFor;
  audit: AuditPort;
  people: OrgPeoplePort;
}

export const orgDetail = (o: OrgRow): OrgDetail => ({
  id: o.id,
  code: o.code,
  name: o.name,
  kind: o.kind,
  parentId: o.parentId,
  path: o.path,
  regionCode: o.regionCode,
  address: o.address,
  lat: o.lat,
  lng: o.lng,
  contactPhone: o.contactPhone,
  officeHours: o.officeHours,
  autoApprove: o.autoApprove,
  takesJoins: o.takesJoins,
  acceptsUnaffiliated: o.acceptsUnaffiliated,
  closedAt: o.closedAt?.toISOString() ?? null,
});

/** A unique violation on insert is a code someone else just took. */
function codeTakenOr(error: unknown): never {
  throw isUniqueViolation(error) ? orgErrors.codeTaken() : error;
}

/** The fields of a create or edit that change, as what was and what is, for the audit row. */
function changes(before: Partial<OrgRow>, after: Record<string, unknown>) {
  return Object.fromEntries(
    Object.entries(after)
      .filter(([k, v]) => v !== undefined && before[k as keyof OrgRow] !== v)
      .map(([k, v]) => [k, { from: before[k as keyof OrgRow] ?? null, to: v }]),
  );
}

/**
 * The union tree, run by its admins: create a union under one they manage, edit it, move it to another parent
 * they manage (never below itself), close it (its members and pending applications go to a union they name, in
 * the same transaction). Unions outside the admin's subtree look the same as missing ones.
 */
export function createOrgAdmin(deps: OrgAdminDeps) {
  const { db } = deps;

  async function scopeOf(accountId: string) {
    return deps.scopeFor(accountId, ORG_ADMIN_ROLES);
  }
  /** A union in the scope, or not found at `field`. */
  function inScope(scope: StaffScope, org: OrgRow | undefined, field: string | null = null): OrgRow {
    if (!org || !covers(scope, org.path)) throw orgErrors.notFound(field);
    return org;
  }
  const record = (tx: Database, accountId: string, action: string, org: OrgRow, detail: Record<string, unknown>) =>
    deps.audit.record(tx, { actorAccountId: accountId, action, targetType: 'org', targetId: org.id, orgId: org.id, detail });

  return {
    /**
     * A city's tree from a CSV file (parents by code): every bad row reported without writing; with none (and not a
     * dry run) all rows are created in one transaction, parents first, and audited on the union they hang from.
     */
    /** The .xlsx template, its example hanging from the caller's own (highest) union. */
    async importTemplate(accountId: string): Promise<Buffer> {
      const scope = await scopeOf(accountId);
      const top = [...scope.paths].sort((a, b) => a.split('.').length - b.split('.').length)[0];
      return orgImportTemplate(top?.split('.').pop() ?? 'bj');
    },

    /** Reads the file (an .xlsx, or CSV in UTF-8 or GBK), reports every bad row, and with none (and no dry run) imports all. */
    async importFile(accountId: string, input: OrgImportInput): Promise<OrgImportReport> {
      const dryRun = input.dryRun ?? false;
      const scope = await scopeOf(accountId);
      const { records, readAs } =
        input.file !== undefined
          ? await readOrgImportFile(Buffer.from(input.file, 'base64'))
          : { records: await readCsvRecords(input.csv ?? ''), readAs: 'utf-8' as const };
      const existing = new Map((await repo.listAllOrgs(db)).map((o) => [o.code, o]));
      const plan = await planOrgImport(records, existing, (o) => covers(scope, o.path));
      if (dryRun || plan.errors.length > 0 || plan.rows.length === 0) return { total: plan.total, created: 0, dryRun, readAs, errors: plan.errors };
      const ids = new Map(plan.rows.map((r) => [r.code, r.id]));
      // A code taken by someone else since the check: the whole import is refused, nothing written.
      await db
        .transaction(async (tx) => {
          await repo.lockTree(tx);
          const values = plan.rows.map((r) => ({
            id: r.id,
            code: r.code,
            name: r.name,
            kind: r.kind,
            regionCode: r.regionCode,
            address: r.address,
            contactPhone: r.contactPhone,
            officeHours: r.officeHours,
            path: r.path,
            parentId: ids.get(r.parentCode) ?? existing.get(r.parentCode)!.id,
          }));
          for (let i = 0; i < values.length; i += 1000) await repo.insertOrgs(tx, values.slice(i, i + 1000));
          const roots = new Map<string, number>();
          for (const r of plan.rows) if (!ids.has(r.parentCode)) roots.set(r.parentCode, (roots.get(r.parentCode) ?? 0) + 1);
          for (const [code, n] of roots) {
            const parent = existing.get(code)!;
            await record(tx, accountId, 'org.import', parent, {
              created: plan.rows.length,
              below: n,
              readAs,
              ...(input.fileName ? { fileName: input.fileName } : {}),
            });
          }
        })
        .catch(codeTakenOr);
      return { total: plan.total, created: plan.rows.length, dryRun: false, readAs, errors: [] };
    },

    async list(accountId: string): Promise<OrgDetail[]> {
      return (await repo.listOrgTreeInScope(db, await scopeOf(accountId))).map(orgDetail);
    },

    async create(accountId: string, input: OrgCreate): Promise<OrgDetail> {
      const scope = await scopeOf(accountId);
      const { parentId, ...fields } = input;
      // A code committed since the check (by a writer that does not take the tree's lock): taken, not a 500.
      const created = await db
        .transaction(async (tx) => {
          await repo.lockTree(tx);
          const [parent] = await repo.lockOrgs(tx, [parentId]);
          inScope(scope, parent, 'parentId');
          if (parent!.closedAt) throw orgErrors.closed();
          if (repo.depthOf(parent!.path) + 1 > ORG_MAX_DEPTH) throw orgErrors.tooDeep();
          if (await repo.findOrgByCode(tx, input.code)) throw orgErrors.codeTaken();
          const row = await repo.insertOrg(tx, { ...fields, parentId, path: `${parent!.path}.${input.code}` });
          await record(tx, accountId, 'org.create', row, { parentId, ...changes({}, fields) });
          return row;
        })
        .catch(codeTakenOr);
      return orgDetail(created);
    },

    async update(accountId: string, orgId: string, input: OrgUpdate): Promise<OrgDetail> {
      const scope = await scopeOf(accountId);
      const updated = await db.transaction(async (tx) => {
        const [org] = await repo.lockOrgs(tx, [orgId]);
        inScope(scope, org);
        if (org!.closedAt) throw orgErrors.closed();
        const diff = changes(org!, input);
        if (Object.keys(diff).length === 0) return org!;
        const row = await repo.updateOrg(tx, orgId, input);
        await record(tx, accountId, 'org.update', row, diff);
        return row;
      });
      return orgDetail(updated);
    },

    async move(accountId: string, orgId: string, parentId: string): Promise<OrgDetail> {
      const scope = await scopeOf(accountId);
      const moved = await db.transaction(async (tx) => {
        await repo.lockTree(tx);
        const rows = await repo.lockOrgs(tx, [orgId, parentId]);
        const org = inScope(
          scope,
          rows.find((r) => r.id === orgId),
        );
        const parent = inScope(
          scope,
          rows.find((r) => r.id === parentId),
          'parentId',
        );
        if (org.closedAt || parent.closedAt) throw orgErrors.closed();
        // Below itself (or itself) would make a cycle; a union outside the scope was refused above.
        if (parent.path === org.path || parent.path.startsWith(`${org.path}.`)) throw orgErrors.cycle();
        if (org.parentId === parent.id) return org;
        if (repo.depthOf(parent.path) + (await repo.subtreeLevels(tx, org.path)) > ORG_MAX_DEPTH) throw orgErrors.tooDeep();
        const newPath = `${parent.path}.${org.code}`;
        await repo.moveSubtree(tx, org.id, parent.id, org.path, newPath);
        await deps.people.rewritePaths(tx, org.path, newPath);
        const row = (await repo.findOrgById(tx, org.id))!;
        await record(tx, accountId, 'org.move', row, { parentId: { from: org.parentId, to: parent.id }, path: { from: org.path, to: newPath } });
        return row;
      });
      return orgDetail(moved);
    },

    /** 撤销: refused while unions below it are open; with members or pending applications, `moveTo` says where they go. */
    async close(accountId: string, orgId: string, moveTo: string | undefined) {
      const scope = await scopeOf(accountId);
      return db.transaction(async (tx) => {
        await repo.lockTree(tx);
        const rows = await repo.lockOrgs(tx, moveTo ? [orgId, moveTo] : [orgId]);
        const org = inScope(
          scope,
          rows.find((r) => r.id === orgId),
        );
        if (org.closedAt) throw orgErrors.closed();
        if (await repo.countOpenChildren(tx, org.id)) throw orgErrors.hasChildren();
        const waiting = await deps.people.count(tx, org.id);
        let moved = { members: 0, applications: 0 };
        if (waiting.members + waiting.applications > 0) {
          if (!moveTo) throw orgErrors.closeNeedsTarget(waiting.members, waiting.applications);
          const target = inScope(
            scope,
            rows.find((r) => r.id === moveTo),
            'moveTo',
          );
          if (target.id === org.id || !repo.isJoinable(target)) throw orgErrors.notJoinable('moveTo');
          moved = await deps.people.move(tx, org.id, target.id, accountId);
        }
        const row = await repo.updateOrg(tx, org.id, { closedAt: new Date(), takesJoins: false });
        await record(tx, accountId, 'org.close', row, { moveTo: moveTo ?? null, membersMoved: moved.members, applicationsMoved: moved.applications });
        return { org: orgDetail(row), membersMoved: moved.members, applicationsMoved: moved.applications };
      });
    },
  };
}

export type OrgAdmin = ReturnType<typeof createOrgAdmin>;
