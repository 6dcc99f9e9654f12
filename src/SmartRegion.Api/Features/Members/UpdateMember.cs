using FastEndpoints;
using FluentValidation;
using SmartRegion.Api.Auth;
using SmartRegion.Api.Data;
using SmartRegion.Api.Domain;
using SmartRegion.Api.Http;

namespace SmartRegion.Api.Features.Members;

/// <summary>
/// Replaces a member's name, population and contact (admin, or the region's coordinator). Kind and AGS are fixed
/// for life: URLs, credentials and history refer to them.
/// </summary>
public sealed record UpdateMemberRequest : IHasExample<UpdateMemberRequest>
{
    public const string Route = "/api/v1/regions/{slug}/members/{ags}";

    public string Slug { get; set; } = string.Empty;

    public string Ags { get; set; } = string.Empty;

    public string Name { get; set; } = string.Empty;

    public int? Population { get; set; }

    /// <summary>The whole contact; null (or omitted) removes it.</summary>
    public MemberContactInput? Contact { get; set; }

    public static UpdateMemberRequest Example => new()
    {
        Name = "Stadt Ahlen",
        Population = 52_937,
        Contact = MemberContactInput.Example,
    };

    public static string BuildRoute(string slug, string ags) => GetMemberRequest.BuildRoute(slug, ags);
}

public sealed class UpdateMemberValidator : Validator<UpdateMemberRequest>
{
    public UpdateMemberValidator()
    {
        RuleFor(r => r.Name).NotEmpty().MaximumLength(MemberRules.NameMaxLength);
        RuleFor(r => r.Population).GreaterThanOrEqualTo(0);
        RuleFor(r => r.Contact!).SetValidator(new MemberContactRules());
    }
}

public sealed class UpdateMemberEndpoint(SmartRegionDb db, Clock clock) : Endpoint<UpdateMemberRequest, MemberResponse>
{
    public override void Configure()
    {
        Put(UpdateMemberRequest.Route);
        Roles(RoleNames.Admin, RoleNames.Coordinator);
        Description(
            b => b.WithName("updateMember").WithSummary("Update a member's name, population and contact").WithTags("Members")
                .JsonBody<UpdateMemberRequest>()
                .Returns<MemberResponse>()
                .RequiresIfMatch(),
            clearDefaults: true);
    }

    public override async Task HandleAsync(UpdateMemberRequest request, CancellationToken ct)
    {
        var expectedVersion = Preconditions.RequireIfMatch(HttpContext);
        var caller = Caller.From(User);
        var now = clock.Now();
        var updated = await db.InTransactionAsync(
            async session =>
            {
                var (region, member) = await MemberAccess.RequireAsync(session, request.Slug, request.Ags, caller);
                Preconditions.EnsureCurrent(expectedVersion, member.Version);
                var row = member with
                {
                    Name = request.Name,
                    Population = request.Population,
                    ContactName = request.Contact?.Name,
                    ContactEmail = request.Contact?.Email,
                    ContactPhone = request.Contact?.Phone,
                    Version = member.Version + 1,
                    UpdatedAt = now,
                };
                if (await session.ExecuteAsync(Sql.Update, new
                {
                    row.Id,
                    row.Name,
                    row.Population,
                    row.ContactName,
                    row.ContactEmail,
                    row.ContactPhone,
                    row.UpdatedAt,
                    ExpectedVersion = member.Version,
                }) == 0)
                {
                    throw Preconditions.StaleVersion();
                }

                await ChangeLog.RecordAsync(session, new ChangeEntry(region.Id, "member", member.Ags, "updated", caller.Actor, now,
                    new { changed = ChangedFields(member, row) }, row.Version));
                return row;
            },
            ct);

        var response = MemberResponse.From(updated);
        HttpContext.Response.Headers.ETag = response.ETag();
        await Send.OkAsync(response, ct);
    }

    private static string[] ChangedFields(MemberRow before, MemberRow after) =>
        new[]
        {
            ("name", before.Name != after.Name),
            ("population", before.Population != after.Population),
            ("contact.name", before.ContactName != after.ContactName),
            ("contact.email", before.ContactEmail != after.ContactEmail),
            ("contact.phone", before.ContactPhone != after.ContactPhone),
        }
            .Where(field => field.Item2).Select(field => field.Item1).ToArray();

    internal static class Sql
    {
        public static readonly SqlStatement Update = SqlStatement.Shared("""
            UPDATE Members
            SET Name = @Name, Population = @Population,
                ContactName = @ContactName, ContactEmail = @ContactEmail, ContactPhone = @ContactPhone,
                Version = Version + 1, UpdatedAt = @UpdatedAt
            WHERE Id = @Id AND Version = @ExpectedVersion
            """);
    }
}
