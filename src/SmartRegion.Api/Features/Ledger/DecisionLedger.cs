using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using SmartRegion.Api.Data;

namespace SmartRegion.Api.Features.Ledger;

/// <summary>A row of <c>LedgerEntries</c>: where an entry stands in its region's chain and the hashes it was appended with.</summary>
public sealed record LedgerRow
{
    public Guid RegionId { get; init; }

    public long Seq { get; init; }

    /// <summary><c>decision</c> or <c>circulation_vote</c>.</summary>
    public string Kind { get; init; } = string.Empty;

    /// <summary>The decision's id, or the circulation's for a vote.</summary>
    public Guid SubjectId { get; init; }

    /// <summary>The seat that voted (circulation votes only).</summary>
    public string? Ags { get; init; }

    public string PrevHash { get; init; } = string.Empty;

    public string Hash { get; init; } = string.Empty;

    public DateTimeOffset RecordedAt { get; init; }
}

/// <summary>
/// The region's decision record as a hash chain: every decision (with its votes) and every circulation vote is
/// appended in the transaction that records it. Entry n's hash is SHA-256 over the RFC 8785 canonical JSON of the
/// entry followed by entry n−1's hash (lower-case hex; the first entry follows 64 zeros). The entry is rendered from
/// the decision and vote rows themselves, at append time and again at every export, so a row changed later by
/// anything but the service no longer matches the hash it was appended with — verification fails at that entry.
/// </summary>
public static class DecisionLedger
{
    public const string DecisionKind = "decision";
    public const string CirculationVoteKind = "circulation_vote";

    /// <summary>What the first entry's <c>prevHash</c> is.</summary>
    public static readonly string Genesis = new('0', 64);

    public static Task AppendDecisionAsync(DbSession session, Guid regionId, Guid decisionId, DateTimeOffset now) =>
        AppendAsync(session, new LedgerRow { RegionId = regionId, Kind = DecisionKind, SubjectId = decisionId, RecordedAt = now });

    public static Task AppendCirculationVoteAsync(DbSession session, Guid regionId, Guid circulationId, string ags, DateTimeOffset now) =>
        AppendAsync(session, new LedgerRow { RegionId = regionId, Kind = CirculationVoteKind, SubjectId = circulationId, Ags = ags, RecordedAt = now });

    /// <summary>Entry n's hash: SHA-256 over its canonical JSON and then entry n−1's hash (as its 64 hex characters).</summary>
    public static string HashOf(JsonObject entry, string prevHash)
    {
        var content = CanonicalJson.Utf8(entry);
        var input = new byte[content.Length + prevHash.Length];
        content.CopyTo(input, 0);
        Encoding.ASCII.GetBytes(prevHash, 0, prevHash.Length, input, content.Length);
        return Convert.ToHexStringLower(SHA256.HashData(input));
    }

    private static async Task AppendAsync(DbSession session, LedgerRow row)
    {
        // The head is read with an update lock held to the end of the transaction (SQL Server), so appends to one
        // region's chain queue up instead of forking it; SQLite has one writer at a time anyway.
        var head = await session.QuerySingleOrDefaultAsync<LedgerRow>(Sql.Head, new { row.RegionId });
        var seq = (head?.Seq ?? 0) + 1;
        var prevHash = head?.Hash ?? Genesis;
        var rendered = await RenderAsync(session, [row with { Seq = seq }]);
        var entry = rendered[seq];
        await session.ExecuteAsync(Sql.Insert, row with { Seq = seq, PrevHash = prevHash, Hash = HashOf(entry, prevHash) });
    }

    /// <summary>
    /// The entries of these rows as JSON, by sequence number, from the decision and vote rows as stored now: one
    /// round trip for any number of rows.
    /// </summary>
    public static async Task<IReadOnlyDictionary<long, JsonObject>> RenderAsync(DbSession session, IReadOnlyList<LedgerRow> rows)
    {
        if (rows.Count == 0)
        {
            return new Dictionary<long, JsonObject>();
        }

        var decisionIds = rows.Where(r => r.Kind == DecisionKind).Select(r => r.SubjectId).Distinct().ToList();
        var circulationIds = rows.Where(r => r.Kind == CirculationVoteKind).Select(r => r.SubjectId).Distinct().ToList();
        using var grid = await session.QueryMultipleAsync(Sql.Contents, new
        {
            DecisionIds = SqlIdList.Of(decisionIds.DefaultIfEmpty(Guid.Empty)),
            CirculationIds = SqlIdList.Of(circulationIds.DefaultIfEmpty(Guid.Empty)),
        });
        var decisions = (await grid.ReadAsync<DecisionContent>()).ToDictionary(d => d.Id);
        var votes = (await grid.ReadAsync<VoteContent>()).ToLookup(v => v.DecisionId);
        var seats = (await grid.ReadAsync<SeatContent>()).ToDictionary(s => (s.CirculationId, s.Ags));

        var entries = new Dictionary<long, JsonObject>();
        foreach (var row in rows)
        {
            var entry = new JsonObject
            {
                ["seq"] = row.Seq,
                ["kind"] = row.Kind,
                ["regionId"] = Id(row.RegionId),
            };
            if (row.Kind == DecisionKind)
            {
                entry["decision"] = decisions.TryGetValue(row.SubjectId, out var decision) ? Decision(decision, votes[row.SubjectId]) : null;
            }
            else
            {
                entry["vote"] = seats.TryGetValue((row.SubjectId, row.Ags!), out var seat) ? Vote(seat) : null;
            }

            entries[row.Seq] = entry;
        }

        return entries;
    }

