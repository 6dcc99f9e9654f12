using FastEndpoints;
using FluentValidation;
using SmartRegion.Api.Auth;
using SmartRegion.Api.Data;
using SmartRegion.Api.Domain;
using SmartRegion.Api.Features.Regions;
using SmartRegion.Api.Http;

namespace SmartRegion.Api.Features.ApiKeys;

/// <summary>
/// Creates an API key of any role (admin only); the secret is in the response once and stored only as its hash. The
/// key works from the next request on. Admin keys name no region; every other key names one, member keys also their
/// AGS. Not idempotent on purpose: a stored replay would keep the secret in the database (an
/// <c>Idempotency-Key</c> is refused with 400).
/// </summary>
public sealed record CreateApiKeyRequest : IHasExample<CreateApiKeyRequest>
{
    public const string Route = "/api/v1/api-keys";

    public ApiKeyRole? Role { get; set; }

    /// <summary>The region's slug; required for every role but admin.</summary>
    public string? Region { get; set; }

    /// <summary>The member's AGS; required for member keys, refused for the others.</summary>
    public string? Ags { get; set; }

    /// <summary>What the key is for, e.g. the system that uses it; at most 200 characters.</summary>
    public string Label { get; set; } = string.Empty;

    /// <summary>When the key stops working (ISO 8601, in the future); none: until revoked.</summary>
    public DateTimeOffset? ExpiresAt { get; set; }

    public static CreateApiKeyRequest Example => new()
    {
        Role = ApiKeyRole.Coordinator,
        Region = "kreis-warendorf",
        Label = "Geschäftsstelle Smart Region, Kreis Warendorf",
        ExpiresAt = new DateTimeOffset(2027, 12, 31, 23, 0, 0, TimeSpan.Zero),
    };

    public static string BuildRoute() => Route;
}

/// <summary>
/// Creates a member or reader key of the region (its coordinator, or an admin, who may also create coordinator
/// keys); the secret is in the response once. Not idempotent on purpose, like <c>createApiKey</c>.
/// </summary>
public sealed record CreateRegionApiKeyRequest : IHasExample<CreateRegionApiKeyRequest>
{
    public const string Route = "/api/v1/regions/{slug}/api-keys";

    public string Slug { get; set; } = string.Empty;

    /// <summary><c>member</c> or <c>reader</c>; <c>coordinator</c> for admins only; never <c>admin</c>.</summary>
    public ApiKeyRole? Role { get; set; }

    /// <summary>The member's AGS; required for member keys, refused for the others.</summary>
    public string? Ags { get; set; }

    /// <summary>What the key is for, e.g. the system that uses it; at most 200 characters.</summary>
    public string Label { get; set; } = string.Empty;

    /// <summary>When the key stops working (ISO 8601, in the future); none: until revoked.</summary>
    public DateTimeOffset? ExpiresAt { get; set; }

    public static CreateRegionApiKeyRequest Example => new()
    {
        Role = ApiKeyRole.Member,
        Ags = "05570004",
        Label = "Ratsinformationssystem Stadt Ahlen",
        ExpiresAt = new DateTimeOffset(2027, 6, 30, 22, 0, 0, TimeSpan.Zero),
    };

    public static string BuildRoute(string slug) => $"/api/v1/regions/{Uri.EscapeDataString(slug)}/api-keys";
}

public sealed class CreateApiKeyValidator : Validator<CreateApiKeyRequest>
{
    public CreateApiKeyValidator()
    {
        RuleFor(r => r.Role).NotNull();
        RuleFor(r => r.Label).NotEmpty().MaximumLength(ApiKeyAccess.LabelMaxLength);
        RuleFor(r => r.Region).Null().When(r => r.Role == ApiKeyRole.Admin)
            .WithMessage("An admin key is not bound to a region.", "Ein Admin-Schlüssel ist an keine Region gebunden.");
        RuleFor(r => r.Region).NotEmpty().When(r => r.Role is not null and not ApiKeyRole.Admin)
            .WithMessage("Name the key's region.", "Die Region des Schlüssels fehlt.");
        ApiKeyAgsRules.AddTo(this, r => r.Role, r => r.Ags);
    }
}

public sealed class CreateRegionApiKeyValidator : Validator<CreateRegionApiKeyRequest>
{
    public CreateRegionApiKeyValidator()
    {
        RuleFor(r => r.Role).NotNull().NotEqual(ApiKeyRole.Admin)
            .WithMessage("A region's key is a coordinator, member or reader key; admin keys are created at /api/v1/api-keys.",
                "Ein Schlüssel der Region ist ein Koordinations-, Mitglieds- oder Leseschlüssel; Admin-Schlüssel entstehen unter /api/v1/api-keys.");
        RuleFor(r => r.Label).NotEmpty().MaximumLength(ApiKeyAccess.LabelMaxLength);
        ApiKeyAgsRules.AddTo(this, r => r.Role, r => r.Ags);
    }
}

