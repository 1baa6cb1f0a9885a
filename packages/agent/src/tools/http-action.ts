import type { ConnectorError, SafeResponse } from "@atelier/knowledge";
import { z } from "zod";
import { type JsonSchema, OpenApiError, type OpenApiOperation, type OpenApiParameter } from "./openapi";
import { type AtelierTool, ToolError, type ToolContext } from "./tool-definition";

/** How an action authenticates: the secret is stored encrypted and read at call time by its id. */
export interface HttpActionAuth {
  /** bearer: "Authorization: Bearer <secret>"; header: "<name>: <secret>"; query: "?<name>=<secret>". */
  type: "bearer" | "header" | "query";
  /** Header or query parameter name; default "X-API-Key" (header) or "api_key" (query). */
  name?: string;
  secretId: string;
}

export interface HttpActionOptions {
  /** Absolute http(s) URL the operation's path is appended to, e.g. "https://api.example.com/v1". */
  baseUrl: string;
  auth?: HttpActionAuth;
}

/** Characters of the response body given to the model. */
export const MAX_RESPONSE_CHARS = 8000;
const MAX_ERROR_EXCERPT_CHARS = 300;
const MAX_DESCRIPTION_CHARS = 1000;
/** Larger bodies are cut without being re-indented. */
const MAX_PRETTY_PRINTED_BYTES = 1_000_000;
const MAX_SCHEMA_DEPTH = 24;

/** An OpenAI-compatible function name: [a-zA-Z0-9_-], at most 64 characters. */
export function toolNameFor(operationId: string): string {
  return (
    operationId
      .replace(/[^a-zA-Z0-9_-]+/g, "_")
      .replace(/^_+|_+$/g, "")
      .slice(0, 64) || "http_action"
  );
}

const isPrimitive = (value: unknown): value is string | number | boolean => ["string", "number", "boolean"].includes(typeof value);

/** allOf parts merged into one schema (properties and required lists combined). */
function mergeAllOf(schema: JsonSchema): JsonSchema {
  if (!Array.isArray(schema.allOf)) return schema;
  const { allOf, ...rest } = schema;
  let merged: JsonSchema = {};
  for (const part of [...allOf.map(mergeAllOf), rest]) {
    merged = {
      ...merged,
      ...part,
      properties: { ...merged.properties, ...part.properties },
      required: [...(merged.required ?? []), ...(Array.isArray(part.required) ? part.required : [])],
    };
  }
  if (Object.keys(merged.properties!).length > 0 && merged.type === undefined) merged.type = "object";
  return merged;
}

function descriptionOf(schema: JsonSchema): string | undefined {
  const parts = [schema.description ?? schema.title].filter((part): part is string => typeof part === "string" && part.trim() !== "").map((part) => part.trim());
  if (typeof schema.format === "string") parts.push(`(format: ${schema.format})`);
  if (schema.default !== undefined && isPrimitive(schema.default)) parts.push(`(default: ${JSON.stringify(schema.default)})`);
  return parts.length > 0 ? parts.join(" ") : undefined;
}

/**
 * A zod schema for a JSON Schema subset: string, number, integer, boolean, array, object
 * (properties, required), enum, const, nullable, allOf (merged), oneOf/anyOf (union) and
 * descriptions; anything else becomes "any value" with its description. readOnly properties are
 * left out: they are the server's to set.
 */