    private static JsonObject Decision(DecisionContent d, IEnumerable<VoteContent> votes) => new()
    {
        ["id"] = Id(d.Id),
        ["reference"] = d.Reference,
        ["title"] = d.Title,
        ["text"] = d.Text,
        ["type"] = d.Type,
        ["projectId"] = Id(d.ProjectId),
        ["meetingId"] = Id(d.MeetingId),
        ["agendaItemId"] = Id(d.AgendaItemId),
        ["circulationId"] = Id(d.CirculationId),
        ["supersedes"] = Id(d.Supersedes),
        ["strategyVersionId"] = Id(d.StrategyVersionId),
        ["seats"] = d.Seats,
        ["present"] = d.Present,
        ["yes"] = d.Yes,
        ["no"] = d.No,
        ["abstain"] = d.Abstain,
        ["quorumPresent"] = d.QuorumPresent,
        ["result"] = d.Result,
        ["decidedAt"] = Time(d.DecidedAt),
        ["votes"] = new JsonArray(votes.OrderBy(v => v.Ags, StringComparer.Ordinal)
            .Select(v => (JsonNode)new JsonObject { ["ags"] = v.Ags, ["vote"] = v.Vote }).ToArray()),
    };

    private static JsonObject Vote(SeatContent s) => new()
    {
        ["circulationId"] = Id(s.CirculationId),
        ["ags"] = s.Ags,
        ["vote"] = s.Vote,
        ["votedAt"] = s.VotedAt is { } at ? Time(at) : null,
    };

    private static string? Id(Guid? id) => id?.ToString("D");

    /// <summary>A time in the ledger's JSON: UTC with Z, to the microsecond, as both engines store it.</summary>
    internal static string Time(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture);

    private sealed record DecisionContent
    {
        public Guid Id { get; init; }

        public string Reference { get; init; } = string.Empty;

        public string Title { get; init; } = string.Empty;

        public string Text { get; init; } = string.Empty;

        public string Type { get; init; } = string.Empty;

        public Guid? ProjectId { get; init; }

        public Guid? MeetingId { get; init; }

        public Guid? AgendaItemId { get; init; }

        public Guid? CirculationId { get; init; }

        public Guid? Supersedes { get; init; }

        public Guid? StrategyVersionId { get; init; }

        public int Seats { get; init; }

        public int Present { get; init; }

        public int Yes { get; init; }

        public int No { get; init; }

        public int Abstain { get; init; }

        public bool QuorumPresent { get; init; }

        public string Result { get; init; } = string.Empty;

        public DateTimeOffset DecidedAt { get; init; }
    }

    private sealed record VoteContent
    {
        public Guid DecisionId { get; init; }

        public string Ags { get; init; } = string.Empty;

        public string Vote { get; init; } = string.Empty;
    }

    private sealed record SeatContent
    {
        public Guid CirculationId { get; init; }

        public string Ags { get; init; } = string.Empty;

        public string? Vote { get; init; }

        public DateTimeOffset? VotedAt { get; init; }
    }

    internal static class Sql
    {
        public static readonly SqlStatement Head = SqlStatement.PerDialect(
            """
            SELECT RegionId, Seq, Kind, SubjectId, Ags, PrevHash, Hash, RecordedAt
            FROM LedgerEntries
            WHERE RegionId = @RegionId
            ORDER BY Seq DESC
            LIMIT 1
            """,
            """
            SELECT TOP (1) RegionId, Seq, Kind, SubjectId, Ags, PrevHash, Hash, RecordedAt
            FROM LedgerEntries WITH (UPDLOCK, HOLDLOCK)
            WHERE RegionId = @RegionId
            ORDER BY Seq DESC
            """);

        public static readonly SqlStatement Insert = SqlStatement.Shared("""
            INSERT INTO LedgerEntries (RegionId, Seq, Kind, SubjectId, Ags, PrevHash, Hash, RecordedAt)
            VALUES (@RegionId, @Seq, @Kind, @SubjectId, @Ags, @PrevHash, @Hash, @RecordedAt)
            """);

        public static readonly SqlStatement Contents = SqlStatement.Shared("""
            SELECT Id, Reference, Title, Text, Type, ProjectId, MeetingId, AgendaItemId, CirculationId, Supersedes, StrategyVersionId,
                   Seats, Present, Yes, No, Abstain, QuorumPresent, Result, DecidedAt
            FROM Decisions
            WHERE Id IN @DecisionIds;
            SELECT DecisionId, Ags, Vote
            FROM DecisionVotes
            WHERE DecisionId IN @DecisionIds;
            SELECT CirculationId, Ags, Vote, VotedAt
            FROM CirculationSeats
            WHERE CirculationId IN @CirculationIds;
            """);
    }
}
