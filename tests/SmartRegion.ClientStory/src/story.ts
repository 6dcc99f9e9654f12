// A client's story, written only against the types generated from api-spec/openapi.json (openapi-typescript) and
// run with openapi-fetch against a live service. No casts and no `any`: if the contract is wrong, this file either
// fails to compile or fails at run time. Every unexpected status fails the story (exit 1).
//
//   SMARTREGION_BASE_URL=http://127.0.0.1:5080 SMARTREGION_API_KEY=<demo coordinator key> node dist/src/story.js
import { randomUUID } from "node:crypto";
import createClient from "openapi-fetch";
import type { components, paths } from "../generated/api.js";

type Schemas = components["schemas"];
type Seat = Schemas["CirculationSeatResponse"];

const slug = "kreis-warendorf";
const participant = "05570012"; // Beelen, a municipality of the demo region

class StoryFailure extends Error {}

function env(name: string): string {
  const value = process.env[name];
  if (value === undefined || value === "") {
    throw new StoryFailure(`${name} is not set`);
  }
  return value;
}

function check(condition: boolean, message: string): asserts condition {
  if (!condition) {
    throw new StoryFailure(message);
  }
}

/** Fails unless the call answered exactly `expected`; returns its body. */
function expectStatus<T>(step: string, expected: number, result: { data?: T; error?: unknown; response: Response }): T {
  const { data, error, response } = result;
  if (response.status !== expected || data === undefined) {
    throw new StoryFailure(
      `${step}: expected ${expected}, got ${response.status} ${JSON.stringify(error ?? data ?? null)}`,
    );
  }
  console.log(`ok   ${step} (${response.status})`);
  return data;
}

function etagOf(step: string, response: Response): string {
  const etag = response.headers.get("ETag");
  check(etag !== null && /^"\d+"$/.test(etag), `${step}: no ETag header (got ${String(etag)})`);
  return etag;
}

/** A calendar date (YYYY-MM-DD) some days before today, in UTC. */
function daysAgo(days: number): string {
  return new Date(Date.now() - days * 86_400_000).toISOString().slice(0, 10);
}

// An unvoted seat answers `"vote": null`. This line only compiles while the contract types the vote as nullable.
const noVoteYet: Seat["vote"] = null;
// Likewise a participation that is not committed yet answers `"councilResolution": null`.
const noResolutionYet: Schemas["ParticipationResponse"]["councilResolution"] = null;

