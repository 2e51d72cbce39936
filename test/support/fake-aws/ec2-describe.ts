/**
 * EC2's Describe* semantics, shared by every resource kind: ID lists, filters, MaxResults and NextToken,
 * with the limits and error codes EC2 applies. Lookups go through per-array indexes (by ID, by VPC, ...),
 * so one request costs O(page + matching IDs), not O(resources in the region).
 */
import { FakeAwsError, invalidParameterValue } from './errors';
import type { FakeTag } from './types';

/** MaxResults bounds of the Describe calls served here (EC2 API Reference: "Valid Range: Minimum value of 5. Maximum value of 1000."). */
export const MIN_MAX_RESULTS = 5;
export const MAX_MAX_RESULTS = 1000;
/** EC2 accepts up to 200 values per filter (EC2 API Reference, "Filter"); more is FilterLimitExceeded. */
export const MAX_FILTER_VALUES = 200;

/** What a filter compares against: one value, several (any may match), or none. */
export type FilterValue = string | number | boolean | readonly (string | number | undefined)[] | undefined;

export interface DescribeContext {
  readonly accountId: string;
}

export interface ResourceKind<T> {
  /** Error message wording, e.g. "vpc ID" → "The vpc ID 'vpc-1' does not exist". */
  readonly noun: string;
  /** EC2's error code for an explicit ID that does not exist, e.g. 'InvalidVpcID.NotFound'. */
  readonly notFoundCode: string;
  /** The filter that names this kind's ID, e.g. 'vpc-id'. */
  readonly idFilter: string;
  readonly idOf: (item: T) => string;
  /** Filters EC2 documents for this Describe call, by name. */
  readonly filters: Readonly<Record<string, (item: T, ctx: DescribeContext) => FilterValue>>;
  /** Filters (besides idFilter) worth an index, e.g. 'vpc-id'. */
  readonly indexedFilters?: readonly string[];
  /** Present when EC2 documents `tag:<key>` and `tag-key` filters for this call. */
  readonly tagsOf?: (item: T) => readonly FakeTag[] | undefined;
  /** MaxResults upper bound when this call's is not MAX_MAX_RESULTS (DescribeRouteTables: 100). */
  readonly maxMaxResults?: number;
}

export interface EcFilter {
  Name?: string;
  Values?: string[];
}

export interface DescribeRequest {
  readonly operation: string;
  readonly ids?: readonly string[];
  readonly filters?: readonly EcFilter[];
  readonly maxResults?: number;
  readonly nextToken?: string;
}

export interface DescribePage<T> {
  readonly items: T[];
  readonly nextToken?: string;
}

// ---------------------------------------------------------------------------------------------------------------
// Indexes

interface Index {
  readonly length: number;
  /** Positions in the array by filter name, then by value. */
  readonly byFilter: Map<string, Map<string, number[]>>;
}

const indexes = new WeakMap<readonly unknown[], Index>();

/** Drops the index of an array changed in a way its length does not show. */
export function invalidateIndex(items: readonly unknown[]): void {
  indexes.delete(items);
}

function valuesOf(v: FilterValue): string[] {
  if (v === undefined) return [];
  if (Array.isArray(v)) return v.filter((x) => x !== undefined).map(String);
  return [String(v)];
}

function indexFor<T>(kind: ResourceKind<T>, items: readonly T[], ctx: DescribeContext): Index {
  const existing = indexes.get(items);
  if (existing && existing.length === items.length) return existing;
  const byFilter = new Map<string, Map<string, number[]>>();
  for (const name of [kind.idFilter, ...(kind.indexedFilters ?? [])]) {
    const getter = kind.filters[name];
    if (!getter) continue;
    const map = new Map<string, number[]>();
    items.forEach((item, position) => {
      for (const value of valuesOf(getter(item, ctx))) {
        const list = map.get(value);
        if (list) list.push(position);
        else map.set(value, [position]);
      }
    });
    byFilter.set(name, map);
  }
  const index = { length: items.length, byFilter };
  indexes.set(items, index);
  return index;
}

// ---------------------------------------------------------------------------------------------------------------
// Filters

type Predicate<T> = (item: T) => boolean;

const hasWildcard = (v: string) => v.includes('*') || v.includes('?');

/** EC2 filter values accept `*` (any run) and `?` (one character). */
function valueMatcher(values: readonly string[]): (candidate: string) => boolean {
  const exact = new Set(values.filter((v) => !hasWildcard(v)));
  const patterns = values
    .filter(hasWildcard)
    .map((v) => new RegExp(`^${v.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')}$`));
  return (candidate) => exact.has(candidate) || patterns.some((p) => p.test(candidate));
}

function compileFilter<T>(kind: ResourceKind<T>, filter: EcFilter, ctx: DescribeContext): Predicate<T> {
  const name = filter.Name;
  if (!name) throw invalidParameterValue('The filter name must not be empty');
  const values = filter.Values ?? [];
  if (values.length > MAX_FILTER_VALUES) {
    throw new FakeAwsError(
      'FilterLimitExceeded',
      `The filter '${name}' has ${values.length} values; the maximum is ${MAX_FILTER_VALUES}`,
    );
  }
  const matches = valueMatcher(values);
  const getter = kind.filters[name];
  if (getter) return (item) => valuesOf(getter(item, ctx)).some(matches);
  if (kind.tagsOf && name.startsWith('tag:')) {
    const key = name.slice('tag:'.length);
    return (item) => (kind.tagsOf?.(item) ?? []).some((t) => t.Key === key && matches(t.Value));
  }
  if (kind.tagsOf && name === 'tag-key') return (item) => (kind.tagsOf?.(item) ?? []).some((t) => matches(t.Key));
  throw invalidParameterValue(`The filter '${name}' is invalid`);
}

