import type { Priority } from '../config/vocabulary.js';

/** The channels a third-party request arrives through; a partner's config names one of them. */
export const INTAKE_FORMATS = [
  'sanzhang',
  'cli-im',
  'jinshuju',
  'wjx',
  'jiandaoyun',
  'json',
  'open311',
] as const;
export type IntakeFormat = (typeof INTAKE_FORMATS)[number];

/**
 * Where a partner's form fields go: for each of our fields, the partner's field key (a label for
 * 草料, an API code such as `field_3` for 金数据, `q2` for 问卷星, a widget name for 简道云, a
 * JSONPath for `json`).
 * A district adds a new form by writing one of these, not code.
 */
export interface FieldMapping {
  category?: string;
  /** Several fields are joined, in order, one per line. */
  description?: string[];
  phone?: string;
  name?: string;
  /** A free-text or structured address (金数据's `{province, city, district, street}`). */
  address?: string;
  building?: string;
  unit?: string;
  room?: string;
  householdId?: string;
  photos?: string;
  priority?: string;
  /** The form's answer (option text) → one of our category codes; unmapped answers use the default. */
  categoryValues?: Record<string, string>;
}

/**
 * Where a value of a `json` delivery is: a JSONPath (RFC 9535) over the body (`$.event.id`), a header
 * (`header:x-lark-request-nonce`) or a query parameter (`query:timestamp`).
 */
export type ValueSource = string;

/** How a `json` partner's product proves a delivery is its own, with one of the partner's secrets. */
export type JsonProof =
  /** The partner's long random token in the URL (`/intake/{partnerId}/{token}`). */
  | { type: 'url-token' }
  /** A value that is the secret itself: a header (`header:x-api-key`), or a body field (飞书's `$.header.token`). */
  | { type: 'secret-value'; at: ValueSource }
  /**
   * A signature over `template`, whose `{body}`, `{timestamp}`, `{nonce}` and `{secret}` are the raw
   * body, the values found at `timestamp` and `nonce`, and the secret: an HMAC keyed by the secret, or
   * a plain hash of a template that contains `{secret}`.
   */
  | {
      type: 'signature';
      algorithm: 'hmac-sha256' | 'hmac-sha1' | 'sha256' | 'sha1';
      encoding: 'hex' | 'base64';
      /** Where the signature is (`header:x-signature`). */
      signature: ValueSource;
      /** Stripped from the signature before comparing (`sha256=`). */
      prefix?: string;
      template: string;
      timestamp?: ValueSource;
      nonce?: ValueSource;
      /** Seconds the timestamp may be from now either way (default 300; 0: no window, for retries that keep it). */
      windowSeconds?: number;
    };

/** A `json` partner's product: where its delivery id is, which events create requests, its proof and handshake. */
export interface JsonFormatConfig {
  /** The product's id of this submission, which its retries repeat (the dedupe key). */
  deliveryId: ValueSource;
  /** Only deliveries whose value at `path` is one of `equals` create a request; others are a 400 naming it. */
  event?: { path: ValueSource; equals: string[] };
  proof: JsonProof;
  /**
   * A URL-verification request (a POST, or a GET such as `?echostr=…`): when the value at `when`
   * equals `equals` (or, without `equals`, is there at all), the value at `echo` is answered 200, as
   * JSON `{<as>: value}` when `as` is given, else as plain text.
   */
  handshake?: { when: ValueSource; equals?: string; echo: ValueSource; as?: string };
}

/** The answer to a product's URL-verification handshake. */
export interface HandshakeAnswer {
  contentType: 'application/json' | 'text/plain';
  body: string;
}

/** What a partner's delivery says, once its format is read: the same shape from every channel. */
export interface IntakeSubmission {
  /** The partner's id of this submission (serial number, joinid, deliver id): what its retries repeat. */
  externalId: string;
  /** One of the district's category codes, when the form said one (else the partner's default). */
  category?: string;
  description: string;
  priority?: Priority;
  photos: string[];
  contactName?: string;
  /** The phone number as given (normalized to E.164 when it is a mainland mobile). */
  phone?: string;
  householdId?: string;
  address?: AddressHint;
  location?: { lat: number; long: number };
}

/** An address as a form gives it: free text, parts, or both. */
export interface AddressHint {
  text?: string;
  community?: string;
  building?: string;
  unit?: string;
  room?: string;
}

/** A delivery as it reached us: the exact bytes (signatures are over them) and what came with them. */
export interface RawDelivery {
  body: string;
  /** Lower-cased header names. */
  headers: Record<string, string>;
  /** The secret segment of the URL (`/intake/{partnerId}/{token}`), for partners who cannot sign. */
  pathToken?: string;
  /** Query string parameters (some products sign over them). */
  query: Record<string, string>;
}

/** What a format adapter needs of the partner it reads for. */
export interface PartnerFormat {
  /** One or two active secrets (two during rotation): any of them may have signed. */
  secrets: readonly string[];
  mapping: FieldMapping;
  /** The district's category codes, to check a mapped category. */
  categories: readonly string[];
  /** The `json` format's configuration. */
  json?: JsonFormatConfig;
}

/** A format: proves a delivery came from the partner, then reads it. Pure; throws AppErrors (4xx). */
export interface IntakeFormatAdapter {
  /** Throws UnauthorizedError (401) when no active secret proves the delivery, naming why (stale, bad signature). */
  authenticate(delivery: RawDelivery, partner: PartnerFormat, now: Date): void;
  /** Throws ValidationError (400) naming the field when the body is not what the format documents. */
  read(delivery: RawDelivery, partner: PartnerFormat): IntakeSubmission;
  /** A URL-verification request's answer, for a format that has one; nothing for a delivery. */
  handshake?(delivery: RawDelivery, partner: PartnerFormat): HandshakeAnswer | undefined;
}
