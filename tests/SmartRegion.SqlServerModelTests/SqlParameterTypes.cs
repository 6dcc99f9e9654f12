namespace SmartRegion.SqlServerModelTests;

/// <summary>
/// The T-SQL type each statement parameter is declared with in the wrapping procedure. A parameter that is neither
/// listed here nor covered by the two suffix rules fails the test: its type is a choice someone has to make
/// (usually the type of the column it is compared with or written to).
/// </summary>
public static class SqlParameterTypes
{
    private const string Guid = "uniqueidentifier";
    private const string Timestamp = "datetimeoffset(6)";

    // Variable names are case-insensitive in T-SQL, so the lookup is too. Strings use their column's width.
    private static readonly Dictionary<string, string> Known = new(StringComparer.OrdinalIgnoreCase)
    {
        ["Id"] = Guid,
        ["RegionId"] = Guid,
        ["OnlyRegionId"] = Guid,
        // The exception to the "…Id" rule: the id of any entity as text (a slug, an AGS, a Guid).
        ["EntityId"] = "nvarchar(100)",

        ["CreatedAt"] = Timestamp,
        ["UpdatedAt"] = Timestamp,
        ["OccurredAt"] = Timestamp,
        ["RevokedAt"] = Timestamp,
        ["Now"] = Timestamp,
        ["Threshold"] = Timestamp,
        ["DeactivatedAt"] = Timestamp,
        ["ModifiedSince"] = Timestamp,
        ["Cutoff"] = Timestamp,

        ["Version"] = "int",
        ["ExpectedVersion"] = "int",
        ["Take"] = "int",
        ["MembersAndReadersOnly"] = "int",
        ["Position"] = "int",
        ["AfterPosition"] = "int",
        // The change feed's cursor: a rowversion as bigint (SQL Server), the SQLite position.
        ["AfterFeedPosition"] = "bigint",
        ["Population"] = "int",
        ["StatusCode"] = "int",
        ["IsActive"] = "bit",
        ["PublicRead"] = "bit",
        ["OnlyPublic"] = "bit",

        // The record of a personal data erasure (0013): no erased data, only what it matched by, the pseudonym and counts.
        ["MatchedBy"] = "nvarchar(20)",
        ["Pseudonym"] = "nvarchar(100)",
        ["MemberContacts"] = "int",
        ["ParticipationContacts"] = "int",
        ["CommitteeDelegates"] = "int",
        ["AttendanceDelegates"] = "int",
        ["ChangeRecords"] = "int",
        ["StoredResponses"] = "int",
        ["ErasedBy"] = "nvarchar(200)",

        // Webhooks.
        ["Owner"] = Guid,
        ["LeaseUntil"] = Timestamp,
        ["FailingSince"] = Timestamp,
        ["ResponseMs"] = "int",
        ["Enabled"] = "bit",
        ["OwnerAgs"] = "nvarchar(8)",
        ["Url"] = "nvarchar(2000)",
        ["EventTypes"] = "nvarchar(400)",
        ["EventType"] = "nvarchar(50)",
        ["Pattern"] = "nvarchar(60)",
        ["Secret"] = "nvarchar(100)",
        ["PreviousSecret"] = "nvarchar(100)",
        ["DisabledReason"] = "nvarchar(1000)",
        ["Error"] = "nvarchar(1000)",
        ["CreatedBy"] = "nvarchar(200)",

        ["Slug"] = "nvarchar(64)",
        ["AfterSlug"] = "nvarchar(64)",
        ["Name"] = "nvarchar(200)",
        ["NameKey"] = "nvarchar(200)",
        ["AfterNameKey"] = "nvarchar(200)",
        ["KreisKey"] = "nvarchar(5)",
        ["Vision"] = "nvarchar(4000)",
        ["Description"] = "nvarchar(4000)",
        ["Ags"] = "nvarchar(8)",
        ["AfterAgs"] = "nvarchar(8)",
        // Members.Kind is nvarchar(20), Changes.Kind nvarchar(50): the wider one fits both.
        ["Kind"] = "nvarchar(50)",
        ["ContactName"] = "nvarchar(200)",
        ["ContactEmail"] = "nvarchar(254)",
        ["ContactPhone"] = "nvarchar(50)",
        ["KeyHash"] = "nvarchar(64)",
        ["Role"] = "nvarchar(20)",
        ["Label"] = "nvarchar(200)",
        ["EntityType"] = "nvarchar(50)",
        ["Actor"] = "nvarchar(200)",
        ["Details"] = "nvarchar(max)",
        ["Scope"] = "nvarchar(100)",
        ["IdempotencyKey"] = "nvarchar(200)",
        ["RequestHash"] = "nvarchar(64)",
        ["ContentType"] = "nvarchar(100)",
        ["Location"] = "nvarchar(400)",
        ["ETag"] = "nvarchar(100)",
        ["ResponseBody"] = "nvarchar(max)",

        // Projects, themes, funding and history (0002_projects).
        ["ThemeIds"] = Guid,
        ["Code"] = "nvarchar(20)",
        ["AfterCode"] = "nvarchar(20)",
        ["Title"] = "nvarchar(200)",
        // Projects.Summary is nvarchar(1000), StatusReports.Summary nvarchar(4000): the wider one fits both.
        ["Summary"] = "nvarchar(4000)",
        ["Category"] = "nvarchar(20)",
        ["PlannedStart"] = "date",
        ["PlannedEnd"] = "date",
        ["EstimatedCost"] = "decimal(18, 2)",
        ["CostSharingKey"] = "nvarchar(20)",
        ["ProposedBy"] = "nvarchar(8)",
        ["Status"] = "nvarchar(30)",
        ["StatusBeforeHold"] = "nvarchar(30)",
        ["FromStatus"] = "nvarchar(30)",
        ["ToStatus"] = "nvarchar(30)",
        ["Statuses"] = "nvarchar(30)",
        ["StatusCount"] = "int",
        ["SearchText"] = "nvarchar(1300)",
        ["SearchPattern"] = "nvarchar(1300)",
        ["ChangedFields"] = "nvarchar(1000)",
        ["Reason"] = "nvarchar(2000)",
        ["Programme"] = "nvarchar(200)",
        ["FundingBody"] = "nvarchar(200)",
        ["Amount"] = "decimal(18, 2)",
        ["DecisionDate"] = "date",
        ["Reference"] = "nvarchar(100)",
        ["ReferenceKey"] = "nvarchar(100)",
        ["AfterSeq"] = "bigint",

        // Participations and their history (0003_participations).
        ["State"] = "nvarchar(20)",
        ["FromState"] = "nvarchar(20)",
        ["ToState"] = "nvarchar(20)",
        ["StaffFte"] = "decimal(18, 2)",
        ["CustomPercent"] = "decimal(18, 2)",
        ["DistrictSharePercent"] = "decimal(5, 2)",
        // The decision ledger (migration 0021).
        ["Seq"] = "bigint",
        ["After"] = "bigint",
        ["Through"] = "bigint",
        ["PrevHash"] = "nvarchar(64)",
        ["Hash"] = "nvarchar(64)",
        ["Note"] = "nvarchar(2000)",
        ["ResolutionBody"] = "nvarchar(200)",
        ["ResolutionDate"] = "date",
        ["ResolutionReference"] = "nvarchar(100)",
        ["ResolutionUrl"] = "nvarchar(500)",

        // Lenkungskreis meetings and committee (0004_steering_committee).
        ["Number"] = "nvarchar(30)",
        ["NumberKey"] = "nvarchar(80)",
        ["OnlineLink"] = "nvarchar(500)",
        ["InvitationDate"] = "date",
        ["Minutes"] = "nvarchar(max)",
        ["IsPublic"] = "bit",
        ["ProjectIds"] = Guid,
        // A JSON array of ids for OPENJSON (SqlIdList.AsJson).
        ["ProjectIdsJson"] = "nvarchar(max)",
        ["DecisionIds"] = Guid,
        ["CirculationIds"] = Guid,
        ["States"] = "nvarchar(20)",
        ["StateCount"] = "int",
        ["DelegateName"] = "nvarchar(200)",
        ["QuorumPercent"] = "int",
        ["Delegates"] = "nvarchar(500)",

        // Decisions and circulations (0004_steering_committee).
        ["Text"] = "nvarchar(max)",
        ["Type"] = "nvarchar(30)",
        ["Types"] = "nvarchar(30)",
        ["EntityTypes"] = "nvarchar(50)", // the open-data catalog: Changes.EntityType values
        ["TypeCount"] = "int",
        ["Seats"] = "int",
        ["Present"] = "int",
        ["Yes"] = "int",
        ["No"] = "int",
        ["Abstain"] = "int",
        ["QuorumPresent"] = "bit",
        ["Result"] = "nvarchar(20)",
        ["Supersedes"] = Guid,
        ["Vote"] = "nvarchar(10)",
        ["Deadline"] = Timestamp,

        // Circulation outcomes and project effects (0005_circulation_outcomes).
        ["ClosingBlockedType"] = "nvarchar(200)",
        ["ClosingBlockedReason"] = "nvarchar(2000)",
        ["EffectStatus"] = "nvarchar(30)",
        ["EffectCategory"] = "nvarchar(20)",
        ["EffectVersion"] = "int",

        // Status reports and the reporting interval (0009_status_reports).
        ["ReportingIntervalDays"] = "int",
        ["ReportingDate"] = "date",
        ["AfterReportingDate"] = "date",
        ["Since"] = "date",
        ["TrafficLight"] = "nvarchar(10)",
        ["ProgressPercent"] = "int",
        ["NextSteps"] = "nvarchar(4000)",
        ["Risks"] = "nvarchar(4000)",
        ["Milestones"] = "nvarchar(max)",
        ["ReportedBy"] = "nvarchar(200)",

        // The OParl view (its list filters and public subset) and removed agenda items (0015_deleted_agenda_items).
        ["CreatedSince"] = Timestamp,
        ["CreatedUntil"] = Timestamp,
        ["ModifiedUntil"] = Timestamp,
        ["PublicOnly"] = "bit",
        ["HadProjects"] = "bit",
        ["AfterMeasuredOn"] = "date",
        ["AuthorAgs"] = "nvarchar(8)",
        ["BasedOn"] = "uniqueidentifier",
        ["Content"] = "nvarchar(max)",
        ["DisposedBy"] = "nvarchar(200)",
        ["Disposition"] = "nvarchar(20)",
        ["DispositionReason"] = "nvarchar(4000)",
        ["LabelKey"] = "nvarchar(50)",
        ["Leitbild"] = "nvarchar(max)",
        ["MeasuredOn"] = "date",
        ["OnBehalfOf"] = "nvarchar(200)",
        ["OnlyDisposed"] = "int",
        ["OnlyOpen"] = "int",
        ["RecordedBy"] = "nvarchar(200)",
        ["Section"] = "nvarchar(20)",
        ["Snapshot"] = "nvarchar(max)",
        ["Source"] = "nvarchar(500)",
        ["SubmittedBy"] = "nvarchar(200)",
        ["Value"] = "decimal(15, 2)",
    };

    /// <summary>The declared type, or null when nobody has chosen one yet.</summary>
    public static string? For(string parameterName)
    {
        if (Known.TryGetValue(parameterName, out var type))
        {
            return type;
        }

        // Keys are service-made Guids and timestamps are UTC datetimeoffset(6) throughout the schema, so these two
        // suffixes are unambiguous; anything else needs an entry above. Ordinal, so "Paid" or "Format" do not match.
        if (parameterName.EndsWith("Id", StringComparison.Ordinal))
        {
            return Guid;
        }

        return parameterName.EndsWith("At", StringComparison.Ordinal) ? Timestamp : null;
    }
}
