import { parse as parseYaml } from "yaml";

/**
 * Reads an OpenAPI 3.x specification (JSON or YAML) into the operations an assistant can call:
 * local $refs resolved, path-level and operation-level parameters merged, JSON request bodies.
 */

export type HttpMethod = "GET" | "PUT" | "POST" | "DELETE" | "OPTIONS" | "HEAD" | "PATCH" | "TRACE";

/** The part of JSON Schema that operations use, with every $ref already replaced. */
export interface JsonSchema {
  type?: string | string[];
  description?: string;
  title?: string;
  format?: string;
  enum?: unknown[];
  const?: unknown;
  default?: unknown;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  additionalProperties?: boolean | JsonSchema;
  allOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  anyOf?: JsonSchema[];
  /** OpenAPI 3.0 (3.1 writes type: [..., "null"]). */
  nullable?: boolean;
  readOnly?: boolean;
  [keyword: string]: unknown;
}

export interface OpenApiParameter {
  name: string;
  in: "path" | "query" | "header";
  required: boolean;
  description?: string;
  schema: JsonSchema;
}

export interface OpenApiRequestBody {
  required: boolean;
  description?: string;
  contentType: string;
  schema: JsonSchema;
}

export interface OpenApiOperation {
  /** The spec's operationId, or a slug of the method and path ("get_pets_petId") when it has none. */
  operationId: string;
  method: HttpMethod;
  path: string;
  summary?: string;
  description?: string;
  parameters: OpenApiParameter[];
  /** The JSON request body, or null when there is none (or it is optional and not JSON). */
  requestBody: OpenApiRequestBody | null;
  /** Why the operation cannot be called as a tool (a required body that is not JSON), when it cannot. */
  unsupported?: string;
}

export interface OpenApiDocument {
  title: string;
  version: string | null;
  /** Server URLs with their variables set to their defaults; may be relative ("/v1"). */
  servers: string[];
  operations: OpenApiOperation[];
}

/** A specification Atelier cannot use, with a sentence that says why. */
export class OpenApiError extends Error {
  override readonly name = "OpenApiError";
}

export const MAX_SPEC_CHARS = 5_000_000;
/** Expanded schema nodes per specification: a guard against $ref fan-out. */
const MAX_INLINED_NODES = 200_000;
/** Nested $refs followed before a schema is cut to "any value". */
const MAX_REF_DEPTH = 16;
const METHODS = ["get", "put", "post", "delete", "options", "head", "patch", "trace"] as const;
/** Headers HTTP sets itself: OpenAPI says to ignore these parameters. */
const IGNORED_HEADERS = new Set(["accept", "content-type", "authorization"]);

type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json => typeof value === "object" && value !== null && !Array.isArray(value);
const text = (value: unknown): string | undefined => (typeof value === "string" && value.trim() ? value.trim() : undefined);

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

/** Resolves local $refs ("#/components/schemas/Pet"); refs to other files are refused. */
class RefResolver {
  private nodes = 0;

  constructor(private readonly root: Json) {}

  private pointer(ref: string, where: string): unknown {
    if (!ref.startsWith("#/")) {
      throw new OpenApiError(`${where}: the $ref "${ref}" points outside the specification; only references inside it (#/components/…) are supported.`);
    }
    let node: unknown = this.root;
    for (const raw of ref.slice(2).split("/")) {
      const segment = safeDecode(raw).replaceAll("~1", "/").replaceAll("~0", "~");
      if (!(isObject(node) || Array.isArray(node)) || !Object.hasOwn(node, segment)) throw new OpenApiError(`${where}: the $ref "${ref}" points to nothing.`);
      node = (node as Json)[segment];
    }
    return node;
  }

  /** What a $ref finally points to, through refs to refs; a loop of refs is an error. */
  private target(ref: string, where: string): { ref: string; value: unknown } {
    const chain: string[] = [];
    let current = ref;
    for (;;) {
      if (chain.includes(current)) throw new OpenApiError(`${where}: $ref cycle ${[...chain, current].join(" → ")}.`);
      chain.push(current);
      const value = this.pointer(current, where);
      if (isObject(value) && typeof value.$ref === "string") current = value.$ref;
      else return { ref: current, value };
    }
  }

