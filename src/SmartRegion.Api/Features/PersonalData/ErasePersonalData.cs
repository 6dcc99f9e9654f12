using System.Text.Json;
using FastEndpoints;
using FluentValidation;
using SmartRegion.Api.Auth;
using SmartRegion.Api.Data;
using SmartRegion.Api.Domain;
using SmartRegion.Api.Features.Committee;
using SmartRegion.Api.Features.Meetings;
using SmartRegion.Api.Features.Participations;
using SmartRegion.Api.Features.Regions;
using SmartRegion.Api.Http;

namespace SmartRegion.Api.Features.PersonalData;

/// <summary>
/// Erases one person's personal data in a region (DSGVO Art. 17; admin, or the region's coordinator): every member or
/// participation contact with this name or e-mail gets the pseudonym as its name and loses its e-mail (and phone), and
/// every delegate text, recorded meeting delegate, stored change detail and kept replay answer that names the person
/// has the name (and e-mail) replaced by the pseudonym. Decisions, votes, attendance statuses and every history entry
/// stay as they are. Names compare ignoring case; the erasure itself is recorded without the erased data.
/// </summary>
public sealed record ErasePersonalDataRequest : IHasExample<ErasePersonalDataRequest>
{
    public const string Route = "/api/v1/regions/{slug}/personal-data/erasures";

    public string Slug { get; set; } = string.Empty;

    /// <summary>The person's name as stored (3–200 characters), e.g. <c>Maria Musterfrau</c>; give it, the e-mail, or both.</summary>
    public string? Name { get; set; }

    /// <summary>The person's e-mail address as stored.</summary>
    public string? Email { get; set; }

    public static ErasePersonalDataRequest Example => new() { Name = "Maria Musterfrau", Email = "maria.musterfrau@beispiel-kommune.de" };

    public static string BuildRoute(string slug) => $"{GetRegionRequest.BuildRoute(slug)}/personal-data/erasures";
}

public sealed class ErasePersonalDataValidator : Validator<ErasePersonalDataRequest>
{
    public const int MinLength = 3;
    public const int MaxLength = 254;

    public ErasePersonalDataValidator()
    {
        RuleFor(r => r.Name).Must(name => name is null || name.Trim().Length >= MinLength)
            .WithMessage("Give at least 3 characters of the name, so an erasure cannot hit every text.", "Geben Sie mindestens 3 Zeichen des Namens an, damit eine Löschung nicht jeden Text trifft.")
            .MaximumLength(MaxLength);
        RuleFor(r => r.Email).Must(email => email is null || (email.Trim().Length >= MinLength && email.Contains('@', StringComparison.Ordinal)))
            .WithMessage("Give the e-mail address as stored, e.g. name@kommune.de.", "Geben Sie die E-Mail-Adresse wie gespeichert an, z. B. name@kommune.de.")
            .MaximumLength(MaxLength);
        RuleFor(r => r)
            .Must(r => !string.IsNullOrWhiteSpace(r.Name) || !string.IsNullOrWhiteSpace(r.Email))
            .WithName("name")
            .WithMessage("Give the person's name, e-mail or both.", "Geben Sie den Namen, die E-Mail-Adresse oder beides an.");
    }
}

public sealed class ErasePersonalDataEndpoint(SmartRegionDb db, Clock clock) : Endpoint<ErasePersonalDataRequest, PersonalDataErasureResponse>
{
    public override void Configure()
    {
        Post(ErasePersonalDataRequest.Route);
        Roles(RoleNames.Admin, RoleNames.Coordinator);
        Description(
            b => b.WithName("erasePersonalData").WithSummary("Erase a person's personal data in a region (pseudonymise it everywhere)").WithTags("Personal data")
                .JsonBody<ErasePersonalDataRequest>()
                .ReturnsCreated<PersonalDataErasureResponse>()
                .Idempotent(),
            clearDefaults: true);
    }

    public override async Task HandleAsync(ErasePersonalDataRequest request, CancellationToken ct)
    {
        var caller = Caller.From(User);
        var now = clock.Now();
        var row = await db.InTransactionAsync(
            async session =>
            {
                var region = await RegionAccess.RequireVisibleAsync(session, request.Slug, caller);
                return await PersonalDataErasure.EraseAsync(session, region, request.Name, request.Email, caller.Actor, now);
            },
            ct);

        var response = PersonalDataErasureResponse.From(row);
        HttpContext.Response.Headers.ETag = response.ETag();
        HttpContext.Response.Headers.Location = GetPersonalDataErasureRequest.BuildRoute(request.Slug, row.Id);
        await Send.ResponseAsync(response, StatusCodes.Status201Created, ct);
    }
}