export function jsonSchemaToZod(schema: JsonSchema, depth = 0): z.ZodType {
  if (depth > MAX_SCHEMA_DEPTH) return z.any().describe("Any JSON value");
  const source = mergeAllOf(schema);
  let types = Array.isArray(source.type) ? source.type.filter((t) => typeof t === "string") : typeof source.type === "string" ? [source.type] : [];
  let nullable = source.nullable === true || types.includes("null");
  types = types.filter((t) => t !== "null");
  if (types.length === 0 && source.properties) types = ["object"];
  if (types.length === 0 && source.items) types = ["array"];

  let out: z.ZodType;
  const alternatives = Array.isArray(source.oneOf) ? source.oneOf : Array.isArray(source.anyOf) ? source.anyOf : null;
  if (Array.isArray(source.enum) && source.enum.length > 0) {
    const values = source.enum.filter((value) => value !== null);
    if (values.length < source.enum.length) nullable = true;
    if (values.length > 0 && values.every((value) => typeof value === "string")) out = z.enum(values as [string, ...string[]]);
    else if (values.length > 0 && values.every(isPrimitive)) out = z.literal(values);
    else out = z.any();
  } else if (isPrimitive(source.const)) {
    out = z.literal(source.const);
  } else if (alternatives) {
    const options = alternatives.filter((option) => !(option?.type === "null"));
    if (options.length < alternatives.length) nullable = true;
    const converted = options.map((option) => jsonSchemaToZod(option, depth + 1));
    out = converted.length === 0 ? z.any() : converted.length === 1 ? converted[0]! : z.union(converted as [z.ZodType, z.ZodType, ...z.ZodType[]]);
  } else if (types.length > 1) {
    out = z.union(types.map((type) => jsonSchemaToZod({ ...source, type, nullable: false }, depth + 1)) as [z.ZodType, z.ZodType, ...z.ZodType[]]);
  } else {
    switch (types[0]) {
      case "string":
        out = z.string();
        break;
      case "number":
        out = z.number();
        break;
      case "integer":
        out = z.number().int();
        break;
      case "boolean":
        out = z.boolean();
        break;
      case "array":
        out = z.array(source.items && typeof source.items === "object" ? jsonSchemaToZod(source.items, depth + 1) : z.any());
        break;
      case "object":
        out = objectToZod(source, depth);
        break;
      default:
        out = z.any();
    }
  }
  if (nullable) out = out.nullable();
  const description = descriptionOf(source) ?? (out instanceof z.ZodAny ? "Any JSON value" : undefined);
  return description ? out.describe(description) : out;
}

function objectToZod(schema: JsonSchema, depth: number): z.ZodType {
  const required = new Set(Array.isArray(schema.required) ? schema.required : []);
  const entries = Object.entries(schema.properties ?? {})
    .filter(([, property]) => property && typeof property === "object" && property.readOnly !== true)
    .map(([name, property]) => {
      const converted = jsonSchemaToZod(property, depth + 1);
      return [name, required.has(name) ? converted : converted.optional()] as const;
    });
  if (entries.length === 0) {
    const values = schema.additionalProperties && typeof schema.additionalProperties === "object" ? jsonSchemaToZod(schema.additionalProperties, depth + 1) : z.any();
    return z.record(z.string(), values);
  }
  const shape = Object.fromEntries(entries);
  return schema.additionalProperties === undefined || schema.additionalProperties === false ? z.object(shape) : z.looseObject(shape);
}

interface ParameterField {
  key: string;
  parameter: OpenApiParameter;
}

/** Input keys for the parameters: their names, prefixed by their location when two collide. */
function fieldsOf(operation: OpenApiOperation): ParameterField[] {
  const used = new Set(operation.requestBody ? ["body"] : []);
  return operation.parameters.map((parameter) => {
    let key = parameter.name;
    if (used.has(key)) key = `${parameter.in}_${parameter.name}`;
    for (let n = 2; used.has(key); n++) key = `${parameter.in}_${parameter.name}_${n}`;
    used.add(key);
    return { key, parameter };
  });
}

function inputSchemaOf(operation: OpenApiOperation, fields: ParameterField[]) {
  const shape: [string, z.ZodType][] = fields.map(({ key, parameter }) => {
    let field = jsonSchemaToZod(parameter.schema);
    const where = parameter.in === "path" ? "Path parameter" : parameter.in === "query" ? "Query parameter" : `HTTP header ${parameter.name}`;
    const about = parameter.description ?? field.description;
    field = field.describe(about ? `${about} (${where})` : where);
    return [key, parameter.required ? field : field.optional()];
  });
  if (operation.requestBody) {
    const body = jsonSchemaToZod(operation.requestBody.schema);
    const described = operation.requestBody.description ? body.describe(operation.requestBody.description) : body;
    shape.push(["body", operation.requestBody.required ? described : described.optional()]);
  }
  return z.object(Object.fromEntries(shape));
}

