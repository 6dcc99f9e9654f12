using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using SmartRegion.Api.Http;

namespace SmartRegion.Api.Auth;

/// <summary>Settings of the <c>Auth</c> section.</summary>
public sealed class AuthOptions
{
    public const string Section = "Auth";

    /// <summary>The shortest bootstrap key accepted: it grants admin rights, so it must not be guessable.</summary>
    public const int BootstrapAdminKeyMinLength = 32;

    /// <summary>
    /// An admin key accepted without a database row, to create the first regions and keys; refused once an active
    /// admin key is stored.
    /// </summary>
    public string? BootstrapAdminKey { get; set; }

    /// <summary>
    /// How long (seconds, real time) a found API key is used from memory before the database is asked again: 0–29,
    /// 0 switches the cache off. Bounds how long a revocation or deactivation made on another instance takes to
    /// reach this one; one made through this instance holds from its very next request, and expiry is always
    /// checked against the clock.
    /// </summary>
    public int ApiKeyCacheSeconds { get; set; } = 10;
}

/// <summary>Authenticates <c>Authorization: ApiKey &lt;key&gt;</c> against the stored key hashes.</summary>
public sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    ApiKeyStore keys,
    IOptions<AuthOptions> authOptions,
    IProblemDetailsService problemDetails,
    PublicReadCallers publicReads)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiKey";
    private const string BootstrapSubject = "bootstrap-admin";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var header = Request.Headers.Authorization.ToString();
        if (!header.StartsWith(SchemeName + " ", StringComparison.OrdinalIgnoreCase))
        {
            // Without any credential, a GET that allows public reads of a public region is the region's public caller.
            return await publicReads.ForAsync(Context, SchemeName) is { } publicCaller
                ? AuthenticateResult.Success(new AuthenticationTicket(publicCaller, SchemeName))
                : AuthenticateResult.NoResult();
        }

        var key = header[(SchemeName.Length + 1)..].Trim();
        if (key.Length is 0 or > 200)
        {
            return AuthenticateResult.Fail("Malformed API key.");
        }

        if (IsBootstrapAdmin(key))
        {
            if (await keys.ActiveAdminExistsAsync(Context.RequestAborted))
            {
                Logger.LogWarning(
                    "The bootstrap admin key was refused because an active admin key exists; remove Auth:BootstrapAdminKey from the configuration");
                return AuthenticateResult.Fail("The bootstrap admin key is no longer accepted.");
            }

            return Success(BootstrapSubject, RoleNames.Admin, regionId: null, ags: null);
        }

        var stored = await keys.FindActiveAsync(key, Context.RequestAborted);
        return stored is null
            ? AuthenticateResult.Fail("Unknown or revoked API key.")
            : Success($"apikey:{stored.Id}", stored.Role, stored.RegionId, stored.Ags);
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.WWWAuthenticate = $"{SchemeName} realm=\"SmartRegion\"";
        await WriteProblemAsync(StatusCodes.Status401Unauthorized, ProblemTypes.Unauthorized, "Unauthorized",
            "Send a valid credential: Authorization: ApiKey <key>.");
    }

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) =>
        WriteProblemAsync(StatusCodes.Status403Forbidden, ProblemTypes.Forbidden, "Forbidden",
            "Your credential's role does not allow this operation.");

    private Task WriteProblemAsync(int status, string type, string title, string detail)
    {
        Response.StatusCode = status;
        return problemDetails.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = Context,
            ProblemDetails = { Status = status, Type = type, Title = title, Detail = detail },
        }).AsTask();
    }

    private bool IsBootstrapAdmin(string key)
    {
        var configured = authOptions.Value.BootstrapAdminKey;
        return !string.IsNullOrEmpty(configured)
            && CryptographicOperations.FixedTimeEquals(
                SHA256.HashData(Encoding.UTF8.GetBytes(configured)),
                SHA256.HashData(Encoding.UTF8.GetBytes(key)));
    }

    private static AuthenticateResult Success(string subject, string role, Guid? regionId, string? ags)
    {
        var claims = new List<Claim> { new(ClaimTypes.NameIdentifier, subject), new(ClaimTypes.Role, role) };
        if (regionId is not null)
        {
            claims.Add(new Claim(Caller.RegionClaim, regionId.Value.ToString()));
        }

        if (ags is not null)
        {
            claims.Add(new Claim(Caller.AgsClaim, ags));
        }

        var principal = new ClaimsPrincipal(new ClaimsIdentity(claims, SchemeName));
        return AuthenticateResult.Success(new AuthenticationTicket(principal, SchemeName));
    }
}
