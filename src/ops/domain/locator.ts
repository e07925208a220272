/**
 * Locators: how to reach an already fetched object again from the query root, for the fields
 * and pages fetched in later rounds (further pages of a connection, a field the first document
 * did not hold). Objects are found by their identity fields, which every selection of their
 * type carries (`REQUIRED_FIELDS`): a project by entity and name, a run by its project and
 * `name`, an artifact version by `id` …
 */
import { isPlainObject } from '../values.js';
import type { GqlArgs } from './alias.js';
import { DomainObject, GQL_TYPE_OF_KIND } from './values.js';

export interface LocatorStep {
  readonly field: string;
  readonly args?: GqlArgs;
}

/** One object on the way from the root to the object to locate. */
export interface ChainLink {
  /** Its GraphQL type (`Project`, `Run` …). */
  readonly type: string;
  readonly raw: Readonly<Record<string, unknown>>;
  /** How it was reached from the previous link (for objects without an identity of their own). */
  readonly via?: { readonly field: string; readonly args?: GqlArgs; readonly many?: boolean };
}

const COLLECTION_TYPES = new Set(['ArtifactCollection', 'ArtifactSequence', 'ArtifactPortfolio']);

function str(v: unknown): string | null {
  return typeof v === 'string' ? v : null;
}

function projectLocator(raw: Readonly<Record<string, unknown>>): LocatorStep[] | null {
  const name = str(raw.name);
  const entity = str(raw.entityName) ?? (isPlainObject(raw.entity) ? str(raw.entity.name) : null);
  return name != null && entity != null ? [{ field: 'project', args: { name, entityName: entity } }] : null;
}

/** The project of the last link: its own `project` field, or the nearest project on the chain. */
function enclosingProject(chain: readonly ChainLink[]): LocatorStep[] | null {
  const last = chain[chain.length - 1];
  if (last && isPlainObject(last.raw.project)) {
    const own = projectLocator(last.raw.project);
    if (own) return own;
  }
  for (let i = chain.length - 2; i >= 0; i--) {
    if (chain[i].type === 'Project') return projectLocator(chain[i].raw);
  }
  return null;
}

/** Steps from the query root to the last object of `chain`, or null when it cannot be found again. */
export function locate(chain: readonly ChainLink[]): LocatorStep[] | null {
  const last = chain[chain.length - 1];
  if (!last) return [];
  const raw = last.raw;
  switch (last.type) {
    case 'Query':
      return [];
    case 'Project':
      return projectLocator(raw);
    case 'Entity':
      return str(raw.name) != null ? [{ field: 'entity', args: { name: raw.name as string } }] : null;
    case 'User':
      return str(raw.username) != null ? [{ field: 'user', args: { userName: raw.username as string } }] : null;
    case 'Artifact':
      return str(raw.id) != null ? [{ field: 'artifact', args: { id: raw.id as string } }] : null;
    case 'ServerInstance':
      return [{ field: 'instance' }];
    case 'Run': {
      const p = enclosingProject(chain);
      return p && str(raw.name) != null ? [...p, { field: 'run', args: { name: raw.name as string } }] : null;
    }
    case 'ArtifactType': {
      const p = enclosingProject(chain);
      return p && str(raw.name) != null ? [...p, { field: 'artifactType', args: { name: raw.name as string } }] : null;
    }
    default:
      if (COLLECTION_TYPES.has(last.type)) {
        const p = enclosingProject(chain);
        if (p && str(raw.name) != null) return [...p, { field: 'artifactCollection', args: { name: raw.name as string } }];
      }
      if (last.via && !last.via.many) {
        const parent = locate(chain.slice(0, -1));
        return parent ? [...parent, { field: last.via.field, ...(last.via.args ? { args: last.via.args } : {}) }] : null;
      }
      return null;
  }
}

/** The chain of a domain object (itself last). */
export function chainOf(obj: DomainObject): ChainLink[] {
  const out: ChainLink[] = [];
  for (let o: DomainObject | null = obj; o; o = o.parent) out.unshift({ type: GQL_TYPE_OF_KIND[o.kind], raw: o.raw });
  return out;
}

/** Steps from the query root to a domain object, or null. */
export function locateObject(obj: DomainObject): LocatorStep[] | null {
  return locate(chainOf(obj));
}