  /**
   * A copy of `value` with its $refs replaced by their targets. A schema that contains itself
   * (a tree, a linked list) is valid: its inner occurrence becomes "any value".
   */
  inline(value: unknown, where: string, stack: string[] = []): unknown {
    if (++this.nodes > MAX_INLINED_NODES) throw new OpenApiError(`${where}: the schemas are too large once their $refs are expanded.`);
    if (Array.isArray(value)) return value.map((item) => this.inline(item, where, stack));
    if (!isObject(value)) return value;
    if (typeof value.$ref === "string") {
      const { ref, value: target } = this.target(value.$ref, where);
      // Keywords beside a $ref (OpenAPI 3.1: description, summary) win over the target's.
      const siblings = Object.fromEntries(Object.entries(value).filter(([key]) => key !== "$ref").map(([key, v]) => [key, this.inline(v, where, stack)]));
      if (stack.includes(ref) || stack.length >= MAX_REF_DEPTH) {
        return { description: `A ${ref.split("/").at(-1)} (nested structure, given as any JSON value)`, ...siblings };
      }
      const resolved = this.inline(target, where, [...stack, ref]);
      return isObject(resolved) ? { ...resolved, ...siblings } : resolved;
    }
    // fromEntries defines own properties, so a "__proto__" key stays a plain key.
    return Object.fromEntries(Object.entries(value).map(([key, v]) => [key, this.inline(v, where, stack)]));
  }
}

function slug(method: string, path: string): string {
  return `${method}_${path}`.replace(/[^A-Za-z0-9]+/g, "_").replace(/^_+|_+$/g, "");
}

function toParameter(raw: unknown, where: string): OpenApiParameter | null {
  if (!isObject(raw) || typeof raw.name !== "string" || typeof raw.in !== "string") throw new OpenApiError(`${where}: a parameter has no "name" or no "in".`);
  if (raw.in === "cookie") return null;
  if (raw.in !== "path" && raw.in !== "query" && raw.in !== "header") throw new OpenApiError(`${where}: the parameter "${raw.name}" is in "${raw.in}", which is not path, query, header or cookie.`);
  if (raw.in === "header" && IGNORED_HEADERS.has(raw.name.toLowerCase())) return null;
  // A parameter has a schema, or a content map with one.
  const content = isObject(raw.content) ? Object.values(raw.content).find((media) => isObject(media) && isObject(media.schema)) : undefined;
  const schema = isObject(raw.schema) ? raw.schema : isObject(content) && isObject(content.schema) ? content.schema : {};
  return {
    name: raw.name,
    in: raw.in,
    required: raw.in === "path" || raw.required === true,
    ...(text(raw.description) ? { description: text(raw.description) } : {}),
    schema: schema as JsonSchema,
  };
}

function parametersOf(raw: unknown, where: string): OpenApiParameter[] {
  if (raw === undefined) return [];
  if (!Array.isArray(raw)) throw new OpenApiError(`${where}: "parameters" is not a list.`);
  return raw.map((parameter) => toParameter(parameter, where)).filter((parameter) => parameter !== null);
}

const JSON_MEDIA_TYPE = /^application\/(?:[\w.+-]+\+)?json\s*(?:;|$)/i;

function requestBodyOf(raw: unknown, where: string): { body: OpenApiRequestBody | null; unsupported?: string } {
  if (raw === undefined) return { body: null };
  if (!isObject(raw) || !isObject(raw.content)) throw new OpenApiError(`${where}: the request body has no "content".`);
  const types = Object.keys(raw.content);
  const type = types.find((t) => JSON_MEDIA_TYPE.test(t)) ?? types.find((t) => t === "*/*");
  const required = raw.required === true;
  if (!type) return required ? { body: null, unsupported: `its request body is ${types.join(", ") || "empty"}, not JSON` } : { body: null };
  const media = raw.content[type];
  return {
    body: {
      required,
      ...(text(raw.description) ? { description: text(raw.description) } : {}),
      contentType: type === "*/*" ? "application/json" : type,
      schema: (isObject(media) && isObject(media.schema) ? media.schema : {}) as JsonSchema,
    },
  };
}

