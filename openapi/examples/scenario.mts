// scenario.mts - the README's scenario through the typed client: the
// Jobcenter gets a token, opens a case (and retries the request with the
// same Idempotency-Key: the same case comes back), updates it with
// If-Match, records the person's consent for Caritas and refers the case
// to Caritas; Caritas pages through its incoming referrals and accepts it.
// Types come from the OpenAPI document (make client: build/client/lotse.d.ts),
// calls go through openapi-fetch.  make test type-checks this file and runs
// it against the live test server:  node scenario.mjs <base URL>
import createClient from "openapi-fetch";
import type { components, paths } from "../../build/client/lotse.js";

type Problem = components["schemas"]["Problem"];
const base = process.argv[2] ?? "http://127.0.0.1:8080";
const CARITAS = "b0000000-0000-4000-8000-000000000007";

/* A client acting with the token of a demo API client (secret: id + "-secret"). */
async function clientFor(id: string) {
  const anonymous = createClient<paths>({ baseUrl: base });
  const { data, error } = await anonymous.POST("/v1/oauth/token", {
    body: { grant_type: "client_credentials" },
    bodySerializer: (b: unknown) => new URLSearchParams(b as Record<string, string>).toString(),
    headers: {
      "Content-Type": "application/x-www-form-urlencoded",
      Authorization: "Basic " + Buffer.from(`${id}:${id}-secret`).toString("base64"),
    },
  });
  if (!data) fail("token", error);
  return createClient<paths>({ baseUrl: base, headers: { Authorization: `Bearer ${data.access_token}` } });
}

function fail(step: string, problem: Problem | unknown): never {
  const p = problem as Problem;
  console.error(`scenario: ${step} failed: ${p?.status} ${p?.title}: ${p?.detail}`);
  process.exit(1);
}

const jobcenter = await clientFor("demo-jobcenter");
const intake = {
  body: {
    target_group: "recognised_refugee" as const,
    fields_of_action: ["language" as const],
    person: { first_name: "Samir", last_name: "Nasser", nationality: "SY" },
  },
  headers: { "Idempotency-Key": `scenario-${Date.now()}` },
};
const opened = await jobcenter.POST("/v1/cases", intake);
if (!opened.data) fail("open the case", opened.error);
const caseId = opened.data.id;
// a retry (say after a timeout) with the same key answers the first result again
const retried = await jobcenter.POST("/v1/cases", intake);
if (retried.data?.id !== caseId || retried.response.headers.get("Idempotent-Replayed") !== "true")
  fail("retry with the Idempotency-Key", retried.error);

// updates name the version they change (ETag -> If-Match); a stale one is 412
const updated = await jobcenter.PATCH("/v1/cases/{id}", {
  params: { path: { id: caseId }, header: { "If-Match": opened.response.headers.get("ETag") ?? "" } },
  body: { fields_of_action: ["language", "employment"] },
  headers: { "Content-Type": "application/merge-patch+json" },
});
if (!updated.data) fail("update the case", updated.error);
const stale = await jobcenter.PATCH("/v1/cases/{id}", {
  params: { path: { id: caseId }, header: { "If-Match": opened.response.headers.get("ETag") ?? "" } },
  body: { fields_of_action: ["language"] },
  headers: { "Content-Type": "application/merge-patch+json" },
});
if (stale.response.status !== 412 || stale.error?.type !== "https://lotse.example/problems/precondition-failed")
  fail("refuse a stale update", stale.error);

const consent = await jobcenter.POST("/v1/cases/{id}/consents", {
  params: { path: { id: caseId } },
  body: {
    recipient_agency_id: CARITAS,
    categories: ["identity", "plan"],
    purpose: "Sprachkurs",
    legal_basis: "consent",
  },
});
if (!consent.data) fail("record the consent", consent.error);

const referred = await jobcenter.POST("/v1/referrals", {
  body: { case_id: caseId, to_agency_id: CARITAS, field_of_action: "language" },
});
if (!referred.data) fail("refer the case", referred.error);

const caritas = await clientFor("demo-caritas");
// page through the incoming referrals (limit, next_cursor) until this one shows up
let cursor: string | undefined;
let found = false;
do {
  const page = await caritas.GET("/v1/referrals", {
    params: { query: { direction: "incoming", status: "requested", limit: 2, cursor } },
  });
  if (!page.data) fail("list incoming referrals", page.error);
  found = page.data.items.some((x) => x.id === referred.data.id);
  cursor = page.data.next_cursor ?? undefined;
} while (!found && cursor);
if (!found) fail("find the referral", undefined);
const read = await caritas.GET("/v1/referrals/{id}", { params: { path: { id: referred.data.id } } });
if (!read.data) fail("read the referral", read.error);
const etag = read.response.headers.get("ETag") ?? "*";
const accepted = await caritas.POST("/v1/referrals/{id}/accept", {
  params: { path: { id: referred.data.id }, header: { "If-Match": etag } },
});
if (!accepted.data) fail("accept the referral", accepted.error);
console.log(`scenario: case ${opened.data.reference} referred to Caritas, referral ${accepted.data.status}`);