// ---------------------------------------------------------------------------------------------------------------
// Pagination tokens: opaque to callers, bound to the request they continue.

interface TokenState {
  readonly position: number;
  readonly request: string;
}

function requestFingerprint(req: DescribeRequest): string {
  return JSON.stringify([req.operation, req.ids ?? null, req.filters ?? null]);
}

function encodeToken(state: TokenState): string {
  return Buffer.from(JSON.stringify(state)).toString('base64url');
}

function decodeToken(token: string, req: DescribeRequest): number {
  let state: Partial<TokenState> | undefined;
  try {
    state = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as Partial<TokenState>;
  } catch {
    state = undefined;
  }
  if (typeof state?.position !== 'number' || state.request !== requestFingerprint(req)) {
    throw new FakeAwsError('InvalidPaginationToken', `The pagination token '${token}' is not valid for this request`);
  }
  return state.position;
}

// ---------------------------------------------------------------------------------------------------------------

function validateMaxResults(maxResults: number | undefined, max = MAX_MAX_RESULTS): void {
  if (maxResults === undefined) return;
  if (!Number.isInteger(maxResults) || maxResults < MIN_MAX_RESULTS || maxResults > max) {
    throw invalidParameterValue(
      `Value ( ${maxResults} ) for parameter maxResults is invalid. Expecting a value between ${MIN_MAX_RESULTS} and ${max}.`,
    );
  }
}

/** Sorted, de-duplicated positions of the given values in one index. */
function positionsOf(map: Map<string, number[]>, values: readonly string[]): number[] {
  const out = new Set<number>();
  for (const v of values) for (const p of map.get(v) ?? []) out.add(p);
  return [...out].sort((a, b) => a - b);
}

/**
 * The candidate positions the request can match: from explicit IDs (which must all exist), else from the
 * most selective indexed filter, else every position ('all').
 */
function candidates<T>(kind: ResourceKind<T>, items: readonly T[], req: DescribeRequest, ctx: DescribeContext): number[] | 'all' {
  let index = indexFor(kind, items, ctx);
  if (req.ids !== undefined && req.ids.length > 0) {
    const ids = [...new Set(req.ids)];
    let missing = ids.filter((id) => !index.byFilter.get(kind.idFilter)?.has(id));
    if (missing.length > 0) {
      // The index may predate an in-place edit: rebuild once before answering NotFound.
      invalidateIndex(items);
      index = indexFor(kind, items, ctx);
      missing = ids.filter((id) => !index.byFilter.get(kind.idFilter)?.has(id));
    }
    if (missing.length > 0) {
      const quoted = missing.map((id) => `'${id}'`).join(', ');
      throw new FakeAwsError(
        kind.notFoundCode,
        missing.length === 1 ? `The ${kind.noun} ${quoted} does not exist` : `The ${kind.noun}s ${quoted} do not exist`,
      );
    }
    return positionsOf(index.byFilter.get(kind.idFilter) ?? new Map(), ids);
  }
  let best: number[] | undefined;
  for (const f of req.filters ?? []) {
    const map = f.Name === undefined ? undefined : index.byFilter.get(f.Name);
    if (!map || (f.Values ?? []).some(hasWildcard)) continue;
    const positions = positionsOf(map, f.Values ?? []);
    if (best === undefined || positions.length < best.length) best = positions;
  }
  return best ?? 'all';
}

/** Serves one page of a Describe call over `items`, as EC2 would. */
export function describePage<T>(
  kind: ResourceKind<T>,
  items: readonly T[],
  req: DescribeRequest,
  ctx: DescribeContext,
): DescribePage<T> {
  validateMaxResults(req.maxResults, kind.maxMaxResults);
  if (req.ids !== undefined && req.ids.length > 0 && req.maxResults !== undefined) {
    // "If you call a describe API action with both a list of IDs and MaxResults, the request fails with the
    // error InvalidParameterCombination." (EC2 API Reference, Query requests, "Pagination").
    throw new FakeAwsError(
      'InvalidParameterCombination',
      `The parameter ${kind.idFilter} list cannot be used with the parameter maxResults`,
    );
  }
  const predicates = (req.filters ?? []).map((f) => compileFilter(kind, f, ctx));
  const matches = (item: T) => predicates.every((p) => p(item));
  const start = req.nextToken ? decodeToken(req.nextToken, req) : 0;
  const limit = req.maxResults ?? Number.POSITIVE_INFINITY;
  const pool = candidates(kind, items, req, ctx);

  const page: T[] = [];
  let next: number | undefined;
  const visit = (position: number): boolean => {
    const item = items[position];
    if (item === undefined || !matches(item)) return true;
    if (page.length < limit) {
      page.push(item);
      return true;
    }
    next = position;
    return false;
  };
  if (pool === 'all') {
    for (let p = start; p < items.length && visit(p); p++);
  } else {
    let lo = 0;
    let hi = pool.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((pool[mid] ?? 0) < start) lo = mid + 1;
      else hi = mid;
    }
    for (let i = lo; i < pool.length && visit(pool[i] ?? 0); i++);
  }
  return {
    items: page,
    ...(next !== undefined ? { nextToken: encodeToken({ position: next, request: requestFingerprint(req) }) } : {}),
  };
}