function serversOf(raw: unknown): string[] {
  if (!Array.isArray(raw)) return [];
  return raw.flatMap((server) => {
    if (!isObject(server) || typeof server.url !== "string") return [];
    const variables = isObject(server.variables) ? server.variables : {};
    return [
      server.url.replace(/\{([^}]+)\}/g, (whole, name: string) => {
        const variable = variables[name];
        return isObject(variable) && variable.default !== undefined ? String(variable.default) : whole;
      }),
    ];
  });
}

function readDocument(source: string): unknown {
  const json = source.trimStart().startsWith("{");
  try {
    return json ? JSON.parse(source) : parseYaml(source, { maxAliasCount: 100 });
  } catch (error) {
    const reason = error instanceof Error ? error.message.split("\n")[0] : String(error);
    throw new OpenApiError(`The specification is not valid ${json ? "JSON" : "YAML"}: ${reason}`, { cause: error });
  }
}

/** Parses an OpenAPI 3.x specification; throws an OpenApiError that says what is wrong. */
export function parseOpenApi(source: string): OpenApiDocument {
  if (source.length > MAX_SPEC_CHARS) throw new OpenApiError(`The specification is larger than ${MAX_SPEC_CHARS / 1_000_000} million characters.`);
  const doc = readDocument(source);
  if (!isObject(doc)) throw new OpenApiError("The specification is empty or is not a JSON or YAML object.");
  // YAML reads an unquoted "openapi: 3.0" as the number 3.
  const version = typeof doc.openapi === "number" ? String(doc.openapi) : doc.openapi;
  if (typeof version !== "string" || !/^3(\.\d+)*(-[\w.]+)?$/.test(version)) {
    if (doc.swagger !== undefined) {
      throw new OpenApiError(`This is a Swagger ${String(doc.swagger)} specification; Atelier reads OpenAPI 3.x. Convert it first (the Swagger Editor can: Edit > Convert to OpenAPI 3).`);
    }
    throw new OpenApiError(`This is not an OpenAPI 3.x specification: its "openapi" field ${version === undefined ? "is missing" : `is ${JSON.stringify(version)}`}.`);
  }
  if (!isObject(doc.paths) || Object.keys(doc.paths).length === 0) throw new OpenApiError("The specification has no paths, so no operation to call.");

  const resolver = new RefResolver(doc);
  const operations: OpenApiOperation[] = [];
  const ids = new Set<string>();
  for (const [path, rawItem] of Object.entries(doc.paths)) {
    const item = resolver.inline(rawItem, `paths › ${path}`);
    if (!isObject(item)) throw new OpenApiError(`paths › ${path} is not an object.`);
    const shared = parametersOf(item.parameters, `paths › ${path}`);
    for (const method of METHODS) {
      const raw = item[method];
      if (raw === undefined) continue;
      const where = `${method.toUpperCase()} ${path}`;
      if (!isObject(raw)) throw new OpenApiError(`${where} is not an object.`);
      const own = parametersOf(raw.parameters, where);
      // The operation's parameters override the path's of the same name and location.
      const parameters = [...shared.filter((p) => !own.some((o) => o.name === p.name && o.in === p.in)), ...own];
      for (const [, name] of path.matchAll(/\{([^}]+)\}/g)) {
        if (!parameters.some((p) => p.in === "path" && p.name === name)) parameters.push({ name: name!, in: "path", required: true, schema: { type: "string" } });
      }
      const { body, unsupported } = requestBodyOf(raw.requestBody, where);
      let operationId = text(raw.operationId);
      if (operationId && ids.has(operationId)) throw new OpenApiError(`The operationId "${operationId}" is used by two operations.`);
      if (!operationId) {
        operationId = slug(method, path);
        for (let n = 2; ids.has(operationId); n++) operationId = `${slug(method, path)}_${n}`;
      }
      ids.add(operationId);
      operations.push({
        operationId,
        method: method.toUpperCase() as HttpMethod,
        path,
        ...(text(raw.summary) ? { summary: text(raw.summary) } : {}),
        ...(text(raw.description) ? { description: text(raw.description) } : {}),
        parameters,
        requestBody: body,
        ...(unsupported ? { unsupported } : {}),
      });
    }
  }
  if (operations.length === 0) throw new OpenApiError("The specification's paths have no operations (get, post, put, patch, delete…).");
  const info = isObject(doc.info) ? doc.info : {};
  return { title: text(info.title) ?? "API", version: text(info.version) ?? null, servers: serversOf(doc.servers), operations };
}