/// <summary>
/// The erasure use case. The candidates of each place are read by region (indexed) and matched in C#, so matching is
/// the same on both engines (case-insensitive, ordinal), then each changed row is written by its key. Every changed
/// member, participation, seat and meeting gets a new version and a change record (kind <c>personal-data-erased</c>,
/// no details), so caches and followers of the change feed fetch the pseudonymised state.
/// </summary>
public static class PersonalDataErasure
{
    public const string EntityType = "personal-data-erasure";
    public const string ErasedKind = "personal-data-erased";

    // The change log's own serializer settings, to find a name the way it is stored in a change record's details.
    private static readonly JsonSerializerOptions ChangeLogJson = new(JsonSerializerDefaults.Web);

    // The API's answers, to find a name the way a kept replay answer holds it.
    private static readonly JsonSerializerOptions ApiJson = JsonSetup.Responses;

    public static async Task<PersonalDataErasureRow> EraseAsync(DbSession session, RegionRow region, string? name, string? email, string actor, DateTimeOffset now)
    {
        var id = Guid.CreateVersion7();
        var person = new Person(Clean(name), Clean(email), "Gelöschte Person " + id.ToString("N")[^8..]);

        var members = 0;
        foreach (var contact in await session.QueryAsync<MemberContactRow>(Sql.MemberContacts, new { RegionId = region.Id }))
        {
            if (person.IsContact(contact.ContactName, contact.ContactEmail))
            {
                await session.ExecuteAsync(Sql.EraseMemberContact, new { RegionId = region.Id, contact.Ags, ContactName = person.Pseudonym, UpdatedAt = now });
                await ChangeLog.RecordAsync(session, new ChangeEntry(region.Id, "member", contact.Ags, ErasedKind, actor, now, Version: contact.Version + 1));
                members++;
            }
        }

        var participations = 0;
        foreach (var contact in await session.QueryAsync<ParticipationContactRow>(Sql.ParticipationContacts, new { RegionId = region.Id }))
        {
            if (person.IsContact(contact.ContactName, contact.ContactEmail))
            {
                await session.ExecuteAsync(Sql.EraseParticipationContact, new { contact.Id, ContactName = person.Pseudonym, UpdatedAt = now });
                await ChangeLog.RecordAsync(session, new ChangeEntry(region.Id, ParticipationHistoryLog.EntityType,
                    ParticipationHistoryLog.EntityId(contact.ProjectId, contact.Ags), ErasedKind, actor, now, Version: contact.Version + 1));
                participations++;
            }
        }

        var seats = 0;
        foreach (var seat in await session.QueryAsync<DelegatesRow>(Sql.Delegates, new { RegionId = region.Id }))
        {
            if (person.ReplaceIn(seat.Delegates) is { } replaced)
            {
                await session.ExecuteAsync(Sql.EraseDelegates, new { RegionId = region.Id, seat.Ags, Delegates = Fit(replaced, DelegatesMaxLength), UpdatedAt = now });
                seats++;
            }
        }

        if (seats > 0)
        {
            await ChangeLog.RecordAsync(session, new ChangeEntry(region.Id, CommitteeSql.EntityType, region.Slug, ErasedKind, actor, now));
        }

        var attendance = 0;
        var meetings = new HashSet<Guid>();
        foreach (var seat in await session.QueryAsync<AttendanceDelegateRow>(Sql.AttendanceDelegates, new { RegionId = region.Id }))
        {
            if (person.ReplaceIn(seat.DelegateName) is { } replaced)
            {
                await session.ExecuteAsync(Sql.EraseAttendanceDelegate, new { seat.MeetingId, seat.Ags, DelegateName = Fit(replaced, DelegateNameMaxLength) });
                meetings.Add(seat.MeetingId);
                attendance++;
            }
        }

        foreach (var meetingId in meetings.Order())
        {
            var version = await session.ExecuteScalarAsync<int>(Sql.TouchMeeting, new { Id = meetingId, UpdatedAt = now });
            await ChangeLog.RecordAsync(session, new ChangeEntry(region.Id, MeetingRules.EntityType, meetingId.ToString("D"), ErasedKind, actor, now, Version: version));
        }

        var changes = 0;
        foreach (var change in await session.QueryAsync<ChangeDetailsRow>(Sql.ChangeDetails, new { RegionId = region.Id }))
        {
            if (person.ReplaceIn(change.Details, ChangeLogJson) is { } replaced)
            {
                await session.ExecuteAsync(Sql.EraseChangeDetails, new { change.Id, Details = replaced });
                changes++;
            }
        }

        // Replay answers are kept per credential, not per region, and expire after 24 hours: every kept answer that
        // names the person is pseudonymised, whichever region it came from (it is a copy of data, never shown otherwise).
        await session.ExecuteAsync(IdempotencyMiddleware.Sql.DeleteExpired, new { Cutoff = now - IdempotencyMiddleware.Retention });
        var stored = 0;
        foreach (var answer in await session.QueryAsync<StoredAnswerRow>(Sql.StoredAnswers, new { Since = now - IdempotencyMiddleware.Retention }))
        {
            if (person.ReplaceIn(answer.ResponseBody, ChangeLogJson, ApiJson) is { } replaced)
            {
                await session.ExecuteAsync(Sql.EraseStoredAnswer, new { answer.Scope, answer.IdempotencyKey, ResponseBody = replaced });
                stored++;
            }
        }

        var row = new PersonalDataErasureRow
        {
            Id = id,
            RegionId = region.Id,
            MatchedBy = EnumText.ToText(person.Name is not null && person.Email is not null ? ErasureMatch.NameAndEmail : person.Name is not null ? ErasureMatch.Name : ErasureMatch.Email),
            Pseudonym = person.Pseudonym,
            MemberContacts = members,
            ParticipationContacts = participations,
            CommitteeDelegates = seats,
            AttendanceDelegates = attendance,
            ChangeRecords = changes,
            StoredResponses = stored,
            ErasedBy = actor,
            ErasedAt = now,
        };
        await session.ExecuteAsync(Sql.Insert, row);
        await ChangeLog.RecordAsync(session, new ChangeEntry(region.Id, EntityType, id.ToString("D"), "recorded", actor, now, Version: 1));
        return row;
    }