/// <summary>Member keys carry a well-formed AGS, all others none.</summary>
internal static class ApiKeyAgsRules
{
    public static void AddTo<T>(AbstractValidator<T> validator, Func<T, ApiKeyRole?> roleOf, System.Linq.Expressions.Expression<Func<T, string?>> ags)
    {
        validator.RuleFor(ags).Must(Domain.Ags.IsWellFormed).When(r => roleOf(r) == ApiKeyRole.Member)
            .WithMessage("A member key needs the member's 8-digit AGS.", "Ein Mitgliedsschlüssel braucht den achtstelligen AGS des Mitglieds.");
        validator.RuleFor(ags).Null().When(r => roleOf(r) is not null and not ApiKeyRole.Member)
            .WithMessage("Only member keys carry an AGS.", "Nur Mitgliedsschlüssel tragen einen AGS.");
    }
}

public sealed class CreateApiKeyEndpoint(ApiKeyStore keys, Clock clock) : Endpoint<CreateApiKeyRequest, CreatedApiKeyResponse>
{
    public override void Configure()
    {
        Post(CreateApiKeyRequest.Route);
        Roles(RoleNames.Admin);
        Description(
            b => b.WithName("createApiKey").WithSummary("Create an API key of any role").WithTags("API keys")
                .JsonBody<CreateApiKeyRequest>()
                .ReturnsJson<CreatedApiKeyResponse>(StatusCodes.Status201Created)
                .RefusesIdempotencyKey(),
            clearDefaults: true);
    }

    public override async Task HandleAsync(CreateApiKeyRequest request, CancellationToken ct)
    {
        if (request.ExpiresAt <= clock.Now())
        {
            ThrowError(r => r.ExpiresAt, ApiKeyCreation.ExpiryInThePast);
        }

        var created = await ApiKeyCreation.CreateAsync(keys, request.Role!.Value, request.Region, request.Ags, request.Label, request.ExpiresAt, Caller.From(User).Actor, ct);
        await Send.ResponseAsync(CreatedApiKeyResponse.From(created), StatusCodes.Status201Created, ct);
    }
}

public sealed class CreateRegionApiKeyEndpoint(SmartRegionDb db, ApiKeyStore keys, Clock clock) : Endpoint<CreateRegionApiKeyRequest, CreatedApiKeyResponse>
{
    public override void Configure()
    {
        Post(CreateRegionApiKeyRequest.Route);
        Roles(RoleNames.Admin, RoleNames.Coordinator);
        Description(
            b => b.WithName("createRegionApiKey").WithSummary("Create a member or reader key of a region").WithTags("API keys")
                .JsonBody<CreateRegionApiKeyRequest>()
                .ReturnsJson<CreatedApiKeyResponse>(StatusCodes.Status201Created)
                .RefusesIdempotencyKey(),
            clearDefaults: true);
    }

    public override async Task HandleAsync(CreateRegionApiKeyRequest request, CancellationToken ct)
    {
        var caller = Caller.From(User);
        await using (var session = await db.OpenAsync(ct))
        {
            await RegionAccess.RequireVisibleAsync(session, request.Slug, caller);
        }

        if (request.ExpiresAt <= clock.Now())
        {
            ThrowError(r => r.ExpiresAt, ApiKeyCreation.ExpiryInThePast);
        }

        var role = EnumText.ToText(request.Role!.Value);
        if (caller.IsCoordinator && !ApiKeyAccess.CoordinatorMayManage(role))
        {
            throw ApiProblemException.Forbidden("A coordinator creates member and reader keys of its region only.");
        }

        var created = await ApiKeyCreation.CreateAsync(keys, request.Role.Value, request.Slug, request.Ags, request.Label, request.ExpiresAt, caller.Actor, ct);
        await Send.ResponseAsync(CreatedApiKeyResponse.From(created), StatusCodes.Status201Created, ct);
    }
}

/// <summary>The use case behind both create endpoints: the store's refusals (unknown region or member) as 400.</summary>
internal static class ApiKeyCreation
{
    public static string ExpiryInThePast => Localized.Text("The expiry must be in the future.", "Das Ablaufdatum muss in der Zukunft liegen.");

    public static async Task<CreatedApiKey> CreateAsync(
        ApiKeyStore keys, ApiKeyRole role, string? region, string? ags, string label, DateTimeOffset? expiresAt, string actor, CancellationToken ct)
    {
        try
        {
            return await keys.CreateAsync(EnumText.ToText(role), region, ags, label, expiresAt, actor, ct);
        }
        catch (ArgumentException ex)
        {
            throw ApiProblemException.Invalid(ex.Message);
        }
    }
}