async function story(): Promise<void> {
  const client = createClient<paths>({
    baseUrl: env("SMARTREGION_BASE_URL"),
    headers: { Authorization: `ApiKey ${env("SMARTREGION_API_KEY")}` },
  });

  // 1. Fields of action of the region.
  const fields = expectStatus(
    "listFieldsOfAction",
    200,
    await client.GET("/api/v1/regions/{slug}/fields-of-action", { params: { path: { slug } } }),
  );
  const field = fields.items[0];
  check(field !== undefined, "listFieldsOfAction: the demo region has no field of action");
  console.log(`     ${fields.items.length} fields of action, first: ${field.name}`);

  // 2. A new project, as a draft.
  const code = `CS-${Date.now().toString(36).toUpperCase()}`;
  const created = await client.POST("/api/v1/regions/{slug}/projects", {
    params: { path: { slug }, header: { "Idempotency-Key": randomUUID() } },
    body: {
      code,
      title: "Beispiel: Client-Story „Offene Daten“ für Städte und Gemeinden",
      summary: "Beispielprojekt, angelegt vom generierten TypeScript-Client.",
      category: "lead",
      fieldOfActionId: field.id,
      plannedStart: "2026-01-01",
      plannedEnd: "2026-12-31",
      estimatedCost: 120000,
      costSharingKey: "equal",
      status: "draft",
    },
  });
  const draft = expectStatus("createProject", 201, created);
  check(draft.code === code && draft.status === "draft", `createProject: got ${draft.code} in ${draft.status}`);
  check(created.response.headers.get("Location") !== null, "createProject: no Location header");

  // 3. Propose it (a state change is a command, under If-Match).
  const proposedResult = await client.POST("/api/v1/regions/{slug}/projects/{id}/transitions", {
    params: {
      path: { slug, id: draft.id },
      header: { "If-Match": etagOf("createProject", created.response), "Idempotency-Key": randomUUID() },
    },
    body: { to: "proposed", reason: "Die Client-Story schlägt das Beispielprojekt vor." },
  });
  const proposed = expectStatus("transitionProject → proposed", 200, proposedResult);
  check(proposed.status === "proposed", `transitionProject: status is ${proposed.status}`);

  // 4. A municipality joins: the creating PUT takes no If-Match.
  const joined = await client.PUT("/api/v1/regions/{slug}/projects/{projectId}/participations/{ags}", {
    params: { path: { slug, projectId: proposed.id, ags: participant } },
    body: { role: "lead", note: "Federführung durch die Gemeinde Beelen (Beispiel)." },
  });
  let participation = expectStatus("putParticipation (create, no If-Match)", 201, joined);
  let etag = etagOf("putParticipation", joined.response);
  check(participation.state === "interested", `putParticipation: state is ${participation.state}`);
  check(participation.councilResolution === noResolutionYet, "putParticipation: a new participation has a resolution");

  // 5. interested → pending_council → committed, the last with the council resolution.
  const moves: Schemas["TransitionParticipationRequest"][] = [
    { to: "pending_council", reason: "Vorlage an den Rat." },
    {
      to: "committed",
      councilResolution: {
        body: "Rat der Gemeinde Beelen",
        date: daysAgo(7),
        reference: "VL-12/2025",
        url: "https://ratsinfo.example/beelen/vorlage-12-2025",
      },
    },
  ];
  for (const move of moves) {
    const moved = await client.POST("/api/v1/regions/{slug}/projects/{projectId}/participations/{ags}/transitions", {
      params: {
        path: { slug, projectId: proposed.id, ags: participant },
        header: { "If-Match": etag, "Idempotency-Key": randomUUID() },
      },
      body: move,
    });
    participation = expectStatus(`transitionParticipation → ${move.to}`, 200, moved);
    etag = etagOf("transitionParticipation", moved.response);
    check(participation.state === move.to, `transitionParticipation: state is ${participation.state}`);
  }
  const resolution = participation.councilResolution;
  check(resolution !== null && resolution.reference === "VL-12/2025", "committed participation lacks its resolution");

  // 6. The cost allocation: the committed lead carries the whole own cost.
  const allocation = expectStatus(
    "getCostAllocation",
    200,
    await client.GET("/api/v1/regions/{slug}/projects/{id}/cost-allocation", {
      params: { path: { slug, id: proposed.id } },
    }),
  );
  const cents = allocation.shares.reduce((sum, share) => sum + Math.round(share.amount * 100), 0);
  check(allocation.total === 120000, `getCostAllocation: total ${allocation.total}`);
  check(cents === Math.round(allocation.total * 100), "getCostAllocation: shares do not add up to the total");
  check(
    allocation.shares.length === 1 && allocation.shares[0]?.ags === participant && allocation.shares[0].percent === 100,
    `getCostAllocation: unexpected shares ${JSON.stringify(allocation.shares)}`,
  );

  // 7. The open circulation of the demo: seats that have not voted say `vote: null`.
  const circulations = expectStatus(
    "listCirculations",
    200,
    await client.GET("/api/v1/regions/{slug}/circulations", { params: { path: { slug }, query: { state: "open" } } }),
  );
  const open = circulations.items.find((item) => item.state === "open");
  check(open !== undefined, "listCirculations: the demo has no open circulation");
  const circulation = expectStatus(
    "getCirculation",
    200,
    await client.GET("/api/v1/regions/{slug}/circulations/{id}", { params: { path: { slug, id: open.id } } }),
  );
  check(circulation.state === "open", `getCirculation: state is ${circulation.state}`);
  const unvoted = circulation.seats.filter((seat) => seat.votedAt === null);
  check(unvoted.length > 0, "getCirculation: every seat has voted already");
  for (const seat of unvoted) {
    check(seat.vote === noVoteYet, `getCirculation: seat ${seat.ags} has not voted but vote is ${JSON.stringify(seat.vote)}`);
  }
  const voted = circulation.seats.filter((seat) => seat.vote !== null);
  console.log(`     ${circulation.reference}: ${voted.length} voted, ${unvoted.length} with vote: null`);
}

story().then(
  () => console.log("client story passed"),
  (error: unknown) => {
    console.error(`client story FAILED: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 1;
  },
);
