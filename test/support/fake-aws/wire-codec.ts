/**
 * Wire encoders and decoders compiled from the AWS SDK's own schemas, so every XML element, query key and
 * JSON field name the fake reads or writes is the one the real SDK serializes or parses: nothing is typed by
 * hand, and an SDK upgrade that renames a member changes the fake with it.
 *
 * - EC2 (`ec2Query`) and STS (`awsQuery`) requests are form-encoded; `readQuery` turns them back into SDK-shaped
 *   input objects (the inverse of `@aws-sdk/core`'s QueryShapeSerializer).
 * - Their responses are XML; `writeXml` renders an SDK-shaped output object with the member `xmlName`s and
 *   list item names that `@aws-sdk/core`'s XmlShapeDeserializer looks for (EC2 lists are `<fooSet><item>`).
 * - Config (`awsJson1_1`) responses are JSON; `writeJson` renders member names, timestamps as epoch seconds.
 *
 * Writers are compiled once per shape and cached, so rendering a 1000-item page is plain string concatenation.
 */
import { NormalizedSchema } from '@smithy/core/schema';

/** The SDK's operation schema tuple, e.g. `DescribeVpcs$` from '@aws-sdk/client-ec2': [9, ns, name, traits, input, output]. */
export type SdkOperationSchema = readonly [number, string, string, unknown, unknown, unknown];

type SchemaRef = Parameters<typeof NormalizedSchema.of>[0];

export const inputSchemaOf = (op: SdkOperationSchema): NormalizedSchema => NormalizedSchema.of(op[4] as SchemaRef);
export const outputSchemaOf = (op: SdkOperationSchema): NormalizedSchema => NormalizedSchema.of(op[5] as SchemaRef);

// ---------------------------------------------------------------------------------------------------------------
// XML

const XML_SPECIAL = /[&<>"']/;
const XML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };

export function escapeXml(text: string): string {
  return XML_SPECIAL.test(text) ? text.replace(/[&<>"']/g, (c) => XML_ESCAPES[c] ?? c) : text;
}

/** Renders a value's content (without its enclosing element). */
type XmlWriter = (value: unknown) => string;

/** Compiled writers by schema object identity (the SDK's schemas are module-level constants). */
const xmlWriters = new WeakMap<object, XmlWriter>();

function schemaKey(ns: NormalizedSchema): object | undefined {
  const schema = ns.getSchema() as unknown;
  return typeof schema === 'object' && schema !== null ? schema : undefined;
}

function scalarToText(ns: NormalizedSchema, value: unknown): string {
  if (ns.isTimestampSchema()) {
    const date = value instanceof Date ? value : new Date(String(value));
    return date.toISOString();
  }
  if (ns.isBlobSchema()) {
    return value instanceof Uint8Array ? Buffer.from(value).toString('base64') : String(value);
  }
  return escapeXml(String(value));
}

/** An element around `inner`; empty content is written self-closed, as EC2 writes empty sets (`<tagSet/>`). */
const element = (tag: string, inner: string) => (inner === '' ? `<${tag}/>` : `<${tag}>${inner}</${tag}>`);

function compileXmlWriter(ns: NormalizedSchema): XmlWriter {
  const key = schemaKey(ns);
  const cached = key && xmlWriters.get(key);
  if (cached) return cached;

  if (ns.isStructSchema()) {
    // Placeholder first: recursive shapes resolve to the writer being built.
    let members: { name: string; write: (value: unknown) => string }[] = [];
    const writer: XmlWriter = (value) => {
      const obj = value as Record<string, unknown>;
      let out = '';
      for (const m of members) {
        const v = obj[m.name];
        if (v !== undefined && v !== null) out += m.write(v);
      }
      return out;
    };
    if (key) xmlWriters.set(key, writer);
    members = [...ns.structIterator()].map(([name, member]) => {
      // XmlShapeDeserializer reads each member from `memberTraits.xmlName ?? memberName`.
      const tag = member.getMemberTraits().xmlName ?? name;
      if (member.isListSchema() && member.getMergedTraits().xmlFlattened) {
        const item = compileXmlWriter(member.getValueSchema());
        return { name, write: (v) => (v as unknown[]).map((i) => element(tag, item(i))).join('') };
      }
      const inner = compileXmlWriter(member);
      return { name, write: (v) => element(tag, inner(v)) };
    });
    return writer;
  }
  if (ns.isListSchema()) {
    const valueSchema = ns.getValueSchema();
    // The deserializer looks for `valueSchema.xmlName ?? "member"` (EC2 models name it "item").
    const itemTag = valueSchema.getMergedTraits().xmlName ?? 'member';
    const item = compileXmlWriter(valueSchema);
    const writer: XmlWriter = (value) => {
      let out = '';
      for (const v of value as unknown[]) out += element(itemTag, item(v));
      return out;
    };
    if (key) xmlWriters.set(key, writer);
    return writer;
  }
  if (ns.isMapSchema()) {
    const keyTag = ns.getKeySchema().getMergedTraits().xmlName ?? 'key';
    const valueTag = ns.getValueSchema().getMergedTraits().xmlName ?? 'value';
    const valueWriter = compileXmlWriter(ns.getValueSchema());
    return (value) =>
      Object.entries(value as Record<string, unknown>)
        .map(([k, v]) => `<entry>${element(keyTag, escapeXml(k))}${element(valueTag, valueWriter(v))}</entry>`)
        .join('');
  }
  return (value) => scalarToText(ns, value);
}

/** Renders `value` (an SDK-shaped object) as the content of an output structure. */
export function writeXml(schema: NormalizedSchema, value: object): string {
  return compileXmlWriter(schema)(value);
}

// ---------------------------------------------------------------------------------------------------------------
// Query (form) requests

export type QueryDialect = 'ec2' | 'awsQuery';

interface QueryNode {
  value?: string;
  children?: Map<string, QueryNode>;
}

/** Splits `Filter.1.Value.2=x` keys into a tree, so the schema walk below can read nested members. */
export function parseQueryTree(params: URLSearchParams): QueryNode {
  const root: QueryNode = {};
  for (const [key, value] of params) {
    let node = root;
    for (const part of key.split('.')) {
      node.children ??= new Map();
      let child = node.children.get(part);
      if (!child) {
        child = {};
        node.children.set(part, child);
      }
      node = child;
    }
    node.value = value;
  }
  return root;
}

/** The query key of a struct member, exactly as QueryShapeSerializer.getKey computes it. */
function queryKey(memberName: string, member: NormalizedSchema, dialect: QueryDialect): string {
  const traits = member.getMergedTraits();
  if (dialect === 'ec2') {
    if (typeof traits.ec2QueryName === 'string') return traits.ec2QueryName;
    const k = traits.xmlName ?? memberName;
    return k.charAt(0).toUpperCase() + k.slice(1);
  }
  return traits.xmlName ?? memberName;
}

function readScalar(ns: NormalizedSchema, text: string): unknown {
  if (ns.isBooleanSchema()) return text === 'true';
  if (ns.isNumericSchema()) return Number(text);
  if (ns.isTimestampSchema()) return new Date(Number.isNaN(Number(text)) ? text : Number(text) * 1000);
  return text;
}

function readNode(ns: NormalizedSchema, node: QueryNode, dialect: QueryDialect): unknown {
  if (ns.isStructSchema()) {
    const out: Record<string, unknown> = {};
    for (const [name, member] of ns.structIterator()) {
      const child = node.children?.get(queryKey(name, member, dialect));
      if (child) out[name] = readNode(member, child, dialect);
    }
    return out;
  }
  if (ns.isListSchema()) {
    const flat = dialect === 'ec2' || ns.getMergedTraits().xmlFlattened;
    const itemTraits = ns.getValueSchema().getMergedTraits();
    const holder = flat ? node : node.children?.get(itemTraits.xmlName ?? 'member');
    const items = [...(holder?.children ?? new Map<string, QueryNode>()).entries()]
      .filter(([index]) => /^\d+$/.test(index))
      .sort(([a], [b]) => Number(a) - Number(b));
    return items.map(([, child]) => readNode(ns.getValueSchema(), child, dialect));
  }
  return readScalar(ns, node.value ?? '');
}

/** Reads a form-encoded EC2 or STS request back into the SDK input shape (`{ Filters: [{ Name, Values }] }`). */
export function readQuery(schema: NormalizedSchema, params: URLSearchParams, dialect: QueryDialect): Record<string, unknown> {
  return readNode(schema, parseQueryTree(params), dialect) as Record<string, unknown>;
}

// ---------------------------------------------------------------------------------------------------------------
// JSON (awsJson1_1) responses

function toJsonValue(ns: NormalizedSchema, value: unknown): unknown {
  if (value === undefined || value === null) return undefined;
  if (ns.isStructSchema()) {
    const obj = value as Record<string, unknown>;
    const out: Record<string, unknown> = {};
    for (const [name, member] of ns.structIterator()) {
      const v = toJsonValue(member, obj[name]);
      if (v !== undefined) out[name] = v;
    }
    return out;
  }
  if (ns.isListSchema()) return (value as unknown[]).map((v) => toJsonValue(ns.getValueSchema(), v));
  if (ns.isMapSchema()) {
    return Object.fromEntries(
      Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, toJsonValue(ns.getValueSchema(), v)]),
    );
  }
  // awsJson1_1 timestamps are epoch seconds.
  if (ns.isTimestampSchema()) return (value instanceof Date ? value : new Date(String(value))).getTime() / 1000;
  return value;
}

/** Renders an SDK-shaped output object as the awsJson1_1 response body. */
export function writeJson(schema: NormalizedSchema, value: object): string {
  return JSON.stringify(toJsonValue(schema, value) ?? {});
}

/** Reads an awsJson1_1 request body: epoch-second timestamps become Dates, everything else stays as sent. */
export function readJson(schema: NormalizedSchema, body: unknown): Record<string, unknown> {
  const read = (ns: NormalizedSchema, value: unknown): unknown => {
    if (value === undefined || value === null) return value;
    if (ns.isStructSchema()) {
      const obj = value as Record<string, unknown>;
      const out: Record<string, unknown> = {};
      for (const [name, member] of ns.structIterator()) if (name in obj) out[name] = read(member, obj[name]);
      return out;
    }
    if (ns.isListSchema()) return Array.isArray(value) ? value.map((v) => read(ns.getValueSchema(), v)) : value;
    if (ns.isTimestampSchema()) return typeof value === 'number' ? new Date(value * 1000) : new Date(String(value));
    return value;
  };
  return (read(schema, body ?? {}) ?? {}) as Record<string, unknown>;
}