function cut(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max)}\n… (truncated: ${text.length} characters in all)`;
}

function queryValue(value: unknown): string {
  return typeof value === "object" && value !== null ? JSON.stringify(value) : String(value);
}

const TEXT_MEDIA_TYPE = /json|text|xml|javascript|yaml|csv|x-www-form-urlencoded/i;

/** The body as text for the model: JSON re-indented, binary bodies described rather than shown. */
function bodyText(response: SafeResponse): string {
  const type = response.headers.get("content-type") ?? "";
  if (response.body.byteLength === 0) return "(empty body)";
  if (type && !TEXT_MEDIA_TYPE.test(type)) return `(${type.split(";")[0]} body of ${response.body.byteLength} bytes, not shown)`;
  const raw = new TextDecoder().decode(response.body);
  if (response.body.byteLength <= MAX_PRETTY_PRINTED_BYTES && (/json/i.test(type) || /^\s*[[{]/.test(raw))) {
    try {
      return JSON.stringify(JSON.parse(raw), null, 2);
    } catch {
      // Not JSON after all: shown as it is.
    }
  }
  return raw;
}

/** Replaces the secret (and its URL-encoded form) wherever an API echoed it. */
function redact(text: string, secret: string | null): string {
  if (!secret) return text;
  let out = text.replaceAll(secret, "[secret]");
  const encoded = encodeURIComponent(secret);
  if (encoded !== secret) out = out.replaceAll(encoded, "[secret]");
  return out;
}

/**
 * The SafeFetch failures (ConnectorError and its BlockedAddressError) as ToolErrors. Recognised by
 * name rather than instanceof, so that the tools do not load the whole knowledge package.
 */
function fetchError(error: unknown, signal: AbortSignal): unknown {
  if (signal.aborted) return signal.reason ?? error;
  if (!(error instanceof Error) || (error.name !== "ConnectorError" && error.name !== "BlockedAddressError")) return error;
  const failure = error as ConnectorError;
  const code =
    failure.code === "blocked_address"
      ? "blocked_address"
      : failure.code === "timeout"
        ? "timeout"
        : failure.code === "too_large"
          ? "too_large"
          : failure.code === "invalid_url"
            ? "invalid_input"
            : "unavailable";
  return new ToolError(code, failure.message, { cause: error });
}

/** A tool that calls one OpenAPI operation through the context's guarded fetch. */
export function createHttpActionTool(operation: OpenApiOperation, options: HttpActionOptions): AtelierTool<Record<string, unknown>> {
  if (operation.unsupported) throw new OpenApiError(`${operation.operationId} cannot be used as an action: ${operation.unsupported}.`);
  let base: URL;
  try {
    base = new URL(options.baseUrl);
  } catch {
    throw new OpenApiError(`The base URL of ${operation.operationId} is not an absolute web address: "${options.baseUrl}".`);
  }
  if (base.protocol !== "http:" && base.protocol !== "https:") throw new OpenApiError(`The base URL of ${operation.operationId} must start with http:// or https://.`);
  const baseUrl = `${base.origin}${base.pathname.replace(/\/+$/, "")}`;
  const fields = fieldsOf(operation);
  const schema = inputSchemaOf(operation, fields);
  const method = operation.method;
  const about = [operation.summary, operation.description]
    .filter((part): part is string => Boolean(part))
    .map((part) => part.replace(/\s+/g, " ").replace(/[.\s]+$/, ""))
    .join(". ");
  const call = `HTTP ${method} ${operation.path} on ${base.host}`;
  const description = `${about ? `${about}. ` : ""}(${call})`;

  return {
    name: toolNameFor(operation.operationId),
    description: description.length <= MAX_DESCRIPTION_CHARS ? description : `${about.slice(0, MAX_DESCRIPTION_CHARS - call.length - 6)}… (${call})`,
    schema: schema as z.ZodType<Record<string, unknown>>,
    requiresApproval: () => method !== "GET" && method !== "HEAD",
    async run(rawInput, context: ToolContext) {
      const parsed = schema.safeParse(rawInput);
      if (!parsed.success) throw new ToolError("invalid_input", `Invalid arguments for ${operation.operationId}: ${z.prettifyError(parsed.error)}`);
      const input = parsed.data as Record<string, unknown>;
      if (!context.fetch) throw new ToolError("unavailable", "HTTP actions are not available here.");

      let path = operation.path;
      const query = new URLSearchParams();
      const headers: Record<string, string> = { accept: "application/json, */*;q=0.5" };
      for (const { key, parameter } of fields) {
        const value = input[key];
        if (value === undefined || value === null) continue;
        if (parameter.in === "path") {
          const segment = queryValue(value);
          // "." and ".." would move up the API's paths once the URL is normalised.
          if (segment === "" || segment === "." || segment === "..") throw new ToolError("invalid_input", `The path parameter ${parameter.name} cannot be "${segment}".`);
          path = path.replaceAll(`{${parameter.name}}`, encodeURIComponent(segment));
        } else if (parameter.in === "query") {
          for (const item of Array.isArray(value) ? value : [value]) query.append(parameter.name, queryValue(item));
        } else {
          const header = queryValue(value);
          if (/[\r\n\0]/.test(header)) throw new ToolError("invalid_input", `The header ${parameter.name} cannot contain line breaks.`);
          headers[parameter.name.toLowerCase()] = header;
        }
      }
      // The request as shown in messages: without the query string, where a secret may travel.
      const request = `${method} ${path}`;
      if (/\{[^}]+\}/.test(path)) throw new ToolError("invalid_input", `${request} still has a path parameter to fill in.`);

      let secret: string | null = null;
      if (options.auth) {
        secret = context.secret?.(options.auth.secretId) ?? null;
        if (!secret) throw new ToolError("unavailable", `The secret of the ${operation.operationId} action is missing: an administrator must set it again in the Studio.`);
        if (options.auth.type === "bearer") headers.authorization = `Bearer ${secret}`;
        else if (options.auth.type === "header") headers[(options.auth.name || "X-API-Key").toLowerCase()] = secret;
        else query.set(options.auth.name || "api_key", secret);
      }
      let body: string | undefined;
      if (operation.requestBody && input.body !== undefined) {
        body = JSON.stringify(input.body);
        headers["content-type"] = operation.requestBody.contentType;
      }
      const search = query.toString();

      let response: SafeResponse;
      try {
        response = await context.fetch(`${baseUrl}${path}${search ? `?${search}` : ""}`, { method, headers, ...(body !== undefined ? { body } : {}), signal: context.signal });
      } catch (error) {
        const mapped = fetchError(error, context.signal);
        // The cause is kept for the logs unless it may hold the secret (an invalid URL quotes its query string).
        if (mapped instanceof ToolError) throw new ToolError(mapped.code, redact(mapped.message, secret), secret ? undefined : { cause: mapped.cause });
        throw mapped;
      }
      const text = redact(bodyText(response), secret);
      if (response.status >= 400) {
        const excerpt = text.replace(/\s+/g, " ").trim();
        const shown = excerpt.length <= MAX_ERROR_EXCERPT_CHARS ? excerpt : `${excerpt.slice(0, MAX_ERROR_EXCERPT_CHARS)}…`;
        throw new ToolError("http_error", `${request} failed with HTTP ${response.status}: ${shown}`);
      }
      const content = `HTTP ${response.status} (${request})\n${cut(text, MAX_RESPONSE_CHARS)}`;
      return { content, display: { kind: "text", text: content } };
    },
  };
}