    private const int DelegatesMaxLength = 500;
    private const int DelegateNameMaxLength = 200;

    private static string? Clean(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    /// <summary>A pseudonym longer than the name it replaces may not fit the column; the end of the text gives way.</summary>
    private static string Fit(string text, int maxLength) => text.Length <= maxLength ? text : text[..(maxLength - 1)] + "…";

    private sealed record Person(string? Name, string? Email, string Pseudonym)
    {
        public bool IsContact(string? contactName, string? contactEmail) =>
            (Name is not null && string.Equals(contactName?.Trim(), Name, StringComparison.OrdinalIgnoreCase))
            || (Email is not null && string.Equals(contactEmail?.Trim(), Email, StringComparison.OrdinalIgnoreCase));

        /// <summary>
        /// The text with every occurrence of the name and e-mail replaced by the pseudonym, also as JSON writes them with
        /// each of <paramref name="encodings"/>; null when nothing matched.
        /// </summary>
        public string? ReplaceIn(string? text, params JsonSerializerOptions[] encodings)
        {
            if (text is null)
            {
                return null;
            }

            var result = text;
            foreach (var value in new[] { Name, Email }.OfType<string>())
            {
                var forms = new HashSet<string>(StringComparer.Ordinal) { value };
                foreach (var encoding in encodings)
                {
                    forms.Add(JsonSerializer.Serialize(value, encoding)[1..^1]);
                }

                foreach (var form in forms)
                {
                    result = result.Replace(form, Pseudonym, StringComparison.OrdinalIgnoreCase);
                }
            }

            return string.Equals(result, text, StringComparison.Ordinal) ? null : result;
        }
    }

    private sealed class MemberContactRow
    {
        public string Ags { get; init; } = string.Empty;

        public string? ContactName { get; init; }

        public string? ContactEmail { get; init; }

        public int Version { get; init; }
    }

    private sealed class ParticipationContactRow
    {
        public Guid Id { get; init; }

        public Guid ProjectId { get; init; }

        public string Ags { get; init; } = string.Empty;

        public string? ContactName { get; init; }

        public string? ContactEmail { get; init; }

        public int Version { get; init; }
    }

    private sealed record DelegatesRow(string Ags, string Delegates);

    private sealed record AttendanceDelegateRow(Guid MeetingId, string Ags, string DelegateName);

    private sealed record ChangeDetailsRow(Guid Id, string Details);

    private sealed record StoredAnswerRow(string Scope, string IdempotencyKey, string ResponseBody);

    internal static class Sql
    {
        public static readonly SqlStatement MemberContacts = SqlStatement.Shared("""
            SELECT Ags, ContactName, ContactEmail, Version FROM Members
            WHERE RegionId = @RegionId AND (ContactName IS NOT NULL OR ContactEmail IS NOT NULL)
            ORDER BY Ags
            """);

        public static readonly SqlStatement EraseMemberContact = SqlStatement.Shared("""
            UPDATE Members
            SET ContactName = @ContactName, ContactEmail = NULL, ContactPhone = NULL, Version = Version + 1, UpdatedAt = @UpdatedAt
            WHERE RegionId = @RegionId AND Ags = @Ags
            """);

        public static readonly SqlStatement ParticipationContacts = SqlStatement.Shared("""
            SELECT Id, ProjectId, Ags, ContactName, ContactEmail, Version FROM Participations
            WHERE RegionId = @RegionId AND (ContactName IS NOT NULL OR ContactEmail IS NOT NULL)
            ORDER BY Ags, ProjectId
            """);

        public static readonly SqlStatement EraseParticipationContact = SqlStatement.Shared("""
            UPDATE Participations
            SET ContactName = @ContactName, ContactEmail = NULL, Version = Version + 1, UpdatedAt = @UpdatedAt
            WHERE Id = @Id
            """);

        public static readonly SqlStatement Delegates = SqlStatement.Shared(
            "SELECT Ags, Delegates FROM CommitteeDelegates WHERE RegionId = @RegionId ORDER BY Ags");

        public static readonly SqlStatement EraseDelegates = SqlStatement.Shared("""
            UPDATE CommitteeDelegates SET Delegates = @Delegates, Version = Version + 1, UpdatedAt = @UpdatedAt
            WHERE RegionId = @RegionId AND Ags = @Ags
            """);

        public static readonly SqlStatement AttendanceDelegates = SqlStatement.Shared("""
            SELECT a.MeetingId, a.Ags, a.DelegateName
            FROM Attendance a
            JOIN Meetings m ON m.Id = a.MeetingId
            WHERE m.RegionId = @RegionId AND a.DelegateName IS NOT NULL
            ORDER BY a.MeetingId, a.Ags
            """);

        public static readonly SqlStatement EraseAttendanceDelegate = SqlStatement.Shared(
            "UPDATE Attendance SET DelegateName = @DelegateName WHERE MeetingId = @MeetingId AND Ags = @Ags");

        /// <summary>Also a closed meeting: erasure is the one change a closed meeting takes. Returns the new version.</summary>
        public static readonly SqlStatement TouchMeeting = SqlStatement.PerDialect(
            sqlite: "UPDATE Meetings SET Version = Version + 1, UpdatedAt = @UpdatedAt WHERE Id = @Id RETURNING Version",
            sqlServer: "UPDATE Meetings SET Version = Version + 1, UpdatedAt = @UpdatedAt OUTPUT inserted.Version WHERE Id = @Id");

        public static readonly SqlStatement ChangeDetails = SqlStatement.Shared(
            "SELECT Id, Details FROM Changes WHERE RegionId = @RegionId AND Details IS NOT NULL ORDER BY Seq");

        public static readonly SqlStatement EraseChangeDetails = SqlStatement.Shared(
            "UPDATE Changes SET Details = @Details WHERE Id = @Id");

        public static readonly SqlStatement StoredAnswers = SqlStatement.Shared("""
            SELECT Scope, IdempotencyKey, ResponseBody FROM IdempotencyKeys
            WHERE CreatedAt >= @Since AND ResponseBody IS NOT NULL
            """);

        public static readonly SqlStatement EraseStoredAnswer = SqlStatement.Shared(
            "UPDATE IdempotencyKeys SET ResponseBody = @ResponseBody WHERE Scope = @Scope AND IdempotencyKey = @IdempotencyKey");

        public static readonly SqlStatement Insert = SqlStatement.Shared("""
            INSERT INTO PersonalDataErasures (Id, RegionId, MatchedBy, Pseudonym, MemberContacts, ParticipationContacts, CommitteeDelegates,
                AttendanceDelegates, ChangeRecords, StoredResponses, ErasedBy, ErasedAt)
            VALUES (@Id, @RegionId, @MatchedBy, @Pseudonym, @MemberContacts, @ParticipationContacts, @CommitteeDelegates,
                @AttendanceDelegates, @ChangeRecords, @StoredResponses, @ErasedBy, @ErasedAt)
            """);

        public const string Columns =
            "Id, RegionId, MatchedBy, Pseudonym, MemberContacts, ParticipationContacts, CommitteeDelegates, AttendanceDelegates, ChangeRecords, StoredResponses, ErasedBy, ErasedAt";
    }
}
