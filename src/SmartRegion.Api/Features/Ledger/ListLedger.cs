using System.Text.Json.Nodes;
using FastEndpoints;
using FluentValidation;
using SmartRegion.Api.Auth;
using SmartRegion.Api.Data;
using SmartRegion.Api.Domain;
using SmartRegion.Api.Features.Regions;
using SmartRegion.Api.Http;

namespace SmartRegion.Api.Features.Ledger;

/// <summary>
/// Exports the region's decision record (every role of the region): a hash chain over every decision with its votes
/// and every circulation vote, oldest first. Entry n's <c>hash</c> is SHA-256 (lower-case hex) over the RFC 8785
/// canonical JSON of its <c>entry</c> followed by the 64 characters of <c>prevHash</c>, entry n−1's hash (64 zeros
/// for the first). Each entry is rendered from the decision and vote rows as stored now, so anyone can recompute
/// every hash; a page's <c>checkpoint</c> is the deployment's Ed25519 signature over its last entry (null when no
/// signing key is configured). <c>dotnet run -- verify-ledger URL-or-FILE</c> checks an export offline.
/// </summary>
public sealed class ListLedgerRequest
{
    public const string Route = "/api/v1/regions/{slug}/ledger";

    public string Slug { get; set; } = string.Empty;

    /// <summary>The <c>seq</c> of the last entry already read (or a <c>nextCursor</c>); omit it to start at the first entry.</summary>
    [QueryParam]
    public long? After { get; set; }

    /// <summary>Entries per page, 1–200 (default 50).</summary>
    [QueryParam]
    public int? Limit { get; set; }

    public int PageSize => Limit ?? PageQuery.DefaultLimit;

    public static string BuildRoute(string slug) => $"/api/v1/regions/{Uri.EscapeDataString(slug)}/ledger";
}

public sealed class ListLedgerValidator : Validator<ListLedgerRequest>
{
    public ListLedgerValidator()
    {
        RuleFor(r => r.Limit).InclusiveBetween(1, PageQuery.MaxLimit);
        RuleFor(r => r.After).GreaterThanOrEqualTo(0);
    }
}

/// <summary>One entry of the chain.</summary>
/// <param name="Seq" example="1">The entry's position, 1, 2, 3, … without gaps.</param>
/// <param name="Entry">
/// What was recorded: <c>{seq, kind, regionId, decision}</c> for a decision (its fields and votes, sorted by AGS) or
/// <c>{seq, kind, regionId, vote}</c> for a circulation vote (circulation, seat, vote, time). The hash covers
/// exactly this object in its RFC 8785 form.
/// </param>
/// <param name="PrevHash" example="0000000000000000000000000000000000000000000000000000000000000000">The previous entry's hash.</param>
/// <param name="Hash" example="9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08">This entry's hash as appended.</param>
/// <param name="RecordedAt" example="2025-03-28T09:30:00Z">When it was appended (UTC).</param>
public sealed record LedgerEntryResponse(long Seq, JsonObject Entry, string PrevHash, string Hash, DateTimeOffset RecordedAt);

/// <summary>A page of the chain with the deployment's signed checkpoint over its last entry.</summary>
/// <param name="Items">The entries, oldest first.</param>
/// <param name="NextCursor" example="50">The <c>after</c> value of the next page; null on the last page.</param>
/// <param name="Checkpoint">The signature over the page's last entry; null for an empty page or when no signing key is configured.</param>
public sealed record LedgerPage(IReadOnlyList<LedgerEntryResponse> Items, string? NextCursor, LedgerCheckpoint? Checkpoint);

public sealed class ListLedgerEndpoint(SmartRegionDb db, LedgerSigning signing, Clock clock) : Endpoint<ListLedgerRequest, LedgerPage>
{
    public override void Configure()
    {
        Get(ListLedgerRequest.Route);
        Description(
            b => b.WithName("listLedger").WithSummary("Export the region's verifiable decision record (hash chain with signed checkpoints), oldest first")
                .WithTags("Ledger")
                .ReturnsPageOf(typeof(LedgerPage), cursorParameter: "after"),
            clearDefaults: true);
    }

    public override async Task HandleAsync(ListLedgerRequest request, CancellationToken ct)
    {
        await using var session = await db.OpenSnapshotAsync(ct);
        var region = await RegionAccess.RequireVisibleAsync(session, request.Slug, Caller.From(User));
        var after = request.After ?? 0;
        var rows = (await session.QueryAsync<LedgerRow>(Sql.Page, new { RegionId = region.Id, After = after, Through = after + request.PageSize + 1 })).ToList();
        string? next = null;
        if (rows.Count > request.PageSize)
        {
            rows.RemoveAt(request.PageSize);
            next = rows[^1].Seq.ToString(System.Globalization.CultureInfo.InvariantCulture);
            HttpContext.Response.Headers.Append("Link", $"<{ListLedgerRequest.BuildRoute(region.Slug)}?after={next}&limit={request.PageSize}>; rel=\"next\"");
        }

        var entries = await DecisionLedger.RenderAsync(session, rows);
        var checkpoint = rows.Count == 0 ? null : signing.Sign(region.Id, rows[^1].Seq, rows[^1].Hash, clock.Now());
        await Send.OkAsync(new LedgerPage(
            rows.Select(row => new LedgerEntryResponse(row.Seq, entries[row.Seq], row.PrevHash, row.Hash, row.RecordedAt)).ToList(), next, checkpoint), ct);
    }

    internal static class Sql
    {
        // Sequence numbers have no gaps (appends are serialised per region), so a page and the one entry that tells
        // whether more follow are a range of the primary key.
        public static readonly SqlStatement Page = SqlStatement.Shared("""
            SELECT RegionId, Seq, Kind, SubjectId, Ags, PrevHash, Hash, RecordedAt
            FROM LedgerEntries
            WHERE RegionId = @RegionId AND Seq > @After AND Seq <= @Through
            ORDER BY Seq
            """);
    }
}

/// <summary>The public keys that verify the ledger's checkpoints: the active one and those retired by rotation (every role of the region).</summary>
public sealed class GetLedgerPublicKeyRequest
{
    public const string Route = "/api/v1/regions/{slug}/ledger/public-key";

    public string Slug { get; set; } = string.Empty;

    public static string BuildRoute(string slug) => $"{ListLedgerRequest.BuildRoute(slug)}/public-key";
}

/// <summary>The keys that verify checkpoints.</summary>
/// <param name="Keys">The active key first (if one is configured), then retired keys.</param>
public sealed record LedgerKeysResponse(IReadOnlyList<LedgerPublicKey> Keys);

public sealed class GetLedgerPublicKeyEndpoint(SmartRegionDb db, LedgerSigning signing) : Endpoint<GetLedgerPublicKeyRequest, LedgerKeysResponse>
{
    public override void Configure()
    {
        Get(GetLedgerPublicKeyRequest.Route);
        Description(
            b => b.WithName("getLedgerPublicKey").WithSummary("Read the Ed25519 public keys that verify the ledger's checkpoints, including retired ones")
                .WithTags("Ledger")
                .ReturnsJson<LedgerKeysResponse>(),
            clearDefaults: true);
    }

    public override async Task HandleAsync(GetLedgerPublicKeyRequest request, CancellationToken ct)
    {
        await using (var session = await db.OpenAsync(ct))
        {
            await RegionAccess.RequireVisibleAsync(session, request.Slug, Caller.From(User));
        }

        await Send.OkAsync(new LedgerKeysResponse(signing.Keys), ct);
    }
}
