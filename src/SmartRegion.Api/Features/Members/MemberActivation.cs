using SmartRegion.Api.Auth;
using SmartRegion.Api.Data;
using SmartRegion.Api.Domain;
using SmartRegion.Api.Http;

namespace SmartRegion.Api.Features.Members;

/// <summary>The one write behind the deactivate and reactivate commands: rule check, versioned update, change entry.</summary>
internal static class MemberActivation
{
    public static async Task<MemberResponse> ChangeAsync(
        SmartRegionDb db, Clock clock, ApiKeyStore keys, HttpContext http, string slug, string ags, bool activate, CancellationToken ct)
    {
        var expectedVersion = Preconditions.RequireIfMatch(http);
        var caller = Caller.From(http.User);
        var now = clock.Now();
        var updated = await db.InTransactionAsync(
            async session =>
            {
                var (region, member) = await MemberAccess.RequireAsync(session, slug, ags, caller);
                Preconditions.EnsureCurrent(expectedVersion, member.Version);
                if (activate)
                {
                    MemberRules.EnsureCanReactivate(member);
                }
                else
                {
                    MemberRules.EnsureCanDeactivate(member);
                }

                var row = member with { IsActive = activate, DeactivatedAt = activate ? null : now, Version = member.Version + 1, UpdatedAt = now };
                var changed = await session.ExecuteAsync(
                    MembersSql.SetActive, new { row.Id, row.IsActive, row.DeactivatedAt, row.UpdatedAt, ExpectedVersion = member.Version });
                if (changed == 0)
                {
                    throw Preconditions.StaleVersion();
                }

                await ChangeLog.RecordAsync(session, new ChangeEntry(region.Id, "member", member.Ags, activate ? "reactivated" : "deactivated", caller.Actor, now, Version: row.Version));
                // A deactivated member's keys stop working with the next request (see ApiKeyStore's cache).
                session.AfterCommit(keys.ForgetCached);
                return row;
            },
            ct);

        var response = MemberResponse.From(updated);
        http.Response.Headers.ETag = response.ETag();
        return response;
    }
}
